/*
 * Object caches (slab) and the general-purpose heap built on them.
 *
 * A cache hands out fixed-size objects carved from whole pages and keeps
 * counters a test or the dashboard can read: a leak shows as a cache whose
 * active count does not return to its baseline. kmalloc() is a set of
 * power-of-two caches plus whole pages for large requests.
 * All functions are safe from any context (interrupts are held off inside).
 */
#ifndef _KERNEL_SLAB_H
#define _KERNEL_SLAB_H

#include <kernel/types.h>
#include <kernel/list.h>

struct kmem_cache_stats {
	u64 allocs;		/* successful allocations since creation */
	u64 frees;
	u64 failures;		/* allocations that found no memory */
	u32 active;		/* objects currently handed out */
	u32 slabs;		/* pages (or page runs) owned by the cache */
};

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align);
void kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c);
void *kmem_cache_zalloc(struct kmem_cache *c);
void kmem_cache_free(struct kmem_cache *c, void *obj);
void kmem_cache_get_stats(const struct kmem_cache *c,
			  struct kmem_cache_stats *out);
const char *kmem_cache_name(const struct kmem_cache *c);
size_t kmem_cache_size(const struct kmem_cache *c);

/* Visit every cache (for stats dumps); fn returns nonzero to stop. */
void kmem_cache_for_each(int (*fn)(struct kmem_cache *c, void *arg), void *arg);

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *kcalloc(size_t n, size_t size);
void *krealloc(void *p, size_t size);
void kfree(const void *p);
size_t ksize(const void *p);
char *kstrdup(const char *s);

#endif
