/* test_nf_conntrack.c - net/netfilter/nf_conntrack_*.c: TCP states and windows, UDP and ICMP, timeouts, the bounded table and early drop. */
/* links: net */
#include <net/netfilter/nf_tables.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/inetdevice.h>
#include <net/checksum.h>
#include <net/proto/tcp.h>
#include <net/proto/icmp.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define A	NT_IP(10, 0, 0, 1)	/* LAN host */
#define R_LAN	NT_IP(10, 0, 0, 2)
#define R_WAN	NT_IP(192, 168, 1, 2)
#define B	NT_IP(192, 168, 1, 1)	/* WAN host */

static const u8 wan_mac[6] = { 0x02, 0, 0, 0, 0, 0x22 };
static const u8 b_mac[6] = { 0x02, 0, 0, 0, 0, 0x77 };
static struct net_device *lan, *wan;
static char out[8192], err[256];
static u8 frame[2048], l4[2048];

static bool setup(void)
{
	lan = fake_eth_create(nt_mac_us);
	wan = fake_eth_create(wan_mac);
	if (inet_addr_add(lan, R_LAN, 24) || inet_addr_add(wan, R_WAN, 24) ||
	    neigh_add_permanent(lan, A, nt_mac_peer) || neigh_add_permanent(wan, B, b_mac))
		return false;
	shim_run_softirqs();
	ipv4_forward = true;
	/* Any ct match turns tracking on. */
	return nft_run("table ip f { chain fwd { type filter hook forward priority 0; "
		       "ct state invalid drop; } }", out, sizeof(out), err, sizeof(err)) == 0;
}

static void teardown(void)
{
	ipv4_forward = false;
	nft_run("flush ruleset", out, sizeof(out), err, sizeof(err));
	fake_eth_destroy(wan);
	fake_eth_destroy(lan);
}

/* A segment A->B (from the LAN) or B->A (from the WAN), through the router. */
static void seg(bool from_a, u16 aport, u32 seq, u32 ack, u8 flags, size_t len)
{
	static const char data[64] = "data";
	struct net_device *dev = from_a ? lan : wan;
	__be32 s = from_a ? A : B, d = from_a ? B : A;
	u16 sp = from_a ? aport : 80, dp = from_a ? 80 : aport;
	size_t n = nt_tcp(l4, s, d, sp, dp, seq, ack, flags, 65535, data, len);

	n = nt_ip_frame(frame, dev->dev_addr, from_a ? nt_mac_peer : b_mac, s, d,
			IPPROTO_TCP, 1, 0, 64, l4, n);
	nettest_inject(dev, frame, n);
	fake_eth_purge(lan);
	fake_eth_purge(wan);
}

static struct nf_conn *find_tcp(u16 aport)
{
	struct nf_conntrack_tuple t = { 0 };
	struct nf_conntrack_tuple_hash *h;

	t.src.ip = A;
	t.dst.ip = B;
	t.src.u.all = htons(aport);
	t.dst.u.all = htons(80);
	t.dst.protonum = IPPROTO_TCP;
	h = nf_conntrack_find(&t);
	return h ? nf_ct_tuplehash_to_ctrack(h) : NULL;
}

static int tcp_state(u16 aport)
{
	struct nf_conn *ct = find_tcp(aport);

	return ct ? ct->proto.tcp.state : -1;
}

UNIT_TEST(conntrack_tcp_states_through_open_and_close)
{
	struct nettest_baseline b;
	u64 ins0 = nf_ct_stat.insert;
	struct nf_conn *ct;

	nettest_begin(&b);
	ASSERT(setup());
	seg(true, 1000, 100, 0, TCPHDR_SYN, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_SYN_SENT);
	EXPECT_EQ_UINT(nf_ct_stat.insert, ins0 + 1);
	ct = find_tcp(1000);
	ASSERT(ct);
	EXPECT(!(ct->status & (IPS_SEEN_REPLY | IPS_ASSURED)));
	seg(false, 1000, 500, 101, TCPHDR_SYN | TCPHDR_ACK, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_SYN_RECV);
	EXPECT(ct->status & IPS_SEEN_REPLY);
	seg(true, 1000, 101, 501, TCPHDR_ACK, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_ESTABLISHED);
	EXPECT(ct->status & IPS_ASSURED);
	seg(true, 1000, 101, 501, TCPHDR_ACK, 30);
	seg(false, 1000, 501, 131, TCPHDR_ACK, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_ESTABLISHED);
	seg(true, 1000, 131, 501, TCPHDR_FIN | TCPHDR_ACK, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_FIN_WAIT);
	seg(false, 1000, 501, 132, TCPHDR_ACK, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_CLOSE_WAIT);
	seg(false, 1000, 501, 132, TCPHDR_FIN | TCPHDR_ACK, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_LAST_ACK);
	seg(true, 1000, 132, 502, TCPHDR_ACK, 0);
	EXPECT_EQ_INT(tcp_state(1000), TCP_CONNTRACK_TIME_WAIT);
	/* TIME_WAIT times out (120 s by default): the entry goes. */
	shim_advance_ms(119000);
	EXPECT(find_tcp(1000) != NULL);
	shim_advance_ms(2000);
	EXPECT(find_tcp(1000) == NULL);
	/* A RST closes at once; the entry lives its CLOSE timeout (10 s). */
	seg(true, 1001, 100, 0, TCPHDR_SYN, 0);
	seg(false, 1001, 500, 101, TCPHDR_SYN | TCPHDR_ACK, 0);
	seg(true, 1001, 101, 0, TCPHDR_RST, 0);
	EXPECT_EQ_INT(tcp_state(1001), TCP_CONNTRACK_CLOSE);
	shim_advance_ms(11000);
	EXPECT(find_tcp(1001) == NULL);
	teardown();
	nettest_end(&b);
}

UNIT_TEST(conntrack_marks_invalid_flags_and_windows)
{
	struct nettest_baseline b;
	u64 inv0;

	nettest_begin(&b);
	ASSERT(setup());
	inv0 = nf_ct_stat.invalid;
	/* No SYN, no connection: a bare ACK, SYN+FIN, no flags at all. */
	seg(true, 2000, 1, 1, TCPHDR_ACK, 0);
	seg(true, 2001, 1, 0, TCPHDR_SYN | TCPHDR_FIN, 0);
	seg(true, 2002, 1, 0, 0, 0);
	EXPECT_EQ_UINT(nf_ct_stat.invalid, inv0 + 3);
	EXPECT(find_tcp(2000) == NULL && find_tcp(2001) == NULL && find_tcp(2002) == NULL);
	/* Established, then data beyond what B's window allowed, and an ACK of the future. */
	seg(true, 2003, 100, 0, TCPHDR_SYN, 0);
	seg(false, 2003, 500, 101, TCPHDR_SYN | TCPHDR_ACK, 0);
	seg(true, 2003, 101, 501, TCPHDR_ACK, 0);
	inv0 = nf_ct_stat.invalid;
	seg(true, 2003, 101 + 70000, 501, TCPHDR_ACK, 10);	/* past td_maxend */
	seg(true, 2003, 101, 501 + 100000, TCPHDR_ACK, 0);	/* acks unsent data */
	seg(true, 2003, 101 - 200000, 501, TCPHDR_ACK, 10);	/* older than a window */
	EXPECT_EQ_UINT(nf_ct_stat.invalid, inv0 + 3);
	/* In-window data is fine, and the state did not move. */
	seg(true, 2003, 101, 501, TCPHDR_ACK, 10);
	EXPECT_EQ_UINT(nf_ct_stat.invalid, inv0 + 3);
	EXPECT_EQ_INT(tcp_state(2003), TCP_CONNTRACK_ESTABLISHED);
	teardown();
	nettest_end(&b);
}

/* A UDP or ICMP packet through the router. */
static void dgram(bool from_a, u8 proto, const u8 *payload, size_t len)
{
	struct net_device *dev = from_a ? lan : wan;
	size_t n = nt_ip_frame(frame, dev->dev_addr, from_a ? nt_mac_peer : b_mac,
			       from_a ? A : B, from_a ? B : A, proto, 1, 0, 64, payload, len);

	nettest_inject(dev, frame, n);
	fake_eth_purge(lan);
	fake_eth_purge(wan);
}

UNIT_TEST(conntrack_udp_icmp_and_related_errors)
{
	struct nettest_baseline b;
	struct nf_conntrack_tuple t = { 0 };
	struct nf_conntrack_tuple_hash *h;
	u64 inv0;
	size_t n;

	nettest_begin(&b);
	ASSERT(setup());
	n = nt_udp(l4, A, B, 5353, 53, "q", 1, true);
	dgram(true, IPPROTO_UDP, l4, n);
	t.src.ip = A;
	t.dst.ip = B;
	t.src.u.all = htons(5353);
	t.dst.u.all = htons(53);
	t.dst.protonum = IPPROTO_UDP;
	h = nf_conntrack_find(&t);
	ASSERT(h);
	EXPECT(!(nf_ct_tuplehash_to_ctrack(h)->status & IPS_ASSURED));
	n = nt_udp(l4, B, A, 53, 5353, "a", 1, true);
	dgram(false, IPPROTO_UDP, l4, n);
	EXPECT(nf_ct_tuplehash_to_ctrack(h)->status & IPS_ASSURED);
	/* Echo: the request makes the entry, an unsolicited reply is INVALID. */
	n = nt_icmp(l4, ICMP_ECHO, 0, 42, 1, "p", 1);
	dgram(true, IPPROTO_ICMP, l4, n);
	inv0 = nf_ct_stat.invalid;
	n = nt_icmp(l4, ICMP_ECHOREPLY, 0, 43, 1, "p", 1);
	dgram(false, IPPROTO_ICMP, l4, n);
	EXPECT_EQ_UINT(nf_ct_stat.invalid, inv0 + 1);
	n = nt_icmp(l4, ICMP_ECHOREPLY, 0, 42, 1, "p", 1);
	dgram(false, IPPROTO_ICMP, l4, n);
	EXPECT_EQ_UINT(nf_ct_stat.invalid, inv0 + 1);
	/* An error quoting the UDP flow is RELATED (not invalid); one quoting nothing is. */
	{
		u8 q[28];

		nt_ip_frame(frame, nt_mac_us, nt_mac_peer, A, B, IPPROTO_UDP, 1, 0, 64, l4, 8);
		nt_udp(l4, A, B, 5353, 53, "", 0, false);
		memcpy(q, frame + ETH_HLEN, 20);
		memcpy(q + 20, l4, 8);
		n = nt_icmp(l4, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, 0, q, 28);
		dgram(false, IPPROTO_ICMP, l4, n);
		EXPECT_EQ_UINT(nf_ct_stat.invalid, inv0 + 1);
		q[20] ^= 0x55;	/* another source port: no such flow */
		n = nt_icmp(l4, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, 0, q, 28);
		dgram(false, IPPROTO_ICMP, l4, n);
		EXPECT_EQ_UINT(nf_ct_stat.invalid, inv0 + 2);
	}
	/* UDP's short timeout without a reply, the stream one with. */
	shim_advance_ms(31000);
	EXPECT(nf_conntrack_find(&t) != NULL);
	shim_advance_ms(90000);
	EXPECT(nf_conntrack_find(&t) == NULL);
	teardown();
	nettest_end(&b);
}

/* Linux's sizing by RAM, with Skiff's old fixed sizes as the floor. */
UNIT_TEST(conntrack_sizes_follow_ram)
{
	static const struct { u64 mib; u32 hashsize, max; } want[] = {
		{ 128, 1024, 4096 },		/* make run's machine: the floor */
		{ 512, 4096, 4096 },
		{ 1024, 8192, 8192 },		/* a bucket per 16 KiB */
		{ 2048, 65536, 65536 },		/* above 1 GiB */
		{ 8192, 65536, 262144 },	/* above 4 GiB: hashsize stops at 65536 */
	};
	struct nettest_baseline b;
	u32 hashsize, max;

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		nf_conntrack_default_sizes(want[i].mib << (20 - PAGE_SHIFT), &hashsize, &max);
		EXPECT_MSG(hashsize == want[i].hashsize && max == want[i].max,
			   "%llu MiB: hashsize %u max %u", (unsigned long long)want[i].mib,
			   hashsize, max);
	}
	/* The first user sizes the table for the host tests' 128 MiB ... */
	nettest_begin(&b);
	nf_ct_params.max = 7;
	nf_ct_params.max_set = false;
	ASSERT(setup());
	EXPECT_EQ_UINT(nf_ct_params.max, 4096);
	teardown();
	/* ... but never over what the user gave. */
	ASSERT(!nf_conntrack_set_param("max", 5000));
	ASSERT(setup());
	EXPECT_EQ_UINT(nf_ct_params.max, 5000);
	teardown();
	EXPECT_EQ_INT(nf_conntrack_set_param("max", 4096), 0);
	nettest_end(&b);
}

UNIT_TEST(conntrack_table_bounded_early_drop_spares_assured)
{
	struct nettest_baseline b;
	u64 ed0 = nf_ct_stat.early_drop, drop0;
	u32 max = nf_ct_params.max, hashsize = nf_ct_params.hashsize;

	nettest_begin(&b);
	/* Four buckets: early drop's eight-bucket look sees the whole table. */
	ASSERT(!nf_conntrack_set_param("max", 16));
	ASSERT(!nf_conntrack_set_param("hashsize", 4));
	ASSERT(setup());
	/* One real connection first: assured, it must survive the flood. */
	seg(true, 3000, 100, 0, TCPHDR_SYN, 0);
	seg(false, 3000, 500, 101, TCPHDR_SYN | TCPHDR_ACK, 0);
	seg(true, 3000, 101, 501, TCPHDR_ACK, 0);
	for (u16 p = 0; p < 200; p++) {
		seg(true, (u16)(10000 + p), 1, 0, TCPHDR_SYN, 0);
		EXPECT_MSG(nf_conntrack_count <= 16, "%u entries after %u SYNs",
			   nf_conntrack_count, p + 1);
	}
	EXPECT(nf_ct_stat.early_drop >= ed0 + 200 - 15);
	EXPECT_EQ_INT(tcp_state(3000), TCP_CONNTRACK_ESTABLISHED);
	/* When nothing can be evicted, the new packet is dropped, and counted. */
	nft_run("flush ruleset", out, sizeof(out), err, sizeof(err));
	ASSERT(!nf_conntrack_set_param("max", 1));
	ASSERT(nft_run("table ip f { chain fwd { type filter hook forward priority 0; "
		       "ct state invalid drop; } }", out, sizeof(out), err, sizeof(err)) == 0);
	seg(true, 3001, 100, 0, TCPHDR_SYN, 0);
	seg(false, 3001, 500, 101, TCPHDR_SYN | TCPHDR_ACK, 0);
	seg(true, 3001, 101, 501, TCPHDR_ACK, 0);
	drop0 = nf_ct_stat.drop;
	seg(true, 3002, 100, 0, TCPHDR_SYN, 0);
	EXPECT_EQ_UINT(nf_ct_stat.drop, drop0 + 1);
	EXPECT(find_tcp(3002) == NULL);
	teardown();
	EXPECT_EQ_INT(nf_conntrack_set_param("max", max), 0);
	EXPECT_EQ_INT(nf_conntrack_set_param("hashsize", hashsize), 0);
	nettest_end(&b);
}
