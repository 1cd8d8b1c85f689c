/* The soft-lockup detector (kernel/sched/watchdog.c). */
#ifndef _KERNEL_WATCHDOG_H
#define _KERNEL_WATCHDOG_H

#include <kernel/types.h>

struct pt_regs;

/* The CPU scheduled at now_ns (from every context switch). */
void softlockup_touch(u64 now_ns);
/* From the timer interrupt, with the registers it interrupted. */
void softlockup_tick(const struct pt_regs *regs);

#endif
