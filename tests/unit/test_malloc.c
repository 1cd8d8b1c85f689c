/* test_malloc.c - libc/user/malloc.c over a fake brk: patterns, integrity, limits. */
/* links: libc */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"

/*
 * The fake program break: a static arena, the break starting 8 bytes in
 * (so malloc must align it), refused beyond brk_limit as Linux refuses
 * it past RLIMIT_DATA (returning the old break).
 */
#define ARENA_SIZE	(32 << 20)

static _Alignas(4096) unsigned char arena[ARENA_SIZE];
static uintptr_t brk_cur = (uintptr_t)arena + 8;
static uintptr_t brk_limit = (uintptr_t)arena + ARENA_SIZE;
static unsigned int brk_calls;

uintptr_t __sys_brk(uintptr_t addr);

uintptr_t __sys_brk(uintptr_t addr)
{
	brk_calls++;
	if (addr >= (uintptr_t)arena && addr <= brk_limit)
		brk_cur = addr;
	return brk_cur;
}

#define SLOTS	512

struct slot {
	unsigned char *p;
	size_t n;
	unsigned char fill;
};

static size_t random_size(void)
{
	switch (unit_rand() % 8) {
	case 0: return 0;
	case 1: return unit_rand() % 65536;
	case 2: return unit_rand() % 4096;
	default: return unit_rand() % 200;
	}
}

static bool intact(const struct slot *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->p[i] != (unsigned char)(s->fill + i))
			return false;
	return true;
}

static void fill(struct slot *s)
{
	s->fill = unit_rand();
	for (size_t i = 0; i < s->n; i++)
		s->p[i] = s->fill + i;
}

/* New block [p, p+n) against every live block: aligned, in the arena, disjoint. */
static bool placed_well(const struct slot *slots, int self)
{
	const struct slot *s = &slots[self];
	uintptr_t a = (uintptr_t)s->p, e = a + (s->n ? s->n : 1);

	if (!EXPECT_MSG(a % 16 == 0, "block %p misaligned", (void *)s->p))
		return false;
	if (!EXPECT_MSG(a >= (uintptr_t)arena && e <= brk_cur,
			"block %p+%zu outside the heap", (void *)s->p, s->n))
		return false;
	for (int i = 0; i < SLOTS; i++) {
		uintptr_t b, f;

		if (i == self || !slots[i].p)
			continue;
		b = (uintptr_t)slots[i].p;
		f = b + (slots[i].n ? slots[i].n : 1);
		if (!EXPECT_MSG(e <= b || f <= a, "blocks %p+%zu and %p+%zu overlap",
				(void *)s->p, s->n, (void *)slots[i].p,
				slots[i].n))
			return false;
	}
	return true;
}

/* One random step on a random slot: malloc, free, realloc or calloc. */
static bool step(struct slot *slots)
{
	int i = unit_rand() % SLOTS;
	struct slot *s = &slots[i];
	size_t old_n = s->n, keep;
	unsigned char old_fill = s->fill;

	if (s->p && !EXPECT_MSG(intact(s), "block %p+%zu corrupted",
				(void *)s->p, s->n))
		return false;
	switch (unit_rand() % 4) {
	case 0:
		skiff_free(s->p);
		s->p = NULL;
		s->n = 0;
		return true;
	case 1:
		if (!s->p)
			break;
		s->n = random_size();
		s->p = skiff_realloc(s->p, s->n ? s->n : 1);
		if (!EXPECT(s->p != NULL))
			return false;
		keep = old_n < s->n ? old_n : s->n;
		for (size_t k = 0; k < keep; k++)
			if (!EXPECT_MSG(s->p[k] == (unsigned char)(old_fill + k),
					"realloc lost byte %zu of %zu", k, keep))
				return false;
		fill(s);
		return placed_well(slots, i);
	case 2:
		skiff_free(s->p);
		s->n = random_size();
		s->p = skiff_calloc(1, s->n);
		if (!EXPECT(s->p != NULL))
			return false;
		for (size_t k = 0; k < s->n; k++)
			if (!EXPECT_MSG(s->p[k] == 0, "calloc byte %zu not zero", k))
				return false;
		fill(s);
		return placed_well(slots, i);
	default:
		break;
	}
	skiff_free(s->p);
	s->n = random_size();
	s->p = skiff_malloc(s->n);
	if (!EXPECT(s->p != NULL))
		return false;
	fill(s);
	return placed_well(slots, i);
}

UNIT_TEST(random_patterns_keep_blocks_disjoint_and_intact)
{
	static struct slot slots[SLOTS];

	for (int n = 0; n < 200000; n++)
		if (!step(slots))
			break;
	for (int i = 0; i < SLOTS; i++) {
		if (slots[i].p)
			EXPECT(intact(&slots[i]));
		skiff_free(slots[i].p);
	}
}

/* Freed neighbours merge: after freeing all, one block of their total fits in place. */
UNIT_TEST(freed_blocks_coalesce)
{
	void *p[64];
	uintptr_t brk_before;

	for (int i = 0; i < 64; i++)
		ASSERT((p[i] = skiff_malloc(1000)) != NULL);
	brk_before = brk_cur;
	for (int i = 0; i < 64; i += 2)
		skiff_free(p[i]);
	for (int i = 1; i < 64; i += 2)
		skiff_free(p[i]);
	ASSERT((p[0] = skiff_malloc(64 * 1000)) != NULL);
	EXPECT_EQ_UINT(brk_cur, brk_before);
	skiff_free(p[0]);
}

UNIT_TEST(exhaustion_is_enomem_and_recovers)
{
	void *p[4096];
	int n = 0;

	brk_limit = brk_cur + (1 << 20);
	skiff_errno = 0;
	while (n < 4096 && (p[n] = skiff_malloc(4000)) != NULL)
		n++;
	EXPECT(n > 100 && n < 4096);
	EXPECT_EQ_INT(skiff_errno, ENOMEM);
	while (n > 0)
		skiff_free(p[--n]);
	brk_limit = (uintptr_t)arena + ARENA_SIZE;
	ASSERT((p[0] = skiff_malloc(4000)) != NULL);
	skiff_free(p[0]);
}

UNIT_TEST(oversized_requests_fail_cleanly)
{
	void *p;

	skiff_errno = 0;
	EXPECT(skiff_malloc(SIZE_MAX) == NULL);
	EXPECT_EQ_INT(skiff_errno, ENOMEM);
	EXPECT(skiff_malloc(SIZE_MAX - 8) == NULL);
	EXPECT(skiff_malloc(ARENA_SIZE) == NULL);	/* brk refuses */
	EXPECT(skiff_calloc(SIZE_MAX / 2, 3) == NULL);
	EXPECT(skiff_calloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
	ASSERT((p = skiff_malloc(10)) != NULL);
	EXPECT(skiff_realloc(p, SIZE_MAX) == NULL);	/* p still valid */
	skiff_free(p);
}

UNIT_TEST(edge_cases_of_the_api)
{
	void *a, *b;

	a = skiff_malloc(0);
	b = skiff_malloc(0);
	EXPECT(a != NULL && b != NULL && a != b);
	skiff_free(a);
	skiff_free(b);
	skiff_free(NULL);
	a = skiff_realloc(NULL, 100);
	ASSERT(a != NULL);
	memset(a, 7, 100);
	EXPECT(skiff_realloc(a, 0) == NULL);	/* frees a, as glibc */
	a = skiff_calloc(0, 100);
	EXPECT(a != NULL);
	skiff_free(a);
}

/* Growing into a free neighbour keeps the block where it is. */
UNIT_TEST(realloc_grows_in_place_into_free_neighbour)
{
	unsigned char *a, *b, *c;

	a = skiff_malloc(100);
	b = skiff_malloc(1000);
	ASSERT(a && b);
	memset(a, 0xab, 100);
	skiff_free(b);
	c = skiff_realloc(a, 800);
	EXPECT(c == a);
	for (int i = 0; i < 100; i++)
		if (!EXPECT_EQ_UINT(c[i], 0xab))
			break;
	skiff_free(c);
}
