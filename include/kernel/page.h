/* struct page: the allocator's per-page record (Linux's mem_map). */
#ifndef _KERNEL_PAGE_H
#define _KERNEL_PAGE_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/mm.h>

#define PG_buddy	0x1	/* head of a free block in a buddy free list */
#define PG_slab		0x2	/* head page of a slab */
#define PG_slab_tail	0x4	/* later page of a multi-page slab */
#define PG_large	0x8	/* head of a large kmalloc block */
#define PG_reserved	0x10	/* never handed to the allocator */

struct kmem_cache;

struct page {
	u16 flags;
	u8 order;		/* of a free block, a slab or a large kmalloc */
	u16 inuse;		/* objects handed out from this slab */
	struct list_head lru;	/* buddy free list or the cache's slab list */
	union {
		struct kmem_cache *slab_cache;	/* PG_slab */
		struct page *head;		/* PG_slab_tail */
	};
	void *freelist;		/* first free object of a slab */
};

struct page *pfn_to_page(u64 pfn);
struct page *virt_to_page(const void *va);
u64 page_to_pfn(const struct page *p);

static inline void *page_address(const struct page *p)
{
	return phys_to_virt(page_to_pfn(p) << PAGE_SHIFT);
}

/* Early boot: the sanitized map, the allocator, then the kernel page tables. */
void page_alloc_init(void);
void paging_init(void);
void slab_init(void);

/* True when va is mapped in the current page tables (for backtraces). */
bool kernel_addr_mapped(u64 va);
/* True when va lies in the guard page below some kernel stack. */
bool is_stack_guard(u64 va);

/* The sanitized memory map, for the boot log and `free`. */
extern struct boot_mmap_entry *mem_map_entries;
extern int mem_map_count;

#endif
