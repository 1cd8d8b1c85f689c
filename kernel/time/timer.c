/*
 * Kernel timers on a hashed timing wheel (Varghese & Lauck, "Hashed and
 * Hierarchical Timing Wheels", 1987): a timer lives in slot
 * expires % WHEEL_SIZE, so arming and deleting are O(1). Each tick looks at
 * one slot; a timer whose expiry is a later turn of the wheel stays put.
 * Expired timers run in the TIMER softirq, never in hard-IRQ context.
 */
#include <kernel/timer.h>
#include <kernel/softirq.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <kernel/ratelimit.h>
#include <kernel/ksyms.h>
#include <kernel/selftest.h>
#include <kernel/sched.h>

#define WHEEL_BITS	10
#define WHEEL_SIZE	(1U << WHEEL_BITS)
#define WHEEL_MASK	(WHEEL_SIZE - 1)

static struct list_head wheel[WHEEL_SIZE];
static u64 wheel_clk;		/* every slot up to this jiffy has been run */
static u32 nr_pending;
static DEFINE_SPINLOCK(timer_lock);

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), u32 flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->expires = 0;
}

static void __del_timer(struct timer_list *t)
{
	list_del_init(&t->entry);
	nr_pending--;
}

int mod_timer(struct timer_list *t, u64 expires)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(t);
	if (was_pending)
		__del_timer(t);
	/* A timer already due goes in the next slot to be run, not a past one. */
	if (time_before_eq(expires, wheel_clk))
		expires = wheel_clk + 1;
	t->expires = expires;
	list_add_tail(&t->entry, &wheel[expires & WHEEL_MASK]);
	nr_pending++;
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

int del_timer(struct timer_list *t)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(t);
	if (was_pending)
		__del_timer(t);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

u32 timers_pending_count(void)
{
	return nr_pending;
}

/*
 * From the tick, in hard-IRQ context: is any slot not yet run busy? A late
 * tick can find jiffies several steps on, so every slot since the last
 * run is looked at (usually one), not just the current one.
 */
void timer_tick(void)
{
	u64 now = jiffies, j;

	if (!nr_pending)
		return;
	if (time_after(now, wheel_clk + WHEEL_SIZE / 2)) {
		raise_softirq_irqoff(TIMER_SOFTIRQ);	/* keep wheel_clk close */
		return;
	}
	for (j = wheel_clk + 1; time_before_eq(j, now); j++) {
		if (!list_empty(&wheel[j & WHEEL_MASK])) {
			raise_softirq_irqoff(TIMER_SOFTIRQ);
			return;
		}
	}
}

/* debug=timer reports a timer that ran this many jiffies (ms) after it was due. */
#define TIMER_LATE_JIFFIES	10

/* debug=timer: which timer ran late, and by how much (a busy softirq, a stalled tick). */
static void timer_trace_late(const struct timer_list *t, u64 now)
{
	const char *fn = ksym_lookup((u64)t->function, NULL, NULL);

	pr_trace_ratelimited(TRACE_TIMER, "timer: %s ran %llu ms late\n",
			     fn ? fn : "?", (unsigned long long)jiffies_to_msecs(now - t->expires));
}

/* Run one slot's due timers; the lock is dropped around each callback. */
static void run_slot(struct list_head *slot, u64 now, unsigned long *flags)
{
	struct list_head due;

	INIT_LIST_HEAD(&due);
	while (!list_empty(slot)) {
		struct timer_list *t = list_first_entry(slot, struct timer_list, entry);

		if (time_after(t->expires, now)) {
			/* A later turn of the wheel: look again next time round. */
			list_move_tail(&t->entry, &due);
			continue;
		}
		__del_timer(t);
		spin_unlock_irqrestore(&timer_lock, *flags);
		if (trace_on(TRACE_TIMER) && now - t->expires >= TIMER_LATE_JIFFIES)
			timer_trace_late(t, now);
		t->function(t);
		spin_lock_irqsave(&timer_lock, *flags);
	}
	while (!list_empty(&due))
		list_move_tail(due.next, slot);
}

void run_timers(u64 now)
{
	unsigned long flags;
	u64 steps;

	spin_lock_irqsave(&timer_lock, flags);
	steps = now - wheel_clk;
	/* After a long stall one full turn visits every slot once. */
	if (steps > WHEEL_SIZE)
		wheel_clk = now - WHEEL_SIZE;
	while (time_before(wheel_clk, now)) {
		wheel_clk++;
		run_slot(&wheel[wheel_clk & WHEEL_MASK], now, &flags);
	}
	spin_unlock_irqrestore(&timer_lock, flags);
}

static void timer_softirq(void)
{
	run_timers(jiffies);
}

void timers_init(void)
{
	for (unsigned int i = 0; i < WHEEL_SIZE; i++)
		INIT_LIST_HEAD(&wheel[i]);
	wheel_clk = jiffies;
	open_softirq(TIMER_SOFTIRQ, timer_softirq);
}

/*
 * Self-tests: timers fire in expiry order, never early, and del_timer works.
 * Timers are armed with bottom halves off, so that a preemption while
 * arming (a busy host under emulation) cannot let one fire before the
 * test has armed the rest; every timer is deleted before any check, so a
 * failing check never leaves one pending on the stack.
 */
struct st_timer {
	struct timer_list t;
	u64 fired_at;
	int order;
};

static int st_fire_seq;

static void st_timer_fn(struct timer_list *t)
{
	struct st_timer *s = from_timer(s, t, t);

	s->fired_at = jiffies;
	s->order = ++st_fire_seq;
}

SELFTEST(timers_fire_in_order_not_early)
{
	static const u64 delays[] = { 30, 5, 17, 1, 1100, 2 };
	struct st_timer ts[ARRAY_SIZE(delays)];
	u64 start = jiffies;
	int prev_order = 0;

	st_fire_seq = 0;
	local_bh_disable();
	for (size_t i = 0; i < ARRAY_SIZE(delays); i++) {
		timer_setup(&ts[i].t, st_timer_fn, 0);
		ts[i].fired_at = 0;
		ts[i].order = 0;
		mod_timer(&ts[i].t, start + delays[i]);
	}
	local_bh_enable();
	msleep(1300);
	for (size_t i = 0; i < ARRAY_SIZE(delays); i++)
		del_timer(&ts[i].t);
	/* Expected order by delay: 1, 2, 5, 17, 30, 1100 (the last crosses a wheel turn). */
	static const int by_delay[] = { 3, 5, 1, 2, 0, 4 };
	for (size_t k = 0; k < ARRAY_SIZE(by_delay); k++) {
		struct st_timer *s = &ts[by_delay[k]];

		ST_ASSERT(s->order != 0);
		ST_ASSERT(s->order > prev_order);
		ST_ASSERT(s->fired_at >= start + delays[by_delay[k]]);
		prev_order = s->order;
	}
}

/*
 * Arm, then delete before expiry. Bottom halves stay off in between: a
 * guest that loses the CPU past the delay (a loaded host) still cannot
 * run the timer softirq there, so the outcome does not depend on luck.
 */
SELFTEST(del_timer_cancels)
{
	struct st_timer s;
	int first, second;

	timer_setup(&s.t, st_timer_fn, 0);
	s.order = 0;
	local_bh_disable();
	mod_timer(&s.t, jiffies + 5);
	first = del_timer(&s.t);
	second = del_timer(&s.t);
	local_bh_enable();
	ST_EQ(first, 1);
	ST_EQ(second, 0);
	msleep(20);
	ST_EQ(s.order, 0);
	ST_ASSERT(!timer_pending(&s.t));
}

POST_SELFTEST(mod_timer_rearms_pending)
{
	struct st_timer s;
	u64 start = jiffies;
	int rearmed;

	timer_setup(&s.t, st_timer_fn, 0);
	s.fired_at = 0;
	s.order = 0;
	local_bh_disable();
	mod_timer(&s.t, start + 3);
	rearmed = mod_timer(&s.t, start + 40);
	local_bh_enable();
	msleep(60);
	del_timer(&s.t);
	ST_EQ(rearmed, 1);
	ST_ASSERT(s.order != 0);
	ST_ASSERT(s.fired_at >= start + 40);
}
