/*
 * switch_to(&prev->rsp, next->rsp): save the callee-saved registers on the
 * old thread's stack, switch stacks, restore the new thread's. Everything
 * else was saved by the C caller per the SysV ABI.
 */
	.text
	.globl switch_to
switch_to:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* A new thread's first switch_to returns here; rbp = 0 ends backtraces. */
	.globl kthread_entry
kthread_entry:
	xorl %ebp, %ebp
	call kthread_start
	ud2

	.section .note.GNU-stack, "", @progbits
