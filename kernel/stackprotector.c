/*
 * The kernel's stack protector. gcc (-fstack-protector-strong,
 * -mstack-protector-guard=global) gives every function with a local
 * array or an address-taken local a copy of __stack_chk_guard between its
 * locals and its saved frame pointer and return address, and compares it
 * before returning: a write that ran past a local buffer has changed it,
 * and __stack_chk_fail stops the kernel naming the function, before the
 * corrupted return address is ever used.
 *
 * One canary for the whole kernel (Skiff runs one CPU; Linux keeps one per
 * task), random per boot, with its lowest byte zero as Linux's
 * CANARY_MASK: that byte sits at the canary's lowest address, so a
 * runaway string copy must write a NUL there, and a runaway string read
 * stops there instead of leaking the rest.
 */
#include <kernel/stackprotector.h>
#include <kernel/ksyms.h>
#include <kernel/printk.h>
#include <kernel/random.h>
#include <kernel/selftest.h>

#define CANARY_MASK	0xffffffffffffff00ULL

u64 __stack_chk_guard;

__no_stack_protector void boot_init_stack_canary(void)
{
	__stack_chk_guard = get_random_u64() & CANARY_MASK;
}

/* Called by a protected function, in place of its return, on a mismatch. */
__noreturn __no_stack_protector void __stack_chk_fail(void)
{
	/* The call may be the function's last instruction: look up the byte before. */
	u64 ret = (u64)__builtin_return_address(0);
	const char *fn = ksym_lookup(ret - 1, NULL, NULL);

	panic("stack-protector: kernel stack is corrupted in: %s (%#llx)",
	      fn ? fn : "an unknown function", (unsigned long long)ret);
}

SELFTEST(stack_canary_is_set)
{
	ST_ASSERT(__stack_chk_guard != 0);
	ST_EQ(__stack_chk_guard & ~CANARY_MASK, 0);
}
