/* test_icmp.c - net/ipv4/icmp.c and ping.c: echo, error rules, rate limit, the kernel ping API. */
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

struct ping_result {
	struct ping_ctx ctx;
	int replies, errors;
	struct ping_reply last;
	u8 err_type, err_code;
};

static void on_reply(struct ping_ctx *ctx, const struct ping_reply *r)
{
	struct ping_result *pr = container_of(ctx, struct ping_result, ctx);

	pr->replies++;
	pr->last = *r;
}

static void on_error(struct ping_ctx *ctx, __be32 from, u8 type, u8 code,
		     u16 seq)
{
	struct ping_result *pr = container_of(ctx, struct ping_result, ctx);

	(void)from;
	(void)seq;
	pr->errors++;
	pr->err_type = type;
	pr->err_code = code;
}

UNIT_TEST(ping_api_over_the_wire)
{
	struct nettest_baseline b;
	struct ping_result pr = { .ctx = { .on_reply = on_reply, .on_error = on_error } };
	struct ping_ctx other = { .on_reply = NULL };
	struct net_device *dev;
	struct sk_buff *skb;
	size_t n, m;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	EXPECT_EQ_INT(icmp_ping_register(&pr.ctx), 0);
	EXPECT(pr.ctx.id != 0);
	other.id = pr.ctx.id;
	EXPECT_EQ_INT(icmp_ping_register(&other), -EEXIST);
	EXPECT_EQ_INT(icmp_ping_send(&pr.ctx, PEER, 1, 56), 0);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	m = skb->len - ETH_HLEN - 20;
	EXPECT_EQ_UINT(m, 64);
	memcpy(msg, skb->data + ETH_HLEN + 20, m);
	consume_skb(skb);
	EXPECT_EQ_UINT(msg[0], ICMP_ECHO);
	EXPECT_EQ_UINT(ip_compute_csum(msg, (unsigned int)m), 0);
	/* The peer answers 3 ms later. */
	shim_advance_ms(3);
	msg[0] = ICMP_ECHOREPLY;
	msg[2] = msg[3] = 0;
	{
		__sum16 c = ip_compute_csum(msg, (unsigned int)m);

		memcpy(msg + 2, &c, 2);
	}
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 1, 0,
			61, msg, m);
	nettest_inject(dev, frame, n);
	EXPECT_EQ_INT(pr.replies, 1);
	EXPECT_EQ_UINT(pr.last.seq, 1);
	EXPECT_EQ_UINT(pr.last.size, 56);
	EXPECT_EQ_UINT(pr.last.ttl, 61);
	EXPECT(pr.last.from == PEER);
	EXPECT(pr.last.payload_ok);
	EXPECT_EQ_UINT(pr.last.rtt_ns, 3000000);
	/* An ICMP error quoting our request reaches on_error. */
	EXPECT_EQ_INT(icmp_ping_send(&pr.ctx, PEER, 2, 16), 0);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	{
		u8 q[28];
		size_t qm;

		memcpy(q, skb->data + ETH_HLEN, 28);
		qm = nt_icmp(msg, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, 0, q, 28);
		n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP,
				2, 0, 64, msg, qm);
	}
	consume_skb(skb);
	nettest_inject(dev, frame, n);
	EXPECT_EQ_INT(pr.errors, 1);
	EXPECT_EQ_UINT(pr.err_type, ICMP_DEST_UNREACH);
	EXPECT_EQ_UINT(pr.err_code, ICMP_HOST_UNREACH);
	icmp_ping_unregister(&pr.ctx);
	EXPECT_EQ_INT(icmp_ping_send(&pr.ctx, NT_IP(8, 8, 8, 8), 3, 8), -ENETUNREACH);
	EXPECT_EQ_INT(icmp_ping_send(&pr.ctx, PEER, 3, PING_MAX_PAYLOAD + 1), -EMSGSIZE);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(ping_loopback_and_pmtu_from_frag_needed)
{
	struct nettest_baseline b;
	struct ping_result pr = { .ctx = { .on_reply = on_reply } };
	struct net_device *dev;
	struct flowi4 fl4 = { .daddr = PEER };
	struct rtable *rt;
	size_t n, m;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	EXPECT_EQ_INT(icmp_ping_register(&pr.ctx), 0);
	EXPECT_EQ_INT(icmp_ping_send(&pr.ctx, NT_IP(127, 0, 0, 1), 1, 3000), 0);
	EXPECT_EQ_INT(pr.replies, 1);
	EXPECT(pr.last.payload_ok);
	EXPECT_EQ_UINT(pr.last.size, 3000);
	EXPECT_EQ_INT(icmp_ping_send(&pr.ctx, US, 2, 0), 0);
	EXPECT_EQ_INT(pr.replies, 2);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	icmp_ping_unregister(&pr.ctx);
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
	fake_eth_destroy(dev);
	nettest_end(&b);
}
