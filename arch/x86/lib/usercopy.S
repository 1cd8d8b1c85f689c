/*
 * Copies between kernel and user memory whose faults are survivable: each
 * instruction that may touch an unmapped user page has an entry in
 * __ex_table, and the page fault handler resumes at its fixup, which
 * returns the number of bytes NOT copied, exactly. (Linux's
 * copy_user_generic and exception tables, arch/x86/lib/copy_user_64.S.)
 *
 * Two flavours, as for memcpy (memcpy_64.S), chosen once at boot:
 * `rep movsb` where ERMS makes it fast, 8-byte moves elsewhere. The
 * 8-byte loop cannot tell how far a faulting turn got, so its fixup goes
 * back to the start of that turn and finishes byte by byte: the byte
 * loop's own fault is then exact. Bytes of the turn that were stored
 * before the fault are stored again with the same values.
 *
 * Under SMAP the kernel may touch user pages only with EFLAGS.AC set:
 * __copy_user and __strncpy_user open that window (STAC) on entry and
 * close it (CLAC) on every way out, fixups included, so it never spans
 * more than the copy itself (asm/smap.h).
 */
#include <asm/smap.h>

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
	ASM_STAC
	call *x86_copy_user_impl(%rip)
	ASM_CLAC
	ret

	.globl copy_user_erms
copy_user_erms:
	movq %rdx, %rcx
1:	rep movsb
	xorl %eax, %eax
	ret
2:	movq %rcx, %rax				/* rep movsb leaves the count in rcx */
	ret
	EXTABLE 1b, 2b

	.globl copy_user_movq
copy_user_movq:
	cmpq $32, %rdx
	jb 20f
10:	movq 0(%rsi), %r8
11:	movq 8(%rsi), %r9
12:	movq 16(%rsi), %r10
13:	movq 24(%rsi), %r11
14:	movq %r8, 0(%rdi)
15:	movq %r9, 8(%rdi)
16:	movq %r10, 16(%rdi)
17:	movq %r11, 24(%rdi)
	addq $32, %rsi
	addq $32, %rdi
	subq $32, %rdx
	cmpq $32, %rdx
	jae 10b
20:	cmpq $8, %rdx
	jb 30f
21:	movq (%rsi), %r8
22:	movq %r8, (%rdi)
	addq $8, %rsi
	addq $8, %rdi
	subq $8, %rdx
	jmp 20b
30:	testq %rdx, %rdx
	jz 40f
31:	movb (%rsi), %cl
32:	movb %cl, (%rdi)
	incq %rsi
	incq %rdi
	decq %rdx
	jmp 30b
40:	xorl %eax, %eax
	ret
	/* A turn faulted with rsi, rdi, rdx still at its start: go bytewise. */
50:	testq %rdx, %rdx
	jz 40b
51:	movb (%rsi), %cl
52:	movb %cl, (%rdi)
	incq %rsi
	incq %rdi
	decq %rdx
	jmp 50b
	/* The byte loops' faults: rdx bytes were not copied. */
60:	movq %rdx, %rax
	ret
	EXTABLE 10b, 50b
	EXTABLE 11b, 50b
	EXTABLE 12b, 50b
	EXTABLE 13b, 50b
	EXTABLE 14b, 50b
	EXTABLE 15b, 50b
	EXTABLE 16b, 50b
	EXTABLE 17b, 50b
	EXTABLE 21b, 50b
	EXTABLE 22b, 50b
	EXTABLE 31b, 60b
	EXTABLE 32b, 60b
	EXTABLE 51b, 60b
	EXTABLE 52b, 60b

/*
 * long __strncpy_user(char *dst, const char *src, size_t n): bytes copied
 * before the NUL (the NUL is copied too), n if none within n bytes, or -1
 * on a fault.
 */
	.globl __strncpy_user
__strncpy_user:
	ASM_STAC
	xorl %eax, %eax
3:	cmpq %rdx, %rax
	je 5f
4:	movb (%rsi, %rax), %cl
	movb %cl, (%rdi, %rax)
	testb %cl, %cl
	jz 5f
	incq %rax
	jmp 3b
6:	movq $-1, %rax
5:	ASM_CLAC
	ret
	EXTABLE 4b, 6b

	.data
	.balign 8
	.globl x86_copy_user_impl
x86_copy_user_impl:
	.quad copy_user_movq

	.section .note.GNU-stack, "", @progbits
