/*
 * memcpy, memmove's forward half, and memset for x86-64, in two flavours
 * chosen once at start-up (x86_string_init):
 *
 *   *_erms  `rep movsb` / `rep stosb`: the fastest copy on CPUs with ERMS
 *           (Intel SDM Vol. 1 7.3.9.3, "Enhanced REP MOVSB and STOSB");
 *   *_movq  a loop of 8-byte moves, 32 bytes per turn, then an 8-byte and
 *           a byte tail: what Linux uses without ERMS, and by far the
 *           faster one under QEMU's TCG, which runs a string instruction
 *           one element per step.
 *
 * Both copy lowest address first, and the movq loop loads a whole turn
 * before it stores it, so a copy to a lower, overlapping address is
 * correct: memmove relies on that. The direction flag is clear on entry
 * (SysV psABI 3.2.1). Shared by the kernel, the services' libc and the
 * host tests (which rename the symbols through libc_rename.h).
 */

	.text

	.globl memcpy
	.type memcpy, @function
memcpy:
	jmp *x86_memcpy_impl(%rip)
	.size memcpy, . - memcpy

	.globl memcpy_erms
	.type memcpy_erms, @function
memcpy_erms:
	movq %rdi, %rax
	movq %rdx, %rcx
	rep movsb
	ret
	.size memcpy_erms, . - memcpy_erms

	.globl memcpy_movq
	.type memcpy_movq, @function
memcpy_movq:
	movq %rdi, %rax
	cmpq $32, %rdx
	jb 2f
1:	movq 0(%rsi), %r8
	movq 8(%rsi), %r9
	movq 16(%rsi), %r10
	movq 24(%rsi), %r11
	movq %r8, 0(%rdi)
	movq %r9, 8(%rdi)
	movq %r10, 16(%rdi)
	movq %r11, 24(%rdi)
	addq $32, %rsi
	addq $32, %rdi
	subq $32, %rdx
	cmpq $32, %rdx
	jae 1b
2:	cmpq $8, %rdx
	jb 4f
3:	movq (%rsi), %r8
	movq %r8, (%rdi)
	addq $8, %rsi
	addq $8, %rdi
	subq $8, %rdx
	cmpq $8, %rdx
	jae 3b
4:	testq %rdx, %rdx
	jz 6f
5:	movb (%rsi), %cl
	movb %cl, (%rdi)
	incq %rsi
	incq %rdi
	decq %rdx
	jnz 5b
6:	ret
	.size memcpy_movq, . - memcpy_movq

	.globl memset
	.type memset, @function
memset:
	jmp *x86_memset_impl(%rip)
	.size memset, . - memset

	.globl memset_erms
	.type memset_erms, @function
memset_erms:
	movq %rdi, %r9
	movl %esi, %eax
	movq %rdx, %rcx
	rep stosb
	movq %r9, %rax
	ret
	.size memset_erms, . - memset_erms

	.globl memset_movq
	.type memset_movq, @function
memset_movq:
	movq %rdi, %r9
	movzbl %sil, %eax		/* C11 7.24.6.1: c as unsigned char */
	movabsq $0x0101010101010101, %r8
	imulq %r8, %rax			/* the byte in all eight lanes */
	cmpq $32, %rdx
	jb 2f
1:	movq %rax, 0(%rdi)
	movq %rax, 8(%rdi)
	movq %rax, 16(%rdi)
	movq %rax, 24(%rdi)
	addq $32, %rdi
	subq $32, %rdx
	cmpq $32, %rdx
	jae 1b
2:	cmpq $8, %rdx
	jb 4f
3:	movq %rax, (%rdi)
	addq $8, %rdi
	subq $8, %rdx
	cmpq $8, %rdx
	jae 3b
4:	testq %rdx, %rdx
	jz 6f
5:	movb %al, (%rdi)
	incq %rdi
	decq %rdx
	jnz 5b
6:	movq %r9, %rax
	ret
	.size memset_movq, . - memset_movq

	.data
	.balign 8
	.globl x86_memcpy_impl, x86_memset_impl
x86_memcpy_impl:
	.quad memcpy_movq
x86_memset_impl:
	.quad memset_movq

	.section .note.GNU-stack, "", @progbits
