/*
 * Slab caches and kmalloc.
 *
 * A slab is a run of 2^order pages carved into equal objects; free objects
 * are chained through their first word. Each cache keeps its slabs on a
 * partial or full list, and at most one empty slab in reserve, so a burst
 * of frees gives pages back to the buddy allocator. The head page's
 * struct page points to the cache, which is how kfree() finds where an
 * object came from (Linux's SLUB does the same).
 */
#include <kernel/slab.h>
#include <kernel/page.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/selftest.h>
#include <string.h>

struct kmem_cache {
	const char *name;
	size_t size;		/* object size, rounded up to the alignment */
	size_t obj_size;	/* size asked for */
	unsigned int order;	/* pages per slab = 2^order */
	unsigned int objs_per_slab;
	struct list_head partial;
	struct list_head full;
	struct page *spare;	/* one empty slab kept back */
	struct kmem_cache_stats stats;
	struct list_head list;
	spinlock_t lock;
};

static LIST_HEAD(cache_list);
static DEFINE_SPINLOCK(cache_list_lock);
static struct kmem_cache cache_cache;	/* the cache of kmem_cache structures */

#define KMALLOC_MIN_SHIFT 4
#define KMALLOC_MAX_SHIFT 12	/* above 4 KiB kmalloc takes whole pages */
static struct kmem_cache *kmalloc_caches[KMALLOC_MAX_SHIFT + 1];
static const char *const kmalloc_names[KMALLOC_MAX_SHIFT + 1] = {
	[4] = "kmalloc-16", [5] = "kmalloc-32", [6] = "kmalloc-64",
	[7] = "kmalloc-128", [8] = "kmalloc-256", [9] = "kmalloc-512",
	[10] = "kmalloc-1k", [11] = "kmalloc-2k", [12] = "kmalloc-4k",
};
static struct kmem_cache_stats large_stats;	/* page-backed kmalloc */

static void cache_setup(struct kmem_cache *c, const char *name, size_t size,
			size_t align)
{
	if (align < sizeof(void *))
		align = sizeof(void *);
	c->name = name;
	c->obj_size = size;
	c->size = ALIGN(max(size, sizeof(void *)), align);
	/* Small objects fit one page; big ones get enough pages for 8 objects,
	 * so the tail waste stays small. */
	c->order = 0;
	while ((PAGE_SIZE << c->order) < c->size * 8 && c->order < 3)
		c->order++;
	c->objs_per_slab = (PAGE_SIZE << c->order) / c->size;
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	c->spare = NULL;
	memset(&c->stats, 0, sizeof(c->stats));
	spin_lock_init(&c->lock);
}

static void cache_register(struct kmem_cache *c)
{
	unsigned long flags;

	spin_lock_irqsave(&cache_list_lock, flags);
	list_add_tail(&c->list, &cache_list);
	spin_unlock_irqrestore(&cache_list_lock, flags);
}

static struct page *slab_new(struct kmem_cache *c)
{
	phys_addr_t pa = alloc_pages(c->order);
	struct page *head;
	char *base;

	if (!pa)
		return NULL;
	head = pfn_to_page(pa >> PAGE_SHIFT);
	head->flags = PG_slab;
	head->order = c->order;
	head->slab_cache = c;
	head->inuse = 0;
	for (unsigned int i = 1; i < (1U << c->order); i++) {
		head[i].flags = PG_slab_tail;
		head[i].head = head;
	}
	base = phys_to_virt(pa);
	for (unsigned int i = 0; i < c->objs_per_slab; i++)
		*(void **)(base + i * c->size) =
			i + 1 < c->objs_per_slab ? base + (i + 1) * c->size : NULL;
	head->freelist = base;
	c->stats.slabs++;
	return head;
}

static void slab_release(struct kmem_cache *c, struct page *head)
{
	for (unsigned int i = 0; i < (1U << c->order); i++)
		head[i].flags = 0;
	c->stats.slabs--;
	free_pages(page_to_pfn(head) << PAGE_SHIFT, c->order);
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	unsigned long flags;
	struct page *slab;
	void *obj;

	spin_lock_irqsave(&c->lock, flags);
	if (!list_empty(&c->partial)) {
		slab = list_first_entry(&c->partial, struct page, lru);
	} else {
		slab = c->spare;
		c->spare = NULL;
		if (!slab)
			slab = slab_new(c);
		if (!slab) {
			c->stats.failures++;
			spin_unlock_irqrestore(&c->lock, flags);
			return NULL;
		}
		list_add(&slab->lru, &c->partial);
	}
	obj = slab->freelist;
	slab->freelist = *(void **)obj;
	if (++slab->inuse == c->objs_per_slab)
		list_move_tail(&slab->lru, &c->full);
	c->stats.allocs++;
	c->stats.active++;
	spin_unlock_irqrestore(&c->lock, flags);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *p = kmem_cache_alloc(c);

	if (p)
		memset(p, 0, c->obj_size);
	return p;
}

static struct page *slab_head_of(const void *obj)
{
	struct page *p = virt_to_page(obj);

	if (p && (p->flags & PG_slab_tail))
		p = p->head;
	return p;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	unsigned long flags;
	struct page *slab;
	char *base;

	if (!obj)
		return;
	slab = slab_head_of(obj);
	BUG_ON(!slab || !(slab->flags & PG_slab) || slab->slab_cache != c);
	base = page_address(slab);
	BUG_ON(((char *)obj - base) % c->size != 0);

	spin_lock_irqsave(&c->lock, flags);
	BUG_ON(slab->inuse == 0);
	if (slab->inuse == c->objs_per_slab)
		list_move_tail(&slab->lru, &c->partial);
	*(void **)obj = slab->freelist;
	slab->freelist = obj;
	c->stats.frees++;
	c->stats.active--;
	if (--slab->inuse == 0) {
		list_del(&slab->lru);
		if (c->spare)
			slab_release(c, slab);
		else
			c->spare = slab;
	}
	spin_unlock_irqrestore(&c->lock, flags);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;

	if (size == 0 || size > (PAGE_SIZE << 3) / 2)
		return NULL;
	c = kmem_cache_alloc(&cache_cache);
	if (!c)
		return NULL;
	cache_setup(c, name, size, align);
	cache_register(c);
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long flags;

	if (!c)
		return;
	BUG_ON(c->stats.active != 0);	/* destroying a cache with live objects leaks them */
	spin_lock_irqsave(&cache_list_lock, flags);
	list_del(&c->list);
	spin_unlock_irqrestore(&cache_list_lock, flags);
	if (c->spare)
		slab_release(c, c->spare);
	kmem_cache_free(&cache_cache, c);
}

void kmem_cache_get_stats(const struct kmem_cache *c, struct kmem_cache_stats *out)
{
	*out = c->stats;
}

const char *kmem_cache_name(const struct kmem_cache *c)
{
	return c->name;
}

size_t kmem_cache_size(const struct kmem_cache *c)
{
	return c->obj_size;
}

void kmem_cache_for_each(int (*fn)(struct kmem_cache *c, void *arg), void *arg)
{
	struct kmem_cache *c;

	list_for_each_entry(c, &cache_list, list)
		if (fn(c, arg))
			break;
}

/* Page-backed kmalloc blocks, for sizes above the largest cache. */
void kmalloc_large_stats(struct kmem_cache_stats *out)
{
	*out = large_stats;
}

static void *kmalloc_large(size_t size)
{
	unsigned int order = get_order(size);
	phys_addr_t pa = order < MAX_ORDER ? alloc_pages(order) : 0;
	struct page *p;

	if (!pa) {
		large_stats.failures++;
		return NULL;
	}
	p = pfn_to_page(pa >> PAGE_SHIFT);
	p->flags = PG_large;
	p->order = order;
	large_stats.allocs++;
	large_stats.active++;
	large_stats.slabs += 1U << order;
	return phys_to_virt(pa);
}

void *kmalloc(size_t size)
{
	unsigned int shift = KMALLOC_MIN_SHIFT;

	if (size == 0)
		return NULL;
	if (size > (1UL << KMALLOC_MAX_SHIFT))
		return kmalloc_large(size);
	while ((1UL << shift) < size)
		shift++;
	return kmem_cache_alloc(kmalloc_caches[shift]);
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
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kzalloc(n * size);
}

size_t ksize(const void *p)
{
	struct page *pg;

	if (!p)
		return 0;
	pg = slab_head_of(p);
	if (pg->flags & PG_large)
		return PAGE_SIZE << pg->order;
	return pg->slab_cache->size;
}

void kfree(const void *p)
{
	struct page *pg;
	unsigned long flags;

	if (!p)
		return;
	pg = slab_head_of(p);
	BUG_ON(!pg);
	if (pg->flags & PG_large) {
		unsigned int order = pg->order;

		local_irq_save(flags);
		large_stats.frees++;
		large_stats.active--;
		large_stats.slabs -= 1U << order;
		local_irq_restore(flags);
		pg->flags = 0;
		free_pages(page_to_pfn(pg) << PAGE_SHIFT, order);
		return;
	}
	BUG_ON(!(pg->flags & PG_slab));
	kmem_cache_free(pg->slab_cache, (void *)p);
}

void *krealloc(void *p, size_t size)
{
	void *n;

	if (!p)
		return kmalloc(size);
	if (size == 0) {
		kfree(p);
		return NULL;
	}
	if (size <= ksize(p))
		return p;
	n = kmalloc(size);
	if (n) {
		memcpy(n, p, ksize(p));
		kfree(p);
	}
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

void slab_init(void)
{
	cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 8);
	cache_register(&cache_cache);
	for (int s = KMALLOC_MIN_SHIFT; s <= KMALLOC_MAX_SHIFT; s++) {
		kmalloc_caches[s] = kmem_cache_create(kmalloc_names[s], 1UL << s, 1UL << min(s, 6));
		if (!kmalloc_caches[s])
			panic("slab: cannot create %s", kmalloc_names[s]);
	}
}

POST_SELFTEST(slab_cache_alloc_free_no_leak)
{
	struct kmem_cache *c = kmem_cache_create("selftest-48", 48, 16);
	struct kmem_cache_stats st;
	void *objs[200];

	ST_ASSERT(c != NULL);
	for (int i = 0; i < 200; i++) {
		objs[i] = kmem_cache_alloc(c);
		ST_ASSERT(objs[i] != NULL);
		ST_ASSERT(IS_ALIGNED((u64)objs[i], 16));
		memset(objs[i], i, 48);
	}
	for (int i = 0; i < 200; i++) {
		const u8 *b = objs[i];

		ST_ASSERT(b[0] == (u8)i && b[47] == (u8)i);
	}
	kmem_cache_get_stats(c, &st);
	ST_EQ(st.active, 200);
	ST_ASSERT(st.slabs >= 200 / (PAGE_SIZE / 48));
	for (int i = 0; i < 200; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_get_stats(c, &st);
	ST_EQ(st.active, 0);
	ST_ASSERT(st.slabs <= 1);	/* only the spare slab stays */
	kmem_cache_destroy(c);
}

SELFTEST(kmalloc_sizes_and_patterns)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 1000, 4096, 4097, 20000, 100000 };
	struct page_stats before, after;
	u8 *p[ARRAY_SIZE(sizes)];

	page_alloc_get_stats(&before);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		ST_ASSERT(p[i] != NULL);
		ST_ASSERT(ksize(p[i]) >= sizes[i]);
		memset(p[i], 0xa0 + i, sizes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		ST_ASSERT(p[i][0] == (u8)(0xa0 + i) && p[i][sizes[i] - 1] == (u8)(0xa0 + i));
		kfree(p[i]);
	}
	page_alloc_get_stats(&after);
	/* Large blocks go straight back; caches may keep one spare slab each. */
	ST_ASSERT(after.free_pages + ARRAY_SIZE(sizes) * 8 >= before.free_pages);
}

SELFTEST(krealloc_keeps_contents)
{
	char *p = kmalloc(10);

	ST_ASSERT(p != NULL);
	memcpy(p, "skiff-abc", 10);
	p = krealloc(p, 5000);
	ST_ASSERT(p != NULL);
	ST_ASSERT(memcmp(p, "skiff-abc", 10) == 0);
	kfree(p);
	ST_ASSERT(kcalloc(SIZE_MAX / 2, 4) == NULL);
}
