/*
 * TCP over IPv4 (Linux net/ipv4/tcp_ipv4.c, inet_hashtables.c): receive
 * validation and demultiplexing, the hash tables (established by
 * 4-tuple, listening by port, bound ports), connect() with RFC 6528 ISNs
 * and RFC 6056 ephemeral ports, RSTs for segments nobody wants, ICMP
 * errors (RFC 5927, RFC 1122 4.2.3.9) and the protocol's registration.
 */
#include <kernel/random.h>
#include <kernel/slab.h>
#include <kernel/printk.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/checksum.h>
#include <net/udp.h>
#include <net/inet_utils.h>
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <errno.h>
#include <string.h>

u64 tcp_mib[TCP_MIB_MAX];
#define __TCP_NAME(e, name) #name,
const char *const tcp_mib_names[TCP_MIB_MAX] = { TCP_MIB_LIST(__TCP_NAME) };

/* Linux's defaults for net.ipv4.tcp_{syncookies,sack,timestamps,window_scaling,max_syn_backlog}. */
bool sysctl_tcp_syncookies = true;
bool sysctl_tcp_sack = true;
bool sysctl_tcp_timestamps = true;
bool sysctl_tcp_window_scaling = true;
u32 sysctl_tcp_max_syn_backlog = 256;

static u64 tcp_ehash_secret[2];
static u64 tcp_isn_secret[2];
static u64 tcp_port_secret[2];

static struct hlist_head tcp_ehash[TCP_EHASH_SIZE];
static struct hlist_head tcp_lhash[TCP_LHASH_SIZE];

/*
 * A bound local port (Linux's inet_bind_bucket): the sockets using it
 * hang on owners through sk_node. A bucket whose every owner got the port
 * from connect() may be shared by another connect() to a different peer.
 */
struct tcp_bind_bucket {
	struct hlist_node node;
	struct hlist_head owners;
	u16 port;
	u8 connect_only;
};
static struct hlist_head tcp_bhash[TCP_BHASH_SIZE];
static struct kmem_cache *tcp_bucket_cachep;
static u32 tcp_socks;

/* ---- the established hash ---- */

static u32 tcp_ehashfn(__be32 laddr, __be16 lport, __be32 raddr, __be16 rport)
{
	struct {
		__be32 l, r;
		__be16 lp, rp;
	} key = { laddr, raddr, lport, rport };

	return (u32)siphash(&key, sizeof(key), tcp_ehash_secret) &
	       (TCP_EHASH_SIZE - 1);
}

void tcp_ehash_add(struct tcp_ehash_entry *e)
{
	hlist_add_head(&e->node, &tcp_ehash[tcp_ehashfn(e->laddr, e->lport,
							e->raddr, e->rport)]);
}

void tcp_ehash_del(struct tcp_ehash_entry *e)
{
	hlist_del_init(&e->node);
}

static struct tcp_ehash_entry *tcp_ehash_lookup(__be32 laddr, __be16 lport,
						__be32 raddr, __be16 rport)
{
	struct hlist_head *h = &tcp_ehash[tcp_ehashfn(laddr, lport, raddr, rport)];
	struct tcp_ehash_entry *e;

	hlist_for_each_entry(e, h, node)
		if (e->laddr == laddr && e->lport == lport &&
		    e->raddr == raddr && e->rport == rport)
			return e;
	return NULL;
}

/* ---- listeners ---- */

static struct hlist_head *tcp_lhash_head(u16 port)
{
	return &tcp_lhash[port & (TCP_LHASH_SIZE - 1)];
}

/* An exact address match beats a wildcard (and a device binding must match). */
static struct sock *tcp_lookup_listener(__be32 daddr, u16 dport, int dif)
{
	struct sock *best = NULL;
	struct tcp_sock *tp;

	hlist_for_each_entry(tp, tcp_lhash_head(dport), lnode) {
		struct sock *sk = &tp->inet.sk;

		if (sk->sk_num != dport)
			continue;
		if (sk->sk_bound_dev_if && sk->sk_bound_dev_if != dif)
			continue;
		if (sk->sk_rcv_saddr == daddr)
			return sk;
		if (!sk->sk_rcv_saddr)
			best = sk;
	}
	return best;
}

void tcp_v4_hash_listener(struct sock *sk)
{
	hlist_add_head(&tcp_sk(sk)->lnode, tcp_lhash_head(sk->sk_num));
}

/* ---- bound ports ---- */

static struct tcp_bind_bucket *tcp_bucket_find(u16 port)
{
	struct tcp_bind_bucket *tb;

	hlist_for_each_entry(tb, &tcp_bhash[port & (TCP_BHASH_SIZE - 1)], node)
		if (tb->port == port)
			return tb;
	return NULL;
}

static struct tcp_bind_bucket *tcp_bucket_create(u16 port)
{
	struct tcp_bind_bucket *tb = kmem_cache_zalloc(tcp_bucket_cachep);

	if (!tb)
		return NULL;
	tb->port = port;
	tb->connect_only = 1;
	hlist_add_head(&tb->node, &tcp_bhash[port & (TCP_BHASH_SIZE - 1)]);
	return tb;
}

static void tcp_bind_hash(struct sock *sk, struct tcp_bind_bucket *tb,
			  u16 port, bool by_connect)
{
	sk->sk_num = port;
	inet_sk(sk)->inet_sport = htons(port);
	tcp_sk(sk)->bound_by_connect = by_connect;
	if (!by_connect)
		tb->connect_only = 0;
	hlist_add_head(&sk->sk_node, &tb->owners);
	tcp_sk(sk)->tb = tb;
}

/* Give back the port (Linux's inet_put_port). */
static void tcp_put_port(struct sock *sk)
{
	struct tcp_bind_bucket *tb = tcp_sk(sk)->tb;

	if (!tb)
		return;
	hlist_del_init(&sk->sk_node);
	tcp_sk(sk)->tb = NULL;
	/* No port without its bucket (as Linux's __inet_put_port): else a
	 * later listen() or connect() would take the number as still bound. */
	sk->sk_num = 0;
	inet_sk(sk)->inet_sport = 0;
	if (!tb->owners.first) {
		hlist_del_init(&tb->node);
		kmem_cache_free(tcp_bucket_cachep, tb);
	}
}

void tcp_inherit_port(struct sock *sk, struct sock *child)
{
	tcp_bind_hash(child, tcp_sk(sk)->tb, sk->sk_num, false);
}

/*
 * bind(): sk may share the port with each owner only if they are bound
 * to different addresses or devices, or both set SO_REUSEADDR and the
 * owner is not listening, or both set SO_REUSEPORT (Linux's
 * inet_csk_bind_conflict).
 */
static bool tcp_bind_conflict(const struct sock *sk,
			      const struct tcp_bind_bucket *tb)
{
	struct sock *o;

	for (struct hlist_node *n = tb->owners.first; n; n = n->next) {
		o = container_of(n, struct sock, sk_node);
		if (o == sk)
			continue;
		if (sk->sk_bound_dev_if && o->sk_bound_dev_if &&
		    sk->sk_bound_dev_if != o->sk_bound_dev_if)
			continue;
		if (sk->sk_rcv_saddr && o->sk_rcv_saddr &&
		    sk->sk_rcv_saddr != o->sk_rcv_saddr)
			continue;
		if (sk->sk_reuse && o->sk_reuse && o->sk_state != TCP_LISTEN)
			continue;
		if (sk->sk_reuseport && o->sk_reuseport)
			continue;
		return true;
	}
	return false;
}

int tcp_v4_get_port(struct sock *sk, unsigned short snum)
{
	u32 range = sysctl_ip_local_port_max - sysctl_ip_local_port_min + 1;
	struct tcp_bind_bucket *tb;
	u32 i, port;

	if (tcp_sk(sk)->tb)
		return -EINVAL;
	if (snum) {
		tb = tcp_bucket_find(snum);
		if (tb && tcp_bind_conflict(sk, tb))
			return -EADDRINUSE;
		if (!tb && !(tb = tcp_bucket_create(snum)))
			return -ENOMEM;
		tcp_bind_hash(sk, tb, snum, false);
		return 0;
	}
	/* bind(port 0): any unused port of the range, from a random start. */
	port = get_random_u32_below(range);
	for (i = 0; i < range; i++, port++) {
		u16 p = (u16)(sysctl_ip_local_port_min + port % range);

		if (tcp_bucket_find(p))
			continue;
		tb = tcp_bucket_create(p);
		if (!tb)
			return -ENOMEM;
		tcp_bind_hash(sk, tb, p, false);
		return 0;
	}
	return -EADDRINUSE;
}

/*
 * Is the 4-tuple free for a connect()? A TIME-WAIT holding it can be
 * taken over when timestamps let the peer tell the incarnations apart
 * (RFC 7323 Appendix B.2, Linux's tcp_twsk_unique): the new connection
 * starts its sequence and timestamp beyond the old.
 */
static bool tcp_4tuple_unique(struct sock *sk, __be32 laddr, u16 lport)
{
	struct tcp_ehash_entry *e;
	struct tcp_timewait_sock *tw;
	struct tcp_sock *tp = tcp_sk(sk);

	e = tcp_ehash_lookup(laddr, htons(lport), sk->sk_daddr, sk->sk_dport);
	if (!e)
		return true;
	if (e->kind != TCP_EH_TW)
		return false;
	tw = container_of(e, struct tcp_timewait_sock, eh);
	if (!tw->tstamp_ok || !tw->ts_recent_stamp ||
	    tcp_seconds() - tw->ts_recent_stamp < 1)
		return false;
	tp->write_seq = tw->snd_nxt + 65535 + 2;
	if (!tp->write_seq)
		tp->write_seq = 1;
	tp->rx_opt.ts_recent = tw->ts_recent;
	tp->rx_opt.ts_recent_stamp = tw->ts_recent_stamp;
	TCP_INC_STATS(TCPTWRECYCLED);
	tcp_tw_deschedule(tw);
	return true;
}

/*
 * RFC 6056 3.3.3 (Algorithm 3, double-hash): the search starts at
 * F(addresses, secret) plus a per-destination-bucket counter, so ports
 * towards one peer are sequential (few collisions) while towards others
 * they reveal nothing.
 */
static int tcp_hash_connect(struct sock *sk)
{
	static u16 table[256];
	u32 range = sysctl_ip_local_port_max - sysctl_ip_local_port_min + 1;
	struct {
		__be32 l, r;
		__be16 rp;
	} key = { sk->sk_rcv_saddr, sk->sk_daddr, sk->sk_dport };
	struct tcp_bind_bucket *tb;
	u32 offset, idx, i;

	if (sk->sk_num) {
		if (!tcp_4tuple_unique(sk, sk->sk_rcv_saddr, sk->sk_num))
			return -EADDRNOTAVAIL;
		return 0;
	}
	offset = (u32)siphash(&key, sizeof(key), tcp_port_secret);
	idx = (u32)(siphash(&key, sizeof(key), tcp_ehash_secret) % ARRAY_SIZE(table));
	for (i = 0; i < range; i++) {
		u16 port = (u16)(sysctl_ip_local_port_min +
				 (offset + table[idx] + i) % range);

		tb = tcp_bucket_find(port);
		if (tb && !tb->connect_only)
			continue;
		if (!tcp_4tuple_unique(sk, sk->sk_rcv_saddr, port))
			continue;
		if (!tb && !(tb = tcp_bucket_create(port)))
			return -ENOMEM;
		table[idx] = (u16)(table[idx] + i + 1);
		tcp_bind_hash(sk, tb, port, true);
		return 0;
	}
	return -EADDRNOTAVAIL;
}

/* ---- initial sequence numbers ---- */

/*
 * RFC 6528 3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey),
 * M a 4 us timer, F SipHash under a boot-time secret.
 */
u32 tcp_v4_init_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	struct {
		__be32 s, d;
		__be16 sp, dp;
	} key = { saddr, daddr, sport, dport };

	return (u32)siphash(&key, sizeof(key), tcp_isn_secret) +
	       (u32)(ktime_get_ns() / 4000);
}

/* ---- connect ---- */

static int __tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct flowi4 fl4 = { 0 };
	struct rtable *rt;
	int err;

	if (addr_len < (int)sizeof(*usin))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	if (sk->sk_state != TCP_CLOSE)
		return -EISCONN;
	fl4.daddr = usin->sin_addr.s_addr;
	fl4.saddr = sk->sk_rcv_saddr;
	fl4.oif = sk->sk_bound_dev_if;
	fl4.tos = inet->tos;
	err = ip_route_output(&fl4, &rt);
	if (err)
		return err;
	if (rt->rt_type == RTN_MULTICAST || rt->rt_type == RTN_BROADCAST) {
		ip_rt_put(rt);
		return -ENETUNREACH;
	}
	if (!sk->sk_rcv_saddr)
		sk->sk_rcv_saddr = fl4.saddr;
	inet->inet_saddr = fl4.saddr;
	sk->sk_daddr = fl4.daddr;
	sk->sk_dport = usin->sin_port;
	tp->write_seq = 0;
	tcp_set_state(sk, TCP_SYN_SENT);
	err = tcp_hash_connect(sk);
	if (err)
		goto failure;
	if (!tp->write_seq)
		tp->write_seq = tcp_v4_init_seq(sk->sk_rcv_saddr, sk->sk_daddr,
						inet->inet_sport, sk->sk_dport);
	tp->eh = (struct tcp_ehash_entry){ .laddr = sk->sk_rcv_saddr,
		.raddr = sk->sk_daddr, .lport = inet->inet_sport,
		.rport = sk->sk_dport, .kind = TCP_EH_SOCK };
	tcp_ehash_add(&tp->eh);
	sk_dst_set(sk, &rt->dst);
	rt = NULL;
	err = tcp_connect(sk);
	if (err)
		goto failure;
	return 0;
failure:
	/* Back to CLOSED, unhashed, the port given back (Linux's tcp_v4_connect). */
	tcp_set_state(sk, TCP_CLOSE);
	tcp_ehash_del(&tp->eh);
	if (tp->bound_by_connect)
		tcp_put_port(sk);
	ip_rt_put(rt);
	sk_dst_reset(sk);
	sk->sk_dport = 0;
	return err;
}

/* Bottom halves off while the SYN goes out: over loopback the SYN-ACK
 * would otherwise be processed before snd_nxt knows the SYN was sent. */
int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	int err;

	lock_sock(sk);
	err = __tcp_v4_connect(sk, uaddr, addr_len);
	release_sock(sk);
	return err;
}

/* ---- segments from nobody: RST and bare ACKs ---- */

/* A header-only segment answering skb (whose addresses are swapped). */
static void tcp_v4_send_ctl(struct sk_buff *skb, u32 seq, u32 ack, u8 flags,
			    u16 win, const u32 *ts, u8 tos)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);
	unsigned int len = TCP_HLEN_MIN + (ts ? TCPOLEN_TSTAMP_ALIGNED : 0);
	struct sk_buff *nskb;
	struct tcphdr *rth;

	nskb = alloc_skb(MAX_TCP_HEADER);
	if (!nskb)
		return;
	skb_reserve(nskb, MAX_TCP_HEADER);
	rth = skb_push(nskb, len);
	memset(rth, 0, len);
	rth->source = th->dest;
	rth->dest = th->source;
	rth->seq = htonl(seq);
	rth->ack_seq = htonl(ack);
	rth->flags = flags;
	rth->window = htons(win);
	tcp_set_doff(rth, len / 4);
	if (ts) {
		u8 *p = (u8 *)(rth + 1);

		p[0] = TCPOPT_NOP;
		p[1] = TCPOPT_NOP;
		p[2] = TCPOPT_TIMESTAMP;
		p[3] = TCPOLEN_TIMESTAMP;
		tcp_put_be32(ts[0], p + 4);
		tcp_put_be32(ts[1], p + 8);
	}
	rth->check = csum_tcpudp_magic(iph->daddr, iph->saddr, len, IPPROTO_TCP,
				       csum_partial(rth, len, 0));
	TCP_INC_STATS(OUTSEGS);
	if (flags & TCPHDR_RST)
		TCP_INC_STATS(OUTRSTS);
	ip_send_l4(nskb, iph->daddr, iph->saddr, IPPROTO_TCP, tos,
		   sysctl_ip_default_ttl, true);
}

/*
 * RFC 9293 3.10.7.1: "If the incoming segment has the ACK bit set, the
 * reset takes its sequence number from the ACK field of the segment;
 * otherwise, the reset has sequence number zero and the ACK field is set
 * to the sum of the sequence number and segment length". Never a RST for
 * a RST, nor to a broadcast or multicast source (RFC 1122 4.2.3.10).
 */
void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);
	const struct iphdr *iph = ip_hdr(skb);
	u32 seglen;

	if (th->flags & TCPHDR_RST)
		return;
	if (skb_rtable(skb) && skb_rtable(skb)->rt_type != RTN_LOCAL)
		return;
	if (ipv4_is_multicast(iph->saddr) || ipv4_is_lbcast(iph->saddr))
		return;
	if (th->flags & TCPHDR_ACK) {
		tcp_v4_send_ctl(skb, ntohl(th->ack_seq), 0, TCPHDR_RST, 0, NULL,
				sk ? inet_sk(sk)->tos : 0);
		return;
	}
	seglen = ntohs(iph->tot_len) - ip_hdrlen_of(iph) - tcp_doff(th) * 4u;
	seglen += !!(th->flags & TCPHDR_SYN) + !!(th->flags & TCPHDR_FIN);
	tcp_v4_send_ctl(skb, 0, ntohl(th->seq) + seglen, TCPHDR_RST | TCPHDR_ACK,
			0, NULL, sk ? inet_sk(sk)->tos : 0);
}

void tcp_v4_send_ack(struct sk_buff *skb, u32 seq, u32 ack, u32 win,
		     const u32 *ts, u8 tos)
{
	tcp_v4_send_ctl(skb, seq, ack, TCPHDR_ACK, (u16)min(win, 65535u), ts, tos);
}

/* ---- receive ---- */

/*
 * RFC 9293 3.1: the checksum covers the pseudo header and the segment.
 * A device that vouched (CHECKSUM_UNNECESSARY, lo's too) is taken at
 * its word; a device's sum of the segment
 * (CHECKSUM_COMPLETE) needs only the pseudo header added, and software
 * sums anything else, or a COMPLETE sum that does not check out (Linux
 * trusts a device's "bad" no more than its "good": it sums again).
 */
static bool tcp_v4_checksum_ok(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (skb_csum_unnecessary(skb))
		return true;
	if (skb->ip_summed == CHECKSUM_COMPLETE &&
	    !csum_tcpudp_magic(iph->saddr, iph->daddr, skb->len, IPPROTO_TCP, skb->csum))
		return true;
	return csum_tcpudp_magic(iph->saddr, iph->daddr, skb->len, IPPROTO_TCP,
				 skb_checksum(skb, 0, skb->len, 0)) == 0;
}

/* Fill the control block from a validated header (Linux's tcp_v4_fill_cb). */
static void tcp_v4_fill_cb(struct sk_buff *skb, const struct tcphdr *th)
{
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

	cb->seq = ntohl(th->seq);
	cb->end_seq = cb->seq + !!(th->flags & TCPHDR_SYN) +
		      !!(th->flags & TCPHDR_FIN) + skb->len - tcp_doff(th) * 4u;
	cb->ack_seq = ntohl(th->ack_seq);
	cb->tcp_flags = th->flags;
	cb->sacked = 0;
	cb->tx_us = 0;
}

/*
 * LISTEN (RFC 9293 3.10.7.2): a RST is ignored, an ACK is answered with
 * a RST (unless it returns one of our SYN cookies), a SYN starts a
 * request sock; anything else is dropped. A SYN that also carries FIN is
 * dropped as Linux does: no stack sends one, only scanners (nmap's
 * SYN/FIN probe) do. Does not consume skb; returns the child a cookie
 * made, or NULL with *reason: SKB_CONSUMED (a SYN answered) or why skb
 * dies, and *reset when the sender gets a RST.
 */
static struct sock *tcp_v4_listen_rcv(struct sock *sk, struct sk_buff *skb,
				      enum skb_drop_reason *reason, bool *reset)
{
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);
	struct tcp_request_sock *req;
	int err;

	*reset = false;
	if (th->flags & TCPHDR_RST) {
		*reason = SKB_DROP_REASON_TCP_RESET;
		return NULL;
	}
	if (th->flags & TCPHDR_ACK) {
		*reason = SKB_DROP_REASON_TCP_FLAGS;
		if (!(th->flags & TCPHDR_SYN)) {
			req = cookie_v4_check(sk, skb, reason);
			if (req) {
				/* The cookie is good: the child, or none made. */
				struct sock *nsk = tcp_check_req(sk, skb, req, reason);

				return nsk == sk ? NULL : nsk;
			}
		}
		*reset = true;
		return NULL;
	}
	if ((th->flags & (TCPHDR_SYN | TCPHDR_FIN)) != TCPHDR_SYN) {
		*reason = SKB_DROP_REASON_TCP_FLAGS;
		return NULL;
	}
	err = tcp_conn_request(sk, skb);
	if (err) {
		TCP_INC_STATS(LISTENDROPS);
		*reason = err == -ENOBUFS ? SKB_DROP_REASON_TCP_LISTEN_OVERFLOW :
		       SKB_DROP_REASON_NOMEM;
		return NULL;
	}
	*reason = SKB_CONSUMED;
	return NULL;
}

/* A segment's end after a handler named its fate (SKB_CONSUMED: it was used). */
static void tcp_v4_skb_done(struct sock *sk, struct sk_buff *skb,
			    enum skb_drop_reason reason)
{
	if (reason == SKB_CONSUMED)
		consume_skb(skb);
	else
		tcp_drop_reason(sk, skb, reason);
}

/*
 * Consumes skb. A reference is held throughout: processing may close an
 * orphan (tcp_done frees it) while the call chain still looks at it.
 */
static void tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	enum skb_drop_reason reason;
	struct sock *nsk;
	bool reset;

	sock_hold(sk);
	if (sk->sk_state == TCP_ESTABLISHED) {
		tcp_rcv_established(sk, skb);
	} else if (sk->sk_state == TCP_LISTEN) {
		nsk = tcp_v4_listen_rcv(sk, skb, &reason, &reset);
		if (nsk) {
			tcp_v4_do_rcv(nsk, skb);
		} else {
			if (reset)
				tcp_v4_send_reset(sk, skb);
			tcp_v4_skb_done(sk, skb, reason);
		}
	} else {
		tcp_rcv_state_process(sk, skb);
	}
	sock_put(sk);
}

/*
 * A segment for a TIME-WAIT 4-tuple. Consumes skb: an ACK that keeps the
 * wait, or one answered, was used; one answered with a RST is for a
 * connection that is closed (TCP_CLOSE).
 */
static void tcp_v4_timewait_rcv(struct tcp_timewait_sock *tw, struct sk_buff *skb,
				const struct tcphdr *th, int dif)
{
	struct sock *lsk;

	switch (tcp_timewait_state_process(tw, skb, th)) {
	case TCP_TW_SYN:
		lsk = tcp_lookup_listener(ip_hdr(skb)->daddr, ntohs(th->dest), dif);
		if (lsk) {
			tcp_tw_deschedule(tw);
			tcp_v4_do_rcv(lsk, skb);
			return;
		}
		tcp_v4_send_reset(NULL, skb);
		kfree_skb_reason(skb, SKB_DROP_REASON_NO_SOCKET);
		return;
	case TCP_TW_ACK:
		tcp_tw_send_ack(tw, skb);
		break;
	case TCP_TW_RST:
		/* Data after our close (RFC 1122 4.2.2.13): the peer is reset,
		 * and the timewait goes with it (as Linux's tcp_v4_rcv). */
		tcp_v4_send_reset(NULL, skb);
		tcp_tw_deschedule(tw);
		kfree_skb_reason(skb, SKB_DROP_REASON_TCP_CLOSE);
		return;
	case TCP_TW_SUCCESS:
		break;
	}
	consume_skb(skb);
}

/* A segment for a request sock (SYN-RECEIVED). Consumes skb. */
static void tcp_v4_req_rcv(struct tcp_request_sock *req, struct sk_buff *skb)
{
	struct sock *lsk = req->listener;
	enum skb_drop_reason reason;
	struct sock *nsk;

	nsk = tcp_check_req(lsk, skb, req, &reason);
	if (nsk && nsk != lsk)
		tcp_v4_do_rcv(nsk, skb);	/* the child takes the handshake's ACK */
	else
		tcp_v4_skb_done(lsk, skb, reason);
}

/* The ipproto handler (Linux's tcp_v4_rcv). Consumes skb. */
int tcp_v4_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph;
	const struct tcphdr *th;
	struct tcp_ehash_entry *e;
	enum skb_drop_reason reason;
	struct sock *sk;
	int dif = skb->dev ? skb->dev->ifindex : 0;

	TCP_INC_STATS(INSEGS);
	/* RFC 1122 4.2.3.10: no connections to broadcast or multicast. */
	if (skb_rtable(skb) && skb_rtable(skb)->rt_type != RTN_LOCAL) {
		reason = SKB_DROP_REASON_OTHERHOST;
		goto bad_packet;
	}
	reason = SKB_DROP_REASON_PKT_TOO_SMALL;
	if (!pskb_may_pull(skb, TCP_HLEN_MIN))
		goto hdr_error;
	th = (const struct tcphdr *)skb->data;
	if (tcp_doff(th) < 5)
		goto hdr_error;
	reason = SKB_DROP_REASON_HDR_TRUNC;
	if (!pskb_may_pull(skb, tcp_doff(th) * 4u))
		goto hdr_error;
	iph = ip_hdr(skb);	/* the pulls may have moved the head */
	th = (const struct tcphdr *)skb->data;
	if (!tcp_v4_checksum_ok(skb)) {
		TCP_INC_STATS(INCSUMERRORS);
		reason = SKB_DROP_REASON_TCP_CSUM;
		goto bad_packet;
	}
	tcp_v4_fill_cb(skb, th);

	e = tcp_ehash_lookup(iph->daddr, th->dest, iph->saddr, th->source);
	if (e) {
		switch (e->kind) {
		case TCP_EH_SOCK:
			tcp_v4_do_rcv(&container_of(e, struct tcp_sock, eh)->inet.sk,
				      skb);
			return 0;
		case TCP_EH_TW:
			tcp_v4_timewait_rcv(container_of(e, struct tcp_timewait_sock, eh),
					    skb, th, dif);
			return 0;
		case TCP_EH_REQ:
			tcp_v4_req_rcv(container_of(e, struct tcp_request_sock, eh),
				       skb);
			return 0;
		}
	}
	sk = tcp_lookup_listener(iph->daddr, ntohs(th->dest), dif);
	if (sk) {
		tcp_v4_do_rcv(sk, skb);
		return 0;
	}
	/* RFC 9293 3.10.7.1: CLOSED (no socket) answers everything but a RST with one. */
	TCP_INC_STATS(NOSOCKET);
	tcp_v4_send_reset(NULL, skb);
	reason = SKB_DROP_REASON_NO_SOCKET;
	goto discard;

hdr_error:
	TCP_INC_STATS(INHDRERRORS);
bad_packet:
	TCP_INC_STATS(INERRS);
discard:
	kfree_skb_reason(skb, reason);
	return 0;
}

/* ---- ICMP errors ---- */

/* RFC 1191 / RFC 5927 5: a smaller path MTU; resend what no longer fits. */
static void tcp_v4_mtu_reduced(struct sock *sk, u32 mtu)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (sk->sk_state == TCP_LISTEN || sk->sk_state == TCP_CLOSE)
		return;
	if (mtu < ip_rt_min_pmtu) {
		TCP_INC_STATS(TCPMTUPFAIL);
		mtu = ip_rt_min_pmtu;
	}
	sk_dst_reset(sk);
	if (mtu >= tp->pmtu_cookie)
		return;
	tcp_sync_mss(sk, mtu);
	tcp_simple_retransmit(sk);
}

/*
 * An ICMP error quoting one of our segments (RFC 5927, RFC 1122 4.2.3.9):
 * only believed if the quoted sequence number is in flight (RFC 5927 4.1).
 * Fragmentation needed lowers the MSS; hard errors (protocol or port
 * unreachable) abort a connection in SYN-SENT; soft errors are kept
 * in sk_err_soft style and reported only if the connection then times out.
 * Does not consume skb.
 */
void tcp_v4_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct icmphdr *icmph = icmp_hdr(skb);
	const struct tcphdr *th;
	struct tcp_ehash_entry *e;
	struct tcp_sock *tp;
	struct sock *sk;
	u32 seq;
	int err;

	th = (const struct tcphdr *)(skb->data + ip_hdrlen_of(iph));
	e = tcp_ehash_lookup(iph->saddr, th->source, iph->daddr, th->dest);
	if (!e || e->kind != TCP_EH_SOCK)
		return;
	tp = container_of(e, struct tcp_sock, eh);
	sk = &tp->inet.sk;
	seq = ntohl(th->seq);
	if (sk->sk_state != TCP_SYN_SENT &&
	    !between(seq, tp->snd_una, tp->snd_nxt)) {
		TCP_INC_STATS(OUTOFWINDOWICMPS);
		return;
	}
	switch (icmph->type) {
	case ICMP_DEST_UNREACH:
		if (icmph->code == ICMP_FRAG_NEEDED) {
			tcp_v4_mtu_reduced(sk, info);
			return;
		}
		/* RFC 1122 4.2.3.9: port/protocol unreachable are hard errors. */
		if (icmph->code == ICMP_PORT_UNREACH || icmph->code == ICMP_PROT_UNREACH)
			err = ECONNREFUSED;
		else if (icmph->code == ICMP_NET_UNREACH)
			err = ENETUNREACH;
		else
			err = EHOSTUNREACH;
		break;
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		break;
	default:
		return;
	}
	/* Only a connection still opening gives up at once (RFC 5927 4.2). */
	if (sk->sk_state == TCP_SYN_SENT &&
	    (err == ECONNREFUSED || err == EPROTO)) {
		sk->sk_err = err;
		sk->sk_error_report(sk);
		tcp_done(sk);
		return;
	}
	tp->soft_err = err;
}

/* ---- the protocol ---- */

/* Called from sk_free via prot->destroy: give back everything TCP holds. */
void tcp_v4_destroy_sock(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_clear_xmit_timers(sk);
	tcp_write_queue_purge(sk);
	skb_queue_purge_reason(&tp->out_of_order_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	if (sk->sk_state == TCP_LISTEN)
		tcp_listen_purge(sk);
	tcp_ehash_del(&tp->eh);
	hlist_del_init(&tp->lnode);
	tcp_put_port(sk);
	tcp_socks--;
}

static void tcp_v4_unhash(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_ehash_del(&tp->eh);
	hlist_del_init(&tp->lnode);
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
		tcp_put_port(sk);
}

static int tcp_v4_init_sock(struct sock *sk)
{
	tcp_init_sock(sk);
	tcp_socks++;
	return 0;
}

u32 tcp_sock_count(void)
{
	return tcp_socks;
}

struct proto tcp_prot = {
	.name		= "TCP",
	.obj_size	= sizeof(struct tcp_sock),
	.init		= tcp_v4_init_sock,
	.close		= tcp_close,
	.connect	= tcp_v4_connect,
	.disconnect	= tcp_disconnect,
	.accept		= tcp_accept,
	.listen		= tcp_listen,
	.shutdown	= tcp_shutdown,
	.poll		= tcp_poll,
	.ioctl		= tcp_ioctl,
	.setsockopt	= tcp_setsockopt,
	.getsockopt	= tcp_getsockopt,
	.sendmsg	= tcp_sendmsg,
	.recvmsg	= tcp_recvmsg,
	.get_port	= tcp_v4_get_port,
	.unhash		= tcp_v4_unhash,
	.destroy	= tcp_v4_destroy_sock,
	.memory_allocated = &tcp_memory_allocated,
};

static const struct net_protocol tcp_protocol = {
	.handler = tcp_v4_rcv,
	.err_handler = tcp_v4_err,
};

static struct inet_protosw tcp_protosw = {
	.type = SOCK_STREAM,
	.protocol = IPPROTO_TCP,
	.prot = &tcp_prot,
	.ops = &inet_stream_ops,
};

void tcp_v4_init(void)
{
	get_random_bytes(tcp_ehash_secret, sizeof(tcp_ehash_secret));
	get_random_bytes(tcp_isn_secret, sizeof(tcp_isn_secret));
	get_random_bytes(tcp_port_secret, sizeof(tcp_port_secret));
	tcp_bucket_cachep = kmem_cache_create("tcp_bind_bucket",
					      sizeof(struct tcp_bind_bucket), 8);
	if (!tcp_bucket_cachep || proto_register(&tcp_prot))
		panic("tcp: no memory for the protocol's caches");
	tcp_cong_init();
	tcp_init_mem();
	tcp_minisocks_init();
	if (inet_add_protocol(&tcp_protocol, IPPROTO_TCP))
		printk("tcp: protocol 6 already registered\n");
	inet_register_protosw(&tcp_protosw);
}

/* ---- /proc/net/tcp, stats.json's sockets, sockstat ---- */

/* One line of /proc/net/tcp: a full sock, a TIME-WAIT or a request sock. */
struct tcp4_line {
	__be32 src, dst;
	u16 srcp, dstp;			/* host order */
	u8 state;
	u32 tx_queue, rx_queue;
	u8 timer;			/* Linux's "tr": 1 retransmit, 2 keepalive, 3 TIME-WAIT, 4 probe */
	u64 expires;			/* jiffies */
	u32 retransmits, probes, refcnt;
	struct sock *sk;		/* full socks only */
};

/* Linux's get_tcp4_sock: which timer "tr" names, and the queues as netstat shows them. */
static void tcp4_sock_line(struct sock *sk, struct tcp4_line *l)
{
	struct tcp_sock *tp = tcp_sk(sk);

	*l = (struct tcp4_line){
		.src = sk->sk_rcv_saddr, .srcp = sk->sk_num,
		.dst = sk->sk_daddr, .dstp = ntohs(sk->sk_dport),
		.state = sk->sk_state, .tx_queue = tp->write_seq - tp->snd_una,
		.retransmits = tp->retransmits, .probes = tp->probes_out,
		.refcnt = refcount_read(&sk->sk_refcnt), .sk = sk, .expires = jiffies,
	};
	if (sk->sk_state == TCP_LISTEN)
		l->rx_queue = tp->accept_qlen;
	else
		l->rx_queue = max((s32)(tp->rcv_nxt - tp->copied_seq), 0);
	if (timer_pending(&tp->retransmit_timer)) {
		l->timer = tp->pending == ICSK_TIME_PROBE0 ? 4 : 1;
		l->expires = tp->retransmit_timer.expires;
	} else if (timer_pending(&tp->keepalive_timer)) {
		l->timer = 2;
		l->expires = tp->keepalive_timer.expires;
	}
}

static void tcp4_entry_line(struct tcp_ehash_entry *e, struct tcp4_line *l)
{
	struct tcp_timewait_sock *tw;
	struct tcp_request_sock *req;

	if (e->kind == TCP_EH_SOCK) {
		tcp4_sock_line(&container_of(e, struct tcp_sock, eh)->inet.sk, l);
		return;
	}
	*l = (struct tcp4_line){
		.src = e->laddr, .srcp = ntohs(e->lport),
		.dst = e->raddr, .dstp = ntohs(e->rport),
	};
	if (e->kind == TCP_EH_TW) {
		tw = container_of(e, struct tcp_timewait_sock, eh);
		l->state = tw->substate;
		l->timer = 3;
		l->expires = tw->tw_timer.expires;
	} else {
		req = container_of(e, struct tcp_request_sock, eh);
		l->state = TCP_SYN_RECV;
		l->timer = 1;
		l->expires = req->rsk_timer.expires;
		l->retransmits = req->num_retrans;
	}
}

/* Listeners, then the established table, as Linux walks them. Bottom halves off. */
static void tcp4_walk(void (*fn)(const struct tcp4_line *l, void *arg), void *arg)
{
	struct tcp4_line l;

	for (int i = 0; i < TCP_LHASH_SIZE; i++) {
		struct tcp_sock *tp;

		hlist_for_each_entry(tp, &tcp_lhash[i], lnode) {
			tcp4_sock_line(&tp->inet.sk, &l);
			fn(&l, arg);
		}
	}
	for (int i = 0; i < TCP_EHASH_SIZE; i++) {
		struct tcp_ehash_entry *e;

		hlist_for_each_entry(e, &tcp_ehash[i], node) {
			tcp4_entry_line(e, &l);
			fn(&l, arg);
		}
	}
}

/* Linux's jiffies_delta_to_clock_t: USER_HZ (100) ticks, never negative. */
static unsigned long tcp4_clock_t(u64 expires)
{
	s64 delta = (s64)(expires - jiffies);

	return delta > 0 ? (unsigned long)(jiffies_to_msecs((u64)delta) / 10) : 0;
}

struct tcp4_seq {
	struct seq_buf *s;
	int num;
};

/*
 * Linux's get_tcp4_sock and friends, column for column. Skiff has no
 * inodes, uids or kernel pointers to show: those columns are 0, as Linux
 * shows them to a reader without the privilege.
 */
static void tcp4_seq_show(const struct tcp4_line *l, void *arg)
{
	struct tcp4_seq *st = arg;
	struct seq_buf *s = st->s;
	struct tcp_sock *tp = l->sk ? tcp_sk(l->sk) : NULL;

	seq_setwidth(s, 149);
	seq_printf(s, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %016x",
		   st->num++, l->src, l->srcp, l->dst, l->dstp, l->state, l->tx_queue,
		   l->rx_queue, l->timer, tcp4_clock_t(l->expires), l->retransmits, 0,
		   l->probes, 0, l->refcnt, 0);
	if (tp)
		seq_printf(s, " %lu %lu %u %u %d",
			   (unsigned long)(jiffies_to_msecs(tp->rto) / 10),
			   (unsigned long)(jiffies_to_msecs(TCP_DELACK_TIME) / 10),
			   (tp->quick ? 2u : 0u) | (tp->pingpong ? 1u : 0u), tp->snd_cwnd,
			   l->state == TCP_LISTEN ? 0 :
			   tp->snd_ssthresh >= TCP_INFINITE_SSTHRESH ? -1 : (int)tp->snd_ssthresh);
	seq_pad(s, '\n');
}

static void show_tcp4(struct seq_buf *s)
{
	struct tcp4_seq st = { s, 0 };

	seq_setwidth(s, 149);
	seq_puts(s, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
		    "retrnsmt   uid  timeout inode");
	seq_pad(s, '\n');
	local_bh_disable();
	tcp4_walk(tcp4_seq_show, &st);
	local_bh_enable();
}
PROC_ENTRY(net_tcp, "/proc/net/tcp", show_tcp4);

/* The dashboard's sockets: full sockets only, not the TIME-WAIT and SYN-RECV minisocks. */
static void tcp4_json(const struct tcp4_line *l, void *arg)
{
	struct json_list *jl = arg;
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	if (!l->sk)
		return;
	json_sep(jl);
	seq_printf(jl->s, "{\"proto\":\"tcp\",\"state\":\"%s\",\"local\":\"%s:%u\","
		   "\"remote\":\"%s:%u\",\"rx_queue\":%u,\"tx_queue\":%u}",
		   tcp_state_name(l->state), in4_ntop(l->src, a), l->srcp,
		   in4_ntop(l->dst, b), l->dstp, l->rx_queue, l->tx_queue);
}

static void tcp_sockets_json(struct json_list *l)
{
	local_bh_disable();
	tcp4_walk(tcp4_json, l);
	local_bh_enable();
}
STATS_JSON(tcp_sockets, "sockets", '[', tcp_sockets_json);

static void tcp4_count(const struct tcp4_line *l, void *arg)
{
	struct proto_sockstat *st = arg;

	if (!l->sk)
		return;
	st->inuse++;
	if (!l->sk->sk_socket)
		st->orphans++;
}

/* TCP's memory is what tcp_mem counts (tcp_memory_allocated), as Linux's sockstat prints it. */
void tcp_sockstat(struct proto_sockstat *st)
{
	*st = (struct proto_sockstat){ 0 };
	tcp4_walk(tcp4_count, st);
	st->mem_bytes = (u64)max(READ_ONCE(tcp_memory_allocated), 0L);
}

const char *tcp_state_name(int state)
{
	static const char *const names[] = {
		[TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN_SENT",
		[TCP_SYN_RECV] = "SYN_RECV", [TCP_FIN_WAIT1] = "FIN_WAIT1",
		[TCP_FIN_WAIT2] = "FIN_WAIT2", [TCP_TIME_WAIT] = "TIME_WAIT",
		[TCP_CLOSE] = "CLOSE", [TCP_CLOSE_WAIT] = "CLOSE_WAIT",
		[TCP_LAST_ACK] = "LAST_ACK", [TCP_LISTEN] = "LISTEN",
		[TCP_CLOSING] = "CLOSING",
	};

	return state > 0 && state < (int)ARRAY_SIZE(names) && names[state] ?
	       names[state] : "UNKNOWN";
}
