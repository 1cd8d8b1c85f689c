/*
 * Copy PVH's boot information (the x86/HVM direct boot ABI) into boot_info:
 * the hvm_start_info that EBX pointed to at pvh_start32, with its memory
 * map, command line, modules and RSDP address. Layout from Xen's
 * xen/include/public/arch-x86/hvm/start_info.h; every count and address is
 * checked as in bootinfo.c, so a short or odd structure yields less, never
 * a wild read.
 */
#include <kernel/bootinfo.h>
#include <string.h>
#include "internal.h"

struct hvm_start_info {
	u32 magic;		/* XEN_HVM_START_MAGIC_VALUE */
	u32 version;		/* 0, or 1 with the memory map fields */
	u32 flags;
	u32 nr_modules;
	u64 modlist_paddr;	/* struct hvm_modlist_entry[nr_modules] */
	u64 cmdline_paddr;
	u64 rsdp_paddr;
	u64 memmap_paddr;	/* version 1: struct hvm_memmap_table_entry[] */
	u32 memmap_entries;
	u32 reserved;
} __packed;

#define HVM_START_INFO_V0_LEN	offsetof(struct hvm_start_info, memmap_paddr)

struct hvm_modlist_entry {
	u64 paddr;
	u64 size;
	u64 cmdline_paddr;
	u64 reserved;
} __packed;

struct hvm_memmap_table_entry {
	u64 addr;
	u64 size;
	u32 type;		/* E820 numbering; 6 disabled, 7 persistent memory */
	u32 reserved;
} __packed;

#define HVM_MEMMAP_MAX_TYPE	MEM_BAD
#define HVM_MODULES_MAX		64
#define HVM_CMDLINE_MAX		4096

BUILD_BUG_ON(sizeof(struct hvm_start_info) != 56);
BUILD_BUG_ON(sizeof(struct hvm_modlist_entry) != 32);
BUILD_BUG_ON(sizeof(struct hvm_memmap_table_entry) != 24);

/* Types we do not know (disabled, persistent memory) are not RAM to us. */
static void pvh_memmap(u64 pa, u32 n)
{
	const struct hvm_memmap_table_entry *e = early_ptr(pa, (u64)n * sizeof(*e));

	for (u32 i = 0; e && i < n; i++)
		add_mmap(e[i].addr, e[i].size,
			 e[i].type <= HVM_MEMMAP_MAX_TYPE ? e[i].type : MEM_RESERVED);
}

static void pvh_modules(u64 pa, u32 n)
{
	const struct hvm_modlist_entry *m;

	if (n > HVM_MODULES_MAX)
		n = HVM_MODULES_MAX;
	m = early_ptr(pa, (u64)n * sizeof(*m));
	for (u32 i = 0; m && i < n; i++) {
		if (m[i].size > ~0ULL - m[i].paddr)
			continue;
		add_module(m[i].paddr, m[i].paddr + m[i].size,
			   early_ptr(m[i].cmdline_paddr, 1), HVM_CMDLINE_MAX);
	}
}

/* ACPI 6.5 §5.2.5.3: keep the RSDP's 36 bytes (20 for a revision 0 one). */
static void pvh_rsdp(u64 pa)
{
	const u8 *r = early_ptr(pa, sizeof(boot_info.rsdp));

	if (!r)
		return;
	memcpy(boot_info.rsdp, r, sizeof(boot_info.rsdp));
	boot_info.has_rsdp = true;
}

void parse_pvh(u64 pa)
{
	const struct hvm_start_info *si = early_ptr(pa, HVM_START_INFO_V0_LEN);
	const char *s;

	if (!si || si->magic != XEN_HVM_START_MAGIC_VALUE)
		return;
	boot_info.info_start = pa;
	boot_info.info_end = pa + (si->version >= 1 ? sizeof(*si) : HVM_START_INFO_V0_LEN);
	if ((s = early_ptr(si->cmdline_paddr, 1)))
		set_cmdline(s, HVM_CMDLINE_MAX);
	if (si->version >= 1 && early_ptr(pa, sizeof(*si)))
		pvh_memmap(si->memmap_paddr, si->memmap_entries);
	if (si->nr_modules)
		pvh_modules(si->modlist_paddr, si->nr_modules);
	pvh_rsdp(si->rsdp_paddr);
}
