/* test_drop_reasons.c - every drop in net/ is counted under its own reason, and under no other (TCP's state machine's drops in tcp_scripts/, with drop lines). */
/* links: net */
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/inetdevice.h>
#include <net/etherdevice.h>
#include <net/snmp.h>
#include <net/sock.h>
#include <net/proto/udp.h>
#include <net/proto/tcp.h>
#include <net/checksum.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)
#define OTHER	NT_IP(10, 0, 0, 99)	/* on our subnet, not us */
#define FAR	NT_IP(192, 168, 1, 1)	/* behind the second interface */
#define TESTPROTO 253

static const u8 mac_other[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const u8 mac_far[6] = { 0x02, 0, 0, 0, 0, 0x77 };
static u8 frame[70000], msg[70000];

/* ---- counting ---- */

struct drops {
	u64 n[SKB_DROP_REASON_MAX];
};

static void drops_snap(struct drops *d)
{
	for (int r = 0; r < SKB_DROP_REASON_MAX; r++)
		d->n[r] = skb_drop_reason_count(r);
}

/* How many of the drops named in want ("NAME COUNT NAME COUNT ...") reason r should have. */
static u64 drops_wanted(const char *want, int r)
{
	char name[64];
	unsigned long long n;
	int used;

	while (sscanf(want, "%63s %llu%n", name, &n, &used) == 2) {
		if (!strcmp(name, drop_reason_name(r)))
			return n;
		want += used;
	}
	return 0;
}

/*
 * Since the snapshot d, exactly the drops in want happened: each named
 * reason moved by its count and every other reason stayed put. Takes a
 * new snapshot for the next check.
 */
static bool drops_moved(struct drops *d, const char *want, const char *file,
			int line)
{
	bool ok = true;

	shim_run_softirqs();
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++) {
		u64 got = skb_drop_reason_count(r) - d->n[r];
		u64 exp = drops_wanted(want, r);

		ok &= unit_check(got == exp, file, line, "%s: %llu drops, expected %llu (%s)",
				 drop_reason_name(r), (unsigned long long)got,
				 (unsigned long long)exp, want);
	}
	drops_snap(d);
	return ok;
}
#define EXPECT_DROPS(d, want) drops_moved(d, want, __FILE__, __LINE__)

/* ---- set-up and frames ---- */

static int discard_handler(struct sk_buff *skb)
{
	consume_skb(skb);
	return 0;
}

static const struct net_protocol test_protocol = { .handler = discard_handler };

static struct net_device *setup(void)
{
	static bool registered;
	struct net_device *dev = fake_eth_create(nt_mac_us);

	if (!registered) {
		inet_add_protocol(&test_protocol, TESTPROTO);
		registered = true;
	}
	if (inet_addr_add(dev, US, 24) || neigh_add_permanent(dev, PEER, nt_mac_peer))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(dev);
	return dev;
}

/* A test's start: the leak baseline, our device, the drop counts. */
static struct net_device *dt_begin(struct nettest_baseline *b, struct drops *d)
{
	struct net_device *dev;

	nettest_begin(b);
	dev = setup();
	drops_snap(d);
	return dev;
}

/* Its end: the device goes without a drop, and nothing leaked. */
#define dt_end(dev, b, d)						\
	do {								\
		fake_eth_destroy(dev);					\
		EXPECT_DROPS(d, "");					\
		nettest_end(b);						\
	} while (0)

static struct iphdr *fiph(void)
{
	return (struct iphdr *)(frame + ETH_HLEN);
}

/* A datagram of len payload octets from PEER to daddr, to our MAC. */
static size_t ip_to(__be32 saddr, __be32 daddr, u8 proto, u16 frag_off, u8 ttl,
		    size_t len)
{
	memset(msg, 'd', len);
	return nt_ip_frame(frame, nt_mac_us, nt_mac_peer, saddr, daddr, proto, 42,
			   frag_off, ttl, msg, len);
}

/* Inject, then send whatever we answered (ICMP errors, ARP) out on the "wire". */
static void inject(struct net_device *dev, size_t len)
{
	nettest_inject(dev, frame, len);
	fake_eth_purge(dev);
}

/* A locally generated datagram of len octets to daddr (consumed). */
static int send_l4(__be32 daddr, size_t len, bool df)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + len);
	int err;

	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, MAX_HEADER);
	memset(skb_put(skb, (unsigned int)len), 's', len);
	local_bh_disable();
	err = ip_send_l4(skb, 0, daddr, TESTPROTO, 0, 64, df);
	local_bh_enable();
	return err;
}

/* ---- link layer and core ---- */

UNIT_TEST(link_layer_and_core_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff_head q;
	struct sk_buff *skb, *c;
	struct drops d;
	u32 saved_backlog = netdev_max_backlog;

	dev = dt_begin(&b, &d);
	ASSERT(dev);

	memset(frame, 0, sizeof(frame));
	inject(dev, 10);				/* no room for an Ethernet header */
	EXPECT_DROPS(&d, "PKT_TOO_SMALL 1");
	nt_eth(frame, nt_mac_us, nt_mac_peer, ETH_P_IP);
	inject(dev, ETH_HLEN + dev->mtu + VLAN_HLEN + 1);	/* longer than the MTU allows */
	EXPECT_DROPS(&d, "PKT_TOO_BIG 1");
	nt_eth(frame, nt_mac_us, nt_mac_peer, 0x88b5);	/* IEEE 802 local experimental */
	inject(dev, 60);
	EXPECT_DROPS(&d, "UNHANDLED_PROTO 1");
	EXPECT_EQ_UINT(dev->stats.rx_nohandler, 1);

	/* The receive backlog full (netif_rx, as loopback uses it). */
	netdev_max_backlog = 0;
	skb = alloc_skb(64);
	ASSERT(skb);
	skb->dev = dev;
	EXPECT_EQ_INT(netif_rx(skb), NET_RX_DROP);
	netdev_max_backlog = saved_backlog;
	EXPECT_DROPS(&d, "CPU_BACKLOG 1");

	/* No memory for a private copy of a clone: the clone is dropped, the original lives. */
	skb = alloc_skb(64);
	ASSERT(skb);
	c = skb_clone(skb);
	ASSERT(c);
	shim_fail_alloc_after(1);
	EXPECT(skb_unshare(c) == NULL);
	shim_fail_alloc_after(0);
	EXPECT_DROPS(&d, "NOMEM 1");
	consume_skb(skb);

	skb_queue_head_init(&q);
	skb_queue_tail(&q, alloc_skb(64));
	skb_queue_tail(&q, alloc_skb(64));
	skb_queue_purge(&q);
	EXPECT_DROPS(&d, "QUEUE_PURGE 2");

	/* A device that is down takes nothing in. */
	dev_close(dev);
	inject(dev, ip_to(PEER, US, TESTPROTO, 0, 64, 20));
	EXPECT_DROPS(&d, "DEV_READY 1");
	dt_end(dev, &b, &d);
}

/* A device with no qdisc (noqueue) whose driver is busy: the frame cannot wait. */
UNIT_TEST(noqueue_busy_driver_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct fake_eth *fe;
	struct sk_buff *skb;
	struct drops d;

	nettest_begin(&b);
	dev = fake_eth_create_txqlen(nt_mac_peer, 0);
	ASSERT(!dev->qdisc);
	drops_snap(&d);
	fe = netdev_priv(dev);
	fe->busy = true;
	skb = alloc_skb(64);
	ASSERT(skb);
	skb_put_zero(skb, 60);
	skb->dev = dev;
	EXPECT_EQ_INT(dev_queue_xmit(skb), NET_XMIT_DROP);
	EXPECT_DROPS(&d, "FULL_RING 1");
	EXPECT_EQ_UINT(dev->stats.tx_dropped, 1);
	fe->busy = false;
	fake_eth_destroy(dev);
	EXPECT_DROPS(&d, "");
	nettest_end(&b);
}

/* ---- IPv4 input ---- */

UNIT_TEST(ip_input_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct drops d;
	size_t n;

	dev = dt_begin(&b, &d);
	ASSERT(dev);

	n = ip_to(PEER, US, TESTPROTO, 0, 64, 20);
	memcpy(frame, mac_other, 6);			/* for another station (promiscuous) */
	inject(dev, n);
	EXPECT_DROPS(&d, "OTHERHOST 1");
	ip_to(PEER, US, TESTPROTO, 0, 64, 20);
	inject(dev, ETH_HLEN + 10);			/* shorter than an IP header */
	EXPECT_DROPS(&d, "HDR_TRUNC 1");
	n = ip_to(PEER, US, TESTPROTO, 0, 64, 20);
	fiph()->version_ihl = 0x65;
	ip_send_check(fiph());
	inject(dev, n);
	EXPECT_DROPS(&d, "IP_INHDR 1");
	n = ip_to(PEER, US, TESTPROTO, 0, 64, 20);
	fiph()->check ^= 0x0101;
	inject(dev, n);
	EXPECT_DROPS(&d, "IP_CSUM 1");
	n = ip_to(PEER, US, TESTPROTO, 0, 64, 20);
	inject(dev, n - 8);				/* tot_len says 8 more */
	EXPECT_DROPS(&d, "PKT_TOO_SMALL 1");
	inject(dev, ip_to(NT_IP(224, 0, 0, 5), US, TESTPROTO, 0, 64, 20));
	EXPECT_DROPS(&d, "IP_INVALID_SOURCE 1");
	inject(dev, ip_to(NT_IP(127, 0, 0, 1), US, TESTPROTO, 0, 64, 20));
	inject(dev, ip_to(PEER, NT_IP(127, 0, 0, 1), TESTPROTO, 0, 64, 20));
	EXPECT_DROPS(&d, "IP_LOCALNET 2");
	inject(dev, ip_to(PEER, OTHER, TESTPROTO, 0, 64, 20));	/* forwarding is off */
	EXPECT_DROPS(&d, "IP_FORWARD_DISABLED 1");
	inject(dev, ip_to(PEER, US, 254, 0, 64, 20));	/* no handler for protocol 254 */
	EXPECT_DROPS(&d, "IP_NOPROTO 1");
	dt_end(dev, &b, &d);
}

/* ---- forwarding ---- */

/* A loose source route through FAR (RFC 791 3.1): option 0x83, then end of list. */
static size_t ip_source_routed(void)
{
	static const u8 lsrr[8] = { 0x83, 7, 4, 192, 168, 1, 1, 0 };
	size_t n = ip_to(PEER, FAR, TESTPROTO, 0, 64, 20);

	memmove(frame + ETH_HLEN + 28, frame + ETH_HLEN + 20, 20);
	memcpy(frame + ETH_HLEN + 20, lsrr, sizeof(lsrr));
	ip_set_version_ihl(fiph(), 7);
	fiph()->tot_len = htons(48);
	ip_send_check(fiph());
	return n + sizeof(lsrr);
}

UNIT_TEST(ip_forward_drops)
{
	struct nettest_baseline b;
	struct net_device *e0, *e1;
	struct drops d;
	size_t n;

	nettest_begin(&b);
	e0 = setup();
	ASSERT(e0);
	e1 = fake_eth_create(mac_other);
	ASSERT(!inet_addr_add(e1, NT_IP(192, 168, 1, 2), 24));
	ASSERT(!neigh_add_permanent(e1, FAR, mac_far));
	ASSERT(!dev_set_mtu(e1, 1000));
	shim_run_softirqs();
	fake_eth_purge(e1);
	ipv4_forward = true;
	drops_snap(&d);

	inject(e0, ip_to(PEER, FAR, TESTPROTO, 0, 64, 20));	/* the good case */
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 1);
	fake_eth_purge(e1);
	EXPECT_DROPS(&d, "");
	inject(e0, ip_to(PEER, NT_IP(172, 16, 0, 1), TESTPROTO, 0, 64, 20));
	EXPECT_DROPS(&d, "IP_INNOROUTES 1");
	n = ip_to(PEER, FAR, TESTPROTO, 0, 64, 20);
	memcpy(frame, nt_mac_bcast, 6);			/* RFC 1812 5.3.4 */
	inject(e0, n);
	EXPECT_DROPS(&d, "UNICAST_IN_L2_MULTICAST 1");
	inject(e0, ip_source_routed());
	EXPECT_DROPS(&d, "IP_SOURCE_ROUTE 1");
	inject(e0, ip_to(PEER, FAR, TESTPROTO, 0, 1, 20));
	EXPECT_DROPS(&d, "IP_TTL_EXPIRED 1");
	inject(e0, ip_to(PEER, FAR, TESTPROTO, IP_DF, 64, 1200));	/* e1's MTU is 1000 */
	EXPECT_DROPS(&d, "PKT_TOO_BIG 1");
	EXPECT_EQ_UINT(fake_eth_txlen(e1), 0);

	ipv4_forward = false;
	fake_eth_destroy(e1);
	fake_eth_destroy(e0);
	EXPECT_DROPS(&d, "");
	nettest_end(&b);
}

/* ---- IPv4 output ---- */

UNIT_TEST(ip_output_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct drops d;
	u32 saved_max = arp_parms.table_max;

	dev = dt_begin(&b, &d);
	ASSERT(dev);

	EXPECT_EQ_INT(send_l4(PEER, 100, true), 0);	/* the good case */
	EXPECT_DROPS(&d, "");
	EXPECT_EQ_INT(send_l4(NT_IP(172, 16, 0, 1), 100, false), -ENETUNREACH);
	EXPECT_DROPS(&d, "IP_OUTNOROUTES 1");
	EXPECT_EQ_INT(send_l4(PEER, IP_MAXPACKET - 10, false), -EMSGSIZE);
	EXPECT_DROPS(&d, "PKT_TOO_BIG 1");
	EXPECT_EQ_INT(send_l4(PEER, 2000, true), -EMSGSIZE);	/* DF, MTU 1500 */
	EXPECT_DROPS(&d, "PKT_TOO_BIG 1");

	/* The first fragment finds no room for a neighbour: it and the datagram go. */
	arp_parms.table_max = neigh_count();
	EXPECT_EQ_INT(send_l4(NT_IP(10, 0, 0, 77), 3000, false), -ENOBUFS);
	arp_parms.table_max = saved_max;
	EXPECT_DROPS(&d, "NEIGH_CREATEFAIL 1 FRAG_FAILED 1");
	dt_end(dev, &b, &d);
}

/* ---- reassembly ---- */

UNIT_TEST(ip_reassembly_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct drops d;
	u32 saved_queues = ipfrag_max_queues;
	size_t n;

	dev = dt_begin(&b, &d);
	ASSERT(dev);

	/* The first fragment twice: the copy goes; the original times out alone. */
	n = ip_to(PEER, US, TESTPROTO, IP_MF, 64, 16);
	inject(dev, n);
	inject(dev, n);
	EXPECT_DROPS(&d, "DUP_FRAG 1");
	shim_advance_ms(ipfrag_time_ms + 1000);
	fake_eth_purge(dev);				/* the ICMP time exceeded */
	EXPECT_DROPS(&d, "FRAG_REASM_TIMEOUT 1");

	/* [0,16) then [8,24): an overlap takes the whole datagram (RFC 5722). */
	inject(dev, ip_to(PEER, US, TESTPROTO, IP_MF, 64, 16));
	inject(dev, ip_to(PEER, US, TESTPROTO, IP_MF | 1, 64, 16));
	EXPECT_DROPS(&d, "FRAG_OVERLAP 2");

	/* A fragment ending past 65535 octets. */
	inject(dev, ip_to(PEER, US, TESTPROTO, 8180, 64, 100));
	EXPECT_DROPS(&d, "PKT_TOO_BIG 1");

	/* Two last fragments that disagree on the datagram's length. */
	inject(dev, ip_to(PEER, US, TESTPROTO, 2, 64, 24));
	inject(dev, ip_to(PEER, US, TESTPROTO, 2, 64, 32));
	EXPECT_DROPS(&d, "IP_INHDR 2");

	/* One queue allowed: a second datagram evicts the first. */
	ipfrag_max_queues = 1;
	inject(dev, ip_to(PEER, US, TESTPROTO, IP_MF, 64, 16));
	fiph()->id = htons(43);
	ip_send_check(fiph());
	inject(dev, ETH_HLEN + 36);
	ipfrag_max_queues = saved_queues;
	EXPECT_DROPS(&d, "PROTO_MEM 1");

	/* The device going away takes the queued fragment along. */
	fake_eth_destroy(dev);
	EXPECT_DROPS(&d, "DEV_READY 1");
	nettest_end(&b);
}

/* ---- ARP and the neighbour table ---- */

UNIT_TEST(arp_and_neighbour_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct arp_eth_ipv4 *arp;
	struct drops d;
	size_t n;

	dev = dt_begin(&b, &d);
	ASSERT(dev);
	arp = (struct arp_eth_ipv4 *)(frame + ETH_HLEN);

	n = nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer, PEER,
			 nt_mac_bcast, US);
	inject(dev, ETH_HLEN + 20);			/* cut short */
	EXPECT_DROPS(&d, "PKT_TOO_SMALL 1");
	arp->hdr.ar_hrd = htons(6);			/* IEEE 802, not Ethernet */
	inject(dev, n);
	EXPECT_DROPS(&d, "ARP_INVALID 1");
	n = nt_arp_frame(frame, mac_other, ARPOP_REQUEST, nt_mac_peer, PEER,
			 nt_mac_bcast, US);
	inject(dev, n);
	EXPECT_DROPS(&d, "OTHERHOST 1");
	n = nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer,
			 NT_IP(224, 0, 0, 1), nt_mac_bcast, US);
	inject(dev, n);					/* a multicast sender */
	EXPECT_DROPS(&d, "ARP_INVALID 1");
	n = nt_arp_frame(frame, nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer, PEER,
			 nt_mac_bcast, US);
	dev->flags |= IFF_NOARP;
	inject(dev, n);
	dev->flags &= ~IFF_NOARP;
	EXPECT_DROPS(&d, "UNHANDLED_PROTO 1");

	/* Four packets for a neighbour that never answers: the oldest makes room. */
	for (int i = 0; i < 4; i++)
		EXPECT_EQ_INT(send_l4(NT_IP(10, 0, 0, 50), 20, false), 0);
	EXPECT_DROPS(&d, "NEIGH_QUEUEFULL 1");
	shim_advance_ms((u64)arp_parms.retrans_time_ms * (arp_parms.mcast_probes + 1));
	fake_eth_purge(dev);
	EXPECT_DROPS(&d, "NEIGH_FAILED 3");

	/* A packet waiting on an entry that is deleted. */
	EXPECT_EQ_INT(send_l4(NT_IP(10, 0, 0, 51), 20, false), 0);
	EXPECT_EQ_INT(neigh_delete(dev, NT_IP(10, 0, 0, 51)), 0);
	EXPECT_DROPS(&d, "NEIGH_DEAD 1");
	dt_end(dev, &b, &d);
}

/* ---- ICMP ---- */

/* An ICMP message from PEER to daddr: type, code, then body (echo data or a quote). */
static size_t icmp_to(__be32 daddr, u8 type, u8 code, const void *body, size_t len)
{
	u8 icmp[600];
	size_t m = nt_icmp(icmp, type, code, 0x4242, 1, body, len);

	return nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, daddr, IPPROTO_ICMP,
			   9, 0, 64, icmp, m);
}

UNIT_TEST(icmp_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u8 quote[NT_QUOTE_LEN];
	struct drops d;
	size_t n;

	dev = dt_begin(&b, &d);
	ASSERT(dev);

	inject(dev, icmp_to(US, ICMP_ECHO, 0, "ping", 4));	/* the good case */
	EXPECT_DROPS(&d, "");
	inject(dev, ip_to(PEER, US, IPPROTO_ICMP, 0, 64, 4));	/* no room for the header */
	EXPECT_DROPS(&d, "PKT_TOO_SMALL 1");
	n = icmp_to(US, ICMP_ECHO, 0, "ping", 4);
	frame[n - 1] ^= 0xff;
	inject(dev, n);
	EXPECT_DROPS(&d, "ICMP_CSUM 1");
	inject(dev, icmp_to(US, 99, 0, "", 0));		/* beyond RFC 792's types */
	EXPECT_DROPS(&d, "UNHANDLED_PROTO 1");
	n = icmp_to(NT_IP(10, 0, 0, 255), ICMP_ECHO, 0, "ping", 4);
	memcpy(frame, nt_mac_bcast, 6);			/* RFC 1122 3.2.2.6: ignored */
	inject(dev, n);
	EXPECT_DROPS(&d, "INVALID_PROTO 1");

	/* Errors: a quote too short, then one about a datagram we never sent. */
	n = nt_icmp_quote(quote, US, PEER, TESTPROTO);
	inject(dev, icmp_to(US, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, quote, 12));
	EXPECT_DROPS(&d, "HDR_TRUNC 1");
	inject(dev, icmp_to(US, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, quote, n));
	EXPECT_DROPS(&d, "");				/* ours: taken */
	n = nt_icmp_quote(quote, PEER, US, TESTPROTO);
	inject(dev, icmp_to(US, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, quote, n));
	EXPECT_DROPS(&d, "INVALID_PROTO 1");
	dt_end(dev, &b, &d);
}

/* ---- UDP and sockets ---- */

static size_t udp_to(u16 dport, const void *data, size_t len, bool csum)
{
	u8 udp[2000];
	size_t m = nt_udp(udp, PEER, US, 4000, dport, data, len, csum);

	return nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_UDP,
			   11, 0, 64, udp, m);
}

UNIT_TEST(udp_and_socket_drops)
{
	static u8 page[64];
	struct socktest st;
	struct net_device *dev;
	struct drops d;
	u64 rcvbuf0 = udp_mib[UDP_MIB_RCVBUFERRORS], dropped;
	char buf[64], want[64];
	int fd, i;
	size_t n;

	st_begin(&st);
	dev = setup();
	ASSERT(dev);
	fd = st_udp();
	ASSERT(fd >= 0 && st_bind(fd, INADDR_ANY, 7000) == 0);
	drops_snap(&d);

	inject(dev, udp_to(7000, "hello", 5, true));	/* the good case */
	EXPECT_EQ_INT(st_recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, NULL), 5);
	EXPECT_DROPS(&d, "");
	n = udp_to(7000, "hello", 5, true);
	((struct udphdr *)(frame + ETH_HLEN + 20))->len = htons(4);
	inject(dev, n);
	EXPECT_DROPS(&d, "PKT_TOO_SMALL 1");
	n = udp_to(7000, "hello", 5, true);
	frame[n - 1] ^= 0x55;
	inject(dev, n);
	EXPECT_DROPS(&d, "");	/* queued: the checksum is verified as it is read */
	EXPECT_EQ_INT(st_recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	EXPECT_DROPS(&d, "UDP_CSUM 1");
	inject(dev, udp_to(7001, "hello", 5, true));
	EXPECT_DROPS(&d, "NO_SOCKET 1");

	/* Past SO_RCVBUF: every datagram that did not fit is one drop. */
	ASSERT(st_setint(fd, SOL_SOCKET, SO_RCVBUF, 1) == 0);
	for (i = 0; i < 8; i++)
		inject(dev, udp_to(7000, "fill", 4, true));
	dropped = udp_mib[UDP_MIB_RCVBUFERRORS] - rcvbuf0;
	EXPECT(dropped > 0);
	snprintf(want, sizeof(want), "SOCKET_RCVBUFF %llu", (unsigned long long)dropped);
	EXPECT_DROPS(&d, want);
	for (i = 0; i < 8 - (int)dropped; i++)
		EXPECT_EQ_INT(st_recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, NULL), 4);
	EXPECT_EQ_INT(st_recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);

	/* A receive buffer that faults: the datagram, taken off the queue, is lost. */
	inject(dev, udp_to(7000, "lost", 4, true));
	shim_user_unmap(page, sizeof(page));
	EXPECT_EQ_INT(st_recvfrom(fd, page, sizeof(page), MSG_DONTWAIT, NULL), -EFAULT);
	EXPECT_DROPS(&d, "SKB_UCOPY_FAULT 1");
	EXPECT_EQ_INT(st_recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	/* So is a datagram whose data cannot be read from the sender. */
	EXPECT_EQ_INT(st_sendto(fd, page, 16, PEER, 9), -EFAULT);
	shim_user_unmap(NULL, 0);
	EXPECT_DROPS(&d, "SKB_UCOPY_FAULT 1");

	/* Closed with data unread. */
	inject(dev, udp_to(7000, "unread", 6, true));
	EXPECT_EQ_INT(sys_close(fd), 0);
	EXPECT_DROPS(&d, "SOCKET_CLOSE 1");
	st_end(&st, dev);
	EXPECT_DROPS(&d, "");
}

/* ---- TCP's header checks (tcp_v4_rcv) ---- */

/*
 * A TCP segment from PEER:4000 to daddr:dport, header doff words long
 * (options zeroed), within len octets of IP payload (a shorter len cuts
 * the header); checksummed unless !csum.
 */
static size_t tcp_to(__be32 daddr, u16 dport, unsigned int doff, size_t len, bool csum)
{
	struct tcphdr *th = (struct tcphdr *)msg;

	memset(msg, 0, len > sizeof(*th) ? len : sizeof(*th));
	th->source = htons(4000);
	th->dest = htons(dport);
	th->seq = htonl(1);
	th->flags = TCPHDR_SYN;
	th->window = htons(1000);
	tcp_set_doff(th, doff);
	th->check = csum_tcpudp_magic(PEER, daddr, (u32)len, IPPROTO_TCP,
				      csum_partial(msg, (unsigned int)len, 0));
	if (!csum)
		th->check ^= htons(0x5555);
	return nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, daddr, IPPROTO_TCP,
			   12, 0, 64, msg, len);
}

UNIT_TEST(tcp_header_drops)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct drops d;

	dev = dt_begin(&b, &d);
	ASSERT(dev);
	inject(dev, tcp_to(US, 7100, 5, 10, true));
	EXPECT_DROPS(&d, "PKT_TOO_SMALL 1");
	inject(dev, tcp_to(US, 7100, 4, 20, true));
	EXPECT_DROPS(&d, "PKT_TOO_SMALL 1");
	inject(dev, tcp_to(US, 7100, 15, 40, true));
	EXPECT_DROPS(&d, "HDR_TRUNC 1");
	inject(dev, tcp_to(US, 7100, 5, 20, false));
	EXPECT_DROPS(&d, "TCP_CSUM 1");
	/* RFC 1122 4.2.3.10: nothing to a broadcast address. */
	inject(dev, tcp_to(NT_IP(10, 0, 0, 255), 7100, 5, 20, true));
	EXPECT_DROPS(&d, "OTHERHOST 1");
	/* A good SYN for a port nobody listens on: a RST back, and the drop. */
	inject(dev, tcp_to(US, 7100, 5, 20, true));
	EXPECT_DROPS(&d, "NO_SOCKET 1");
	dt_end(dev, &b, &d);
}

