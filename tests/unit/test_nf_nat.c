/* test_nf_nat.c - net/netfilter/nf_nat_*.c and nf_tables on a two-interface router: masquerade, port forwarding, ICMP errors, filtering, reject, checksums. */
/* links: net */
#include <net/netfilter/nf_tables.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_nat.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/inetdevice.h>
#include <net/checksum.h>
#include <net/etherdevice.h>
#include <net/proto/tcp.h>
#include <net/proto/udp.h>
#include <net/proto/icmp.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define LAN_HOST	NT_IP(10, 0, 0, 1)
#define LAN_US		NT_IP(10, 0, 0, 2)
#define WAN_US		NT_IP(192, 168, 1, 2)
#define WAN_HOST	NT_IP(192, 168, 1, 1)

static const u8 wan_mac[6] = { 0x02, 0, 0, 0, 0, 0x22 };
static const u8 far_mac[6] = { 0x02, 0, 0, 0, 0, 0x77 };
static struct net_device *lan, *wan;
static char out[65536], err[256];
static u8 frame[4096], l4[4096];

static int nft(const char *fmt, ...)
{
	static char text[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return nft_run(text, out, sizeof(out), err, sizeof(err));
}

static bool router_up(void)
{
	lan = fake_eth_create(nt_mac_us);
	wan = fake_eth_create(wan_mac);
	if (inet_addr_add(lan, LAN_US, 24) || inet_addr_add(wan, WAN_US, 24) ||
	    neigh_add_permanent(lan, LAN_HOST, nt_mac_peer) ||
	    neigh_add_permanent(wan, WAN_HOST, far_mac))
		return false;
	shim_run_softirqs();
	fake_eth_purge(lan);
	fake_eth_purge(wan);
	ipv4_forward = true;
	return true;
}

static void router_down(void)
{
	ipv4_forward = false;
	nft("flush ruleset");
	fake_eth_destroy(wan);
	fake_eth_destroy(lan);
}

/* From the LAN host (on lan) or the far host (on wan), an IP datagram with l4[0..len). */
static void send_from(struct net_device *dev, __be32 saddr, __be32 daddr, u8 proto, size_t len)
{
	const u8 *peer = dev == lan ? nt_mac_peer : far_mac;
	size_t n = nt_ip_frame(frame, dev->dev_addr, peer, saddr, daddr, proto, 1, 0, 64, l4, len);

	nettest_inject(dev, frame, n);
}

static void tcp_from(struct net_device *dev, __be32 saddr, __be32 daddr, u16 sport, u16 dport,
		     u32 seq, u32 ack, u8 flags, size_t datalen)
{
	static const char data[] = "0123456789abcdef0123456789abcdef";
	size_t n = nt_tcp(l4, saddr, daddr, sport, dport, seq, ack, flags, 65535, data,
			  datalen);

	send_from(dev, saddr, daddr, IPPROTO_TCP, n);
}

/* The L4 checksum of a captured frame, recomputed in full: true when it verifies. */
static bool l4_csum_ok(const struct sk_buff *skb)
{
	const struct iphdr *iph = nt_iph(skb);
	unsigned int hl = ip_hdrlen_of(iph), len = ntohs(iph->tot_len) - hl;
	const u8 *p = (const u8 *)iph + hl;

	if (ip_fast_csum(iph, ip_ihl(iph)))
		return false;
	if (iph->protocol == IPPROTO_ICMP)
		return ip_compute_csum(p, len) == 0;
	return csum_tcpudp_magic(iph->saddr, iph->daddr, len, iph->protocol,
				 csum_partial(p, len, 0)) == 0;
}

static u16 sport_of(const struct sk_buff *skb)
{
	const u8 *p = (const u8 *)nt_iph(skb) + ip_hdrlen_of(nt_iph(skb));

	return (u16)(p[0] << 8 | p[1]);
}

static u16 dport_of(const struct sk_buff *skb)
{
	const u8 *p = (const u8 *)nt_iph(skb) + ip_hdrlen_of(nt_iph(skb));

	return (u16)(p[2] << 8 | p[3]);
}

UNIT_TEST(nat_masquerade_rewrites_both_ways_with_valid_checksums)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	u16 port;

	nettest_begin(&b);
	ASSERT(router_up());
	ASSERT(nft("table ip nat { chain post { type nat hook postrouting priority srcnat; "
		   "oifname \"%s\" masquerade; } }", wan->name) == 0);
	tcp_from(lan, LAN_HOST, WAN_HOST, 40000, 80, 1000, 0, TCPHDR_SYN, 0);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->saddr == WAN_US);
	EXPECT(nt_iph(skb)->daddr == WAN_HOST);
	port = sport_of(skb);
	EXPECT_EQ_UINT(port, 40000);	/* free, so kept */
	EXPECT(l4_csum_ok(skb));
	consume_skb(skb);
	/* The answer to the router's address goes back to the LAN host. */
	tcp_from(wan, WAN_HOST, WAN_US, 80, port, 5000, 1001, TCPHDR_SYN | TCPHDR_ACK, 0);
	skb = fake_eth_pop(lan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->daddr == LAN_HOST);
	EXPECT(nt_iph(skb)->saddr == WAN_HOST);
	EXPECT_EQ_UINT(dport_of(skb), 40000);
	EXPECT(l4_csum_ok(skb));
	consume_skb(skb);
	/* Data both ways keeps being translated. */
	tcp_from(lan, LAN_HOST, WAN_HOST, 40000, 80, 1001, 5001, TCPHDR_ACK, 20);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->saddr == WAN_US && l4_csum_ok(skb));
	consume_skb(skb);
	/* A second LAN connection from the same port to the same server gets another port. */
	tcp_from(lan, NT_IP(10, 0, 0, 9), WAN_HOST, 40000, 80, 1, 0, TCPHDR_SYN, 0);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	EXPECT(sport_of(skb) != 40000 && sport_of(skb) >= 1024);
	EXPECT(l4_csum_ok(skb));
	consume_skb(skb);
	router_down();
	nettest_end(&b);
}

UNIT_TEST(nat_dnat_port_forward_and_replies)
{
	struct nettest_baseline b;
	struct sk_buff *skb;

	nettest_begin(&b);
	ASSERT(router_up());
	ASSERT(nft("table ip nat { chain pre { type nat hook prerouting priority dstnat; "
		   "iifname \"%s\" tcp dport 8080 dnat to 10.0.0.1:80; } }", wan->name) == 0);
	tcp_from(wan, WAN_HOST, WAN_US, 5555, 8080, 1, 0, TCPHDR_SYN, 0);
	skb = fake_eth_pop(lan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->daddr == LAN_HOST);
	EXPECT_EQ_UINT(dport_of(skb), 80);
	EXPECT(l4_csum_ok(skb));
	consume_skb(skb);
	tcp_from(lan, LAN_HOST, WAN_HOST, 80, 5555, 9, 2, TCPHDR_SYN | TCPHDR_ACK, 0);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->saddr == WAN_US);
	EXPECT_EQ_UINT(sport_of(skb), 8080);
	EXPECT(l4_csum_ok(skb));
	consume_skb(skb);
	/* Other ports are not forwarded: for us, nobody listens (a RST from us). */
	tcp_from(wan, WAN_HOST, WAN_US, 5556, 8081, 1, 0, TCPHDR_SYN, 0);
	EXPECT_EQ_UINT(fake_eth_txlen(lan), 0);
	fake_eth_purge(wan);
	router_down();
	nettest_end(&b);
}

UNIT_TEST(nat_icmp_errors_translated_inside_and_out)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	const struct iphdr *inner;
	size_t n;
	u16 id;

	nettest_begin(&b);
	ASSERT(router_up());
	ASSERT(nft("table ip nat { chain post { type nat hook postrouting priority srcnat; "
		   "masquerade; } }") == 0);
	/* UDP out, then the far side's port unreachable quoting the translated datagram. */
	n = nt_udp(l4, LAN_HOST, WAN_HOST, 3333, 53, "q", 1, true);
	send_from(lan, LAN_HOST, WAN_HOST, IPPROTO_UDP, n);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	EXPECT(l4_csum_ok(skb));
	{
		const struct iphdr *q = nt_iph(skb);
		size_t qlen = ip_hdrlen_of(q) + 8;

		n = nt_icmp(l4, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, 0, q, qlen);
	}
	consume_skb(skb);
	send_from(wan, WAN_HOST, WAN_US, IPPROTO_ICMP, n);
	skb = fake_eth_pop(lan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->daddr == LAN_HOST);
	EXPECT(l4_csum_ok(skb));
	inner = (const struct iphdr *)((const u8 *)nt_iph(skb) + 20 + 8);
	EXPECT(inner->saddr == LAN_HOST && inner->daddr == WAN_HOST);
	EXPECT_EQ_UINT(ip_fast_csum(inner, 5), 0);
	EXPECT_EQ_UINT(((const u8 *)inner)[20] << 8 | ((const u8 *)inner)[21], 3333);
	consume_skb(skb);
	/* Pings: the echo identifier is part of the mapping. */
	n = nt_icmp(l4, ICMP_ECHO, 0, 77, 1, "ping", 4);
	send_from(lan, LAN_HOST, WAN_HOST, IPPROTO_ICMP, n);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->saddr == WAN_US && l4_csum_ok(skb));
	{
		const u8 *ic = (const u8 *)nt_iph(skb) + 20;

		id = (u16)(ic[4] << 8 | ic[5]);
	}
	consume_skb(skb);
	n = nt_icmp(l4, ICMP_ECHOREPLY, 0, id, 1, "ping", 4);
	send_from(wan, WAN_HOST, WAN_US, IPPROTO_ICMP, n);
	skb = fake_eth_pop(lan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->daddr == LAN_HOST && l4_csum_ok(skb));
	{
		const u8 *ic = (const u8 *)nt_iph(skb) + 20;

		EXPECT_EQ_UINT(ic[4] << 8 | ic[5], 77);
	}
	consume_skb(skb);
	router_down();
	nettest_end(&b);
}

/*
 * RFC 1624 updates against full recomputation, in each ip_summed state:
 * NONE/UNNECESSARY carry a full checksum, PARTIAL only the pseudo-header
 * sum the device completes, COMPLETE a sum of the L4 bytes that must
 * follow the changed field.
 */
UNIT_TEST(nat_checksum_updates_match_recompute_in_every_state)
{
	static const u8 states[] = { CHECKSUM_NONE, CHECKSUM_UNNECESSARY,
				     CHECKSUM_PARTIAL, CHECKSUM_COMPLETE };
	struct nettest_baseline b;

	nettest_begin(&b);
	for (unsigned int round = 0; round < 200; round++) {
		u8 st = states[round % 4];
		__be32 s = htonl(0x0a000001 + round * 7919), d = htonl(0xc0a80101 + round);
		__be32 ns = htonl(0xc6336401 + round * 104729);
		u16 sp = (u16)(1024 + round * 31), nsp = (u16)(60000 - round * 17);
		size_t dl = round % 33, n;
		struct nf_conntrack_tuple t = { 0 };
		struct sk_buff *skb = alloc_skb(256);
		struct iphdr *iph;
		struct tcphdr *th;
		bool udp = round & 1;
		u8 proto = udp ? IPPROTO_UDP : IPPROTO_TCP;
		unsigned int coff = udp ? 6 : 16;
		__sum16 want;

		ASSERT(skb);
		n = udp ? nt_udp(l4, s, d, sp, 80, "abcdefghijklmnopqrstuvwxyz0123456789", dl, true)
			: nt_tcp(l4, s, d, sp, 80, round, 0, TCPHDR_ACK, 100,
				 "abcdefghijklmnopqrstuvwxyz0123456789", dl);
		iph = skb_put_zero(skb, 20);
		ip_set_version_ihl(iph, 5);
		iph->ttl = 64;
		iph->protocol = proto;
		iph->saddr = s;
		iph->daddr = d;
		iph->tot_len = htons((u16)(20 + n));
		ip_send_check(iph);
		skb_reset_network_header(skb);
		th = skb_put_data(skb, l4, (unsigned int)n);
		skb->ip_summed = st;
		if (st == CHECKSUM_PARTIAL) {
			/* What a stack hands a device: the folded pseudo-header sum, uncomplemented. */
			__sum16 ph = (__sum16)~csum_tcpudp_magic(s, d, (u32)n, proto, 0);

			memcpy((u8 *)th + coff, &ph, 2);
		}
		if (st == CHECKSUM_COMPLETE)
			skb->csum = csum_partial(th, (unsigned int)n, 0);
		t.src.ip = ns;
		t.src.u.all = htons(nsp);
		t.dst.protonum = proto;
		ASSERT(nf_nat_ipv4_manip_pkt(skb, 0, &t, NF_NAT_MANIP_SRC));
		iph = ip_hdr(skb);
		th = (struct tcphdr *)(skb->data + 20);
		EXPECT_EQ_UINT(ip_fast_csum(iph, 5), 0);
		EXPECT(iph->saddr == ns && th->source == htons(nsp));
		if (st == CHECKSUM_PARTIAL) {
			want = (__sum16)~csum_tcpudp_magic(ns, d, (u32)n, proto, 0);
			EXPECT_EQ_UINT(*(u16 *)((u8 *)th + coff), want);
		} else {
			EXPECT_MSG(csum_tcpudp_magic(ns, d, (u32)n, proto,
						     csum_partial(th, (unsigned int)n, 0)) == 0,
				   "round %u (%s, state %u): checksum wrong after NAT", round,
				   udp ? "udp" : "tcp", st);
		}
		if (st == CHECKSUM_COMPLETE)
			EXPECT_EQ_UINT(csum_fold(skb->csum),
				       csum_fold(csum_partial(th, (unsigned int)n, 0)));
		consume_skb(skb);
	}
	nettest_end(&b);
}

static u64 counter_of(const char *rule_text)
{
	const char *p;
	unsigned long long pk = 0;

	if (nft("list ruleset"))
		return ~0ull;
	p = strstr(out, rule_text);
	if (!p || !(p = strstr(p, "counter packets ")))
		return ~0ull;
	sscanf(p, "counter packets %llu", &pk);
	return pk;
}

UNIT_TEST(filter_default_deny_reject_and_invalid_through_the_router)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	const struct tcphdr *th;
	const u8 *ic;
	u64 nfdrop0 = skb_drop_reason_count(SKB_DROP_REASON_NETFILTER_DROP);
	size_t n;

	nettest_begin(&b);
	ASSERT(router_up());
	ASSERT(nft("table inet filter {\n"
		   " chain forward { type filter hook forward priority filter; policy drop;\n"
		   "  ct state established,related accept\n"
		   "  ct state invalid counter drop\n"
		   "  iifname \"%s\" tcp dport 23 reject with tcp reset\n"
		   "  iifname \"%s\" udp dport 69 reject\n"
		   "  iifname \"%s\" counter accept\n"
		   "  iifname \"%s\" counter drop\n"
		   " }\n"
		   " chain input { type filter hook input priority 0; policy accept;\n"
		   "  tcp dport 22 counter drop\n"
		   " }\n"
		   "}\n", lan->name, lan->name, lan->name, wan->name) == 0);
	/* Out and back: the reply is ESTABLISHED. */
	tcp_from(lan, LAN_HOST, WAN_HOST, 40001, 80, 100, 0, TCPHDR_SYN, 0);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	consume_skb(skb);
	tcp_from(wan, WAN_HOST, LAN_HOST, 80, 40001, 700, 101, TCPHDR_SYN | TCPHDR_ACK, 0);
	skb = fake_eth_pop(lan);
	ASSERT(skb);
	consume_skb(skb);
	tcp_from(lan, LAN_HOST, WAN_HOST, 40001, 80, 101, 701, TCPHDR_ACK, 10);
	skb = fake_eth_pop(wan);
	ASSERT(skb);
	consume_skb(skb);
	/* Unsolicited from the WAN: dropped by policy, counted by the rule and the reason. */
	tcp_from(wan, WAN_HOST, LAN_HOST, 1234, 22, 1, 0, TCPHDR_SYN, 0);
	EXPECT_EQ_UINT(fake_eth_txlen(lan), 0);
	{
		char r[64];

		snprintf(r, sizeof(r), "iifname \"%s\" counter", wan->name);
		EXPECT_EQ_UINT(counter_of(r), 1);
	}
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_NETFILTER_DROP), nfdrop0 + 1);
	/* A segment far outside the window is INVALID, not forwarded. */
	tcp_from(lan, LAN_HOST, WAN_HOST, 40001, 80, 101 + 2000000000u, 701, TCPHDR_ACK, 10);
	EXPECT_EQ_UINT(fake_eth_txlen(wan), 0);
	EXPECT_EQ_UINT(counter_of("ct state invalid counter"), 1);
	/* ACK of data never sent: INVALID too. */
	tcp_from(wan, WAN_HOST, LAN_HOST, 80, 40001, 701, 101 + 500000, TCPHDR_ACK, 0);
	EXPECT_EQ_UINT(fake_eth_txlen(lan), 0);
	EXPECT_EQ_UINT(counter_of("ct state invalid counter"), 2);
	/* reject with tcp reset: a RST from the address the SYN was for. */
	tcp_from(lan, LAN_HOST, WAN_HOST, 40002, 23, 5000, 0, TCPHDR_SYN, 0);
	EXPECT_EQ_UINT(fake_eth_txlen(wan), 0);
	skb = fake_eth_pop(lan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->saddr == WAN_HOST && nt_iph(skb)->daddr == LAN_HOST);
	EXPECT(nt_iph(skb)->protocol == IPPROTO_TCP && l4_csum_ok(skb));
	th = (const struct tcphdr *)((const u8 *)nt_iph(skb) + 20);
	EXPECT_EQ_UINT(th->flags, TCPHDR_RST | TCPHDR_ACK);
	EXPECT_EQ_UINT(ntohl(th->ack_seq), 5001);
	EXPECT_EQ_UINT(ntohs(th->dest), 40002);
	consume_skb(skb);
	/* reject: ICMP port unreachable from the router, quoting the datagram. */
	n = nt_udp(l4, LAN_HOST, WAN_HOST, 3000, 69, "x", 1, true);
	send_from(lan, LAN_HOST, WAN_HOST, IPPROTO_UDP, n);
	EXPECT_EQ_UINT(fake_eth_txlen(wan), 0);
	skb = fake_eth_pop(lan);
	ASSERT(skb);
	EXPECT(nt_iph(skb)->saddr == LAN_US && nt_iph(skb)->protocol == IPPROTO_ICMP);
	ic = (const u8 *)nt_iph(skb) + 20;
	EXPECT_EQ_UINT(ic[0], ICMP_DEST_UNREACH);
	EXPECT_EQ_UINT(ic[1], ICMP_PORT_UNREACH);
	EXPECT(l4_csum_ok(skb));
	consume_skb(skb);
	/* The input chain: SSH to the router itself, dropped without an answer. */
	tcp_from(lan, LAN_HOST, LAN_US, 5000, 22, 1, 0, TCPHDR_SYN, 0);
	EXPECT_EQ_UINT(fake_eth_txlen(lan), 0);
	EXPECT_EQ_UINT(counter_of("tcp dport 22 counter"), 1);
	router_down();
	nettest_end(&b);
}

UNIT_TEST(filter_jump_goto_return_and_rate_limited_log)
{
	struct nettest_baseline b;
	size_t n;

	nettest_begin(&b);
	ASSERT(router_up());
	/*
	 * forward: jump sub (counts, returns for UDP 1), goto last for UDP 2
	 * (drops there; nothing after the goto runs), the rest accepted.
	 */
	ASSERT(nft("table ip f {\n"
		   " chain forward { type filter hook forward priority 0; policy accept;\n"
		   "  jump sub\n"
		   "  udp dport 2 goto last\n"
		   "  udp dport 2 counter accept\n"
		   "  counter accept\n"
		   " }\n"
		   " chain sub { udp dport 1 counter return\n  counter }\n"
		   " chain last { log prefix \"last: \" counter drop }\n"
		   "}\n") == 0);
	n = nt_udp(l4, LAN_HOST, WAN_HOST, 7, 1, "a", 1, true);
	send_from(lan, LAN_HOST, WAN_HOST, IPPROTO_UDP, n);
	EXPECT_EQ_UINT(fake_eth_txlen(wan), 1);
	fake_eth_purge(wan);
	shim_printk_log_clear();
	for (int i = 0; i < 25; i++) {
		n = nt_udp(l4, LAN_HOST, WAN_HOST, 7, 2, "b", 1, true);
		send_from(lan, LAN_HOST, WAN_HOST, IPPROTO_UDP, n);
	}
	EXPECT_EQ_UINT(fake_eth_txlen(wan), 0);
	EXPECT_EQ_UINT(counter_of("udp dport 1 counter"), 1);
	EXPECT_EQ_UINT(counter_of(" return\n"), 25);	/* sub's second rule, after the return */
	EXPECT_EQ_UINT(counter_of("log prefix \"last: \" counter"), 25);
	EXPECT_EQ_UINT(counter_of("udp dport 2 counter"), 0);
	EXPECT_EQ_UINT(counter_of("counter packets 1 bytes"), 1);	/* the last accept */
	/* The log line names the packet; 25 in a burst print at most 10. */
	{
		const char *log = shim_printk_log(), *p = log;
		unsigned int lines = 0;

		EXPECT(strstr(log, "last: IN=eth0 OUT=eth1 SRC=10.0.0.1 DST=192.168.1.1 LEN=29 TTL=63 PROTO=17 SPT=7 DPT=2") != NULL);
		while ((p = strstr(p, "last: IN="))) {
			lines++;
			p++;
		}
		EXPECT_MSG(lines >= 1 && lines <= 10, "%u log lines for 25 packets", lines);
	}
	router_down();
	nettest_end(&b);
}
