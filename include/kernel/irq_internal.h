/* Interrupt entry and exit bookkeeping shared by traps.c, apic.c and softirq.c. */
#ifndef _KERNEL_IRQ_INTERNAL_H
#define _KERNEL_IRQ_INTERNAL_H

#include <kernel/types.h>

struct pt_regs;

/* Count the hard-IRQ nesting level in preempt_count. */
void irq_enter(void);
/* Leave hard-IRQ context; runs pending softirqs when leaving the outermost one. */
void irq_exit(void);
/* Reschedule on the way out of an interrupt; called with interrupts disabled. */
void preempt_schedule_irq(void);

void show_regs(const struct pt_regs *r);
void describe_page_fault(const struct pt_regs *r);

/* LAPIC / IOAPIC bring-up and the tick. */
void apic_init(void);
void lapic_eoi(void);
void lapic_timer_start(unsigned int hz);

#endif
