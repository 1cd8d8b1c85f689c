/*
 * Host implementations of the kernel services net/ uses: slab and kmalloc
 * on malloc (with the kernel's counters), printk and panic, bottom halves
 * and softirqs, a fake clock with timers, deterministic randomness and
 * SipHash. Single-threaded, like the uniprocessor kernel. At exit, the
 * drop reasons the program provoked go to $SKIFF_DROP_LOG (see
 * tests/unit/check_drop_reasons.sh).
 */
#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/random.h>
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/mm.h>
#include <kernel/page.h>
#include <kernel/ksyms.h>
#include <net/skbuff.h>
#include "shim.h"
#include <kernel/ksyms.h>
#include <sanitizer/common_interface_defs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned long shim_eflags = X86_EFLAGS_IF;
volatile unsigned long __preempt_count;
volatile bool need_resched_flag;
unsigned long trace_mask;
bool shim_printk_quiet;
u64 shim_printk_lines;

/* ---- allocation ---- */

struct kmem_cache {
	char name[32];
	size_t size;
	struct kmem_cache_stats stats;
	struct kmem_cache *next;
};

static struct kmem_cache *caches;
static u64 kmalloc_live;
static u64 fail_countdown;

void shim_fail_alloc_after(u64 n)
{
	fail_countdown = n;
}

static bool shim_should_fail(void)
{
	return fail_countdown && --fail_countdown == 0;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align)
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	(void)align;
	if (!c)
		return NULL;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->size = size;
	c->next = caches;
	caches = c;
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	struct kmem_cache **p;

	if (c->stats.active)
		panic("kmem_cache_destroy(%s): %u objects live", c->name,
		      c->stats.active);
	for (p = &caches; *p; p = &(*p)->next) {
		if (*p == c) {
			*p = c->next;
			break;
		}
	}
	free(c);
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	void *p = shim_should_fail() ? NULL : malloc(c->size);

	if (!p) {
		c->stats.failures++;
		return NULL;
	}
	c->stats.allocs++;
	c->stats.active++;
	return p;
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *p = kmem_cache_alloc(c);

	if (p)
		memset(p, 0, c->size);
	return p;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	if (!obj)
		return;
	if (!c->stats.active)
		panic("kmem_cache_free(%s): no object live", c->name);
	c->stats.frees++;
	c->stats.active--;
	free(obj);
}

void kmem_cache_get_stats(const struct kmem_cache *c,
			  struct kmem_cache_stats *out)
{
	*out = c->stats;
}

const char *kmem_cache_name(const struct kmem_cache *c)
{
	return c->name;
}

size_t kmem_cache_size(const struct kmem_cache *c)
{
	return c->size;
}

void kmem_cache_for_each(int (*fn)(struct kmem_cache *c, void *arg), void *arg)
{
	struct kmem_cache *c;

	for (c = caches; c; c = c->next)
		if (fn(c, arg))
			return;
}

/* kmalloc keeps its size in a header so ksize() and krealloc() work. */
struct kmalloc_hdr {
	size_t size;
	u64 magic;
};
#define KMALLOC_MAGIC 0x6b6d616c6c6f6321ULL

void *kmalloc(size_t size)
{
	struct kmalloc_hdr *h;

	if (shim_should_fail())
		return NULL;
	h = malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	h->magic = KMALLOC_MAGIC;
	kmalloc_live++;
	return h + 1;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *kcalloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size);
}

static struct kmalloc_hdr *kmalloc_hdr(const void *p)
{
	struct kmalloc_hdr *h = (struct kmalloc_hdr *)p - 1;

	if (h->magic != KMALLOC_MAGIC)
		panic("kfree/ksize of a pointer kmalloc did not return");
	return h;
}

void kfree(const void *p)
{
	struct kmalloc_hdr *h;

	if (!p)
		return;
	h = kmalloc_hdr(p);
	h->magic = 0;
	kmalloc_live--;
	free(h);
}

size_t ksize(const void *p)
{
	return kmalloc_hdr(p)->size;
}

void *krealloc(void *p, size_t size)
{
	void *n;

	if (!p)
		return kmalloc(size);
	n = kmalloc(size);
	if (!n)
		return NULL;
	memcpy(n, p, min(size, ksize(p)));
	kfree(p);
	return n;
}

char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

u64 shim_live_allocs(void)
{
	struct kmem_cache *c;
	u64 live = kmalloc_live;

	for (c = caches; c; c = c->next)
		live += c->stats.active;
	return live;
}

/*
 * Pages: each block is its own aligned host allocation (so ASan sees any
 * access past it) beside a struct page that remembers where it is.
 */
struct shim_page {
	struct page page;
	void *va;
};
static u64 pages_live;

struct page *__alloc_pages(unsigned int order)
{
	struct shim_page *sp;

	if (order >= MAX_ORDER || shim_should_fail())
		return NULL;
	sp = calloc(1, sizeof(*sp));
	if (!sp)
		return NULL;
	sp->va = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
	if (!sp->va) {
		free(sp);
		return NULL;
	}
	/* Garbage, as a fresh kernel page may hold: no reader may rely on zeros. */
	memset(sp->va, 0xa5, PAGE_SIZE << order);
	sp->page.order = (u8)order;
	sp->page._refcount = 1;
	pages_live += 1ULL << order;
	return &sp->page;
}

void __free_pages(struct page *p, unsigned int order)
{
	struct shim_page *sp = container_of(p, struct shim_page, page);

	if (order != p->order || !p->_refcount)
		panic("__free_pages: order %u of a block of order %u, %u references",
		      order, p->order, p->_refcount);
	if (--p->_refcount)
		return;
	pages_live -= 1ULL << order;
	free(sp->va);
	free(sp);
}

unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *page_address(const struct page *p)
{
	return container_of(p, struct shim_page, page)->va;
}

u64 shim_live_pages(void)
{
	return pages_live;
}

phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)(uintptr_t)va;
}

/* The machine the host tests stand for: 128 MiB, as `make run`'s QEMU, 16 of them in use. */
static u64 shim_free_pages_set;

void shim_set_free_pages(u64 n)
{
	shim_free_pages_set = n;
}

void page_alloc_get_stats(struct page_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->total_pages = (128u << 20) / PAGE_SIZE;
	out->free_pages = shim_free_pages_set ? shim_free_pages_set :
			  out->total_pages - (16u << 20) / PAGE_SIZE;
}

/* ---- logging ---- */

/* The newest printk output, for tests of trace messages. */
static char printk_log[16384];
static size_t printk_log_len;

static void printk_log_add(const char *s, size_t n)
{
	if (n >= sizeof(printk_log))
		n = sizeof(printk_log) - 1;
	if (printk_log_len + n >= sizeof(printk_log)) {
		size_t keep = sizeof(printk_log) / 2;

		memmove(printk_log, printk_log + printk_log_len - keep, keep);
		printk_log_len = keep;
	}
	memcpy(printk_log + printk_log_len, s, n);
	printk_log_len += n;
	printk_log[printk_log_len] = '\0';
}

const char *shim_printk_log(void)
{
	return printk_log;
}

void shim_printk_log_clear(void)
{
	printk_log_len = 0;
	printk_log[0] = '\0';
}

int vprintk(const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	shim_printk_lines++;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return n;
	printk_log_add(line, strlen(line));
	if (!shim_printk_quiet) {
		fputs("# printk: ", stderr);
		fputs(line, stderr);
	}
	return n;
}

/*
 * The host build links no symbol table (the kernel's comes from
 * tools/kallsyms.sh at link time): every address is unknown, as the
 * kernel says of an address outside its text.
 */
const char *ksym_lookup(u64 addr, u64 *offset, u64 *size)
{
	(void)addr;
	(void)offset;
	(void)size;
	return NULL;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* The kernel's backtrace (refcount_t warnings): the sanitizer runtime's here. */
void dump_stack(void)
{
	if (!shim_printk_quiet)
		__sanitizer_print_stack_trace();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("panic: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

void spin_lock_bug(spinlock_t *l, const char *what)
{
	panic("%s (lock %p)", what, (void *)l);
}

void preempt_schedule(void)
{
	need_resched_flag = false;	/* one thread: nothing else to run */
}

/* ---- softirqs ---- */

static void (*softirq_vec[NR_SOFTIRQS])(void);
static unsigned long softirq_pending;

void open_softirq(int nr, void (*action)(void))
{
	softirq_vec[nr] = action;
}

void raise_softirq_irqoff(int nr)
{
	softirq_pending |= 1UL << nr;
}

void raise_softirq(int nr)
{
	raise_softirq_irqoff(nr);
}

unsigned long shim_softirq_pending(void)
{
	return softirq_pending;
}

int shim_run_softirqs(void)
{
	int runs = 0, nr;

	if (in_interrupt())
		return 0;
	preempt_count_add(SOFTIRQ_OFFSET);
	while (softirq_pending) {
		if (++runs > 100000)
			panic("softirqs keep raising themselves");
		for (nr = 0; nr < NR_SOFTIRQS; nr++) {
			if (!(softirq_pending & (1UL << nr)))
				continue;
			softirq_pending &= ~(1UL << nr);
			if (softirq_vec[nr])
				softirq_vec[nr]();
		}
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
	return runs;
}

void do_softirq(void)
{
	shim_run_softirqs();
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

/* As the kernel: leaving the outermost section runs what was raised. */
void local_bh_enable(void)
{
	if (!(preempt_count() & SOFTIRQ_MASK))
		panic("local_bh_enable without local_bh_disable");
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
	if (!in_interrupt() && softirq_pending)
		shim_run_softirqs();
}

/* ---- time and timers ---- */

static u64 now_ns;
static LIST_HEAD(timer_list_head);	/* sorted by expires */

u64 ktime_get_ns(void)
{
	return now_ns;
}

/* The fake wall clock: boot at 2023-11-14 22:13:20 UTC. */
u64 ktime_mono_to_real(u64 ns)
{
	return 1700000000ULL * NSEC_PER_SEC + ns;
}

/* As the kernel's: jiffies are read from the (here fake) clock. */
u64 get_jiffies_64(void)
{
	return now_ns / (NSEC_PER_SEC / HZ);
}

u64 shim_now_ms(void)
{
	return now_ns / NSEC_PER_MSEC;
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *),
		 u32 flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->expires = 0;
}

int del_timer(struct timer_list *t)
{
	int pending = timer_pending(t);

	list_del_init(&t->entry);
	return pending;
}

int mod_timer(struct timer_list *t, u64 expires)
{
	int pending = del_timer(t);
	struct list_head *pos;

	t->expires = expires;
	list_for_each(pos, &timer_list_head) {
		struct timer_list *o = list_entry(pos, struct timer_list, entry);

		if (time_after(o->expires, expires))
			break;
	}
	list_add_tail(&t->entry, pos);
	return pending;
}

u32 timers_pending_count(void)
{
	struct list_head *pos;
	u32 n = 0;

	list_for_each(pos, &timer_list_head)
		n++;
	return n;
}

void run_timers(u64 now)
{
	struct timer_list *t;

	while ((t = list_first_entry_or_null(&timer_list_head,
					     struct timer_list, entry)) &&
	       time_before_eq(t->expires, now)) {
		list_del_init(&t->entry);
		t->function(t);
	}
}

static void shim_set_clock_ms(u64 ms)
{
	if (ms * NSEC_PER_MSEC > now_ns)
		now_ns = ms * NSEC_PER_MSEC;
}

void shim_advance_ms(u64 ms)
{
	u64 target = jiffies + ms;
	struct timer_list *t;

	for (;;) {
		t = list_first_entry_or_null(&timer_list_head,
					     struct timer_list, entry);
		if (!t || time_after(t->expires, target))
			break;
		shim_set_clock_ms(t->expires);
		preempt_count_add(SOFTIRQ_OFFSET);
		run_timers(jiffies);
		preempt_count_sub(SOFTIRQ_OFFSET);
		shim_run_softirqs();
	}
	shim_set_clock_ms(target);
	shim_run_softirqs();
}

/* ---- randomness: xorshift64*, seeded, so runs repeat exactly ---- */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

void shim_random_seed(u64 seed)
{
	rng_state = seed ? seed : 1;
}

u64 get_random_u64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

u32 get_random_u32(void)
{
	return (u32)(get_random_u64() >> 32);
}

u32 get_random_u32_below(u32 bound)
{
	return bound ? (u32)(((u64)get_random_u32() * bound) >> 32) : 0;
}

void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;

	while (n--)
		*p++ = (u8)get_random_u32();
}

/* ---- drop reasons provoked ---- */

/*
 * Append "REASON COUNT" for every reason this program's drops were
 * counted under, so `make unit` can check that each reason the stack uses
 * was provoked by some test. One write per line, O_APPEND: programs may
 * run one after another into the same file.
 */
__attribute__((destructor)) static void shim_log_drop_reasons(void)
{
	const char *path = getenv("SKIFF_DROP_LOG");
	FILE *f;

	if (!path || !*path)
		return;
	f = fopen(path, "a");
	if (!f)
		return;
	setvbuf(f, NULL, _IOLBF, 0);
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++) {
		u64 n = skb_drop_reason_count(r);

		if (n)
			fprintf(f, "%s %llu\n", drop_reason_name(r), (unsigned long long)n);
	}
	fclose(f);
}
