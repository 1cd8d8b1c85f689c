/*
 * ICMP connection tracking (Linux net/netfilter/nf_conntrack_proto_icmp.c):
 * a query and its reply are a connection keyed by the echo identifier; an
 * error (RFC 792: unreachable, time exceeded, ...) belongs to the
 * connection whose packet it quotes and is labelled RELATED to it.
 */
#include <net/netfilter/nf_conntrack.h>
#include <net/proto/ip.h>
#include <net/proto/icmp.h>

bool nf_conntrack_icmp_invert(u8 type, u8 *inverse)
{
	static const u8 invmap[NR_ICMP_TYPES + 1] = {
		[ICMP_ECHO] = ICMP_ECHOREPLY + 1,
		[ICMP_ECHOREPLY] = ICMP_ECHO + 1,
		[ICMP_TIMESTAMP] = ICMP_TIMESTAMPREPLY + 1,
		[ICMP_TIMESTAMPREPLY] = ICMP_TIMESTAMP + 1,
		[ICMP_INFO_REQUEST] = ICMP_INFO_REPLY + 1,
		[ICMP_INFO_REPLY] = ICMP_INFO_REQUEST + 1,
		[ICMP_ADDRESS] = ICMP_ADDRESSREPLY + 1,
		[ICMP_ADDRESSREPLY] = ICMP_ADDRESS + 1,
	};

	if (type > NR_ICMP_TYPES || !invmap[type])
		return false;
	*inverse = invmap[type] - 1;
	return true;
}

/* Only a query opens a connection: an unsolicited reply is INVALID. */
bool nf_conntrack_icmp_new(const struct nf_conntrack_tuple *t)
{
	switch (t->dst.u.icmp.type) {
	case ICMP_ECHO:
	case ICMP_TIMESTAMP:
	case ICMP_INFO_REQUEST:
	case ICMP_ADDRESS:
		return true;
	}
	return false;
}

int nf_conntrack_icmp_packet(struct nf_conn *ct, const struct nf_ct_pkt *p)
{
	nf_ct_refresh(ct, nf_ct_params.icmp_timeout);
	return 1;
}

/*
 * The error quotes the IP header and at least 8 octets of the packet it
 * is about (RFC 792): that packet's tuple, turned around, is the
 * direction the error travels in.
 */
int nf_conntrack_icmp_error(struct sk_buff *skb, unsigned int dataoff,
			    struct nf_conn **ctp)
{
	unsigned int inner = dataoff + ICMP_HLEN;
	struct nf_conntrack_tuple orig, tuple;
	struct nf_conntrack_tuple_hash *h;
	const struct iphdr *iph;
	struct nf_conn *ct;

	if (skb->len < inner + IP_HLEN_MIN)
		return -1;
	iph = (const struct iphdr *)(skb->data + inner);
	if (ip_ihl(iph) < 5 || skb->len < inner + ip_hdrlen_of(iph) + 8 ||
	    (iph->frag_off & htons(IP_OFFSET)))
		return -1;
	if (!nf_ct_get_tuple(skb, inner, &orig))
		return -1;
	/* An error about an error is never sent (RFC 1122 3.2.2). */
	if (orig.dst.protonum == IPPROTO_ICMP && icmp_is_err(orig.dst.u.icmp.type))
		return -1;
	nf_ct_invert_tuple(&tuple, &orig);
	h = nf_conntrack_find(&tuple);
	if (!h)
		return -1;
	ct = nf_ct_tuplehash_to_ctrack(h);
	ct->use++;
	*ctp = ct;
	return NF_CT_DIRECTION(h) == IP_CT_DIR_REPLY ? IP_CT_RELATED_REPLY : IP_CT_RELATED;
}
