/*
 * IPv4's half of GSO and GRO (Linux's inet_gso_segment and
 * inet_gro_receive in net/ipv4/af_inet.c). GSO: check the IP header of a
 * GSO skb, let the transport protocol cut it, then give each segment its
 * own total length, an IP ID one higher than the previous segment's
 * (what a TSO device does, RFC 6864 4.1: each datagram of a non-atomic
 * flow needs its own) and a header checksum. GRO: the other way round,
 * datagrams merge only when nothing but their length, checksum and ID
 * differs, and the ID by one per datagram unless DF makes it meaningless.
 */
#include <net/gso.h>
#include <net/gro.h>
#include <net/ip.h>
#include <net/netdevice.h>
#include <net/checksum.h>
#include <errno.h>

const struct net_offload *inet_offloads[256];

static void inet_gso_fix_header(struct sk_buff *seg, u16 id)
{
	struct iphdr *iph = ip_hdr(seg);

	iph->tot_len = htons((u16)(seg->len - (u32)skb_network_offset(seg)));
	iph->id = htons(id);
	ip_send_check(iph);
}

static int inet_gso_segment(struct sk_buff *skb, u32 features, struct sk_buff **segs)
{
	int nhoff = skb_network_offset(skb);
	const struct net_offload *ops;
	struct iphdr *iph;
	struct sk_buff *seg;
	unsigned int ihl;
	u16 id;
	int err;

	if (nhoff < 0 || !pskb_may_pull(skb, (unsigned int)nhoff + sizeof(*iph)))
		return -EINVAL;
	iph = ip_hdr(skb);
	ihl = ip_hdrlen_of(iph);
	if ((iph->version_ihl >> 4) != IPVERSION || ihl < sizeof(*iph) ||
	    !pskb_may_pull(skb, (unsigned int)nhoff + ihl))
		return -EINVAL;
	iph = ip_hdr(skb);
	/* A GSO skb is whole: a fragment cannot be cut again. */
	if (ip_is_fragment(iph))
		return -EINVAL;
	skb_set_transport_header(skb, nhoff + (int)ihl);
	ops = inet_offloads[iph->protocol];
	if (!ops)
		return -EPROTONOSUPPORT;
	id = ntohs(iph->id);
	err = ops->gso_segment(skb, features, segs);
	if (err)
		return err;
	for (seg = *segs; seg; seg = seg->next)
		inet_gso_fix_header(seg, id++);
	return 0;
}

/*
 * Which held skbs share skb's addresses and protocol, and of those which
 * differ in anything that must match: the TTL, the TOS, DF, or for a
 * datagram without DF an ID that is not the next one (RFC 6864 4.1).
 */
static void inet_gro_match(struct list_head *head, const struct iphdr *iph)
{
	u16 id = ntohs(iph->id);
	struct sk_buff *p;

	list_for_each_entry(p, head, list) {
		const struct iphdr *iph2 = (const struct iphdr *)p->data;
		struct napi_gro_cb *cb = NAPI_GRO_CB(p);

		if (!cb->same_flow)
			continue;
		if (iph->protocol != iph2->protocol || iph->saddr != iph2->saddr ||
		    iph->daddr != iph2->daddr) {
			cb->same_flow = 0;
			continue;
		}
		cb->flush |= iph->ttl != iph2->ttl || iph->tos != iph2->tos ||
			     ((iph->frag_off ^ iph2->frag_off) & htons(IP_DF));
		if (!(iph->frag_off & htons(IP_DF)))
			cb->flush |= (u16)(ntohs(iph2->id) + cb->count) != id;
	}
}

/*
 * Only a plain 20-octet header merges (options would have to match and
 * be carried), never a fragment or a header with a bad checksum, and a
 * datagram shorter than its frame (link padding) goes up for IP to trim.
 */
static struct sk_buff *inet_gro_receive(struct list_head *head, struct sk_buff *skb)
{
	unsigned int off = skb_gro_offset(skb);
	const struct net_offload *ops;
	const struct iphdr *iph;

	iph = skb_gro_header(skb, off + sizeof(*iph), off);
	if (!iph)
		goto flush;
	ops = inet_offloads[iph->protocol];
	if (!ops || !ops->gro_receive || iph->version_ihl != (IPVERSION << 4 | 5) ||
	    ip_is_fragment(iph) || ip_fast_csum(iph, 5))
		goto flush;
	if (ntohs(iph->tot_len) != skb_gro_len(skb))
		NAPI_GRO_CB(skb)->flush = 1;
	inet_gro_match(head, iph);
	skb_gro_pull(skb, sizeof(*iph));
	skb_set_transport_header(skb, (int)skb_gro_offset(skb));
	return ops->gro_receive(head, skb);
flush:
	NAPI_GRO_CB(skb)->flush = 1;
	return NULL;
}

/* An aggregate's header: its total length, and so its checksum, are new. */
static void inet_gro_complete(struct sk_buff *skb, int nhoff)
{
	struct iphdr *iph = (struct iphdr *)(skb->data + nhoff);

	iph->tot_len = htons((u16)(skb->len - (unsigned int)nhoff));
	ip_send_check(iph);
	inet_offloads[iph->protocol]->gro_complete(skb, nhoff + (int)sizeof(*iph));
}

static struct packet_offload ip_packet_offload = {
	.type = __constant_htons(ETH_P_IP),
	.gso_segment = inet_gso_segment,
	.gro_receive = inet_gro_receive,
	.gro_complete = inet_gro_complete,
};

static const struct net_offload tcp_offload = {
	.gso_segment = tcp4_gso_segment,
	.gro_receive = tcp4_gro_receive,
	.gro_complete = tcp4_gro_complete,
};

void ip_offload_init(void)
{
	inet_offloads[IPPROTO_TCP] = &tcp_offload;
	dev_add_offload(&ip_packet_offload);
}
