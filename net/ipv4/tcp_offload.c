/*
 * TCP's half of GSO (Linux's net/ipv4/tcp_offload.c): cut a TSO skb at
 * gso_size and give each segment its sequence number, its share of the
 * flags (a FIN or PSH belongs to the last byte, so to the last segment;
 * CWR to the first, RFC 3168 6.1.2, as a TSO device does) and a
 * checksum: the pseudo header's sum for the device to finish when the
 * skb was CHECKSUM_PARTIAL, a complete one otherwise.
 */
#include <net/gso.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/checksum.h>
#include <errno.h>
#include <stddef.h>

/*
 * The checksum of one segment, as tcp_v4_send_check sets it: left to the
 * device, or complete - from the payload's sum skb_segment took while
 * copying, or summed here.
 */
static void tcp4_gso_csum(struct sk_buff *seg, unsigned int thlen)
{
	const struct iphdr *iph = ip_hdr(seg);
	struct tcphdr *th = (struct tcphdr *)skb_transport_header(seg);
	unsigned int thoff = (unsigned int)skb_transport_offset(seg);
	u32 len = seg->len - thoff;

	if (SKB_GSO_CB(seg)->payload_summed) {
		th->check = 0;
		th->check = csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP,
					      csum_partial(th, thlen,
							   SKB_GSO_CB(seg)->payload_csum));
		seg->ip_summed = CHECKSUM_NONE;
		return;
	}
	if (seg->ip_summed == CHECKSUM_PARTIAL) {
		th->check = (__sum16)~csum_tcpudp_magic(iph->saddr, iph->daddr, len,
							IPPROTO_TCP, 0);
		seg->csum_start = (u16)(skb_headroom(seg) + thoff);
		seg->csum_offset = offsetof(struct tcphdr, check);
		return;
	}
	th->check = 0;
	th->check = csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP,
				      skb_checksum(seg, thoff, len, 0));
}

u32 skb_gso_network_seglen(const struct sk_buff *skb)
{
	struct tcphdr buf;
	const struct tcphdr *th = skb_header_pointer(skb, skb_transport_offset(skb),
						     sizeof(buf), &buf);

	if (!th)
		return 0;
	return (u32)(skb_transport_offset(skb) - skb_network_offset(skb)) +
	       tcp_doff(th) * 4u + skb_shinfo(skb)->gso_size;
}

int tcp4_gso_segment(struct sk_buff *skb, u32 features, struct sk_buff **segs)
{
	unsigned int thoff = (unsigned int)skb_transport_offset(skb), hdr_len;
	struct sk_buff *seg;
	struct tcphdr *th;
	u32 seq;
	u8 flags;
	int err;

	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4))
		return -EPROTONOSUPPORT;
	if (!pskb_may_pull(skb, thoff + TCP_HLEN_MIN))
		return -EINVAL;
	th = (struct tcphdr *)skb_transport_header(skb);
	hdr_len = thoff + tcp_doff(th) * 4;
	if (tcp_doff(th) * 4 < TCP_HLEN_MIN || !pskb_may_pull(skb, hdr_len))
		return -EINVAL;
	th = (struct tcphdr *)skb_transport_header(skb);
	seq = ntohl(th->seq);
	flags = th->flags;
	err = skb_segment(skb, hdr_len, features, segs);
	if (err)
		return err;
	for (seg = *segs; seg; seg = seg->next) {
		th = (struct tcphdr *)skb_transport_header(seg);
		th->seq = htonl(seq);
		th->flags = flags;
		if (seg->next)
			th->flags &= (u8)~(TCPHDR_FIN | TCPHDR_PSH);
		flags &= (u8)~TCPHDR_CWR;
		seq += seg->len - hdr_len;
		tcp4_gso_csum(seg, hdr_len - thoff);
	}
	return 0;
}
