/*
 * The self-test runner. Tests are registered in the file they test (see
 * kernel/selftest.h) and collected by the linker into one array; the
 * output is TAP-like so that the harness and a person read the same lines.
 * The suite runs at boot (cmdline `selftest`), as the short power-on set
 * after every boot, and on request through /dev/selftest (the shell's
 * `selftest`).
 */
#include <kernel/selftest.h>
#include <kernel/procfs.h>
#include <kernel/file.h>
#include <kernel/wait.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/time.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <stdio.h>
#include <stdarg.h>
#include <errno.h>
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

/* A line of the report: to the kernel log, or into the reader's buffer. */
static __printf(2, 3) void report(struct seq_buf *out, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (out)
		seq_puts(out, line);
	else
		printk("%s", line);
}

static void record_post(const struct selftest *t, const struct selftest_ctx *ctx)
{
	struct selftest_record *r;

	if (post_count >= POST_MAX)
		return;
	r = &post_records[post_count++];
	r->name = t->name;
	r->ok = !ctx->failed;
	r->skipped = ctx->skipped;
	strlcpy(r->reason, ctx->failed ? ctx->reason : "", sizeof(r->reason));
}

/* Run every test (or the POST ones); out NULL: lines to the log. record: for the dashboard. */
static void selftest_run_to(bool post_only, struct selftest_result *res,
			    struct seq_buf *out, bool record)
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
		if (record)
			record_post(t, &ctx);
		if (ctx.failed) {
			report(out, "not ok %d - %s: %s\n", n, t->name, ctx.reason);
			res->failed++;
		} else if (ctx.skipped) {
			report(out, "ok %d - %s # SKIP %s\n", n, t->name, ctx.reason);
			res->skipped++;
		} else {
			report(out, "ok %d - %s (%llu ms)\n", n, t->name,
			       (unsigned long long)((ktime_get_ns() - t0) / NSEC_PER_MSEC));
			res->passed++;
		}
	}
}

void selftest_run(bool post_only, struct selftest_result *res)
{
	selftest_run_to(post_only, res, NULL, false);
	printk("%d passed, %d failed, %d skipped\n", res->passed, res->failed, res->skipped);
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
	post_count = 0;
	selftest_run_to(true, &post_result, NULL, true);
	printk("self-test: %d passed, %d failed, %d skipped\n", post_result.passed,
	       post_result.failed, post_result.skipped);
}

/*
 * /dev/selftest: the suite on request. Write "post" to choose the short
 * power-on set (the default is all of it); the first read runs it, in a
 * kernel thread of its own as at boot, and returns its report: the "ok N -
 * name" lines and the "N passed, N failed, N skipped" summary. One run at
 * a time (EBUSY).
 */
struct selftest_file {
	bool post_only, ran, done;
	struct seq_buf report;
	size_t pos;			/* read so far */
	wait_queue_head_t wq;
};

static bool selftest_busy;

static int selftest_thread(void *arg)
{
	struct selftest_file *sf = arg;
	struct selftest_result r;

	selftest_run_to(sf->post_only, &r, &sf->report, false);
	report(&sf->report, "%d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped);
	WRITE_ONCE(sf->done, true);
	wake_up(&sf->wq);
	return 0;
}

static ssize_t selftest_write_iter(struct file *f, struct iov_iter *from)
{
	struct selftest_file *sf = f->private_data;
	size_t len = iov_iter_count(from), n = len;
	char buf[8] = { 0 };

	if (sf->ran)
		return -EBUSY;
	if (n > sizeof(buf) - 1 || copy_from_iter(buf, n, from) != n)
		return -EINVAL;
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (strcmp(buf, "post") && strcmp(buf, "all"))
		return -EINVAL;
	sf->post_only = !strcmp(buf, "post");
	return (ssize_t)len;
}

static int selftest_start(struct selftest_file *sf)
{
	/* Test and set in one step: two readers may race here (preemption). */
	if (__atomic_exchange_n(&selftest_busy, true, __ATOMIC_SEQ_CST))
		return -EBUSY;
	sf->ran = true;
	if (!kthread_run(selftest_thread, sf, "selftest")) {
		WRITE_ONCE(selftest_busy, false);
		return -ENOMEM;
	}
	wait_event(sf->wq, READ_ONCE(sf->done));
	WRITE_ONCE(selftest_busy, false);
	return 0;
}

static ssize_t selftest_read_iter(struct file *f, struct iov_iter *to)
{
	struct selftest_file *sf = f->private_data;
	size_t n;
	int err;

	if (!sf->ran && (err = selftest_start(sf)) < 0)
		return err;
	n = min(iov_iter_count(to), sf->report.len - sf->pos);
	if (n && copy_to_iter(sf->report.buf + sf->pos, n, to) != n)
		return -EFAULT;
	sf->pos += n;
	return (ssize_t)n;
}

static void selftest_release(struct file *f)
{
	struct selftest_file *sf = f->private_data;

	seq_buf_free(&sf->report);
	kfree(sf);
}

static const struct file_operations selftest_fops = {
	.read_iter = selftest_read_iter,
	.write_iter = selftest_write_iter,
	.release = selftest_release,
};

static int selftest_open(struct file **fp, unsigned int flags)
{
	struct selftest_file *sf = kzalloc(sizeof(*sf));

	if (!sf)
		return -ENOMEM;
	seq_buf_init(&sf->report, 256 * 1024);
	init_waitqueue_head(&sf->wq);
	*fp = alloc_file(&selftest_fops, sf, flags);
	if (!*fp) {
		kfree(sf);
		return -ENOMEM;
	}
	return 0;
}
DEV_ENTRY(selftest, "/dev/selftest", selftest_open);

/*
 * QEMU's isa-debug-exit device turns a write of v to its port into
 * exit((v << 1) | 1). Without the device the write goes nowhere.
 */
void qemu_exit(u32 code)
{
	outl(QEMU_EXIT_PORT, code);
}
