/*
 * reject (Linux net/ipv4/netfilter/nf_reject_ipv4.c and nft_reject_ipv4.c):
 * the packet is dropped and its sender told so - with an ICMP destination
 * unreachable of the chosen code (RFC 792; port unreachable by default, as
 * nft does), or for TCP with a reset (RFC 9293 3.10.7.1) that comes from
 * the address the segment was sent to, so it also works for forwarded
 * connections.
 */
#include <net/netfilter/nf_tables.h>
#include <net/checksum.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/tcp.h>
#include <net/proto/tcp.h>
#include <string.h>

static void nf_send_reset(struct sk_buff *oldskb)
{
	const struct iphdr *oiph = ip_hdr(oldskb);
	unsigned int hlen = ip_hdrlen_of(oiph);
	const struct tcphdr *oth;
	struct flowi4 fl4 = { 0 };
	struct sk_buff *nskb;
	struct rtable *rt;
	struct tcphdr *th;
	u32 seglen;

	if ((oiph->frag_off & htons(IP_OFFSET)) || oldskb->len < hlen + TCP_HLEN_MIN)
		return;
	oth = (const struct tcphdr *)(oldskb->data + hlen);
	if (oth->flags & TCPHDR_RST || tcp_doff(oth) < 5)
		return;
	nskb = alloc_skb(MAX_TCP_HEADER);
	if (!nskb)
		return;
	skb_reserve(nskb, MAX_TCP_HEADER);
	th = skb_push(nskb, TCP_HLEN_MIN);
	memset(th, 0, TCP_HLEN_MIN);
	th->source = oth->dest;
	th->dest = oth->source;
	tcp_set_doff(th, 5);
	if (oth->flags & TCPHDR_ACK) {
		th->seq = oth->ack_seq;
		th->flags = TCPHDR_RST;
	} else {
		seglen = oldskb->len - hlen - tcp_doff(oth) * 4u +
			 !!(oth->flags & TCPHDR_SYN) + !!(oth->flags & TCPHDR_FIN);
		th->ack_seq = htonl(ntohl(oth->seq) + seglen);
		th->flags = TCPHDR_RST | TCPHDR_ACK;
	}
	th->check = csum_tcpudp_magic(oiph->daddr, oiph->saddr, TCP_HLEN_MIN, IPPROTO_TCP,
				      csum_partial(th, TCP_HLEN_MIN, 0));
	fl4.daddr = oiph->saddr;
	if (ip_route_output(&fl4, &rt)) {
		kfree_skb_reason(nskb, SKB_DROP_REASON_IP_OUTNOROUTES);
		return;
	}
	ip_build_and_send_pkt(nskb, rt, oiph->daddr, oiph->saddr, IPPROTO_TCP, 0,
			      sysctl_ip_default_ttl, true);
	ip_rt_put(rt);
}

void nft_reject(struct sk_buff *skb, const struct nf_hook_state *state, u8 how)
{
	if (how == NFT_REJECT_TCP_RST) {
		if (ip_hdr(skb)->protocol == IPPROTO_TCP)
			nf_send_reset(skb);
		return;
	}
	/* Our own packets (LOCAL_OUT) have no device yet: the error names the one they leave by. */
	if (!skb->dev)
		skb->dev = state->in ? state->in : state->out;
	icmp_send(skb, ICMP_DEST_UNREACH, how, 0);
}
