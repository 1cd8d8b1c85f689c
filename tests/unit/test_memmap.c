/* Host tests of kernel/memmap.c: the loader's memory map made safe to allocate from. */
/* links: kernel/mm/memmap.c */
#include "unit.h"
#include <kernel/memmap.h>

#define MiB (1ULL << 20)

static int sanitize(struct boot_mmap_entry *m, int n)
{
	return memmap_sanitize(m, n, BOOT_MMAP_MAX);
}

UNIT_TEST(memmap_sorted_and_merged)
{
	struct boot_mmap_entry m[BOOT_MMAP_MAX] = {
		{ 2 * MiB, 2 * MiB, MEM_USABLE },
		{ 0, 640 * 1024, MEM_USABLE },
		{ 1 * MiB, 1 * MiB, MEM_USABLE },	/* adjacent to the first: merges */
	};
	int n = sanitize(m, 3);

	EXPECT_EQ_INT(n, 2);
	EXPECT_EQ_UINT(m[0].addr, 0);
	EXPECT_EQ_UINT(m[0].len, 640 * 1024);
	EXPECT_EQ_UINT(m[1].addr, 1 * MiB);
	EXPECT_EQ_UINT(m[1].len, 3 * MiB);
}

UNIT_TEST(memmap_overlap_reserved_wins)
{
	struct boot_mmap_entry m[BOOT_MMAP_MAX] = {
		{ 0, 16 * MiB, MEM_USABLE },
		{ 4 * MiB, 1 * MiB, MEM_RESERVED },	/* a hole punched by a bad loader */
		{ 15 * MiB, 4 * MiB, MEM_ACPI_NVS },	/* straddles the end of RAM */
	};
	int n = sanitize(m, 3);

	ASSERT(n == 4);
	EXPECT_EQ_UINT(m[0].addr, 0);
	EXPECT_EQ_UINT(m[0].len, 4 * MiB);
	EXPECT_EQ_INT(m[1].type, MEM_RESERVED);
	EXPECT_EQ_UINT(m[2].addr, 5 * MiB);
	EXPECT_EQ_UINT(m[2].len, 10 * MiB);
	EXPECT_EQ_INT(m[2].type, MEM_USABLE);
	EXPECT_EQ_INT(m[3].type, MEM_ACPI_NVS);
	EXPECT_EQ_UINT(m[3].addr + m[3].len, 19 * MiB);
	EXPECT_EQ_UINT(memmap_total(m, n, MEM_USABLE), 14 * MiB);
}

UNIT_TEST(memmap_zero_length_wrapping_and_unknown_types)
{
	struct boot_mmap_entry m[BOOT_MMAP_MAX] = {
		{ 1 * MiB, 0, MEM_USABLE },			/* empty */
		{ ~0ULL - 4095, 1 * MiB, MEM_USABLE },		/* wraps past 2^64 */
		{ 8 * MiB, 1 * MiB, 0x1234 },			/* unknown type */
		{ 8 * MiB, 2 * MiB, MEM_USABLE },
	};
	int n = sanitize(m, 4);

	ASSERT(n == 3);
	EXPECT_EQ_INT(m[0].type, 0x1234);		/* unknown beats usable */
	EXPECT_EQ_UINT(m[0].addr, 8 * MiB);
	EXPECT_EQ_UINT(m[1].addr, 9 * MiB);
	EXPECT_EQ_INT(m[1].type, MEM_USABLE);
	EXPECT(m[2].addr + m[2].len >= m[2].addr);	/* clipped, no wrap */
}

UNIT_TEST(memmap_duplicates_and_empty_input)
{
	struct boot_mmap_entry m[BOOT_MMAP_MAX] = {
		{ 1 * MiB, 4 * MiB, MEM_USABLE },
		{ 1 * MiB, 4 * MiB, MEM_USABLE },
		{ 1 * MiB, 4 * MiB, MEM_USABLE },
	};

	EXPECT_EQ_INT(sanitize(m, 3), 1);
	EXPECT_EQ_UINT(m[0].len, 4 * MiB);
	EXPECT_EQ_INT(sanitize(m, 0), 0);
}

UNIT_TEST(memmap_many_fragments_fit_the_cap)
{
	struct boot_mmap_entry m[BOOT_MMAP_MAX];
	int n;

	/* Alternating usable/reserved pages: 128 entries in, 128 out at most. */
	for (int i = 0; i < BOOT_MMAP_MAX; i++) {
		m[i].addr = (unsigned long long)i * 4096;
		m[i].len = 4096;
		m[i].type = (i & 1) ? MEM_RESERVED : MEM_USABLE;
	}
	n = memmap_sanitize(m, BOOT_MMAP_MAX, 10);
	EXPECT_EQ_INT(n, 10);
	for (int i = 1; i < n; i++)
		EXPECT(m[i].addr >= m[i - 1].addr + m[i - 1].len);
}
