/*
 * Copies between kernel and user memory whose faults are survivable: each
 * instruction that may touch an unmapped user page has an entry in
 * __ex_table, and the page fault handler resumes at its fixup, which
 * returns the number of bytes NOT copied. (Linux's copy_user_generic and
 * exception tables, arch/x86/lib/copy_user_64.S.)
 */

	.macro EXTABLE fault, fixup
	.pushsection __ex_table, "a"
	.balign 8
	.quad \fault, \fixup
	.popsection
	.endm

	.text
/* size_t __copy_user(void *dst, const void *src, size_t n): bytes left uncopied. */
	.globl __copy_user
__copy_user:
	movq %rdx, %rcx
1:	rep movsb
	xorl %eax, %eax
	ret
2:	movq %rcx, %rax				/* rep movsb leaves the count in rcx */
	ret
	EXTABLE 1b, 2b

/*
 * long __strncpy_user(char *dst, const char *src, size_t n): bytes copied
 * before the NUL (the NUL is copied too), n if none within n bytes, or -1
 * on a fault.
 */
	.globl __strncpy_user
__strncpy_user:
	xorl %eax, %eax
3:	cmpq %rdx, %rax
	je 5f
4:	movb (%rsi, %rax), %cl
	movb %cl, (%rdi, %rax)
	testb %cl, %cl
	jz 5f
	incq %rax
	jmp 3b
5:	ret
6:	movq $-1, %rax
	ret
	EXTABLE 4b, 6b

	.section .note.GNU-stack, "", @progbits
