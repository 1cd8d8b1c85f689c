/* inet.c - IPv4 address text conversions (arpa/inet.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * POSIX inet_ntop, AF_INET: dotted decimal into dst; NULL with ENOSPC if
 * it (with its NUL) does not fit in size, EAFNOSUPPORT for another family.
 */
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	const uint8_t *a = src;
	char tmp[INET_ADDRSTRLEN];
	int n;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	n = snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	if (n < 0 || (socklen_t)n >= size) {
		errno = ENOSPC;
		return NULL;
	}
	memcpy(dst, tmp, n + 1);
	return dst;
}

/*
 * One number of the inet_aton syntax, C style: 0x.. hex, 0.. octal,
 * else decimal. Returns false if it exceeds 32 bits. On return *end is
 * past the digits: "0x" with no hex digit after it is just the number 0,
 * as strtoul reads it, leaving the 'x' for the caller to reject.
 */
static bool aton_number(const char *s, const char **end, uint32_t *val)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0') {
		base = 8;
		if ((s[1] == 'x' || s[1] == 'X') &&
		    ((s[2] >= '0' && s[2] <= '9') ||
		     ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f'))) {
			base = 16;
			s += 2;
		}
	}
	for (;; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
		if (v > 0xffffffffu)
			return false;
	}
	*end = s;
	*val = v;
	return true;
}

/*
 * The traditional (4.2BSD, glibc) forms: a.b.c.d, a.b.c (c fills 16 bits),
 * a.b (b fills 24 bits) and a (32 bits), each part as aton_number reads
 * it. As glibc, anything after a whitespace character is ignored.
 * Returns 1 and stores the address (if inp is not NULL), or 0.
 */
int inet_aton(const char *cp, struct in_addr *inp)
{
	static const uint32_t max_last[4] = {
		0xffffffffu, 0xffffffu, 0xffffu, 0xffu
	};
	uint32_t parts[4], v;
	int n = 0;

	for (;;) {
		if (*cp < '0' || *cp > '9')
			return 0;
		if (!aton_number(cp, &cp, &v))
			return 0;
		if (*cp != '.')
			break;
		if (n == 3 || v > 0xff)
			return 0;
		parts[n++] = v;
		cp++;
	}
	if (*cp != '\0' && *cp != ' ' && (*cp < '\t' || *cp > '\r'))
		return 0;
	if (v > max_last[n])
		return 0;
	for (int i = 0; i < n; i++)
		v |= parts[i] << (24 - 8 * i);
	if (inp)
		inp->s_addr = htonl(v);
	return 1;
}

/* INADDR_NONE for a malformed string (which "255.255.255.255" also gives). */
in_addr_t inet_addr(const char *cp)
{
	struct in_addr a;

	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

/* Not reentrant: the result lives in a static buffer, as POSIX allows. */
char *inet_ntoa(struct in_addr in)
{
	static char buf[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &in, buf, sizeof(buf));
	return buf;
}
