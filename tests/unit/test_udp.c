/* test_udp.c - net/ipv4/udp.c through the socket system calls, over lo and a fake Ethernet. */
/* links: net */
#include <net/udp.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/etherdevice.h>
#include <net/snmp.h>
#include <kernel/timer.h>
#include <sys/time.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)
#define LO	NT_IP(127, 0, 0, 1)
#define BCAST	NT_IP(255, 255, 255, 255)

static u8 frame[70000], payload[70000], buf[70000];

static struct net_device *setup_eth(void)
{
	struct net_device *dev = fake_eth_create(nt_mac_us);

	if (inet_addr_add(dev, US, 24) ||
	    neigh_add_permanent(dev, PEER, nt_mac_peer))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(dev);
	return dev;
}

static void fill(u8 *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(i * 7 + seed);
}

/* Inject a UDP datagram from PEER (one frame, no fragmentation). */
static void inject_udp(struct net_device *dev, __be32 saddr, __be32 daddr,
		       u16 sport, u16 dport, const void *data, size_t len,
		       bool csum, const u8 *eth_dst)
{
	static u8 msg[2000];
	size_t n = nt_udp(msg, saddr, daddr, sport, dport, data, len, csum);

	n = nt_ip_frame(frame, eth_dst, nt_mac_peer, saddr, daddr, IPPROTO_UDP,
			77, 0, 64, msg, n);
	nettest_inject(dev, frame, n);
}

UNIT_TEST(udp_bind_rules)
{
	struct sockaddr_in sin = nt_sin(LO, 5000);
	struct socktest st;
	int a, b, c;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	c = st_udp();
	ASSERT(a >= 0 && b >= 0 && c >= 0);
	EXPECT_EQ_INT(st_bind(a, LO, 5000), 0);
	EXPECT_EQ_INT(st_bind(a, LO, 5001), -EINVAL);		/* bound already */
	EXPECT_EQ_INT(st_bind(b, LO, 5000), -EADDRINUSE);
	EXPECT_EQ_INT(st_bind(b, INADDR_ANY, 5000), -EADDRINUSE); /* wildcard overlaps */
	EXPECT_EQ_INT(st_setint(b, SOL_SOCKET, SO_REUSEADDR, 1), 0);
	EXPECT_EQ_INT(st_bind(b, INADDR_ANY, 5000), -EADDRINUSE); /* both must ask */
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_REUSEADDR, 1), 0);
	EXPECT_EQ_INT(st_bind(b, INADDR_ANY, 5000), 0);
	/* A different specific address does not clash with a, but with b's wildcard. */
	EXPECT_EQ_INT(st_bind(c, NT_IP(127, 0, 0, 2), 5000), -EADDRINUSE);
	EXPECT_EQ_INT(st_bind(c, LO, 5002), 0);
	/* Not an address of ours; bad family; short; bad pointer. */
	sys_close(c);
	c = st_udp();
	EXPECT_EQ_INT(st_bind(c, NT_IP(192, 0, 2, 1), 5003), -EADDRNOTAVAIL);
	sin.sin_family = AF_INET6;
	EXPECT_EQ_INT(sys_bind(c, (struct sockaddr *)&sin, sizeof(sin)), -EAFNOSUPPORT);
	sin = nt_sin(LO, 5003);
	EXPECT_EQ_INT(sys_bind(c, (struct sockaddr *)&sin, 8), -EINVAL);
	EXPECT_EQ_INT(sys_bind(c, (struct sockaddr *)&sin, -1), -EINVAL);
	EXPECT_EQ_INT(sys_bind(c, ST_BAD_PTR, sizeof(sin)), -EFAULT);
	EXPECT_EQ_INT(sys_bind(99, (struct sockaddr *)&sin, sizeof(sin)), -EBADF);
	/* AF_UNSPEC is accepted for INADDR_ANY only (Linux). */
	sin = nt_sin(INADDR_ANY, 5004);
	sin.sin_family = AF_UNSPEC;
	EXPECT_EQ_INT(sys_bind(c, (struct sockaddr *)&sin, sizeof(sin)), 0);
	EXPECT_EQ_UINT(st_local_port(c), 5004);
	/* Closing frees the port. */
	sys_close(a);
	sys_close(b);
	a = st_udp();
	EXPECT_EQ_INT(st_bind(a, INADDR_ANY, 5000), 0);
	st_end(&st, NULL);
}

UNIT_TEST(udp_ephemeral_ports_distinct_and_in_range)
{
	static int fds[300];
	static u16 ports[300];
	struct socktest st;
	int i, j;

	st_begin(&st);
	for (i = 0; i < 300; i++) {
		fds[i] = st_udp();
		ASSERT(fds[i] >= 0);
		/* Half by bind(port 0), half by the autobind of a first send. */
		if (i & 1)
			EXPECT_EQ_INT(st_bind(fds[i], INADDR_ANY, 0), 0);
		else
			EXPECT_EQ_INT(st_sendto(fds[i], "x", 1, LO, 9), 1);
		ports[i] = st_local_port(fds[i]);
		if (!EXPECT(ports[i] >= 32768 && ports[i] <= 60999))
			break;
		for (j = 0; j < i; j++)
			if (!EXPECT_MSG(ports[j] != ports[i], "port %u twice", ports[i]))
				break;
	}
	st_end(&st, NULL);
}

UNIT_TEST(udp_loopback_send_recv_with_addresses)
{
	u64 in0 = udp_mib[UDP_MIB_INDATAGRAMS], out0 = udp_mib[UDP_MIB_OUTDATAGRAMS];
	struct sockaddr_in from;
	struct socktest st;
	int a, b;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	ASSERT(st_bind(a, LO, 7000) == 0);
	EXPECT_EQ_INT(st_sendto(b, "hello", 5, LO, 7000), 5);
	memset(&from, 0, sizeof(from));
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), 0, &from), 5);
	EXPECT_EQ_MEM(buf, "hello", 5);
	EXPECT_EQ_UINT(from.sin_family, AF_INET);
	EXPECT_EQ_UINT(from.sin_addr.s_addr, LO);
	EXPECT_EQ_UINT(ntohs(from.sin_port), st_local_port(b));
	/* The reply goes back to where it came from. */
	EXPECT_EQ_INT(sys_sendto(a, "world!", 6, 0, (struct sockaddr *)&from,
				 sizeof(from)), 6);
	EXPECT_EQ_INT(st_recvfrom(b, buf, sizeof(buf), 0, &from), 6);
	EXPECT_EQ_UINT(ntohs(from.sin_port), 7000);
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_INDATAGRAMS] - in0, 2);
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_OUTDATAGRAMS] - out0, 2);
	/* Empty datagrams are datagrams; read()/write() work on a connected socket. */
	EXPECT_EQ_INT(st_sendto(b, "", 0, LO, 7000), 0);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), 0);
	EXPECT_EQ_INT(st_connect(b, LO, 7000), 0);
	EXPECT_EQ_INT(sys_write(b, "abc", 3), 3);
	EXPECT_EQ_INT(sys_read(a, buf, sizeof(buf)), 3);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	/* Errors of sendto. */
	EXPECT_EQ_INT(sys_sendto(a, "x", 1, 0, NULL, 0), -EDESTADDRREQ);
	EXPECT_EQ_INT(st_sendto(a, "x", 1, LO, 0), -EINVAL);
	EXPECT_EQ_INT(st_sendto(a, ST_BAD_PTR, 1, LO, 7000), -EFAULT);
	EXPECT_EQ_INT(st_sendto(a, "x", 1, NT_IP(192, 0, 2, 9), 7), -ENETUNREACH);
	st_end(&st, NULL);
}

UNIT_TEST(udp_msg_peek_and_trunc)
{
	struct iovec iov[2] = { { buf, 10 }, { buf + 10, 20 } };
	struct sockaddr_in from;
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from),
			    .msg_iov = iov, .msg_iovlen = 2 };
	struct socktest st;
	int a, b;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	ASSERT(st_bind(a, LO, 7001) == 0);
	fill(payload, 100, 3);
	EXPECT_EQ_INT(st_sendto(b, payload, 100, LO, 7001), 100);
	EXPECT_EQ_INT(st_recvfrom(a, buf, 10, MSG_PEEK, NULL), 10);
	EXPECT_EQ_MEM(buf, payload, 10);
	EXPECT_EQ_INT(st_recvfrom(a, buf, 10, MSG_PEEK | MSG_TRUNC, NULL), 100);
	EXPECT_EQ_INT(sys_ioctl(a, FIONREAD, (unsigned long)&(int){ 0 }), 0);
	/* recvmsg into two segments: 30 of 100 octets, flagged MSG_TRUNC. */
	memset(buf, 0, 100);
	EXPECT_EQ_INT(sys_recvmsg(a, &m, 0), 30);
	EXPECT_EQ_MEM(buf, payload, 30);
	EXPECT(m.msg_flags & MSG_TRUNC);
	EXPECT_EQ_UINT(m.msg_namelen, sizeof(from));
	EXPECT_EQ_UINT(ntohs(from.sin_port), st_local_port(b));
	EXPECT_EQ_UINT(m.msg_controllen, 0);
	/* The rest of a datagram is gone with it. */
	EXPECT_EQ_INT(st_recvfrom(a, buf, 100, MSG_DONTWAIT, NULL), -EAGAIN);
	EXPECT_EQ_INT(st_recvfrom(a, buf, 100, MSG_OOB, NULL), -EOPNOTSUPP);
	st_end(&st, NULL);
}

UNIT_TEST(udp_fionread_is_next_datagram_size)
{
	struct socktest st;
	int a, b, n = -1;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	ASSERT(st_bind(a, LO, 7002) == 0);
	EXPECT_EQ_INT(sys_ioctl(a, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ_INT(n, 0);
	st_sendto(b, payload, 33, LO, 7002);
	st_sendto(b, payload, 44, LO, 7002);
	EXPECT_EQ_INT(sys_ioctl(a, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ_INT(n, 33);
	EXPECT_EQ_INT(sys_ioctl(a, FIONREAD, (unsigned long)ST_BAD_PTR), -EFAULT);
	EXPECT_EQ_INT(sys_ioctl(a, 0x5401 /* TCGETS */, (unsigned long)&n), -ENOTTY);
	st_end(&st, NULL);
}

/* 65507 octets: out through the fake device in fragments, back in, reassembled. */
UNIT_TEST(udp_max_datagram_through_fragmentation)
{
	struct sockaddr_in from;
	struct net_device *dev;
	struct sk_buff *skb;
	struct socktest st;
	unsigned int frags = 0;
	int a, b;

	st_begin(&st);
	dev = setup_eth();
	ASSERT(dev);
	a = st_udp();
	b = st_udp();
	ASSERT(st_bind(a, US, 9000) == 0 && st_bind(b, US, 0) == 0);
	fill(payload, UDP_MAX_PAYLOAD + 1, 11);
	EXPECT_EQ_INT(st_sendto(b, payload, UDP_MAX_PAYLOAD + 1, PEER, 9000), -EMSGSIZE);
	EXPECT_EQ_INT(st_sendto(b, payload, UDP_MAX_PAYLOAD, PEER, 9000), UDP_MAX_PAYLOAD);
	/* Reflect every fragment: swapping the addresses keeps both checksums. */
	while ((skb = fake_eth_pop(dev)) != NULL) {
		struct iphdr *iph = (struct iphdr *)(skb->data + ETH_HLEN);
		__be32 t = iph->saddr;

		EXPECT(skb->len <= ETH_HLEN + 1500);
		iph->saddr = iph->daddr;
		iph->daddr = t;
		memcpy(skb->data, nt_mac_us, ETH_ALEN);
		nettest_inject(dev, skb->data, skb->len);
		consume_skb(skb);
		frags++;
	}
	EXPECT_EQ_UINT(frags, DIV_ROUND_UP(UDP_MAX_PAYLOAD + 8, 1480));
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, &from),
		      UDP_MAX_PAYLOAD);
	EXPECT(memcmp(buf, payload, UDP_MAX_PAYLOAD) == 0);
	EXPECT_EQ_UINT(from.sin_addr.s_addr, PEER);
	/* Over lo (MTU 65536) in one piece. */
	ASSERT(st_bind(a = st_udp(), LO, 9001) == 0);
	EXPECT_EQ_INT(st_sendto(b, payload, UDP_MAX_PAYLOAD, LO, 9001), UDP_MAX_PAYLOAD);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL),
		      UDP_MAX_PAYLOAD);
	EXPECT(memcmp(buf, payload, UDP_MAX_PAYLOAD) == 0);
	st_end(&st, dev);
}

UNIT_TEST(udp_checksums_zero_accepted_bad_counted)
{
	u64 csum0 = udp_mib[UDP_MIB_INCSUMERRORS], err0 = udp_mib[UDP_MIB_INERRORS];
	struct net_device *dev;
	struct socktest st;
	int a;

	st_begin(&st);
	dev = setup_eth();
	ASSERT(dev);
	a = st_udp();
	ASSERT(st_bind(a, INADDR_ANY, 5353) == 0);
	inject_udp(dev, PEER, US, 1000, 5353, "zero", 4, false, nt_mac_us);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), 4);
	EXPECT_EQ_MEM(buf, "zero", 4);
	inject_udp(dev, PEER, US, 1000, 5353, "good", 4, true, nt_mac_us);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), 4);
	/* A flipped bit: counted and dropped. */
	{
		static u8 msg[64];
		size_t n = nt_udp(msg, PEER, US, 1000, 5353, "bad!", 4, true);

		msg[9] ^= 0x01;
		n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US,
				IPPROTO_UDP, 78, 0, 64, msg, n);
		nettest_inject(dev, frame, n);
	}
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_INCSUMERRORS] - csum0, 1);
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_INERRORS] - err0, 1);
	/* A UDP length beyond the datagram, and a runt: InErrors. */
	{
		static u8 msg[64];
		size_t n = nt_udp(msg, PEER, US, 1000, 5353, "abcd", 4, false);

		msg[5] = 40;	/* uh->len = 40 > 12 */
		n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US,
				IPPROTO_UDP, 79, 0, 64, msg, n);
		nettest_inject(dev, frame, n);
		n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US,
				IPPROTO_UDP, 80, 0, 64, msg, 5);
		nettest_inject(dev, frame, n);
	}
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_INERRORS] - err0, 3);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	st_end(&st, dev);
}

UNIT_TEST(udp_closed_port_gets_icmp_port_unreachable)
{
	u64 noports0 = udp_mib[UDP_MIB_NOPORTS], multi0 = udp_mib[UDP_MIB_IGNOREDMULTI];
	struct net_device *dev;
	struct sk_buff *skb;
	struct socktest st;
	const u8 *icmp;

	st_begin(&st);
	dev = setup_eth();
	ASSERT(dev);
	shim_advance_ms(1000);	/* a full ICMP token bucket */
	inject_udp(dev, PEER, US, 1234, 4444, "knock", 5, true, nt_mac_us);
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_NOPORTS] - noports0, 1);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_UINT(nt_iph(skb)->protocol, IPPROTO_ICMP);
	EXPECT_EQ_UINT(nt_iph(skb)->daddr, PEER);
	icmp = skb->data + ETH_HLEN + 20;
	EXPECT_EQ_UINT(icmp[0], ICMP_DEST_UNREACH);
	EXPECT_EQ_UINT(icmp[1], ICMP_PORT_UNREACH);
	/* RFC 792: it quotes our IP header and the UDP header. */
	EXPECT_EQ_UINT(get_unaligned_be16(icmp + 8 + 20 + 2), 4444);
	consume_skb(skb);
	/* Broadcasts to a closed port: silence (RFC 1122 3.2.2). */
	inject_udp(dev, PEER, NT_IP(10, 0, 0, 255), 1234, 4444, "knock", 5, true,
		   nt_mac_bcast);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_IGNOREDMULTI] - multi0, 1);
	st_end(&st, dev);
}

UNIT_TEST(udp_port_unreachable_is_econnrefused_when_connected)
{
	struct socktest st;
	int a, b;

	st_begin(&st);
	shim_advance_ms(1000);
	a = st_udp();
	b = st_udp();
	/* Connected: the ICMP error comes back as ECONNREFUSED, once. */
	ASSERT(st_connect(a, LO, 4445) == 0);
	EXPECT_EQ_INT(sys_write(a, "ping", 4), 4);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), -ECONNREFUSED);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	EXPECT_EQ_INT(sys_write(a, "ping", 4), 4);
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_ERROR), ECONNREFUSED);
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_ERROR), 0);	/* read clears it */
	EXPECT_EQ_INT(sys_write(a, "ping", 4), 4);
	EXPECT_EQ_INT(sys_write(a, "ping", 4), -ECONNREFUSED);	/* send reports it too */
	/* Unconnected: nothing to report to. */
	EXPECT_EQ_INT(st_sendto(b, "ping", 4, LO, 4445), 4);
	EXPECT_EQ_INT(st_recvfrom(b, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	EXPECT_EQ_INT(st_getint(b, SOL_SOCKET, SO_ERROR), 0);
	st_end(&st, NULL);
}

UNIT_TEST(udp_rcvbuf_overflow_counted)
{
	u64 drop0 = udp_mib[UDP_MIB_RCVBUFERRORS];
	unsigned int sent = 50, received = 0;
	struct socktest st;
	int a, b;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	ASSERT(st_bind(a, LO, 7003) == 0);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_RCVBUF, 4096), 0);
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_RCVBUF), 8192);	/* doubled */
	for (unsigned int i = 0; i < sent; i++)
		EXPECT_EQ_INT(st_sendto(b, payload, 1000, LO, 7003), 1000);
	while (st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL) == 1000)
		received++;
	EXPECT(received > 0 && received < sent);
	EXPECT_EQ_UINT(received + (udp_mib[UDP_MIB_RCVBUFERRORS] - drop0), sent);
	st_end(&st, NULL);
}

UNIT_TEST(udp_broadcast_needs_so_broadcast)
{
	struct net_device *dev;
	struct sk_buff *skb;
	struct socktest st;
	int a;

	st_begin(&st);
	dev = setup_eth();
	ASSERT(dev);
	a = st_udp();
	EXPECT_EQ_INT(st_sendto(a, "all", 3, NT_IP(10, 0, 0, 255), 9), -EACCES);
	EXPECT_EQ_INT(st_connect(a, NT_IP(10, 0, 0, 255), 9), -EACCES);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_BROADCAST, 1), 0);
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_BROADCAST), 1);
	EXPECT_EQ_INT(st_sendto(a, "all", 3, NT_IP(10, 0, 0, 255), 9), 3);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, nt_mac_bcast, ETH_ALEN);
	EXPECT_EQ_UINT(nt_iph(skb)->saddr, US);
	consume_skb(skb);
	st_end(&st, dev);
}

/* A DHCP client's first exchange on an interface without an address (RFC 2131 4.1). */
UNIT_TEST(udp_dhcp_broadcast_on_unconfigured_interface)
{
	u8 mac2[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };
	struct sockaddr_in from;
	struct net_device *dev;
	const struct iphdr *iph;
	struct sk_buff *skb;
	struct socktest st;
	int c, other;

	st_begin(&st);
	dev = fake_eth_create(mac2);
	fake_eth_purge(dev);
	c = st_udp();
	other = st_udp();
	ASSERT(st_setint(c, SOL_SOCKET, SO_BROADCAST, 1) == 0);
	ASSERT(sys_setsockopt(c, SOL_SOCKET, SO_BINDTODEVICE, dev->name,
			      (int)strlen(dev->name)) == 0);
	ASSERT(st_setint(c, SOL_SOCKET, SO_REUSEADDR, 1) == 0);
	ASSERT(st_bind(c, INADDR_ANY, 68) == 0);
	/* Another socket on port 68, bound to lo: it must not get the OFFER. */
	ASSERT(st_setint(other, SOL_SOCKET, SO_REUSEADDR, 1) == 0);
	ASSERT(sys_setsockopt(other, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3) == 0);
	ASSERT(st_bind(other, INADDR_ANY, 68) == 0);
	/* DISCOVER: from 0.0.0.0 to 255.255.255.255, out of this device. */
	EXPECT_EQ_INT(st_sendto(c, "DISCOVER", 8, BCAST, 67), 8);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	iph = nt_iph(skb);
	EXPECT_EQ_MEM(skb->data, nt_mac_bcast, ETH_ALEN);
	EXPECT_EQ_UINT(iph->saddr, 0);
	EXPECT_EQ_UINT(iph->daddr, BCAST);
	EXPECT_EQ_UINT(csum_tcpudp_magic(0, BCAST, 16, IPPROTO_UDP,
					 csum_partial(skb->data + ETH_HLEN + 20, 16, 0)), 0);
	consume_skb(skb);
	/* OFFER: broadcast from the server, to port 68. */
	inject_udp(dev, NT_IP(10, 0, 2, 2), BCAST, 67, 68, "OFFER", 5, true,
		   nt_mac_bcast);
	EXPECT_EQ_INT(st_recvfrom(c, buf, sizeof(buf), MSG_DONTWAIT, &from), 5);
	EXPECT_EQ_UINT(from.sin_addr.s_addr, NT_IP(10, 0, 2, 2));
	EXPECT_EQ_INT(st_recvfrom(other, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	/* Without SO_BINDTODEVICE there is no route to 255.255.255.255 here. */
	EXPECT_EQ_INT(st_setint(other, SOL_SOCKET, SO_BROADCAST, 1), 0);
	EXPECT_EQ_INT(sys_setsockopt(other, SOL_SOCKET, SO_BINDTODEVICE, "", 0), 0);
	EXPECT_EQ_INT(st_sendto(other, "x", 1, BCAST, 67), -ENETUNREACH);
	EXPECT_EQ_INT(sys_setsockopt(other, SOL_SOCKET, SO_BINDTODEVICE, "nope0", 5),
		      -ENODEV);
	st_end(&st, dev);
}

UNIT_TEST(udp_rcvtimeo_times_out_with_eagain)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 250000 }, got;
	int len = sizeof(got);
	struct socktest st;
	u64 t0;
	int a;

	st_begin(&st);
	a = st_udp();
	ASSERT(st_bind(a, LO, 7004) == 0);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, (char *)&tv,
				     sizeof(tv)), 0);
	EXPECT_EQ_INT(sys_getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, (char *)&got, &len), 0);
	EXPECT_EQ_INT(got.tv_sec, 0);
	EXPECT_EQ_INT(got.tv_usec, 250000);
	t0 = shim_now_ms();
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), 0, NULL), -EAGAIN);
	EXPECT_MSG(shim_now_ms() - t0 >= 250 && shim_now_ms() - t0 <= 252,
		   "slept %llu ms", (unsigned long long)(shim_now_ms() - t0));
	/* O_NONBLOCK: no wait at all. */
	EXPECT_EQ_INT(sys_fcntl(a, F_SETFL, O_NONBLOCK), 0);
	t0 = shim_now_ms();
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), 0, NULL), -EAGAIN);
	EXPECT_EQ_UINT(shim_now_ms(), t0);
	/* Out-of-range timevals. */
	tv.tv_usec = 1000000;
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, (char *)&tv,
				     sizeof(tv)), -EDOM);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_SNDTIMEO, (char *)&tv, 4),
		      -EINVAL);
	st_end(&st, NULL);
}

struct late_sender {
	struct timer_list timer;
	struct net_device *dev;
};

static void late_send(struct timer_list *t)
{
	struct late_sender *ls = from_timer(ls, t, timer);

	inject_udp(ls->dev, PEER, US, 1000, 7005, "late", 4, true, nt_mac_us);
}

/* A blocking recv sleeps until the datagram comes (at +30 ms on the fake clock). */
UNIT_TEST(udp_blocking_recv_woken_by_arrival)
{
	struct late_sender ls;
	struct socktest st;
	u64 t0;
	int a;

	st_begin(&st);
	ls.dev = setup_eth();
	ASSERT(ls.dev);
	a = st_udp();
	ASSERT(st_bind(a, INADDR_ANY, 7005) == 0);
	timer_setup(&ls.timer, late_send, 0);
	t0 = shim_now_ms();
	mod_timer(&ls.timer, jiffies + 30);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), 0, NULL), 4);
	EXPECT_EQ_MEM(buf, "late", 4);
	EXPECT_EQ_UINT(shim_now_ms() - t0, 30);
	st_end(&st, ls.dev);
}

UNIT_TEST(udp_connected_socket_filters_and_names_its_peer)
{
	struct sockaddr_in sin;
	struct socktest st;
	int a, b, c, len = sizeof(sin);

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	c = st_udp();
	ASSERT(st_bind(a, LO, 7006) == 0 && st_bind(b, LO, 7007) == 0);
	EXPECT_EQ_INT(sys_getpeername(a, (struct sockaddr *)&sin, &len), -ENOTCONN);
	ASSERT(st_connect(a, LO, 7007) == 0);
	EXPECT_EQ_INT(sys_getpeername(a, (struct sockaddr *)&sin, &len), 0);
	EXPECT_EQ_UINT(ntohs(sin.sin_port), 7007);
	/* RFC 1122 4.1.3.4 by way of the lookup: only the peer gets through. */
	EXPECT_EQ_INT(st_sendto(c, "c", 1, LO, 7006), 1);
	EXPECT_EQ_INT(st_sendto(b, "b", 1, LO, 7006), 1);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), 1);
	EXPECT_EQ_UINT(buf[0], 'b');
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
	/* connect(AF_UNSPEC) dissolves it; the bound port stays. */
	sin.sin_family = AF_UNSPEC;
	EXPECT_EQ_INT(sys_connect(a, (struct sockaddr *)&sin, sizeof(sin)), 0);
	EXPECT_EQ_INT(sys_getpeername(a, (struct sockaddr *)&sin, &len), -ENOTCONN);
	EXPECT_EQ_UINT(st_local_port(a), 7006);
	EXPECT_EQ_INT(st_sendto(c, "c", 1, LO, 7006), 1);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL), 1);
	st_end(&st, NULL);
}

UNIT_TEST(udp_shutdown)
{
	struct socktest st;
	int a, b;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	ASSERT(st_bind(a, LO, 7008) == 0);
	/* Unconnected: ENOTCONN, but a waiting reader is released all the same (Linux). */
	EXPECT_EQ_INT(sys_shutdown(a, SHUT_RD), -ENOTCONN);
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), 0, NULL), 0);
	EXPECT_EQ_INT(sys_shutdown(a, 3), -EINVAL);
	ASSERT(st_connect(b, LO, 7008) == 0);
	EXPECT_EQ_INT(sys_shutdown(b, SHUT_WR), 0);
	EXPECT_EQ_INT(sys_write(b, "x", 1), -EPIPE);
	EXPECT_EQ_INT(sys_shutdown(99, SHUT_WR), -EBADF);
	st_end(&st, NULL);
}

/* The kernel-side API, as in-kernel clients use it. */
UNIT_TEST(udp_kernel_socket_api)
{
	struct sockaddr_in sin = nt_sin(LO, 7009), from;
	struct kvec v[2] = { { "ker", 3 }, { "nel", 3 } }, r = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof(sin) };
	struct nettest_baseline b;
	struct socket *s1, *s2;
	int one = 1, len = sizeof(one);

	nettest_begin(&b);
	ASSERT(sock_create_kern(AF_INET, SOCK_DGRAM, 0, &s1) == 0);
	ASSERT(sock_create_kern(AF_INET, SOCK_DGRAM, IPPROTO_UDP, &s2) == 0);
	EXPECT_EQ_INT(kernel_bind(s1, (struct sockaddr *)&sin, sizeof(sin)), 0);
	EXPECT_EQ_INT(kernel_setsockopt(s2, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)), 0);
	one = 0;
	EXPECT_EQ_INT(kernel_getsockopt(s2, SOL_SOCKET, SO_BROADCAST, &one, &len), 0);
	EXPECT_EQ_INT(one, 1);
	EXPECT_EQ_INT(kernel_sendmsg(s2, &m, v, 2, 6), 6);
	m.msg_name = &from;
	EXPECT_EQ_INT(kernel_recvmsg(s1, &m, &r, 1, sizeof(buf), MSG_DONTWAIT), 6);
	EXPECT_EQ_MEM(buf, "kernel", 6);
	EXPECT_EQ_UINT(m.msg_namelen, sizeof(from));
	EXPECT_EQ_INT(kernel_getsockname(s2, (struct sockaddr *)&sin), (int)sizeof(sin));
	EXPECT_EQ_UINT(ntohs(from.sin_port), ntohs(sin.sin_port));
	EXPECT_EQ_INT(kernel_listen(s1, 5), -EOPNOTSUPP);
	EXPECT_EQ_INT(kernel_sock_shutdown(s1, SHUT_RDWR), -ENOTCONN);
	sock_release(s1);
	sock_release(s2);
	nettest_end(&b);
}
