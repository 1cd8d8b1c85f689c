/* errno.c - errno for services: one thread per service, so one plain int. */
#include <errno.h>

#include "syscall.h"

int errno_value;

/* Overrides the weak default in libc/errno.c (this object is always linked:
 * every system call wrapper reaches errno_value through __syscall_ret). */
int *__errno_location(void)
{
	return &errno_value;
}

long __syscall_ret(long r)
{
	if (r < 0 && r >= -4095) {
		errno_value = (int)-r;
		return -1;
	}
	return r;
}
