/*
 * Kernel page tables (Intel SDM Vol. 3A 4.5, 4-level paging).
 *
 * paging_init() replaces the boot tables with ones that give each part of
 * the image only the rights it needs: text read+execute, rodata read-only
 * and no-execute, data and bss read+write and no-execute (W^X). The low
 * identity map is dropped, so a NULL pointer faults. Physical memory below
 * 4 GiB stays reachable through the no-execute direct map at PAGE_OFFSET.
 * Kernel stacks and device mappings are built in the vmap area with 4 KiB
 * pages; every stack has an unmapped guard page below it.
 */
#include <kernel/page.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/selftest.h>
#include <kernel/process_internal.h>
#include <asm/special_insns.h>
#include <errno.h>
#include <string.h>

#define PTE_P		(1ULL << 0)
#define PTE_W		(1ULL << 1)
#define PTE_U		(1ULL << 2)
#define PTE_PWT		(1ULL << 3)
#define PTE_PCD		(1ULL << 4)
#define PTE_PS		(1ULL << 7)
#define PTE_G		(1ULL << 8)
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR	0x000ffffffffff000ULL

#define DIRECT_MAP_SIZE	(4ULL << 30)
#define KSTACK_SLOT	(KERNEL_STACK_SLOT_PAGES * PAGE_SIZE)
#define KERNEL_STACK_SLOT_PAGES	5	/* 1 guard + 16 KiB of stack */
#define STACK_AREA	VMAP_BASE
#define STACK_AREA_SIZE	(16ULL << 30)
#define IOREMAP_AREA	(VMAP_BASE + STACK_AREA_SIZE)
#define IOREMAP_AREA_SIZE (16ULL << 30)

extern char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _ebss[];
extern char boot_stack_guard[];

static u64 *kernel_pml4;
u64 user_table_pages;		/* page-table pages of user address spaces, live */
static DEFINE_SPINLOCK(pgtable_lock);
static u64 stack_area_next = STACK_AREA;
static u64 ioremap_next = IOREMAP_AREA;
/* Virtual slots of exited threads' stacks, for reuse; when this small
 * cache is full a slot's address space is simply not reused. */
static u64 free_stack_slots[64];
static int nr_free_stack_slots;

phys_addr_t virt_to_phys(const void *va)
{
	u64 a = (u64)va;

	if (a >= KERNEL_VMA)
		return a - KERNEL_VMA;
	if (a >= PAGE_OFFSET && a < PAGE_OFFSET + DIRECT_MAP_SIZE)
		return a - PAGE_OFFSET;
	panic("virt_to_phys(%p): not a direct-mapped address", va);
}


static u64 *table_of(u64 entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

/*
 * The entry for va at 'level' (4 = PML4 … 1 = PT), allocating intermediate
 * tables when 'create'. Intermediate entries carry the most permissive
 * rights (W, and U when asked); the leaf entry decides.
 */
static u64 *pte_lookup(u64 *pml4, u64 va, int level, bool create, bool user)
{
	u64 *table = pml4;

	for (int l = 4; l > level; l--) {
		u64 *e = &table[(va >> (12 + 9 * (l - 1))) & 511];

		if (!(*e & PTE_P)) {
			phys_addr_t pa;

			if (!create)
				return NULL;
			pa = alloc_pages(0);
			if (!pa)
				return NULL;
			memset(phys_to_virt(pa), 0, PAGE_SIZE);
			*e = pa | PTE_P | PTE_W | (user ? PTE_U : 0);
			if (user)
				user_table_pages++;
		} else if (*e & PTE_PS) {
			return NULL;	/* covered by a large page */
		}
		table = table_of(*e);
	}
	return &table[(va >> (12 + 9 * (level - 1))) & 511];
}

static void map_4k(u64 *pml4, u64 va, phys_addr_t pa, u64 flags)
{
	u64 *pte = pte_lookup(pml4, va, 1, true, flags & PTE_U);

	if (!pte)
		panic("paging: out of memory mapping %#llx", (unsigned long long)va);
	*pte = pa | flags | PTE_P;
}

static void map_range(u64 *pml4, u64 start, u64 end, u64 flags)
{
	for (u64 va = ALIGN_DOWN(start, PAGE_SIZE); va < end; va += PAGE_SIZE)
		map_4k(pml4, va, va - KERNEL_VMA, flags);
}

bool kernel_addr_mapped(u64 va)
{
	u64 *table;

	if (!kernel_pml4)
		return true;	/* still on the boot tables, which map everything we use */
	table = kernel_pml4;
	for (int l = 4; l >= 1; l--) {
		u64 e = table[(va >> (12 + 9 * (l - 1))) & 511];

		if (!(e & PTE_P))
			return false;
		if (l == 1 || (e & PTE_PS))
			return true;
		table = table_of(e);
	}
	return false;
}

bool is_stack_guard(u64 va)
{
	if (va >= (u64)boot_stack_guard && va < (u64)boot_stack_guard + PAGE_SIZE)
		return true;
	return va >= STACK_AREA && va < stack_area_next &&
	       (va - STACK_AREA) % KSTACK_SLOT < PAGE_SIZE;
}

void paging_init(void)
{
	u64 *pml4 = get_zeroed_pages(0);

	if (!pml4)
		panic("paging: no memory for the kernel page tables");
	/* The direct map, 2 MiB pages, global and never executable. */
	for (u64 pa = 0; pa < DIRECT_MAP_SIZE; pa += 0x200000) {
		u64 *pde = pte_lookup(pml4, PAGE_OFFSET + pa, 2, true, false);

		if (!pde)
			panic("paging: out of memory building the direct map");
		*pde = pa | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_NX;
	}
	/*
	 * Every process's top-level table copies the kernel half of this one,
	 * so each kernel-half PML4 slot must point to its lower table from the
	 * start: later kernel mappings (stacks, ioremap) then change only
	 * tables that all address spaces share.
	 */
	for (u64 va = VMAP_BASE; va < VMAP_BASE + VMAP_SIZE; va += 1ULL << 39)
		if (!pte_lookup(pml4, va, 3, true, false))
			panic("paging: out of memory for the vmap tables");
	map_range(pml4, (u64)_stext, (u64)_etext, PTE_G);
	map_range(pml4, (u64)_srodata, (u64)_erodata, PTE_G | PTE_NX);
	map_range(pml4, (u64)_sdata, (u64)_ebss, PTE_G | PTE_W | PTE_NX);
	/* The boot (now idle) stack's guard page stays unmapped. */
	*pte_lookup(pml4, (u64)boot_stack_guard, 1, false, false) = 0;

	/* CR4.PGE: global entries (the kernel half) survive CR3 loads. */
	cr4_set_bits(X86_CR4_PGE);
	write_cr3(virt_to_phys(pml4));
	kernel_pml4 = pml4;
	printk("paging: W^X kernel map (text %lu KiB rx, rodata %lu KiB r, data+bss %lu KiB rw), "
	       "direct map 4 GiB nx\n",
	       (unsigned long)((_etext - _stext) >> 10),
	       (unsigned long)((_erodata - _srodata) >> 10),
	       (unsigned long)((_ebss - _sdata) >> 10));
}

u64 *kernel_pgd(void)
{
	return kernel_pml4;
}

void load_kernel_cr3(void)
{
	write_cr3(virt_to_phys(kernel_pml4));
}

int map_user_page(u64 *pml4, u64 va, phys_addr_t pa, u64 flags)
{
	u64 *pte = pte_lookup(pml4, va, 1, true, true);

	if (!pte)
		return -ENOMEM;
	*pte = pa | PTE_P | PTE_U | (flags & (PTE_W | PTE_NX));
	return 0;
}

/* Free the page tables below PML4 slots 0..255; the mapped pages belong to the caller. */
void free_user_tables(u64 *pml4)
{
	for (int i = 0; i < 256; i++) {
		u64 *pdpt;

		if (!(pml4[i] & PTE_P))
			continue;
		pdpt = table_of(pml4[i]);
		for (int j = 0; j < 512; j++) {
			u64 *pd;

			if (!(pdpt[j] & PTE_P))
				continue;
			pd = table_of(pdpt[j]);
			for (int k = 0; k < 512; k++) {
				if (pd[k] & PTE_P) {
					free_pages(pd[k] & PTE_ADDR, 0);
					user_table_pages--;
				}
			}
			free_pages(pdpt[j] & PTE_ADDR, 0);
			user_table_pages--;
		}
		free_pages(pml4[i] & PTE_ADDR, 0);
		user_table_pages--;
		pml4[i] = 0;
	}
}

void *ioremap(phys_addr_t pa, size_t size)
{
	unsigned long flags;
	u64 off = pa & (PAGE_SIZE - 1);
	u64 len = ALIGN(size + off, PAGE_SIZE);
	u64 va;

	if (size == 0)
		return NULL;
	spin_lock_irqsave(&pgtable_lock, flags);
	if (ioremap_next + len > IOREMAP_AREA + IOREMAP_AREA_SIZE) {
		spin_unlock_irqrestore(&pgtable_lock, flags);
		return NULL;
	}
	va = ioremap_next;
	ioremap_next += len + PAGE_SIZE;	/* an unmapped gap catches overruns */
	for (u64 i = 0; i < len; i += PAGE_SIZE)
		map_4k(kernel_pml4, va + i, (pa - off) + i,
		       PTE_W | PTE_PCD | PTE_PWT | PTE_G | PTE_NX);
	spin_unlock_irqrestore(&pgtable_lock, flags);
	return (void *)(va + off);
}

void *dma_alloc_coherent(size_t size, dma_addr_t *dma)
{
	unsigned int order = get_order(size);
	void *va = get_zeroed_pages(order);

	if (!va)
		return NULL;
	*dma = virt_to_phys(va);
	return va;
}

void dma_free_coherent(size_t size, void *va, dma_addr_t dma)
{
	free_pages(dma, get_order(size));
}

void *alloc_kernel_stack(size_t size)
{
	unsigned long flags;
	phys_addr_t pa[KERNEL_STACK_SLOT_PAGES - 1];
	unsigned int npages = size / PAGE_SIZE;
	u64 slot;

	BUG_ON(size > KSTACK_SLOT - PAGE_SIZE || !IS_ALIGNED(size, PAGE_SIZE));
	for (unsigned int i = 0; i < npages; i++) {
		pa[i] = alloc_pages(0);
		if (!pa[i]) {
			while (i--)
				free_pages(pa[i], 0);
			return NULL;
		}
	}
	spin_lock_irqsave(&pgtable_lock, flags);
	if (nr_free_stack_slots) {
		slot = free_stack_slots[--nr_free_stack_slots];
	} else {
		slot = stack_area_next;
		stack_area_next += KSTACK_SLOT;
	}
	/* Stack pages sit at the top of the slot, the guard page below them. */
	for (unsigned int i = 0; i < npages; i++)
		map_4k(kernel_pml4, slot + KSTACK_SLOT - (npages - i) * PAGE_SIZE,
		       pa[i], PTE_W | PTE_G | PTE_NX);
	spin_unlock_irqrestore(&pgtable_lock, flags);
	return (void *)(slot + KSTACK_SLOT - size);
}

void free_kernel_stack(void *base, size_t size)
{
	unsigned long flags;
	u64 va = (u64)base;
	u64 slot = va + size - KSTACK_SLOT;

	spin_lock_irqsave(&pgtable_lock, flags);
	for (u64 p = va; p < va + size; p += PAGE_SIZE) {
		u64 *pte = pte_lookup(kernel_pml4, p, 1, false, false);

		free_pages(*pte & PTE_ADDR, 0);
		*pte = 0;
		invlpg(p);
	}
	if (nr_free_stack_slots < (int)ARRAY_SIZE(free_stack_slots))
		free_stack_slots[nr_free_stack_slots++] = slot;
	spin_unlock_irqrestore(&pgtable_lock, flags);
}

/* The leaf entry mapping va in the kernel tables (a 2 MiB PDE or a PTE), or 0. */
static u64 kernel_leaf(u64 va)
{
	u64 *table = kernel_pml4;

	for (int l = 4; l >= 1; l--) {
		u64 e = table[(va >> (12 + 9 * (l - 1))) & 511];

		if (!(e & PTE_P))
			return 0;
		if (l == 1 || (e & PTE_PS))
			return e;
		table = table_of(e);
	}
	return 0;
}

POST_SELFTEST(paging_w_xor_x)
{
	static const u64 probe_data = 1;
	u64 text = kernel_leaf((u64)paging_init);
	u64 ro = kernel_leaf((u64)&probe_data);
	u64 data = kernel_leaf((u64)&kernel_pml4);
	u64 direct = kernel_leaf((u64)phys_to_virt(0x100000));

	ST_ASSERT(text && !(text & PTE_W) && !(text & PTE_NX));
	ST_ASSERT(ro && !(ro & PTE_W) && (ro & PTE_NX));
	ST_ASSERT(data && (data & PTE_W) && (data & PTE_NX));
	ST_ASSERT(direct && (direct & PTE_NX));
	ST_ASSERT(!(text & PTE_U) && !(data & PTE_U) && !(direct & PTE_U));
	ST_EQ(kernel_leaf(0), 0);	/* no identity map left: NULL faults */
}

SELFTEST(kernel_stacks_have_guard_pages)
{
	void *s = alloc_kernel_stack(KERNEL_STACK_SIZE);
	u64 base = (u64)s;

	ST_ASSERT(s != NULL);
	ST_ASSERT(kernel_leaf(base) != 0);
	ST_ASSERT(kernel_leaf(base + KERNEL_STACK_SIZE - 1) != 0);
	ST_EQ(kernel_leaf(base - 1), 0);
	ST_ASSERT(is_stack_guard(base - 1));
	ST_EQ(kernel_leaf((u64)boot_stack_guard), 0);
	free_kernel_stack(s, KERNEL_STACK_SIZE);
	ST_EQ(kernel_leaf(base), 0);
}
