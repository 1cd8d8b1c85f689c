/* time.c - clocks and sleeping as Linux x86-64 syscalls. */
#include <sys/random.h>
#include <sys/time.h>
#include <time.h>

#include "syscall.h"

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return __syscall_ret(__syscall2(__NR_clock_gettime, clk, (long)ts));
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return __syscall_ret(__syscall2(__NR_nanosleep, (long)req, (long)rem));
}

/* Through clock_gettime, so one kernel clock serves every call. */
time_t time(time_t *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -1;
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec ts;

	if (!tv)
		return 0;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -1;
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}

ssize_t getrandom(void *buf, size_t buflen, unsigned int flags)
{
	return __syscall_ret(__syscall3(__NR_getrandom, (long)buf, buflen,
					flags));
}
