/*
 * Memory map sanitizing, in the manner of Linux's e820__update_table():
 * split the address space at every entry boundary, give each piece the most
 * restrictive type of the entries covering it, then merge. Pure computation,
 * so it is unit-tested on the host with hostile maps.
 */
#include <kernel/memmap.h>

#define MAX_POINTS	(2 * BOOT_MMAP_MAX)

/* Higher rank wins where entries overlap; unknown types rank as reserved. */
static int type_rank(u32 type)
{
	switch (type) {
	case MEM_USABLE:	return 0;
	case MEM_ACPI_RECLAIM:	return 1;
	case MEM_ACPI_NVS:	return 2;
	case MEM_BAD:		return 4;
	default:		return 3;
	}
}

static void sort_u64(u64 *a, int n)
{
	for (int i = 1; i < n; i++) {
		u64 v = a[i];
		int j = i - 1;

		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

/* The type of the most restrictive entry covering [lo, hi), or 0 if none. */
static u32 covering_type(const struct boot_mmap_entry *map, int n, u64 lo, u64 hi)
{
	u32 best = 0;

	for (int i = 0; i < n; i++) {
		u64 end = map[i].addr + map[i].len;

		if (map[i].addr <= lo && end >= hi &&
		    (best == 0 || type_rank(map[i].type) > type_rank(best)))
			best = map[i].type;
	}
	return best;
}

int memmap_sanitize(struct boot_mmap_entry *map, int n, int cap)
{
	struct boot_mmap_entry in[BOOT_MMAP_MAX];
	u64 pts[MAX_POINTS];
	int nin = 0, npts = 0, out = 0;

	for (int i = 0; i < n && nin < BOOT_MMAP_MAX; i++) {
		u64 len = map[i].len;

		if (len == 0)
			continue;
		if (map[i].addr + len < map[i].addr)	/* wraps: clip at the top */
			len = ~0ULL - map[i].addr;
		in[nin] = map[i];
		in[nin].len = len;
		pts[npts++] = in[nin].addr;
		pts[npts++] = in[nin].addr + len;
		nin++;
	}
	sort_u64(pts, npts);
	for (int i = 0; i + 1 < npts; i++) {
		u64 lo = pts[i], hi = pts[i + 1];
		u32 type;

		if (lo == hi)
			continue;
		type = covering_type(in, nin, lo, hi);
		if (type == 0)
			continue;
		if (out > 0 && map[out - 1].type == type &&
		    map[out - 1].addr + map[out - 1].len == lo) {
			map[out - 1].len += hi - lo;
			continue;
		}
		if (out == cap)
			break;
		map[out].addr = lo;
		map[out].len = hi - lo;
		map[out].type = type;
		out++;
	}
	return out;
}

u64 memmap_total(const struct boot_mmap_entry *map, int n, u32 type)
{
	u64 sum = 0;

	for (int i = 0; i < n; i++)
		if (map[i].type == type)
			sum += map[i].len;
	return sum;
}
