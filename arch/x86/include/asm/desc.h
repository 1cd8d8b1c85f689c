/* Segment selectors, the GDT and TSS, and the IDT. */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#ifndef __ASSEMBLY__
#include <kernel/types.h>
#endif

/*
 * The order is fixed by SYSCALL/SYSRET (Intel SDM Vol. 2B, SYSRET): user
 * SS is STAR[63:48] + 8 and user CS is STAR[63:48] + 16.
 */
#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_USER_DS	(0x18 | 3)
#define GDT_USER_CS	(0x20 | 3)
#define GDT_TSS		0x28

/* Interrupt stack table slots for exceptions that must not use the current stack. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI		2
#define IST_MCE		3

#define IRQ_VECTOR_BASE	0x30	/* IOAPIC lines start here */
#define TIMER_VECTOR	0x20	/* LAPIC timer */
#define RESCHED_VECTOR	0x21
#define SPURIOUS_VECTOR	0xff

#ifndef __ASSEMBLY__
void gdt_init(void);
void idt_init(void);
/* The stack the CPU switches to on entry from user mode. */
void tss_set_rsp0(u64 rsp0);

struct pt_regs;
typedef void (*vector_handler_t)(struct pt_regs *regs);
void set_vector_handler(unsigned int vector, vector_handler_t fn);
#endif

#endif
