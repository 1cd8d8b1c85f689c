/*
 * inet_pton.c - POSIX inet_pton for AF_INET, in libc's shared half: the
 * kernel reads addresses in text it is given with it too (dhcpd's lease
 * lines, libc/dhcp_lease.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

/*
 * POSIX inet_pton, AF_INET: exactly "ddd.ddd.ddd.ddd", each part one to
 * three decimal digits of value 0..255. A leading zero ("01") is refused,
 * as glibc and the BSDs do, so no part can be mistaken for octal. Returns
 * 1, 0 for a malformed string, or -1 with EAFNOSUPPORT for another family.
 */
int inet_pton(int af, const char *src, void *dst)
{
	uint8_t out[4];
	int parts = 0;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	for (;;) {
		unsigned int v = 0;
		int digits = 0;

		while (*src >= '0' && *src <= '9') {
			if (digits == 1 && v == 0)
				return 0;		/* leading zero */
			if (++digits > 3)
				return 0;
			v = v * 10 + (*src++ - '0');
		}
		if (digits == 0 || v > 255)
			return 0;
		out[parts++] = v;
		if (parts == 4)
			break;
		if (*src++ != '.')
			return 0;
	}
	if (*src != '\0')
		return 0;
	memcpy(dst, out, sizeof(out));
	return 1;
}
