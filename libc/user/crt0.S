/*
 * crt0.S - the entry point of a service.
 *
 * The kernel enters _start with the System V x86-64 process layout
 * (psABI 3.4.1): rsp -> argc, argv[0..argc-1], NULL, envp..., NULL,
 * auxv..., AT_NULL. rbp is cleared so a backtrace ends here; the stack is
 * realigned to 16 bytes before each call, as the psABI requires of
 * callers. memcpy and memset are chosen for the CPU before main runs.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp
	movq	(%rsp), %rdi			/* argc */
	leaq	8(%rsp), %rsi			/* argv */
	leaq	8(%rsi,%rdi,8), %rdx		/* envp: past argv's NULL */
	andq	$-16, %rsp
	pushq	%rdi				/* keep argc, argv, envp (and alignment) */
	pushq	%rsi
	pushq	%rdx
	pushq	%rdx
	call	x86_string_init			/* memcpy/memset for this CPU */
	popq	%rdx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	call	main
	movl	%eax, %edi
	call	exit
	ud2
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
