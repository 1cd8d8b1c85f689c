/*
 * What the boot loader told us, copied out of the multiboot1, multiboot2
 * or PVH structures into kernel memory before anything can overwrite them.
 */
#ifndef _KERNEL_BOOTINFO_H
#define _KERNEL_BOOTINFO_H

#include <kernel/types.h>

#define BOOT_MMAP_MAX		128
#define BOOT_MODULES_MAX	8

/* Memory map types, numbered as E820 and multiboot2 number them. */
enum {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIM = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
};

struct boot_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
};

struct boot_module {
	u64 start, end;
	char cmdline[64];
};

struct boot_framebuffer {
	u64 addr;
	u32 pitch, width, height;
	u8 bpp;
	u8 type;		/* 0 indexed, 1 RGB, 2 EGA text */
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

enum boot_protocol {
	BOOT_UNKNOWN,
	BOOT_MULTIBOOT1,
	BOOT_MULTIBOOT2,
	BOOT_PVH,			/* the x86/HVM direct boot ABI (hvm_start_info) */
};

struct boot_info {
	enum boot_protocol protocol;
	const char *loader;		/* boot loader name, if given */
	char loader_buf[64];
	char cmdline[1024];
	bool cmdline_truncated;
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	int mmap_count;
	bool mmap_truncated;
	u64 mem_lower_kb, mem_upper_kb;	/* multiboot basic memory info */
	struct boot_module modules[BOOT_MODULES_MAX];
	int module_count;
	bool has_fb;
	struct boot_framebuffer fb;
	bool has_rsdp;
	u8 rsdp[36];			/* ACPI 1.0 (20 bytes) or 2.0+ (36) RSDP */
	bool efi;			/* booted by UEFI firmware (an EFI tag was present) */
	u64 info_start, info_end;	/* the loader's structure, reserved */
};

extern struct boot_info boot_info;

/*
 * Parse the structure at physical address 'info' (still identity mapped)
 * that the loader's magic in EAX names.
 */
void bootinfo_parse(u32 magic, u64 info);
/* "multiboot1", "multiboot2", "PVH" or "unknown". */
const char *boot_protocol_name(void);

#endif
