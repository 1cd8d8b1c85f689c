/*
 * Kernel timers in the style of Linux's timer_list. A timer fires once, in
 * the TIMER softirq (never in hard-IRQ context), no earlier than its
 * expiry in jiffies. Timers are kept in a hashed timing wheel so that
 * adding, re-arming and deleting are O(1), which is what TCP needs with
 * thousands of connections each re-arming its timers per segment.
 */
#ifndef _KERNEL_TIMER_H
#define _KERNEL_TIMER_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/time.h>

struct timer_list {
	struct list_head entry;		/* empty when not pending */
	u64 expires;			/* in jiffies */
	void (*function)(struct timer_list *t);
	u32 flags;
};

#define from_timer(var, timer, field) container_of(timer, __typeof__(*var), field)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *),
		 u32 flags);
/* Arm or re-arm; returns 1 if the timer was pending, 0 if not (as Linux). */
int mod_timer(struct timer_list *t, u64 expires);
/* Disarm; returns 1 if the timer was pending. */
int del_timer(struct timer_list *t);

static inline bool timer_pending(const struct timer_list *t)
{
	return !list_empty(&t->entry);
}

/* Called from the tick: raises TIMER_SOFTIRQ when a wheel slot is due. */
void timer_tick(void);
/* Run expired timers up to 'now' (jiffies); the TIMER softirq handler. */
void run_timers(u64 now);
void timers_init(void);
/* Number of pending timers, for stats. */
u32 timers_pending_count(void);

#endif
