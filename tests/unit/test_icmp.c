/* test_icmp.c - net/ipv4/icmp.c and ping.c: echo, error rules, rate limit, ICMP echo sockets. */
/* links: net */
#include <net/icmp.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)

unsigned int unit_rand(void);

static u8 frame[70000], msg[70000], data[66000];

static struct net_device *setup(void)
{
	struct net_device *dev = fake_eth_create(nt_mac_us);

	if (inet_addr_add(dev, US, 24) ||
	    neigh_add_permanent(dev, PEER, nt_mac_peer))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(dev);
	return dev;
}

/* Inject an ICMP echo request of size data octets, fragmenting at 1500 like a sender would. */
static void inject_echo(struct net_device *dev, u16 id, u16 seq, size_t size,
			__be32 daddr, const u8 *eth_dst)
{
	size_t mlen = nt_icmp(msg, ICMP_ECHO, 0, id, seq, data, size), off = 0;

	while (off < mlen) {
		size_t len = min(mlen - off, (size_t)1480);
		bool mf = off + len < mlen;
		size_t n;

		n = nt_ip_frame(frame, eth_dst, nt_mac_peer, PEER, daddr,
				IPPROTO_ICMP, (u16)(7 + seq),
				(u16)((mf ? IP_MF : 0) | off / 8), 64, msg + off, len);
		nettest_inject(dev, frame, n);
		off += len;
	}
}

/* Pull the captured reply (possibly fragments) back into one ICMP message. */
static size_t collect_reply(struct net_device *dev, u8 *out)
{
	struct sk_buff *skb;
	size_t total = 0;

	while ((skb = fake_eth_pop(dev)) != NULL) {
		const struct iphdr *iph = nt_iph(skb);
		size_t off = (ntohs(iph->frag_off) & IP_OFFSET) * 8u;
		size_t len = ntohs(iph->tot_len) - 20u;

		EXPECT(iph->saddr == US && iph->daddr == PEER);
		EXPECT_EQ_UINT(ip_fast_csum(iph, 5), 0);
		memcpy(out + off, skb->data + ETH_HLEN + 20, len);
		total = max(total, off + len);
		consume_skb(skb);
	}
	return total;
}

UNIT_TEST(icmp_echo_reply_all_sizes)
{
	static const size_t sizes[] = { 0, 56, 1472, 4000, 65507 };
	static u8 reply[70000];
	struct nettest_baseline b;
	struct net_device *dev;
	size_t i, k;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	for (k = 0; k < sizeof(data); k++)
		data[k] = (u8)unit_rand();
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u64 echos0 = icmp_mib[ICMP_MIB_OUTECHOREPS];
		size_t got;

		inject_echo(dev, 0x1234, (u16)i, sizes[i], US, nt_mac_us);
		got = collect_reply(dev, reply);
		if (!EXPECT_EQ_UINT(got, 8 + sizes[i]))
			continue;
		EXPECT_EQ_UINT(reply[0], ICMP_ECHOREPLY);
		EXPECT_EQ_UINT(reply[1], 0);
		EXPECT_EQ_UINT(reply[4] << 8 | reply[5], 0x1234);
		EXPECT_EQ_UINT(reply[6] << 8 | reply[7], i);
		EXPECT_EQ_MEM(reply + 8, data, sizes[i]);
		EXPECT_EQ_UINT(ip_compute_csum(reply, (unsigned int)got), 0);
		EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_OUTECHOREPS], echos0 + 1);
	}
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(icmp_bad_checksum_short_and_broadcast_echo)
{
	struct nettest_baseline b;
	struct net_device *dev;
	size_t n, m;
	u64 cs0 = icmp_mib[ICMP_MIB_INCSUMERRORS], err0 = icmp_mib[ICMP_MIB_INERRORS];
	u64 bc0 = icmp_mib[ICMP_MIB_INBCASTECHOIGNORED];

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	m = nt_icmp(msg, ICMP_ECHO, 0, 1, 1, "abcd", 4);
	msg[9] ^= 1;
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 1, 0,
			64, msg, m);
	nettest_inject(dev, frame, n);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 1, 0,
			64, msg, 5);
	nettest_inject(dev, frame, n);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_INCSUMERRORS], cs0 + 1);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_INERRORS], err0 + 2);
	/* RFC 1122 3.2.2.6: echo to a broadcast address may be ignored; we do. */
	inject_echo(dev, 1, 1, 8, NT_IP(10, 0, 0, 255), nt_mac_bcast);
	inject_echo(dev, 1, 1, 8, NT_IP(255, 255, 255, 255), nt_mac_bcast);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_INBCASTECHOIGNORED], bc0 + 2);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* A datagram for an unknown protocol: the way to make us send errors. */
static void inject_unknown(struct net_device *dev, __be32 saddr, __be32 daddr,
			   const u8 *eth_dst, u16 frag_off, u8 proto,
			   const void *payload, size_t len)
{
	size_t n = nt_ip_frame(frame, eth_dst, nt_mac_peer, saddr, daddr, proto,
			       3, frag_off, 64, payload, len);

	nettest_inject(dev, frame, n);
}

UNIT_TEST(icmp_no_errors_about_errors_broadcasts_or_fragments)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u64 sup0 = icmp_mib[ICMP_MIB_OUTERRSUPPRESSED];
	size_t m;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	shim_advance_ms(1000);	/* a full token bucket */
	/* Link-layer broadcast, IP broadcast destination. */
	inject_unknown(dev, PEER, US, nt_mac_bcast, 0, 252, "x", 1);
	inject_unknown(dev, PEER, NT_IP(10, 0, 0, 255), nt_mac_bcast, 0, 252, "x", 1);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_OUTERRSUPPRESSED], sup0 + 2);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	/* An incoming ICMP error (here one too short to quote anything) gets no answer. */
	m = nt_icmp(msg, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, 0, NULL, 0);
	inject_unknown(dev, PEER, US, nt_mac_us, 0, IPPROTO_ICMP, msg, m);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(icmp_send_rules_checked_directly)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff *skb;
	u64 sup0;
	size_t m, n;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	shim_advance_ms(1000);
	/* Build received datagrams by hand and ask icmp_send about them. */
	m = nt_icmp(msg, ICMP_DEST_UNREACH, 3, 0, 0, NULL, 0);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 1, 0,
			64, msg, m);
	skb = alloc_skb(256);
	skb_put_data(skb, frame + ETH_HLEN, n - ETH_HLEN);
	skb_reset_network_header(skb);
	skb->dev = dev;
	sup0 = icmp_mib[ICMP_MIB_OUTERRSUPPRESSED];
	local_bh_disable();
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);	/* about an error */
	skb->data[20] = ICMP_ECHO;
	ip_hdr(skb)->frag_off = htons(1);				/* not the first fragment */
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	ip_hdr(skb)->frag_off = 0;
	ip_hdr(skb)->saddr = 0;						/* no source host */
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	ip_hdr(skb)->saddr = PEER;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);	/* allowed */
	local_bh_enable();
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_OUTERRSUPPRESSED], sup0 + 3);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 1);
	fake_eth_purge(dev);
	kfree_skb(skb);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(icmp_error_rate_limited)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u64 rl0 = icmp_mib[ICMP_MIB_OUTRATELIMITED];
	int i;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	shim_advance_ms(1000);
	for (i = 0; i < 200; i++)
		inject_unknown(dev, PEER, US, nt_mac_us, 0, 252, "x", 1);
	/* The burst of 50 goes out, then nothing until tokens come back. */
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 50);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_OUTRATELIMITED], rl0 + 150);
	fake_eth_purge(dev);
	shim_advance_ms(10);	/* 1000/s: ten more */
	for (i = 0; i < 20; i++)
		inject_unknown(dev, PEER, US, nt_mac_us, 0, 252, "x", 1);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 10);
	fake_eth_purge(dev);
	/* Echo replies are not errors and are never limited. */
	for (i = 0; i < 100; i++)
		inject_echo(dev, 9, (u16)i, 8, US, nt_mac_us);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 100);
	fake_eth_purge(dev);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* An echo request of len data octets as a pinger writes it (the kernel sets the id). */
static size_t echo_request(u8 *buf, u16 seq, size_t len)
{
	struct icmphdr *h = (struct icmphdr *)buf;

	memset(h, 0, sizeof(*h));
	h->type = ICMP_ECHO;
	h->un.echo.sequence = htons(seq);
	for (size_t i = 0; i < len; i++)
		buf[ICMP_HLEN + i] = (u8)(i + seq);
	return ICMP_HLEN + len;
}

static long ping_sendto(int fd, const void *buf, size_t len, __be32 to)
{
	struct sockaddr_in sin = nt_sin(to, 0);

	return sys_sendto(fd, (void *)buf, len, 0, (struct sockaddr *)&sin, sizeof(sin));
}

/* recvmsg with room for an IP_TTL cmsg: the length, *from and *ttl (-1 if none). */
static long ping_recv(int fd, void *buf, size_t len, __be32 *from, int *ttl)
{
	struct sockaddr_in sin;
	u8 control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof(sin), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = control,
			    .msg_controllen = sizeof(control) };
	long n = sys_recvmsg(fd, &m, MSG_DONTWAIT);
	struct cmsghdr *c;

	*ttl = -1;
	if (n < 0)
		return n;
	*from = sin.sin_addr.s_addr;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL)
			memcpy(ttl, CMSG_DATA(c), sizeof(*ttl));
	return n;
}

/* The request on the wire, turned into the peer's reply with ttl. */
static size_t reply_frame(struct sk_buff *req, u8 ttl, u16 id_override)
{
	size_t m = req->len - ETH_HLEN - 20;
	__sum16 c;

	memcpy(msg, req->data + ETH_HLEN + 20, m);
	msg[0] = ICMP_ECHOREPLY;
	if (id_override)
		((struct icmphdr *)msg)->un.echo.id = htons(id_override);
	msg[2] = msg[3] = 0;
	c = ip_compute_csum(msg, (unsigned int)m);
	memcpy(msg + 2, &c, 2);
	return nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 1, 0, ttl,
			   msg, m);
}

UNIT_TEST(ping_socket_over_the_wire)
{
	struct socktest st;
	struct net_device *dev;
	struct sk_buff *skb;
	const struct icmphdr *h;
	u64 unmatched;
	__be32 from;
	size_t len, n;
	int fd, one = 1, ttl;
	u16 ident;

	st_begin(&st);
	dev = setup();
	ASSERT(dev);
	fd = (int)sys_socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(sys_setsockopt(fd, IPPROTO_IP, IP_RECVTTL, (char *)&one, sizeof(one)), 0);
	len = echo_request(data, 1, 56);
	EXPECT_EQ_INT(ping_sendto(fd, data, len, PEER), (long)len);
	ident = st_local_port(fd);
	EXPECT(ident != 0);
	/* On the wire: our echo request, the kernel's identifier, a valid sum. */
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->len - ETH_HLEN - 20, 64);
	h = (const struct icmphdr *)(skb->data + ETH_HLEN + 20);
	EXPECT_EQ_UINT(h->type, ICMP_ECHO);
	EXPECT_EQ_UINT(ntohs(h->un.echo.id), ident);
	EXPECT_EQ_UINT(ip_compute_csum(h, 64), 0);
	EXPECT_EQ_MEM((const u8 *)h + ICMP_HLEN, data + ICMP_HLEN, 56);
	/* The peer's reply comes back whole, with its TTL in a cmsg... */
	n = reply_frame(skb, 61, 0);
	nettest_inject(dev, frame, n);
	EXPECT_EQ_INT(ping_recv(fd, msg, sizeof(msg), &from, &ttl), 64);
	EXPECT_EQ_UINT(msg[0], ICMP_ECHOREPLY);
	EXPECT(from == PEER);
	EXPECT_EQ_INT(ttl, 61);
	EXPECT_EQ_MEM(msg + ICMP_HLEN, data + ICMP_HLEN, 56);
	/* ...and one for another identifier does not reach us. */
	unmatched = icmp_mib[ICMP_MIB_INECHOREPUNMATCHED];
	n = reply_frame(skb, 61, (u16)(ident + 1));
	consume_skb(skb);
	nettest_inject(dev, frame, n);
	EXPECT_EQ_UINT(icmp_mib[ICMP_MIB_INECHOREPUNMATCHED], unmatched + 1);
	EXPECT_EQ_INT(ping_recv(fd, msg, sizeof(msg), &from, &ttl), -EAGAIN);
	/* What is not an echo request, or cannot be sent, is refused. */
	data[0] = ICMP_TIMESTAMP;
	EXPECT_EQ_INT(ping_sendto(fd, data, len, PEER), -EINVAL);
	echo_request(data, 2, 0);
	EXPECT_EQ_INT(ping_sendto(fd, data, ICMP_HLEN - 1, PEER), -EINVAL);
	EXPECT_EQ_INT(ping_sendto(fd, data, 65516, PEER), -EMSGSIZE);
	EXPECT_EQ_INT(ping_sendto(fd, data, ICMP_HLEN, NT_IP(8, 8, 8, 8)), -ENETUNREACH);
	EXPECT_EQ_INT(sys_sendto(fd, data, ICMP_HLEN, 0, NULL, 0), -EDESTADDRREQ);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	st_end(&st, dev);
}

UNIT_TEST(ping_socket_identifiers_and_errors)
{
	struct socktest st;
	struct net_device *dev;
	struct sk_buff *skb;
	__be32 from;
	size_t len, n;
	int a, b, ttl;

	st_begin(&st);
	dev = setup();
	ASSERT(dev);
	a = (int)sys_socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	b = (int)sys_socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	ASSERT(a >= 0 && b >= 0);
	/* bind() picks the identifier, and two sockets cannot share one. */
	EXPECT_EQ_INT(st_bind(a, 0, 4242), 0);
	EXPECT_EQ_UINT(st_local_port(a), 4242);
	EXPECT_EQ_INT(st_bind(b, 0, 4242), -EADDRINUSE);
	/* A connected pinger hears of "host unreachable" about its request. */
	EXPECT_EQ_INT(st_connect(a, PEER, 0), 0);
	len = echo_request(data, 1, 8);
	EXPECT_EQ_INT(sys_sendto(a, data, len, 0, NULL, 0), (long)len);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	{
		u8 q[28];

		memcpy(q, skb->data + ETH_HLEN, 28);
		n = nt_icmp(msg, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, 0, q, 28);
		n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 2, 0, 64,
				msg, n);
	}
	consume_skb(skb);
	nettest_inject(dev, frame, n);
	EXPECT_EQ_INT(ping_recv(a, msg, sizeof(msg), &from, &ttl), -EHOSTUNREACH);
	st_end(&st, dev);
}

UNIT_TEST(ping_loopback_and_pmtu_from_frag_needed)
{
	struct socktest st;
	struct net_device *dev;
	struct flowi4 fl4 = { .daddr = PEER };
	struct rtable *rt;
	__be32 from;
	size_t n, m;
	int fd, ttl;

	st_begin(&st);
	dev = setup();
	ASSERT(dev);
	/* Loopback and our own address: answered inside, nothing on the wire. */
	fd = (int)sys_socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	ASSERT(fd >= 0);
	m = echo_request(data, 1, 3000);
	EXPECT_EQ_INT(ping_sendto(fd, data, m, NT_IP(127, 0, 0, 1)), (long)m);
	EXPECT_EQ_INT(ping_recv(fd, msg, sizeof(msg), &from, &ttl), (long)m);
	EXPECT_EQ_MEM(msg + ICMP_HLEN, data + ICMP_HLEN, 3000);
	m = echo_request(data, 2, 0);
	EXPECT_EQ_INT(ping_sendto(fd, data, m, US), (long)m);
	EXPECT_EQ_INT(ping_recv(fd, msg, sizeof(msg), &from, &ttl), (long)m);
	EXPECT(from == US);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	/* RFC 1191: "fragmentation needed" quoting our datagram lowers the PMTU. */
	{
		u8 q[28];
		struct iphdr *iph = (struct iphdr *)q;

		memset(q, 0, sizeof(q));
		ip_set_version_ihl(iph, 5);
		iph->tot_len = htons(1500);
		iph->protocol = 253;
		iph->saddr = US;
		iph->daddr = PEER;
		m = nt_icmp(msg, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 0, 1280, q, 28);
		n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, NT_IP(10, 0, 0, 254), US,
				IPPROTO_ICMP, 2, 0, 64, msg, m);
		nettest_inject(dev, frame, n);
	}
	ASSERT(ip_route_output(&fl4, &rt) == 0);
	EXPECT_EQ_UINT(dst_mtu(&rt->dst), 1280);
	ip_rt_put(rt);
	shim_advance_ms(ip_rt_mtu_expires_ms);
	st_end(&st, dev);
}
