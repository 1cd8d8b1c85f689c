/*
 * crt0.S - the entry point of a service.
 *
 * The kernel enters _start with the System V x86-64 process layout
 * (psABI 3.4.1): rsp -> argc, argv[0..argc-1], NULL, envp..., NULL,
 * auxv..., AT_NULL. rbp is cleared so a backtrace ends here and the stack
 * is aligned to 16 bytes, as the psABI requires at a call;
 * __libc_start_main (start.c) sets up the stack canary and memcpy, then
 * runs main and exit.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp
	movq	(%rsp), %rdi			/* argc */
	leaq	8(%rsp), %rsi			/* argv */
	andq	$-16, %rsp
	call	__libc_start_main
	ud2
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
