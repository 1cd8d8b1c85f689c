/* Text forms of IPv4 addresses, as Linux's in4_pton() and %pI4. */
#ifndef _NET_INET_UTILS_H
#define _NET_INET_UTILS_H

#include <kernel/types.h>

/*
 * Parse a dotted quad ("10.0.2.15") of exactly four decimal parts, each
 * 0-255, no leading '+', no empty part, up to 3 digits. Returns the number
 * of characters consumed, or -EINVAL; the address is stored big-endian.
 */
int in4_pton(const char *s, __be32 *addr);
/* Parse "ADDR/PREFIX" (prefix 0-32); the whole string must be consumed. */
int in4_prefix_pton(const char *s, __be32 *addr, unsigned int *prefixlen);
/* Format into buf (at least INET_ADDRSTRLEN); returns buf. */
#define INET_ADDRSTRLEN 16
char *in4_ntop(__be32 addr, char *buf);

#endif
