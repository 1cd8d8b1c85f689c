/* test_route.c - net/ipv4/route.c and devinet.c: longest-prefix match, output and input routes, PMTU, generations. */
/* links: net */
#include <net/route.h>
#include <net/ip.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
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
