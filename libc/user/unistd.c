/* unistd.c - descriptor, process, sleep, log and reboot calls over the Linux syscalls. */
#include <errno.h>
#include <stdarg.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#include "brk.h"
#include "syscall.h"

ssize_t read(int fd, void *buf, size_t count)
{
	return __syscall_ret(__syscall3(__NR_read, fd, (long)buf, count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return __syscall_ret(__syscall3(__NR_write, fd, (long)buf, count));
}

int close(int fd)
{
	return __syscall_ret(__syscall1(__NR_close, fd));
}

off_t lseek(int fd, off_t offset, int whence)
{
	return __syscall_ret(__syscall3(__NR_lseek, fd, offset, whence));
}

int dup(int fd)
{
	return __syscall_ret(__syscall1(__NR_dup, fd));
}

int dup2(int oldfd, int newfd)
{
	return __syscall_ret(__syscall2(__NR_dup2, oldfd, newfd));
}

pid_t getpid(void)
{
	return __syscall0(__NR_getpid);
}

pid_t gettid(void)
{
	return __syscall0(__NR_gettid);
}

int sched_yield(void)
{
	return __syscall_ret(__syscall0(__NR_sched_yield));
}

/* POSIX: returns the unslept seconds when interrupted, else 0. */
unsigned int sleep(unsigned int seconds)
{
	struct timespec req = { .tv_sec = seconds }, rem = { 0 };

	if (nanosleep(&req, &rem) < 0)
		return rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

int usleep(useconds_t usec)
{
	struct timespec req = {
		.tv_sec = usec / 1000000,
		.tv_nsec = (long)(usec % 1000000) * 1000,
	};

	return nanosleep(&req, NULL);
}

int klogctl(int type, char *buf, int len)
{
	return __syscall_ret(__syscall3(__NR_syslog, type, (long)buf, len));
}

int reboot(int howto)
{
	return __syscall_ret(__syscall4(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
					howto, 0));
}

void _exit(int status)
{
	for (;;) {
		__syscall1(__NR_exit_group, status);
		__syscall1(__NR_exit, status);
	}
}

/* The heap's break belongs to malloc.c alone: no brk()/sbrk() for services. */
uintptr_t __sys_brk(uintptr_t addr)
{
	return (uintptr_t)__syscall1(__NR_brk, (long)addr);
}

/*
 * The variadic raw call: reads six longs whatever the caller passed, as
 * musl and glibc do; the kernel ignores the registers it does not use.
 */
long syscall(long number, ...)
{
	va_list ap;
	long a, b, c, d, e, f;

	va_start(ap, number);
	a = va_arg(ap, long);
	b = va_arg(ap, long);
	c = va_arg(ap, long);
	d = va_arg(ap, long);
	e = va_arg(ap, long);
	f = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(__syscall6(number, a, b, c, d, e, f));
}
