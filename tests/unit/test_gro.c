/*
 * test_gro.c - net/core/gro.c with IPv4's and TCP's parts: which segments
 * merge and what makes a run go up (every flush rule: flags, options,
 * window, ACK, sequence, size, IP fields and IDs, checksums, flows, the
 * 64 KiB and MAX_GRO_SKBS limits), frags against frag_list, GRO switched
 * off, the aggregate that comes out (headers, GSO fields, bytes), and
 * one forwarded: cut again for the next hop, or refused with DF.
 */
/* links: net */
#include <net/gro.h>
#include <net/gso.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/checksum.h>
#include <net/etherdevice.h>
#include <net/inetdevice.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/snmp.h>
#include <string.h>

#include "unit.h"
#include "nettest/nettest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)
#define MAXSEEN	64

/* What netif_receive_skb handed up, seen by a tap on the device. */
struct seen {
	u32 len;		/* IP datagram */
	u32 seq;
	u16 tot_len, gso_size, gso_segs;
	u8 flags, ip_summed, nr_frags;
	bool frag_list, ip_csum_ok, gso_tcpv4;
	bool bytes_ok;		/* every payload octet is pattern(seq + i) */
};

static struct seen seen[MAXSEEN];
static unsigned int nseen;
static struct net_device *tap_dev;

static u8 pattern(u32 off)
{
	return (u8)(off * 7 + 3);
}

struct pattern_walk {
	u32 seq;
	bool ok;
};

static int pattern_check(void *p, unsigned int n, unsigned int pos, void *arg)
{
	struct pattern_walk *w = arg;

	for (unsigned int i = 0; i < n; i++)
		w->ok &= ((u8 *)p)[i] == pattern(w->seq + pos + i);
	return 0;
}

static int tap_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt)
{
	struct seen *w = &seen[nseen < MAXSEEN ? nseen : MAXSEEN - 1];
	struct pattern_walk pw = { .ok = true };
	struct iphdr iph;
	struct tcphdr th;
	unsigned int hlen;

	if (skb->pkt_type == PACKET_OUTGOING) {
		consume_skb(skb);	/* TCP's RSTs: there is no socket */
		return NET_RX_SUCCESS;
	}
	memset(w, 0, sizeof(*w));
	w->len = skb->len;
	w->gso_size = skb_shinfo(skb)->gso_size;
	w->gso_segs = skb_shinfo(skb)->gso_segs;
	w->gso_tcpv4 = skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4;
	w->ip_summed = skb->ip_summed;
	w->nr_frags = skb_shinfo(skb)->nr_frags;
	w->frag_list = skb_has_frag_list(skb);
	if (!skb_copy_bits(skb, 0, &iph, sizeof(iph)) && iph.protocol == IPPROTO_TCP &&
	    !skb_copy_bits(skb, (int)ip_hdrlen_of(&iph), &th, sizeof(th))) {
		hlen = ip_hdrlen_of(&iph) + tcp_doff(&th) * 4;
		w->tot_len = ntohs(iph.tot_len);
		w->ip_csum_ok = ip_ihl(&iph) == 5 && !ip_fast_csum(&iph, 5);
		w->seq = ntohl(th.seq);
		w->flags = th.flags;
		pw.seq = w->seq;
		skb_walk_bytes(skb, (int)hlen, w->tot_len - hlen, pattern_check, &pw);
		w->bytes_ok = pw.ok;
	}
	nseen++;
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type tap = {
	.type = __constant_htons(ETH_P_ALL),
	.func = tap_rcv,
};

/* One TCP segment from the peer; every field a test varies. */
struct tseg {
	u16 sport, id, win, frag_off;
	u32 seq, ack, len, tsval;
	__be32 daddr;
	u8 flags, tos, ttl;
	bool ts;		/* a timestamp option, value tsval */
	bool bad_csum;
};

static struct tseg seg(u32 seq, u32 len)
{
	struct tseg t = { .sport = 40000, .seq = seq, .ack = 1, .len = len,
			  .flags = TCPHDR_ACK, .ttl = 64, .win = 1000,
			  .frag_off = IP_DF, .id = (u16)(seq / 1000), .daddr = US };
	return t;
}

/* The frame for t into buf; its length. */
static size_t build(u8 *buf, const struct tseg *t)
{
	static u8 l4[2000];
	struct tcphdr *th = (struct tcphdr *)l4;
	unsigned int hlen = TCP_HLEN_MIN + (t->ts ? 12 : 0);
	struct iphdr *iph = (struct iphdr *)(buf + ETH_HLEN);
	size_t n;

	memset(l4, 0, hlen);
	th->source = htons(t->sport);
	th->dest = htons(8080);
	th->seq = htonl(t->seq);
	th->ack_seq = htonl(t->ack);
	th->flags = t->flags;
	th->window = htons(t->win);
	tcp_set_doff(th, hlen / 4);
	if (t->ts) {
		u8 *o = l4 + TCP_HLEN_MIN;

		o[0] = TCPOPT_NOP;
		o[1] = TCPOPT_NOP;
		o[2] = TCPOPT_TIMESTAMP;
		o[3] = 10;
		tcp_put_be32(t->tsval, o + 4);
		tcp_put_be32(1, o + 8);
	}
	for (u32 i = 0; i < t->len; i++)
		l4[hlen + i] = pattern(t->seq + i);
	th->check = csum_tcpudp_magic(PEER, t->daddr, hlen + t->len, IPPROTO_TCP,
				      csum_partial(l4, hlen + t->len, 0));
	if (t->bad_csum)
		th->check ^= 0x1234;
	n = nt_ip_frame(buf, nt_mac_us, nt_mac_peer, PEER, t->daddr, IPPROTO_TCP, t->id,
			t->frag_off, t->ttl, l4, hlen + t->len);
	iph->tos = t->tos;
	ip_send_check(iph);
	return n;
}

static struct sk_buff *frame_skb(const u8 *buf, size_t n)
{
	struct sk_buff *skb = netdev_alloc_skb(tap_dev, (unsigned int)n);

	if (skb)
		skb_put_data(skb, buf, (unsigned int)n);
	return skb;
}

static void queue(const struct tseg *t)
{
	u8 buf[2100];

	nettest_napi_queue(tap_dev, buf, build(buf, t));
}

/* n segments of len octets from seq on, otherwise alike. */
static void queue_run(u32 seq, unsigned int n, u32 len)
{
	for (unsigned int i = 0; i < n; i++) {
		struct tseg t = seg(seq + i * len, len);

		queue(&t);
	}
}

/* The same segment as a short head (the headers) and its payload in a page frag. */
static void queue_paged(const struct tseg *t)
{
	unsigned int hdr = ETH_HLEN + 20 + TCP_HLEN_MIN + (t->ts ? 12 : 0);
	struct sk_buff *skb = netdev_alloc_skb(tap_dev, hdr);
	struct page *pg = dev_alloc_page();
	u8 buf[2100];
	size_t n = build(buf, t);

	if (!EXPECT(skb && pg)) {
		kfree_skb(skb);
		if (pg)
			put_page(pg);
		return;
	}
	skb_put_data(skb, buf, hdr);
	memcpy(page_address(pg), buf + hdr, n - hdr);
	skb_add_rx_frag(skb, 0, pg, 0, (int)(n - hdr), PAGE_SIZE);
	nettest_napi_queue_skb(tap_dev, skb);
}

static void poll(void)
{
	nseen = 0;
	nettest_napi_poll(tap_dev);
}

static struct nettest_baseline base;

static bool gro_begin(void)
{
	nettest_begin(&base);
	tap_dev = fake_eth_create(nt_mac_us);
	if (inet_addr_add(tap_dev, US, 24) ||
	    neigh_add_permanent(tap_dev, PEER, nt_mac_peer))
		return false;
	tap.dev = tap_dev;
	dev_add_pack(&tap);
	shim_run_softirqs();
	fake_eth_purge(tap_dev);
	return true;
}

static void gro_end(void)
{
	dev_remove_pack(&tap);
	fake_eth_destroy(tap_dev);	/* the RSTs TCP sent, no socket being there */
	nettest_end(&base);
}

/* seen[i] is a run of segs segments of mss octets starting at seq, its bytes intact. */
static bool is_run(unsigned int i, u32 seq, u16 segs, u16 mss)
{
	const struct seen *w = &seen[i];

	if (!EXPECT_MSG(i < nseen, "only %u skbs went up", nseen))
		return false;
	if (!EXPECT_EQ_UINT(w->seq, seq) || !EXPECT(w->bytes_ok))
		return false;
	if (segs == 1)
		return EXPECT_EQ_UINT(w->gso_size, 0);
	return EXPECT_EQ_UINT(w->gso_segs, segs) && EXPECT_EQ_UINT(w->gso_size, mss) &&
	       EXPECT(w->gso_tcpv4) && EXPECT_EQ_UINT(w->tot_len, w->len) &&
	       EXPECT(w->ip_csum_ok) && EXPECT_EQ_UINT(w->ip_summed, CHECKSUM_UNNECESSARY);
}

UNIT_TEST(gro_merges_a_run_into_one_skb)
{
	struct gro_stats g0, g1;

	ASSERT(gro_begin());
	gro_get_stats(&g0);
	queue_run(1000, 10, 1000);
	poll();
	gro_get_stats(&g1);
	EXPECT_EQ_UINT(nseen, 1);
	EXPECT(is_run(0, 1000, 10, 1000));
	EXPECT_EQ_UINT(seen[0].len, 20 + 20 + 10000);
	EXPECT(seen[0].frag_list && !seen[0].nr_frags);	/* linear skbs are chained */
	EXPECT_EQ_UINT(g1.receives - g0.receives, 10);
	EXPECT_EQ_UINT(g1.held - g0.held, 1);
	EXPECT_EQ_UINT(g1.merged - g0.merged, 9);
	EXPECT_EQ_UINT(g1.flushed - g0.flushed, 1);
	EXPECT_EQ_UINT(g1.aggregates - g0.aggregates, 1);
	/* The device counted every frame. */
	EXPECT_EQ_UINT(tap_dev->stats.rx_packets, 10);
	gro_end();
}

/* Segments 0..9 of 1000 octets from seq 1000, segment k (from_k: k on) changed by fn. */
static void queue_changed(unsigned int k, bool from_k, void (*fn)(struct tseg *t))
{
	for (unsigned int i = 0; i < 10; i++) {
		struct tseg t = seg(1000 + i * 1000, 1000);

		if (i == k || (from_k && i > k))
			fn(&t);
		queue(&t);
	}
}

static void queue_with(unsigned int k, void (*fn)(struct tseg *t))
{
	queue_changed(k, false, fn);
}

static void queue_from(unsigned int k, void (*fn)(struct tseg *t))
{
	queue_changed(k, true, fn);
}

static void set_psh(struct tseg *t) { t->flags |= TCPHDR_PSH; }
static void set_fin(struct tseg *t) { t->flags |= TCPHDR_FIN; }
static void set_rst(struct tseg *t) { t->flags |= TCPHDR_RST; }
static void set_syn(struct tseg *t) { t->flags |= TCPHDR_SYN; }
static void set_urg(struct tseg *t) { t->flags |= TCPHDR_URG; }
static void set_cwr(struct tseg *t) { t->flags |= TCPHDR_CWR; }
static void set_ece(struct tseg *t) { t->flags |= TCPHDR_ECE; }

UNIT_TEST(gro_flags_end_or_break_a_run)
{
	ASSERT(gro_begin());
	/* PSH and FIN join the run and end it. */
	queue_with(4, set_psh);
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(is_run(0, 1000, 5, 1000) && EXPECT(seen[0].flags & TCPHDR_PSH));
	EXPECT(is_run(1, 6000, 5, 1000));
	queue_with(4, set_fin);
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(is_run(0, 1000, 5, 1000) && EXPECT(seen[0].flags & TCPHDR_FIN));
	/* RST, SYN and URG break it and go up alone. */
	queue_with(4, set_rst);
	poll();
	EXPECT_EQ_UINT(nseen, 3);
	EXPECT(is_run(0, 1000, 4, 1000) && is_run(1, 5000, 1, 0) && is_run(2, 6000, 5, 1000));
	queue_with(4, set_syn);
	poll();
	EXPECT(nseen == 3 && is_run(1, 5000, 1, 0));
	queue_with(4, set_urg);
	poll();
	EXPECT(nseen == 3 && is_run(1, 5000, 1, 0));
	/* CWR starts a new run (RFC 3168 6.1.2: it belongs to the first segment). */
	queue_with(4, set_cwr);
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(is_run(0, 1000, 4, 1000) && is_run(1, 5000, 6, 1000));
	EXPECT(seen[1].flags & TCPHDR_CWR);
	/* Any other flag that differs breaks the run. */
	queue_with(4, set_ece);
	poll();
	EXPECT(nseen == 3 && is_run(0, 1000, 4, 1000) && is_run(1, 5000, 1, 0));
	gro_end();
}

static void set_win(struct tseg *t) { t->win = 2000; }
static void set_ack(struct tseg *t) { t->ack = 2; }

UNIT_TEST(gro_header_changes_break_a_run)
{
	ASSERT(gro_begin());
	queue_from(4, set_win);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 4, 1000) && is_run(1, 5000, 6, 1000));
	queue_from(4, set_ack);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 4, 1000) && is_run(1, 5000, 6, 1000));
	/* Options must match byte for byte: a new timestamp value too (as Linux). */
	for (unsigned int i = 0; i < 10; i++) {
		struct tseg t = seg(1000 + i * 1000, 1000);

		t.ts = true;
		t.tsval = i < 4 ? 100 : 101;
		queue(&t);
	}
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(is_run(0, 1000, 4, 1000) && is_run(1, 5000, 6, 1000));
	/* An option where the run had none. */
	for (unsigned int i = 0; i < 4; i++) {
		struct tseg t = seg(1000 + i * 1000, 1000);

		t.ts = i == 2;
		queue(&t);
	}
	poll();
	EXPECT(nseen == 3 && is_run(0, 1000, 2, 1000) && is_run(1, 3000, 1, 0) &&
	       is_run(2, 4000, 1, 0));
	gro_end();
}

UNIT_TEST(gro_size_and_order_end_a_run)
{
	struct tseg t;

	ASSERT(gro_begin());
	/* A shorter segment is the run's last: merged, and up at once. */
	queue_run(1000, 4, 1000);
	t = seg(5000, 500);
	queue(&t);
	queue_run(5500, 3, 1000);
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(is_run(0, 1000, 5, 1000) && is_run(1, 5500, 3, 1000));
	EXPECT_EQ_UINT(seen[0].len, 40 + 4500);
	/* A longer one cannot be cut to the run's size: a new run. */
	queue_run(1000, 3, 1000);
	queue_run(4000, 3, 1200);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 3, 1000) && is_run(1, 4000, 3, 1200));
	/* Out of order: 1 2 3 5 4 gives the run, then 5 and 4 alone. */
	queue_run(1000, 3, 1000);
	t = seg(5000, 1000);
	queue(&t);
	t = seg(4000, 1000);
	queue(&t);
	poll();
	EXPECT(nseen == 3 && is_run(0, 1000, 3, 1000) && is_run(1, 5000, 1, 0) &&
	       is_run(2, 4000, 1, 0));
	/* A retransmission of the run's first segment. */
	queue_run(1000, 3, 1000);
	queue_run(1000, 1, 1000);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 3, 1000) && is_run(1, 1000, 1, 0));
	/* A pure ACK is never held; it ends its connection's run. */
	queue_run(1000, 3, 1000);
	t = seg(4000, 0);
	queue(&t);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 3, 1000) && is_run(1, 4000, 1, 0));
	gro_end();
}

UNIT_TEST(gro_aggregate_stays_below_64k)
{
	ASSERT(gro_begin());
	queue_run(1000, 50, 1448);
	poll();
	/* 20 + 20 + 45 x 1448 = 65200; one more would pass 65535. */
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(is_run(0, 1000, 45, 1448) && is_run(1, 1000 + 45 * 1448, 5, 1448));
	EXPECT_EQ_UINT(seen[0].len, 40 + 45 * 1448);
	gro_end();
}

static void clear_df(struct tseg *t) { t->frag_off = 0; }
static void set_ttl(struct tseg *t) { t->ttl = 63; }
static void set_tos(struct tseg *t) { t->tos = 0x10; }

/* Frames as IP sees them: options, fragments, padding. */
static void queue_ip_variant(const struct tseg *t, int kind)
{
	u8 buf[2100], out[2200];
	size_t n = build(buf, t);
	struct iphdr *iph = (struct iphdr *)(out + ETH_HLEN);

	memcpy(out, buf, n);
	if (kind == 0) {
		/* A no-op option: the header grows to 24 octets. */
		memcpy(out + ETH_HLEN + 24, buf + ETH_HLEN + 20, n - ETH_HLEN - 20);
		memcpy(out + ETH_HLEN + 20, "\x01\x01\x01\x00", 4);
		ip_set_version_ihl(iph, 6);
		iph->tot_len = htons((u16)(n - ETH_HLEN + 4));
		n += 4;
	} else if (kind == 1) {
		iph->frag_off = htons(IP_MF);
	} else {
		memset(out + n, 0, 6);	/* link padding after the datagram */
		n += 6;
	}
	ip_send_check(iph);
	nettest_napi_queue(tap_dev, out, n);
}

UNIT_TEST(gro_ip_fields_must_match)
{
	struct tseg t;

	ASSERT(gro_begin());
	queue_from(4, set_ttl);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 4, 1000) && is_run(1, 5000, 6, 1000));
	queue_from(4, set_tos);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 4, 1000) && is_run(1, 5000, 6, 1000));
	queue_from(4, clear_df);	/* the IDs count up from there on */
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 4, 1000) && is_run(1, 5000, 6, 1000));
	/* Without DF the IDs must count up by one (RFC 6864 4.1)... */
	for (unsigned int i = 0; i < 6; i++) {
		t = seg(1000 + i * 1000, 1000);
		t.frag_off = 0;
		t.id = (u16)(0xfffe + i);	/* wrapping */
		queue(&t);
	}
	poll();
	EXPECT(nseen == 1 && is_run(0, 1000, 6, 1000));
	/* ... while with DF they mean nothing (RFC 6864 4.1: atomic datagrams). */
	for (unsigned int i = 0; i < 6; i++) {
		t = seg(1000 + i * 1000, 1000);
		t.id = (u16)(i * 77);
		queue(&t);
	}
	poll();
	EXPECT(nseen == 1 && is_run(0, 1000, 6, 1000));
	for (unsigned int i = 0; i < 6; i++) {
		t = seg(1000 + i * 1000, 1000);
		t.frag_off = 0;
		t.id = (u16)(i < 3 ? i : i + 5);
		queue(&t);
	}
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 3, 1000) && is_run(1, 4000, 3, 1000));
	/* IP options and fragments are never merged; padding goes up for IP to trim. */
	queue_run(1000, 3, 1000);
	t = seg(4000, 1000);
	queue_ip_variant(&t, 0);
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(seen[0].gso_size == 0 && seen[0].seq == 4000 && is_run(1, 1000, 3, 1000));
	t = seg(1000, 1000);
	queue_ip_variant(&t, 1);
	t = seg(2000, 1000);
	queue_ip_variant(&t, 1);
	poll();
	EXPECT(nseen == 2 && !seen[0].gso_size && !seen[1].gso_size);
	shim_advance_ms(60000);	/* IP gives up on the fragments */
	queue_run(1000, 3, 1000);
	t = seg(4000, 10);
	queue_ip_variant(&t, 2);
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 3, 1000) && is_run(1, 4000, 1, 0));
	gro_end();
}

/* A segment whose skb says what the device found of its checksum. */
static void queue_summed(const struct tseg *t, u8 ip_summed, bool right_sum)
{
	u8 buf[2100];
	size_t n = build(buf, t);
	struct sk_buff *skb = frame_skb(buf, n);

	if (!EXPECT(skb))
		return;
	skb->ip_summed = ip_summed;
	/* CHECKSUM_COMPLETE: the device's sum of the whole IP datagram. */
	skb->csum = csum_partial(buf + ETH_HLEN, (unsigned int)(n - ETH_HLEN),
				 right_sum ? 0 : 1);
	nettest_napi_queue_skb(tap_dev, skb);
}

UNIT_TEST(gro_checksums_verified_or_vouched)
{
	u64 csum0 = tcp_mib[TCP_MIB_INCSUMERRORS];
	struct tseg t;

	ASSERT(gro_begin());
	/*
	 * Not vouched for: summed here. A bad one goes up alone (TCP drops
	 * it) and the run goes on with its retransmission, as in Linux.
	 */
	queue_run(1000, 4, 1000);
	t = seg(5000, 1000);
	t.bad_csum = true;
	queue(&t);
	queue_run(5000, 3, 1000);
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(seen[0].seq == 5000 && seen[0].gso_size == 0 &&
	       seen[0].ip_summed == CHECKSUM_NONE);
	EXPECT(is_run(1, 1000, 7, 1000));
	EXPECT_EQ_UINT(tcp_mib[TCP_MIB_INCSUMERRORS], csum0 + 1);
	/* Vouched for by the device: believed, as TCP would believe it. */
	for (unsigned int i = 0; i < 4; i++) {
		t = seg(1000 + i * 1000, 1000);
		t.bad_csum = i == 2;
		queue_summed(&t, CHECKSUM_UNNECESSARY, true);
	}
	poll();
	EXPECT(nseen == 1 && is_run(0, 1000, 4, 1000));
	/* The device's sum of the packet, right, or wrong and then summed here. */
	for (unsigned int i = 0; i < 4; i++) {
		t = seg(1000 + i * 1000, 1000);
		queue_summed(&t, CHECKSUM_COMPLETE, i != 1);
	}
	poll();
	EXPECT(nseen == 1 && is_run(0, 1000, 4, 1000));
	gro_end();
}

UNIT_TEST(gro_flows_interleaved_and_the_flow_limit)
{
	struct tseg t;

	ASSERT(gro_begin());
	/* Two connections, their segments alternating: a run each. */
	for (unsigned int i = 0; i < 10; i++) {
		t = seg(1000 + (i / 2) * 1000, 1000);
		t.sport = (u16)(40000 + i % 2);
		queue(&t);
	}
	poll();
	EXPECT(nseen == 2 && is_run(0, 1000, 5, 1000) && is_run(1, 1000, 5, 1000));
	/* MAX_GRO_SKBS connections merge side by side... */
	for (unsigned int i = 0; i < 2 * MAX_GRO_SKBS; i++) {
		t = seg(1000 + (i / MAX_GRO_SKBS) * 1000, 1000);
		t.sport = (u16)(40000 + i % MAX_GRO_SKBS);
		queue(&t);
	}
	poll();
	EXPECT_EQ_UINT(nseen, MAX_GRO_SKBS);
	for (unsigned int i = 0; i < nseen; i++)
		if (!is_run(i, 1000, 2, 1000))
			break;
	/* ... one more, and the oldest held goes up to make room each time. */
	for (unsigned int i = 0; i < 2 * (MAX_GRO_SKBS + 1); i++) {
		t = seg(1000 + (i / (MAX_GRO_SKBS + 1)) * 1000, 1000);
		t.sport = (u16)(40000 + i % (MAX_GRO_SKBS + 1));
		queue(&t);
	}
	poll();
	EXPECT_EQ_UINT(nseen, 2 * (MAX_GRO_SKBS + 1));
	for (unsigned int i = 0; i < nseen; i++)
		if (!EXPECT_EQ_UINT(seen[i].gso_size, 0))
			break;
	gro_end();
}

UNIT_TEST(gro_frags_moved_then_chained)
{
	struct tseg t;

	ASSERT(gro_begin());
	/* Paged segments: their frags move to the head; past 17, onto the frag_list. */
	for (unsigned int i = 0; i < 20; i++) {
		t = seg(1000 + i * 1000, 1000);
		queue_paged(&t);
	}
	poll();
	EXPECT(nseen == 1 && is_run(0, 1000, 20, 1000));
	EXPECT_EQ_UINT(seen[0].nr_frags, MAX_SKB_FRAGS);
	EXPECT(seen[0].frag_list);
	/* Paged and linear mixed. */
	for (unsigned int i = 0; i < 6; i++) {
		t = seg(1000 + i * 1000, 1000);
		if (i % 2)
			queue_paged(&t);
		else
			queue(&t);
	}
	poll();
	EXPECT(nseen == 1 && is_run(0, 1000, 6, 1000));
	gro_end();
}

UNIT_TEST(gro_off_and_other_protocols_pass_through)
{
	struct gro_stats g0, g1;
	u8 buf[256], udp[64] = { 0 };
	size_t n;

	ASSERT(gro_begin());
	tap_dev->features &= ~NETIF_F_GRO;
	gro_get_stats(&g0);
	queue_run(1000, 10, 1000);
	poll();
	gro_get_stats(&g1);
	EXPECT_EQ_UINT(nseen, 10);
	EXPECT_EQ_UINT(g1.normal - g0.normal, 10);
	EXPECT_EQ_UINT(g1.held - g0.held, 0);
	for (unsigned int i = 0; i < nseen; i++)
		if (!is_run(i, 1000 + i * 1000, 1, 0))
			break;
	tap_dev->features |= NETIF_F_GRO;
	/* UDP has no GRO here: each datagram goes up as it came. */
	udp[0] = 0x30;
	udp[2] = 0x30;
	udp[5] = 8 + 20;
	for (unsigned int i = 0; i < 3; i++) {
		n = nt_ip_frame(buf, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_UDP,
				(u16)i, IP_DF, 64, udp, 28);
		nettest_napi_queue(tap_dev, buf, n);
	}
	gro_get_stats(&g0);
	poll();
	gro_get_stats(&g1);
	EXPECT_EQ_UINT(nseen, 3);
	EXPECT_EQ_UINT(g1.normal - g0.normal, 3);
	gro_end();
}

UNIT_TEST(gro_flushed_when_the_poll_spends_its_budget)
{
	ASSERT(gro_begin());
	/* 100 segments: the first poll takes NAPI_POLL_WEIGHT, its run goes up with it. */
	queue_run(1000, 100, 500);
	poll();
	EXPECT_EQ_UINT(nseen, 2);
	EXPECT(is_run(0, 1000, NAPI_POLL_WEIGHT, 500) &&
	       is_run(1, 1000 + NAPI_POLL_WEIGHT * 500, 100 - NAPI_POLL_WEIGHT, 500));
	gro_end();
}

/* A forwarded frame's TCP checksum and payload, as the next hop would check them. */
static bool forwarded_ok(struct sk_buff *skb, u32 seq, u32 len)
{
	u8 buf[2100];
	const struct iphdr *iph = (const struct iphdr *)(buf + ETH_HLEN);
	const struct tcphdr *th = (const struct tcphdr *)(buf + ETH_HLEN + 20);
	bool ok;

	if (!EXPECT(skb && skb->len == ETH_HLEN + 40 + len) ||
	    !EXPECT(!skb_copy_bits(skb, 0, buf, skb->len))) {
		kfree_skb(skb);
		return false;
	}
	ok = EXPECT_EQ_UINT(iph->ttl, 63) && EXPECT(!ip_fast_csum(iph, 5)) &&
	     EXPECT_EQ_UINT(ntohs(iph->tot_len), 40 + len) &&
	     EXPECT_EQ_UINT(ntohl(th->seq), seq) &&
	     EXPECT(!csum_tcpudp_magic(iph->saddr, iph->daddr, 20 + len, IPPROTO_TCP,
				       csum_partial(th, 20 + len, 0)));
	for (u32 i = 0; ok && i < len; i++)
		ok = EXPECT_EQ_UINT(buf[ETH_HLEN + 40 + i], pattern(seq + i));
	consume_skb(skb);
	return ok;
}

UNIT_TEST(gro_aggregate_forwarded_is_cut_again)
{
	static const u8 e1_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x55 };
	u64 unreach0 = icmp_mib[ICMP_MIB_OUTDESTUNREACHS];
	struct net_device *e1;
	struct fib_route r = { .dst = NT_IP(10, 9, 0, 0), .prefixlen = 16,
			       .gateway = NT_IP(192, 168, 1, 1),
			       .protocol = RTPROT_STATIC };
	struct sk_buff *skb;
	struct tseg t;

	ASSERT(gro_begin());
	e1 = fake_eth_create(e1_mac);
	ASSERT(!inet_addr_add(e1, NT_IP(192, 168, 1, 2), 24));
	ASSERT(!ip_route_add(&r));
	ASSERT(!neigh_add_permanent(e1, NT_IP(192, 168, 1, 1), nt_mac_peer));
	ipv4_forward = true;
	shim_run_softirqs();
	fake_eth_purge(e1);
	/* One aggregate in, the segments it was made of out (e1 cannot segment). */
	for (unsigned int i = 0; i < 5; i++) {
		t = seg(1000 + i * 1200, 1200);
		t.daddr = NT_IP(10, 9, 1, 1);
		queue(&t);
	}
	poll();
	EXPECT(nseen == 1 && is_run(0, 1000, 5, 1200));
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 5);
	for (unsigned int i = 0; i < 5; i++)
		if (!forwarded_ok(fake_eth_pop(e1), 1000 + i * 1200, 1200))
			break;
	/* Its segments do not fit e1's smaller MTU and DF is set: RFC 1191's ICMP. */
	e1->mtu = 1000;
	rt_cache_flush();
	for (unsigned int i = 0; i < 5; i++) {
		t = seg(1000 + i * 1200, 1200);
		t.daddr = NT_IP(10, 9, 1, 1);
		queue(&t);
	}
	poll();
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 0);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_OUTDESTUNREACHS], unreach0 + 1);
	skb = fake_eth_pop(tap_dev);	/* the ICMP, back to the sender */
	EXPECT(skb && nt_iph(skb)->protocol == IPPROTO_ICMP);
	kfree_skb(skb);
	ipv4_forward = false;
	fake_eth_destroy(e1);
	gro_end();
}
