/*
 * Supervisor-mode protections (Intel SDM Vol. 3A 4.6): with SMEP an
 * instruction fetch from a user page in kernel mode faults, so a kernel
 * bug cannot be steered into code a service wrote; with SMAP a kernel data
 * access to a user page faults unless a user copy opened the window
 * (asm/smap.h). Both are turned on at boot when CPUID reports them; the
 * STAC/CLAC sites are patched first, so the copy routines are ready the
 * moment SMAP is.
 */
#include <asm/smap.h>
#include <asm/cpufeature.h>
#include <asm/special_insns.h>
#include <kernel/mm.h>
#include <kernel/page.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/process_internal.h>
#include <kernel/selftest.h>
#include <kernel/uaccess.h>
#include <errno.h>
#include <string.h>

extern const struct smap_site __smap_altinstr_start[], __smap_altinstr_end[];

static const u8 smap_nop[SMAP_INSN_LEN] = { 0x0f, 0x1f, 0x00 };

/*
 * Each site is written through the direct map, which is writable whatever
 * the text's own mapping allows. CPUID serializes afterwards, so no
 * prefetched copy of the NOP survives (SDM Vol. 3A 9.1.3, "Handling
 * Self- and Cross-Modifying Code").
 */
static void smap_patch_sites(void)
{
	u32 a, b, c, d;

	for (const struct smap_site *s = __smap_altinstr_start; s < __smap_altinstr_end; s++) {
		u8 *site = phys_to_virt(virt_to_phys((const void *)s->addr));

		if (memcmp(site, smap_nop, SMAP_INSN_LEN))
			panic("smap: the site at %#llx is not the NOP it was assembled as",
			      (unsigned long long)s->addr);
		memcpy(site, s->insn, SMAP_INSN_LEN);
	}
	cpuid_count(0, 0, &a, &b, &c, &d);
}

void smap_init(void)
{
	if (boot_cpu_has(X86_FEATURE_SMEP))
		cr4_set_bits(X86_CR4_SMEP);
	if (boot_cpu_has(X86_FEATURE_SMAP)) {
		smap_patch_sites();
		cr4_set_bits(X86_CR4_SMAP);
	}
}

/*
 * A scratch user page in the kernel's own tables, for the checks below: a
 * kernel thread has no user half of its own. Kernel threads run on
 * whichever tables are loaded, so the kernel's are loaded and preemption
 * stays off until the page is gone. The returned kernel alias (direct
 * map) fills the page without opening SMAP.
 */
#define SCRATCH_UVA	0x10000000UL

static u8 *scratch_map(u64 flags)
{
	phys_addr_t pa = alloc_pages(0);

	if (!pa)
		return NULL;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	preempt_disable();
	load_kernel_cr3();
	if (map_user_page(kernel_pgd(), SCRATCH_UVA, pa, flags) < 0) {
		free_user_tables(kernel_pgd());
		preempt_enable();
		free_pages(pa, 0);
		return NULL;
	}
	return phys_to_virt(pa);
}

static void scratch_unmap(u8 *kva)
{
	free_user_tables(kernel_pgd());
	invlpg(SCRATCH_UVA);
	preempt_enable();
	free_pages(virt_to_phys(kva), 0);
}

/*
 * crash=smap and crash=smep: the kernel reads a user page outside a user
 * copy, or calls into one. With the protection on, the fault report names
 * the violation; without it the access succeeds and the panic says so.
 */
void smap_crash(bool exec)
{
	u8 *kva = scratch_map(exec ? 0 : UPAGE_NX);
	volatile u8 *uva = (volatile u8 *)SCRATCH_UVA;

	if (!kva)
		panic("crash: no memory for a scratch user page");
	kva[0] = 0xc3;		/* ret */
	if (exec) {
		((void (*)(void))SCRATCH_UVA)();
		panic("crash=smep: the kernel ran a user page: this CPU has no SMEP");
	}
	printk("crash: read %#x from user memory\n", uva[0]);
	panic("crash=smap: the kernel read user memory: this CPU has no SMAP");
}

SELFTEST(smep_smap_follow_cpuid)
{
	bool smap = boot_cpu_has(X86_FEATURE_SMAP);
	int sites = 0;

	ST_EQ(!!(read_cr4() & X86_CR4_SMEP), boot_cpu_has(X86_FEATURE_SMEP));
	ST_EQ(!!(read_cr4() & X86_CR4_SMAP), smap);
	for (const struct smap_site *s = __smap_altinstr_start; s < __smap_altinstr_end; s++) {
		ST_EQ(memcmp((const void *)s->addr, smap ? s->insn : smap_nop, SMAP_INSN_LEN), 0);
		sites++;
	}
	/* interrupt entry, __copy_user (open, close), __strncpy_user (open, close) */
	ST_ASSERT(sites >= 5);
}

static unsigned long read_rflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f));
	return f;
}

/*
 * The copy routines reach a user page under SMAP, a fault inside them
 * still ends in their fixup (-EFAULT), and either way the window is
 * closed afterwards.
 */
SELFTEST(user_copies_open_and_close_the_smap_window)
{
	u8 *kva = scratch_map(UPAGE_WRITE | UPAGE_NX);
	void __user *u = (void __user *)SCRATCH_UVA;
	char buf[16];
	int err_in, err_out, err_fault;
	bool in_ok, out_ok, partial_ok, ac_after;
	long len;

	ST_ASSERT(kva != NULL);
	memcpy(kva, "from user", 10);
	err_in = copy_from_user(buf, u, 10);
	in_ok = !memcmp(buf, "from user", 10);
	len = strncpy_from_user(buf, u, sizeof(buf));
	err_out = copy_to_user((u8 __user *)u + 100, "to user", 8);
	out_ok = !memcmp(kva + 100, "to user", 8);
	/* The page's end: the copy faults on the unmapped page after it. */
	err_fault = copy_to_user((u8 __user *)u + PAGE_SIZE - 4, "overrun", 8);
	partial_ok = !memcmp(kva + PAGE_SIZE - 4, "over", 4);
	ac_after = read_rflags() & X86_EFLAGS_AC;
	scratch_unmap(kva);
	ST_EQ(err_in, 0);
	ST_ASSERT(in_ok);
	ST_EQ(len, 9);
	ST_EQ(err_out, 0);
	ST_ASSERT(out_ok);
	ST_EQ(err_fault, -EFAULT);
	ST_ASSERT(partial_ok);
	ST_ASSERT(!ac_after);
}
