/*
 * start.c - what runs between the kernel's entry into a service and main:
 * the stack canary from the kernel's AT_RANDOM bytes, then memcpy/memset
 * for this CPU; and what the stack protector calls when a canary is found
 * overwritten.
 *
 * Services are built with -fstack-protector-strong and
 * -mstack-protector-guard=global: a function with a local array or an
 * address-taken local checks its copy of __stack_chk_guard before it
 * returns. Each process gets its own random canary (the kernel's 16 bytes
 * at AT_RANDOM, as glibc uses them), with the lowest byte zero so that a
 * runaway string copy cannot write it back and a runaway string read stops
 * at it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#define CANARY_MASK	0xffffffffffffff00UL

int main(int argc, char **argv, char **envp);
bool x86_string_init(void);

uintptr_t __stack_chk_guard;
static const unsigned long *auxv;
static const char *progname = "service";

unsigned long getauxval(unsigned long type)
{
	for (const unsigned long *a = auxv; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

/*
 * From crt0 with the initial stack's argc and argv (psABI 3.4.1). Its own
 * frame is live while the canary changes, so it carries none; it never
 * returns.
 */
__attribute__((noreturn, no_stack_protector))
void __libc_start_main(int argc, char **argv)
{
	char **envp = argv + argc + 1;
	char **p = envp;
	const uint64_t *random;

	while (*p)
		p++;
	auxv = (const unsigned long *)(p + 1);
	if (argc > 0 && argv[0])
		progname = argv[0];
	random = (const uint64_t *)getauxval(AT_RANDOM);
	if (random)
		__stack_chk_guard = *random & CANARY_MASK;
	x86_string_init();
	exit(main(argc, argv, envp));
}

/* Called by a protected function, in place of its return, on a mismatch. */
__attribute__((noreturn, no_stack_protector))
void __stack_chk_fail(void)
{
	dprintf(2, "%s: *** stack smashing detected *** (in the function returning to %p): terminated\n",
		progname, __builtin_return_address(0));
	abort();
}
