/*
 * The slow path of refcount_t (include/kernel/refcount.h): a count that
 * would have wrapped, or gone from zero or below it, is pinned at
 * REFCOUNT_SATURATED and reported with the caller's backtrace.
 */
#include <kernel/refcount.h>
#include <kernel/ksyms.h>
#include <kernel/printk.h>

u64 refcount_saturations;

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	static const char *const what[] = {
		[REFCOUNT_ADD_OVF] = "saturated; leaking memory",
		[REFCOUNT_ADD_UAF] = "addition on 0; use-after-free",
		[REFCOUNT_SUB_UAF] = "underflow; use-after-free",
		[REFCOUNT_DEC_LEAK] = "decrement hit 0; leaking memory",
	};

	refcount_set(r, REFCOUNT_SATURATED);
	refcount_saturations++;
	printk("WARNING: refcount_t %p: %s\n", (void *)r, what[t]);
	dump_stack();
}
