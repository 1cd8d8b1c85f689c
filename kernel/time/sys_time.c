/* Time, sleeping, randomness and yielding, as system calls. */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/preempt.h>
#include <kernel/time.h>
#include <kernel/random.h>
#include <kernel/uaccess.h>
#include <sys/time.h>
#include <time.h>
#include <errno.h>

#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2
#define GETRANDOM_MAX	(32 * 1024 * 1024)

static int timespec_from_ns(struct timespec __user *uts, u64 ns)
{
	struct timespec ts = { .tv_sec = ns / NSEC_PER_SEC, .tv_nsec = ns % NSEC_PER_SEC };

	return copy_to_user(uts, &ts, sizeof(ts));
}

static u64 realtime_ns(void)
{
	return (ktime_get_real_seconds() * NSEC_PER_SEC) + ktime_get_ns() % NSEC_PER_SEC;
}

SYSCALL_DEFINE2(clock_gettime, clockid_t, clk, struct timespec __user *, ts)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return timespec_from_ns(ts, realtime_ns());
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return timespec_from_ns(ts, ktime_get_ns());
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_PROCESS_CPUTIME_ID:
		return timespec_from_ns(ts, current->runtime_ns +
					(ktime_get_ns() - current->last_switch_ns));
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(clock_getres, clockid_t, clk, struct timespec __user *, ts)
{
	if (clk < CLOCK_REALTIME || clk > CLOCK_BOOTTIME)
		return -EINVAL;
	return ts ? timespec_from_ns(ts, 1) : 0;
}

SYSCALL_DEFINE2(gettimeofday, struct timeval __user *, tv, void __user *, tz)
{
	u64 ns = realtime_ns();
	struct timeval v = { .tv_sec = ns / NSEC_PER_SEC,
			     .tv_usec = ns % NSEC_PER_SEC / NSEC_PER_USEC };

	return tv ? copy_to_user(tv, &v, sizeof(v)) : 0;
}

SYSCALL_DEFINE1(time, time_t __user *, t)
{
	time_t now = ktime_get_real_seconds();

	if (t && copy_to_user(t, &now, sizeof(now)))
		return -EFAULT;
	return now;
}

/* Sleep at least the requested time (jiffies are read from the clock). */
static long sleep_ns(u64 ns)
{
	u64 end = ktime_get_ns() + ns;

	while (ktime_get_ns() < end) {
		u64 left = end - ktime_get_ns();

		current->state = TASK_INTERRUPTIBLE;
		schedule_timeout(DIV_ROUND_UP(left, NSEC_PER_SEC / HZ) + 1);
	}
	return 0;
}

SYSCALL_DEFINE2(nanosleep, const struct timespec __user *, req, struct timespec __user *, rem)
{
	struct timespec ts;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	return sleep_ns((u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
}

SYSCALL_DEFINE4(clock_nanosleep, clockid_t, clk, int, flags,
		const struct timespec __user *, req, struct timespec __user *, rem)
{
	struct timespec ts;
	u64 ns, now;

	if (clk != CLOCK_MONOTONIC && clk != CLOCK_REALTIME && clk != CLOCK_BOOTTIME)
		return -EINVAL;
	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	ns = (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	if (flags & 1) {	/* TIMER_ABSTIME */
		now = clk == CLOCK_REALTIME ? realtime_ns() : ktime_get_ns();
		ns = ns > now ? ns - now : 0;
	}
	return sleep_ns(ns);
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

SYSCALL_DEFINE3(getrandom, void __user *, buf, size_t, len, unsigned int, flags)
{
	u8 chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM))
		return -EINVAL;
	len = min(len, (size_t)GETRANDOM_MAX);
	while (done < len) {
		size_t n = min(len - done, sizeof(chunk));

		get_random_bytes(chunk, n);
		if (copy_to_user((u8 __user *)buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
		/* Up to 32 MiB takes seconds: let the others run meanwhile
		 * (Linux's cond_resched() in get_random_bytes_user()). */
		if (need_resched_flag && preempt_count() == 0)
			preempt_schedule();
	}
	return done;
}
