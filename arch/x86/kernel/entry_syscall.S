/*
 * System call entry and exit (Intel SDM Vol. 2B, SYSCALL/SYSRET).
 *
 * SYSCALL leaves the user RIP in RCX and RFLAGS in R11, masks RFLAGS with
 * SFMASK (so interrupts are off here) and does not switch stacks: we park
 * the user RSP in a scratch slot, take the current thread's kernel stack
 * and build a struct pt_regs exactly as interrupt entry does, so a
 * syscall frame and an interrupt frame look the same to C.
 */
#include <asm/calling.h>
#include <asm/desc.h>
#include <asm/processor-flags.h>

	.text
	.globl entry_SYSCALL_64
entry_SYSCALL_64:
	movq %rsp, syscall_user_rsp(%rip)
	movq cpu_kernel_rsp(%rip), %rsp
	pushq $GDT_USER_DS			/* ss */
	pushq syscall_user_rsp(%rip)		/* rsp */
	pushq %r11				/* rflags */
	pushq $GDT_USER_CS			/* cs */
	pushq %rcx				/* rip */
	pushq $0				/* error code */
	pushq $-1				/* vector: -1 marks a syscall frame */
	PUSH_REGS
	xorl %ebp, %ebp				/* user frames end the kernel backtrace */
	movq %rsp, %rdi
	sti
	call do_syscall_64
	cli
	/* SYSRET to a non-canonical RIP faults in ring 0 (Intel); use IRET then. */
	movq PT_RIP(%rsp), %rcx
	movq %rcx, %r11
	sarq $47, %r11
	jnz 1f
	POP_REGS
	addq $16, %rsp				/* vector, error code */
	movq 0(%rsp), %rcx			/* user rip */
	movq 16(%rsp), %r11			/* user rflags */
	movq 24(%rsp), %rsp			/* user rsp: last, no interrupts can come */
	sysretq
1:	jmp ret_from_trap

/* enter_user(rip, rsp): the first entry of a new process into user mode. */
	.globl enter_user
enter_user:
	cli
	pushq $GDT_USER_DS
	pushq %rsi
	pushq $(X86_EFLAGS_IF | X86_EFLAGS_FIXED)
	pushq $GDT_USER_CS
	pushq %rdi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	iretq

	.section .note.GNU-stack, "", @progbits
