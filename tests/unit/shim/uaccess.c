/*
 * Host user copies: "user" memory is the test's own, so a copy is a
 * memcpy, but the range check is the kernel's (access_ok), so a pointer
 * into the kernel half still yields -EFAULT.
 */
#include <kernel/uaccess.h>
#include <errno.h>
#include <string.h>

size_t raw_copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!access_ok(src, n))
		return n;
	memcpy(dst, src, n);
	return 0;
}

size_t raw_copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n))
		return n;
	memcpy(dst, src, n);
	return 0;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!access_ok(src, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
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
