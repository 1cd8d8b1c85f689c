/*
 * Control of the host shim from tests: the fake clock, the softirq
 * runner, allocation counters and the random seed. The shim itself
 * (shim.c) implements the kernel services net/ uses.
 */
#ifndef _SHIM_H
#define _SHIM_H

#include <kernel/types.h>

/* Advance the fake clock by ms, firing due timers in expiry order (each in
 * softirq context) and running the softirqs they raise. */
void shim_advance_ms(u64 ms);
u64 shim_now_ms(void);
/* Run pending softirqs until none is pending; returns the handler runs. */
int shim_run_softirqs(void);
/* Pending softirq bits (1 << NET_RX_SOFTIRQ, ...). */
unsigned long shim_softirq_pending(void);

/* Objects handed out and not freed: kmalloc and every kmem_cache together
 * (pages are counted apart, by shim_live_pages). */
u64 shim_live_allocs(void);
/* Pages in blocks from __alloc_pages not yet freed (skb frags). */
u64 shim_live_pages(void);
/* Make the n-th next allocation (1 = the next one) fail; 0 disables. */
void shim_fail_alloc_after(u64 n);
/* What page_alloc_get_stats reports free (pages); 0: the default 112 MiB. */
void shim_set_free_pages(u64 n);

void shim_random_seed(u64 seed);

/* Make user copies touching [p, p+n) fault (n = 0: none do), as an
 * unmapped user page: access_ok passes, the copy returns -EFAULT. */
void shim_user_unmap(const void *p, size_t n);

/* The descriptor table current_files() returns (NULL: a kernel thread). */
struct files_struct;
void shim_set_files(struct files_struct *files);

/* Suppress printk output (messages are still counted and logged). */
extern bool shim_printk_quiet;
extern u64 shim_printk_lines;
/* The newest printk output (at least the last 8 KiB), and emptying it. */
const char *shim_printk_log(void);
void shim_printk_log_clear(void);

#endif
