/* test_ip.c - net/ipv4/ip_input.c, ip_output.c, ip_fragment.c, ip_forward.c, ip_options.c. */
/* links: net */
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)
#define TESTPROTO 253

unsigned int unit_rand(void);

static struct sk_buff_head delivered;

static int test_handler(struct sk_buff *skb)
{
	skb_queue_tail(&delivered, skb);
	return 0;
}

static const struct net_protocol test_protocol = { .handler = test_handler };

static struct net_device *setup(void)
{
	static bool registered;
	struct net_device *dev = fake_eth_create(nt_mac_us);

	if (!registered) {
		skb_queue_head_init(&delivered);
		inet_add_protocol(&test_protocol, TESTPROTO);
		registered = true;
	}
	if (inet_addr_add(dev, US, 24) ||
	    neigh_add_permanent(dev, PEER, nt_mac_peer))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(dev);
	return dev;
}

#define S(f) ip_mib[IPSTATS_MIB_##f]

static u8 frame[70000];

UNIT_TEST(ip_rcv_delivers_valid_datagram)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff *skb;
	size_t n;
	u64 rx0 = S(INRECEIVES), del0 = S(INDELIVERS);

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, TESTPROTO, 1, 0,
			64, "hello", 5);
	memset(frame + n, 0, 20);	/* link padding is trimmed off */
	nettest_inject(dev, frame, 60);
	skb = skb_dequeue(&delivered);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->len, 5);
	EXPECT_EQ_MEM(skb->data, "hello", 5);
	EXPECT(ip_hdr(skb)->saddr == PEER);
	EXPECT_EQ_UINT(skb_rtable(skb)->rt_type, RTN_LOCAL);
	consume_skb(skb);
	EXPECT_EQ_UINT(S(INRECEIVES), rx0 + 1);
	EXPECT_EQ_UINT(S(INDELIVERS), del0 + 1);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* Inject frame[0..len) after applying a corruption; expect no delivery. */
static void inject_bad(struct net_device *dev, size_t len)
{
	nettest_inject(dev, frame, len);
	EXPECT(skb_queue_empty(&delivered));
}

static struct iphdr *fiph(void)
{
	return (struct iphdr *)(frame + ETH_HLEN);
}

static size_t good(void)
{
	return nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, TESTPROTO, 7,
			   0, 64, "0123456789abcdef", 16);
}

UNIT_TEST(ip_rcv_drops_are_counted_by_cause)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u64 hdr0 = S(INHDRERRORS), ver0 = S(INVERSIONERRORS), ihl0 = S(INIHLERRORS);
	u64 cs0 = S(INCSUMERRORS), len0 = S(INLENERRORS), tr0 = S(INTRUNCATEDPKTS);
	u64 oh0 = S(INOTHERHOST), ae0 = S(INADDRERRORS);
	size_t n;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	n = good();
	fiph()->version_ihl = 0x65;		/* version 6 */
	ip_send_check(fiph());
	inject_bad(dev, n);
	EXPECT_EQ_UINT(S(INVERSIONERRORS), ver0 + 1);

	n = good();
	fiph()->version_ihl = 0x44;		/* IHL 4 */
	inject_bad(dev, n);
	n = good();
	fiph()->version_ihl = 0x4f;		/* IHL 15: 60 octets, only 36 here */
	inject_bad(dev, n);
	EXPECT_EQ_UINT(S(INIHLERRORS), ihl0 + 2);

	n = good();
	fiph()->check ^= 0x0100;
	inject_bad(dev, n);
	EXPECT_EQ_UINT(S(INCSUMERRORS), cs0 + 1);

	n = good();
	fiph()->tot_len = htons(19);		/* shorter than the header */
	ip_send_check(fiph());
	inject_bad(dev, n);
	EXPECT_EQ_UINT(S(INLENERRORS), len0 + 1);
	EXPECT_EQ_UINT(S(INHDRERRORS), hdr0 + 5);

	n = good();
	fiph()->tot_len = htons(37);		/* one more than arrived */
	ip_send_check(fiph());
	inject_bad(dev, n);
	inject_bad(dev, ETH_HLEN + 19);		/* not even a header */
	EXPECT_EQ_UINT(S(INTRUNCATEDPKTS), tr0 + 2);

	n = good();
	memcpy(frame, nt_mac_peer, 6);		/* for another station */
	inject_bad(dev, n);
	EXPECT_EQ_UINT(S(INOTHERHOST), oh0 + 1);

	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, NT_IP(224, 0, 0, 5), US,
			TESTPROTO, 1, 0, 64, "x", 1);	/* martian source */
	inject_bad(dev, n);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, NT_IP(10, 0, 0, 3),
			TESTPROTO, 1, 0, 64, "x", 1);	/* not ours, not forwarding */
	inject_bad(dev, n);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, NT_IP(127, 0, 0, 1),
			TESTPROTO, 1, 0, 64, "x", 1);	/* loopback from the wire */
	inject_bad(dev, n);
	EXPECT_EQ_UINT(S(INADDRERRORS), ae0 + 3);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* A frame with options opt (padded to 4) and the given payload. */
static size_t frame_with_options(const u8 *opt, size_t optlen)
{
	size_t olen = ALIGN(optlen, 4), n;
	struct iphdr *iph = fiph();

	n = good();
	memmove(frame + ETH_HLEN + 20 + olen, frame + ETH_HLEN + 20, 16);
	memset(frame + ETH_HLEN + 20, IPOPT_END, olen);
	memcpy(frame + ETH_HLEN + 20, opt, optlen);
	ip_set_version_ihl(iph, 5 + (unsigned int)olen / 4);
	iph->tot_len = htons((u16)(20 + olen + 16));
	ip_send_check(iph);
	return n + olen;
}

UNIT_TEST(ip_options_validated_never_past_ihl)
{
	static const u8 rr_ok[] = { IPOPT_NOOP, IPOPT_RR, 7, 4, 0, 0, 0, 0 };
	static const u8 bad_len[] = { IPOPT_RR, 40 };		/* runs past IHL */
	static const u8 bad_ptr[] = { IPOPT_RR, 7, 2, 0, 0, 0, 0 };
	static const u8 no_len[] = { IPOPT_NOOP, IPOPT_NOOP, IPOPT_NOOP, IPOPT_RR };
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff *skb;
	u64 oe0 = S(INOPTIONERRORS), pp0 = icmpmsg_out[ICMP_PARAMETERPROB];
	size_t n;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	n = frame_with_options(rr_ok, sizeof(rr_ok));
	nettest_inject(dev, frame, n);
	skb = skb_dequeue(&delivered);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, "0123456789abcdef", 16);
	consume_skb(skb);
	n = frame_with_options(bad_len, sizeof(bad_len));
	inject_bad(dev, n);
	n = frame_with_options(bad_ptr, sizeof(bad_ptr));
	inject_bad(dev, n);
	n = frame_with_options(no_len, sizeof(no_len));
	inject_bad(dev, n);
	EXPECT_EQ_UINT(S(INOPTIONERRORS), oe0 + 3);
	/* RFC 1122 3.2.1.8 / RFC 792: a parameter problem pointing at the octet. */
	EXPECT_EQ_UINT(icmpmsg_out[ICMP_PARAMETERPROB], pp0 + 3);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 20], ICMP_PARAMETERPROB);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 20 + 4], 21);	/* the length octet */
	consume_skb(skb);
	fake_eth_purge(dev);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(ip_unknown_protocol_gets_icmp)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff *skb;
	const u8 *icmp;
	u64 up0 = S(INUNKNOWNPROTOS);
	size_t n;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, 252, 9, 0, 64,
			"abcdefgh", 8);
	nettest_inject(dev, frame, n);
	EXPECT_EQ_UINT(S(INUNKNOWNPROTOS), up0 + 1);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, nt_mac_peer, 6);
	EXPECT(nt_iph(skb)->daddr == PEER && nt_iph(skb)->saddr == US);
	EXPECT_EQ_UINT(nt_iph(skb)->protocol, IPPROTO_ICMP);
	icmp = skb->data + ETH_HLEN + 20;
	EXPECT_EQ_UINT(icmp[0], ICMP_DEST_UNREACH);
	EXPECT_EQ_UINT(icmp[1], ICMP_PROT_UNREACH);
	/* It quotes the whole original datagram (28 octets here). */
	EXPECT_EQ_UINT(skb->len, ETH_HLEN + 20 + 8 + 28);
	EXPECT_EQ_MEM(icmp + 8, frame + ETH_HLEN, 28);
	EXPECT_EQ_UINT(ip_compute_csum(icmp, 8 + 28), 0);
	consume_skb(skb);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

static int send_ip(__be32 daddr, unsigned int len, bool df)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + len);
	unsigned int i;
	u8 *p;
	int err;

	skb_reserve(skb, MAX_HEADER);
	p = skb_put(skb, len);
	for (i = 0; i < len; i++)
		p[i] = (u8)(i * 13);
	local_bh_disable();
	err = ip_send_l4(skb, 0, daddr, TESTPROTO, 0, 64, df);
	local_bh_enable();
	return err;
}

UNIT_TEST(ip_fragment_output_sizes_offsets_mf)
{
	static const unsigned int sizes[] = { 1480, 1480, 1040 };
	struct nettest_baseline b;
	struct net_device *dev;
	u64 fok0 = S(FRAGOKS), fc0 = S(FRAGCREATES), ff0 = S(FRAGFAILS);
	u16 id = 0;
	int i;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	EXPECT_EQ_INT(send_ip(PEER, 4000, false), 0);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 3);
	for (i = 0; i < 3; i++) {
		struct sk_buff *skb = fake_eth_pop(dev);
		const struct iphdr *iph;
		u16 fo;

		ASSERT(skb);
		iph = nt_iph(skb);
		fo = ntohs(iph->frag_off);
		EXPECT_EQ_UINT(ntohs(iph->tot_len), 20 + sizes[i]);
		EXPECT_EQ_UINT(skb->len, ETH_HLEN + 20 + sizes[i]);
		EXPECT_EQ_UINT((fo & IP_OFFSET) * 8, i * 1480);
		EXPECT_EQ_UINT(!!(fo & IP_MF), i < 2);
		EXPECT_EQ_UINT(ip_fast_csum(iph, 5), 0);
		if (i == 0)
			id = iph->id;
		EXPECT_EQ_UINT(iph->id, id);
		/* Payload continuity. */
		EXPECT_EQ_UINT(skb->data[ETH_HLEN + 20], (u8)(i * 1480 * 13));
		consume_skb(skb);
	}
	EXPECT_EQ_UINT(S(FRAGOKS), fok0 + 1);
	EXPECT_EQ_UINT(S(FRAGCREATES), fc0 + 3);
	/* DF and too big: refused locally, counted, and an ICMP comes back to us. */
	EXPECT_EQ_INT(send_ip(PEER, 2000, true), -EMSGSIZE);
	EXPECT_EQ_UINT(S(FRAGFAILS), ff0 + 1);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	/* Exactly the MTU goes out whole. */
	EXPECT_EQ_INT(send_ip(PEER, 1480, true), 0);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 1);
	fake_eth_purge(dev);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* The datagram that fragment tests cut up. */
static u8 dgram[4000];

static void inject_frag(struct net_device *dev, u16 id, unsigned int off,
			unsigned int len, bool mf)
{
	size_t n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, TESTPROTO,
			       id, (u16)((mf ? IP_MF : 0) | off / 8), 64,
			       dgram + off, len);

	nettest_inject(dev, frame, n);
}

/* The next delivered datagram is dgram's first len bytes: fragments chained on the first, not copied. */
static bool got_dgram(unsigned int len, unsigned int nfrags)
{
	struct sk_buff *skb = skb_dequeue(&delivered), *f;
	static u8 got[sizeof(dgram)];
	unsigned int chained = 0;
	bool ok;

	if (!EXPECT(skb != NULL))
		return false;
	skb_walk_frags(skb, f)
		chained++;
	ok = EXPECT_EQ_UINT(skb->len, len) &&
	     EXPECT_EQ_UINT(chained, nfrags - 1) &&
	     EXPECT_EQ_INT(skb_copy_bits(skb, 0, got, len), 0) &&
	     EXPECT_EQ_MEM(got, dgram, len) &&
	     EXPECT_EQ_UINT(ntohs(ip_hdr(skb)->tot_len), 20 + len) &&
	     EXPECT_EQ_UINT(ip_hdr(skb)->frag_off, 0) &&
	     EXPECT_EQ_UINT(ip_fast_csum(ip_hdr(skb), 5), 0);
	consume_skb(skb);
	return ok;
}

static void fill_dgram(void)
{
	size_t i;

	for (i = 0; i < sizeof(dgram); i++)
		dgram[i] = (u8)unit_rand();
}

UNIT_TEST(ip_reasm_in_order_reverse_and_duplicate)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct ipfrag_usage u;
	u64 ok0 = S(REASMOKS), dup0 = S(REASMDUPLICATES);

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	fill_dgram();
	inject_frag(dev, 100, 0, 1480, true);
	inject_frag(dev, 100, 1480, 1480, true);
	EXPECT(skb_queue_empty(&delivered));
	inject_frag(dev, 100, 2960, 40, false);
	got_dgram(3000, 3);

	inject_frag(dev, 101, 2960, 1040, false);
	inject_frag(dev, 101, 1480, 1480, true);
	inject_frag(dev, 101, 0, 1480, true);
	got_dgram(4000, 3);

	inject_frag(dev, 102, 0, 8, true);
	inject_frag(dev, 102, 0, 8, true);	/* exact duplicate: ignored */
	inject_frag(dev, 102, 16, 8, false);
	inject_frag(dev, 102, 8, 8, true);
	got_dgram(24, 3);
	EXPECT_EQ_UINT(S(REASMOKS), ok0 + 3);
	EXPECT_EQ_UINT(S(REASMDUPLICATES), dup0 + 1);
	ipfrag_get_usage(&u);
	EXPECT_EQ_UINT(u.queues, 0);
	EXPECT_EQ_UINT(u.mem, 0);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(ip_reasm_overlap_drops_whole_datagram)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct ipfrag_usage u;
	u64 ov0 = S(REASMOVERLAPS), fail0 = S(REASMFAILS);

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	fill_dgram();
	inject_frag(dev, 200, 0, 1480, true);
	inject_frag(dev, 200, 1472, 1480, true);	/* overlaps by 8 */
	EXPECT_EQ_UINT(S(REASMOVERLAPS), ov0 + 1);
	EXPECT_EQ_UINT(S(REASMFAILS), fail0 + 1);
	ipfrag_get_usage(&u);
	EXPECT_EQ_UINT(u.queues, 0);
	/* The rest starts a fresh queue that can never complete, and times out. */
	inject_frag(dev, 200, 2952, 48, false);
	inject_frag(dev, 200, 8, 16, true);
	EXPECT(skb_queue_empty(&delivered));
	shim_advance_ms(30000);
	ipfrag_get_usage(&u);
	EXPECT_EQ_UINT(u.queues, 0);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);	/* no fragment zero: no ICMP */
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(ip_reasm_timeout_sends_time_exceeded)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff *skb;
	u64 to0 = S(REASMTIMEOUT);

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	fill_dgram();
	inject_frag(dev, 300, 0, 1480, true);
	shim_advance_ms(29999);
	EXPECT_EQ_UINT(S(REASMTIMEOUT), to0);
	shim_advance_ms(1);
	EXPECT_EQ_UINT(S(REASMTIMEOUT), to0 + 1);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 20], ICMP_TIME_EXCEEDED);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 21], ICMP_EXC_FRAGTIME);
	EXPECT(nt_iph(skb)->daddr == PEER);
	/* RFC 1812 4.3.2.3: quoted up to 576 octets in all. */
	EXPECT_EQ_UINT(skb->len, ETH_HLEN + 576);
	consume_skb(skb);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(ip_reasm_oversize_and_contradictions)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct ipfrag_usage u;
	u64 os0 = S(REASMOVERSIZE), fail0 = S(REASMFAILS);

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	fill_dgram();
	inject_frag(dev, 400, 0, 1480, true);
	/* Offset 65528 + 16 octets: past 65535 in total. */
	{
		size_t n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US,
				       TESTPROTO, 400, 8191, 64, dgram, 16);

		nettest_inject(dev, frame, n);
	}
	EXPECT_EQ_UINT(S(REASMOVERSIZE), os0 + 1);
	/* Two different "last" fragments. */
	inject_frag(dev, 401, 1480, 80, false);
	inject_frag(dev, 401, 1480, 160, false);
	/* A fragment beyond the known end. */
	inject_frag(dev, 402, 800, 80, false);
	inject_frag(dev, 402, 1600, 80, true);
	EXPECT_EQ_UINT(S(REASMFAILS), fail0 + 3);
	ipfrag_get_usage(&u);
	EXPECT_EQ_UINT(u.queues, 0);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(ip_reasm_flood_stays_under_limit)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct ipfrag_usage u;
	u32 hi = ipfrag_high_thresh, lo = ipfrag_low_thresh;
	u64 ev0 = S(REASMEVICTIONS), peak = 0;
	int i;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	fill_dgram();
	ipfrag_high_thresh = 256 * 1024;
	ipfrag_low_thresh = 192 * 1024;
	for (i = 0; i < 2000; i++) {
		inject_frag(dev, (u16)(1000 + i), 0, 1480, true);
		ipfrag_get_usage(&u);
		peak = max(peak, u.mem);
	}
	EXPECT(peak <= ipfrag_high_thresh + 4096);
	EXPECT(S(REASMEVICTIONS) > ev0 + 1500);
	EXPECT(skb_queue_empty(&delivered));
	/* And the queue count is bounded on its own. */
	ipfrag_high_thresh = hi;
	ipfrag_low_thresh = lo;
	for (i = 0; i < 1500; i++)
		inject_frag(dev, (u16)(5000 + i), 8, 8, true);
	ipfrag_get_usage(&u);
	EXPECT(u.queues <= ipfrag_max_queues);
	shim_advance_ms(30000);
	ipfrag_get_usage(&u);
	EXPECT_EQ_UINT(u.queues, 0);
	EXPECT_EQ_UINT(u.mem, 0);
	fake_eth_purge(dev);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(ip_decrease_ttl_matches_recompute)
{
	u8 hdr[20];
	int i;

	for (i = 0; i < 5000; i++) {
		struct iphdr *iph = (struct iphdr *)hdr;
		size_t k;

		for (k = 0; k < sizeof(hdr); k++)
			hdr[k] = (u8)unit_rand();
		ip_set_version_ihl(iph, 5);
		if (iph->ttl == 0)
			iph->ttl = 1;
		ip_send_check(iph);
		ip_decrease_ttl(iph);
		if (!EXPECT_EQ_UINT(ip_fast_csum(hdr, 5), 0))
			return;
	}
}

static struct net_device *setup_router(struct net_device **e1)
{
	struct net_device *e0 = setup();

	*e1 = fake_eth_create(nt_mac_peer);
	if (!e0 || inet_addr_add(*e1, NT_IP(192, 168, 1, 2), 24))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(*e1);
	return e0;
}

UNIT_TEST(ip_forward_ttl_mtu_and_switch)
{
	static const u8 far_mac[6] = { 0x02, 0, 0, 0, 0, 0x77 };
	struct nettest_baseline b;
	struct net_device *e0, *e1;
	struct sk_buff *skb;
	u64 fw0 = S(FORWDATAGRAMS), hdr0 = S(INHDRERRORS), ae0 = S(INADDRERRORS);
	size_t n;

	nettest_begin(&b);
	e0 = setup_router(&e1);
	ASSERT(e0);
	ASSERT(!neigh_add_permanent(e1, NT_IP(192, 168, 1, 1), far_mac));
	ipv4_forward = true;
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, NT_IP(192, 168, 1, 1),
			TESTPROTO, 5, 0, 64, dgram, 100);
	nettest_inject(e0, frame, n);
	skb = fake_eth_pop(e1);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, far_mac, 6);
	EXPECT_EQ_MEM(skb->data + 6, nt_mac_peer, 6);	/* e1's own address */
	EXPECT_EQ_UINT(nt_iph(skb)->ttl, 63);
	EXPECT_EQ_UINT(ip_fast_csum(nt_iph(skb), 5), 0);
	EXPECT_EQ_MEM(skb->data + ETH_HLEN + 20, dgram, 100);
	consume_skb(skb);
	EXPECT_EQ_UINT(S(FORWDATAGRAMS), fw0 + 1);

	/* TTL 1: time exceeded back to the sender, from the receiving interface. */
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, NT_IP(192, 168, 1, 1),
			TESTPROTO, 6, 0, 1, dgram, 100);
	nettest_inject(e0, frame, n);
	EXPECT_EQ_UINT(S(INHDRERRORS), hdr0 + 1);
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 0);
	skb = fake_eth_pop(e0);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 20], ICMP_TIME_EXCEEDED);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 21], ICMP_EXC_TTL);
	EXPECT(nt_iph(skb)->saddr == US);
	consume_skb(skb);

	/* DF and bigger than the next hop's MTU: frag needed, with that MTU. */
	dev_set_mtu(e1, 1000);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, NT_IP(192, 168, 1, 1),
			TESTPROTO, 7, IP_DF, 64, dgram, 1200);
	nettest_inject(e0, frame, n);
	skb = fake_eth_pop(e0);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 20], ICMP_DEST_UNREACH);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 21], ICMP_FRAG_NEEDED);
	EXPECT_EQ_UINT(skb->data[ETH_HLEN + 26] << 8 | skb->data[ETH_HLEN + 27], 1000);
	consume_skb(skb);
	/* Without DF it is fragmented on the way out. */
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, NT_IP(192, 168, 1, 1),
			TESTPROTO, 8, 0, 64, dgram, 1200);
	nettest_inject(e0, frame, n);
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 2);
	fake_eth_purge(e1);

	/* Forwarding off: not ours, dropped and counted. */
	ipv4_forward = false;
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, NT_IP(192, 168, 1, 1),
			TESTPROTO, 9, 0, 64, dgram, 100);
	nettest_inject(e0, frame, n);
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 0);
	EXPECT_EQ_UINT(S(INADDRERRORS), ae0 + 1);
	fake_eth_destroy(e1);
	fake_eth_destroy(e0);
	nettest_end(&b);
}
