/* stdlib.c - string to integer, abs, qsort and bsearch (C11 7.22). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

/* The value of c as a digit in bases up to 36, or 36 if it is none. */
static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/*
 * Parses the subject sequence of C11 7.22.1.4 and returns its magnitude.
 * *neg tells whether it had a minus sign, *overflow whether the magnitude
 * exceeds ULLONG_MAX (the digits are still consumed, p4). *endptr is set
 * past the subject sequence, or to nptr when there is none (p7): that
 * covers "0x" with no hex digit after it, whose subject is just the "0".
 * An unsupported base sets EINVAL, as glibc does.
 */
static unsigned long long scan(const char *nptr, char **endptr, int base,
			       bool *neg, bool *overflow)
{
	const char *s = nptr;
	unsigned long long v = 0;
	bool any = false;
	int d;

	*neg = false;
	*overflow = false;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		goto out;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		*neg = *s++ == '-';
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; (d = digit_value(*s)) < base; s++) {
		any = true;
		if (v > (ULLONG_MAX - d) / base)
			*overflow = true;
		else
			v = v * base + d;
	}
out:
	if (endptr)
		*endptr = (char *)(any ? s : nptr);
	return v;
}

/* Applies the sign, clamping to [min, max] with ERANGE (C11 7.22.1.4p8). */
static long long to_signed(unsigned long long v, bool neg, bool overflow,
			   long long min, long long max)
{
	if (neg) {
		if (overflow || v > (unsigned long long)max + 1) {
			errno = ERANGE;
			return min;
		}
		/* -v without the signed overflow when v is -min. */
		return v ? -(long long)(v - 1) - 1 : 0;
	}
	if (overflow || v > (unsigned long long)max) {
		errno = ERANGE;
		return max;
	}
	return v;
}

long strtol(const char *restrict nptr, char **restrict endptr, int base)
{
	bool neg, overflow;
	unsigned long long v = scan(nptr, endptr, base, &neg, &overflow);

	return to_signed(v, neg, overflow, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict nptr, char **restrict endptr, int base)
{
	bool neg, overflow;
	unsigned long long v = scan(nptr, endptr, base, &neg, &overflow);

	return to_signed(v, neg, overflow, LLONG_MIN, LLONG_MAX);
}

/*
 * C11 7.22.1.4p5: a minus sign negates the value in the return type, so
 * "-1" is ULONG_MAX and not an error; only the magnitude can overflow.
 */
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base)
{
	bool neg, overflow;
	unsigned long long v = scan(nptr, endptr, base, &neg, &overflow);

	if (overflow || v > ULONG_MAX) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? -(unsigned long)v : (unsigned long)v;
}

unsigned long long strtoull(const char *restrict nptr,
			    char **restrict endptr, int base)
{
	bool neg, overflow;
	unsigned long long v = scan(nptr, endptr, base, &neg, &overflow);

	if (overflow) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	return neg ? -v : v;
}

/* C11 7.22.1.2: as strtol in base 10, and out-of-range is undefined anyway. */
int atoi(const char *nptr)
{
	return (int)strtol(nptr, NULL, 10);
}

long atol(const char *nptr)
{
	return strtol(nptr, NULL, 10);
}

int abs(int j)
{
	return j < 0 ? -j : j;
}

long labs(long j)
{
	return j < 0 ? -j : j;
}

long long llabs(long long j)
{
	return j < 0 ? -j : j;
}

static void swap_bytes(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Moves the element at root down until the n-element max-heap is valid. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*compar)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    compar(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (compar(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

/*
 * Heapsort: O(n log n) comparisons in the worst case, no recursion and no
 * scratch memory, which suits a small kernel stack. It is not stable;
 * C11 7.22.5.2 does not ask for stability.
 */
void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *))
{
	char *b = base;
	size_t i;

	if (nmemb < 2 || !size)
		return;
	for (i = nmemb / 2; i-- > 0;)
		sift_down(b, i, nmemb, size, compar);
	for (i = nmemb - 1; i > 0; i--) {
		swap_bytes(b, b + i * size, size);
		sift_down(b, 0, i, size, compar);
	}
}

/* C11 7.22.5.1: any matching element may be returned when there are several. */
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*compar)(const void *, const void *))
{
	const char *lo = base;

	while (nmemb) {
		const char *mid = lo + (nmemb / 2) * size;
		int c = compar(key, mid);

		if (!c)
			return (void *)mid;
		if (c > 0) {
			lo = mid + size;
			nmemb -= nmemb / 2 + 1;
		} else {
			nmemb /= 2;
		}
	}
	return NULL;
}
