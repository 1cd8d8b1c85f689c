/*
 * The preemption counter, laid out as Linux's preempt_count: one word whose
 * fields say what context the CPU is in. Process context may be preempted
 * only while the whole word is zero.
 *
 *   bits  0-7   preemption disable depth (spinlocks)
 *   bits  8-15  softirq: bit 8 set while a softirq runs, +2*256 per
 *               local_bh_disable nesting level
 *   bits 16-19  hard interrupt nesting
 */
#ifndef _KERNEL_PREEMPT_H
#define _KERNEL_PREEMPT_H

#include <kernel/types.h>

#define PREEMPT_OFFSET		(1UL << 0)
#define SOFTIRQ_OFFSET		(1UL << 8)
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define HARDIRQ_OFFSET		(1UL << 16)

#define PREEMPT_MASK		0x000000ffUL
#define SOFTIRQ_MASK		0x0000ff00UL
#define HARDIRQ_MASK		0x000f0000UL

extern volatile unsigned long __preempt_count;
extern volatile bool need_resched_flag;

void preempt_schedule(void);

static inline unsigned long preempt_count(void)
{
	return __preempt_count;
}

#define in_irq()		(preempt_count() & HARDIRQ_MASK)
#define in_serving_softirq()	(preempt_count() & SOFTIRQ_OFFSET)
#define in_softirq()		(preempt_count() & SOFTIRQ_MASK)
#define in_interrupt()		(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK))
#define in_task()		(!in_interrupt())

static inline void preempt_count_add(unsigned long v)
{
	__preempt_count += v;
	__asm__ __volatile__("" ::: "memory");
}

static inline void preempt_count_sub(unsigned long v)
{
	__asm__ __volatile__("" ::: "memory");
	__preempt_count -= v;
}

static inline void preempt_disable(void)
{
	preempt_count_add(PREEMPT_OFFSET);
}

/* Re-enable preemption and, if the tick asked for a reschedule meanwhile,
 * take it now rather than at the next tick. */
static inline void preempt_enable(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
	if (unlikely(need_resched_flag) && preempt_count() == 0)
		preempt_schedule();
}

static inline void preempt_enable_no_resched(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
}

#endif
