/*
 * Host user copies: "user" memory is the test's own, so a copy is a
 * memcpy, but the range check is the kernel's (access_ok), so a pointer
 * into the kernel half still yields -EFAULT. A range the test marks as
 * unmapped faults in the copy itself, as a user page never mapped does
 * after access_ok has passed it.
 */
#include <kernel/uaccess.h>
#include "shim.h"
#include <errno.h>
#include <string.h>

static const char *unmapped;
static size_t unmapped_len;

void shim_user_unmap(const void *p, size_t n)
{
	unmapped = p;
	unmapped_len = n;
}

/* How many bytes from p on can be copied before the first that faults. */
static size_t user_copyable(const void *p, size_t n)
{
	const char *c = p;

	if (!access_ok(p, n))
		return 0;
	if (n && unmapped_len && c < unmapped + unmapped_len && c + n > unmapped)
		return c < unmapped ? (size_t)(unmapped - c) : 0;
	return n;
}

size_t raw_copy_from_user(void *dst, const void __user *src, size_t n)
{
	size_t ok = user_copyable(src, n);

	memcpy(dst, src, ok);
	return n - ok;
}

size_t raw_copy_to_user(void __user *dst, const void *src, size_t n)
{
	size_t ok = user_copyable(dst, n);

	memcpy(dst, src, ok);
	return n - ok;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	return raw_copy_from_user(dst, src, n) ? -EFAULT : 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	return raw_copy_to_user(dst, src, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char __user *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!access_ok(src + i, 1))
			return -EFAULT;
		dst[i] = src[i];
		if (!dst[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}
