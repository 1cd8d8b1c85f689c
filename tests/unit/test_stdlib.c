/* test_stdlib.c - libc/stdlib.c: strto* against glibc, qsort, bsearch, abs. */
/* links: libc */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* What one conversion did: value (as 64 bits), end offset, and ERANGE. */
struct conv {
	unsigned long long val;
	long end;
	int erange;
};

enum strto_fn { STRTOL, STRTOUL, STRTOLL, STRTOULL, NFNS };

static const char *const fn_names[NFNS] = {
	"strtol", "strtoul", "strtoll", "strtoull"
};

static struct conv run_skiff(enum strto_fn fn, const char *s, int base)
{
	struct conv c;
	char *end = NULL;

	skiff_errno = 0;
	switch (fn) {
	case STRTOL:
		c.val = skiff_strtol(s, &end, base);
		break;
	case STRTOUL:
		c.val = skiff_strtoul(s, &end, base);
		break;
	case STRTOLL:
		c.val = skiff_strtoll(s, &end, base);
		break;
	default:
		c.val = skiff_strtoull(s, &end, base);
		break;
	}
	c.end = end - s;
	c.erange = skiff_errno == ERANGE;
	return c;
}

static struct conv run_glibc(enum strto_fn fn, const char *s, int base)
{
	struct conv c;
	char *end = NULL;

	errno = 0;
	switch (fn) {
	case STRTOL:
		c.val = strtol(s, &end, base);
		break;
	case STRTOUL:
		c.val = strtoul(s, &end, base);
		break;
	case STRTOLL:
		c.val = strtoll(s, &end, base);
		break;
	default:
		c.val = strtoull(s, &end, base);
		break;
	}
	c.end = end - s;
	c.erange = errno == ERANGE;
	return c;
}

/* Compares all four functions with glibc on s in base; false on a mismatch. */
static bool same_as_glibc(const char *s, int base)
{
	int fn;

	for (fn = 0; fn < NFNS; fn++) {
		struct conv a = run_skiff(fn, s, base);
		struct conv b = run_glibc(fn, s, base);

		if (!EXPECT_MSG(a.val == b.val && a.end == b.end &&
				a.erange == b.erange,
				"%s(\"%s\", %d): skiff %llu end %ld erange %d, "
				"glibc %llu end %ld erange %d",
				fn_names[fn], s, base, a.val, a.end, a.erange,
				b.val, b.end, b.erange))
			return false;
	}
	return true;
}

static const char *const edge_inputs[] = {
	"", " ", "+", "-", "0", "-0", "+0", "00", "0x", "0X", "0x1", "0XaB",
	"0xg", "0x 1", "0x-1", "0x0x1", "00x1", " 0x1f", "-0x1F", "+0x10",
	"0b101", "08", "0778", "1e5", " \t\n\v\f\r42", "42abc", "zz", "ZZ",
	"Zz9", "--1", "+-1", "- 1", "\x80" "1", "1\x80", "z{", "a`", "Z[",
	"9223372036854775807", "9223372036854775808",
	"-9223372036854775808", "-9223372036854775809",
	"18446744073709551615", "18446744073709551616",
	"-18446744073709551615", "-18446744073709551616",
	"99999999999999999999999999999999999999",
	"0x7fffffffffffffff", "0x8000000000000000", "0xffffffffffffffff",
	"0x10000000000000000", "-0xffffffffffffffff", "0x00000000000000000001",
	"1111111111111111111111111111111111111111111111111111111111111111",
	"11111111111111111111111111111111111111111111111111111111111111111",
	"-1000000000000000000000000000000000000000000000000000000000000000",
	"3w5e11264sgsf", "3w5e11264sgsg", "-3w5e11264sgsg", "2147483648",
	"-2147483649", "4294967296",
};

UNIT_TEST(strto_edge_inputs_match_glibc_in_every_base)
{
	size_t i;
	int base;

	for (i = 0; i < sizeof(edge_inputs) / sizeof(edge_inputs[0]); i++)
		for (base = 0; base <= 36; base++)
			if (base != 1 && !same_as_glibc(edge_inputs[i], base))
				break;
}

UNIT_TEST(strto_random_strings_match_glibc)
{
	static const char alphabet[] = " \t+-0123456789xXabcdefzZ";
	char s[25];
	int i, base;
	size_t j, n;

	for (i = 0; i < 30000; i++) {
		n = unit_rand() % sizeof(s);
		for (j = 0; j < n; j++)
			s[j] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		s[n] = '\0';
		base = unit_rand() % 36;
		if (!same_as_glibc(s, base ? base + 1 : 0))
			break;
	}
}

/* Writes v in base, with an optional sign, into out. */
static void to_base(char *out, const char *sign, unsigned long long v,
		    int base)
{
	char digits[65];
	char *p = digits + sizeof(digits);

	*--p = '\0';
	do {
		*--p = "0123456789abcdefghijklmnopqrstuvwxyz"[v % base];
		v /= base;
	} while (v);
	strcpy(out, sign);
	strcat(out, p);
}

/*
 * Values around every limit, in every base, with and without a sign,
 * then once more with one digit too many.
 */
UNIT_TEST(strto_limits_in_every_base_match_glibc)
{
	static const unsigned long long values[] = {
		0, 1, INT_MAX, (unsigned long long)INT_MAX + 1, UINT_MAX,
		(unsigned long long)UINT_MAX + 1, LLONG_MAX - 1, LLONG_MAX,
		(unsigned long long)LLONG_MAX + 1,
		(unsigned long long)LLONG_MAX + 2, ULLONG_MAX - 1, ULLONG_MAX,
		ULLONG_MAX / 36, ULLONG_MAX / 36 + 1,
	};
	static const char *const signs[] = { "", "-", "+" };
	char s[80];
	size_t i, k;
	int base;

	for (base = 2; base <= 36; base++)
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
			for (k = 0; k < 3; k++) {
				to_base(s, signs[k], values[i], base);
				if (!same_as_glibc(s, base))
					return;
				strcat(s, "0");
				if (!same_as_glibc(s, base))
					return;
			}
}

UNIT_TEST(strto_random_numbers_match_glibc)
{
	char s[80];
	unsigned long long v;
	int i, base;

	for (i = 0; i < 20000; i++) {
		v = (unsigned long long)unit_rand() << 62 ^
		    (unsigned long long)unit_rand() << 31 ^ unit_rand();
		v >>= unit_rand() % 64;
		base = 2 + unit_rand() % 35;
		to_base(s, unit_rand() % 2 ? "-" : "", v, base);
		if (!same_as_glibc(s, base))
			break;
	}
}

struct golden {
	const char *s;
	int base;
	long long val;
	int end;
	int err;
};

/* C11 7.22.1.4 spelled out; err is what errno must be afterwards. */
static const struct golden strtoll_golden[] = {
	{ "0x", 16, 0, 1, 0 },		/* the subject is "0" */
	{ "0x", 0, 0, 1, 0 },
	{ "0xz", 0, 0, 1, 0 },
	{ " -0x1F", 0, -31, 6, 0 },
	{ "0X1f", 16, 31, 4, 0 },
	{ "010", 0, 8, 3, 0 },
	{ "089", 0, 0, 1, 0 },
	{ "1012", 2, 5, 3, 0 },
	{ "zZ", 36, 35 * 36 + 35, 2, 0 },
	{ "", 10, 0, 0, 0 },
	{ "   ", 10, 0, 0, 0 },		/* no subject: endptr = nptr */
	{ " +", 10, 0, 0, 0 },
	{ "+-1", 10, 0, 0, 0 },
	{ "\t\n\v\f\r 42z", 10, 42, 8, 0 },
	{ "9223372036854775807", 10, LLONG_MAX, 19, 0 },
	{ "9223372036854775808", 10, LLONG_MAX, 19, ERANGE },
	{ "-9223372036854775808", 10, LLONG_MIN, 20, 0 },
	{ "-9223372036854775809", 10, LLONG_MIN, 20, ERANGE },
	{ "123456789012345678901234567890x", 10, LLONG_MAX, 30, ERANGE },
	{ "12", 1, 0, 0, EINVAL },	/* glibc leaves endptr alone here */
	{ "12", 37, 0, 0, EINVAL },
	{ "12", -1, 0, 0, EINVAL },
};

UNIT_TEST(strtoll_golden)
{
	const struct golden *g;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(strtoll_golden) / sizeof(strtoll_golden[0]);
	     i++) {
		g = &strtoll_golden[i];
		skiff_errno = 0;
		end = NULL;
		EXPECT_EQ_INT(skiff_strtoll(g->s, &end, g->base), g->val);
		EXPECT_MSG(end == g->s + g->end, "\"%s\" base %d: end %ld",
			   g->s, g->base, end ? (long)(end - g->s) : -1L);
		EXPECT_EQ_INT(skiff_errno, g->err);
	}
}

UNIT_TEST(strtoul_negates_in_the_return_type)
{
	char *end;

	skiff_errno = 0;
	EXPECT_EQ_UINT(skiff_strtoul("-1", &end, 10), ULONG_MAX);
	EXPECT_EQ_INT(skiff_errno, 0);
	EXPECT_EQ_UINT(skiff_strtoul("-18446744073709551615", NULL, 10), 1);
	EXPECT_EQ_INT(skiff_errno, 0);
	EXPECT_EQ_UINT(skiff_strtoul("-18446744073709551616", &end, 10),
		       ULONG_MAX);
	EXPECT_EQ_INT(skiff_errno, ERANGE);
	skiff_errno = 0;
	EXPECT_EQ_UINT(skiff_strtoull("18446744073709551615", NULL, 0),
		       ULLONG_MAX);
	EXPECT_EQ_INT(skiff_errno, 0);
	EXPECT_EQ_UINT(skiff_strtoull("0x1ffffffffffffffff", &end, 0),
		       ULLONG_MAX);
	EXPECT_EQ_INT(skiff_errno, ERANGE);
	EXPECT_EQ_INT(*end, '\0');
}

UNIT_TEST(errno_hook_is_skiffs_own)
{
	int *p = skiff___errno_location();

	EXPECT(p != NULL);
	EXPECT(p == skiff___errno_location());
	EXPECT(p != &errno);
	errno = 0;
	*p = 0;
	skiff_strtol("99999999999999999999", NULL, 10);
	EXPECT_EQ_INT(*p, ERANGE);
	EXPECT_EQ_INT(errno, 0);
}

UNIT_TEST(atoi_atol_and_abs)
{
	EXPECT_EQ_INT(skiff_atoi("  -123xyz"), -123);
	EXPECT_EQ_INT(skiff_atoi(""), 0);
	EXPECT_EQ_INT(skiff_atoi("2147483647"), INT_MAX);
	EXPECT_EQ_INT(skiff_atoi("-2147483648"), INT_MIN);
	EXPECT_EQ_INT(skiff_atoi("0x10"), 0);
	EXPECT_EQ_INT(skiff_atol("-9223372036854775808"), LONG_MIN);
	EXPECT_EQ_INT(skiff_atol(" +77"), 77);
	EXPECT_EQ_INT(skiff_abs(-5), 5);
	EXPECT_EQ_INT(skiff_abs(0), 0);
	EXPECT_EQ_INT(skiff_abs(INT_MAX), INT_MAX);
	EXPECT_EQ_INT(skiff_abs(-INT_MAX), INT_MAX);
	EXPECT_EQ_INT(skiff_labs(LONG_MIN + 1), LONG_MAX);
	EXPECT_EQ_INT(skiff_llabs(-LLONG_MAX), LLONG_MAX);
	EXPECT_EQ_INT(skiff_llabs(7), 7);
}

/*
 * The array the comparator may look at, to prove qsort and bsearch never
 * pass it a pointer outside the array or between two elements.
 */
static const char *cmp_base;
static size_t cmp_nmemb, cmp_size;
static unsigned long cmp_calls;
static bool cmp_strayed;

static void watch(const void *base, size_t nmemb, size_t size)
{
	cmp_base = base;
	cmp_nmemb = nmemb;
	cmp_size = size;
	cmp_calls = 0;
	cmp_strayed = false;
}

static void check_element(const void *p)
{
	const char *c = p;

	if (c < cmp_base || c >= cmp_base + cmp_nmemb * cmp_size ||
	    (c - cmp_base) % cmp_size)
		cmp_strayed = true;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int cmp_int_watched(const void *a, const void *b)
{
	cmp_calls++;
	check_element(a);
	check_element(b);
	return cmp_int(a, b);
}

/* bsearch passes the key first, and it is no element (C11 7.22.5.1p2). */
static int cmp_key_watched(const void *key, const void *elem)
{
	cmp_calls++;
	check_element(elem);
	return cmp_int(key, elem);
}

static int cmp_bytes3(const void *a, const void *b)
{
	return memcmp(a, b, 3);
}

static int cmp_bytes3_watched(const void *a, const void *b)
{
	check_element(a);
	check_element(b);
	return cmp_bytes3(a, b);
}

/* ceil(log2(n)) for n >= 1. */
static unsigned long ceil_log2(size_t n)
{
	unsigned long k = 0;

	while (((size_t)1 << k) < n)
		k++;
	return k;
}

static const size_t qsort_sizes[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 257, 1000, 4096,
};

enum pattern { RANDOM, FEW_KEYS, SORTED, REVERSED, ALL_EQUAL, ORGAN_PIPE,
	       NPATTERNS };

static int pattern_value(enum pattern p, size_t i, size_t n)
{
	switch (p) {
	case RANDOM:
		return (int)unit_rand() - (1 << 30);
	case FEW_KEYS:
		return unit_rand() % 4;
	case SORTED:
		return i;
	case REVERSED:
		return n - i;
	case ALL_EQUAL:
		return 42;
	default:
		return i < n / 2 ? i : n - i;
	}
}

UNIT_TEST(qsort_ints_match_glibc_in_n_log_n)
{
	size_t k, i, n;
	int p;

	for (k = 0; k < sizeof(qsort_sizes) / sizeof(qsort_sizes[0]); k++)
		for (p = 0; p < NPATTERNS; p++) {
			int *mine, *ref;

			n = qsort_sizes[k];
			mine = malloc((n ? n : 1) * sizeof(int));
			ref = malloc((n ? n : 1) * sizeof(int));
			ASSERT(mine && ref);
			for (i = 0; i < n; i++)
				mine[i] = ref[i] = pattern_value(p, i, n);
			qsort(ref, n, sizeof(int), cmp_int);
			watch(mine, n, sizeof(int));
			skiff_qsort(mine, n, sizeof(int), cmp_int_watched);
			EXPECT_MSG(!memcmp(mine, ref, n * sizeof(int)),
				   "n %zu pattern %d: not as glibc", n, p);
			EXPECT_MSG(!cmp_strayed, "n %zu: stray pointer", n);
			/* Heapsort: 2n to heapify, then 2 log2 n each. */
			EXPECT_MSG(cmp_calls <= 2 * n * ceil_log2(n) + 2 * n,
				   "n %zu pattern %d: %lu comparisons", n, p,
				   cmp_calls);
			free(mine);
			free(ref);
		}
}

/* Odd element sizes: 3-byte keys via memcmp. */
UNIT_TEST(qsort_three_byte_elements_match_glibc)
{
	size_t k, i, n;

	for (k = 0; k < sizeof(qsort_sizes) / sizeof(qsort_sizes[0]); k++) {
		unsigned char *mine, *ref;

		n = qsort_sizes[k];
		mine = malloc(n * 3 + 1);
		ref = malloc(n * 3 + 1);
		ASSERT(mine && ref);
		for (i = 0; i < n * 3; i++)
			mine[i] = ref[i] = unit_rand() % 3 ? 'a' : 0xff;
		qsort(ref, n, 3, cmp_bytes3);
		watch(mine, n, 3);
		skiff_qsort(mine, n, 3, cmp_bytes3_watched);
		EXPECT_EQ_MEM(mine, ref, n * 3);
		EXPECT(!cmp_strayed);
		free(mine);
		free(ref);
	}
}

struct record {
	uint32_t key;
	uint32_t id;
	uint32_t check;		/* a function of id: shows torn swaps */
};

static int cmp_record(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* Records with payload: sorted by key, and still a permutation of the input. */
UNIT_TEST(qsort_records_keep_their_payload)
{
	size_t k, i, n;

	for (k = 0; k < sizeof(qsort_sizes) / sizeof(qsort_sizes[0]); k++) {
		struct record *r;
		unsigned char *seen;

		n = qsort_sizes[k];
		r = malloc((n ? n : 1) * sizeof(*r));
		seen = calloc(n ? n : 1, 1);
		ASSERT(r && seen);
		for (i = 0; i < n; i++) {
			r[i].key = unit_rand() % 16;
			r[i].id = i;
			r[i].check = i * 2654435761u;
		}
		skiff_qsort(r, n, sizeof(*r), cmp_record);
		for (i = 0; i < n; i++) {
			EXPECT(i == 0 || r[i - 1].key <= r[i].key);
			if (!EXPECT(r[i].id < n &&
				    r[i].check == r[i].id * 2654435761u &&
				    !seen[r[i].id]))
				break;
			seen[r[i].id] = 1;
		}
		free(r);
		free(seen);
	}
}

UNIT_TEST(bsearch_finds_every_element_and_no_other)
{
	int a[40], key;
	size_t n, i;
	int *hit;

	for (i = 0; i < 40; i++)
		a[i] = 2 * i;
	for (n = 0; n <= 40; n++) {
		watch(a, n, sizeof(int));
		for (key = -1; key <= 2 * (int)n; key++) {
			cmp_calls = 0;
			hit = skiff_bsearch(&key, a, n, sizeof(int),
					    cmp_key_watched);
			EXPECT(cmp_calls <= ceil_log2(n + 1));
			if (key % 2 == 0 && key >= 0 && key < 2 * (int)n)
				EXPECT_MSG(hit == &a[key / 2],
					   "n %zu key %d", n, key);
			else
				EXPECT_MSG(hit == NULL, "n %zu key %d", n, key);
		}
		EXPECT(!cmp_strayed);
	}
}

UNIT_TEST(bsearch_with_duplicates_returns_a_match)
{
	static const int a[] = { 1, 1, 1, 2, 2, 3, 3, 3, 3 };
	int key;
	int *hit;

	for (key = 0; key <= 4; key++) {
		hit = skiff_bsearch(&key, a, 9, sizeof(int), cmp_int);
		if (key >= 1 && key <= 3)
			EXPECT(hit && *hit == key);
		else
			EXPECT(hit == NULL);
	}
}
