/*
 * Host shim for <asm/irqflags.h>: the interrupt flag is a variable, so
 * code under test can save, disable and restore "interrupts" and tests can
 * assert they were restored.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include <kernel/types.h>

#define X86_EFLAGS_IF	0x200UL

extern unsigned long shim_eflags;

static inline unsigned long arch_local_save_flags(void)
{
	return shim_eflags;
}

static inline void arch_local_irq_disable(void)
{
	shim_eflags &= ~X86_EFLAGS_IF;
}

static inline void arch_local_irq_enable(void)
{
	shim_eflags |= X86_EFLAGS_IF;
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = shim_eflags;

	arch_local_irq_disable();
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		arch_local_irq_enable();
}

static inline bool arch_irqs_disabled(void)
{
	return !(shim_eflags & X86_EFLAGS_IF);
}

static inline void arch_safe_halt(void)
{
	arch_local_irq_enable();
}

#endif
