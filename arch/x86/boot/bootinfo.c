/*
 * Copy the multiboot1 or multiboot2 boot information into boot_info (PVH's
 * is in pvh.c, with the helpers below).
 *
 * Runs first, while the early page tables still identity-map the low 4 GiB,
 * so the loader's structures are read at their physical addresses. Every
 * length the loader gives is checked against the structure that contains it:
 * a truncated or odd structure yields fewer entries, never a wild read.
 */
#include <kernel/bootinfo.h>
#include <kernel/printk.h>
#include <string.h>
#include "internal.h"

#define MB1_BOOTLOADER_MAGIC	0x2badb002
#define MB2_BOOTLOADER_MAGIC	0x36d76289

/* Multiboot 0.6.96 section 3.3: the boot information structure. */
struct mb1_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

#define MB1_INFO_MEMORY		(1 << 0)
#define MB1_INFO_CMDLINE	(1 << 2)
#define MB1_INFO_MODS		(1 << 3)
#define MB1_INFO_MMAP		(1 << 6)
#define MB1_INFO_LOADER		(1 << 9)

struct mb1_mmap_entry {
	u32 size;		/* of the rest of the entry, not counting this field */
	u64 addr, len;
	u32 type;
} __packed;

struct mb1_module {
	u32 start, end, string, reserved;
} __packed;

/* Multiboot2 section 3.6: tags. */
struct mb2_tag {
	u32 type, size;
} __packed;

enum {
	MB2_TAG_END = 0, MB2_TAG_CMDLINE = 1, MB2_TAG_LOADER = 2,
	MB2_TAG_MODULE = 3, MB2_TAG_BASIC_MEM = 4, MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8, MB2_TAG_EFI32 = 11, MB2_TAG_EFI64 = 12,
	MB2_TAG_ACPI_OLD = 14, MB2_TAG_ACPI_NEW = 15, MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18, MB2_TAG_EFI32_IH = 19, MB2_TAG_EFI64_IH = 20,
};

/* Structures above 4 GiB are not identity mapped this early. */
#define EARLY_LIMIT	0x100000000ULL

struct boot_info boot_info;

const void *early_ptr(u64 pa, u64 len)
{
	if (pa == 0 || pa >= EARLY_LIMIT || len > EARLY_LIMIT - pa)
		return NULL;
	return (const void *)(uintptr_t)pa;
}

/* Copy a string of at most cap bytes that the loader promised is NUL-terminated. */
static bool copy_str(char *dst, size_t dstlen, const char *src, size_t cap)
{
	size_t n = 0;

	while (n < cap && src[n])
		n++;
	if (n >= dstlen) {
		memcpy(dst, src, dstlen - 1);
		dst[dstlen - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return true;
}

void add_mmap(u64 addr, u64 len, u32 type)
{
	struct boot_mmap_entry *e;

	if (len == 0)
		return;
	if (boot_info.mmap_count == BOOT_MMAP_MAX) {
		boot_info.mmap_truncated = true;
		return;
	}
	e = &boot_info.mmap[boot_info.mmap_count++];
	e->addr = addr;
	e->len = len;
	e->type = type;
}

void add_module(u64 start, u64 end, const char *str, size_t cap)
{
	struct boot_module *m;

	if (boot_info.module_count == BOOT_MODULES_MAX || end <= start)
		return;
	m = &boot_info.modules[boot_info.module_count++];
	m->start = start;
	m->end = end;
	if (str)
		copy_str(m->cmdline, sizeof(m->cmdline), str, 4096);
}

void set_cmdline(const char *s, size_t cap)
{
	/* Multiboot1 loaders (GRUB legacy, QEMU's -kernel) put the image path
	 * first, as argv[0]; multiboot2's tag and PVH hold only the arguments. */
	if (boot_info.protocol == BOOT_MULTIBOOT1) {
		while (cap && *s && *s != ' ')
			s++, cap--;
		while (cap && *s == ' ')
			s++, cap--;
	}
	boot_info.cmdline_truncated =
		!copy_str(boot_info.cmdline, sizeof(boot_info.cmdline), s, cap);
}

static void set_loader(const char *s, size_t cap)
{
	copy_str(boot_info.loader_buf, sizeof(boot_info.loader_buf), s, cap);
	boot_info.loader = boot_info.loader_buf;
}

static void parse_mb1(u64 pa)
{
	const struct mb1_info *mbi = early_ptr(pa, sizeof(*mbi));
	const char *s;

	if (!mbi)
		return;
	boot_info.info_start = pa;
	boot_info.info_end = pa + sizeof(*mbi);
	if (mbi->flags & MB1_INFO_MEMORY) {
		boot_info.mem_lower_kb = mbi->mem_lower;
		boot_info.mem_upper_kb = mbi->mem_upper;
	}
	if ((mbi->flags & MB1_INFO_CMDLINE) && (s = early_ptr(mbi->cmdline, 1)))
		set_cmdline(s, 4096);
	if ((mbi->flags & MB1_INFO_LOADER) &&
	    (s = early_ptr(mbi->boot_loader_name, 1)))
		set_loader(s, 256);
	if (mbi->flags & MB1_INFO_MMAP) {
		const u8 *p = early_ptr(mbi->mmap_addr, mbi->mmap_length);
		const u8 *end = p ? p + mbi->mmap_length : NULL;

		/* Each entry's size field excludes itself; stop at a short one. */
		while (p && p + sizeof(struct mb1_mmap_entry) <= end) {
			const struct mb1_mmap_entry *e = (const void *)p;

			if (e->size < 20)
				break;
			add_mmap(e->addr, e->len, e->type);
			p += e->size + 4;
		}
	}
	if (boot_info.mmap_count == 0 && (mbi->flags & MB1_INFO_MEMORY)) {
		/* No map: the basic fields describe low memory and the run above 1 MiB. */
		add_mmap(0, (u64)mbi->mem_lower * 1024, MEM_USABLE);
		add_mmap(0x100000, (u64)mbi->mem_upper * 1024, MEM_USABLE);
	}
	if (mbi->flags & MB1_INFO_MODS) {
		const struct mb1_module *m =
			early_ptr(mbi->mods_addr, (u64)mbi->mods_count * sizeof(*m));

		for (u32 i = 0; m && i < mbi->mods_count; i++)
			add_module(m[i].start, m[i].end, early_ptr(m[i].string, 1), 4096);
	}
}

static void mb2_mmap(const struct mb2_tag *t)
{
	const u8 *p = (const u8 *)t + 16;
	const u8 *end = (const u8 *)t + t->size;
	u32 entry_size = ((const u32 *)t)[2];

	if (t->size < 16 || entry_size < 24)
		return;
	for (; p + entry_size <= end; p += entry_size) {
		const u64 *e = (const u64 *)p;

		add_mmap(e[0], e[1], *(const u32 *)(p + 16));
	}
}

static void mb2_framebuffer(const struct mb2_tag *t)
{
	const u8 *p = (const u8 *)t;
	struct boot_framebuffer *fb = &boot_info.fb;

	if (t->size < 31)
		return;
	fb->addr = *(const u64 *)(p + 8);
	fb->pitch = *(const u32 *)(p + 16);
	fb->width = *(const u32 *)(p + 20);
	fb->height = *(const u32 *)(p + 24);
	fb->bpp = p[28];
	fb->type = p[29];
	if (fb->type == 1 && t->size >= 38) {
		fb->red_pos = p[32];
		fb->red_size = p[33];
		fb->green_pos = p[34];
		fb->green_size = p[35];
		fb->blue_pos = p[36];
		fb->blue_size = p[37];
	}
	boot_info.has_fb = true;
}

static void mb2_acpi(const struct mb2_tag *t, bool new)
{
	size_t n = t->size - 8;

	/* Prefer the 2.0+ RSDP (XSDT) when the loader gives both. */
	if (boot_info.has_rsdp && !new)
		return;
	if (n > sizeof(boot_info.rsdp))
		n = sizeof(boot_info.rsdp);
	if (n < 20)
		return;
	memset(boot_info.rsdp, 0, sizeof(boot_info.rsdp));
	memcpy(boot_info.rsdp, (const u8 *)t + 8, n);
	boot_info.has_rsdp = true;
}

static void mb2_tag(const struct mb2_tag *t)
{
	const char *s = (const char *)t + 8;
	size_t cap = t->size - 8;

	switch (t->type) {
	case MB2_TAG_CMDLINE:
		set_cmdline(s, cap);
		break;
	case MB2_TAG_LOADER:
		set_loader(s, cap);
		break;
	case MB2_TAG_MODULE:
		if (t->size >= 16)
			add_module(((const u32 *)t)[2], ((const u32 *)t)[3],
				   (const char *)t + 16, t->size - 16);
		break;
	case MB2_TAG_BASIC_MEM:
		if (t->size >= 16) {
			boot_info.mem_lower_kb = ((const u32 *)t)[2];
			boot_info.mem_upper_kb = ((const u32 *)t)[3];
		}
		break;
	case MB2_TAG_MMAP:
		mb2_mmap(t);
		break;
	case MB2_TAG_FRAMEBUFFER:
		mb2_framebuffer(t);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		mb2_acpi(t, t->type == MB2_TAG_ACPI_NEW);
		break;
	case MB2_TAG_EFI32: case MB2_TAG_EFI64: case MB2_TAG_EFI_MMAP:
	case MB2_TAG_EFI_BS: case MB2_TAG_EFI32_IH: case MB2_TAG_EFI64_IH:
		boot_info.efi = true;
		break;
	}
}

static void parse_mb2(u64 pa)
{
	const u32 *hdr = early_ptr(pa, 8);
	u32 total;
	const u8 *p, *end;

	if (!hdr)
		return;
	total = hdr[0];
	if (total < 16 || !early_ptr(pa, total))
		return;
	boot_info.info_start = pa;
	boot_info.info_end = pa + total;
	p = (const u8 *)hdr + 8;
	end = (const u8 *)hdr + total;
	/* Tags are 8-byte aligned; a tag must fit whole or parsing stops. */
	while (p + 8 <= end) {
		const struct mb2_tag *t = (const void *)p;

		if (t->type == MB2_TAG_END || t->size < 8 || t->size > end - p)
			break;
		mb2_tag(t);
		p += ALIGN(t->size, 8);
	}
	if (boot_info.mmap_count == 0 && boot_info.mem_upper_kb) {
		add_mmap(0, boot_info.mem_lower_kb * 1024, MEM_USABLE);
		add_mmap(0x100000, boot_info.mem_upper_kb * 1024, MEM_USABLE);
	}
}

void bootinfo_parse(u32 magic, u64 info)
{
	if (magic == MB1_BOOTLOADER_MAGIC) {
		boot_info.protocol = BOOT_MULTIBOOT1;
		parse_mb1(info);
	} else if (magic == MB2_BOOTLOADER_MAGIC) {
		boot_info.protocol = BOOT_MULTIBOOT2;
		parse_mb2(info);
	} else if (magic == XEN_HVM_START_MAGIC_VALUE) {
		boot_info.protocol = BOOT_PVH;
		parse_pvh(info);
	}
}

const char *boot_protocol_name(void)
{
	switch (boot_info.protocol) {
	case BOOT_MULTIBOOT1:
		return "multiboot1";
	case BOOT_MULTIBOOT2:
		return "multiboot2";
	case BOOT_PVH:
		return "PVH";
	default:
		return "unknown";
	}
}
