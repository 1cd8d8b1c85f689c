/*
 * IPv4: receive (ip_input.c), local delivery and forwarding, output with
 * fragmentation (ip_output.c), reassembly (ip_fragment.c).
 */
#ifndef _NET_IP_H
#define _NET_IP_H

#include <kernel/types.h>
#include <net/skbuff.h>
#include <net/netdevice.h>
#include <net/proto/ip.h>
#include <net/snmp.h>
#include <net/checksum.h>

struct rtable;

static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}

static inline unsigned int ip_hdrlen(const struct sk_buff *skb)
{
	return ip_hdrlen_of(ip_hdr(skb));
}

/* Forward datagrams not addressed to us (sysctl net.ipv4.ip_forward). Off by default. */
extern bool ipv4_forward;
extern u8 sysctl_ip_default_ttl;	/* 64 */

/* Reassembly limits (Linux's ipfrag_* sysctls). */
extern u32 ipfrag_time_ms;		/* 30 s */
extern u32 ipfrag_high_thresh;		/* 4 MiB: evict down to low_thresh */
extern u32 ipfrag_low_thresh;		/* 3 MiB */
extern u32 ipfrag_max_queues;		/* 1024 */

/* The ETH_P_IP packet handler. Consumes skb. */
int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt);
/* dst->input for local routes: reassemble, then the protocol table. Consumes skb. */
int ip_local_deliver(struct sk_buff *skb);
/* dst->input for forwarded routes. Consumes skb. */
int ip_forward(struct sk_buff *skb);

/* dst->output: to skb_dst(skb)->dev, fragmenting if needed. Consumes skb. */
int ip_output(struct sk_buff *skb);
/* Send a complete datagram with skb_dst set: OutRequests, then dst->output. Consumes skb. */
int ip_local_out(struct sk_buff *skb);

/*
 * Push an IP header in front of the L4 data at skb->data and send it over
 * rt (the caller keeps its own reference). skb needs MAX_HEADER headroom.
 * Consumes skb; 0 or a negative errno.
 */
int ip_build_and_send_pkt(struct sk_buff *skb, struct rtable *rt,
			  __be32 saddr, __be32 daddr, u8 proto, u8 tos,
			  u8 ttl, bool df);
/* As above, routing to daddr first (saddr 0: chosen by the route). */
int ip_send_l4(struct sk_buff *skb, __be32 saddr, __be32 daddr, u8 proto,
	       u8 tos, u8 ttl, bool df);

/* An IP ID for a datagram (RFC 6864, RFC 7739 5.2: per-destination counters). */
__be16 ip_select_ident_segs(__be32 saddr, __be32 daddr, u8 proto, u16 segs);

/*
 * Queue a fragment for reassembly. Returns the whole datagram (network
 * header set, skb->data at the IP header) when this fragment completed
 * it, else NULL (skb queued or dropped). Consumes skb.
 */
struct sk_buff *ip_defrag(struct sk_buff *skb);
/* Queues, bytes and fragments held for reassembly now. */
struct ipfrag_usage {
	u32 queues;
	u64 mem;
};
void ipfrag_get_usage(struct ipfrag_usage *out);
void ipfrag_init(void);
/* Drop every reassembly queue (device gone, or tests). */
void ipfrag_flush(void);

/* Validate IP options (RFC 791 3.1): 0, or the offset of the bad octet. */
int ip_options_check(const struct iphdr *iph);
/* True if the options carry a source route (LSRR/SSRR). */
bool ip_options_have_srr(const struct iphdr *iph);
/* Replace the options not copied into later fragments by NOOPs. */
void ip_options_fragment(struct iphdr *iph);

/* Register ARP, IP and ICMP with the core; configure 127.0.0.1/8 on lo. */
void inet_init(void);

/* TTL - 1 with the RFC 1624 checksum update. Returns the new TTL. */
static inline u8 ip_decrease_ttl(struct iphdr *iph)
{
	__be16 old = htons((u16)(iph->ttl << 8 | iph->protocol));

	iph->ttl--;
	iph->check = csum_replace2(iph->check, old,
				   htons((u16)(iph->ttl << 8 | iph->protocol)));
	return iph->ttl;
}

static inline void ip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum(iph, ip_ihl(iph));
}

#endif
