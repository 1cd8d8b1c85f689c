/*
 * Threads and a preemptive round-robin scheduler for one CPU.
 *
 * The running thread is 'current' and is not on the run queue; runnable
 * threads wait on it in FIFO order. The tick charges a time slice and asks
 * for a reschedule when it runs out; preemption then happens on the way
 * out of the interrupt (or at preempt_enable), never inside a spinlock or
 * a bottom-half-disabled section. When nothing is runnable the idle thread
 * (the boot flow) halts the CPU until the next interrupt.
 */
#include <kernel/sched.h>
#include <kernel/preempt.h>
#include <kernel/watchdog.h>
#include <kernel/irq_internal.h>
#include <kernel/spinlock.h>
#include <kernel/slab.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <kernel/selftest.h>
#include <kernel/wait.h>
#include <kernel/mutex.h>
#include <kernel/process_internal.h>
#include <asm/desc.h>
#include <asm/special_insns.h>
#include <string.h>

#define TIMESLICE_TICKS	10

extern char boot_stack_bottom[], boot_stack_top[];
void switch_to(u64 *prev_rsp, u64 next_rsp);
void kthread_entry(void);

struct task_struct *current;
u64 cpu_kernel_rsp;
u64 syscall_user_rsp;		/* scratch for entry_SYSCALL_64 (one CPU) */
static struct task_struct idle_task;
static LIST_HEAD(run_queue);
static LIST_HEAD(all_tasks);
static LIST_HEAD(dead_tasks);
static int next_tid = 1;
static unsigned int slice_left = TIMESLICE_TICKS;
static u32 task_count;

/* Kernel threads run on whatever tables are loaded (the kernel half is
 * the same in all of them), which saves a TLB flush per switch. */
static void switch_mm(struct task_struct *next)
{
	if (next->pml4_pa && next->pml4_pa != read_cr3())
		write_cr3(next->pml4_pa);
}

bool is_idle_task(const struct task_struct *t)
{
	return t == &idle_task;
}

static void enqueue(struct task_struct *t)
{
	if (t->on_rq || t == &idle_task)
		return;
	list_add_tail(&t->run_list, &run_queue);
	t->on_rq = true;
}

/*
 * Pick the next thread and switch to it; interrupts must be disabled.
 * A voluntary switch leaves a thread that is going to sleep off the run
 * queue. A preemption keeps it runnable whatever its state: it may have been
 * caught between prepare_to_wait() and testing its condition, and must get
 * the chance to see the condition true (Linux's SM_PREEMPT).
 */
static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	u64 now = ktime_get_ns();

	BUG_ON(!irqs_disabled());
	need_resched_flag = false;
	if (prev->state == TASK_RUNNING || (preempt && prev->state != TASK_DEAD))
		enqueue(prev);
	if (list_empty(&run_queue)) {
		next = &idle_task;
	} else {
		next = list_first_entry(&run_queue, struct task_struct, run_list);
		list_del_init(&next->run_list);
		next->on_rq = false;
	}
	slice_left = TIMESLICE_TICKS;
	softlockup_touch(now);
	if (next == prev)
		return;
	prev->runtime_ns += now - prev->last_switch_ns;
	next->last_switch_ns = now;
	next->switches++;
	current = next;
	cpu_kernel_rsp = (u64)next->stack + next->stack_size;
	tss_set_rsp0(cpu_kernel_rsp);
	switch_mm(next);
	fpu_switch_to(next);
	switch_to(&prev->rsp, next->rsp);
}

void schedule(void)
{
	unsigned long flags;

	if (preempt_count())
		panic("scheduling while atomic (preempt_count %#lx) in %s",
		      preempt_count(), current->name);
	local_irq_save(flags);
	__schedule(false);
	local_irq_restore(flags);
}

void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled())
		return;
	local_irq_disable();
	__schedule(true);
	local_irq_enable();
}

void preempt_schedule_irq(void)
{
	while (need_resched_flag)
		__schedule(true);
}

void yield(void)
{
	schedule();
}

void wake_up_process(struct task_struct *t)
{
	unsigned long flags;

	local_irq_save(flags);
	if (t->state == TASK_INTERRUPTIBLE) {
		t->state = TASK_RUNNING;
		if (t != current) {
			enqueue(t);
			if (current == &idle_task)
				need_resched_flag = true;
		}
	}
	local_irq_restore(flags);
}

void scheduler_tick(void)
{
	if (current == &idle_task) {
		if (!list_empty(&run_queue))
			need_resched_flag = true;
		return;
	}
	/*
	 * A used-up slice stays used up: a thread that ran it out alone is
	 * preempted at the first tick that finds another runnable (a wakeup
	 * does not preempt a running thread; only the idle one).
	 */
	if (slice_left)
		slice_left--;
	if (!slice_left && !list_empty(&run_queue))
		need_resched_flag = true;
}

static void sleep_timeout(struct timer_list *t)
{
	wake_up_process(container_of(t, struct task_struct, sleep_timer));
}

u64 schedule_timeout(u64 timeout)
{
	u64 expire = jiffies + timeout;

	mod_timer(&current->sleep_timer, expire);
	schedule();
	del_timer(&current->sleep_timer);
	return time_after(expire, jiffies) ? expire - jiffies : 0;
}

void msleep(u64 ms)
{
	u64 timeout = msecs_to_jiffies(ms) + 1;	/* +1: never return early */

	while (timeout) {
		current->state = TASK_INTERRUPTIBLE;
		timeout = schedule_timeout(timeout);
	}
}

void kthread_start(void)
{
	/* First run: switched to from __schedule with interrupts disabled. */
	local_irq_enable();
	do_exit(current->fn(current->arg));
}

struct task_struct *kthread_create(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = kzalloc(sizeof(*t));
	unsigned long flags;
	u64 *sp;

	if (!t)
		return NULL;
	t->stack_size = KERNEL_STACK_SIZE;
	t->stack = alloc_kernel_stack(t->stack_size);
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	strlcpy(t->name, name, sizeof(t->name));
	t->fn = fn;
	t->arg = arg;
	t->state = TASK_INTERRUPTIBLE;
	INIT_LIST_HEAD(&t->run_list);
	timer_setup(&t->sleep_timer, sleep_timeout, 0);
	/* The frame switch_to pops: six callee-saved registers, then kthread_entry. */
	sp = (u64 *)((char *)t->stack + t->stack_size);
	*--sp = 0;			/* keeps kthread_start's stack 16-byte aligned */
	*--sp = (u64)kthread_entry;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (u64)sp;
	local_irq_save(flags);
	t->tid = next_tid++;
	list_add_tail(&t->tasks, &all_tasks);
	task_count++;
	local_irq_restore(flags);
	pr_trace(TRACE_SCHED, "sched: thread %d '%s' created by '%s'\n", t->tid,
		 t->name, current ? current->name : "boot");
	return t;
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = kthread_create(fn, arg, name);

	if (t)
		wake_up_process(t);
	return t;
}

void do_exit(int code)
{
	pr_trace(TRACE_SCHED, "sched: thread %d '%s' exits with %d after %llu ms of CPU, %llu switches\n",
		 current->tid, current->name, code,
		 (unsigned long long)(current->runtime_ns / NSEC_PER_MSEC),
		 (unsigned long long)current->switches);
	if (current->proc)
		process_thread_exit(current, code);
	local_irq_disable();
	current->exit_code = code;
	current->state = TASK_DEAD;
	list_del(&current->tasks);
	list_add_tail(&current->tasks, &dead_tasks);
	__schedule(false);
	panic("do_exit: a dead thread was scheduled");
}

/* Free exited threads' stacks; runs in the idle thread, never on them. */
static void reap_dead(void)
{
	unsigned long flags;

	local_irq_save(flags);
	while (!list_empty(&dead_tasks)) {
		struct task_struct *t = list_first_entry(&dead_tasks, struct task_struct, tasks);

		list_del(&t->tasks);
		task_count--;
		local_irq_restore(flags);
		del_timer(&t->sleep_timer);
		page_frag_release(&t->task_frag);
		free_kernel_stack(t->stack, t->stack_size);
		/*
		 * The FPU may still hold t's registers: switched back in after
		 * process_thread_exit() let go, t owned it again until it died.
		 * Forget the owner before its save area goes, or the next switch
		 * saves into freed memory.
		 */
		fpu_release(t);
		kfree(t->fpu);
		kfree(t);
		local_irq_save(flags);
	}
	local_irq_restore(flags);
}

void cpu_idle_loop(void)
{
	for (;;) {
		reap_dead();
		local_irq_disable();
		if (!list_empty(&run_queue) || need_resched_flag) {
			__schedule(false);
			local_irq_enable();
		} else {
			arch_safe_halt();
		}
	}
}

void for_each_task(int (*fn)(struct task_struct *t, void *arg), void *arg)
{
	struct task_struct *t;

	if (fn(&idle_task, arg))
		return;
	list_for_each_entry(t, &all_tasks, tasks)
		if (fn(t, arg))
			return;
}

u32 nr_tasks(void)
{
	return task_count + 1;
}

void sched_init(void)
{
	idle_task.state = TASK_RUNNING;
	idle_task.tid = 0;
	strlcpy(idle_task.name, "idle", sizeof(idle_task.name));
	idle_task.stack = boot_stack_bottom;
	idle_task.stack_size = boot_stack_top - boot_stack_bottom;
	idle_task.last_switch_ns = ktime_get_ns();
	INIT_LIST_HEAD(&idle_task.run_list);
	INIT_LIST_HEAD(&idle_task.tasks);
	timer_setup(&idle_task.sleep_timer, sleep_timeout, 0);
	current = &idle_task;
	cpu_kernel_rsp = (u64)boot_stack_top;
	tss_set_rsp0(cpu_kernel_rsp);
}

/* Self-tests: sleeping, wait queues, preemption and mutexes between threads. */
struct st_shared {
	wait_queue_head_t wq;
	volatile bool go, done;
	volatile u64 spins[2];
	volatile bool stop;
	u64 slept_ns;
	struct mutex lock;
	volatile int inside, max_inside, total;
};

static int st_sleeper(void *arg)
{
	struct st_shared *s = arg;
	u64 t0 = ktime_get_ns();

	msleep(50);
	s->slept_ns = ktime_get_ns() - t0;
	s->done = true;
	wake_up(&s->wq);
	return 0;
}

SELFTEST(thread_sleep_and_wakeup)
{
	struct st_shared s = { .done = false };

	init_waitqueue_head(&s.wq);
	ST_ASSERT(kthread_run(st_sleeper, &s, "st-sleeper") != NULL);
	ST_ASSERT(wait_event_timeout(s.wq, s.done, msecs_to_jiffies(5000)) != 0);
	ST_ASSERT(s.slept_ns >= 50 * NSEC_PER_MSEC);
}

static int st_waiter(void *arg)
{
	struct st_shared *s = arg;

	wait_event(s->wq, s->go);
	s->done = true;
	wake_up(&s->wq);
	return 0;
}

SELFTEST(wait_queue_wakes_waiter)
{
	struct st_shared s = { .go = false, .done = false };

	init_waitqueue_head(&s.wq);
	ST_ASSERT(kthread_run(st_waiter, &s, "st-waiter") != NULL);
	msleep(20);
	ST_ASSERT(!s.done);		/* still blocked: the condition is false */
	s.go = true;
	wake_up(&s.wq);
	ST_ASSERT(wait_event_timeout(s.wq, s.done, msecs_to_jiffies(5000)) != 0);
	ST_EQ(wait_event_timeout(s.wq, false, 3), 0);	/* a timeout reports 0 */
}

static int st_spinner(void *arg)
{
	struct st_shared *s = (struct st_shared *)((uintptr_t)arg & ~1UL);
	int idx = (uintptr_t)arg & 1;

	while (!s->stop)
		s->spins[idx]++;	/* never sleeps: only preemption lets others run */
	return 0;
}

SELFTEST(preemption_shares_the_cpu)
{
	static struct st_shared s __aligned(2);

	s.stop = false;
	s.spins[0] = s.spins[1] = 0;
	ST_ASSERT(kthread_run(st_spinner, &s, "st-spin0") != NULL);
	ST_ASSERT(kthread_run(st_spinner, (char *)&s + 1, "st-spin1") != NULL);
	msleep(200);
	s.stop = true;
	msleep(50);
	ST_ASSERT(s.spins[0] > 0 && s.spins[1] > 0);
}

/* Spins until told to stop, or gives up after 3 s: the test thread never ran. */
static int st_lone_spinner(void *arg)
{
	struct st_shared *s = arg;
	u64 end = ktime_get_ns() + 3 * NSEC_PER_SEC;

	while (!s->stop && ktime_get_ns() < end)
		s->spins[0]++;
	s->go = !s->stop;		/* gave up */
	s->done = true;
	wake_up(&s->wq);
	return 0;
}

/*
 * A thread that ran its slice out while alone is still preempted once
 * another wakes: here the test thread, whose 50 ms sleep ends while the
 * spinner has had the CPU to itself for five slices.
 */
SELFTEST(preemption_after_a_slice_run_out_alone)
{
	static struct st_shared s;

	init_waitqueue_head(&s.wq);
	s.stop = s.go = s.done = false;
	ST_ASSERT(kthread_run(st_lone_spinner, &s, "st-lone") != NULL);
	msleep(50);
	s.stop = true;
	ST_ASSERT(wait_event_timeout(s.wq, s.done, msecs_to_jiffies(5000)) != 0);
	if (s.go)
		ST_FAIL("the sleeper ran only once the spinner gave up after 3 s");
}

static int st_mutex_worker(void *arg)
{
	struct st_shared *s = arg;

	for (int i = 0; i < 20; i++) {
		mutex_lock(&s->lock);
		s->inside++;
		if (s->inside > s->max_inside)
			s->max_inside = s->inside;
		msleep(1);		/* sleep while holding it: others must wait */
		s->total++;
		s->inside--;
		mutex_unlock(&s->lock);
	}
	if (__atomic_add_fetch(&s->spins[0], 1, __ATOMIC_SEQ_CST) == 3) {
		s->done = true;
		wake_up(&s->wq);
	}
	return 0;
}

SELFTEST(mutex_excludes)
{
	static struct st_shared s;

	init_waitqueue_head(&s.wq);
	mutex_init(&s.lock);
	s.done = false;
	s.inside = s.max_inside = s.total = 0;
	s.spins[0] = 0;
	for (int i = 0; i < 3; i++)
		ST_ASSERT(kthread_run(st_mutex_worker, &s, "st-mutex") != NULL);
	ST_ASSERT(wait_event_timeout(s.wq, s.done, msecs_to_jiffies(10000)) != 0);
	ST_EQ(s.total, 60);
	ST_EQ(s.max_inside, 1);
	ST_ASSERT(!mutex_is_locked(&s.lock));
}
