/* IPv4 header (RFC 791 section 3.1): wire format, field accessors and constants. */
#ifndef _NET_PROTO_IP_H
#define _NET_PROTO_IP_H

#include <kernel/types.h>
#include <net/byteorder.h>

#define IPVERSION	4
#define IP_MAXPACKET	65535

#define IPPROTO_IP	0
#define IPPROTO_ICMP	1
#define IPPROTO_IGMP	2
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define IPPROTO_RAW	255

/* frag_off field, host order after ntohs(). */
#define IP_CE		0x8000	/* reserved, "congestion" */
#define IP_DF		0x4000	/* don't fragment */
#define IP_MF		0x2000	/* more fragments */
#define IP_OFFSET	0x1FFF	/* fragment offset in 8-octet units */

#define IPTOS_TOS_MASK		0x1E
#define IPTOS_PREC_MASK		0xE0
#define IPTOS_PREC_INTERNETCONTROL 0xC0

#define IPDEFTTL	64

struct iphdr {
	u8 version_ihl;		/* version in the high nibble, IHL (32-bit words) low */
	u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;	/* flags in the top three bits */
	u8 ttl;
	u8 protocol;
	__sum16 check;
	__be32 saddr;
	__be32 daddr;
	/* options follow, up to (ihl - 5) * 4 octets */
} __packed;

#define IP_HLEN_MIN	20
#define IP_HLEN_MAX	60

static inline unsigned int ip_version(const struct iphdr *iph)
{
	return iph->version_ihl >> 4;
}

static inline unsigned int ip_ihl(const struct iphdr *iph)
{
	return iph->version_ihl & 0x0f;
}

static inline unsigned int ip_hdrlen_of(const struct iphdr *iph)
{
	return ip_ihl(iph) * 4;
}

static inline void ip_set_version_ihl(struct iphdr *iph, unsigned int ihl)
{
	iph->version_ihl = (u8)(IPVERSION << 4 | (ihl & 0x0f));
}

static inline bool ip_is_fragment(const struct iphdr *iph)
{
	return (iph->frag_off & htons(IP_MF | IP_OFFSET)) != 0;
}

/* IP options (RFC 791 section 3.1, "Options"). */
#define IPOPT_COPY		0x80	/* copied into every fragment */
#define IPOPT_COPIED(o)		((o) & IPOPT_COPY)
#define IPOPT_END		0
#define IPOPT_NOOP		1
#define IPOPT_SEC		130
#define IPOPT_LSRR		131
#define IPOPT_SSRR		137
#define IPOPT_RR		7
#define IPOPT_SID		136
#define IPOPT_TIMESTAMP		68
#define IPOPT_RA		148
#define IPOPT_MINOFF		4	/* smallest legal pointer for RR/SRR/TS */

/* Address classes (RFC 1122 3.2.1.3, RFC 5735), addr in network order. */
static inline bool ipv4_is_multicast(__be32 addr)
{
	return (addr & htonl(0xf0000000)) == htonl(0xe0000000);
}

static inline bool ipv4_is_lbcast(__be32 addr)
{
	return addr == htonl(0xffffffff);
}

static inline bool ipv4_is_zeronet(__be32 addr)
{
	return (addr & htonl(0xff000000)) == 0;
}

static inline bool ipv4_is_loopback(__be32 addr)
{
	return (addr & htonl(0xff000000)) == htonl(0x7f000000);
}

/* Network-order mask for a prefix length 0..32. */
static inline __be32 inet_make_mask(unsigned int prefixlen)
{
	return prefixlen ? htonl(~0u << (32 - prefixlen)) : 0;
}

#endif
