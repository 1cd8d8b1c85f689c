/* fcntl.c - open(2), fcntl(2) and ioctl(2): variadic in C, longs to the kernel. */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>

#include "syscall.h"

/* Every command Skiff knows takes an int or nothing; a long covers both. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(__syscall3(__NR_fcntl, fd, cmd, arg));
}

/* The third argument is a pointer (struct ifreq, rtentry, int) for all. */
int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	return __syscall_ret(__syscall3(__NR_ioctl, fd, request, (long)arg));
}

/* Skiff's names are absolute /proc and /dev paths; mode is for O_CREAT, unused. */
int open(const char *path, int flags, ...)
{
	return __syscall_ret(__syscall3(__NR_open, (long)path, flags, 0));
}
