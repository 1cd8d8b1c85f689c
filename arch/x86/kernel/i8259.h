/* The 8259A PIC pair (i8259.c), for apic.c: masked under an IOAPIC, the device lines without one. */
#ifndef _ARCH_X86_KERNEL_I8259_H
#define _ARCH_X86_KERNEL_I8259_H

#include <kernel/types.h>

#define PIC_NR_IRQS	16

/* Initialise both with vectors base..base+15, every line masked. */
void pic_init(u8 base);
bool pic_present(void);
void pic_unmask(unsigned int irq);
void pic_mask(unsigned int irq);
void pic_set_level(unsigned int irq, bool level);
/* True (and nothing to acknowledge) for a spurious line 7 or 15. */
bool pic_spurious(unsigned int irq);
void pic_eoi(unsigned int irq);

#endif
