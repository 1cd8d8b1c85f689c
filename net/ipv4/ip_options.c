/* IPv4 options (RFC 791 section 3.1): validation and the per-fragment copy rule. */
#include <net/ip.h>

/*
 * Walk the options of a header whose IHL was already checked against the
 * packet. Returns 0, or the header offset of the first bad octet (which is
 * what an ICMP parameter problem points at, RFC 792). Never reads past IHL.
 */
int ip_options_check(const struct iphdr *iph)
{
	const u8 *opt = (const u8 *)iph + IP_HLEN_MIN;
	unsigned int optlen = ip_hdrlen_of(iph) - IP_HLEN_MIN;
	unsigned int i = 0, len;

	while (i < optlen) {
		u8 type = opt[i];

		if (type == IPOPT_END)
			break;
		if (type == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (i + 1 >= optlen)
			return IP_HLEN_MIN + (int)i;
		len = opt[i + 1];
		if (len < 2 || len > optlen - i)
			return IP_HLEN_MIN + (int)i + 1;
		switch (type) {
		case IPOPT_RR:
		case IPOPT_LSRR:
		case IPOPT_SSRR:
			/* RFC 791: the pointer is at least 4, the first route slot. */
			if (len < 3 || opt[i + 2] < IPOPT_MINOFF)
				return IP_HLEN_MIN + (int)i + 2;
			break;
		case IPOPT_TIMESTAMP:
			if (len < 4 || opt[i + 2] < IPOPT_MINOFF + 1)
				return IP_HLEN_MIN + (int)i + 2;
			break;
		}
		i += len;
	}
	return 0;
}

/* Calls fn for each option of a validated header; stops when fn returns true. */
static bool ip_options_walk(u8 *opt, unsigned int optlen,
			    bool (*fn)(u8 *o, unsigned int len))
{
	unsigned int i = 0;

	while (i < optlen && opt[i] != IPOPT_END) {
		unsigned int len = opt[i] == IPOPT_NOOP ? 1 : opt[i + 1];

		if (opt[i] != IPOPT_NOOP && fn(&opt[i], len))
			return true;
		i += len;
	}
	return false;
}

static bool opt_is_srr(u8 *o, unsigned int len __unused)
{
	return o[0] == IPOPT_LSRR || o[0] == IPOPT_SSRR;
}

bool ip_options_have_srr(const struct iphdr *iph)
{
	return ip_options_walk((u8 *)iph + IP_HLEN_MIN,
			       ip_hdrlen_of(iph) - IP_HLEN_MIN, opt_is_srr);
}

static bool opt_blank_uncopied(u8 *o, unsigned int len)
{
	unsigned int i;

	if (!IPOPT_COPIED(o[0]))
		for (i = 0; i < len; i++)
			o[i] = IPOPT_NOOP;
	return false;
}

/*
 * RFC 791 "Fragmentation": options without the copy flag appear in the
 * first fragment only; later ones carry NOOPs in their place (so the
 * header length stays the same, as Linux's ip_options_fragment does).
 */
void ip_options_fragment(struct iphdr *iph)
{
	ip_options_walk((u8 *)iph + IP_HLEN_MIN,
			ip_hdrlen_of(iph) - IP_HLEN_MIN, opt_blank_uncopied);
}
