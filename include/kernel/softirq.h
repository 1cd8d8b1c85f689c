/*
 * Softirqs: deferred work raised from interrupt handlers and run with
 * interrupts enabled on the way out of the outermost interrupt, or when
 * process context re-enables bottom halves. The protocol stack runs here.
 */
#ifndef _KERNEL_SOFTIRQ_H
#define _KERNEL_SOFTIRQ_H

#include <kernel/types.h>

enum {
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	NR_SOFTIRQS
};

void open_softirq(int nr, void (*action)(void));
/* Mark softirq nr pending; callable from any context. */
void raise_softirq(int nr);
/* As raise_softirq, for callers that already have interrupts disabled. */
void raise_softirq_irqoff(int nr);
void local_bh_disable(void);
void local_bh_enable(void);
/* Run pending softirqs if not nested in interrupt or a bh-disabled section. */
void do_softirq(void);
void irq_exit_softirq(void);
void softirq_init(void);

struct softirq_stats {
	u64 runs[NR_SOFTIRQS];
	u64 deferred;	/* times the loop handed over to ksoftirqd */
};
void softirq_get_stats(struct softirq_stats *out);

#endif
