/* test_route.c - net/ipv4/route.c and devinet.c: longest-prefix match, output and input routes, PMTU, generations, the input route caches. */
/* links: net */
#include <net/route.h>
#include <net/ip.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
#include <net/arp.h>
#include <net/proto/icmp.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"

static struct fib_route mkroute(__be32 dst, u8 plen, __be32 gw,
				struct net_device *dev, u32 metric)
{
	struct fib_route r = { .dst = dst, .prefixlen = plen, .gateway = gw,
			       .dev = dev, .metric = metric,
			       .protocol = RTPROT_STATIC };
	return r;
}

static __be32 lookup_gw(__be32 daddr, struct net_device **dev)
{
	struct fib_route r;

	if (!fib_lookup(daddr, NULL, &r)) {
		*dev = NULL;
		return 0xdeadbeef;
	}
	*dev = r.dev;
	return r.gateway;
}

UNIT_TEST(route_longest_prefix_match)
{
	struct nettest_baseline b;
	struct net_device *e0, *e1, *dev;
	struct fib_route r;

	nettest_begin(&b);
	e0 = fake_eth_create(nt_mac_us);
	e1 = fake_eth_create(nt_mac_peer);
	ASSERT(!inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24));
	ASSERT(!inet_addr_add(e1, NT_IP(192, 168, 1, 2), 24));
	/* Default via e0's gateway; 10.1/16 and 10.1.2/24 via e1's. */
	r = mkroute(0, 0, NT_IP(10, 0, 0, 1), NULL, 0);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	r = mkroute(NT_IP(10, 1, 0, 0), 16, NT_IP(192, 168, 1, 1), NULL, 0);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	r = mkroute(NT_IP(10, 1, 2, 0), 24, NT_IP(192, 168, 1, 254), NULL, 0);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	r = mkroute(NT_IP(10, 1, 2, 77), 32, NT_IP(10, 0, 0, 77), NULL, 0);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	EXPECT_EQ_INT(ip_route_add(&r), -EEXIST);

	EXPECT(lookup_gw(NT_IP(8, 8, 8, 8), &dev) == NT_IP(10, 0, 0, 1) && dev == e0);
	EXPECT(lookup_gw(NT_IP(10, 0, 0, 9), &dev) == 0 && dev == e0);	/* connected */
	EXPECT(lookup_gw(NT_IP(10, 1, 9, 9), &dev) == NT_IP(192, 168, 1, 1) && dev == e1);
	EXPECT(lookup_gw(NT_IP(10, 1, 2, 3), &dev) == NT_IP(192, 168, 1, 254) && dev == e1);
	EXPECT(lookup_gw(NT_IP(10, 1, 2, 77), &dev) == NT_IP(10, 0, 0, 77) && dev == e0);
	EXPECT(lookup_gw(NT_IP(192, 168, 1, 200), &dev) == 0 && dev == e1);

	/* Deleting the /24 exposes the /16 again. */
	EXPECT_EQ_INT(ip_route_del(NT_IP(10, 1, 2, 0), 24, 0, NULL), 0);
	EXPECT_EQ_INT(ip_route_del(NT_IP(10, 1, 2, 0), 24, 0, NULL), -ESRCH);
	EXPECT(lookup_gw(NT_IP(10, 1, 2, 3), &dev) == NT_IP(192, 168, 1, 1));
	/* Without a default route, off-net is unreachable. */
	EXPECT_EQ_INT(ip_route_del(0, 0, 0, NULL), 0);
	EXPECT(lookup_gw(NT_IP(8, 8, 8, 8), &dev) == 0xdeadbeef);
	/* A device that is down is skipped. */
	dev_close(e1);
	EXPECT(lookup_gw(NT_IP(10, 1, 9, 9), &dev) == 0xdeadbeef);
	dev_open(e1);
	fake_eth_destroy(e0);
	fake_eth_destroy(e1);
	/* Unregistering took every route through the devices. */
	EXPECT(lookup_gw(NT_IP(10, 1, 2, 77), &dev) == 0xdeadbeef);
	nettest_end(&b);
}

UNIT_TEST(route_metric_and_validation)
{
	struct nettest_baseline b;
	struct net_device *e0, *dev;
	struct fib_route r;

	nettest_begin(&b);
	e0 = fake_eth_create(nt_mac_us);
	ASSERT(!inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24));
	r = mkroute(0, 0, NT_IP(10, 0, 0, 1), NULL, 100);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	r = mkroute(0, 0, NT_IP(10, 0, 0, 254), NULL, 10);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	EXPECT(lookup_gw(NT_IP(1, 2, 3, 4), &dev) == NT_IP(10, 0, 0, 254));
	/* A gateway must be on-link; prefix lengths are 0..32. */
	r = mkroute(NT_IP(172, 16, 0, 0), 12, NT_IP(172, 16, 0, 1), NULL, 0);
	EXPECT_EQ_INT(ip_route_add(&r), -ENETUNREACH);
	r = mkroute(0, 33, 0, e0, 0);
	EXPECT_EQ_INT(ip_route_add(&r), -EINVAL);
	/* Host bits of the destination are ignored. */
	r = mkroute(NT_IP(172, 16, 5, 5), 16, 0, e0, 0);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	EXPECT(lookup_gw(NT_IP(172, 16, 200, 1), &dev) == 0 && dev == e0);
	fake_eth_destroy(e0);
	nettest_end(&b);
}

UNIT_TEST(route_output_local_broadcast_and_saddr)
{
	struct nettest_baseline b;
	struct net_device *e0;
	struct flowi4 fl4;
	struct rtable *rt;
	struct fib_route r;
	u64 nr0 = ip_mib[IPSTATS_MIB_OUTNOROUTES];

	nettest_begin(&b);
	e0 = fake_eth_create(nt_mac_us);
	ASSERT(!inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24));
	/* To our own address: through lo, from that address. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = NT_IP(10, 0, 0, 2);
	ASSERT(ip_route_output(&fl4, &rt) == 0);
	EXPECT(rt->dst.dev == loopback_dev);
	EXPECT_EQ_UINT(rt->rt_type, RTN_LOCAL);
	EXPECT(fl4.saddr == NT_IP(10, 0, 0, 2));
	ip_rt_put(rt);
	/* On-link: next hop is the destination, source from the subnet. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = NT_IP(10, 0, 0, 9);
	ASSERT(ip_route_output(&fl4, &rt) == 0);
	EXPECT(rt->dst.dev == e0);
	EXPECT(rt_nexthop(rt, fl4.daddr) == NT_IP(10, 0, 0, 9));
	EXPECT(fl4.saddr == NT_IP(10, 0, 0, 2));
	EXPECT_EQ_UINT(dst_mtu(&rt->dst), 1500);
	EXPECT(dst_check(&rt->dst));
	/* Directed broadcast. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = NT_IP(10, 0, 0, 255);
	{
		struct rtable *bc;

		ASSERT(ip_route_output(&fl4, &bc) == 0);
		EXPECT_EQ_UINT(bc->rt_type, RTN_BROADCAST);
		ip_rt_put(bc);
	}
	/* Any table change invalidates cached routes. */
	r = mkroute(NT_IP(10, 9, 0, 0), 16, NT_IP(10, 0, 0, 1), NULL, 0);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	EXPECT(!dst_check(&rt->dst));
	ip_rt_put(rt);
	/* No route; and a source that is not ours. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = NT_IP(8, 8, 8, 8);
	EXPECT_EQ_INT(ip_route_output(&fl4, &rt), -ENETUNREACH);
	EXPECT_EQ_UINT(ip_mib[IPSTATS_MIB_OUTNOROUTES], nr0 + 1);
	fl4.daddr = NT_IP(10, 0, 0, 9);
	fl4.saddr = NT_IP(10, 0, 0, 3);
	EXPECT_EQ_INT(ip_route_output(&fl4, &rt), -EINVAL);
	fake_eth_destroy(e0);
	nettest_end(&b);
}

UNIT_TEST(route_pmtu_learned_and_expires)
{
	struct nettest_baseline b;
	struct net_device *e0;
	struct flowi4 fl4 = { .daddr = NT_IP(10, 0, 0, 9) };
	struct rtable *rt, *rt2;
	u32 gen;

	nettest_begin(&b);
	e0 = fake_eth_create(nt_mac_us);
	ASSERT(!inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24));
	ASSERT(ip_route_output(&fl4, &rt) == 0);
	gen = rt_genid;
	ip_rt_update_pmtu(NT_IP(10, 0, 0, 9), 1280);
	EXPECT(rt_genid != gen);
	EXPECT(!dst_check(&rt->dst));
	ASSERT(ip_route_output(&fl4, &rt2) == 0);
	EXPECT_EQ_UINT(dst_mtu(&rt2->dst), 1280);
	/* Never raised by a later message before it expires; floored at 552. */
	ip_rt_update_pmtu(NT_IP(10, 0, 0, 9), 1400);
	ip_rt_put(rt2);
	ASSERT(ip_route_output(&fl4, &rt2) == 0);
	EXPECT_EQ_UINT(dst_mtu(&rt2->dst), 1280);
	ip_rt_update_pmtu(NT_IP(10, 0, 0, 9), 100);
	ip_rt_put(rt2);
	ASSERT(ip_route_output(&fl4, &rt2) == 0);
	EXPECT_EQ_UINT(dst_mtu(&rt2->dst), 552);
	/* RFC 1191 6.3: after ten minutes, back to the device MTU. */
	shim_advance_ms(10 * 60 * 1000);
	EXPECT_EQ_UINT(dst_mtu(&rt2->dst), 1500);
	ip_rt_put(rt);
	ip_rt_put(rt2);
	fake_eth_destroy(e0);
	nettest_end(&b);
}

UNIT_TEST(devinet_addr_types_and_selection)
{
	struct nettest_baseline b;
	struct net_device *e0;

	nettest_begin(&b);
	e0 = fake_eth_create(nt_mac_us);
	ASSERT(!inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24));
	EXPECT_EQ_INT(inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24), -EEXIST);
	EXPECT_EQ_INT(inet_addr_add(e0, NT_IP(224, 0, 0, 1), 24), -EINVAL);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(10, 0, 0, 2)), RTN_LOCAL);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(127, 0, 0, 1)), RTN_LOCAL);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(127, 9, 9, 9)), RTN_LOCAL);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(10, 0, 0, 255)), RTN_BROADCAST);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(255, 255, 255, 255)), RTN_BROADCAST);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(224, 0, 0, 1)), RTN_MULTICAST);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(10, 0, 0, 3)), RTN_UNICAST);
	EXPECT(inet_select_addr(e0, NT_IP(8, 8, 8, 8), RT_SCOPE_UNIVERSE) ==
	       NT_IP(10, 0, 0, 2));
	EXPECT(inet_select_addr(NULL, NT_IP(8, 8, 8, 8), RT_SCOPE_UNIVERSE) ==
	       NT_IP(10, 0, 0, 2));
	/* A second address on another subnet is preferred for its own subnet. */
	ASSERT(!inet_addr_add(e0, NT_IP(172, 16, 0, 1), 16));
	EXPECT(inet_select_addr(e0, NT_IP(172, 16, 3, 3), RT_SCOPE_LINK) ==
	       NT_IP(172, 16, 0, 1));
	EXPECT_EQ_INT(inet_addr_del(e0, NT_IP(172, 16, 0, 1)), 0);
	EXPECT_EQ_INT(inet_addr_del(e0, NT_IP(172, 16, 0, 1)), -EADDRNOTAVAIL);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(172, 16, 0, 1)), RTN_UNICAST);
	{
		struct fib_route r;

		EXPECT(!fib_lookup(NT_IP(172, 16, 3, 3), NULL, &r));
	}
	fake_eth_destroy(e0);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(10, 0, 0, 2)), RTN_UNICAST);
	nettest_end(&b);
}

/* An ICMP echo reply from saddr to daddr in at dev: delivered quietly (no socket wants it). */
static void inject_icmp(struct net_device *dev, __be32 saddr, __be32 daddr, u8 ttl)
{
	u8 icmp[64], frame[128];
	size_t ilen = nt_icmp(icmp, 0, 0, 7, 1, "route", 5);
	size_t len = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, saddr, daddr,
				 IPPROTO_ICMP, 1, 0, ttl, icmp, ilen);

	nettest_inject(dev, frame, len);
}

UNIT_TEST(route_input_local_cached_without_allocation)
{
	struct rt_cache_stat s0, s1;
	struct nettest_baseline b;
	struct net_device *e0;
	struct fib_route r;
	u64 in0 = icmp_mib[ICMP_MIB_INMSGS];

	nettest_begin(&b);
	e0 = fake_eth_create(nt_mac_us);
	ASSERT(!inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24));
	rt_cache_get_stat(&s0);
	for (int i = 0; i < 100; i++)
		inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 0, 0, 2), 64);
	rt_cache_get_stat(&s1);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_INMSGS], in0 + 100);
	/* One route made for the device, 99 packets routed through it. */
	EXPECT_EQ_UINT(s1.in_slow_tot, s0.in_slow_tot + 1);
	EXPECT_EQ_UINT(s1.in_hit, s0.in_hit + 99);
	EXPECT_EQ_UINT(s1.entries, s0.entries + 1);
	/* Broadcasts have a route of their own. */
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 0, 0, 255), 64);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 0, 0, 255), 64);
	rt_cache_get_stat(&s0);
	EXPECT_EQ_UINT(s0.in_slow_tot, s1.in_slow_tot + 1);
	EXPECT_EQ_UINT(s0.in_brd, s1.in_brd + 2);
	EXPECT_EQ_UINT(s0.entries, s1.entries + 1);
	/* A table change lets go of both; the next packet makes one again. */
	r = mkroute(NT_IP(10, 9, 0, 0), 16, NT_IP(10, 0, 0, 1), NULL, 0);
	EXPECT_EQ_INT(ip_route_add(&r), 0);
	rt_cache_get_stat(&s1);
	EXPECT_EQ_UINT(s1.entries, s0.entries - 2);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 0, 0, 2), 64);
	rt_cache_get_stat(&s0);
	EXPECT_EQ_UINT(s0.in_slow_tot, s1.in_slow_tot + 1);
	/* So does removing an address, and the device going away. */
	ASSERT(!inet_addr_add(e0, NT_IP(172, 16, 0, 1), 16));
	rt_cache_get_stat(&s1);
	EXPECT_EQ_UINT(s1.entries, s0.entries - 1);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(172, 16, 0, 1), 64);
	EXPECT_EQ_INT(inet_addr_del(e0, NT_IP(172, 16, 0, 1)), 0);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 0, 0, 2), 64);
	rt_cache_get_stat(&s0);
	fake_eth_destroy(e0);
	rt_cache_get_stat(&s1);
	EXPECT_EQ_UINT(s1.entries, s0.entries - 1);
	nettest_end(&b);
}

UNIT_TEST(route_input_forward_cached_per_entry)
{
	static const u8 gw_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x99 };
	struct rt_cache_stat s0, s1;
	struct nettest_baseline b;
	struct net_device *e0, *e1;
	struct sk_buff *skb;
	struct fib_route r;
	u64 lookups, fwd0 = ip_mib[IPSTATS_MIB_FORWDATAGRAMS];

	nettest_begin(&b);
	e0 = fake_eth_create(nt_mac_us);
	e1 = fake_eth_create(nt_mac_peer);
	ASSERT(!inet_addr_add(e0, NT_IP(10, 0, 0, 2), 24));
	ASSERT(!inet_addr_add(e1, NT_IP(192, 168, 1, 2), 24));
	r = mkroute(NT_IP(10, 9, 0, 0), 16, NT_IP(192, 168, 1, 1), NULL, 0);
	ASSERT(!ip_route_add(&r));
	ASSERT(!neigh_add_permanent(e1, NT_IP(192, 168, 1, 1), gw_mac));
	ipv4_forward = true;
	shim_run_softirqs();
	fake_eth_purge(e0);
	fake_eth_purge(e1);
	rt_cache_get_stat(&s0);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 9, 1, 1), 64);
	lookups = arp_mib[ARP_MIB_LOOKUPS];
	for (int i = 0; i < 50; i++)
		inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 9, 1, (u8)(2 + i)), 64);
	rt_cache_get_stat(&s1);
	EXPECT_EQ_UINT(ip_mib[IPSTATS_MIB_FORWDATAGRAMS], fwd0 + 51);
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 51);
	/* One route for the table entry, holding the gateway's neighbour. */
	EXPECT_EQ_UINT(s1.in_slow_tot, s0.in_slow_tot + 1);
	EXPECT_EQ_UINT(s1.in_hit, s0.in_hit + 50);
	EXPECT_EQ_UINT(arp_mib[ARP_MIB_LOOKUPS], lookups);
	skb = fake_eth_pop(e1);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, gw_mac, ETH_ALEN);
	EXPECT_EQ_MEM(skb->data + ETH_ALEN, nt_mac_peer, ETH_ALEN);
	EXPECT_EQ_UINT(nt_iph(skb)->ttl, 63);
	consume_skb(skb);
	fake_eth_purge(e1);
	/* A destination with a path MTU of its own gets a route of its own. */
	ip_rt_update_pmtu(NT_IP(10, 9, 7, 7), 1280);
	rt_cache_get_stat(&s0);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 9, 7, 7), 64);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 9, 7, 7), 64);
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 2);
	fake_eth_purge(e1);	/* the frames held their routes */
	rt_cache_get_stat(&s1);
	EXPECT_EQ_UINT(s1.in_slow_tot, s0.in_slow_tot + 2);
	EXPECT_EQ_UINT(s1.entries, s0.entries);
	/* The entry deleted: nothing cached survives it, nothing routes. */
	EXPECT_EQ_INT(ip_route_del(NT_IP(10, 9, 0, 0), 16, 0, NULL), 0);
	rt_cache_get_stat(&s0);
	inject_icmp(e0, NT_IP(10, 0, 0, 1), NT_IP(10, 9, 1, 1), 64);
	rt_cache_get_stat(&s1);
	EXPECT_EQ_UINT(s1.in_no_route, s0.in_no_route + 1);
	EXPECT_EQ_UINT(s1.in_slow_tot, s0.in_slow_tot);
	ipv4_forward = false;
	shim_advance_ms(10 * 60 * 1000);	/* the PMTU exception lapses */
	fake_eth_purge(e0);
	fake_eth_purge(e1);
	fake_eth_destroy(e0);
	fake_eth_destroy(e1);
	nettest_end(&b);
}
