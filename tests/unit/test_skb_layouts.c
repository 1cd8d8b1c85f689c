/*
 * test_skb_layouts.c - the receive parsers (eth, ARP, IPv4 with options
 * and reassembly, ICMP, UDP, TCP) on nonlinear skbs: the same crafted
 * frames, each handed up linear, paged and chained at many cut points,
 * must give the same counters, drops, replies and delivered bytes.
 */
/* links: net */
#include <net/ip.h>
#include <net/icmp.h>
#include <net/udp.h>
#include <net/tcp.h>
#include <net/arp.h>
#include <net/proto/arp.h>
#include <net/inetdevice.h>
#include <net/checksum.h>
#include <net/snmp.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"
#include "nettest/skb_layout.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)
#define SEEDS	16
#define MAXF	4	/* frames per probe, and replies kept */

/* What one probe did, as deltas over its run. */
struct outcome {
	u64 ip[IPSTATS_MIB_MAX], icmp[ICMP_MIB_MAX], udp[UDP_MIB_MAX];
	u64 tcp[TCP_MIB_MAX], arp[ARP_MIB_MAX];
	u64 drops[SKB_DROP_REASON_MAX];
	unsigned int ntx;
	size_t txlen[MAXF];
	u8 tx[MAXF][1600];	/* replies, IP id and header checksum zeroed */
	long got;		/* recvfrom on the bound socket */
	u8 data[4000];
	int sock_err;		/* SO_ERROR of the connected socket */
};

struct probe {
	const char *name;
	unsigned int nframes;
	size_t len[MAXF];
	u8 f[MAXF][4200];
	unsigned int want_tx;	/* what the linear run must show, so equality means something */
	long want_got;
	int want_err;
};

static struct net_device *dev;
static int bound_fd, conn_fd;
static u8 payload[3000];
static struct outcome base, lin, now;

/* The counters now. */
static void snap(struct outcome *o)
{
	memcpy(o->ip, ip_mib, sizeof(o->ip));
	memcpy(o->icmp, icmp_mib, sizeof(o->icmp));
	memcpy(o->udp, udp_mib, sizeof(o->udp));
	memcpy(o->tcp, tcp_mib, sizeof(o->tcp));
	memcpy(o->arp, arp_mib, sizeof(o->arp));
	for (int r = 0; r < SKB_DROP_REASON_MAX; r++)
		o->drops[r] = skb_drop_reason_count(r);
}

static void delta(u64 *a, const u64 *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		a[i] -= b[i];
}

/* Run p with every frame in layout l, cut as seed says; what it did in *o. */
static void run(const struct probe *p, enum nt_layout l, u32 seed, struct outcome *o)
{
	struct sk_buff *skb;

	memset(o, 0, sizeof(*o));
	shim_advance_ms(1000);	/* ICMP's token bucket refills: no run is rate limited */
	snap(&base);
	for (unsigned int i = 0; i < p->nframes; i++) {
		skb = nt_skb_layout(dev, p->f[i], p->len[i], l, seed * 31 + i);
		ASSERT(skb);
		nettest_inject_skb(dev, skb);
	}
	while ((skb = fake_eth_pop(dev)) != NULL) {
		if (o->ntx < MAXF && EXPECT(skb->len <= sizeof(o->tx[0]))) {
			u8 *t = o->tx[o->ntx];

			o->txlen[o->ntx] = skb->len;
			EXPECT_EQ_INT(skb_copy_bits(skb, 0, t, skb->len), 0);
			if (skb->protocol == htons(ETH_P_IP)) {
				memset(t + ETH_HLEN + 4, 0, 2);		/* IP id */
				memset(t + ETH_HLEN + 10, 0, 2);	/* its checksum */
			}
		}
		o->ntx++;
		consume_skb(skb);
	}
	/* Read before counting: recvmsg verifies a UDP checksum, and counts. */
	o->got = st_recvfrom(bound_fd, o->data, sizeof(o->data), MSG_DONTWAIT, NULL);
	o->sock_err = st_getint(conn_fd, SOL_SOCKET, SO_ERROR);
	snap(o);
	delta(o->ip, base.ip, IPSTATS_MIB_MAX);
	delta(o->icmp, base.icmp, ICMP_MIB_MAX);
	delta(o->udp, base.udp, UDP_MIB_MAX);
	delta(o->tcp, base.tcp, TCP_MIB_MAX);
	delta(o->arp, base.arp, ARP_MIB_MAX);
	delta(o->drops, base.drops, SKB_DROP_REASON_MAX);
}

static bool same(const struct probe *p, enum nt_layout l, u32 seed)
{
	bool ok = true;

#define SAME(field)							\
	ok &= EXPECT_MSG(!memcmp(&lin.field, &now.field, sizeof(now.field)), \
			 "%s, %s seed %u: " #field " differs", p->name,	\
			 nt_layout_name(l), seed)
	SAME(ip);
	SAME(icmp);
	SAME(udp);
	SAME(tcp);
	SAME(arp);
	SAME(drops);
	SAME(ntx);
	SAME(txlen);
	SAME(tx);
	SAME(got);
	SAME(data);
	SAME(sock_err);
#undef SAME
	return ok;
}

static void check_probe(const struct probe *p)
{
	run(p, NT_LINEAR, 0, &lin);
	EXPECT_MSG(lin.ntx == p->want_tx && lin.got == p->want_got &&
		   lin.sock_err == p->want_err,
		   "%s (linear): %u replies, got %ld, error %d", p->name, lin.ntx,
		   lin.got, lin.sock_err);
	for (enum nt_layout l = NT_PAGED; l < NT_LAYOUTS; l++)
		for (u32 seed = 1; seed <= SEEDS; seed++) {
			run(p, l, seed, &now);
			if (!same(p, l, seed))
				return;
		}
}

/* ---- frame builders ---- */

static void ip_frame(struct probe *p, u8 proto, const void *l4, size_t len)
{
	p->len[p->nframes] = nt_ip_frame(p->f[p->nframes], nt_mac_us, nt_mac_peer,
					 PEER, US, proto, 42, 0, 64, l4, len);
	p->nframes++;
}

static void udp_frame(struct probe *p, u16 dport, size_t len, bool csum)
{
	static u8 msg[4000];

	ip_frame(p, IPPROTO_UDP, msg, nt_udp(msg, PEER, US, 1000, dport, payload, len, csum));
}

static void icmp_frame(struct probe *p, u8 type, u8 code, const void *data, size_t len)
{
	static u8 msg[4000];

	ip_frame(p, IPPROTO_ICMP, msg, nt_icmp(msg, type, code, 7, 1, data, len));
}

/* A TCP segment from PEER:1000 to dport with a valid checksum. */
static void tcp_frame(struct probe *p, u16 dport, u8 flags, size_t len)
{
	static u8 seg[2000];
	struct tcphdr *th = (struct tcphdr *)seg;

	memset(seg, 0, TCP_HLEN_MIN);
	th->source = htons(1000);
	th->dest = htons(dport);
	th->seq = htonl(123456);
	th->ack_seq = htonl(654321);
	th->flags = flags;
	th->window = htons(1000);
	tcp_set_doff(th, 5);
	memcpy(seg + TCP_HLEN_MIN, payload, len);
	th->check = csum_tcpudp_magic(PEER, US, TCP_HLEN_MIN + len, IPPROTO_TCP,
				      csum_partial(seg, TCP_HLEN_MIN + len, 0));
	ip_frame(p, IPPROTO_TCP, seg, TCP_HLEN_MIN + len);
}

/* An IPv4 header with options (opts padded to 4 octets) carrying a UDP datagram. */
static void ip_opts_frame(struct probe *p, const u8 *opts, size_t olen, size_t ulen)
{
	static u8 msg[4000];
	u8 *f = p->f[p->nframes];
	size_t hl = 20 + ALIGN(olen, 4), m = nt_udp(msg, PEER, US, 1000, 7000, payload, ulen, true);
	struct iphdr *iph;

	p->len[p->nframes] = nt_ip_frame(f, nt_mac_us, nt_mac_peer, PEER, US,
					 IPPROTO_UDP, 43, 0, 64, msg, m);
	memmove(f + ETH_HLEN + hl, f + ETH_HLEN + 20, m);
	memset(f + ETH_HLEN + 20, IPOPT_END, hl - 20);
	memcpy(f + ETH_HLEN + 20, opts, olen);
	iph = (struct iphdr *)(f + ETH_HLEN);
	ip_set_version_ihl(iph, (u8)(hl / 4));
	iph->tot_len = htons((u16)(hl + m));
	iph->check = 0;
	iph->check = ip_fast_csum(iph, (unsigned int)(hl / 4));
	p->len[p->nframes] += hl - 20;
	p->nframes++;
}

/* The UDP datagram of ulen payload bytes to port 7000 cut into IP fragments of at most fsz. */
static void frag_frames(struct probe *p, size_t ulen, size_t fsz, bool reverse)
{
	static u8 msg[4000];
	size_t m = nt_udp(msg, PEER, US, 1000, 7000, payload, ulen, true);
	unsigned int n = (unsigned int)((m + fsz - 1) / fsz);

	for (unsigned int k = 0; k < n; k++) {
		unsigned int i = reverse ? n - 1 - k : k;
		size_t off = i * fsz, len = min(fsz, m - off);

		p->len[k] = nt_ip_frame(p->f[k], nt_mac_us, nt_mac_peer, PEER, US,
					IPPROTO_UDP, 44, (u16)((i + 1 < n ? IP_MF : 0) | off / 8),
					64, msg + off, len);
	}
	p->nframes = n;
}

static struct probe pr;

static struct probe *probe(const char *name, unsigned int want_tx, long want_got,
			   int want_err)
{
	memset(&pr, 0, sizeof(pr));
	pr.name = name;
	pr.want_tx = want_tx;
	pr.want_got = want_got;
	pr.want_err = want_err;
	return &pr;
}

static void setup(struct socktest *st)
{
	st_begin(st);
	dev = fake_eth_create(nt_mac_us);
	ASSERT(!inet_addr_add(dev, US, 24) && !neigh_add_permanent(dev, PEER, nt_mac_peer));
	shim_run_softirqs();
	fake_eth_purge(dev);
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (u8)(i * 13 + 5);
	bound_fd = st_udp();
	conn_fd = st_udp();
	ASSERT(st_bind(bound_fd, INADDR_ANY, 7000) == 0);
	ASSERT(st_bind(conn_fd, INADDR_ANY, 7001) == 0 && st_connect(conn_fd, PEER, 9) == 0);
}

UNIT_TEST(layouts_ip_icmp_arp_alike)
{
	static const u8 rr[] = { IPOPT_NOOP, IPOPT_RR, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 bad_opt[] = { IPOPT_RR, 2 };
	struct socktest st;
	struct probe *p;

	setup(&st);
	p = probe("echo request", 1, -EAGAIN, 0);
	icmp_frame(p, ICMP_ECHO, 0, payload, 1000);
	check_probe(p);

	p = probe("echo request, bad checksum", 0, -EAGAIN, 0);
	icmp_frame(p, ICMP_ECHO, 0, payload, 300);
	p->f[0][ETH_HLEN + 20 + 200] ^= 1;
	check_probe(p);

	p = probe("unmatched echo reply", 0, -EAGAIN, 0);
	icmp_frame(p, ICMP_ECHOREPLY, 0, payload, 64);
	check_probe(p);

	p = probe("bad IP header checksum", 0, -EAGAIN, 0);
	udp_frame(p, 7000, 100, true);
	p->f[0][ETH_HLEN + 10] ^= 0x40;
	check_probe(p);

	p = probe("IP total length past the frame", 0, -EAGAIN, 0);
	udp_frame(p, 7000, 100, true);
	p->len[0] -= 10;
	check_probe(p);

	p = probe("record-route option", 0, 500, 0);
	ip_opts_frame(p, rr, sizeof(rr), 500);
	check_probe(p);

	p = probe("bad option: parameter problem", 1, -EAGAIN, 0);
	ip_opts_frame(p, bad_opt, sizeof(bad_opt), 100);
	check_probe(p);

	p = probe("ARP request for us", 1, -EAGAIN, 0);
	p->len[0] = nt_arp_frame(p->f[0], nt_mac_bcast, ARPOP_REQUEST, nt_mac_peer,
				 PEER, nt_mac_bcast, US);
	p->nframes = 1;
	check_probe(p);

	p = probe("runt", 0, -EAGAIN, 0);
	p->len[0] = 10;
	p->nframes = 1;
	check_probe(p);
	st_end(&st, dev);
}

UNIT_TEST(layouts_udp_and_reassembly_alike)
{
	struct socktest st;
	struct probe *p;
	u8 quote[28];

	setup(&st);
	p = probe("UDP to a socket", 0, 1400, 0);
	udp_frame(p, 7000, 1400, true);
	check_probe(p);

	p = probe("UDP, bad checksum", 0, -EAGAIN, 0);
	udp_frame(p, 7000, 1400, true);
	p->f[0][ETH_HLEN + 28 + 999] ^= 0x10;
	check_probe(p);

	p = probe("UDP, no checksum", 0, 33, 0);
	udp_frame(p, 7000, 33, false);
	check_probe(p);

	p = probe("UDP, Ethernet padding", 0, 6, 0);
	udp_frame(p, 7000, 6, true);
	memset(p->f[0] + p->len[0], 0xaa, 12);
	p->len[0] += 12;
	check_probe(p);

	p = probe("UDP length past the datagram", 0, -EAGAIN, 0);
	udp_frame(p, 7000, 200, true);
	p->f[0][ETH_HLEN + 24] = 0x7f;
	check_probe(p);

	p = probe("UDP to a closed port", 1, -EAGAIN, 0);
	udp_frame(p, 7999, 700, true);
	check_probe(p);

	p = probe("fragments in order", 0, 2900, 0);
	frag_frames(p, 2900, 1480, false);
	check_probe(p);

	p = probe("fragments reversed", 0, 2000, 0);
	frag_frames(p, 2000, 600, true);
	check_probe(p);

	/* An ICMP error about the connected socket's datagram: ECONNREFUSED. */
	p = probe("port unreachable for a connected socket", 0, -EAGAIN, ECONNREFUSED);
	nt_icmp_quote(quote, US, PEER, IPPROTO_UDP);
	quote[20] = 7001 >> 8, quote[21] = 7001 & 0xff, quote[23] = 9;
	icmp_frame(p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, quote, sizeof(quote));
	check_probe(p);
	st_end(&st, dev);
}

UNIT_TEST(layouts_tcp_without_a_connection_alike)
{
	struct socktest st;
	struct probe *p;

	setup(&st);
	p = probe("TCP data to a closed port: RST", 1, -EAGAIN, 0);
	tcp_frame(p, 81, TCPHDR_ACK | TCPHDR_PSH, 900);
	check_probe(p);

	p = probe("TCP, bad checksum", 0, -EAGAIN, 0);
	tcp_frame(p, 81, TCPHDR_ACK, 300);
	p->f[0][ETH_HLEN + 20 + 20 + 150] ^= 2;
	check_probe(p);
	st_end(&st, dev);
}
