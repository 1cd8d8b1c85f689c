/*
 * Softirqs, as Linux's kernel/softirq.c: a pending bitmask set from any
 * context and drained with interrupts enabled when the outermost interrupt
 * returns or when process context re-enables bottom halves. If work keeps
 * arriving (a packet flood), the drain stops after a bounded number of
 * rounds and the ksoftirqd thread takes over, so threads still get the CPU.
 */
#include <kernel/softirq.h>
#include <kernel/irq_internal.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <kernel/time.h>
#include <asm/io.h>

#define MAX_SOFTIRQ_RESTART	10
#define MAX_SOFTIRQ_TIME_NS	(2 * NSEC_PER_MSEC)

volatile unsigned long __preempt_count;
volatile bool need_resched_flag;

static volatile u32 softirq_pending;
static void (*softirq_vec[NR_SOFTIRQS])(void);
static struct softirq_stats stats;
static struct task_struct *ksoftirqd;

void open_softirq(int nr, void (*action)(void))
{
	softirq_vec[nr] = action;
}

static void wakeup_softirqd(void)
{
	if (ksoftirqd && ksoftirqd->state != TASK_RUNNING)
		wake_up_process(ksoftirqd);
}

void raise_softirq_irqoff(int nr)
{
	softirq_pending |= 1U << nr;
	/* Outside interrupt context nobody will drain it on the way out. */
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/* Called with interrupts disabled; returns with them disabled. */
static void __do_softirq(void)
{
	u64 end = ktime_get_ns() + MAX_SOFTIRQ_TIME_NS;
	int restart = MAX_SOFTIRQ_RESTART;
	u32 pending;

	preempt_count_add(SOFTIRQ_OFFSET);
	while ((pending = softirq_pending) != 0) {
		softirq_pending = 0;
		local_irq_enable();
		for (int nr = 0; nr < NR_SOFTIRQS; nr++) {
			if ((pending & (1U << nr)) && softirq_vec[nr]) {
				softirq_vec[nr]();
				stats.runs[nr]++;
			}
		}
		local_irq_disable();
		if (--restart == 0 || ktime_get_ns() > end)
			break;
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
	if (softirq_pending) {
		stats.deferred++;
		wakeup_softirqd();
	}
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (softirq_pending)
		__do_softirq();
	local_irq_restore(flags);
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

void local_bh_enable(void)
{
	BUG_ON(!(preempt_count() & SOFTIRQ_MASK));
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
	if (!in_interrupt() && softirq_pending)
		do_softirq();
	if (preempt_count() == 0 && need_resched_flag)
		preempt_schedule();
}

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && softirq_pending)
		__do_softirq();
}

void softirq_get_stats(struct softirq_stats *out)
{
	*out = stats;
}

static int ksoftirqd_fn(void *arg)
{
	for (;;) {
		local_irq_disable();
		if (!softirq_pending) {
			current->state = TASK_INTERRUPTIBLE;
			local_irq_enable();
			schedule();
			continue;
		}
		local_irq_enable();
		do_softirq();
		yield();
	}
	return 0;
}

void softirq_init(void)
{
	ksoftirqd = kthread_run(ksoftirqd_fn, NULL, "ksoftirqd");
	if (!ksoftirqd)
		panic("softirq: cannot start ksoftirqd");
}

static volatile int st_softirq_runs;

static void st_timer_softirq_probe(struct timer_list *t)
{
	/* Timers run from the TIMER softirq: we must be in softirq context. */
	if (in_serving_softirq() && !in_irq())
		st_softirq_runs++;
}

SELFTEST(softirq_runs_on_irq_exit_and_bh_enable)
{
	struct timer_list t;
	u64 start = jiffies;

	st_softirq_runs = 0;
	timer_setup(&t, st_timer_softirq_probe, 0);
	mod_timer(&t, jiffies + 2);
	while (!st_softirq_runs && jiffies < start + 1000)
		cpu_relax();
	del_timer(&t);
	ST_EQ(st_softirq_runs, 1);

	/* Raised inside a bh-disabled section, it runs at local_bh_enable. */
	u64 before = stats.runs[TIMER_SOFTIRQ];
	local_bh_disable();
	raise_softirq(TIMER_SOFTIRQ);
	ST_EQ(stats.runs[TIMER_SOFTIRQ], before);
	local_bh_enable();
	ST_ASSERT(stats.runs[TIMER_SOFTIRQ] > before);
}
