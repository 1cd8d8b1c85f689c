/*
 * The physical page allocator: a binary buddy system (Knuth, TAOCP 2.5;
 * Linux's mm/page_alloc.c) over the usable RAM of the sanitized memory map.
 * Blocks of 2^order pages are split on allocation and merged with their
 * buddy on free, so DMA rings and slabs get physically contiguous memory
 * and fragmentation stays bounded.
 */
#include <kernel/page.h>
#include <kernel/memmap.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/selftest.h>
#include <string.h>

/*
 * Skiff manages RAM below 4 GiB: the direct map and the page map stay small
 * and every page is reachable by 32-bit DMA (e1000 descriptors, legacy
 * virtio). RAM above is reported at boot and left unused.
 */
#define MAX_MANAGED_PHYS	(4ULL << 30)
/* Below 1 MiB live the BIOS data area, EBDA and option ROMs: never allocate. */
#define LOW_RESERVED		0x100000ULL

extern char _kernel_phys_start[], _kernel_phys_end[];

struct boot_mmap_entry *mem_map_entries;
int mem_map_count;

static struct page *mem_map;
static u64 max_pfn;
static struct list_head free_area[MAX_ORDER];
static u64 nr_free[MAX_ORDER];
static u64 total_pages, free_pages_count, reserved_pages;
static u64 refcounted_pages;
static DEFINE_SPINLOCK(zone_lock);

struct page *pfn_to_page(u64 pfn)
{
	return pfn < max_pfn ? &mem_map[pfn] : NULL;
}

u64 page_to_pfn(const struct page *p)
{
	return p - mem_map;
}

struct page *virt_to_page(const void *va)
{
	return pfn_to_page(virt_to_phys(va) >> PAGE_SHIFT);
}

void *page_address(const struct page *p)
{
	return phys_to_virt(page_to_pfn(p) << PAGE_SHIFT);
}

unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void add_free_block(struct page *p, unsigned int order)
{
	p->flags = PG_buddy;
	p->order = order;
	list_add(&p->lru, &free_area[order]);
	nr_free[order]++;
}

static void del_free_block(struct page *p, unsigned int order)
{
	list_del(&p->lru);
	p->flags = 0;
	nr_free[order]--;
}

static void __free_block(u64 pfn, unsigned int order)
{
	while (order < MAX_ORDER - 1) {
		u64 buddy_pfn = pfn ^ (1ULL << order);
		struct page *buddy = pfn_to_page(buddy_pfn);

		if (!buddy || !(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		del_free_block(buddy, order);
		pfn &= ~(1ULL << order);
		order++;
	}
	add_free_block(&mem_map[pfn], order);
}

phys_addr_t alloc_pages(unsigned int order)
{
	unsigned long flags;
	unsigned int o;
	struct page *p;

	if (order >= MAX_ORDER)
		return 0;
	spin_lock_irqsave(&zone_lock, flags);
	for (o = order; o < MAX_ORDER && list_empty(&free_area[o]); o++)
		;
	if (o == MAX_ORDER) {
		spin_unlock_irqrestore(&zone_lock, flags);
		return 0;
	}
	p = list_first_entry(&free_area[o], struct page, lru);
	del_free_block(p, o);
	/* Split: hand the upper halves back until the block has the right size. */
	while (o > order) {
		o--;
		add_free_block(p + (1ULL << o), o);
	}
	p->order = order;
	p->_refcount = 1;
	free_pages_count -= 1ULL << order;
	spin_unlock_irqrestore(&zone_lock, flags);
	return page_to_pfn(p) << PAGE_SHIFT;
}

void free_pages(phys_addr_t pa, unsigned int order)
{
	unsigned long flags;
	u64 pfn = pa >> PAGE_SHIFT;
	struct page *p = pfn_to_page(pfn);

	BUG_ON(!p || !IS_ALIGNED(pfn, 1ULL << order) || (p->flags & PG_buddy));
	/* Someone else still holding a reference would write freed memory. */
	BUG_ON(page_ref_count(p) > 1);
	spin_lock_irqsave(&zone_lock, flags);
	p->flags = 0;
	p->_refcount = 0;
	__free_block(pfn, order);
	free_pages_count += 1ULL << order;
	spin_unlock_irqrestore(&zone_lock, flags);
}

struct page *__alloc_pages(unsigned int order)
{
	phys_addr_t pa = alloc_pages(order);

	if (!pa)
		return NULL;
	__atomic_add_fetch(&refcounted_pages, 1ULL << order, __ATOMIC_SEQ_CST);
	return pfn_to_page(pa >> PAGE_SHIFT);
}

void __free_pages(struct page *p, unsigned int order)
{
	BUG_ON(order != p->order || !page_ref_count(p));
	if (__atomic_sub_fetch(&p->_refcount, 1, __ATOMIC_SEQ_CST))
		return;
	__atomic_sub_fetch(&refcounted_pages, 1ULL << order, __ATOMIC_SEQ_CST);
	free_pages(page_to_pfn(p) << PAGE_SHIFT, order);
}

void *get_zeroed_pages(unsigned int order)
{
	phys_addr_t pa = alloc_pages(order);
	void *va;

	if (!pa)
		return NULL;
	va = phys_to_virt(pa);
	memset(va, 0, PAGE_SIZE << order);
	return va;
}

void free_pages_virt(void *va, unsigned int order)
{
	free_pages(virt_to_phys(va), order);
}

void page_alloc_get_stats(struct page_stats *out)
{
	unsigned long flags;

	spin_lock_irqsave(&zone_lock, flags);
	out->total_pages = total_pages;
	out->free_pages = free_pages_count;
	out->reserved_pages = reserved_pages;
	out->refcounted_pages = __atomic_load_n(&refcounted_pages, __ATOMIC_SEQ_CST);
	for (int i = 0; i < MAX_ORDER; i++)
		out->free_blocks[i] = nr_free[i];
	spin_unlock_irqrestore(&zone_lock, flags);
}

bool page_alloc_low(void)
{
	return READ_ONCE(free_pages_count) < min_free_pages(total_pages);
}

/* Reserved ranges: what must never be handed out, in physical addresses. */
struct range {
	u64 start, end;
};

static int reserved_ranges(struct range *r, int cap)
{
	int n = 0;

	r[n++] = (struct range){ 0, LOW_RESERVED };
	r[n++] = (struct range){ (u64)_kernel_phys_start, (u64)_kernel_phys_end };
	if (boot_info.info_end > boot_info.info_start)
		r[n++] = (struct range){ boot_info.info_start, boot_info.info_end };
	for (int i = 0; i < boot_info.module_count && n < cap; i++)
		r[n++] = (struct range){ boot_info.modules[i].start,
					 boot_info.modules[i].end };
	return n;
}

static bool overlaps_reserved(u64 start, u64 end, const struct range *r, int n)
{
	for (int i = 0; i < n; i++)
		if (start < ALIGN(r[i].end, PAGE_SIZE) &&
		    end > ALIGN_DOWN(r[i].start, PAGE_SIZE))
			return true;
	return false;
}

/* First page-aligned run of 'size' usable bytes that avoids all reservations. */
static u64 early_alloc(u64 size, struct range *r, int nr)
{
	for (int i = 0; i < mem_map_count; i++) {
		const struct boot_mmap_entry *e = &mem_map_entries[i];
		u64 start = ALIGN(e->addr, PAGE_SIZE);
		u64 end = ALIGN_DOWN(e->addr + e->len, PAGE_SIZE);

		if (e->type != MEM_USABLE)
			continue;
		for (u64 s = start; s + size <= end && s + size <= 0x100000000ULL;
		     s += PAGE_SIZE) {
			if (!overlaps_reserved(s, s + size, r, nr))
				return s;
		}
	}
	return 0;
}

/*
 * Free [start, end) in the largest naturally aligned blocks that stay clear
 * of the reservations, as Linux's memblock_free_all() does: one buddy
 * insertion per block rather than per page, which is most of the boot time
 * of a large machine under emulation.
 */
static void free_usable_range(u64 start, u64 end, const struct range *r, int nr)
{
	for (u64 pa = start; pa < end;) {
		u64 pfn = pa >> PAGE_SHIFT;
		unsigned int order = MAX_ORDER - 1;

		while (order && (!IS_ALIGNED(pfn, 1ULL << order) ||
				 pa + (PAGE_SIZE << order) > end ||
				 overlaps_reserved(pa, pa + (PAGE_SIZE << order), r, nr)))
			order--;
		total_pages += 1ULL << order;
		if (!order && overlaps_reserved(pa, pa + PAGE_SIZE, r, nr)) {
			mem_map[pfn].flags = PG_reserved;
			reserved_pages++;
		} else {
			__free_block(pfn, order);
			free_pages_count += 1ULL << order;
		}
		pa += PAGE_SIZE << order;
	}
}

static void print_memmap(void)
{
	static const char *const names[] = {
		[MEM_USABLE] = "usable", [MEM_RESERVED] = "reserved",
		[MEM_ACPI_RECLAIM] = "ACPI data", [MEM_ACPI_NVS] = "ACPI NVS",
		[MEM_BAD] = "unusable",
	};

	printk("memory map (%s%s):\n", boot_protocol_name(),
	       boot_info.mmap_truncated ? ", truncated by the loader" : "");
	for (int i = 0; i < mem_map_count; i++) {
		const struct boot_mmap_entry *e = &mem_map_entries[i];
		u32 t = e->type;

		printk("  [mem %#014llx-%#014llx] %s\n", (unsigned long long)e->addr,
		       (unsigned long long)(e->addr + e->len - 1),
		       t < ARRAY_SIZE(names) && names[t] ? names[t] : "reserved (other)");
	}
}

void page_alloc_init(void)
{
	struct range res[3 + BOOT_MODULES_MAX + 1];
	int nres;
	u64 top = 0, above = 0, map_bytes, map_pa;

	mem_map_entries = boot_info.mmap;
	mem_map_count = memmap_sanitize(boot_info.mmap, boot_info.mmap_count,
					BOOT_MMAP_MAX);
	print_memmap();
	for (int i = 0; i < mem_map_count; i++) {
		const struct boot_mmap_entry *e = &mem_map_entries[i];

		if (e->type != MEM_USABLE)
			continue;
		top = max(top, min(e->addr + e->len, MAX_MANAGED_PHYS));
		if (e->addr + e->len > MAX_MANAGED_PHYS)
			above += e->addr + e->len - max(e->addr, MAX_MANAGED_PHYS);
	}
	if (above)
		printk("memory: %llu MiB of RAM above 4 GiB is left unused\n",
		       (unsigned long long)(above >> 20));
	if (top <= LOW_RESERVED)
		panic("no usable memory above 1 MiB in the memory map "
		      "(the boot loader passed %d entries)", boot_info.mmap_count);
	max_pfn = top >> PAGE_SHIFT;
	for (int i = 0; i < MAX_ORDER; i++)
		INIT_LIST_HEAD(&free_area[i]);

	nres = reserved_ranges(res, ARRAY_SIZE(res) - 1);
	map_bytes = ALIGN(max_pfn * sizeof(struct page), PAGE_SIZE);
	map_pa = early_alloc(map_bytes, res, nres);
	if (!map_pa)
		panic("not enough memory for the page map (%llu KiB needed)",
		      (unsigned long long)(map_bytes >> 10));
	res[nres++] = (struct range){ map_pa, map_pa + map_bytes };
	mem_map = phys_to_virt(map_pa);
	memset(mem_map, 0, map_bytes);

	for (int i = 0; i < mem_map_count; i++) {
		const struct boot_mmap_entry *e = &mem_map_entries[i];
		u64 start = ALIGN(e->addr, PAGE_SIZE);
		u64 end = min(ALIGN_DOWN(e->addr + e->len, PAGE_SIZE), top);

		if (e->type == MEM_USABLE && start < end)
			free_usable_range(start, end, res, nres);
	}
	printk("memory: %llu KiB usable, %llu KiB free, %llu KiB reserved (kernel %llu KiB)\n",
	       (unsigned long long)(total_pages * 4), (unsigned long long)(free_pages_count * 4),
	       (unsigned long long)(reserved_pages * 4),
	       (unsigned long long)(((u64)_kernel_phys_end - (u64)_kernel_phys_start) >> 10));
}

POST_SELFTEST(page_alloc_orders_and_merge)
{
	struct page_stats before, after;
	phys_addr_t pa[MAX_ORDER];

	page_alloc_get_stats(&before);
	for (unsigned int o = 0; o < 6; o++) {
		pa[o] = alloc_pages(o);
		ST_ASSERT(pa[o] != 0);
		ST_ASSERT(IS_ALIGNED(pa[o], PAGE_SIZE << o));
	}
	for (unsigned int o = 0; o < 6; o++)
		free_pages(pa[o], o);
	page_alloc_get_stats(&after);
	ST_EQ(after.free_pages, before.free_pages);
}

/* A shared block lives until its last reference goes (skb frags rely on it). */
POST_SELFTEST(page_refcount_frees_on_last_put)
{
	struct page_stats before, after;
	struct page *p;

	page_alloc_get_stats(&before);
	p = __alloc_pages(1);
	ST_ASSERT(p != NULL);
	ST_EQ(page_ref_count(p), 1);
	get_page(p);
	ST_EQ(page_ref_count(p), 2);
	memset(page_address(p), 0x5a, PAGE_SIZE << 1);
	put_page(p);
	page_alloc_get_stats(&after);
	ST_EQ(after.refcounted_pages, before.refcounted_pages + 2);
	ST_EQ(((u8 *)page_address(p))[PAGE_SIZE], 0x5a);
	put_page(p);
	page_alloc_get_stats(&after);
	ST_EQ(after.refcounted_pages, before.refcounted_pages);
	ST_EQ(after.free_pages, before.free_pages);
}

SELFTEST(page_alloc_pattern_no_overlap)
{
	enum { N = 64 };
	u8 *pages[N];
	int i;

	for (i = 0; i < N; i++) {
		pages[i] = get_zeroed_pages(0);
		if (!pages[i])
			break;
		memset(pages[i], i, PAGE_SIZE);
	}
	for (int j = 0; j < i; j++) {
		bool intact = pages[j][0] == (u8)j && pages[j][PAGE_SIZE - 1] == (u8)j;

		free_pages_virt(pages[j], 0);
		ST_ASSERT(intact);
	}
	ST_EQ(i, N);
}

SELFTEST(page_alloc_exhaustion_returns_zero)
{
	/* A block larger than MAX_ORDER allows must fail cleanly. */
	ST_EQ(alloc_pages(MAX_ORDER), 0);
}
