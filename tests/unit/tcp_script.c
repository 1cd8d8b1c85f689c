/*
 * The TCP script runner: see tcp_script.h for the language. The stack
 * under test is 10.0.0.2/24 on a fake Ethernet device; the scripted peer
 * is 10.0.0.1. Sockets are kernel sockets (net/socket.c's kernel_* API),
 * used non-blocking: the host has no threads to block.
 */
#include <kernel/net.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/checksum.h>
#include <net/gso.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tcp_script.h"
#include "nettest/nettest.h"
#include "nettest/skb_layout.h"

#define US		NT_IP(10, 0, 0, 2)
#define PEER		NT_IP(10, 0, 0, 1)
#define PEER_PORT	40000
#define PEER_ISN	1000000u
#define MAXSOCK		4

struct seg {
	u8 flags;
	bool seq_any, ack_any, win_any, has_ack, has_win, has_opts;
	u32 seq, end, len, ack, win;
	u8 opts[40];
	unsigned int optlen;
	bool opt_any[40];	/* outbound: a '*' value at this option offset */
};

struct script {
	const char *path;
	int line;
	struct net_device *dev;
	struct socket *socks[MAXSOCK];	/* listener, client/child... */
	int cur;
	u16 local_port, remote_port;
	u32 our_isn;
	bool have_isn;
	u32 last_tsval;			/* the last TSval we sent */
	u64 wrote, read;		/* stream offsets for the payload pattern */
	u64 mib0[TCP_MIB_MAX];
	u64 drops0[SKB_DROP_REASON_MAX];
	u8 last_tx[128];		/* IP header + 8 octets of our last segment */
	unsigned int last_tx_len;
	enum nt_layout layout;		/* how each injected frame is laid out */
	struct sk_buff_head wire;	/* segments of a TSO skb not yet expected */
	unsigned int tso_skbs;		/* TSO skbs the device was handed */
	bool napi_batch;		/* inside "gro {": frames wait for one NAPI poll */
	bool failed;
};

static u8 frame[70000];

#define FAIL(s, ...) do {						\
		EXPECT_MSG(false, "%s:%d: " _FIRST(__VA_ARGS__, ""),	\
			   (s)->path, (s)->line _REST(__VA_ARGS__));	\
		(s)->failed = true;					\
	} while (0)
#define _FIRST(a, ...) a
#define _REST(a, ...) , ##__VA_ARGS__

/* A frame from the peer, in the script's layout, cut where the line number says. */
static void inject_frame(struct script *s, size_t n)
{
	struct sk_buff *skb = nt_skb_layout(s->dev, frame, n, s->layout,
					    (u32)s->line * 2654435761u);

	if (!skb) {
		FAIL(s, "no memory for the frame");
		return;
	}
	if (s->napi_batch)
		nettest_napi_queue_skb(s->dev, skb);
	else
		nettest_inject_skb(s->dev, skb);
}

static u8 pattern(u64 off)
{
	return (u8)(off % 251);
}

/* ---- segment syntax ---- */

static bool parse_flags(const char *t, u8 *flags)
{
	*flags = 0;
	for (; *t; t++) {
		switch (*t) {
		case 'S': *flags |= TCPHDR_SYN; break;
		case 'F': *flags |= TCPHDR_FIN; break;
		case 'R': *flags |= TCPHDR_RST; break;
		case 'P': *flags |= TCPHDR_PSH; break;
		case '.': *flags |= TCPHDR_ACK; break;
		case '-': break;	/* no flags at all */
		default: return false;
		}
	}
	return true;
}

/* Options "<mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7,sack 1:2 3:4>". */
static bool parse_opts(struct script *s, char *p, struct seg *g, bool inbound)
{
	char *item, *save;

	g->optlen = 0;
	for (item = strtok_r(p, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		u8 *o = g->opts + g->optlen;
		char a[16], b[16], c[16], d[16];

		while (*item == ' ')
			item++;
		if (!strcmp(item, "nop")) {
			o[0] = TCPOPT_NOP;
			g->optlen += 1;
		} else if (!strcmp(item, "eol")) {
			o[0] = TCPOPT_EOL;
			g->optlen += 1;
		} else if (!strcmp(item, "sackOK")) {
			o[0] = TCPOPT_SACK_PERM;
			o[1] = 2;
			g->optlen += 2;
		} else if (sscanf(item, "mss %15s", a) == 1) {
			o[0] = TCPOPT_MSS;
			o[1] = 4;
			g->opt_any[g->optlen + 2] = a[0] == '*';
			put_unaligned_be16((u16)atoi(a), o + 2);
			g->optlen += 4;
		} else if (sscanf(item, "wscale %15s", a) == 1) {
			o[0] = TCPOPT_WINDOW;
			o[1] = 3;
			g->opt_any[g->optlen + 2] = a[0] == '*';
			o[2] = (u8)atoi(a);
			g->optlen += 3;
		} else if (sscanf(item, "TS val %15s ecr %15s", a, b) == 2) {
			u32 val = (u32)strtoul(a, NULL, 10), ecr = (u32)strtoul(b, NULL, 10);

			if (inbound && b[0] == '*')
				ecr = s->last_tsval;
			o[0] = TCPOPT_TIMESTAMP;
			o[1] = 10;
			g->opt_any[g->optlen + 2] = a[0] == '*';
			g->opt_any[g->optlen + 6] = b[0] == '*';
			tcp_put_be32(val, o + 2);
			tcp_put_be32(ecr, o + 6);
			g->optlen += 10;
		} else if (!strncmp(item, "sack ", 5)) {
			/* Blocks relative to the data sender's ISN: ours inbound, the peer's outbound. */
			u32 base = inbound ? s->our_isn : PEER_ISN;
			int n = 0, k;
			char *q = item + 5;

			o[0] = TCPOPT_SACK;
			while (sscanf(q, "%15[0-9]:%15[0-9]%n", c, d, &k) == 2) {
				tcp_put_be32(base + (u32)atoi(c), o + 2 + 8 * n);
				tcp_put_be32(base + (u32)atoi(d), o + 6 + 8 * n);
				n++;
				q += k;
				while (*q == ' ')
					q++;
			}
			o[1] = (u8)(2 + 8 * n);
			g->optlen += o[1];
		} else {
			FAIL(s, "bad option '%s'", item);
			return false;
		}
	}
	return true;
}

/* "FLAGS START:END(LEN) [ack N] [win N] [<opts>]" */
static bool parse_seg(struct script *s, char *p, struct seg *g, bool inbound)
{
	char flags[8], seqs[32], *opts = strchr(p, '<'), *t;

	memset(g, 0, sizeof(*g));
	if (opts) {
		char *end = strchr(opts, '>');

		if (!end) {
			FAIL(s, "unterminated options");
			return false;
		}
		*opts++ = '\0';
		*end = '\0';
		g->has_opts = true;
	}
	if (sscanf(p, "%7s %31s", flags, seqs) != 2 || !parse_flags(flags, &g->flags)) {
		FAIL(s, "bad segment");
		return false;
	}
	if (seqs[0] == '*') {
		g->seq_any = true;
		sscanf(seqs, "*(%u)", &g->len);
	} else if (sscanf(seqs, "%u:%u(%u)", &g->seq, &g->end, &g->len) != 3) {
		FAIL(s, "bad sequence '%s'", seqs);
		return false;
	}
	if ((t = strstr(p, " ack "))) {
		g->has_ack = true;
		g->ack_any = t[5] == '*';
		g->ack = (u32)strtoul(t + 5, NULL, 10);
	}
	if ((t = strstr(p, " win "))) {
		g->has_win = true;
		g->win_any = t[5] == '*';
		g->win = (u32)strtoul(t + 5, NULL, 10);
	}
	return !opts || parse_opts(s, opts, g, inbound);
}

/* ---- inject ---- */

/*
 * The segment as a seed of tests/fuzz/fuzz_tcp.c: one record (see its
 * format) from port 1234, sequence numbers relative to its connection.
 */
static void seed_fuzz_tcp(const u8 *tcp, size_t len, const struct seg *g)
{
	static u8 rec[3 + 4096];
	struct tcphdr *th = (struct tcphdr *)(rec + 3);

	if (len > 0xfff)
		return;		/* the record's length has 12 bits */
	rec[0] = 3;
	rec[1] = (u8)(len >> 8);
	rec[2] = (u8)len;
	memcpy(rec + 3, tcp, len);
	th->source = htons(1234);	/* the target's connection (an active open's port is random) */
	th->dest = htons(80);
	th->seq = htonl(g->seq - 1);
	th->ack_seq = htonl(g->ack);
	th->check = 0;			/* the target computes it (ctl bit 2 clear) */
	unit_seed("tcp", rec, 3 + len);
}

static void inject_seg(struct script *s, const struct seg *g)
{
	static u8 tcp[70000];
	struct tcphdr *th = (struct tcphdr *)tcp;
	unsigned int olen = ALIGN(g->optlen, 4), hlen = TCP_HLEN_MIN + olen;
	u32 seq = PEER_ISN + g->seq;
	size_t n;

	memset(tcp, 0, hlen);
	th->source = htons(s->remote_port);
	th->dest = htons(s->local_port);
	th->seq = htonl(seq);
	th->ack_seq = htonl(g->has_ack ? s->our_isn + g->ack : 0);
	if (g->has_ack)
		th->flags |= TCPHDR_ACK;
	th->flags |= g->flags;
	th->window = htons((u16)(g->has_win ? g->win : 65535));
	tcp_set_doff(th, hlen / 4);
	memcpy(tcp + TCP_HLEN_MIN, g->opts, g->optlen);
	for (unsigned int i = 0; i < g->len; i++)
		tcp[hlen + i] = pattern(g->seq - 1 + i);
	th->check = csum_tcpudp_magic(PEER, US, hlen + g->len, IPPROTO_TCP,
				      csum_partial(tcp, hlen + g->len, 0));
	seed_fuzz_tcp(tcp, hlen + g->len, g);
	/* DF, as TCP sends (RFC 1191): GRO then merges whatever the IDs. */
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_TCP,
			(u16)s->line, IP_DF, 64, tcp, hlen + g->len);
	inject_frame(s, n);
}

/* ---- expect ---- */

/* Compare options, skipping NOP/EOL padding, honouring '*'. */
static bool opts_match(const struct seg *want, const u8 *got, unsigned int glen)
{
	unsigned int i = 0, j = 0;

	for (;;) {
		while (i < want->optlen && want->opts[i] <= TCPOPT_NOP)
			i++;
		while (j < glen && got[j] <= TCPOPT_NOP) {
			if (got[j] == TCPOPT_EOL)
				j = glen;
			else
				j++;
		}
		if (i >= want->optlen || j >= glen)
			return i >= want->optlen && j >= glen;
		if (j + 1 >= glen || want->opts[i] != got[j] || want->opts[i + 1] != got[j + 1])
			return false;
		for (unsigned int k = 2; k < want->opts[i + 1]; k++)
			if (!want->opt_any[i + k] && want->opts[i + k] != got[j + k]) {
				/* A '*' covers the whole 4-octet TS field. */
				bool any = false;

				for (unsigned int b = 0; b < 4 && b < k; b++)
					any |= want->opt_any[i + k - b];
				if (!any)
					return false;
			}
		i += want->opts[i + 1];
		j += got[j + 1];
	}
}

static void remember_ts(struct script *s, const u8 *p, unsigned int len)
{
	for (unsigned int i = 0; i + 1 < len;) {
		if (p[i] <= TCPOPT_NOP) {
			i++;
			continue;
		}
		if (p[i] == TCPOPT_TIMESTAMP && i + 10 <= len)
			s->last_tsval = get_unaligned_be32(p + i + 2);
		if (p[i + 1] < 2)
			return;
		i += p[i + 1];
	}
}

/*
 * The next frame as the wire would carry it: a TSO skb is cut as the
 * device would cut it (skb_gso_segment, in software here), a checksum
 * left to the device is finished, and the frame made linear for the
 * checks below. NULL when nothing was sent.
 */
static struct sk_buff *wire_pop(struct script *s)
{
	struct sk_buff *skb = __skb_dequeue(&s->wire), *segs, *next;

	if (!skb) {
		skb = fake_eth_pop(s->dev);
		if (skb && skb_is_gso(skb)) {
			s->tso_skbs++;
			if (skb_gso_segment(skb, 0, &segs)) {
				FAIL(s, "a TSO skb that cannot be cut");
				consume_skb(skb);
				return NULL;
			}
			consume_skb(skb);
			for (; segs; segs = next) {
				next = segs->next;
				segs->next = NULL;
				__skb_queue_tail(&s->wire, segs);
			}
			skb = __skb_dequeue(&s->wire);
		}
	}
	if (skb && (skb_checksum_help(skb) || skb_linearize(skb))) {
		FAIL(s, "no memory to finish a frame");
		consume_skb(skb);
		return NULL;
	}
	return skb;
}

static void expect_seg(struct script *s, struct seg *want, bool none)
{
	struct sk_buff *skb = wire_pop(s);
	const struct iphdr *iph;
	const struct tcphdr *th;
	unsigned int ihl, hlen, len;
	u32 seq;

	if (none) {
		if (skb) {
			iph = nt_iph(skb);
			th = (const struct tcphdr *)((const u8 *)iph + ip_hdrlen_of(iph));
			FAIL(s, "expected nothing, got flags 0x%x seq %u ack %u len %u",
			     th->flags, ntohl(th->seq) - s->our_isn,
			     ntohl(th->ack_seq) - PEER_ISN,
			     ntohs(iph->tot_len) - ip_hdrlen_of(iph) - tcp_doff(th) * 4u);
			consume_skb(skb);
		}
		return;
	}
	if (!skb) {
		FAIL(s, "expected a segment, nothing was sent");
		return;
	}
	iph = nt_iph(skb);
	ihl = ip_hdrlen_of(iph);
	th = (const struct tcphdr *)((const u8 *)iph + ihl);
	hlen = tcp_doff(th) * 4u;
	len = ntohs(iph->tot_len) - ihl - hlen;
	if (iph->protocol != IPPROTO_TCP || iph->daddr != PEER) {
		FAIL(s, "not a TCP segment to the peer");
		goto out;
	}
	if (csum_tcpudp_magic(iph->saddr, iph->daddr, ntohs(iph->tot_len) - ihl,
			      IPPROTO_TCP, csum_partial(th, ntohs(iph->tot_len) - ihl, 0))) {
		FAIL(s, "bad TCP checksum");
	}
	s->last_tx_len = min(ihl + 8, (unsigned int)sizeof(s->last_tx));
	memcpy(s->last_tx, iph, s->last_tx_len);
	seq = ntohl(th->seq);
	if ((th->flags & TCPHDR_SYN) && !s->have_isn) {
		s->our_isn = seq;
		s->have_isn = true;
		s->local_port = ntohs(th->source);
	}
	remember_ts(s, (const u8 *)(th + 1), hlen - TCP_HLEN_MIN);
	if ((th->flags & ~TCPHDR_PSH) != (want->flags & ~TCPHDR_PSH) ||
	    ((want->flags & TCPHDR_PSH) && !(th->flags & TCPHDR_PSH)))
		FAIL(s, "flags 0x%x, expected 0x%x", th->flags, want->flags);
	if (!want->seq_any && seq - s->our_isn != want->seq)
		FAIL(s, "seq %u, expected %u", seq - s->our_isn, want->seq);
	if (len != want->len)
		FAIL(s, "length %u, expected %u", len, want->len);
	if (want->has_ack && !want->ack_any && ntohl(th->ack_seq) - PEER_ISN != want->ack)
		FAIL(s, "ack %u, expected %u", ntohl(th->ack_seq) - PEER_ISN, want->ack);
	if (want->has_win && !want->win_any && ntohs(th->window) != want->win)
		FAIL(s, "win %u, expected %u", ntohs(th->window), want->win);
	if (want->has_opts && !opts_match(want, (const u8 *)(th + 1), hlen - TCP_HLEN_MIN)) {
		char dump[128] = "";

		for (unsigned int i = 0; i < hlen - TCP_HLEN_MIN && i < 40; i++)
			snprintf(dump + strlen(dump), sizeof(dump) - strlen(dump), "%02x",
				 ((const u8 *)(th + 1))[i]);
		FAIL(s, "options differ: %s (relative to the peer ISN, sack edges - %u)",
		     dump, PEER_ISN);
	}
	for (unsigned int i = 0; i < len && !want->seq_any; i++)
		if (((const u8 *)th)[hlen + i] != pattern(want->seq - 1 + i)) {
			FAIL(s, "payload byte %u wrong", i);
			break;
		}
out:
	consume_skb(skb);
}

/* ---- socket calls ---- */

/*
 * "watch write" / "wakeup write": whether TCP told the socket's writers
 * that its send buffer has room (sk_write_space) since the watch began;
 * poll would find the room by asking, a blocked writer only by this call.
 */
static unsigned int write_wakeups;
static void (*watched_write_space)(struct sock *sk);

static void count_write_space(struct sock *sk)
{
	write_wakeups++;
	watched_write_space(sk);
}

static struct socket *cursock(struct script *s)
{
	struct socket *sock = s->socks[s->cur];

	if (!sock)
		FAIL(s, "no socket");
	return sock;
}

static long do_write(struct script *s, size_t n)
{
	static u8 buf[1 << 20];
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec v = { buf, n };
	long r;

	for (size_t i = 0; i < n; i++)
		buf[i] = pattern(s->wrote + i);
	r = kernel_sendmsg(cursock(s), &msg, &v, 1, n);
	if (r > 0)
		s->wrote += (u64)r;
	return r;
}

static long do_read(struct script *s, size_t n)
{
	static u8 buf[1 << 20];
	struct msghdr msg = { 0 };
	struct kvec v = { buf, n };
	long r = kernel_recvmsg(cursock(s), &msg, &v, 1, n, MSG_DONTWAIT);

	for (long i = 0; i < r; i++)
		if (buf[i] != pattern(s->read + (u64)i)) {
			FAIL(s, "read byte %ld wrong", i);
			break;
		}
	if (r > 0)
		s->read += (u64)r;
	return r;
}

static int sockopt_name(const char *name, int *level)
{
	static const struct { const char *n; int level, opt; } t[] = {
		{ "nodelay", IPPROTO_TCP, TCP_NODELAY },
		{ "maxseg", IPPROTO_TCP, TCP_MAXSEG },
		{ "keepidle", IPPROTO_TCP, TCP_KEEPIDLE },
		{ "keepintvl", IPPROTO_TCP, TCP_KEEPINTVL },
		{ "keepcnt", IPPROTO_TCP, TCP_KEEPCNT },
		{ "quickack", IPPROTO_TCP, TCP_QUICKACK },
		{ "keepalive", SOL_SOCKET, SO_KEEPALIVE },
		{ "rcvbuf", SOL_SOCKET, SO_RCVBUF },
		{ "sndbuf", SOL_SOCKET, SO_SNDBUF },
		{ "reuseaddr", SOL_SOCKET, SO_REUSEADDR },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcmp(t[i].n, name)) {
			*level = t[i].level;
			return t[i].opt;
		}
	return -1;
}

static const char *const state_names[] = {
	[TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN_SENT",
	[TCP_SYN_RECV] = "SYN_RECV", [TCP_FIN_WAIT1] = "FIN_WAIT1",
	[TCP_FIN_WAIT2] = "FIN_WAIT2", [TCP_TIME_WAIT] = "TIME_WAIT",
	[TCP_CLOSE] = "CLOSE", [TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[TCP_LAST_ACK] = "LAST_ACK", [TCP_LISTEN] = "LISTEN",
	[TCP_CLOSING] = "CLOSING",
};

static int mib_index(const char *name)
{
	for (int i = 0; i < TCP_MIB_MAX; i++)
		if (!strcmp(tcp_mib_names[i], name))
			return i;
	return -1;
}

static int drop_reason_index(const char *name)
{
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++)
		if (!strcmp(drop_reason_name(r), name))
			return r;
	return -1;
}

/* "= R" after a call: the expected result (default: the requested size or 0). */
static void check_result(struct script *s, const char *rest, long got, long def)
{
	const char *eq = strchr(rest, '=');
	long want = eq ? strtol(eq + 1, NULL, 10) : def;

	if (got != want)
		FAIL(s, "returned %ld, expected %ld", got, want);
}

static struct sockaddr_in sin_of(__be32 addr, u16 port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
				   .sin_addr.s_addr = addr };
	return sin;
}

static void send_icmp_frag_needed(struct script *s, u32 mtu)
{
	static u8 msg[256];
	u8 data[128];
	size_t n, m;

	memcpy(data, s->last_tx, s->last_tx_len);
	m = nt_icmp(msg, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 0, (u16)mtu,
		    data, s->last_tx_len);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 1,
			0, 64, msg, m);
	inject_frame(s, n);
}

static void run_line(struct script *s, char *l)
{
	char cmd[32] = "", a[32] = "", b[32] = "";
	struct seg g;
	long r;
	int n = sscanf(l, "%31s %31s %31s", cmd, a, b), level, opt, val;

	if (n <= 0 || cmd[0] == '#')
		return;
	if (cmd[0] == '+') {
		shim_advance_ms((u64)(strtod(cmd + 1, NULL) * 1000 + 0.5));
	} else if (!strcmp(cmd, "<")) {
		if (parse_seg(s, l + 2, &g, true))
			inject_seg(s, &g);
	} else if (!strcmp(cmd, ">")) {
		if (!strcmp(a, "none"))
			expect_seg(s, NULL, true);
		else if (parse_seg(s, l + 2, &g, false))
			expect_seg(s, &g, false);
	} else if (!strcmp(cmd, "socket")) {
		struct socket *sock;

		s->cur = s->socks[0] ? 1 : 0;
		while (s->socks[s->cur] && s->cur < MAXSOCK - 1)
			s->cur++;
		if (sock_create_kern(AF_INET, SOCK_STREAM, IPPROTO_TCP, &sock))
			FAIL(s, "socket failed");
		else
			s->socks[s->cur] = sock;
	} else if (!strcmp(cmd, "peerport")) {
		/* Another connection from the peer: a new port, our ISN to learn again. */
		s->remote_port = (u16)atoi(a);
		s->have_isn = false;
	} else if (!strcmp(cmd, "msl")) {
		tcp_msl_ms = (u32)atoi(a);
	} else if (!strcmp(cmd, "sysctl")) {
		long v[3];

		if (sscanf(l, "%*s %*s %ld %ld %ld", &v[0], &v[1], &v[2]) != 3)
			FAIL(s, "sysctl %s: three values", a);
		else if (!strcmp(a, "tcp_mem"))
			memcpy(sysctl_tcp_mem, v, sizeof(v));
		else if (!strcmp(a, "tcp_rmem") || !strcmp(a, "tcp_wmem"))
			for (int i = 0; i < 3; i++)
				(a[4] == 'r' ? sysctl_tcp_rmem : sysctl_tcp_wmem)[i] = (int)v[i];
		else
			FAIL(s, "no sysctl %s", a);
	} else if (!strcmp(cmd, "use")) {
		s->cur = atoi(a);
	} else if (!strcmp(cmd, "bind")) {
		struct sockaddr_in sin = sin_of(0, (u16)atoi(a));

		s->local_port = (u16)atoi(a);
		s->remote_port = PEER_PORT;
		check_result(s, l, kernel_bind(cursock(s), (struct sockaddr *)&sin,
					       sizeof(sin)), 0);
	} else if (!strcmp(cmd, "listen")) {
		check_result(s, l + 6 + strlen(a), kernel_listen(cursock(s), atoi(a)), 0);
	} else if (!strcmp(cmd, "accept")) {
		struct socket *ns = NULL;

		r = kernel_accept(cursock(s), &ns, O_NONBLOCK);
		check_result(s, l, r, 0);
		if (!r) {
			int i = 0;

			while (s->socks[i] && i < MAXSOCK - 1)
				i++;
			s->socks[i] = ns;
			s->cur = i;
		}
	} else if (!strcmp(cmd, "connect")) {
		struct sockaddr_in sin = sin_of(PEER, (u16)atoi(a));

		s->remote_port = (u16)atoi(a);
		check_result(s, l, kernel_connect(cursock(s), (struct sockaddr *)&sin,
						  sizeof(sin), O_NONBLOCK), -EINPROGRESS);
	} else if (!strcmp(cmd, "write")) {
		check_result(s, l + 6 + strlen(a), do_write(s, (size_t)atol(a)), atol(a));
	} else if (!strcmp(cmd, "read")) {
		check_result(s, l + 5 + strlen(a), do_read(s, (size_t)atol(a)), atol(a));
	} else if (!strcmp(cmd, "close")) {
		sock_release(cursock(s));
		s->socks[s->cur] = NULL;
	} else if (!strcmp(cmd, "shutdown")) {
		int how = !strcmp(a, "rd") ? SHUT_RD : !strcmp(a, "wr") ? SHUT_WR : SHUT_RDWR;

		check_result(s, l + 9 + strlen(a), kernel_sock_shutdown(cursock(s), how), 0);
	} else if (!strcmp(cmd, "setsockopt")) {
		if (!strcmp(a, "congestion")) {
			r = kernel_setsockopt(cursock(s), IPPROTO_TCP, TCP_CONGESTION, b,
					      (unsigned int)strlen(b));
		} else if (!strcmp(a, "linger")) {
			struct linger lg = { 1, atoi(b) };

			r = kernel_setsockopt(cursock(s), SOL_SOCKET, SO_LINGER, &lg,
					      sizeof(lg));
		} else if ((opt = sockopt_name(a, &level)) >= 0) {
			val = atoi(b);
			r = kernel_setsockopt(cursock(s), level, opt, &val, sizeof(val));
		} else {
			FAIL(s, "unknown option %s", a);
			return;
		}
		check_result(s, l + 12 + strlen(a) + strlen(b), r, 0);
	} else if (!strcmp(cmd, "state")) {
		struct socket *sock = cursock(s);
		int st = sock ? sock->sk->sk_state : TCP_CLOSE;

		if (strcmp(state_names[st], a))
			FAIL(s, "state %s, expected %s", state_names[st], a);
	} else if (!strcmp(cmd, "counter")) {
		int i = mib_index(a);

		if (i < 0)
			FAIL(s, "no counter %s", a);
		else if (tcp_mib[i] - s->mib0[i] != (u64)atoll(b))
			FAIL(s, "%s rose by %llu, expected %s", a,
			     (unsigned long long)(tcp_mib[i] - s->mib0[i]), b);
	} else if (!strcmp(cmd, "drop")) {
		int r = drop_reason_index(a);
		u64 got = r < 0 ? 0 : skb_drop_reason_count(r) - s->drops0[r];

		if (r < 0)
			FAIL(s, "no drop reason %s", a);
		else if (got != (u64)atoll(b))
			FAIL(s, "%s drops rose by %llu, expected %s", a,
			     (unsigned long long)got, b);
	} else if (!strcmp(cmd, "gro") && !strcmp(a, "{")) {
		s->napi_batch = true;
	} else if (!strcmp(cmd, "}") && s->napi_batch) {
		s->napi_batch = false;
		nettest_napi_poll(s->dev);
	} else if (!strcmp(cmd, "icmp") && !strcmp(a, "frag-needed")) {
		send_icmp_frag_needed(s, (u32)atoi(b));
	} else if (!strcmp(cmd, "watch") && !strcmp(a, "write") && cursock(s)) {
		struct sock *sk = cursock(s)->sk;

		if (sk->sk_write_space != count_write_space) {
			watched_write_space = sk->sk_write_space;
			sk->sk_write_space = count_write_space;
		}
		write_wakeups = 0;
	} else if (!strcmp(cmd, "wakeup") && !strcmp(a, "write")) {
		if (!write_wakeups)
			FAIL(s, "writers were not woken since 'watch write'");
		write_wakeups = 0;
	} else if (!strcmp(cmd, "poll")) {
		struct socket *sock = cursock(s);
		__poll_t m = sock ? sock->ops->poll(NULL, sock, NULL) : 0;
		__poll_t want = 0;

		for (char *w = strtok(l + 4, " "); w; w = strtok(NULL, " "))
			want |= !strcmp(w, "IN") ? EPOLLIN : !strcmp(w, "OUT") ? EPOLLOUT :
				!strcmp(w, "HUP") ? EPOLLHUP : !strcmp(w, "RDHUP") ?
				EPOLLRDHUP : !strcmp(w, "ERR") ? EPOLLERR : 0;
		if ((m & (EPOLLIN | EPOLLOUT | EPOLLHUP | EPOLLRDHUP | EPOLLERR)) != want)
			FAIL(s, "poll 0x%x, expected 0x%x", m, want);
	} else {
		FAIL(s, "unknown command '%s'", cmd);
	}
}

unsigned int tcp_script_run_features(const char *path, enum nt_layout layout, u32 features)
{
	static char text[1 << 16];
	struct nettest_baseline b;
	struct script s = { .path = path, .remote_port = PEER_PORT, .layout = layout };
	u32 socks0 = tcp_sock_count(), tw0 = tcp_tw_count();
	long mem0[3];
	int rmem0[3], wmem0[3];
	FILE *f = fopen(path, "r");
	char *line, *next;
	size_t n;

	if (!EXPECT_MSG(f != NULL, "cannot open %s", path))
		return 0;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';

	nettest_begin(&b);
	memcpy(mem0, sysctl_tcp_mem, sizeof(mem0));
	memcpy(rmem0, sysctl_tcp_rmem, sizeof(rmem0));
	memcpy(wmem0, sysctl_tcp_wmem, sizeof(wmem0));
	s.dev = fake_eth_create(nt_mac_us);
	if (!s.dev || inet_addr_add(s.dev, US, 24) ||
	    neigh_add_permanent(s.dev, PEER, nt_mac_peer)) {
		FAIL(&s, "setup");
		return 0;
	}
	skb_queue_head_init(&s.wire);
	s.dev->features |= features;
	shim_run_softirqs();
	fake_eth_purge(s.dev);
	memcpy(s.mib0, tcp_mib, sizeof(s.mib0));
	for (int r = 0; r < SKB_DROP_REASON_MAX; r++)
		s.drops0[r] = skb_drop_reason_count(r);
	for (line = text; line && *line && !s.failed; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		s.line++;
		run_line(&s, line);
	}
	/* Teardown: close what is open, let every timer run out. */
	for (int i = 0; i < MAXSOCK; i++) {
		struct linger lg = { 1, 0 };	/* abort: no FIN handshake to wait out */

		if (!s.socks[i])
			continue;
		kernel_setsockopt(s.socks[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		sock_release(s.socks[i]);
	}
	shim_advance_ms(700 * 1000);	/* past TIME-WAIT and learned PMTUs (10 min) */
	tcp_msl_ms = 30000;
	__skb_queue_purge_reason(&s.wire, SKB_DROP_REASON_QUEUE_PURGE);
	memcpy(sysctl_tcp_mem, mem0, sizeof(mem0));
	memcpy(sysctl_tcp_rmem, rmem0, sizeof(rmem0));
	memcpy(sysctl_tcp_wmem, wmem0, sizeof(wmem0));
	EXPECT_EQ_INT(tcp_memory_allocated, 0);
	fake_eth_destroy(s.dev);
	EXPECT_EQ_UINT(tcp_sock_count(), socks0);
	EXPECT_EQ_UINT(tcp_tw_count(), tw0);
	nettest_end(&b);
	return s.tso_skbs;
}

void tcp_script_run(const char *path, enum nt_layout layout)
{
	tcp_script_run_features(path, layout, 0);
}
