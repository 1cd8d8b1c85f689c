/* IPv4 address text conversion for the command line, the shell and logs. */
#include <net/inet_utils.h>
#include <net/byteorder.h>
#include <errno.h>
#include <stdio.h>

int in4_pton(const char *s, __be32 *addr)
{
	const char *p = s;
	u32 v = 0;

	for (int part = 0; part < 4; part++) {
		unsigned int n = 0, digits = 0;

		if (part > 0) {
			if (*p != '.')
				return -EINVAL;
			p++;
		}
		while (*p >= '0' && *p <= '9' && digits < 4) {
			n = n * 10 + (unsigned int)(*p++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || n > 255)
			return -EINVAL;
		v = (v << 8) | n;
	}
	*addr = htonl(v);
	return (int)(p - s);
}

int in4_prefix_pton(const char *s, __be32 *addr, unsigned int *prefixlen)
{
	int n = in4_pton(s, addr);
	unsigned int len = 0, digits = 0;
	const char *p;

	if (n < 0 || s[n] != '/')
		return -EINVAL;
	for (p = s + n + 1; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
		len = len * 10 + (unsigned int)(*p - '0');
	if (digits == 0 || *p != '\0' || len > 32)
		return -EINVAL;
	*prefixlen = len;
	return 0;
}

char *in4_ntop(__be32 addr, char *buf)
{
	u32 v = ntohl(addr);

	snprintf(buf, INET_ADDRSTRLEN, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff,
		 (v >> 8) & 0xff, v & 0xff);
	return buf;
}
