/* test_string.c - libc/string.c: golden, against glibc, exact-size buffers. */
/* links: libc */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/*
 * Buffers come from malloc with exactly the bytes a call may touch, so
 * ASan turns any access one byte past them into a failure.
 */
static char *dup_exact(const void *src, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, src, n);
	return p;
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* A random string of up to max bytes from alphabet, NUL-terminated in out. */
static void random_string(char *out, size_t max, const char *alphabet)
{
	size_t i, n = unit_rand() % (max + 1), k = strlen(alphabet);

	for (i = 0; i < n; i++)
		out[i] = alphabet[unit_rand() % k];
	out[n] = '\0';
}

UNIT_TEST(memcpy_copies_exactly_n_bytes)
{
	unsigned char src[48], *dst;
	size_t n, i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = i * 7 + 1;
	for (n = 0; n <= sizeof(src); n++) {
		dst = malloc(n + 2);
		ASSERT(dst);
		memset(dst, 0xaa, n + 2);
		EXPECT(skiff_memcpy(dst + 1, src, n) == dst + 1);
		EXPECT_EQ_MEM(dst + 1, src, n);
		EXPECT_EQ_INT(dst[0], 0xaa);
		EXPECT_EQ_INT(dst[n + 1], 0xaa);
		free(dst);
	}
}

/* Both flavours of arch/x86/lib/memcpy_64.S, called directly. */
void *memcpy_erms(void *dst, const void *src, size_t n);
void *memcpy_movq(void *dst, const void *src, size_t n);
void *memset_erms(void *s, int c, size_t n);
void *memset_movq(void *s, int c, size_t n);
bool x86_string_init(void);

static void *(*const copies[])(void *, const void *, size_t) = { memcpy_erms, memcpy_movq };
static void *(*const fills[])(void *, int, size_t) = { memset_erms, memset_movq };

/* Every length to 300 at every source and destination alignment mod 8, with guards. */
UNIT_TEST(memcpy_flavours_every_length_and_alignment)
{
	unsigned char src[320], dst[336];
	size_t f, n, so, d, i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 13 + 5);
	for (f = 0; f < 2; f++)
		for (so = 0; so < 8; so++)
			for (d = 0; d < 8; d++)
				for (n = 0; n <= 300; n++) {
					memset(dst, 0xee, sizeof(dst));
					EXPECT(copies[f](dst + 8 + d, src + so, n) == dst + 8 + d);
					for (i = 0; i < sizeof(dst); i++) {
						unsigned char want = i >= 8 + d && i < 8 + d + n ?
							src[so + i - 8 - d] : 0xee;

						if (!EXPECT_MSG(dst[i] == want,
								"flavour %zu n %zu src+%zu dst+%zu byte %zu",
								f, n, so, d, i))
							return;
					}
				}
}

UNIT_TEST(memset_flavours_every_length_and_alignment)
{
	unsigned char buf[336];
	size_t f, n, d, i;

	for (f = 0; f < 2; f++)
		for (d = 0; d < 8; d++)
			for (n = 0; n <= 300; n++) {
				memset(buf, 0x11, sizeof(buf));
				EXPECT(fills[f](buf + 8 + d, 0x3a5, n) == buf + 8 + d);
				for (i = 0; i < sizeof(buf); i++) {
					unsigned char want = i >= 8 + d && i < 8 + d + n ? 0xa5 : 0x11;

					if (!EXPECT_MSG(buf[i] == want, "flavour %zu n %zu dst+%zu byte %zu",
							f, n, d, i))
						return;
				}
			}
}

/* The forward copy is memmove's when the destination is lower: both flavours. */
UNIT_TEST(memcpy_flavours_copy_down_over_overlap)
{
	unsigned char buf[128], ref[128];
	size_t f, gap, n, i;

	for (f = 0; f < 2; f++)
		for (gap = 1; gap <= 40; gap++)
			for (n = 0; n + gap <= 80; n++) {
				for (i = 0; i < sizeof(buf); i++)
					buf[i] = ref[i] = (unsigned char)(i + 1);
				memmove(ref + 4, ref + 4 + gap, n);
				copies[f](buf + 4, buf + 4 + gap, n);
				if (!EXPECT_MSG(!memcmp(buf, ref, sizeof(buf)),
						"flavour %zu gap %zu n %zu", f, gap, n))
					return;
			}
}

/* The host CPU decides which flavour skiff_memcpy runs; both are exact. */
UNIT_TEST(string_init_picks_a_flavour)
{
	unsigned char a[100], b[100];

	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (unsigned char)i;
	x86_string_init();
	EXPECT(skiff_memcpy(b, a, sizeof(a)) == b);
	EXPECT_EQ_MEM(b, a, sizeof(a));
}

UNIT_TEST(memmove_overlap_both_directions)
{
	char init[64], mine[64], ref[64];
	size_t src, dst, n, i;

	for (i = 0; i < sizeof(init); i++)
		init[i] = 'A' + i % 50;
	for (src = 0; src < 32; src++)
		for (dst = 0; dst < 32; dst++)
			for (n = 0; n <= 32; n++) {
				memcpy(mine, init, sizeof(init));
				memcpy(ref, init, sizeof(init));
				memmove(ref + dst, ref + src, n);
				EXPECT(skiff_memmove(mine + dst, mine + src,
						     n) == mine + dst);
				if (!EXPECT_MSG(!memcmp(mine, ref, sizeof(ref)),
						"memmove(+%zu, +%zu, %zu)",
						dst, src, n))
					return;
			}
}

UNIT_TEST(memset_converts_to_unsigned_char)
{
	unsigned char *p;
	size_t n, i;

	for (n = 0; n <= 40; n++) {
		p = malloc(n + 2);
		ASSERT(p);
		memset(p, 0x11, n + 2);
		EXPECT(skiff_memset(p + 1, 0x1a5, n) == p + 1);
		for (i = 1; i <= n; i++)
			EXPECT_EQ_INT(p[i], 0xa5);
		EXPECT_EQ_INT(p[0], 0x11);
		EXPECT_EQ_INT(p[n + 1], 0x11);
		free(p);
	}
}

UNIT_TEST(memcmp_compares_unsigned_bytes)
{
	char *a = dup_exact("ab\x80", 3), *b = dup_exact("ab\x01", 3);

	ASSERT(a && b);
	EXPECT(skiff_memcmp(a, b, 3) > 0);
	EXPECT(skiff_memcmp(b, a, 3) < 0);
	EXPECT_EQ_INT(skiff_memcmp(a, b, 2), 0);
	EXPECT_EQ_INT(skiff_memcmp(a, b, 0), 0);
	EXPECT_EQ_INT(skiff_memcmp(a, a, 3), 0);
	free(a);
	free(b);
}

UNIT_TEST(memcmp_sign_matches_glibc)
{
	char a[8] = "", b[8] = "";
	int i, n;

	for (i = 0; i < 20000; i++) {
		random_string(a, 7, "ab\x7f\x80\xff");
		random_string(b, 7, "ab\x7f\x80\xff");
		n = unit_rand() % 9;
		EXPECT_EQ_INT(sign(skiff_memcmp(a, b, n)),
			      sign(memcmp(a, b, n)));
	}
}

UNIT_TEST(memchr_stays_within_n)
{
	char *p = dup_exact("abcabc\0x", 8);

	ASSERT(p);
	EXPECT(skiff_memchr(p, 'c', 8) == p + 2);
	EXPECT(skiff_memchr(p, 'c', 2) == NULL);
	EXPECT(skiff_memchr(p, 'x', 8) == p + 7);
	EXPECT(skiff_memchr(p, '\0', 8) == p + 6);
	EXPECT(skiff_memchr(p, 'z', 8) == NULL);
	EXPECT(skiff_memchr(p, 'a', 0) == NULL);
	/* C11 7.24.5.1: c is converted to unsigned char. */
	EXPECT(skiff_memchr(p, 'b' + 256, 8) == p + 1);
	free(p);
}

UNIT_TEST(strlen_and_strnlen)
{
	char *p = dup_exact("hello", 5);

	ASSERT(p);
	EXPECT_EQ_UINT(skiff_strlen(""), 0);
	EXPECT_EQ_UINT(skiff_strlen("hello"), 5);
	/* Unterminated: strnlen must not read p[5]. */
	EXPECT_EQ_UINT(skiff_strnlen(p, 5), 5);
	EXPECT_EQ_UINT(skiff_strnlen(p, 3), 3);
	EXPECT_EQ_UINT(skiff_strnlen(p, 0), 0);
	EXPECT_EQ_UINT(skiff_strnlen("ab", 10), 2);
	free(p);
}

UNIT_TEST(strcmp_family_sign_matches_glibc)
{
	const char *alphabet = "abAB\x80\xff";
	char a[8], b[8];
	int i;
	size_t n;

	for (i = 0; i < 20000; i++) {
		random_string(a, 5, alphabet);
		random_string(b, 5, alphabet);
		n = unit_rand() % 7;
		EXPECT_EQ_INT(sign(skiff_strcmp(a, b)), sign(strcmp(a, b)));
		EXPECT_EQ_INT(sign(skiff_strncmp(a, b, n)),
			      sign(strncmp(a, b, n)));
		EXPECT_EQ_INT(sign(skiff_strcasecmp(a, b)),
			      sign(strcasecmp(a, b)));
		EXPECT_EQ_INT(sign(skiff_strncasecmp(a, b, n)),
			      sign(strncasecmp(a, b, n)));
	}
}

UNIT_TEST(strcmp_golden)
{
	EXPECT_EQ_INT(skiff_strcmp("", ""), 0);
	EXPECT(skiff_strcmp("a", "") > 0);
	EXPECT(skiff_strcmp("abc", "abd") < 0);
	/* C11 7.24.4p1: bytes compare as unsigned char. */
	EXPECT(skiff_strcmp("\x80", "\x7f") > 0);
	EXPECT_EQ_INT(skiff_strncmp("abcx", "abcy", 3), 0);
	EXPECT_EQ_INT(skiff_strcasecmp("HeLLo", "hello"), 0);
	EXPECT(skiff_strcasecmp("a", "B") < 0);
	EXPECT_EQ_INT(skiff_strncasecmp("ABCx", "abcy", 3), 0);
	EXPECT(skiff_strncasecmp("ABCx", "abcy", 4) < 0);
}

UNIT_TEST(strchr_and_strrchr)
{
	const char *s = "abcabc\xe9";

	EXPECT(skiff_strchr(s, 'b') == s + 1);
	EXPECT(skiff_strrchr(s, 'b') == s + 4);
	EXPECT(skiff_strchr(s, 'z') == NULL);
	EXPECT(skiff_strrchr(s, 'z') == NULL);
	/* C11 7.24.5.2: the terminating NUL is part of the string. */
	EXPECT(skiff_strchr(s, '\0') == s + 7);
	EXPECT(skiff_strrchr(s, '\0') == s + 7);
	/* c is converted to char, so 0xe9 and 'a' + 256 both match. */
	EXPECT(skiff_strchr(s, 0xe9) == s + 6);
	EXPECT(skiff_strchr(s, 'a' + 256) == s);
	EXPECT(skiff_strrchr("", 'a') == NULL);
}

UNIT_TEST(strstr_golden)
{
	const char *h = "aaab";

	EXPECT(skiff_strstr(h, "") == h);
	EXPECT(skiff_strstr("", "") != NULL);
	EXPECT(skiff_strstr("", "a") == NULL);
	EXPECT(skiff_strstr(h, "aab") == h + 1);
	EXPECT(skiff_strstr(h, "b") == h + 3);
	EXPECT(skiff_strstr(h, "aaabb") == NULL);
	EXPECT(skiff_strstr(h, "ba") == NULL);
}

UNIT_TEST(strstr_matches_glibc)
{
	char h[16], n[5];
	int i;

	for (i = 0; i < 20000; i++) {
		random_string(h, 15, "ab");
		random_string(n, 4, "ab");
		EXPECT_MSG(skiff_strstr(h, n) == strstr(h, n),
			   "strstr(\"%s\", \"%s\")", h, n);
	}
}

UNIT_TEST(span_functions_match_glibc)
{
	char s[12], set[5];
	int i;

	for (i = 0; i < 20000; i++) {
		random_string(s, 11, "abcd,;");
		random_string(set, 4, "abcd,;");
		EXPECT_EQ_UINT(skiff_strspn(s, set), strspn(s, set));
		EXPECT_EQ_UINT(skiff_strcspn(s, set), strcspn(s, set));
		EXPECT(skiff_strpbrk(s, set) == strpbrk(s, set));
	}
}

UNIT_TEST(strcpy_and_strcat_fill_exact_buffers)
{
	char *p = malloc(6);

	ASSERT(p);
	EXPECT(skiff_strcpy(p, "abc") == p);
	EXPECT_EQ_STR(p, "abc");
	EXPECT(skiff_strcat(p, "de") == p);
	EXPECT_EQ_STR(p, "abcde");
	EXPECT_EQ_STR(skiff_strcpy(p, ""), "");
	EXPECT_EQ_STR(skiff_strcat(p, ""), "");
	free(p);
}

UNIT_TEST(strncpy_pads_and_may_not_terminate)
{
	char ref[8];
	char *p;
	size_t n;

	for (n = 0; n <= sizeof(ref); n++) {
		p = malloc(n ? n : 1);
		ASSERT(p);
		memset(p, 'x', n);
		memset(ref, 'x', sizeof(ref));
		strncpy(ref, "abc", n);
		EXPECT(skiff_strncpy(p, "abc", n) == p);
		EXPECT_EQ_MEM(p, ref, n);
		free(p);
	}
}

UNIT_TEST(strncat_appends_at_most_n_and_terminates)
{
	char ref[16];
	char *p;
	size_t n, len;

	for (n = 0; n <= 6; n++) {
		len = 3 + (n < 4 ? n : 4);
		p = malloc(len);
		ASSERT(p);
		memcpy(p, "ab", 3);
		memcpy(ref, "ab", 3);
		strncat(ref, "wxyz", n);
		EXPECT(skiff_strncat(p, "wxyz", n) == p);
		EXPECT_EQ_STR(p, ref);
		free(p);
	}
}

UNIT_TEST(strlcpy_truncates_at_every_size)
{
	const char *src = "hello, world";
	size_t len = strlen(src), size;
	char *p;

	for (size = 0; size <= len + 2; size++) {
		p = malloc(size ? size : 1);
		ASSERT(p);
		p[0] = '#';
		EXPECT_EQ_UINT(skiff_strlcpy(p, src, size), len);
		if (size == 0) {
			EXPECT_EQ_INT(p[0], '#');
		} else {
			EXPECT_EQ_MEM(p, src, size - 1);
			EXPECT_EQ_INT(p[size - 1 < len ? size - 1 : len], '\0');
		}
		free(p);
	}
}

UNIT_TEST(strlcat_golden)
{
	char *p = malloc(8);

	ASSERT(p);
	memcpy(p, "abc", 4);
	/* Wanted "abcdefgh" (8), got as much as 8 bytes hold. */
	EXPECT_EQ_UINT(skiff_strlcat(p, "defgh", 8), 8);
	EXPECT_EQ_STR(p, "abcdefg");
	/* Already full: nothing to add, still reports the wanted length. */
	EXPECT_EQ_UINT(skiff_strlcat(p, "xy", 8), 9);
	EXPECT_EQ_STR(p, "abcdefg");
	memcpy(p, "abc", 4);
	EXPECT_EQ_UINT(skiff_strlcat(p, "de", 8), 5);
	EXPECT_EQ_STR(p, "abcde");
	/* No NUL within size: dst stays, the result is size + strlen(src). */
	EXPECT_EQ_UINT(skiff_strlcat(p, "xyz", 3), 6);
	EXPECT_EQ_STR(p, "abcde");
	EXPECT_EQ_UINT(skiff_strlcat(p, "xyz", 0), 3);
	free(p);
}

UNIT_TEST(strtok_r_skips_delimiter_runs)
{
	char s[] = ";;a,b;;c,,";
	char t[] = "x y";
	char *save, *save2;

	EXPECT_EQ_STR(skiff_strtok_r(s, ",;", &save), "a");
	/* A second string in between must not disturb the first. */
	EXPECT_EQ_STR(skiff_strtok_r(t, " ", &save2), "x");
	EXPECT_EQ_STR(skiff_strtok_r(NULL, ",;", &save), "b");
	EXPECT_EQ_STR(skiff_strtok_r(NULL, " ", &save2), "y");
	EXPECT_EQ_STR(skiff_strtok_r(NULL, ",;", &save), "c");
	EXPECT(skiff_strtok_r(NULL, ",;", &save) == NULL);
	EXPECT(skiff_strtok_r(NULL, ",;", &save) == NULL);
	EXPECT(skiff_strtok_r(NULL, " ", &save2) == NULL);
}

UNIT_TEST(strtok_r_empty_and_all_delimiters)
{
	char empty[] = "";
	char delims[] = ",,,";
	char whole[] = "token";
	char *save;

	EXPECT(skiff_strtok_r(empty, ",", &save) == NULL);
	EXPECT(skiff_strtok_r(delims, ",", &save) == NULL);
	EXPECT(skiff_strtok_r(whole, ",", &save) == whole);
	EXPECT(skiff_strtok_r(NULL, ",", &save) == NULL);
}

UNIT_TEST(strsep_yields_empty_tokens)
{
	char s[] = "a,,b;c";
	char *p = s;

	EXPECT_EQ_STR(skiff_strsep(&p, ",;"), "a");
	EXPECT_EQ_STR(skiff_strsep(&p, ",;"), "");
	EXPECT_EQ_STR(skiff_strsep(&p, ",;"), "b");
	EXPECT(p == s + 5);
	EXPECT_EQ_STR(skiff_strsep(&p, ",;"), "c");
	EXPECT(p == NULL);
	EXPECT(skiff_strsep(&p, ",;") == NULL);
}

/*
 * The messages are glibc's, and the table behind them is indexed by the
 * errno.h constants, so this also checks every errno value against Linux.
 */
UNIT_TEST(strerror_matches_glibc)
{
	int e;

	for (e = -3; e <= 140; e++)
		EXPECT_EQ_STR(skiff_strerror(e), strerror(e));
	EXPECT_EQ_STR(skiff_strerror(-2147483647 - 1),
		      "Unknown error -2147483648");
}
