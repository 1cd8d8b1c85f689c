/*
 * sscanf for services (C11 7.21.6.2), what Linux's tools parse /proc
 * with: conversions d i u o x X s c [ n %, the '*' that assigns nothing,
 * field widths, and the lengths hh h l ll j z t. No floating point. A
 * white-space directive skips any white space; other characters must
 * match. Returns the number of assignments, or EOF if the input ended
 * before the first conversion.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum len { LEN_HH, LEN_H, LEN_NONE, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T };

static const char *parse_len(const char *f, enum len *len)
{
	*len = LEN_NONE;
	switch (*f) {
	case 'h':
		if (f[1] == 'h') {
			*len = LEN_HH;
			return f + 2;
		}
		*len = LEN_H;
		return f + 1;
	case 'l':
		if (f[1] == 'l') {
			*len = LEN_LL;
			return f + 2;
		}
		*len = LEN_L;
		return f + 1;
	case 'j': *len = LEN_J; return f + 1;
	case 'z': *len = LEN_Z; return f + 1;
	case 't': *len = LEN_T; return f + 1;
	}
	return f;
}

static void store_int(va_list *ap, enum len len, unsigned long long v)
{
	switch (len) {
	case LEN_HH: *va_arg(*ap, signed char *) = (signed char)v; break;
	case LEN_H: *va_arg(*ap, short *) = (short)v; break;
	case LEN_NONE: *va_arg(*ap, int *) = (int)v; break;
	case LEN_L: *va_arg(*ap, long *) = (long)v; break;
	case LEN_LL: *va_arg(*ap, long long *) = (long long)v; break;
	case LEN_J: *va_arg(*ap, intmax_t *) = (intmax_t)v; break;
	case LEN_Z: *va_arg(*ap, size_t *) = (size_t)v; break;
	case LEN_T: *va_arg(*ap, ptrdiff_t *) = (ptrdiff_t)v; break;
	}
}

/*
 * An integer of at most width characters at *sp in base (0: C's prefixes),
 * as strtoull reads it; false when no digits are there (a matching failure).
 */
static bool scan_int(const char **sp, size_t width, int base, unsigned long long *v)
{
	char tok[72], *end;
	size_t n = 0;
	const char *s = *sp;

	if (width > sizeof(tok) - 1)
		width = sizeof(tok) - 1;
	if (n < width && (s[n] == '+' || s[n] == '-'))
		n++;
	if ((base == 16 || base == 0) && n + 1 < width && s[n] == '0' &&
	    (s[n + 1] == 'x' || s[n + 1] == 'X') && isxdigit((unsigned char)s[n + 2]))
		n += 2;
	while (n < width && s[n] && (isxdigit((unsigned char)s[n]) ||
				     ((base == 0) && (s[n] == 'x' || s[n] == 'X'))))
		n++;
	memcpy(tok, s, n);
	tok[n] = '\0';
	*v = strtoull(tok, &end, base);
	if (end == tok)
		return false;
	*sp = s + (end - tok);
	return true;
}

/* Whether c is in the %[ set [set, end) (ranges "a-z" as glibc reads them). */
static bool in_set(const char *set, const char *end, bool negate, unsigned char c)
{
	bool in = false;

	for (const char *p = set; p < end && !in; p++) {
		if (p + 2 < end && p[1] == '-') {
			in = c >= (unsigned char)p[0] && c <= (unsigned char)p[2];
			p += 2;
		} else {
			in = c == (unsigned char)*p;
		}
	}
	return in != negate;
}

int vsscanf(const char *restrict str, const char *restrict fmt, va_list ap)
{
	const char *s = str, *f = fmt;
	int assigned = 0;
	bool converted = false;
	va_list args;

	va_copy(args, ap);
	while (*f) {
		bool suppress = false;
		size_t width = SIZE_MAX;
		enum len len;
		unsigned long long v;
		int base = 10;
		char conv;

		if (isspace((unsigned char)*f)) {
			while (isspace((unsigned char)*f))
				f++;
			while (isspace((unsigned char)*s))
				s++;
			continue;
		}
		if (*f != '%' || f[1] == '%') {
			if (*f == '%') {
				f++;
				while (isspace((unsigned char)*s))
					s++;
			}
			if (*s != *f)
				goto out;
			s++;
			f++;
			continue;
		}
		f++;
		if (*f == '*') {
			suppress = true;
			f++;
		}
		if (isdigit((unsigned char)*f))
			width = (size_t)strtoul(f, (char **)&f, 10);
		f = parse_len(f, &len);
		conv = *f++;
		if (conv != 'c' && conv != '[' && conv != 'n')
			while (isspace((unsigned char)*s))
				s++;
		if (!*s && conv != 'n')
			goto out;
		switch (conv) {
		case 'd': base = 10; goto integer;
		case 'u': base = 10; goto integer;
		case 'i': base = 0; goto integer;
		case 'o': base = 8; goto integer;
		case 'x': case 'X': base = 16;
		integer:
			if (!scan_int(&s, width, base, &v))
				goto out;
			if (!suppress) {
				store_int(&args, len, v);
				assigned++;
			}
			break;
		case 's': {
			char *out = suppress ? NULL : va_arg(args, char *);

			for (; width && *s && !isspace((unsigned char)*s); width--, s++)
				if (out)
					*out++ = *s;
			if (out) {
				*out = '\0';
				assigned++;
			}
			break;
		}
		case 'c': {
			char *out = suppress ? NULL : va_arg(args, char *);

			for (width = width == SIZE_MAX ? 1 : width; width; width--, s++) {
				if (!*s)
					goto out;
				if (out)
					*out++ = *s;
			}
			assigned += !suppress;
			break;
		}
		case '[': {
			bool negate = *f == '^';
			const char *set = f + negate, *end = set + (*set == ']');
			char *out = suppress ? NULL : va_arg(args, char *), *start = out;
			const char *from = s;

			while (*end && *end != ']')
				end++;
			if (!*end)
				goto out;
			f = end + 1;
			for (; width && *s && in_set(set, end, negate, (unsigned char)*s); width--, s++)
				if (out)
					*out++ = *s;
			if (s == from)
				goto out;
			if (out) {
				*out = '\0';
				assigned += out != start;
			}
			break;
		}
		case 'n':
			if (!suppress)
				store_int(&args, len, (unsigned long long)(s - str));
			break;
		default:
			goto out;
		}
		converted = true;
	}
out:
	va_end(args);
	return !converted && !assigned && !*s ? EOF : assigned;
}

int sscanf(const char *restrict str, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsscanf(str, fmt, ap);
	va_end(ap);
	return n;
}
