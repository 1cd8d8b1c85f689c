/* test_snprintf.c - libc/vsnprintf.c against glibc at every size; golden. */
/* links: libc */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/*
 * Skiff's headers after glibc's: a typedef that disagrees with glibc's is
 * a compile error, and -Wformat checks every PRI macro used below.
 */
#include "../../libc/include/inttypes.h"
#include "../../libc/include/sys/types.h"

#include "unit.h"

/* Opaque to gcc, so it cannot warn about (or fold) a NULL %s argument. */
static const char *volatile null_string;

/*
 * Hides a format from gcc's -Wformat checks, for the formats that are odd
 * on purpose: glibc extensions, unknown conversions, overflows.
 */
static const char *opaque(const char *fmt)
{
	const char *volatile v = fmt;

	return v;
}

/*
 * Checks that Skiff writes exactly what glibc would at every size
 * 0..len+1, each buffer malloc'ed to that size so ASan sees an overrun;
 * vsnprintf must return len and vscnprintf the bytes it kept.
 */
static bool same_at_every_size(const char *fmt, va_list ap, const char *want,
			       int len)
{
	size_t size, kept;
	char *buf;
	va_list aq;
	int n, c;

	for (size = 0; size <= (size_t)len + 1; size++) {
		buf = malloc(size ? size : 1);
		if (!EXPECT(buf))
			return false;
		/* size 0: nothing may be written, not even the NUL. */
		buf[0] = '#';
		kept = size ? ((size_t)len < size - 1 ? (size_t)len : size - 1)
			    : 0;
		va_copy(aq, ap);
		n = skiff_vsnprintf(buf, size, fmt, aq);
		va_end(aq);
		va_copy(aq, ap);
		c = skiff_vscnprintf(buf, size, fmt, aq);
		va_end(aq);
		if (!EXPECT_MSG(n == len && c == (int)kept &&
				!memcmp(buf, want, kept) &&
				buf[kept] == (size ? '\0' : '#'),
				"\"%s\" size %zu: returned %d and %d, "
				"want %d and %zu",
				fmt, size, n, c, len, kept)) {
			free(buf);
			return false;
		}
		free(buf);
	}
	va_copy(aq, ap);
	n = skiff_vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	return EXPECT_MSG(n == len, "\"%s\" into NULL, 0: %d", fmt, n);
}

/* Formats with glibc and Skiff and compares, with every_size at all sizes. */
static bool vsame(bool every_size, const char *fmt, va_list ap)
{
	char want[600], got[600];
	va_list aq;
	int wn, gn;

	va_copy(aq, ap);
	wn = vsnprintf(want, sizeof(want), fmt, aq);
	va_end(aq);
	va_copy(aq, ap);
	gn = skiff_vsnprintf(got, sizeof(got), fmt, aq);
	va_end(aq);
	if (!EXPECT_MSG(wn >= 0 && wn < (int)sizeof(want) && wn == gn &&
			!memcmp(want, got, wn + 1),
			"\"%s\": glibc %d \"%s\", skiff %d \"%s\"",
			fmt, wn, want, gn, got))
		return false;
	return !every_size || same_at_every_size(fmt, ap, want, wn);
}

__attribute__((format(printf, 1, 2)))
static bool same(const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = vsame(true, fmt, ap);
	va_end(ap);
	return ok;
}

/* Whole-buffer comparison only, for the large generated matrix. */
__attribute__((format(printf, 1, 2)))
static bool same_full(const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = vsame(false, fmt, ap);
	va_end(ap);
	return ok;
}

UNIT_TEST(signed_and_unsigned_extremes)
{
	same("%d|%d|%d|%i", INT_MIN, INT_MAX, 0, -1);
	same("%ld|%ld|%lu", LONG_MIN, LONG_MAX, ULONG_MAX);
	same("%lld|%lld", LLONG_MIN, LLONG_MAX);
	same("%llu|%llx|%llX|%llo", ULLONG_MAX, ULLONG_MAX, ULLONG_MAX,
	     ULLONG_MAX);
	same("%#llo|%#llx|%#llX", ULLONG_MAX, ULLONG_MAX, ULLONG_MAX);
	same("%u|%x|%o", UINT_MAX, UINT_MAX, UINT_MAX);
}

UNIT_TEST(alternate_forms)
{
	same("%#o|%#.0o|%#o|%#5o|%#-5o|", 0, 0, 8, 8, 8);
	same("%#x|%#x|%#X|%#08x|%#.0x|", 0, 255, 255, 255, 0);
	same("%#.3o|%#.3x|%#10.4x|", 8, 1, 0xab);
}

UNIT_TEST(zero_precision_and_zero_value)
{
	same("[%.0d][%.0u][%.0x][%.0o][%.d]", 0, 0, 0, 0, 0);
	same("[%5.0d][%-5.0d][%+.0d][% .0d]", 0, 0, 0, 0);
	same(opaque("[%05.0d][%#05.0o]"), 0, 0);
	same("[%.0d][%.0x]", 1, 1);
}

/* Flags C says are ignored (7.21.6.1p6): gcc warns, hence opaque(). */
UNIT_TEST(signs_and_zero_padding)
{
	same("%+05d|%+05d|% 05d|% 05d|%+.3d", 42, -42, 42, -42, 7);
	same(opaque("%+ d|% +d|%-05d|%-+8.3d"), 5, 5, 5, -7);
	same(opaque("%05.3d|%08.3d|%05.0x"), 7, -7, 0);
	same(opaque("%05u|%+u|% u|%05x|%-05x|"), 7, 7, 7, 0xab, 0xab);
	same(opaque("%0d|%00005d|%0-5d|"), 1, 2, 3);
}

UNIT_TEST(strings_and_characters)
{
	same("|%-8s|%8s|%.10s|%.2s|", "abc", "abc", "short", "short");
	same("|%10.3s|%-10.3s|%.0s|%s|%5s|", "abcdef", "abcdef", "abc", "",
	     "");
	same("|%c|%5c|%-5c|%c|", 'x', 'y', 'z', 255);
	same("a%cb", 0);
	same("%c", 'A' + 256);
	same("%s|%.3s|%.6s|%10s|%-10s|%10.2s|", null_string, null_string,
	     null_string, null_string, null_string, null_string);
}

UNIT_TEST(pointers)
{
	int local;

	same("%p|%p|%p|%p", (void *)0, (void *)1, (void *)0xdeadbeef,
	     (void *)UINTPTR_MAX);
	same("|%20p|%-20p|%5p|", (void *)&local, (void *)&local, (void *)0);
	same("|%20p|%-20p|", (void *)0, (void *)0);
}

/* Precision and '0' with %p are glibc extensions, which gcc warns about. */
UNIT_TEST(pointer_precision_and_zero_flag)
{
	same(opaque("|%.20p|%.20p|%.3p|"), (void *)0x1234, (void *)0,
	     (void *)0x1234);
	same(opaque("|%020p|%020p|%0.3p|"), (void *)0x1234, (void *)0,
	     (void *)0x1234);
}

UNIT_TEST(star_width_and_precision)
{
	same("[%*d][%*d][%*d]", 5, 42, -5, 42, 0, 42);
	same("[%.*d][%.*d][%.*d]", 3, 7, -1, 7, 0, 0);
	same("[%*.*d][%*.*d][%-*d]", 8, 4, -3, -8, 4, -3, -5, 1);
	same("[%*s][%.*s][%.*s][%*c]", -6, "ab", 2, "abcdef", -1, "abcdef",
	     3, 'q');
	same("[%*.*s]", 7, 2, null_string);
}

UNIT_TEST(length_modifiers)
{
	same("%hhd|%hhu|%hhx|%hhd", 200, -1, 0x1ff, -129);
	same("%hd|%hu|%hx|%ho", 40000, -1, 0x12345, 0x10008);
	same("%zu|%zx|%zd|%zd", SIZE_MAX, SIZE_MAX, (ssize_t)-1,
	     (ssize_t)SSIZE_MAX);
	same("%td|%td|%tx", PTRDIFF_MIN, PTRDIFF_MAX, (ptrdiff_t)-1);
	same("%jd|%jd|%ju|%jo", INTMAX_MIN, INTMAX_MAX, UINTMAX_MAX,
	     UINTMAX_MAX);
}

UNIT_TEST(inttypes_macros)
{
	same("%" PRId8 "|%" PRIi16 "|%" PRId32 "|%" PRId64, (int8_t)-8,
	     (int16_t)-16, (int32_t)-32, INT64_MIN);
	same("%" PRIu8 "|%" PRIu16 "|%" PRIu32 "|%" PRIu64, (uint8_t)8,
	     (uint16_t)16, UINT32_MAX, UINT64_MAX);
	same("%" PRIx64 "|%" PRIX64 "|%" PRIo64 "|%" PRIi64, UINT64_MAX,
	     UINT64_MAX, UINT64_MAX, INT64_MAX);
	same("%" PRIdPTR "|%" PRIuPTR "|%" PRIxPTR, INTPTR_MIN, UINTPTR_MAX,
	     UINTPTR_MAX);
	same("%" PRIdMAX "|%" PRIuMAX "|%" PRIXMAX, INTMAX_MIN, UINTMAX_MAX,
	     UINTMAX_MAX);
}

UNIT_TEST(literals_percent_and_mixtures)
{
	same("%s", "");
	same("no directives at all, just a longer literal text");
	same("100%%|%%%d%%", 5);
	same("a%db%sc%xd%%e%c", 1, "two", 255, '!');
	same("%40d|%-40d|%040d|%.40d", 1, 2, 3, -4);
	same("%100s|%-3s|", "x", "longer than width");
}

UNIT_TEST(empty_format)
{
	same(opaque(""), 0);
}

/*
 * An unknown directive is copied through, as glibc does (though glibc
 * rebuilds it in its own flag order). Golden only: ASan's printf
 * interceptor warns about unknown conversions in glibc calls.
 */
UNIT_TEST(unknown_conversions_copied)
{
	char buf[32];

	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf),
				     opaque("%y|%5y|%-#5.3y|%k%d"), 7), 18);
	EXPECT_EQ_STR(buf, "%y|%5y|%-#5.3y|%k7");
}

/* Passes v as the type the length and conversion name (C11 7.21.6.1p7). */
static bool same_typed(const char *fmt, const char *len, char conv,
		       long long v)
{
	bool sgn = conv == 'd' || conv == 'i';

	if (!strcmp(len, "l"))
		return sgn ? same_full(fmt, (long)v) :
			     same_full(fmt, (unsigned long)v);
	if (!strcmp(len, "ll"))
		return sgn ? same_full(fmt, v) :
			     same_full(fmt, (unsigned long long)v);
	if (!strcmp(len, "z"))
		return sgn ? same_full(fmt, (ssize_t)v) :
			     same_full(fmt, (size_t)v);
	if (!strcmp(len, "t"))
		return sgn ? same_full(fmt, (ptrdiff_t)v) :
			     same_full(fmt, (size_t)v);
	if (!strcmp(len, "j"))
		return sgn ? same_full(fmt, (intmax_t)v) :
			     same_full(fmt, (uintmax_t)v);
	/* hh, h and none all take an int after the default promotions. */
	return sgn ? same_full(fmt, (int)v) : same_full(fmt, (unsigned int)v);
}

/* Every length, conversion and test value for one flags-width-precision. */
static bool matrix_row(const char *spec)
{
	static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z",
					       "t", "j" };
	static const long long values[] = {
		0, 1, -1, 8, 42, -42, 127, 128, -129, 255, 32768, 65535,
		INT_MAX, INT_MIN, UINT_MAX, LLONG_MAX, LLONG_MIN,
		0x123456789abcdefLL,
	};
	char fmt[32];
	size_t l, v;
	const char *c;

	for (l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++)
		for (c = "diouxX"; *c; c++) {
			snprintf(fmt, sizeof(fmt), "[%%%s%s%c]", spec,
				 lengths[l], *c);
			for (v = 0; v < sizeof(values) / sizeof(values[0]); v++)
				if (!same_typed(fmt, lengths[l], *c, values[v]))
					return false;
		}
	return true;
}

/*
 * Every set of the five flags x 4 widths x 6 precisions, each through
 * matrix_row: 768 specifications, some 660,000 comparisons with glibc.
 */
UNIT_TEST(integer_matrix_matches_glibc)
{
	static const char *const widths[] = { "", "1", "6", "23" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".4",
					     ".25" };
	char spec[16], *f;
	unsigned int set, i;
	size_t w, p;

	for (set = 0; set < 32; set++)
		for (w = 0; w < 4; w++)
			for (p = 0; p < 6; p++) {
				f = spec;
				for (i = 0; i < 5; i++)
					if (set & (1u << i))
						*f++ = "-+ 0#"[i];
				snprintf(f, spec + sizeof(spec) - f, "%s%s",
					 widths[w], precs[p]);
				if (!matrix_row(spec))
					return;
			}
}

/* Strings and characters with the flags that mean something for them. */
UNIT_TEST(string_matrix_matches_glibc)
{
	static const char *const specs[] = {
		"", "-", "1", "-1", "7", "-7", ".", ".0", ".1", ".5", ".30",
		"3.1", "-3.1", "9.6", "-9.6",
	};
	static const char *const strings[] = {
		"", "a", "hello", "hello, world, longer than most widths",
	};
	char fmt[32];
	size_t i, k;

	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		snprintf(fmt, sizeof(fmt), "[%%%ss]", specs[i]);
		for (k = 0; k < sizeof(strings) / sizeof(strings[0]); k++)
			if (!same(fmt, strings[k]))
				return;
		if (!same(fmt, null_string))
			return;
		snprintf(fmt, sizeof(fmt), "[%%%sc]", specs[i]);
		if (!same(fmt, 'c'))
			return;
	}
}

/* %n is refused on purpose: its argument is consumed, nothing is stored. */
UNIT_TEST(percent_n_stores_nothing)
{
	char buf[16];
	int n = 7;

	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf), "ab%ncd%d", &n, 5), 5);
	EXPECT_EQ_STR(buf, "abcd5");
	EXPECT_EQ_INT(n, 7);
}

/* Where glibc fails with -1, Skiff shows the partial directive. */
UNIT_TEST(format_ending_inside_a_directive)
{
	char buf[16];

	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf), opaque("abc%"), 0), 4);
	EXPECT_EQ_STR(buf, "abc%");
	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf), opaque("x%-05"), 0), 5);
	EXPECT_EQ_STR(buf, "x%-05");
}

/* C11 7.21.6.1p14 and POSIX: a width or precision over INT_MAX is EOVERFLOW. */
UNIT_TEST(overflowing_width_or_precision)
{
	char buf[8];

	skiff_errno = 0;
	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf), opaque("ab%2147483648d"),
				     1), -1);
	EXPECT_EQ_INT(skiff_errno, EOVERFLOW);
	EXPECT_EQ_STR(buf, "ab");
	skiff_errno = 0;
	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf), opaque("%.99999999999d"),
				     1), -1);
	EXPECT_EQ_INT(skiff_errno, EOVERFLOW);
	skiff_errno = 0;
	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf), opaque("%*d"), INT_MIN,
				     1), -1);
	EXPECT_EQ_INT(skiff_errno, EOVERFLOW);
	skiff_errno = 0;
	EXPECT_EQ_INT(skiff_snprintf(buf, sizeof(buf), "%.2147483647d", 1),
		      INT_MAX);
	EXPECT_EQ_INT(skiff_errno, 0);
	EXPECT_EQ_STR(buf, "0000000");
}

/* A growing copy of everything vcbprintf emits. */
struct sink {
	char *data;
	size_t len;
	unsigned int calls;
	bool empty_piece;
};

static void sink_emit(void *ctx, const char *s, size_t n)
{
	struct sink *k = ctx;
	char *grown = realloc(k->data, k->len + n + 1);

	if (!grown)
		abort();
	memcpy(grown + k->len, s, n);
	k->data = grown;
	k->len += n;
	k->data[k->len] = '\0';
	k->calls++;
	k->empty_piece |= n == 0;
}

__attribute__((format(printf, 3, 4)))
static int call_vcbprintf(void (*emit)(void *, const char *, size_t),
			  void *ctx, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = skiff_vcbprintf(emit, ctx, fmt, ap);
	va_end(ap);
	return ret;
}

static void count_bytes(void *ctx, const char *s, size_t n)
{
	(void)s;
	*(size_t *)ctx += n;
}

/* Output longer than INT_MAX cannot be counted in the int result. */
UNIT_TEST(output_longer_than_int_max)
{
	size_t total = 0;

	skiff_errno = 0;
	EXPECT_EQ_INT(skiff_snprintf(NULL, 0, opaque("%.2147483647d%d"), 1, 2),
		      -1);
	EXPECT_EQ_INT(skiff_errno, EOVERFLOW);
	skiff_errno = 0;
	EXPECT_EQ_INT(call_vcbprintf(count_bytes, &total,
				     opaque("x%.2147483647d"), 1), -1);
	EXPECT_EQ_UINT(total, 2147483648u);
}

UNIT_TEST(scnprintf_counts_what_it_kept)
{
	char buf[8];

	EXPECT_EQ_INT(skiff_scnprintf(buf, 4, "%s", "abcdef"), 3);
	EXPECT_EQ_STR(buf, "abc");
	EXPECT_EQ_INT(skiff_scnprintf(buf, sizeof(buf), "%d", 42), 2);
	EXPECT_EQ_STR(buf, "42");
	EXPECT_EQ_INT(skiff_scnprintf(buf, 1, "%d", 42), 0);
	EXPECT_EQ_STR(buf, "");
	EXPECT_EQ_INT(skiff_scnprintf(NULL, 0, "%d", 42), 0);
}

/* The callback core has no size limit and never emits an empty piece. */
UNIT_TEST(vcbprintf_emits_everything)
{
	struct sink k = { 0 };
	char want[1200];
	int n;

	n = snprintf(want, sizeof(want), "head %-300s|%0500d|%.0d|%s tail",
		     "left", -12345, 0, "");
	EXPECT_EQ_INT(call_vcbprintf(sink_emit, &k,
				     "head %-300s|%0500d|%.0d|%s tail",
				     "left", -12345, 0, ""), n);
	EXPECT_EQ_UINT(k.len, n);
	EXPECT_EQ_STR(k.data, want);
	EXPECT(!k.empty_piece);
	EXPECT(k.calls > 1);
	free(k.data);
}
