/*
 * copy_from_user and friends: check the range against the user half, then
 * copy with the fault-tolerant routines of usercopy.S. A page fault inside
 * them is resolved through the exception table (fixup_exception), so an
 * unmapped or kernel pointer from a service costs it -EFAULT, never the
 * kernel a fault.
 */
#include <kernel/uaccess.h>
#include <asm/ptrace.h>
#include <errno.h>

size_t __copy_user(void *dst, const void *src, size_t n);
size_t copy_user_erms(void *dst, const void *src, size_t n);
long __strncpy_user(char *dst, const char *src, size_t n);
extern size_t (*x86_copy_user_impl)(void *dst, const void *src, size_t n);

struct exception_table_entry {
	u64 insn, fixup;
};

extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

void copy_user_init(bool erms)
{
	if (erms)
		x86_copy_user_impl = copy_user_erms;
}

/* A range partly outside the user half is refused whole, as Linux's access_ok. */
size_t raw_copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!access_ok(src, n))
		return n;
	return __copy_user(dst, (const void *)src, n);
}

size_t raw_copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n))
		return n;
	return __copy_user((void *)dst, src, n);
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!access_ok(src, n))
		return -EFAULT;
	return __copy_user(dst, (const void *)src, n) ? -EFAULT : 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n))
		return -EFAULT;
	return __copy_user((void *)dst, src, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char __user *src, size_t n)
{
	long r;

	if (n == 0)
		return -ENAMETOOLONG;
	/* Only the part of the range that lies in the user half is tried. */
	if (!access_ok(src, 1))
		return -EFAULT;
	if (!access_ok(src, n))
		n = USER_TOP - (u64)src;
	r = __strncpy_user(dst, (const char *)src, n);
	if (r < 0)
		return -EFAULT;
	if ((size_t)r == n)
		return -ENAMETOOLONG;
	return r;
}

/* From the page fault handler: resume a faulting user copy at its fixup. */
bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __ex_table_start;
	     e < __ex_table_end; e++) {
		if (e->insn == regs->rip) {
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}
