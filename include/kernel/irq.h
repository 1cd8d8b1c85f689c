/*
 * Device interrupts. Drivers ask for a line by its global system interrupt
 * (GSI) number as the firmware describes it; the IOAPIC routes it to a
 * vector. Handlers run in hard-IRQ context with interrupts disabled: they
 * acknowledge the device, mask it if needed, and defer work to a softirq.
 */
#ifndef _KERNEL_IRQ_H
#define _KERNEL_IRQ_H

#include <kernel/types.h>

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev);

#define IRQF_SHARED	0x1

/* Legacy ISA lines as firmware and datasheets number them. */
#define ISA_IRQ_TIMER	0
#define ISA_IRQ_KBD	1
#define ISA_IRQ_COM1	4

/*
 * Install handler for GSI irq (ISA IRQs are translated through the MADT's
 * interrupt source overrides). Level-triggered, active-low lines (PCI INTx)
 * are shared when every requester passes IRQF_SHARED.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev);
int request_isa_irq(unsigned int isa_irq, irq_handler_t handler,
		    const char *name, void *dev);
void free_irq(unsigned int irq, void *dev);

struct irq_stats_entry {
	unsigned int irq;
	unsigned int vector;
	const char *name;
	u64 count;
};
/* Fill up to n entries describing registered lines; returns how many. */
int irq_get_stats(struct irq_stats_entry *out, int n);

#endif
