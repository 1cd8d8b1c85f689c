/* Turning the loader's memory map into clean, sorted, non-overlapping ranges. */
#ifndef _KERNEL_MEMMAP_H
#define _KERNEL_MEMMAP_H

#include <kernel/bootinfo.h>

/*
 * Sanitize map[0..n) in place and return the new count (at most cap):
 * zero-length and wrapping entries are dropped, overlaps are resolved in
 * favour of the more restrictive type (anything beats usable RAM),
 * adjacent entries of one type are merged, and the result is sorted.
 * This is what makes a loader's odd or overlapping map safe to allocate from.
 */
int memmap_sanitize(struct boot_mmap_entry *map, int n, int cap);

/* Total bytes of the given type in a sanitized map. */
u64 memmap_total(const struct boot_mmap_entry *map, int n, u32 type);

#endif
