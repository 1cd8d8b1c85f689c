/*
 * In-kernel self-tests. A test lives in the file it tests:
 *
 *	SELFTEST(slab_alloc_free)
 *	{
 *		void *p = kmalloc(32);
 *		ST_ASSERT(p != NULL);
 *		kfree(p);
 *	}
 *
 * The cmdline flag 'selftest' runs all of them in link order and prints
 * "ok N - name" or "not ok N - name: reason", then "N passed, N failed",
 * then exits QEMU through isa-debug-exit. A failed assertion returns from
 * the test at once; tests must clean up what they allocated before asserting
 * on anything that could leave state behind.
 */
#ifndef _KERNEL_SELFTEST_H
#define _KERNEL_SELFTEST_H

#include <kernel/types.h>
#include <stdio.h>

struct selftest_ctx {
	bool failed;
	bool skipped;
	char reason[160];
};

struct selftest {
	const char *name;
	const char *file;
	void (*fn)(struct selftest_ctx *ctx);
	bool post;	/* also part of the short power-on self-test */
};

#define __SELFTEST(tname, is_post)					\
	static void selftest_##tname(struct selftest_ctx *st_ctx);	\
	static const struct selftest __selftest_##tname			\
	__section(".selftests") __used __aligned(8) = {			\
		.name = #tname, .file = __FILE__,			\
		.fn = selftest_##tname, .post = is_post,		\
	};								\
	static void selftest_##tname(struct selftest_ctx *st_ctx __unused)

#define SELFTEST(name)		__SELFTEST(name, false)
/* A test that also runs in the short power-on self-test at every boot. */
#define POST_SELFTEST(name)	__SELFTEST(name, true)

__printf(4, 5) void selftest_fail(struct selftest_ctx *ctx, const char *file,
				  int line, const char *fmt, ...);

#define ST_FAIL(fmt, ...)						\
	do {								\
		selftest_fail(st_ctx, __FILE__, __LINE__, fmt, ##__VA_ARGS__); \
		return;							\
	} while (0)

/* The test cannot run here (e.g. no such NIC): reported as "# SKIP", not a pass. */
#define ST_SKIP(why)							\
	do {								\
		st_ctx->skipped = true;					\
		snprintf(st_ctx->reason, sizeof(st_ctx->reason), "%s", why); \
		return;							\
	} while (0)

#define ST_ASSERT(cond)							\
	do {								\
		if (!(cond))						\
			ST_FAIL("%s", #cond);				\
	} while (0)

#define ST_EQ(a, b)							\
	do {								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (__a != __b)						\
			ST_FAIL("%s == %s: %lld != %lld", #a, #b, __a, __b); \
	} while (0)

struct selftest_result {
	int passed, failed, skipped;
};

/* Run every test (or only the POST ones); prints TAP-style lines and the summary. */
void selftest_run(bool post_only, struct selftest_result *res);
/* The summary of the last power-on self-test, for the dashboard. */
const struct selftest_result *selftest_post_result(void);

/* Each test of the last power-on self-test: its name and whether it passed. */
struct selftest_record {
	const char *name;
	bool ok;
	bool skipped;
	char reason[80];
};
int selftest_post_records(const struct selftest_record **out);
/* The short power-on self-test run at every boot; prints its summary line. */
void selftest_post(void);

/* isa-debug-exit: QEMU exits with (value << 1) | 1. */
#define QEMU_EXIT_PORT		0xf4
#define QEMU_EXIT_PASS		0x10	/* qemu exit status 33 */
#define QEMU_EXIT_FAIL		0x11	/* qemu exit status 35 */
void qemu_exit(u32 code);

#endif
