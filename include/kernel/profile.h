/*
 * The sampling profiler (Linux's kernel/profile.c and readprofile idea):
 * the timer interrupt records where the CPU was, into a histogram of the
 * kernel text, so a user can see where the time goes (/proc/profile raw,
 * /proc/skiff/profile by function, the shell's `perf`, the dashboard).
 */
#ifndef _KERNEL_PROFILE_H
#define _KERNEL_PROFILE_H

#include <kernel/types.h>
#include <kernel/seq_buf.h>

struct pt_regs;

/* From the timer interrupt, every tick; does nothing while profiling is off. */
void profile_tick(const struct pt_regs *regs);
/* Sample at hz (a divisor of HZ, at most HZ; 0 stops) and clear the counts. */
int profile_set_rate(unsigned int hz);
/* The top functions by samples, with user and idle time, as text. */
void profile_show_top(struct seq_buf *s, unsigned int max_lines);

#endif
