/*
 * Network address translation (Linux include/net/netfilter/nf_nat.h): a
 * connection's reply tuple is rewritten when its first packet passes a nat
 * chain (snat/masquerade in POST_ROUTING, dnat in PRE_ROUTING), and every
 * later packet of either direction is rewritten to match - addresses,
 * ports or ICMP identifiers, with their checksums updated incrementally
 * (RFC 1624). The mapping is the conntrack entry: it lives and dies with it.
 */
#ifndef _NET_NF_NAT_H
#define _NET_NF_NAT_H

#include <net/netfilter.h>
#include <net/netfilter/nf_conntrack.h>

enum nf_nat_manip_type {
	NF_NAT_MANIP_SRC,
	NF_NAT_MANIP_DST,
};

/* Source NAT where the packet leaves (POST_ROUTING, LOCAL_IN), destination NAT before routing. */
#define HOOK2MANIP(hooknum) \
	((hooknum) != NF_INET_POST_ROUTING && (hooknum) != NF_INET_LOCAL_IN ? \
	 NF_NAT_MANIP_DST : NF_NAT_MANIP_SRC)

#define NF_NAT_RANGE_MAP_IPS		0x1	/* min_addr is the new address */
#define NF_NAT_RANGE_PROTO_SPECIFIED	0x2	/* ports (or ids) from min_proto..max_proto */

struct nf_nat_range {
	u32 flags;
	__be32 min_addr;
	u16 min_proto, max_proto;	/* host order */
};

static inline bool nf_nat_initialized(const struct nf_conn *ct,
				      enum nf_nat_manip_type manip)
{
	return ct->status & (manip == NF_NAT_MANIP_SRC ? IPS_SRC_NAT_DONE : IPS_DST_NAT_DONE);
}

/*
 * Bind ct's manip side to range: a tuple whose reply no other connection
 * uses (the port kept if free, else one from the range or Linux's default
 * class: 1-511, 600-1023, 1024-65535). NF_ACCEPT, or NF_DROP when no
 * tuple is free.
 */
unsigned int nf_nat_setup_info(struct nf_conn *ct, const struct nf_nat_range *range,
			       enum nf_nat_manip_type maniptype);

/* Rewrite the IP packet at iphdroff (and its L4 header) to target's manip side. */
bool nf_nat_ipv4_manip_pkt(struct sk_buff *skb, unsigned int iphdroff,
			   const struct nf_conntrack_tuple *target,
			   enum nf_nat_manip_type maniptype);

/*
 * The nat chains: fn runs for the first packet of each connection at
 * hooknum and may call nf_nat_setup_info; a connection no chain binds
 * keeps its addresses (a null binding). Registering the first turns on
 * conntrack and NAT's own hooks; 0 or -errno.
 */
int nf_nat_register_fn(unsigned int hooknum, nf_hookfn *fn, void *priv);
void nf_nat_unregister_fn(unsigned int hooknum, nf_hookfn *fn, void *priv);

#endif
