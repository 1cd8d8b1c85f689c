/*
 * Strict number parsing (Linux's lib/kstrtox.c, unsigned only): every
 * character must belong to the number, and overflow is an error rather
 * than a wrap, so a malformed option is refused instead of read as 0.
 */
#include <kernel/kstrtox.h>
#include <errno.h>
#include <limits.h>
#include <skiff/hex.h>

/* The base a prefix implies (base 0), and s past a "0x" where it applies. */
static const char *parse_base(const char *s, unsigned int *base)
{
	bool hex_prefix = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (*base == 0) {
		if (hex_prefix)
			*base = 16;
		else
			*base = s[0] == '0' ? 8 : 10;
	}
	/* "0x" alone is no number: keep it, and the 'x' is refused below. */
	if (*base == 16 && hex_prefix && s[2])
		s += 2;
	return s;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	const char *p;

	if (base != 0 && base != 8 && base != 10 && base != 16)
		return -EINVAL;
	if (*s == '+')
		s++;
	s = parse_base(s, &base);
	for (p = s; *p && !(p[0] == '\n' && !p[1]); p++) {
		unsigned int d = (unsigned int)hex_to_bin((unsigned char)*p);	/* -1: huge */

		if (d >= base)
			return -EINVAL;
		if (v > (ULLONG_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (p == s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > ULONG_MAX)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}
