/*
 * IPv4's half of GSO (Linux's inet_gso_segment in net/ipv4/af_inet.c):
 * check the IP header of a GSO skb, let the transport protocol cut it,
 * then give each segment its own total length, an IP ID one higher than
 * the previous segment's (what a TSO device does, RFC 6864 4.1: each
 * datagram of a non-atomic flow needs its own) and a header checksum.
 */
#include <net/gso.h>
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

static struct packet_offload ip_packet_offload = {
	.type = __constant_htons(ETH_P_IP),
	.gso_segment = inet_gso_segment,
};

static const struct net_offload tcp_offload = {
	.gso_segment = tcp4_gso_segment,
};

void ip_offload_init(void)
{
	inet_offloads[IPPROTO_TCP] = &tcp_offload;
	dev_add_offload(&ip_packet_offload);
}
