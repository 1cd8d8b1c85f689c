/* What the boot information parsers share (arch/x86/boot/): bounded early reads and boot_info fillers. */
#ifndef _ARCH_X86_BOOT_INTERNAL_H
#define _ARCH_X86_BOOT_INTERNAL_H

#include <kernel/types.h>

/* xen/include/public/arch-x86/hvm/start_info.h; head.S puts it in EAX. */
#define XEN_HVM_START_MAGIC_VALUE	0x336ec578

/* The loader's structure at pa, len bytes, if it lies where the early map reaches; else NULL. */
const void *early_ptr(u64 pa, u64 len);
void add_mmap(u64 addr, u64 len, u32 type);
void add_module(u64 start, u64 end, const char *str, size_t cap);
void set_cmdline(const char *s, size_t cap);

/* pvh.c: the hvm_start_info at pa. */
void parse_pvh(u64 pa);

#endif
