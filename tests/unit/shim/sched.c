/*
 * Host stand-ins for threads and descriptor tables: one thread ("current")
 * and a descriptor table the test installs. With a single thread, only
 * timers and the softirqs they run can wake a sleeper, so sleeping
 * advances the fake clock a jiffy at a time until something wakes us:
 * a test can block in recv() and be woken by a timer that injects a
 * datagram, or watch SO_RCVTIMEO run out on the fake clock.
 */
#include <kernel/sched.h>
#include <kernel/file.h>
#include <kernel/printk.h>
#include <kernel/preempt.h>
#include <kernel/time.h>
#include "shim.h"

static struct task_struct shim_task = { .state = TASK_RUNNING, .name = "host" };
struct task_struct *current = &shim_task;

static struct files_struct *shim_files;

/* Sleeping longer than this (fake) time with nothing to wake us is a test bug. */
#define SHIM_SLEEP_LIMIT_MS	(24 * 3600 * 1000ULL)

void shim_set_files(struct files_struct *files)
{
	shim_files = files;
}

struct files_struct *current_files(void)
{
	return shim_files;
}

void wake_up_process(struct task_struct *t)
{
	if (t->state == TASK_INTERRUPTIBLE)
		t->state = TASK_RUNNING;
}

static void shim_check_may_sleep(void)
{
	if (preempt_count())
		panic("scheduling while atomic (preempt_count %#lx)",
		      preempt_count());
}

u64 schedule_timeout(u64 timeout)
{
	u64 left = timeout;

	shim_check_may_sleep();
	while (current->state != TASK_RUNNING && left) {
		shim_advance_ms(1);	/* HZ = 1000: one jiffy */
		left--;
	}
	current->state = TASK_RUNNING;
	return left;
}

void schedule(void)
{
	u64 slept = 0;

	shim_check_may_sleep();
	while (current->state != TASK_RUNNING) {
		if (++slept > SHIM_SLEEP_LIMIT_MS)
			panic("host schedule(): asleep with nothing to wake us");
		shim_advance_ms(1);
	}
}
