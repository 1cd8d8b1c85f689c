/* IPv4 forwarding (Linux net/ipv4/ip_forward.c, RFC 1812 section 5.3). */
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/snmp.h>
#include <net/gso.h>
#include <net/netfilter.h>

bool ipv4_forward;

/*
 * Linux's ip_exceeds_mtu: too big to go on whole and DF forbids cutting.
 * A GRO aggregate is judged by its segments, which is what goes on the
 * wire (cut again on the way out).
 */
static bool ip_exceeds_mtu(const struct sk_buff *skb, u32 mtu)
{
	if (skb->len <= mtu || !(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return false;
	return !skb_is_gso(skb) || skb_gso_network_seglen(skb) > mtu;
}

static int ip_forward_finish(struct sk_buff *skb)
{
	IP_INC_STATS(FORWDATAGRAMS);
	return skb_dst(skb)->output(skb);
}

/* dst->input of a forwarded route: skb->data at the IP header. Consumes skb. */
int ip_forward(struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct iphdr *iph = ip_hdr(skb);
	enum skb_drop_reason reason;
	u32 mtu;

	/* RFC 1812 5.3.4: a unicast datagram in a link broadcast is not forwarded. */
	if (skb->pkt_type != PACKET_HOST) {
		IP_INC_STATS(INADDRERRORS);
		reason = SKB_DROP_REASON_UNICAST_IN_L2_MULTICAST;
		goto drop;
	}
	/* Source-routed datagrams are not forwarded (Linux's accept_source_route=0). */
	if (ip_hdrlen_of(iph) > IP_HLEN_MIN && ip_options_have_srr(iph)) {
		IP_INC_STATS(INDISCARDS);
		reason = SKB_DROP_REASON_IP_SOURCE_ROUTE;
		goto drop;
	}
	/* RFC 1812 5.3.1: TTL would reach zero here; Linux counts it a header error. */
	if (iph->ttl <= 1) {
		IP_INC_STATS(INHDRERRORS);
		icmp_send(skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		reason = SKB_DROP_REASON_IP_TTL_EXPIRED;
		goto drop;
	}
	mtu = dst_mtu(&rt->dst);
	if (ip_exceeds_mtu(skb, mtu)) {
		/* RFC 1191 section 4: say which MTU would have fitted. */
		IP_INC_STATS(FRAGFAILS);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu);
		reason = SKB_DROP_REASON_PKT_TOO_BIG;
		goto drop;
	}
	/* The TTL is written in the header: its data must be ours, not a clone's. */
	if (skb_cow(skb, LL_RESERVED_SPACE(rt->dst.dev))) {
		IP_INC_STATS(OUTDISCARDS);
		reason = SKB_DROP_REASON_NOMEM;
		goto drop;
	}
	ip_decrease_ttl(ip_hdr(skb));
	return NF_HOOK(NFPROTO_IPV4, NF_INET_FORWARD, skb, skb->dev,
		       rt->dst.dev, ip_forward_finish);
drop:
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}
