/* test_strftime.c - libc/user/strftime.c: gmtime_r and strftime against glibc. */
/* links: libc */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "unit.h"

/* Every conversion Skiff implements, and the two dates services print. */
static const char *const formats[] = {
	"%a %A %b %B %h %d %e %H %M %S %m %j %Y %y %Z %T %% %n%t.",
	"%a, %d %b %Y %H:%M:%S GMT",		/* HTTP-date, RFC 7231 7.1.1.1 */
	"%A, %B %d, %Y %H:%M:%S-UTC",		/* daytime, RFC 867 */
	"%q %E %", "", "no conversions",
};

static void compare_at(time_t t)
{
	struct tm a, b;
	struct tm *ra, *rb;

	memset(&a, 0x55, sizeof(a));
	memset(&b, 0x55, sizeof(b));
	ra = skiff_gmtime_r(&t, &a);
	rb = gmtime_r(&t, &b);
	if (!EXPECT_MSG(!ra == !rb, "gmtime_r(%ld): %p, glibc %p", (long)t,
			(void *)ra, (void *)rb) || !ra)
		return;
	EXPECT_MSG(a.tm_year == b.tm_year && a.tm_mon == b.tm_mon &&
		   a.tm_mday == b.tm_mday && a.tm_hour == b.tm_hour &&
		   a.tm_min == b.tm_min && a.tm_sec == b.tm_sec &&
		   a.tm_wday == b.tm_wday && a.tm_yday == b.tm_yday &&
		   a.tm_isdst == b.tm_isdst,
		   "gmtime_r(%ld): %d-%d-%d %d:%d:%d w%d y%d, glibc "
		   "%d-%d-%d %d:%d:%d w%d y%d", (long)t,
		   a.tm_year, a.tm_mon, a.tm_mday, a.tm_hour, a.tm_min,
		   a.tm_sec, a.tm_wday, a.tm_yday, b.tm_year, b.tm_mon,
		   b.tm_mday, b.tm_hour, b.tm_min, b.tm_sec, b.tm_wday,
		   b.tm_yday);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char sa[256], sb[256];
		size_t na = skiff_strftime(sa, sizeof(sa), formats[i], &b);
		size_t nb = strftime(sb, sizeof(sb), formats[i], &b);

		EXPECT_EQ_UINT(na, nb);
		if (na && nb)
			EXPECT_EQ_STR(sa, sb);
	}
}

UNIT_TEST(gmtime_and_strftime_match_glibc_at_edges)
{
	static const time_t edges[] = {
		0, 1, -1, 59, 60, 86399, 86400, -86400, -86401,
		951782400,		/* 2000-02-29 */
		951868800,		/* 2000-03-01 */
		4107542400L,		/* 2100-03-01: not a leap year */
		1709164800,		/* 2024-02-29 */
		1735689599,		/* 2024-12-31 23:59:59, yday 365 */
		2147483647, 2147483648L, -2147483648L,
		-62135596800L,		/* 0001-01-01 */
		-62135596801L,		/* 0000-12-31 */
		253402300799L,		/* 9999-12-31 23:59:59 */
		-2208988800L,		/* 1900-01-01 */
		-30610224000L,		/* 1000-01-01 */
		67767976233316800L,	/* year near INT_MAX */
	};

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		compare_at(edges[i]);
}

UNIT_TEST(gmtime_and_strftime_match_glibc_at_random_times)
{
	for (int n = 0; n < 100000; n++) {
		/* Mostly 1900..2200, sometimes anything in years 1..9999. */
		long span = n % 10 ? 9467280000L : 315537897600L;
		long base = n % 10 ? -2208988800L : -62135596800L;
		unsigned long r = (unsigned long)unit_rand() << 31 ^ unit_rand();

		compare_at(base + (long)(r % span));
	}
}

UNIT_TEST(gmtime_r_overflow_is_eoverflow)
{
	time_t t = LONG_MAX;
	struct tm tm;

	skiff_errno = 0;
	EXPECT(skiff_gmtime_r(&t, &tm) == NULL);
	EXPECT_EQ_INT(skiff_errno, EOVERFLOW);
	t = LONG_MIN;
	EXPECT(skiff_gmtime_r(&t, &tm) == NULL);
}

/* C11 7.27.3.5p8: 0 when the result and its NUL do not fit. */
UNIT_TEST(strftime_reports_overflow_with_zero)
{
	struct tm tm;
	time_t t = 784111777;		/* Sun, 06 Nov 1994 08:49:37 GMT */
	const char *fmt = "%a, %d %b %Y %H:%M:%S GMT";
	char buf[64];

	gmtime_r(&t, &tm);
	EXPECT_EQ_UINT(skiff_strftime(buf, sizeof(buf), fmt, &tm), 29);
	EXPECT_EQ_STR(buf, "Sun, 06 Nov 1994 08:49:37 GMT");
	EXPECT_EQ_UINT(skiff_strftime(buf, 30, fmt, &tm), 29);
	EXPECT_EQ_UINT(skiff_strftime(buf, 29, fmt, &tm), 0);
	EXPECT_EQ_UINT(skiff_strftime(buf, 0, fmt, &tm), 0);
	EXPECT_EQ_UINT(skiff_strftime(buf, 1, "", &tm), 0);
	EXPECT_EQ_STR(buf, "");
}

/* Fields out of range never index past the name tables. */
UNIT_TEST(strftime_names_out_of_range_are_question_marks)
{
	struct tm tm = { .tm_wday = 7, .tm_mon = -1 };
	char a[32], b[32];

	EXPECT_EQ_UINT(skiff_strftime(a, sizeof(a), "%a %A %b %B", &tm),
		       strftime(b, sizeof(b), "%a %A %b %B", &tm));
	EXPECT_EQ_STR(a, b);
}
