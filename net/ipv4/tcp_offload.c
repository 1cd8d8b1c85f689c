/*
 * TCP's half of GSO and GRO (Linux's net/ipv4/tcp_offload.c). GSO: cut a
 * TSO skb at gso_size and give each segment its sequence number, its
 * share of the flags (a FIN or PSH belongs to the last byte, so to the
 * last segment; CWR to the first, RFC 3168 6.1.2, as a TSO device does)
 * and a checksum: the pseudo header's sum for the device to finish when
 * the skb was CHECKSUM_PARTIAL, a complete one otherwise. GRO: merge a
 * segment into the held one of its connection when it continues it and
 * its header says nothing new; the aggregate ends with a short segment
 * or one that asks to be seen (PSH, FIN, URG, RST, SYN).
 */
#include <net/gso.h>
#include <net/gro.h>
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

/*
 * The segment's checksum, verified now when the device did not vouch for
 * it (Linux's skb_gro_checksum_validate): from the device's sum of the
 * packet (CHECKSUM_COMPLETE) less the IP header, else summed here. A
 * good one is marked CHECKSUM_UNNECESSARY, so TCP does not sum it again.
 */
static bool tcp4_gro_csum_ok(struct sk_buff *skb)
{
	const struct iphdr *iph = (const struct iphdr *)skb_network_header(skb);
	unsigned int off = skb_gro_offset(skb), len = skb_gro_len(skb);
	__wsum sum;

	if (skb_csum_unnecessary(skb))
		return true;
	if (skb->ip_summed == CHECKSUM_COMPLETE &&
	    !csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP,
			       csum_sub(skb->csum, csum_partial(iph, off, 0))))
		goto good;
	sum = skb_checksum(skb, off, len, 0);
	if (csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP, sum))
		return false;
good:
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return true;
}

/* The TCP header, options included, into the linear part; NULL if it is not all there. */
static struct tcphdr *tcp_gro_pull_header(struct sk_buff *skb)
{
	unsigned int off = skb_gro_offset(skb), thlen;
	struct tcphdr *th;

	th = skb_gro_header(skb, off + sizeof(*th), off);
	if (!th)
		return NULL;
	thlen = tcp_doff(th) * 4;
	if (thlen < sizeof(*th))
		return NULL;
	th = skb_gro_header(skb, off + thlen, off);
	if (th)
		skb_gro_pull(skb, thlen);
	return th;
}

/* The held skb of th's connection (the IP layer matched the addresses), or NULL. */
static struct sk_buff *tcp_gro_lookup(struct list_head *head, const struct tcphdr *th)
{
	struct sk_buff *p;

	list_for_each_entry(p, head, list) {
		const struct tcphdr *th2 = (const struct tcphdr *)skb_transport_header(p);

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		if (th->source == th2->source && th->dest == th2->dest)
			return p;
		NAPI_GRO_CB(p)->same_flow = 0;
	}
	return NULL;
}

/*
 * Whether th (len payload octets) must not join p (Linux's rules): a CWR
 * starts a new run (RFC 3168 6.1.2: it belongs to the first segment), any
 * other flag but FIN and PSH differs, so does the header length, the
 * window, the acknowledgment or any option byte (timestamps included),
 * the segment is longer than the run's, or it does not follow p's last
 * byte.
 */
static bool tcp_gro_mismatch(const struct sk_buff *p, const struct tcphdr *th,
			     unsigned int len)
{
	const struct tcphdr *th2 = (const struct tcphdr *)skb_transport_header(p);
	unsigned int mss = skb_shinfo(p)->gso_size;

	return NAPI_GRO_CB(p)->flush || (th->flags & TCPHDR_CWR) ||
	       ((th->flags ^ th2->flags) & ~(TCPHDR_CWR | TCPHDR_FIN | TCPHDR_PSH)) ||
	       th->doff_res != th2->doff_res || th->window != th2->window ||
	       th->ack_seq != th2->ack_seq ||
	       memcmp(th + 1, th2 + 1, tcp_doff(th) * 4u - sizeof(*th)) ||
	       len - 1 >= mss ||
	       ntohl(th2->seq) + skb_gro_len(p) != ntohl(th->seq);
}

/*
 * Linux's tcp_gro_receive. Returns the held skb to hand up now: the one
 * skb could not join, or the one it joined and ended. A segment shorter
 * than the run's (its last), an empty one or one with PSH, FIN, URG, RST
 * or SYN is not held itself.
 */
static struct sk_buff *tcp_gro_receive(struct list_head *head, struct sk_buff *skb,
				       struct tcphdr *th)
{
	struct sk_buff *p = tcp_gro_lookup(head, th);
	unsigned int len = skb_gro_len(skb), mss = 1;
	bool flush;

	if (p && !tcp_gro_mismatch(p, th, len) && !skb_gro_receive(p, skb)) {
		mss = skb_shinfo(p)->gso_size;
		((struct tcphdr *)skb_transport_header(p))->flags |=
			th->flags & (TCPHDR_FIN | TCPHDR_PSH);
	}
	flush = len < mss || (th->flags & (TCPHDR_URG | TCPHDR_PSH | TCPHDR_RST |
					   TCPHDR_SYN | TCPHDR_FIN));
	NAPI_GRO_CB(skb)->flush |= flush;
	return p && (!NAPI_GRO_CB(skb)->same_flow || flush) ? p : NULL;
}

/*
 * No checksum for a segment that goes up unmerged anyway (TCP checks it),
 * but its connection's held skb must still go up before it.
 */
struct sk_buff *tcp4_gro_receive(struct list_head *head, struct sk_buff *skb)
{
	struct tcphdr *th;

	if (!NAPI_GRO_CB(skb)->flush && !tcp4_gro_csum_ok(skb))
		goto flush;
	th = tcp_gro_pull_header(skb);
	if (!th)
		goto flush;
	return tcp_gro_receive(head, skb, th);
flush:
	NAPI_GRO_CB(skb)->flush = 1;
	return NULL;
}

/*
 * What the aggregate was made of, for TCP (the receive MSS) and for a
 * device that cuts it again if it is forwarded; every segment's checksum
 * was verified, so the aggregate's is taken as good.
 */
void tcp4_gro_complete(struct sk_buff *skb, int thoff __unused)
{
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_segs = NAPI_GRO_CB(skb)->count;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
}
