/* struct page: the allocator's per-page record (Linux's mem_map). */
#ifndef _KERNEL_PAGE_H
#define _KERNEL_PAGE_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/printk.h>

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
	u32 _refcount;		/* users of an allocated block (get_page/put_page) */
};

struct page *pfn_to_page(u64 pfn);
struct page *virt_to_page(const void *va);
u64 page_to_pfn(const struct page *p);

void *page_address(const struct page *p);

/*
 * Pages shared as buffers (skb frags, RX buffers), as Linux's: a block of
 * 2^order pages from __alloc_pages starts with one reference; get_page
 * takes another, put_page drops one and frees the block on the last.
 * Only the block's first page is counted: a frag names that page and an
 * offset, which may run past PAGE_SIZE within a larger block.
 */
struct page *__alloc_pages(unsigned int order);
static inline struct page *alloc_page(void)
{
	return __alloc_pages(0);
}
/* Drop a reference to a block from __alloc_pages; the last frees it. */
void __free_pages(struct page *p, unsigned int order);

static inline u32 page_ref_count(const struct page *p)
{
	return __atomic_load_n(&p->_refcount, __ATOMIC_SEQ_CST);
}

/* Another reference to a page someone already holds. */
static inline void get_page(struct page *p)
{
	BUG_ON(!page_ref_count(p));
	__atomic_add_fetch(&p->_refcount, 1, __ATOMIC_SEQ_CST);
}

static inline void put_page(struct page *p)
{
	__free_pages(p, p->order);
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
