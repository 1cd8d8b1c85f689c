/* strftime.c - UTC calendar time: gmtime_r and strftime (C11 7.27.3). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SECS_PER_DAY	86400L

/*
 * Days since 1970-01-01 to a proleptic Gregorian date: the era-based
 * algorithm of H. Hinnant ("chrono-compatible low-level date algorithms",
 * civil_from_days), exact for any day count a long holds.
 * Months come out 0..11 counted from January, days 1..31.
 */
static void civil_from_days(long z, long *year, int *mon, int *mday)
{
	long era, yoe, doy, mp;

	z += 719468;			/* days from 0000-03-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;				/* [0, 146096] */
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;			/* March = 0 */
	*mday = doy - (153 * mp + 2) / 5 + 1;
	*mon = mp < 10 ? mp + 2 : mp - 10;
	*year = yoe + era * 400 + (*mon <= 1);
}

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days before each month in a common year. */
static const short days_before_month[12] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
};

/*
 * POSIX gmtime_r: *t as UTC in *tm. NULL with EOVERFLOW when the year
 * does not fit tm_year (an int counted from 1900).
 */
struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
	long days = *t / SECS_PER_DAY, secs = *t % SECS_PER_DAY, year;
	int mon, mday;

	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, &year, &mon, &mday);
	if (year - 1900 > INT_MAX || year - 1900 < INT_MIN) {
		errno = EOVERFLOW;
		return NULL;
	}
	tm->tm_year = year - 1900;
	tm->tm_mon = mon;
	tm->tm_mday = mday;
	tm->tm_yday = days_before_month[mon] + mday - 1 +
		      (mon > 1 && is_leap(year));
	tm->tm_wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01: Thursday */
	tm->tm_hour = secs / 3600;
	tm->tm_min = secs / 60 % 60;
	tm->tm_sec = secs % 60;
	tm->tm_isdst = 0;
	return tm;
}

static const char *const wday_name[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

static const char *const mon_name[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* The output so far; full once a byte did not fit (then strftime gives 0). */
struct sbuf {
	char *s;
	size_t max, len;
	bool full;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
	if (b->full || n >= b->max - b->len) {
		b->full = true;
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

static void put_str(struct sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A name, its first three letters if abbrev; "?" out of range, as glibc. */
static void put_name(struct sbuf *b, const char *const *names, int n, int i,
		     bool abbrev)
{
	if (i < 0 || i >= n)
		put_str(b, "?");
	else
		put(b, names[i], abbrev ? 3 : strlen(names[i]));
}

static void put_num(struct sbuf *b, const char *fmt, long v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), fmt, v);

	put(b, tmp, n);
}

/* %y: the year within its century, 00..99, also for years before 1900. */
static long year2(const struct tm *tm)
{
	long y = ((long)tm->tm_year + 1900) % 100;

	return y < 0 ? -y : y;
}

/* One conversion; false if c is not one Skiff knows. */
static bool convert(struct sbuf *b, char c, const struct tm *tm)
{
	switch (c) {
	case 'a': put_name(b, wday_name, 7, tm->tm_wday, true); break;
	case 'A': put_name(b, wday_name, 7, tm->tm_wday, false); break;
	case 'b':
	case 'h': put_name(b, mon_name, 12, tm->tm_mon, true); break;
	case 'B': put_name(b, mon_name, 12, tm->tm_mon, false); break;
	case 'd': put_num(b, "%02ld", tm->tm_mday); break;
	case 'e': put_num(b, "%2ld", tm->tm_mday); break;
	case 'H': put_num(b, "%02ld", tm->tm_hour); break;
	case 'M': put_num(b, "%02ld", tm->tm_min); break;
	case 'S': put_num(b, "%02ld", tm->tm_sec); break;
	case 'm': put_num(b, "%02ld", (long)tm->tm_mon + 1); break;
	case 'j': put_num(b, "%03ld", (long)tm->tm_yday + 1); break;
	case 'Y': put_num(b, "%ld", (long)tm->tm_year + 1900); break;
	case 'y': put_num(b, "%02ld", year2(tm)); break;
	case 'Z': put_str(b, "GMT"); break;	/* gmtime's zone, as glibc names it */
	case 'T':
		convert(b, 'H', tm);
		put_str(b, ":");
		convert(b, 'M', tm);
		put_str(b, ":");
		convert(b, 'S', tm);
		break;
	case 'n': put_str(b, "\n"); break;
	case 't': put_str(b, "\t"); break;
	case '%': put_str(b, "%"); break;
	default: return false;
	}
	return true;
}

/*
 * C11 7.27.3.5 for the "C" locale and UTC, with the conversions HTTP dates
 * and the daytime service need: a A b B h d e H M S m j Y y Z T n t %.
 * Another conversion is copied as it stands (glibc does the same).
 * Returns the length written without the NUL, or 0 if it did not fit.
 */
size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
	struct sbuf b = { .s = s, .max = max };

	if (max == 0)
		return 0;
	for (; *fmt && !b.full; fmt++) {
		if (*fmt != '%') {
			put(&b, fmt, 1);
		} else if (fmt[1] == '\0') {
			put(&b, fmt, 1);
		} else {
			fmt++;
			if (!convert(&b, *fmt, tm))
				put(&b, fmt - 1, 2);
		}
	}
	if (b.full)
		return 0;
	s[b.len] = '\0';
	return b.len;
}
