/*
 * The self-test runner. Tests are registered in the file they test (see
 * kernel/selftest.h) and collected by the linker into one array; the
 * output is TAP-like so that the harness and a person read the same lines.
 */
#include <kernel/selftest.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/time.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

extern const struct selftest __selftests_start[], __selftests_end[];

#define POST_MAX 64

static struct selftest_result post_result;
static struct selftest_record post_records[POST_MAX];
static int post_count;

void selftest_fail(struct selftest_ctx *ctx, const char *file, int line,
		   const char *fmt, ...)
{
	va_list ap;
	int n;

	ctx->failed = true;
	n = snprintf(ctx->reason, sizeof(ctx->reason), "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof(ctx->reason))
		return;
	va_start(ap, fmt);
	vsnprintf(ctx->reason + n, sizeof(ctx->reason) - n, fmt, ap);
	va_end(ap);
}

void selftest_run(bool post_only, struct selftest_result *res)
{
	int n = 0;

	res->passed = res->failed = res->skipped = 0;
	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		struct selftest_ctx ctx = { .failed = false };
		u64 t0;

		if (post_only && !t->post)
			continue;
		n++;
		t0 = ktime_get_ns();
		t->fn(&ctx);
		if (arch_irqs_disabled()) {
			ctx.failed = true;
			snprintf(ctx.reason, sizeof(ctx.reason), "returned with interrupts disabled");
			arch_local_irq_enable();
		}
		if (post_only && post_count < POST_MAX) {
			struct selftest_record *r = &post_records[post_count++];

			r->name = t->name;
			r->ok = !ctx.failed;
			r->skipped = ctx.skipped;
			strlcpy(r->reason, ctx.failed ? ctx.reason : "", sizeof(r->reason));
		}
		if (ctx.failed) {
			printk("not ok %d - %s: %s\n", n, t->name, ctx.reason);
			res->failed++;
		} else if (ctx.skipped) {
			printk("ok %d - %s # SKIP %s\n", n, t->name, ctx.reason);
			res->skipped++;
		} else {
			printk("ok %d - %s (%llu ms)\n", n, t->name,
			       (unsigned long long)((ktime_get_ns() - t0) / NSEC_PER_MSEC));
			res->passed++;
		}
	}
	if (post_only)
		post_result = *res;
}

const struct selftest_result *selftest_post_result(void)
{
	return &post_result;
}

int selftest_post_records(const struct selftest_record **out)
{
	*out = post_records;
	return post_count;
}

void selftest_post(void)
{
	struct selftest_result r;

	post_count = 0;
	selftest_run(true, &r);
	printk("self-test: %d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped);
}

/*
 * QEMU's isa-debug-exit device turns a write of v to its port into
 * exit((v << 1) | 1). Without the device the write goes nowhere.
 */
void qemu_exit(u32 code)
{
	outl(QEMU_EXIT_PORT, code);
}
