/* unit.h - a small host unit-test framework for Skiff (libc/, net/, ...). */
#ifndef SKIFF_UNIT_H
#define SKIFF_UNIT_H

/*
 * Each test file is its own program: link it with tests/unit/unit_main.c
 * and the code under test. A test is a function defined with UNIT_TEST:
 *
 *	#include "unit.h"
 *
 *	UNIT_TEST(strlen_counts_bytes)
 *	{
 *		EXPECT_EQ_INT(skiff_strlen("abc"), 3);
 *		EXPECT_EQ_STR(buf, "expected");
 *	}
 *
 * Checks (each evaluates its arguments once and yields true if it held):
 *
 *	EXPECT(cond)		cond is nonzero
 *	EXPECT_MSG(cond, fmt, ...)
 *				the same, explained by a printf message
 *	EXPECT_EQ_INT(a, b)	equal as long long, printed signed
 *	EXPECT_EQ_UINT(a, b)	equal as unsigned long long
 *	EXPECT_EQ_STR(a, b)	equal C strings (NULL equals only NULL)
 *	EXPECT_EQ_MEM(a, b, n)	equal first n bytes; shows the difference
 *	ASSERT(cond)		as EXPECT, then returns from the test
 *
 * A failed EXPECT records file:line and the values and the test goes on,
 * so one run shows every broken case; use ASSERT where continuing would
 * crash (a NULL from malloc). In a loop over many cases, write
 * `if (!EXPECT_...) break;` or rely on the cap of 20 reports per test.
 *
 * The program prints TAP-like output and exits 1 if anything failed:
 *
 *	1..3
 *	ok 1 - strlen_counts_bytes
 *	not ok 2 - strtol_clamps: test.c:40: v == LONG_MAX: 7 != 92233...
 *	# test.c:41: a further failure of the same test
 *	ok 3 - qsort_random
 *	2 passed, 1 failed
 *
 * The last line is always "N passed, N failed" (tests/unit/run.sh sums
 * it over programs). One argument runs only the tests whose name
 * contains it: `build/unit/test_stdlib strtol`.
 *
 * unit_rand() is a pseudo-random generator reseeded before every test, so
 * a test sees the same numbers however it is run or filtered.
 *
 * Tests run in the order they appear; registration is by constructor, so
 * several files may be linked into one program. unit.h needs only the
 * compiler's stdbool.h and stddef.h, and unit_main.c is built without
 * libc_rename.h, so the runner uses the host's libc whatever is tested.
 */

#include <stdbool.h>
#include <stddef.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

void unit_register(struct unit_test *t);

#define UNIT_TEST(id)							\
	static void unit_fn_##id(void);					\
	static struct unit_test unit_test_##id = {			\
		.name = #id,						\
		.fn = unit_fn_##id,					\
	};								\
	__attribute__((constructor)) static void unit_reg_##id(void)	\
	{								\
		unit_register(&unit_test_##id);				\
	}								\
	static void unit_fn_##id(void)

unsigned int unit_rand(void);

/*
 * The bytes a test hands to a parser, kept as a seed of the fuzz target
 * tests/fuzz/fuzz_<target>.c: with UNIT_SEED_DIR set (`make fuzz-seeds`)
 * they are written to $UNIT_SEED_DIR/<target>/, named by their hash;
 * otherwise nothing happens. Inputs over UNIT_SEED_MAX bytes are skipped,
 * and a test keeps only its first UNIT_SEEDS_PER_TEST (a loop over random
 * inputs would flood the corpus).
 */
#define UNIT_SEED_MAX		16384
#define UNIT_SEEDS_PER_TEST	16
void unit_seed(const char *target, const void *data, size_t len);

bool unit_check(bool ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool unit_eq_int(const char *file, int line, const char *ea, const char *eb,
		 long long a, long long b);
bool unit_eq_uint(const char *file, int line, const char *ea, const char *eb,
		  unsigned long long a, unsigned long long b);
bool unit_eq_str(const char *file, int line, const char *ea, const char *eb,
		 const char *a, const char *b);
bool unit_eq_mem(const char *file, int line, const char *ea, const char *eb,
		 const void *a, const void *b, size_t n);

#define EXPECT(cond)							\
	unit_check(!!(cond), __FILE__, __LINE__, "expected %s", #cond)
#define EXPECT_MSG(cond, ...)						\
	unit_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define EXPECT_EQ_INT(a, b)						\
	unit_eq_int(__FILE__, __LINE__, #a, #b, (a), (b))
#define EXPECT_EQ_UINT(a, b)						\
	unit_eq_uint(__FILE__, __LINE__, #a, #b, (a), (b))
#define EXPECT_EQ_STR(a, b)						\
	unit_eq_str(__FILE__, __LINE__, #a, #b, (a), (b))
#define EXPECT_EQ_MEM(a, b, n)						\
	unit_eq_mem(__FILE__, __LINE__, #a, #b, (a), (b), (n))
#define ASSERT(cond)							\
	do {								\
		if (!EXPECT(cond))					\
			return;						\
	} while (0)

#endif /* SKIFF_UNIT_H */
