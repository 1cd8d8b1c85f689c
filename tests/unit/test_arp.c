/* test_arp.c - net/ipv4/arp.c: replies, learning, the pending queue, timers, gratuitous ARP, bounds, the header cache. */
/* links: net */
#include <net/arp.h>
#include <net/route.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/inetdevice.h>
#include <net/etherdevice.h>
#include <net/snmp.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)

static struct net_device *setup(void)
{
	struct net_device *dev = fake_eth_create(nt_mac_us);

	if (inet_addr_add(dev, US, 24))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(dev);	/* the announcement */
	return dev;
}

/* A datagram of len payload octets from us to daddr, through the real output path. */
static int send_ip(__be32 daddr, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + len);
	int err;

	skb_reserve(skb, MAX_HEADER);
	memset(skb_put(skb, len), 0x42, len);
	local_bh_disable();
	err = ip_send_l4(skb, 0, daddr, 253, 0, 64, false);
	local_bh_enable();
	return err;
}

static bool is_arp(const struct sk_buff *skb, u16 op, __be32 sip, __be32 tip)
{
	const struct arp_eth_ipv4 *a = (const void *)(skb->data + ETH_HLEN);

	return skb->len >= ETH_HLEN + ARP_ETH_IPV4_LEN &&
	       skb->data[12] == 0x08 && skb->data[13] == 0x06 &&
	       a->hdr.ar_op == htons(op) && a->ar_sip == sip && a->ar_tip == tip;
}

UNIT_TEST(arp_request_for_us_gets_golden_reply)
{
	static const u8 expect[42] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,	/* to the asker */
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,	/* from us */
		0x08, 0x06,
		0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 10, 0, 0, 2,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 10, 0, 0, 1,
	};
	static const u8 zero[6];
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	struct sk_buff *skb;
	u8 frame[64];
	u64 req0 = arp_mib[ARP_MIB_INREQUESTS];

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	memset(frame, 0, sizeof(frame));
	nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer, PEER, zero, US);
	nettest_inject(dev, frame, 60);	/* padded to the minimum frame */
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->len, sizeof(expect));
	EXPECT_EQ_MEM(skb->data, expect, sizeof(expect));
	consume_skb(skb);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_INREQUESTS], req0 + 1);
	/* RFC 826: the asker is learned, as STALE (not yet proven reachable). */
	EXPECT(neigh_get(dev, PEER, &ni));
	EXPECT_EQ_UINT(ni.state, NUD_STALE);
	EXPECT_EQ_MEM(ni.ha, nt_mac_peer, 6);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_request_not_for_us_is_ignored)
{
	static const u8 zero[6];
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	u8 frame[64];
	u64 nfu = arp_mib[ARP_MIB_INNOTFORUS];

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer, PEER, zero,
		     NT_IP(10, 0, 0, 77));
	nettest_inject(dev, frame, 42);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_INNOTFORUS], nfu + 1);
	EXPECT(!neigh_get(dev, PEER, &ni));
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_malformed_and_bogus_are_counted)
{
	static const u8 zero[6];
	struct nettest_baseline b;
	struct net_device *dev;
	u8 frame[64];
	u64 err0 = arp_mib[ARP_MIB_INERRORS], bog0 = arp_mib[ARP_MIB_INBOGUSSRC];
	u64 conf0 = arp_mib[ARP_MIB_INCONFLICTS];

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer, PEER, zero, US);
	nettest_inject(dev, frame, ETH_HLEN + 27);	/* one octet short */
	frame[ETH_HLEN + 4] = 8;			/* hln 8 */
	nettest_inject(dev, frame, 42);
	frame[ETH_HLEN + 4] = 6;
	frame[ETH_HLEN + 7] = 9;			/* op 9 */
	nettest_inject(dev, frame, 42);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_INERRORS], err0 + 3);
	/* Broadcast sender address, multicast sender hardware address. */
	nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer,
		     NT_IP(255, 255, 255, 255), zero, US);
	nettest_inject(dev, frame, 42);
	nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_bcast, PEER, zero, US);
	nettest_inject(dev, frame, 42);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_INBOGUSSRC], bog0 + 2);
	/* Someone else claiming our address. */
	nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer, US, zero, US);
	nettest_inject(dev, frame, 42);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_INCONFLICTS], conf0 + 1);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_pending_queue_bounded_and_flushed_on_reply)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	struct sk_buff *skb;
	u8 frame[64];
	u64 qd0 = arp_mib[ARP_MIB_QUEUEDROPS];
	int i;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	for (i = 0; i < 5; i++)
		EXPECT_EQ_INT(send_ip(PEER, 100 + i), 0);
	/* One broadcast request, the packets wait. */
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 1);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT(is_arp(skb, ARPOP_REQUEST, US, PEER));
	EXPECT_EQ_MEM(skb->data, nt_mac_bcast, 6);
	consume_skb(skb);
	EXPECT(neigh_get(dev, PEER, &ni));
	EXPECT_EQ_UINT(ni.state, NUD_INCOMPLETE);
	EXPECT_EQ_UINT(ni.queued, 3);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_QUEUEDROPS], qd0 + 2);
	/* The reply releases the three newest, to the learned address. */
	nt_arp_frame(frame, nt_mac_us, ARPOP_REPLY, nt_mac_peer, PEER, nt_mac_us, US);
	nettest_inject(dev, frame, 42);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 3);
	for (i = 0; i < 3; i++) {
		skb = fake_eth_pop(dev);
		ASSERT(skb);
		EXPECT_EQ_MEM(skb->data, nt_mac_peer, 6);
		EXPECT_EQ_MEM(skb->data + 6, nt_mac_us, 6);
		EXPECT_EQ_UINT(ntohs(nt_iph(skb)->tot_len), 20 + 102 + i);
		consume_skb(skb);
	}
	EXPECT(neigh_get(dev, PEER, &ni));
	EXPECT_EQ_UINT(ni.state, NUD_REACHABLE);
	/* Now packets go straight out. */
	send_ip(PEER, 10);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, nt_mac_peer, 6);
	consume_skb(skb);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_resolution_fails_after_three_requests)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	struct sk_buff *skb;
	u64 fail0 = arp_mib[ARP_MIB_RESOLVEFAILED];
	u64 ud0 = arp_mib[ARP_MIB_UNRESOLVEDDROPS];
	u64 hu0 = icmpmsg_out[ICMP_DEST_UNREACH];
	int i;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	send_ip(PEER, 50);
	for (i = 0; i < 3; i++) {
		skb = fake_eth_pop(dev);
		ASSERT(skb);
		EXPECT(is_arp(skb, ARPOP_REQUEST, US, PEER));
		consume_skb(skb);
		EXPECT(fake_eth_pop(dev) == NULL);
		shim_advance_ms(999);
		EXPECT(fake_eth_pop(dev) == NULL);
		shim_advance_ms(1);
	}
	EXPECT(neigh_get(dev, PEER, &ni));
	EXPECT_EQ_UINT(ni.state, NUD_FAILED);
	EXPECT_EQ_UINT(ni.queued, 0);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_RESOLVEFAILED], fail0 + 1);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_UNRESOLVEDDROPS], ud0 + 1);
	/* Our own datagram: the host unreachable comes back to us over lo. */
	EXPECT_EQ_UINT(icmpmsg_out[ICMP_DEST_UNREACH], hu0 + 1);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	/* FAILED entries are collected. */
	shim_advance_ms(60000);
	EXPECT(!neigh_get(dev, PEER, &ni));
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_reachable_stale_delay_probe)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	struct sk_buff *skb;
	u8 frame[64];

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	send_ip(PEER, 10);
	consume_skb(fake_eth_pop(dev));
	nt_arp_frame(frame, nt_mac_us, ARPOP_REPLY, nt_mac_peer, PEER, nt_mac_us, US);
	nettest_inject(dev, frame, 42);
	consume_skb(fake_eth_pop(dev));
	EXPECT(neigh_get(dev, PEER, &ni) && ni.state == NUD_REACHABLE);
	/* Reachable time is 15..45 s. */
	shim_advance_ms(14000);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.state == NUD_REACHABLE);
	shim_advance_ms(31000);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.state == NUD_STALE);
	/* Used while stale: sent at once, then DELAY, then a unicast probe. */
	send_ip(PEER, 10);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, nt_mac_peer, 6);
	consume_skb(skb);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.state == NUD_DELAY);
	shim_advance_ms(5000);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.state == NUD_PROBE);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT(is_arp(skb, ARPOP_REQUEST, US, PEER));
	EXPECT_EQ_MEM(skb->data, nt_mac_peer, 6);	/* unicast */
	consume_skb(skb);
	nettest_inject(dev, frame, 42);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.state == NUD_REACHABLE);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_gratuitous_at_link_up_and_address_add)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff *skb;
	u64 g0;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	g0 = arp_mib[ARP_MIB_OUTGRATUITOUS];
	netif_carrier_off(dev);
	shim_run_softirqs();
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	netif_carrier_on(dev);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);	/* from the softirq */
	shim_run_softirqs();
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT(is_arp(skb, ARPOP_REQUEST, US, US));
	EXPECT_EQ_MEM(skb->data, nt_mac_bcast, 6);
	consume_skb(skb);
	EXPECT_EQ_UINT(inet_addr_add(dev, NT_IP(192, 168, 7, 1), 24), 0);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT(is_arp(skb, ARPOP_REQUEST, NT_IP(192, 168, 7, 1), NT_IP(192, 168, 7, 1)));
	consume_skb(skb);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_OUTGRATUITOUS], g0 + 2);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_table_bounded_with_eviction)
{
	static const u8 zero[6];
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	u32 saved = arp_parms.table_max;
	u64 ev0 = arp_mib[ARP_MIB_EVICTIONS];
	u8 frame[64], mac[6];
	int i;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	arp_parms.table_max = 4;
	for (i = 0; i < 6; i++) {
		memcpy(mac, nt_mac_peer, 6);
		mac[5] = (u8)(10 + i);
		nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, mac,
			     NT_IP(10, 0, 0, 10 + i), zero, US);
		nettest_inject(dev, frame, 42);
		fake_eth_purge(dev);
		shim_advance_ms(10);
	}
	EXPECT_EQ_UINT(neigh_count(), 4);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_EVICTIONS], ev0 + 2);
	EXPECT(!neigh_get(dev, NT_IP(10, 0, 0, 10), &ni));	/* the oldest went */
	EXPECT(neigh_get(dev, NT_IP(10, 0, 0, 15), &ni));
	/* Permanent entries are never evicted or expired. */
	EXPECT_EQ_INT(neigh_add_permanent(dev, NT_IP(10, 0, 0, 99), nt_mac_peer), 0);
	shim_advance_ms(600000);
	EXPECT(neigh_get(dev, NT_IP(10, 0, 0, 99), &ni) && ni.state == NUD_PERMANENT);
	EXPECT_EQ_UINT(neigh_count(), 1);
	EXPECT_EQ_INT(neigh_delete(dev, NT_IP(10, 0, 0, 99)), 0);
	EXPECT_EQ_INT(neigh_delete(dev, NT_IP(10, 0, 0, 99)), -ENXIO);
	arp_parms.table_max = saved;
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(arp_probe_from_zero_is_answered)
{
	static const u8 zero[6];
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	struct sk_buff *skb;
	u8 frame[64];

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer, 0, zero, US);
	nettest_inject(dev, frame, 42);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT(is_arp(skb, ARPOP_REPLY, US, 0));
	consume_skb(skb);
	EXPECT(!neigh_get(dev, 0, &ni));
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* The Ethernet header a frame went out with: to dest, from us, IPv4. */
static bool sent_to(struct sk_buff *skb, const u8 *dest)
{
	bool ok = skb && EXPECT_EQ_MEM(skb->data, dest, ETH_ALEN) &&
		  EXPECT_EQ_MEM(skb->data + ETH_ALEN, nt_mac_us, ETH_ALEN) &&
		  EXPECT(skb->data[12] == 0x08 && skb->data[13] == 0x00);

	consume_skb(skb);
	return ok;
}

UNIT_TEST(arp_hh_cache_built_updated_and_flushed)
{
	static const u8 other_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x77 };
	u8 hh[ETH_HLEN], frame[64];
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	/* Unresolved: queued, nothing cached. */
	EXPECT_EQ_INT(send_ip(PEER, 10), 0);
	consume_skb(fake_eth_pop(dev));
	EXPECT(neigh_get(dev, PEER, &ni) && ni.hh_len == 0);
	nt_arp_frame(frame, nt_mac_us, ARPOP_REPLY, nt_mac_peer, PEER, nt_mac_us, US);
	nettest_inject(dev, frame, 42);
	EXPECT(sent_to(fake_eth_pop(dev), nt_mac_peer));	/* the one that waited */
	EXPECT(neigh_get(dev, PEER, &ni) && ni.hh_len == 0);
	/* The first send through the resolved entry builds the header... */
	EXPECT_EQ_INT(send_ip(PEER, 10), 0);
	EXPECT(sent_to(fake_eth_pop(dev), nt_mac_peer));
	nt_eth(hh, nt_mac_peer, nt_mac_us, ETH_P_IP);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.hh_len == ETH_HLEN);
	EXPECT_EQ_MEM(ni.hh, hh, ETH_HLEN);
	/* ... which later ones copy. */
	EXPECT_EQ_INT(send_ip(PEER, 700), 0);
	EXPECT(sent_to(fake_eth_pop(dev), nt_mac_peer));
	/* The neighbour moves to another address: the cached header follows. */
	nt_arp_frame(frame, nt_mac_us, ARPOP_REPLY, other_mac, PEER, nt_mac_us, US);
	nettest_inject(dev, frame, 42);
	nt_eth(hh, other_mac, nt_mac_us, ETH_P_IP);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.hh_len == ETH_HLEN);
	EXPECT_EQ_MEM(ni.hh, hh, ETH_HLEN);
	EXPECT_EQ_INT(send_ip(PEER, 10), 0);
	EXPECT(sent_to(fake_eth_pop(dev), other_mac));
	/* The device goes down: the entry and its header go with it. */
	dev_close(dev);
	EXPECT(!neigh_get(dev, PEER, &ni));
	dev_open(dev);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* Send len octets to PEER on rt, as a socket sends on its cached route. */
static int send_on_route(struct rtable *rt, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + len);
	int err;

	skb_reserve(skb, MAX_HEADER);
	memset(skb_put(skb, len), 0x42, len);
	local_bh_disable();
	err = ip_build_and_send_pkt(skb, rt, US, PEER, 253, 0, 64, false);
	local_bh_enable();
	return err;
}

UNIT_TEST(arp_route_keeps_its_neighbour)
{
	struct flowi4 fl4 = { .daddr = PEER };
	struct nettest_baseline b;
	struct net_device *dev;
	struct neigh_info ni;
	struct sk_buff *skb;
	struct rtable *rt;
	u64 lookups;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	ASSERT(!neigh_add_permanent(dev, PEER, nt_mac_peer));
	ASSERT(ip_route_output(&fl4, &rt) == 0);
	EXPECT_EQ_INT(send_on_route(rt, 100), 0);
	EXPECT(sent_to(fake_eth_pop(dev), nt_mac_peer));
	EXPECT(rt->rt_neigh && rt->rt_neigh->ip == PEER);
	/* The route holds the neighbour: no table search per packet. */
	lookups = arp_mib[ARP_MIB_LOOKUPS];
	for (int i = 0; i < 50; i++) {
		EXPECT_EQ_INT(send_on_route(rt, 100 + i), 0);
		if (!EXPECT(sent_to(fake_eth_pop(dev), nt_mac_peer)))
			break;
	}
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_LOOKUPS], lookups);
	/* Deleted from the table: the route finds it dead and asks anew. */
	EXPECT_EQ_INT(neigh_delete(dev, PEER), 0);
	EXPECT(rt->rt_neigh->dead);
	lookups = arp_mib[ARP_MIB_LOOKUPS];
	EXPECT_EQ_INT(send_on_route(rt, 100), 0);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_LOOKUPS], lookups + 1);
	EXPECT(neigh_get(dev, PEER, &ni) && ni.state == NUD_INCOMPLETE && ni.queued == 1);
	EXPECT(rt->rt_neigh && !rt->rt_neigh->dead);
	skb = fake_eth_pop(dev);
	EXPECT(skb && is_arp(skb, ARPOP_REQUEST, US, PEER));
	consume_skb(skb);
	ip_rt_put(rt);
	fake_eth_destroy(dev);
	nettest_end(&b);
}
