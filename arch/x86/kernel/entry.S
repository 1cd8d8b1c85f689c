/*
 * Interrupt and exception entry: one small stub per vector pushes a dummy
 * error code where the CPU pushes none (Intel SDM Vol. 3A 6.13), then the
 * vector number, and joins the common path, which saves the registers as a
 * struct pt_regs and calls do_trap(regs).
 */
#include <asm/calling.h>
#include <asm/smap.h>

	.text
	.code64

	/* Vectors 8, 10-14, 17, 21, 29 and 30 come with an error code. */
	.altmacro
	.macro vector_stub v
	.balign 16
	.if !((\v == 8) || (\v >= 10 && \v <= 14) || (\v == 17) || (\v == 21) || (\v == 29) || (\v == 30))
	pushq $0
	.endif
	pushq $\v
	jmp interrupt_common
	.endm

	.balign 16
	.globl vector_stubs
vector_stubs:
	.set v, 0
	.rept 256
	vector_stub %v
	.set v, v + 1
	.endr

interrupt_common:
	cld
	/*
	 * AC may be set by the interrupted code (a user copy, or user mode,
	 * where AC is the service's own): the handler runs with the SMAP
	 * window closed, and IRETQ restores the interrupted AC.
	 */
	ASM_CLAC
	PUSH_REGS
	movq %rsp, %rdi
	/* A frame record (return rip, saved rbp) so backtraces cross the trap. */
	pushq PT_RIP(%rsp)		/* the interrupted rip (regs->rip) */
	pushq %rbp
	movq %rsp, %rbp
	call do_trap
	addq $16, %rsp
	.globl ret_from_trap
ret_from_trap:
	POP_REGS
	addq $16, %rsp			/* vector and error code */
	iretq

	/* Each stub is 16 bytes apart, so the IDT can compute addresses. */
	.section .rodata
	.balign 8
	.globl vector_stub_table
vector_stub_table:
	.set v, 0
	.rept 256
	.quad vector_stubs + v * 16
	.set v, v + 1
	.endr

	.section .note.GNU-stack, "", @progbits
