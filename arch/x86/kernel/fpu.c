/*
 * The FPU and SSE state of user threads. The kernel never touches the
 * FPU/SSE registers (-mgeneral-regs-only), so they only change hands
 * between user threads: the owner's state is saved when another user
 * thread needs the registers, lazily (Linux's fpu__ owner idea).
 */
#include <kernel/sched.h>
#include <kernel/process_internal.h>
#include <asm/special_insns.h>

static struct task_struct *fpu_owner;	/* whose state is in the FPU registers */

void fpu_switch_to(struct task_struct *next)
{
	if (!next->fpu || fpu_owner == next)
		return;
	if (fpu_owner)
		__asm__ __volatile__("fxsave64 (%0)" : : "r"(fpu_owner->fpu) : "memory");
	__asm__ __volatile__("fxrstor64 (%0)" : : "r"(next->fpu) : "memory");
	fpu_owner = next;
}

void fpu_release(struct task_struct *t)
{
	if (fpu_owner == t)
		fpu_owner = NULL;
}

void fpu_init(void)
{
	/* SDM Vol. 3A 13.1.3: CR0.EM off, MP on; CR4.OSFXSR and OSXMMEXCPT on. */
	write_cr0((read_cr0() & ~X86_CR0_EM) | X86_CR0_MP);
	cr4_set_bits(X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit");
}
