/*
 * The GDT (flat 64-bit code and data for kernel and user) and the TSS, whose
 * job in long mode is to hold RSP0 for entry from user mode and the IST
 * stacks for exceptions that must not trust the current stack.
 */
#include <asm/desc.h>
#include <kernel/mm.h>
#include <string.h>

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

#define IST_STACK_SIZE	(4 * PAGE_SIZE)

static u8 ist_stacks[3][IST_STACK_SIZE] __aligned(PAGE_SIZE);
static struct tss64 tss;
static u64 gdt[7] __aligned(16);

/* Intel SDM Vol. 3A 3.4.5: access byte and flags of a code/data descriptor. */
#define DESC_CODE64(dpl) (0x00209a0000000000ULL | ((u64)(dpl) << 45))
#define DESC_DATA(dpl)	 (0x0000920000000000ULL | ((u64)(dpl) << 45))

static void set_tss_desc(u64 *d, u64 base, u32 limit)
{
	/* Vol. 3A 7.2.3: a 16-byte system descriptor, type 9 (available TSS). */
	d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
	       ((u64)((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	d[1] = base >> 32;
}

void tss_set_rsp0(u64 rsp0)
{
	tss.rsp[0] = rsp0;
}

void gdt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed desc = { sizeof(gdt) - 1, (u64)gdt };

	gdt[0] = 0;
	gdt[GDT_KERNEL_CS / 8] = DESC_CODE64(0);
	gdt[GDT_KERNEL_DS / 8] = DESC_DATA(0);
	gdt[GDT_USER_DS / 8] = DESC_DATA(3);
	gdt[GDT_USER_CS / 8] = DESC_CODE64(3);

	memset(&tss, 0, sizeof(tss));
	tss.ist[IST_DOUBLE_FAULT - 1] = (u64)ist_stacks[0] + IST_STACK_SIZE;
	tss.ist[IST_NMI - 1] = (u64)ist_stacks[1] + IST_STACK_SIZE;
	tss.ist[IST_MCE - 1] = (u64)ist_stacks[2] + IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap: user mode gets no ports */
	set_tss_desc(&gdt[GDT_TSS / 8], (u64)&tss, sizeof(tss) - 1);

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"movw %w1, %%ds\n\t"
		"movw %w1, %%es\n\t"
		"movw %w1, %%ss\n\t"
		"pushq %2\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"ltr %w3"
		: : "m"(desc), "r"(GDT_KERNEL_DS), "i"(GDT_KERNEL_CS), "r"(GDT_TSS)
		: "rax", "memory");
}
