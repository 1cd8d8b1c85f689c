/*
 * Device interrupts. Drivers ask for a line by its global system interrupt
 * (GSI) number as the firmware describes it; the IOAPIC routes it to a
 * vector. Message-signalled interrupts (MSI, MSI-X) have irq numbers of
 * their own (MSI_IRQ_BASE + vector), allocated by pci_alloc_irq_vectors()
 * (kernel/pci.h) through msi_irq_alloc(). Handlers run in hard-IRQ context with interrupts disabled: they
 * acknowledge the device, mask it if needed, and defer work to a softirq.
 */
#ifndef _KERNEL_IRQ_H
#define _KERNEL_IRQ_H

#include <kernel/types.h>

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev);

#define IRQF_SHARED	0x1
/*
 * How the line signals, when the caller knows better than the default (an
 * ISA IRQ: edge, active high, or what the MADT's override says; a GSI from
 * 16 on: level, active low, as PCI INTx): from an ACPI _CRS, for one.
 */
#define IRQF_TRIGGER_RISING	0x10
#define IRQF_TRIGGER_FALLING	0x20
#define IRQF_TRIGGER_HIGH	0x40
#define IRQF_TRIGGER_LOW	0x80
#define IRQF_TRIGGER_MASK	(IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING | \
				 IRQF_TRIGGER_HIGH | IRQF_TRIGGER_LOW)

/* Legacy ISA lines as firmware and datasheets number them. */
#define ISA_IRQ_TIMER	0
#define ISA_IRQ_KBD	1
#define ISA_IRQ_COM1	4

/*
 * Install handler for GSI irq (ISA IRQs are translated through the MADT's
 * interrupt source overrides). Level-triggered lines (PCI INTx) are shared
 * when every requester passes IRQF_SHARED. An MSI irq must come
 * from msi_irq_alloc() (in practice pci_alloc_irq_vectors()).
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev);
int request_isa_irq(unsigned int isa_irq, irq_handler_t handler,
		    const char *name, void *dev);
void free_irq(unsigned int irq, void *dev);

/*
 * MSI irq numbers: MSI_IRQ_BASE + the IDT vector, which lies above the
 * IOAPIC lines' vectors and below 0xf0. request_irq() and free_irq() take
 * them like GSIs; the handler is called with the same number.
 */
#define MSI_IRQ_BASE	256

static inline bool irq_is_msi(unsigned int irq)
{
	return irq >= MSI_IRQ_BASE;
}

/* The message a device writes to raise an MSI (Intel SDM Vol. 3A 10.11). */
struct msi_msg {
	u64 address;	/* 0xFEE00000 | destination APIC id << 12 */
	u32 data;	/* the vector; fixed delivery, edge */
};

/*
 * Reserve a free vector for a message-signalled interrupt and fill *msg
 * (when not NULL) with what the device must write. Returns the irq number
 * or -ENOSPC.
 */
int msi_irq_alloc(struct msi_msg *msg);
/* The message for an allocated MSI irq. */
void msi_compose_msg(unsigned int irq, struct msi_msg *msg);
/* Release a vector from msi_irq_alloc(); free_irq() its handler first. */
void msi_irq_free(unsigned int irq);

struct irq_stats_entry {
	unsigned int irq;
	unsigned int vector;
	const char *name;
	u64 count;
};
/* Fill up to n entries describing registered lines; returns how many. */
int irq_get_stats(struct irq_stats_entry *out, int n);

#endif
