/*
 * Access to user memory from the kernel. Every pointer a service passes is
 * checked against the user half of the address space and copied by a
 * routine whose faults are caught (an exception-table fixup), so a bad
 * pointer yields -EFAULT and never a kernel fault.
 */
#ifndef _KERNEL_UACCESS_H
#define _KERNEL_UACCESS_H

#include <kernel/types.h>

/* Marks a pointer that comes from user space (documentation, as Linux's sparse tag). */
#define __user

/* The user half ends below the non-canonical hole; the last page is kept
 * unmapped so a sysret to a non-canonical RIP cannot happen (Intel erratum). */
#define USER_TOP	0x00007ffffffff000UL

static inline bool access_ok(const void __user *p, size_t n)
{
	u64 a = (u64)p;

	return a <= USER_TOP && n <= USER_TOP - a;
}

/*
 * The number of bytes NOT copied: 0, or exactly how far a fault let the
 * copy get (as Linux's raw_copy_{from,to}_user). For copies that may end
 * short, such as a socket's data into a user buffer.
 */
size_t raw_copy_from_user(void *dst, const void __user *src, size_t n);
size_t raw_copy_to_user(void __user *dst, const void *src, size_t n);
/* Pick the copy routine for this CPU: the string instructions if ERMS. */
void copy_user_init(bool erms);

/* Both return 0, or -EFAULT when any byte could not be copied. */
int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);
/* Copy a NUL-terminated string of at most n-1 bytes; length, or -EFAULT / -ENAMETOOLONG. */
long strncpy_from_user(char *dst, const char __user *src, size_t n);

#define get_user(x, p) copy_from_user(&(x), (p), sizeof(*(p)))
#define put_user(x, p) ({ __typeof__(*(p)) __v = (x); copy_to_user((p), &__v, sizeof(__v)); })

#endif
