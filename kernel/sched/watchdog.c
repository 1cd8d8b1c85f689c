/*
 * The soft-lockup detector, as Linux's kernel/watchdog.c: a CPU that has
 * not been able to schedule for 2 * watchdog_thresh seconds is stuck in
 * code that cannot be preempted (a spinlock, preempt_disable, a bottom
 * half that never ends, or a preemption count leaked into user mode).
 * Interrupts still come, so the timer tick looks at what it interrupted:
 * it names the thread, the preemption count and where it runs, with a
 * backtrace, instead of leaving a machine that answers ping and nothing
 * else.
 *
 * The tick touches the watchdog whenever it interrupts code it could
 * preempt; so does every context switch. Only code that keeps preemption
 * off for the whole time is reported.
 */
#include <kernel/kstrtox.h>
#include <kernel/watchdog.h>
#include <kernel/cmdline.h>
#include <kernel/ksyms.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <errno.h>
#include <string.h>

#define WATCHDOG_THRESH_MAX	60	/* seconds, as Linux's proc_watchdog_thresh */

static unsigned int watchdog_thresh = 10;	/* seconds; 0 = off */
static bool softlockup_panic;
static u64 touch_ns;

static int set_watchdog_thresh(const char *key, const char *value)
{
	unsigned long s;

	if (!value || kstrtoul(value, 10, &s) || s > WATCHDOG_THRESH_MAX)
		return -EINVAL;
	watchdog_thresh = s;
	return 0;
}
CMDLINE_PARAM(watchdog_thresh, "watchdog_thresh", set_watchdog_thresh,
	      "watchdog_thresh=SECONDS: report a CPU that cannot schedule for twice this (10; 0 = off)");

static int set_softlockup_panic(const char *key, const char *value)
{
	if (value && strcmp(value, "0") && strcmp(value, "1"))
		return -EINVAL;
	softlockup_panic = !value || !strcmp(value, "1");
	return 0;
}
CMDLINE_PARAM(softlockup_panic, "softlockup_panic", set_softlockup_panic,
	      "softlockup_panic[=0|1]: panic after a soft-lockup report (tests)");

void softlockup_touch(u64 now_ns)
{
	touch_ns = now_ns;
}

/* What the stuck CPU was running: the thread, its system call, where. */
static void softlockup_report(const struct pt_regs *regs, u64 stuck_ns)
{
	const struct pt_regs *sys = current->syscall_regs;

	printk("BUG: soft lockup - CPU#0 stuck for %llus! [%s:%d]\n",
	       (unsigned long long)(stuck_ns / NSEC_PER_SEC), current->name, current->tid);
	/* The tick's own interrupt level is not the stuck code's. */
	printk("preempt_count %#lx, interrupts %s, in %s mode\n",
	       preempt_count() - HARDIRQ_OFFSET,
	       (regs->rflags & X86_EFLAGS_IF) ? "on" : "off",
	       user_mode(regs) ? "user" : "kernel");
	if (sys)
		print_syscall("", sys);
	if (user_mode(regs)) {
		printk("RIP: %#llx (user)\n", (unsigned long long)regs->rip);
	} else {
		printk("RIP: ");
		print_symbol(regs->rip);
		printk("\n");
		print_backtrace(regs->rip, regs->rbp);
	}
	if (softlockup_panic)
		panic("softlockup: hung tasks");
}

/*
 * From the timer interrupt. The interrupted code could have been preempted
 * if its preemption count (less this interrupt's) was zero with interrupts
 * on; then it is not stuck, whatever it does.
 */
void softlockup_tick(const struct pt_regs *regs)
{
	u64 now, limit = 2ULL * watchdog_thresh * NSEC_PER_SEC;

	if (!watchdog_thresh)
		return;
	now = ktime_get_ns();
	if (preempt_count() == HARDIRQ_OFFSET && (regs->rflags & X86_EFLAGS_IF)) {
		touch_ns = now;
		return;
	}
	if (now - touch_ns < limit)
		return;
	softlockup_report(regs, now - touch_ns);
	/* Linux reports again after as long if it stays stuck. */
	touch_ns = now;
}
