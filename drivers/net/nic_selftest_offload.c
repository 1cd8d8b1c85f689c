/*
 * Offload self-tests for NICs that cut TCP segmentation skbs
 * (NETIF_F_TSO) or insert TCP checksums (NETIF_F_IP_CSUM): hand-built TCP
 * segments, sent through dev_queue_xmit to a closed port of QEMU's
 * user-network gateway 10.0.2.2 (slirp). Slirp drops a segment whose IP or
 * TCP checksum is wrong and answers every other one, having no connection
 * for it, with a RST acknowledging its sequence number plus its length
 * [RFC 9293 3.10.7.1]. So the acknowledgements that come back say where
 * the device cut a TSO skb and that every checksum it wrote was right,
 * without any frame leaving QEMU. The RSTs themselves show whether the
 * device's receive checksum verdicts reach the skb (CHECKSUM_UNNECESSARY).
 */
#include <kernel/random.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/softirq.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <net/checksum.h>
#include <net/byteorder.h>
#include <net/proto/ip.h>
#include <net/proto/tcp.h>
#include <string.h>
#include "nic_selftest.h"

#define ST_WAIT_UP_MS		5000
#define ST_WAIT_RST_MS		3000
#define ST_WAIT_POOLS_MS	500
#define ST_MAX_SEGS		16
#define ST_HDR_LEN		(ETH_HLEN + IP_HLEN_MIN + TCP_HLEN_MIN)
#define ST_DPORT		9	/* no connection in slirp: answered by RST */

static const u8 st_us[4] = { 10, 0, 2, 15 }, st_gw[4] = { 10, 0, 2, 2 };

/* One probe: the segments' sequence space and the RSTs seen for it. */
struct st_rst_probe {
	struct packet_type tap;
	u16 sport;
	u32 seq;			/* first payload byte */
	u32 end;			/* past the last payload byte */
	u32 acks[ST_MAX_SEGS];		/* acknowledgements, as they came */
	volatile u32 rsts;
	volatile bool acked_end;	/* a RST acknowledged it all */
	u32 marked;			/* of them, CHECKSUM_UNNECESSARY */
	u32 want;			/* segments sent */
};

/* A RST|ACK from 10.0.2.2:ST_DPORT to our port: keep its acknowledgement. */
static int st_rst_tap(struct sk_buff *skb, struct net_device *dev,
		      struct packet_type *pt)
{
	struct st_rst_probe *p = container_of(pt, struct st_rst_probe, tap);
	struct iphdr ipb;
	struct tcphdr thb;
	const struct iphdr *iph = skb_header_pointer(skb, 0, sizeof(ipb), &ipb);
	const struct tcphdr *th = NULL;

	if (skb->pkt_type != PACKET_OUTGOING && skb->protocol == htons(ETH_P_IP) &&
	    iph && ip_version(iph) == IPVERSION && iph->protocol == IPPROTO_TCP &&
	    !memcmp(&iph->saddr, st_gw, 4))
		th = skb_header_pointer(skb, ip_hdrlen_of(iph), sizeof(thb), &thb);
	if (th && th->source == htons(ST_DPORT) && th->dest == htons(p->sport) &&
	    (th->flags & TCPHDR_RST) && p->rsts < ST_MAX_SEGS) {
		p->acks[p->rsts] = ntohl(th->ack_seq);
		p->acked_end = p->acked_end || p->acks[p->rsts] == p->end;
		if (skb->ip_summed == CHECKSUM_UNNECESSARY)
			p->marked++;
		p->rsts++;
	}
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static bool st_end_acked(const void *arg)
{
	const struct st_rst_probe *p = arg;

	return p->acked_end;
}

static void st_fill(u8 *buf, unsigned int len, unsigned int pos)
{
	for (unsigned int i = 0; i < len; i++)
		buf[i] = (u8)(pos + i);
}

/*
 * A TCP/IPv4 segment to 10.0.2.2:ST_DPORT, flags PSH (no ACK, so that the
 * RST acknowledges it), with lin payload bytes in the linear part after the
 * headers and the rest in page frags of frag bytes each, total payload in
 * all. The IP header checksum is the stack's to compute and is; the TCP
 * one is left to the device (CHECKSUM_PARTIAL over the pseudo-header sum),
 * and with mss a TSO skb of that gso_size. NULL when memory is short.
 */
static struct sk_buff *st_tcp_skb(struct net_device *dev, const u8 *gw_mac,
				  const struct st_rst_probe *p, unsigned int lin,
				  unsigned int frag, unsigned int total,
				  unsigned int mss)
{
	unsigned int hr = LL_RESERVED_SPACE(dev), tcp_len = TCP_HLEN_MIN + total;
	struct sk_buff *skb = alloc_skb(hr + ST_HDR_LEN + lin);
	struct iphdr *iph;
	struct tcphdr *th;
	u8 *eth;

	if (!skb)
		return NULL;
	skb_reserve(skb, hr);
	eth = skb_put(skb, ST_HDR_LEN);
	ether_addr_copy(eth, gw_mac);
	ether_addr_copy(eth + ETH_ALEN, dev->dev_addr);
	*(__be16 *)(eth + 2 * ETH_ALEN) = htons(ETH_P_IP);
	iph = (struct iphdr *)(eth + ETH_HLEN);
	*iph = (struct iphdr){
		.tot_len = htons(IP_HLEN_MIN + tcp_len),
		.id = htons((u16)p->sport),
		.frag_off = htons(IP_DF),
		.ttl = IPDEFTTL,
		.protocol = IPPROTO_TCP,
	};
	ip_set_version_ihl(iph, IP_HLEN_MIN / 4);
	memcpy(&iph->saddr, st_us, 4);
	memcpy(&iph->daddr, st_gw, 4);
	iph->check = ip_fast_csum(iph, ip_ihl(iph));
	th = (struct tcphdr *)(iph + 1);
	*th = (struct tcphdr){
		.source = htons(p->sport),
		.dest = htons(ST_DPORT),
		.seq = htonl(p->seq),
		.flags = TCPHDR_PSH,
		.window = htons(1024),
	};
	tcp_set_doff(th, TCP_HLEN_MIN / 4);
	th->check = (__sum16)~csum_tcpudp_magic(iph->saddr, iph->daddr, tcp_len,
						IPPROTO_TCP, 0);
	st_fill(skb_put(skb, lin), lin, 0);
	for (unsigned int pos = lin; pos < total; pos += frag) {
		unsigned int n = total - pos < frag ? total - pos : frag;
		struct page *page = dev_alloc_page();

		if (!page) {
			kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
			return NULL;
		}
		st_fill(page_address(page), n, pos);
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, 0, (int)n, PAGE_SIZE);
	}
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + IP_HLEN_MIN);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (u16)(skb_transport_header(skb) - skb->head);
	skb->csum_offset = offsetof(struct tcphdr, check);
	if (mss) {
		skb_shinfo(skb)->gso_size = (u16)mss;
		skb_shinfo(skb)->gso_segs = (u16)DIV_ROUND_UP(total, mss);
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	}
	return skb;
}

static bool st_carrier(const void *arg)
{
	return netif_carrier_ok(arg);
}

static bool st_pools_back(const void *arg)
{
	const struct skb_stats *base = arg;
	struct skb_stats now;

	skb_get_stats(&now);
	return now.live_heads <= base->live_heads && now.live_data <= base->live_data;
}

/* One RST acknowledging end, and only one. */
static bool st_acked_once(const struct st_rst_probe *p, u32 end)
{
	u32 seen = 0;

	for (u32 i = 0; i < p->rsts; i++)
		seen += p->acks[i] == end;
	return seen == 1;
}

/*
 * Every segment of seg payload bytes (the last one shorter) acknowledged
 * once, and nothing else; or, where the device's segments may reach slirp
 * as IP fragments of one segment (nt->tso_segments false), one RST for
 * all of it.
 */
static bool st_acks_match(const struct nic_offload_selftest *nt,
			  const struct st_rst_probe *p, unsigned int total,
			  unsigned int seg)
{
	u32 segs = DIV_ROUND_UP(total, seg);

	if (!nt->tso_segments && p->rsts == 1 && st_acked_once(p, p->end))
		return true;
	if (p->rsts != segs)
		return false;
	for (u32 k = 1; k <= segs; k++)
		if (!st_acked_once(p, p->seq + (k * seg < total ? k * seg : total)))
			return false;
	return true;
}

void nic_selftest_tcp_offload(struct selftest_ctx *st_ctx,
			      const struct nic_offload_selftest *nt, bool tso)
{
	struct net_device *dev;
	struct st_rst_probe probe = { .tap = { .type = htons(ETH_P_ALL) } };
	/* TSO: 10,000 bytes in 8 segments of 1,400 and one of 200, the first
	 * 100 in the linear part, the rest in frags of 3,000 (each frame's
	 * bytes come from two or three buffers). Checksum: 1,000 bytes. */
	unsigned int mss = tso ? 1400 : 0, total = tso ? 10000 : 1000;
	struct nic_offload_stats s0, s1;
	struct skb_stats pools;
	bool was_up, gw = false, pools_back;
	u8 gw_mac[ETH_ALEN];
	struct sk_buff *skb;

	dev = nic_selftest_find(nt->nic);
	if (!dev)
		ST_SKIP("no such NIC");
	if (!(dev->features & (tso ? NETIF_F_TSO : NETIF_F_IP_CSUM)))
		ST_SKIP(tso ? "TSO off" : "checksum offload off");
	was_up = dev->flags & IFF_UP;
	if (!was_up && dev_open(dev))
		ST_FAIL("cannot bring %s up", dev->name);
	if (nic_selftest_wait(st_carrier, dev, ST_WAIT_UP_MS))
		gw = nic_selftest_gateway(dev, gw_mac);
	probe.tap.dev = dev;
	probe.tap.func = st_rst_tap;
	probe.sport = (u16)(40000 + get_random_u32_below(20000));
	probe.seq = get_random_u32();
	probe.end = probe.seq + total;
	probe.want = tso ? DIV_ROUND_UP(total, mss) : 1;
	skb_get_stats(&pools);
	nt->offload_stats(dev, &s0);
	dev_add_pack(&probe.tap);
	skb = gw ? st_tcp_skb(dev, gw_mac, &probe, 100, 3000, total, mss) : NULL;
	if (skb) {
		dev_queue_xmit(skb);	/* consumes skb */
		/* Slirp answers in order: the last RST acknowledges the end.
		 * Duplicates or strays would show in the next moment. */
		nic_selftest_wait(st_end_acked, &probe, ST_WAIT_RST_MS);
		msleep(50);
	}
	dev_remove_pack(&probe.tap);
	nt->offload_stats(dev, &s1);
	pools_back = nic_selftest_wait(st_pools_back, &pools, ST_WAIT_POOLS_MS);
	if (!was_up)
		dev_close(dev);

	ST_ASSERT(gw);
	ST_ASSERT(skb != NULL);
	if (!st_acks_match(nt, &probe, total, tso ? mss : total))
		ST_FAIL("%u RSTs for %u segments (first ack seq+%u)", probe.rsts,
			probe.want, probe.rsts ? probe.acks[0] - probe.seq : 0);
	/* The device did the work: not a fallback in software. */
	ST_EQ(tso ? s1.tx_tso - s0.tx_tso : s1.tx_csum - s0.tx_csum, 1);
	/* Other traffic may be marked meanwhile; these RSTs are among them. */
	ST_ASSERT(s1.rx_csum_good - s0.rx_csum_good >= probe.marked);
	if (nt->rx_csum && (dev->features & NETIF_F_RXCSUM))
		ST_EQ(probe.marked, probe.rsts);
	ST_ASSERT(pools_back);
}
