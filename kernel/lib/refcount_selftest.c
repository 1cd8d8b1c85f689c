/*
 * refcount_t broken on purpose, on a local count: every way a count can go
 * wrong must saturate it, stay saturated (never reach zero, so nothing is
 * freed) and be counted, while a normal count behaves as before. Kept out
 * of refcount.c, which the host unit tests link without the self-test
 * framework.
 */
#include <kernel/refcount.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <limits.h>

SELFTEST(refcount_saturates_instead_of_wrapping)
{
	u64 before = refcount_saturations;
	refcount_t r = REFCOUNT_INIT(1);
	bool last, overflow_pinned, saturated_not_last, uaf_pinned, underflow_pinned, leak_pinned;

	refcount_inc(&r);
	ST_EQ(refcount_read(&r), 2);
	ST_ASSERT(!refcount_dec_and_test(&r));
	last = refcount_dec_and_test(&r);
	ST_ASSERT(last);
	ST_EQ(refcount_saturations, before);

	printk("selftest: the next five refcount_t warnings are deliberate\n");
	refcount_set(&r, INT_MAX);
	refcount_inc(&r);
	overflow_pinned = (int)refcount_read(&r) == REFCOUNT_SATURATED;
	saturated_not_last = !refcount_dec_and_test(&r) &&
			     (int)refcount_read(&r) == REFCOUNT_SATURATED;
	refcount_set(&r, 0);
	refcount_inc(&r);
	uaf_pinned = (int)refcount_read(&r) == REFCOUNT_SATURATED;
	refcount_set(&r, 1);
	refcount_dec(&r);
	leak_pinned = (int)refcount_read(&r) == REFCOUNT_SATURATED;
	refcount_set(&r, 0);
	underflow_pinned = !refcount_dec_and_test(&r) &&
			   (int)refcount_read(&r) == REFCOUNT_SATURATED;
	ST_ASSERT(overflow_pinned);
	ST_ASSERT(saturated_not_last);
	ST_ASSERT(uaf_pinned);
	ST_ASSERT(leak_pinned);
	ST_ASSERT(underflow_pinned);
	/* overflow, the saturated decrement, use-after-free, leak, underflow */
	ST_EQ(refcount_saturations - before, 5);
}
