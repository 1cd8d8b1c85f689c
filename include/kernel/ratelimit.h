/*
 * Rate limits for messages that a packet can cause (Linux's ratelimit):
 * at most 'burst' per interval, the rest counted and reported in one line
 * when the next interval begins, so a flood of bad packets under
 * debug=ip cannot turn into a flood on the console.
 */
#ifndef _KERNEL_RATELIMIT_H
#define _KERNEL_RATELIMIT_H

#include <kernel/printk.h>
#include <kernel/time.h>

struct ratelimit_state {
	u64 interval_ns;
	u32 burst;
	u32 printed;		/* in this interval */
	u32 missed;		/* in this interval, not yet reported */
	bool started;
	u64 begin;		/* ns the interval began */
};

#define RATELIMIT_STATE_INIT(interval_ms, burst_n)			\
	{ .interval_ns = (interval_ms) * NSEC_PER_MSEC, .burst = (burst_n) }

/* May a message go out now? 'what' names the suppressed ones when they are reported. */
static inline bool __ratelimit(struct ratelimit_state *rs, const char *what)
{
	u64 now = ktime_get_ns();

	if (!rs->started || now - rs->begin >= rs->interval_ns) {
		if (rs->missed)
			printk("%s: %u messages suppressed\n", what, rs->missed);
		rs->started = true;
		rs->begin = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->printed < rs->burst) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}

/* Trace messages per packet: at most 20 a second from each call site. */
#define TRACE_RATELIMIT_MS	1000
#define TRACE_RATELIMIT_BURST	20

#define pr_trace_ratelimited(flag, fmt, ...)				\
	do {								\
		static struct ratelimit_state __rs =			\
			RATELIMIT_STATE_INIT(TRACE_RATELIMIT_MS,	\
					     TRACE_RATELIMIT_BURST);	\
		if (trace_on(flag) && __ratelimit(&__rs, __func__))	\
			printk(fmt, ##__VA_ARGS__);			\
	} while (0)

#endif
