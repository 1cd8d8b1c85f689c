/*
 * Memory: the physical page allocator (a buddy allocator over the boot
 * memory map), the direct map of physical memory, device mappings and
 * DMA-able buffers.
 *
 * Virtual layout (x86-64, 4-level paging):
 *   0x0000000000000000 - 0x00007fffffffffff  user half (services' pages)
 *   0xffff800000000000 + phys                direct map of RAM, NX
 *   0xffffc90000000000 ...                   kernel stacks and ioremap
 *   0xffffffff80000000 + phys                the kernel image, W^X
 */
#ifndef _KERNEL_MM_H
#define _KERNEL_MM_H

#include <kernel/types.h>
#include <kernel/list.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define MAX_ORDER	11	/* largest block: 2^10 pages = 4 MiB */

#define PAGE_OFFSET	0xffff800000000000UL
#define VMAP_BASE	0xffffc90000000000UL
#define VMAP_SIZE	(1UL << 36)
#define KERNEL_VMA	0xffffffff80000000UL

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + PAGE_OFFSET);
}

phys_addr_t virt_to_phys(const void *va);

/* Page allocator: blocks of 2^order contiguous pages, or 0 when none is free. */
phys_addr_t alloc_pages(unsigned int order);
void free_pages(phys_addr_t pa, unsigned int order);
/* Virtual-address convenience forms, zeroed. */
void *get_zeroed_pages(unsigned int order);
void free_pages_virt(void *va, unsigned int order);
unsigned int get_order(size_t size);

struct page_stats {
	u64 total_pages;	/* usable RAM managed by the allocator */
	u64 free_pages;
	u64 reserved_pages;	/* kernel image, boot data, page tables */
	u64 refcounted_pages;	/* in blocks from __alloc_pages (skb frags), not yet put */
	u64 free_blocks[MAX_ORDER];
};
void page_alloc_get_stats(struct page_stats *out);

/*
 * The pages kept back for the kernel's own work in progress (Linux's
 * min_free_kbytes: sqrt(16 x the kB of RAM), within 128 KiB .. 64 MiB):
 * below it a user heap does not grow and the network takes no new
 * connection or datagram, so that what is already running (the drivers'
 * receive buffers, queued data, ACKs) still finds memory.
 */
static inline u64 min_free_pages(u64 total_pages)
{
	u64 kb = total_pages * (PAGE_SIZE / 1024) * 16, r = kb, y = (kb + 1) / 2;

	while (y < r) {		/* floor(sqrt(kb)), Newton's method (Linux's int_sqrt) */
		r = y;
		y = (r + kb / r) / 2;
	}
	return (r < 128 ? 128 : r > 65536 ? 65536 : r) / (PAGE_SIZE / 1024);
}

/* Free memory below min_free_pages? */
bool page_alloc_low(void);

/*
 * Map device memory uncached. Returns NULL if size is 0 or address space
 * is exhausted. Mappings are never torn down (devices are not unplugged).
 */
void *ioremap(phys_addr_t pa, size_t size);

/*
 * Physically contiguous, zeroed, cache-coherent memory for descriptor rings
 * and packet buffers (x86 DMA is cache coherent). Returns the virtual
 * address and stores the bus address in *dma.
 */
void *dma_alloc_coherent(size_t size, dma_addr_t *dma);
void dma_free_coherent(size_t size, void *va, dma_addr_t dma);

/* Kernel stacks come from the vmap area with an unmapped guard page below. */
#define KERNEL_STACK_SIZE	(16 * 1024)
void *alloc_kernel_stack(size_t size);
void free_kernel_stack(void *base, size_t size);

#endif
