/*
 * IPv4 receive (Linux net/ipv4/ip_input.c): validate the header, route,
 * and deliver locally through the protocol table. Every drop is counted in
 * the IP MIB under its cause before the skb is freed.
 */
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/snmp.h>
#include <net/netfilter.h>
#include <errno.h>

/*
 * RFC 1122 3.2.1.1-3.2.1.8 and RFC 791: the checks a header must pass
 * before any field is believed. Returns SKB_NOT_DROPPED_YET with skb
 * trimmed to tot_len and the transport header set, or the drop reason
 * after counting the cause in the MIB.
 */
static enum skb_drop_reason ip_rcv_check(struct sk_buff *skb)
{
	enum skb_drop_reason reason = SKB_DROP_REASON_IP_INHDR;
	const struct iphdr *iph;
	unsigned int hlen, len;
	int bad;

	if (!pskb_may_pull(skb, IP_HLEN_MIN)) {
		IP_INC_STATS(INTRUNCATEDPKTS);
		return SKB_DROP_REASON_HDR_TRUNC;
	}
	iph = ip_hdr(skb);
	hlen = ip_hdrlen_of(iph);
	if (ip_version(iph) != IPVERSION) {
		IP_INC_STATS(INVERSIONERRORS);
		goto hdr_error;
	}
	if (ip_ihl(iph) < 5 || !pskb_may_pull(skb, hlen)) {
		IP_INC_STATS(INIHLERRORS);
		goto hdr_error;
	}
	iph = ip_hdr(skb);	/* the pull may have moved the head */
	if (ip_fast_csum(iph, ip_ihl(iph))) {
		IP_INC_STATS(INCSUMERRORS);
		reason = SKB_DROP_REASON_IP_CSUM;
		goto hdr_error;
	}
	len = ntohs(iph->tot_len);
	if (len > skb->len) {
		IP_INC_STATS(INTRUNCATEDPKTS);
		return SKB_DROP_REASON_PKT_TOO_SMALL;
	}
	if (len < hlen) {
		IP_INC_STATS(INLENERRORS);
		goto hdr_error;
	}
	/* Link-layer padding goes. */
	if (pskb_trim_rcsum(skb, len)) {
		IP_INC_STATS(INDISCARDS);
		return SKB_DROP_REASON_NOMEM;
	}
	iph = ip_hdr(skb);
	skb_set_transport_header(skb, (int)hlen);
	if (hlen > IP_HLEN_MIN && (bad = ip_options_check(iph)) != 0) {
		IP_INC_STATS(INOPTIONERRORS);
		icmp_send(skb, ICMP_PARAMETERPROB, 0, (u32)bad << 24);
		goto hdr_error;
	}
	return SKB_NOT_DROPPED_YET;
hdr_error:
	IP_INC_STATS(INHDRERRORS);
	return reason;
}

/*
 * Route the validated datagram (as PRE_ROUTING left it: destination NAT
 * happened there) and hand it to dst->input. Consumes skb.
 */
static int ip_rcv_finish(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	enum skb_drop_reason reason;

	reason = ip_route_input(skb, iph->daddr, iph->saddr, iph->tos, skb->dev);
	if (reason == SKB_DROP_REASON_IP_INNOROUTES)
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0);
	if (reason == SKB_DROP_REASON_NOMEM)
		IP_INC_STATS(INDISCARDS);
	if (reason) {
		kfree_skb_reason(skb, reason);
		return NET_RX_DROP;
	}
	return skb_dst(skb)->input(skb);
}

int ip_rcv(struct sk_buff *skb, struct net_device *dev,
	   struct packet_type *pt __unused)
{
	enum skb_drop_reason reason;

	/* Frames the link layer says were for another station (promiscuous taps). */
	if (skb->pkt_type == PACKET_OTHERHOST) {
		IP_INC_STATS(INOTHERHOST);
		kfree_skb_reason(skb, SKB_DROP_REASON_OTHERHOST);
		return NET_RX_DROP;
	}
	IP_INC_STATS(INRECEIVES);
	skb = skb_share_check(skb);
	if (!skb) {
		IP_INC_STATS(INDISCARDS);
		return NET_RX_DROP;
	}
	skb_reset_network_header(skb);
	reason = ip_rcv_check(skb);
	if (reason) {
		kfree_skb_reason(skb, reason);
		return NET_RX_DROP;
	}
	skb->dev = dev;
	return NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, skb, dev, NULL,
		       ip_rcv_finish);
}

/* skb->data at the IP header of a whole datagram. Consumes skb. */
static int ip_local_deliver_finish(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct net_protocol *prot;

	BUG_ON(skb->data != skb_network_header(skb));
	/* A device's sum of the packet loses the header pulled off (Linux's skb_postpull_rcsum). */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_sub(skb->csum, csum_partial(iph, ip_hdrlen_of(iph), 0));
	skb_pull(skb, ip_hdrlen_of(iph));
	skb_reset_transport_header(skb);
	prot = inet_protos[iph->protocol];
	if (!prot) {
		IP_INC_STATS(INUNKNOWNPROTOS);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
		kfree_skb_reason(skb, SKB_DROP_REASON_IP_NOPROTO);
		return NET_RX_DROP;
	}
	IP_INC_STATS(INDELIVERS);
	return prot->handler(skb);
}

int ip_local_deliver(struct sk_buff *skb)
{
	/* RFC 791: a host reassembles before delivering to the protocol. */
	if (ip_is_fragment(ip_hdr(skb))) {
		skb = ip_defrag(skb);
		if (!skb)
			return NET_RX_SUCCESS;
	}
	return NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, skb, skb->dev, NULL,
		       ip_local_deliver_finish);
}
