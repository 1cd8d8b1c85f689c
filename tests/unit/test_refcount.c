/* test_refcount.c - include/kernel/refcount.h: counts saturate instead of wrapping, under UBSan. */
/* links: net */
#include <kernel/refcount.h>
#include <limits.h>

#include "unit.h"
#include "shim.h"

static bool saturated(const refcount_t *r)
{
	return (int)refcount_read(r) == REFCOUNT_SATURATED;
}

UNIT_TEST(refcount_counts_and_frees_on_the_last_put)
{
	refcount_t r = REFCOUNT_INIT(1);
	u64 before = refcount_saturations;

	refcount_add(3, &r);
	EXPECT_EQ_UINT(refcount_read(&r), 4);
	refcount_dec(&r);
	EXPECT(!refcount_dec_and_test(&r));
	EXPECT(!refcount_dec_and_test(&r));
	EXPECT(refcount_dec_and_test(&r));
	EXPECT_EQ_UINT(refcount_saturations, before);
}

UNIT_TEST(refcount_saturates_on_overflow_and_stays)
{
	refcount_t r = REFCOUNT_INIT(INT_MAX - 1);
	u64 before = refcount_saturations;
	bool quiet = shim_printk_quiet;

	shim_printk_quiet = true;
	refcount_inc(&r);
	EXPECT_EQ_INT((int)refcount_read(&r), INT_MAX);
	refcount_inc(&r);
	EXPECT(saturated(&r));
	refcount_add(INT_MAX, &r);
	EXPECT(saturated(&r));
	for (int i = 0; i < 3; i++)
		EXPECT(!refcount_dec_and_test(&r));
	EXPECT(saturated(&r));
	shim_printk_quiet = quiet;
	EXPECT_EQ_UINT(refcount_saturations - before, 1 + 1 + 3);
}

UNIT_TEST(refcount_catches_use_after_free_and_leaks)
{
	refcount_t r = REFCOUNT_INIT(0);
	u64 before = refcount_saturations;
	bool quiet = shim_printk_quiet;

	shim_printk_quiet = true;
	refcount_inc(&r);
	EXPECT(saturated(&r));
	refcount_set(&r, 0);
	EXPECT(!refcount_dec_and_test(&r));
	EXPECT(saturated(&r));
	refcount_set(&r, 1);
	refcount_dec(&r);
	EXPECT(saturated(&r));
	shim_printk_quiet = quiet;
	EXPECT_EQ_UINT(refcount_saturations - before, 3);
}
