/*
 * syzfuzz=SECONDS[,PROCS]: run the system call fuzzer (the program
 * syzfuzztest, tests/programs/syzfuzztest/, in the test image only) as
 * PROCS processes (default 3) for SECONDS, then check that the kernel gave
 * back everything they made it hold. Skiff has no fork or clone, so the
 * fuzzer's concurrency is several processes, started here with their
 * seconds and index as arguments (and a seed each, to replay a run:
 * syzfuzz.seeds=).
 *
 * Once the boot has settled, a snapshot is taken of every pool a process
 * can make the kernel hold: each slab cache's objects (descriptors,
 * sockets, epoll items, timewait socks, routes, neighbours, kmalloc), skb
 * heads and data areas, pending timers, threads, and user pages and
 * page tables that no live process owns (the other services' heaps may
 * grow meanwhile; that is theirs). After the last fuzzer has exited, the
 * runner waits (up to what TCP may keep of a closed connection, plus a
 * margin) for every pool to come back down, then names each that did not: a leak. Its "syzfuzz:"
 * lines are what tests/integration/test_syzfuzz.sh reads.
 */
#include <kernel/kstrtox.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/printk.h>
#include <kernel/syscalls.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/wait.h>
#include <asm/ptrace.h>
#include <net/route.h>
#include <net/skbuff.h>
#include <net/tcp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM		"syzfuzztest"
#define MAX_PROCS	8
#define MAX_CACHES	64
#define EXIT_GRACE_MS	120000	/* after SECONDS, for the fuzzers to wind down */
#define SETTLE_MS	30000	/* beyond 2 MSL, for pools to come back */
#define POLL_MS		250

static unsigned int fuzz_seconds, fuzz_procs = 3;
/* Each fuzzer's seed to replay a run, as it printed them; "" = random. */
static char fuzz_seeds[MAX_PROCS][20];

struct pools {
	u64 skb_heads, skb_data, orphan_pages, orphan_tables;
	u32 timers, threads, ncaches;
	struct {
		const struct kmem_cache *cache;
		u32 active;
	} caches[MAX_CACHES];
};

struct run {
	wait_queue_head_t wq;
	volatile int exited;
	int faulted, failed;
	struct process *procs[MAX_PROCS];	/* NULL once exited */
};

static int set_syzfuzz(const char *key, const char *value)
{
	unsigned long s, n = 3;
	char secs[24];
	size_t len;

	if (!value || (len = strcspn(value, ",")) >= sizeof(secs))
		return -EINVAL;
	memcpy(secs, value, len);
	secs[len] = '\0';
	if (kstrtoul(secs, 10, &s) || (value[len] && kstrtoul(value + len + 1, 10, &n)) ||
	    s < 1 || s > 86400 || n < 1 || n > MAX_PROCS)
		return -EINVAL;
	fuzz_seconds = s;
	fuzz_procs = n;
	return 0;
}
CMDLINE_PARAM(syzfuzz, "syzfuzz", set_syzfuzz,
	      "syzfuzz=SECONDS[,PROCS]: run the syscall fuzzer (test image), then check for leaks");

/* syzfuzz.seeds=S0,S1,...: replay a run whose fuzzers printed these seeds. */
static int set_syzfuzz_seeds(const char *key, const char *value)
{
	unsigned int n = 0;

	while (value && *value && n < MAX_PROCS) {
		char *end;

		strtoull(value, &end, 0);
		if (end == value || (*end && *end != ',') ||
		    (size_t)(end - value) >= sizeof(fuzz_seeds[n]))
			return -EINVAL;
		memcpy(fuzz_seeds[n], value, end - value);
		fuzz_seeds[n++][end - value] = '\0';
		value = *end ? end + 1 : end;
	}
	return value && !*value ? 0 : -EINVAL;
}
CMDLINE_PARAM(syzfuzz_seeds, "syzfuzz.seeds", set_syzfuzz_seeds,
	      "syzfuzz.seeds=SEED,...: the fuzzers' seeds, to replay a run");

static int cache_snap(struct kmem_cache *c, void *arg)
{
	struct pools *p = arg;
	struct kmem_cache_stats st;

	if (p->ncaches == MAX_CACHES)
		return 1;
	kmem_cache_get_stats(c, &st);
	p->caches[p->ncaches].cache = c;
	p->caches[p->ncaches++].active = st.active;
	return 0;
}

static void pools_snap(struct pools *p)
{
	struct skb_stats skb;

	/*
	 * The input routes cached for the next packet (route.c: one per route,
	 * and per device for local and broadcast delivery, as Linux's
	 * nh_rth_input) stay with the route, not with a process: a fuzzer
	 * that first sent to a broadcast address leaves one more. Released
	 * before each look, so only what a process holds is counted.
	 */
	rt_cache_flush();
	memset(p, 0, sizeof(*p));
	skb_get_stats(&skb);
	p->skb_heads = skb.live_heads;
	p->skb_data = skb.live_data;
	process_mem_stats(&p->orphan_pages, &p->orphan_tables);
	p->timers = timers_pending_count();
	p->threads = nr_tasks();
	kmem_cache_for_each(cache_snap, p);
}

static u32 cache_active(const struct pools *p, const struct kmem_cache *c)
{
	for (u32 i = 0; i < p->ncaches; i++)
		if (p->caches[i].cache == c)
			return p->caches[i].active;
	return 0;
}

/*
 * Pools of now above base; printed if report. A cache created since base
 * counts from zero. Returns how many.
 */
static int pools_above(const struct pools *base, const struct pools *now, bool report)
{
	static const char *const names[] = { "skb heads", "skb data areas", "user pages no process owns",
					     "user page tables no process owns", "pending timers", "threads" };
	const u64 b[] = { base->skb_heads, base->skb_data, base->orphan_pages,
			  base->orphan_tables, base->timers, base->threads };
	const u64 n[] = { now->skb_heads, now->skb_data, now->orphan_pages,
			  now->orphan_tables, now->timers, now->threads };
	int leaks = 0;

	for (size_t i = 0; i < ARRAY_SIZE(b); i++) {
		if (n[i] <= b[i])
			continue;
		leaks++;
		if (report)
			printk("syzfuzz: leak: %s: %llu before, %llu after\n", names[i],
			       (unsigned long long)b[i], (unsigned long long)n[i]);
	}
	for (u32 i = 0; i < now->ncaches; i++) {
		u32 was = cache_active(base, now->caches[i].cache);

		if (now->caches[i].active <= was)
			continue;
		leaks++;
		if (report)
			printk("syzfuzz: leak: slab %s: %u objects before, %u after\n",
			       kmem_cache_name(now->caches[i].cache), was, now->caches[i].active);
	}
	return leaks;
}

/* The boot (services starting, ARP, the first timers) has settled when a second passes without change. */
static void wait_quiet(struct pools *base)
{
	struct pools now;
	int quiet = 0;

	pools_snap(base);
	for (int t = 0; t < SETTLE_MS / POLL_MS && quiet < 1000 / POLL_MS; t++) {
		msleep(POLL_MS);
		pools_snap(&now);
		if (pools_above(base, &now, false) || pools_above(&now, base, false))
			quiet = 0;
		else
			quiet++;
		*base = now;
	}
}

/* In the exiting thread; several may end at once, hence interrupts off around the counts. */
static void fuzzer_exited(struct process *p)
{
	struct run *r = p->owner;
	unsigned long flags;

	if (p->faulted || p->exit_code)
		printk("syzfuzz: %s (pid %d) ended with status %d%s\n", p->name, p->pid,
		       p->exit_code, p->faulted ? " (killed by a fault)" : "");
	local_irq_save(flags);
	for (unsigned int i = 0; i < fuzz_procs; i++)
		if (r->procs[i] == p)
			r->procs[i] = NULL;
	r->faulted += p->faulted;
	r->failed += !p->faulted && p->exit_code;
	r->exited++;
	local_irq_restore(flags);
	wake_up(&r->wq);
}

static int start_fuzzers(struct run *r)
{
	int started = 0;

	for (unsigned int i = 0; i < fuzz_procs; i++) {
		char secs[16], idx[16];
		const char *argv[] = { secs, idx, fuzz_seeds[i][0] ? fuzz_seeds[i] : NULL, NULL };

		snprintf(secs, sizeof(secs), "%u", fuzz_seconds);
		snprintf(idx, sizeof(idx), "%u", i);
		r->procs[i] = process_spawn(PROGRAM, PROGRAM, argv, false, fuzzer_exited, r);
		started += r->procs[i] != NULL;
	}
	return started;
}

/*
 * What a fuzzer that does not end is doing: the system call it is in, if
 * any (a stall's cause). Interrupts off, so none exits meanwhile.
 */
static void report_stuck(const struct run *r)
{
	unsigned long flags;

	local_irq_save(flags);
	for (unsigned int i = 0; i < fuzz_procs; i++) {
		const struct process *p = r->procs[i];
		const struct pt_regs *regs = p ? p->task->syscall_regs : NULL;
		char who[40];

		if (!p)
			continue;
		if (!regs) {
			printk("syzfuzz: pid %d is not in a system call (state %d)\n", p->pid,
			       p->task->state);
			continue;
		}
		snprintf(who, sizeof(who), "syzfuzz: pid %d is ", p->pid);
		print_syscall(who, regs);
	}
	local_irq_restore(flags);
}

static int syzfuzz_run(void *arg)
{
	static struct pools base, now;
	struct run r = { .exited = 0 };
	/*
	 * What TCP may keep of a connection after its process is gone: TIME-WAIT
	 * (2 MSL), or an orphan in FIN-WAIT-2 (TCP_FIN_TIMEOUT) while its peer,
	 * a service writing into a zero window, probes it TCP_RTO_MAX apart and
	 * is reset once it has gone. HZ is 1000: jiffies are milliseconds.
	 */
	u64 tcp_linger_ms = 2ULL * tcp_msl_ms > (u64)(TCP_FIN_TIMEOUT + TCP_RTO_MAX) ?
			    2ULL * tcp_msl_ms : (u64)(TCP_FIN_TIMEOUT + TCP_RTO_MAX);
	u64 settle_ms = tcp_linger_ms + SETTLE_MS;
	int started, leaks = 0;

	init_waitqueue_head(&r.wq);
	wait_quiet(&base);
	printk("syzfuzz: %u processes for %u s\n", fuzz_procs, fuzz_seconds);
	started = start_fuzzers(&r);
	if (!wait_event_timeout(r.wq, r.exited == started,
				msecs_to_jiffies(fuzz_seconds * 1000ULL + EXIT_GRACE_MS))) {
		printk("syzfuzz: %d of %d processes still running %u s after their end\n",
		       started - r.exited, started, EXIT_GRACE_MS / 1000);
		report_stuck(&r);
		return 0;
	}
	for (u64 t = 0; t < settle_ms; t += POLL_MS) {
		pools_snap(&now);
		if (!pools_above(&base, &now, false))
			break;
		msleep(POLL_MS);
	}
	pools_snap(&now);
	leaks = pools_above(&base, &now, true);
	printk("syzfuzz: done: %d of %u processes ran, %d faulted, %d failed, %d leaks\n",
	       started, fuzz_procs, r.faulted, r.failed, leaks);
	return 0;
}

static int syzfuzz_init(void)
{
	if (!fuzz_seconds)
		return 0;
	if (!kthread_run(syzfuzz_run, NULL, "syzfuzz"))
		return -ENOMEM;
	return 0;
}
late_initcall(syzfuzz_init);
