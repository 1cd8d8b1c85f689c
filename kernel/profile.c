/*
 * The sampling profiler. At `profile=HZ` (command line) or after a write
 * of the rate to /proc/profile, the timer interrupt samples the
 * interrupted instruction pointer: kernel addresses land in a histogram of
 * the text in 16-byte buckets (Linux's prof_buffer with prof_shift 4),
 * time in user mode and in the idle thread is counted apart.
 *
 *   /proc/profile          the raw histogram: a header, then one
 *                          "ADDRESS COUNT" line per bucket hit; a write of
 *                          a rate ("1000", "0" stops) restarts it
 *   /proc/skiff/profile    samples by function through kallsyms, the
 *                          top first (what `perf top` and the dashboard show)
 */
#include <kernel/kstrtox.h>
#include <kernel/profile.h>
#include <kernel/cmdline.h>
#include <kernel/file.h>
#include <kernel/init.h>
#include <kernel/ksyms.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/slab.h>
#include <kernel/stats.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/uio.h>
#include <asm/ptrace.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PROF_SHIFT	4		/* 16 bytes of text per bucket */

extern char _stext[], _etext[];

static u32 *prof_buffer;		/* one counter per bucket of [_stext, _etext) */
static size_t prof_len;			/* buckets */
static unsigned int prof_order;		/* the buffer's page order */
static unsigned int prof_rate;		/* samples per second, 0 = off */
static unsigned int prof_every;		/* ticks between samples */
static unsigned int prof_countdown;
static u64 prof_samples, prof_user, prof_idle;

void profile_tick(const struct pt_regs *regs)
{
	u64 rip;

	if (likely(!prof_rate) || --prof_countdown)
		return;
	prof_countdown = prof_every;
	prof_samples++;
	if (user_mode(regs)) {
		prof_user++;
		return;
	}
	if (is_idle_task(current)) {
		prof_idle++;
		return;
	}
	rip = regs->rip - (u64)_stext;
	if (rip < (u64)(_etext - _stext))
		prof_buffer[rip >> PROF_SHIFT]++;
}

static void profile_reset(void)
{
	unsigned long flags;

	local_irq_save(flags);
	memset(prof_buffer, 0, prof_len * sizeof(*prof_buffer));
	prof_samples = prof_user = prof_idle = 0;
	local_irq_restore(flags);
}

int profile_set_rate(unsigned int hz)
{
	unsigned long flags;

	if (hz > HZ || (hz && HZ % hz))
		return -EINVAL;
	if (hz && !prof_buffer) {
		prof_len = ((size_t)(_etext - _stext) >> PROF_SHIFT) + 1;
		prof_order = get_order(prof_len * sizeof(*prof_buffer));
		prof_buffer = get_zeroed_pages(prof_order);
		if (!prof_buffer)
			return -ENOMEM;
	}
	local_irq_save(flags);
	prof_rate = hz;
	prof_every = prof_countdown = hz ? HZ / hz : 0;
	local_irq_restore(flags);
	if (prof_buffer)
		profile_reset();
	return 0;
}

static unsigned int prof_boot_rate;	/* from the command line, started by profile_init */

static int profile_param(const char *key, const char *value)
{
	unsigned long hz = 0;

	if (!value || kstrtoul(value, 10, &hz) || hz > HZ || (hz && HZ % hz)) {
		printk("profile: '%s' is not a sampling rate that divides %d Hz\n",
		       value ? value : "", HZ);
		return -EINVAL;
	}
	prof_boot_rate = hz;
	return 0;
}
CMDLINE_PARAM(profile, "profile", profile_param,
	      "profile=HZ: sample the instruction pointer HZ times a second (a divisor of 1000); see /proc/profile");

/* The command line is read before memory is up: the buffer comes now. */
static int profile_init(void)
{
	int err;

	if (!prof_boot_rate)
		return 0;
	err = profile_set_rate(prof_boot_rate);
	if (err)
		printk("profile: cannot start (%d)\n", err);
	else
		printk("profile: sampling the kernel %u times a second\n", prof_boot_rate);
	return 0;
}
core_initcall(profile_init);

static void profile_show_raw(struct seq_buf *s)
{
	seq_printf(s, "rate %u\nshift %d\ntext %#llx\nsamples %llu user %llu idle %llu\n",
		   prof_rate, PROF_SHIFT, (unsigned long long)(u64)_stext,
		   (unsigned long long)prof_samples, (unsigned long long)prof_user,
		   (unsigned long long)prof_idle);
	for (size_t i = 0; prof_buffer && i < prof_len; i++)
		if (prof_buffer[i])
			seq_printf(s, "%llx %u\n",
				   (unsigned long long)((u64)_stext + (i << PROF_SHIFT)),
				   prof_buffer[i]);
}

struct prof_func {
	u64 start;
	u64 samples;
};

/* Buckets run in address order, so a function's buckets are neighbours. */
static size_t profile_by_function(struct prof_func *f, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < prof_len; i++) {
		u64 addr = (u64)_stext + (i << PROF_SHIFT), off, size;

		if (!prof_buffer[i] || !ksym_lookup(addr, &off, &size))
			continue;
		if (n && f[n - 1].start == addr - off) {
			f[n - 1].samples += prof_buffer[i];
		} else if (n < max) {
			f[n].start = addr - off;
			f[n].samples = prof_buffer[i];
			n++;
		}
	}
	return n;
}

static int by_samples(const void *a, const void *b)
{
	const struct prof_func *x = a, *y = b;

	return x->samples < y->samples ? 1 : x->samples > y->samples ? -1 : 0;
}

/* The top functions, busiest first, into f (at most max); how many. */
static size_t profile_top(struct prof_func *f, size_t max)
{
	size_t n = profile_by_function(f, max);

	qsort(f, n, sizeof(*f), by_samples);
	return n;
}

static void show_line(struct seq_buf *s, u64 n, const char *what)
{
	u64 total = prof_samples ? prof_samples : 1;

	seq_printf(s, "%10llu %5llu.%llu%%  %s\n", (unsigned long long)n,
		   (unsigned long long)(n * 100 / total),
		   (unsigned long long)(n * 1000 / total % 10), what);
}

void profile_show_top(struct seq_buf *s, unsigned int max_lines)
{
	const size_t max = 4096;
	struct prof_func *f;
	size_t n;

	seq_printf(s, "# %u Hz, %llu samples\n#    samples  share  where\n", prof_rate,
		   (unsigned long long)prof_samples);
	show_line(s, prof_user, "[user mode]");
	show_line(s, prof_idle, "[idle]");
	if (!prof_buffer)
		return;
	f = kmalloc(max * sizeof(*f));
	if (!f) {
		seq_puts(s, "# no memory to sort the functions\n");
		return;
	}
	n = profile_top(f, max);
	for (size_t i = 0; i < n && i < max_lines; i++) {
		u64 off, size;

		show_line(s, f[i].samples, ksym_lookup(f[i].start, &off, &size));
	}
	kfree(f);
}

/* stats.json's "profile": the rate, the sample counts and the top functions. */
static void profile_json(struct json_list *l)
{
	const size_t max = 4096, shown = 15;
	struct prof_func *f;
	size_t n = 0;

	json_sep(l);
	seq_printf(l->s, "\"rate_hz\":%u,\"samples\":%llu,\"user\":%llu,\"idle\":%llu,\"top\":[",
		   prof_rate, (unsigned long long)prof_samples,
		   (unsigned long long)prof_user, (unsigned long long)prof_idle);
	f = prof_buffer ? kmalloc(max * sizeof(*f)) : NULL;
	if (f)
		n = profile_top(f, max);
	for (size_t i = 0; i < n && i < shown; i++) {
		u64 off, size;

		seq_printf(l->s, "%s{\"fn\":", i ? "," : "");
		seq_json_str(l->s, ksym_lookup(f[i].start, &off, &size));
		seq_printf(l->s, ",\"samples\":%llu}", (unsigned long long)f[i].samples);
	}
	seq_putc(l->s, ']');
	kfree(f);
}
STATS_JSON(profile, "profile", '{', profile_json);

static void profile_show_functions(struct seq_buf *s)
{
	profile_show_top(s, 50);
}
PROC_ENTRY(skiff_profile, "/proc/skiff/profile", profile_show_functions);

/* /proc/profile: the raw text on read; a rate ("1000", "0") on write. */
struct profile_file {
	struct seq_buf text;
	size_t pos;
};

static ssize_t profile_read_iter(struct file *f, struct iov_iter *to)
{
	struct profile_file *pf = f->private_data;
	size_t n = min(iov_iter_count(to), pf->text.len - pf->pos);
	size_t done;

	if (!n)
		return 0;
	done = copy_to_iter(pf->text.buf + pf->pos, n, to);
	if (!done)
		return -EFAULT;
	pf->pos += done;
	return done;
}

static ssize_t profile_write_iter(struct file *f, struct iov_iter *from)
{
	char buf[16];
	size_t n = iov_iter_count(from);
	unsigned long hz;
	int err;

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	if (copy_from_iter(buf, n, from) != n)
		return -EFAULT;
	buf[n] = '\0';
	if (kstrtoul(buf, 10, &hz))
		return -EINVAL;
	err = profile_set_rate(hz);
	return err ? err : (ssize_t)n;
}

static void profile_release(struct file *f)
{
	struct profile_file *pf = f->private_data;

	seq_buf_free(&pf->text);
	kfree(pf);
}

static const struct file_operations profile_fops = {
	.read_iter = profile_read_iter,
	.write_iter = profile_write_iter,
	.release = profile_release,
};

static int profile_open(struct file **fp, unsigned int flags)
{
	struct profile_file *pf = kzalloc(sizeof(*pf));

	if (!pf)
		return -ENOMEM;
	seq_buf_init(&pf->text, 4 << 20);
	profile_show_raw(&pf->text);
	*fp = alloc_file(&profile_fops, pf, flags);
	if (!*fp) {
		seq_buf_free(&pf->text);
		kfree(pf);
		return -ENOMEM;
	}
	return 0;
}
DEV_ENTRY(profile, "/proc/profile", profile_open);

/* A busy loop in a known function must show up as that function's samples. */
static __attribute__((noipa)) u64 profile_spin(u64 until)
{
	u64 n = 1;

	do {
		for (int i = 0; i < 20000; i++)
			n = n * 31 + (u64)i;
		__asm__ __volatile__("" : "+r"(n));
	} while (ktime_get_ns() < until);
	return n;
}

SELFTEST(profile_samples_where_the_cpu_is)
{
	unsigned int old = prof_rate;
	struct seq_buf s;
	bool found;

	ST_EQ(profile_set_rate(3), -EINVAL);
	ST_EQ(profile_set_rate(1000), 0);
	profile_spin(ktime_get_ns() + 200 * NSEC_PER_MSEC);
	ST_ASSERT(prof_samples >= 50);
	seq_buf_init(&s, 64 * 1024);
	profile_show_top(&s, 5);
	found = !s.overflow && strstr(s.buf ? s.buf : "", "profile_spin");
	seq_buf_free(&s);
	ST_EQ(profile_set_rate(old), 0);
	ST_ASSERT(found);
}
