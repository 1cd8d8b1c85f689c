/*
 * The register save and restore every kernel entry shares (interrupts,
 * exceptions, system calls), in the order of struct pt_regs (asm/ptrace.h):
 * PUSH_REGS leaves %rsp pointing at a complete frame below the vector and
 * error code; POP_REGS undoes it. Assembly only.
 */
#ifndef _ASM_X86_CALLING_H
#define _ASM_X86_CALLING_H

/* Offsets into struct pt_regs. */
#define PT_VECTOR	(15 * 8)
#define PT_ERROR_CODE	(16 * 8)
#define PT_RIP		(17 * 8)
#define PT_CS		(18 * 8)
#define PT_RFLAGS	(19 * 8)
#define PT_RSP		(20 * 8)
#define PT_SS		(21 * 8)

#ifdef __ASSEMBLY__
	.macro PUSH_REGS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	.endm

	.macro POP_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	.endm
#endif

#endif
