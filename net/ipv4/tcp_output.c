/*
 * TCP output (Linux net/ipv4/tcp_output.c): segments are built from the
 * write queue, whose skbs keep the data until it is acknowledged; each
 * transmission sends a clone with the header pushed in front. Here live
 * the sender's decisions: congestion window, peer window and silly
 * window avoidance (RFC 1122 4.2.3.4), Nagle (RFC 896), the receive
 * window we offer (RFC 9293 3.8.6.2.2), options (RFC 7323, RFC 2018),
 * and the control segments: SYN, SYN-ACK, ACK, FIN, RST, probes.
 */
#include <kernel/time.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/checksum.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

/* ---- options ---- */

#define OPTION_SACK_ADVERTISE	0x01
#define OPTION_TS		0x02
#define OPTION_MSS		0x04
#define OPTION_WSCALE		0x08

struct tcp_out_options {
	u16 options;
	u16 mss;
	u8 ws;
	u8 num_sack_blocks;
	u32 tsval, tsecr;
	const struct tcp_sack_block *sacks;	/* dsack first when present */
};

/* Bytes the options take, a multiple of 4. */
static unsigned int tcp_options_size(const struct tcp_out_options *o)
{
	unsigned int size = 0;

	if (o->options & OPTION_MSS)
		size += TCPOLEN_MSS;
	if (o->options & OPTION_TS)
		size += TCPOLEN_TSTAMP_ALIGNED;	/* SACK-permitted fits in its NOPs */
	else if (o->options & OPTION_SACK_ADVERTISE)
		size += 4;
	if (o->options & OPTION_WSCALE)
		size += 4;
	if (o->num_sack_blocks)
		size += 4 + o->num_sack_blocks * TCPOLEN_SACK_PERBLOCK;
	return size;
}

/* Linux's layout, which middleboxes are used to: MSS, SACK-permitted+TS, WS, SACK. */
static void tcp_options_write(u8 *p, const struct tcp_out_options *o)
{
	if (o->options & OPTION_MSS) {
		*p++ = TCPOPT_MSS;
		*p++ = TCPOLEN_MSS;
		put_unaligned_be16(o->mss, p);
		p += 2;
	}
	if (o->options & OPTION_TS) {
		if (o->options & OPTION_SACK_ADVERTISE) {
			*p++ = TCPOPT_SACK_PERM;
			*p++ = TCPOLEN_SACK_PERM;
		} else {
			*p++ = TCPOPT_NOP;
			*p++ = TCPOPT_NOP;
		}
		*p++ = TCPOPT_TIMESTAMP;
		*p++ = TCPOLEN_TIMESTAMP;
		tcp_put_be32(o->tsval, p);
		tcp_put_be32(o->tsecr, p + 4);
		p += 8;
	} else if (o->options & OPTION_SACK_ADVERTISE) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_SACK_PERM;
		*p++ = TCPOLEN_SACK_PERM;
	}
	if (o->options & OPTION_WSCALE) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p++ = o->ws;
	}
	if (o->num_sack_blocks) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_SACK;
		*p++ = (u8)(TCPOLEN_SACK_BASE + o->num_sack_blocks *
			    TCPOLEN_SACK_PERBLOCK);
		for (int i = 0; i < o->num_sack_blocks; i++) {
			tcp_put_be32(o->sacks[i].start_seq, p);
			tcp_put_be32(o->sacks[i].end_seq, p + 4);
			p += 8;
		}
	}
}

/* The options of a segment on an open connection (RFC 7323 3.2, RFC 2018 3). */
static void tcp_established_options(struct sock *sk, struct tcp_out_options *o,
				    struct tcp_sack_block *blocks)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int n = 0, max_blocks;

	if (tp->rx_opt.tstamp_ok) {
		o->options |= OPTION_TS;
		o->tsval = tcp_time_stamp();
		o->tsecr = tp->rx_opt.ts_recent;
	}
	if (!tp->rx_opt.sack_ok)
		return;
	max_blocks = tp->rx_opt.tstamp_ok ? 3 : 4;
	if (tp->rx_opt.dsack)
		blocks[n++] = tp->duplicate_sack[0];
	for (unsigned int i = 0; i < tp->rx_opt.num_sacks && n < max_blocks; i++)
		blocks[n++] = tp->selective_acks[i];
	o->num_sack_blocks = (u8)n;
	o->sacks = blocks;
}

/* ---- MSS and windows ---- */

u16 tcp_mss_for_mtu(u32 mtu, u16 user_mss)
{
	/* No IP datagram exceeds 65535 octets, whatever lo's MTU says. */
	u32 mss = min(mtu, (u32)IP_MAXPACKET) - sizeof(struct iphdr) - TCP_HLEN_MIN;

	if (user_mss && mss > user_mss)
		mss = user_mss;
	return (u16)clamp(mss, TCP_MIN_MSS, 65535u);
}

/*
 * The send MSS for a path MTU: the peer's MSS option bounds it (RFC 9293
 * 3.7.1), and the options we always send come off it (RFC 6691).
 */
u32 tcp_sync_mss(struct sock *sk, u32 pmtu)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 mss = tcp_mss_for_mtu(pmtu, 0);

	if (tp->rx_opt.mss_clamp && mss > tp->rx_opt.mss_clamp)
		mss = tp->rx_opt.mss_clamp;
	if (tp->rx_opt.user_mss && mss > tp->rx_opt.user_mss)
		mss = tp->rx_opt.user_mss;
	if (tp->rx_opt.tstamp_ok)
		mss -= TCPOLEN_TSTAMP_ALIGNED;
	mss = max(mss, TCP_MIN_MSS - TCPOLEN_TSTAMP_ALIGNED);
	tp->pmtu_cookie = pmtu;
	tp->mss_cache = mss;
	return mss;
}

/* The route of a connected socket, cached; NULL if there is none now. */
static struct rtable *tcp_route(struct sock *sk)
{
	struct dst_entry *dst = sk_dst_check(sk);
	struct flowi4 fl4 = { .daddr = sk->sk_daddr, .saddr = sk->sk_rcv_saddr,
			      .oif = sk->sk_bound_dev_if, .tos = inet_sk(sk)->tos };
	struct rtable *rt;

	if (dst)
		return (struct rtable *)dst;
	if (ip_route_output(&fl4, &rt))
		return NULL;
	sk_dst_set(sk, dst_clone(&rt->dst));
	return rt;
}

/* The NETIF_F_* of the route's device (Linux's sk_route_caps); 0 without a route. */
u32 tcp_route_features(struct sock *sk)
{
	struct rtable *rt = tcp_route(sk);
	u32 features;

	if (!rt)
		return 0;
	features = rt->dst.dev->features;
	ip_rt_put(rt);
	return features;
}

/*
 * The MSS for the next segment: mss_cache allows for the timestamp
 * option only, so SACK blocks waiting to go out take their room from
 * the data (Linux's tcp_current_mss).
 */
u32 tcp_current_mss(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct rtable *rt = tcp_route(sk);
	u32 blocks;

	if (rt) {
		u32 mtu = dst_mtu(&rt->dst);

		ip_rt_put(rt);
		if (mtu != tp->pmtu_cookie)
			tcp_sync_mss(sk, mtu);
	}
	if (!tp->rx_opt.sack_ok)
		return tp->mss_cache;
	blocks = min((u32)tp->rx_opt.num_sacks + tp->rx_opt.dsack,
		     tp->rx_opt.tstamp_ok ? 3u : 4u);
	return blocks ? tp->mss_cache - (4 + blocks * TCPOLEN_SACK_PERBLOCK) :
		tp->mss_cache;
}

/* The receive buffer as payload: half of it, for skb overhead (Linux's old tcp_adv_win_scale = 1). */
static u32 tcp_win_from_space(int space)
{
	return space > 0 ? (u32)space / 2 : 0;
}

u32 tcp_space(const struct sock *sk)
{
	return tcp_win_from_space(sk->sk_rcvbuf - (int)sk->sk_rmem_alloc);
}

static u32 tcp_full_space(const struct sock *sk)
{
	return tcp_win_from_space(sk->sk_rcvbuf);
}

/*
 * RFC 7323 2.3: the shift announced once, in the SYN, must serve the
 * largest window the receive buffer may ever grow to (Linux's
 * tcp_select_initial_window): from tcp_rmem[2] or rmem_max, whichever is
 * larger, 2^(15 + shift) covering it.
 */
static u8 tcp_wscale_for(u32 space, u32 window_clamp)
{
	int ws = 0;

	space = max(max(space, (u32)sysctl_tcp_rmem[2]), sysctl_rmem_max);
	space = min(space, window_clamp);
	while ((space >> ws) >= (1u << 16) && ws < TCP_MAX_WSCALE)
		ws++;
	return (u8)ws;
}

u8 tcp_listen_rcv_wscale(const struct sock *sk)
{
	return tcp_wscale_for((u32)max(sk->sk_rcvbuf, 0), TCP_MAX_WINDOW);
}

void tcp_select_initial_window(u32 space, u32 mss, u32 *rcv_wnd,
			       u32 *window_clamp, bool wscale_ok, u8 *rcv_wscale)
{
	if (!*window_clamp)
		*window_clamp = TCP_MAX_WINDOW;
	space = min(*window_clamp, space);
	if (space > mss)
		space -= space % mss;	/* a multiple of the MSS (mss need not be a power of 2) */
	*rcv_wnd = wscale_ok ? space : min(space, 65535u);
	*rcv_wscale = wscale_ok ? tcp_wscale_for(space, *window_clamp) : 0;
	*window_clamp = min(*window_clamp, 65535u << *rcv_wscale);
}

/*
 * The window to offer (Linux's __tcp_select_window), with receiver-side
 * silly window avoidance (RFC 9293 3.8.6.2.2, RFC 1122 4.2.3.3): the
 * right edge moves only by at least one MSS (or half the buffer), and
 * a buffer with less than one MSS free offers nothing. Under memory
 * pressure (tcp_mem.c) at most four segments are offered, as Linux's
 * rcv_ssthresh clamp does.
 */
u32 __tcp_select_window(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 mss = min((u32)tp->rcv_mss, tp->advmss ? (u32)tp->advmss : 536u);
	u32 full_space = min(tcp_full_space(sk), tp->window_clamp);
	u32 free_space = min(tcp_space(sk), full_space);
	u32 window;

	if (!mss)
		mss = TCP_MSS_DEFAULT;
	if (mss > full_space)
		mss = full_space;
	if (free_space < full_space / 2) {
		tp->quick = 0;
		if (free_space < mss)
			return 0;
	}
	if (tcp_under_memory_pressure())
		free_space = min(free_space, 4 * mss);
	window = tp->rcv_wnd;
	if (tp->rx_opt.rcv_wscale) {
		window = free_space;
		/* Offer a multiple of the scale unit, rounded down (RFC 7323 2.3). */
		window = ALIGN_DOWN(window, 1u << tp->rx_opt.rcv_wscale);
		if (window < mss && free_space >= mss)
			window = ALIGN(mss, 1u << tp->rx_opt.rcv_wscale);
		return window;
	}
	if (window <= free_space - mss || window > free_space)
		window = free_space - free_space % mss;
	else if (mss == full_space && free_space > window + full_space / 2)
		window = free_space;
	return window;
}

/* Never shrink what was offered (RFC 9293 3.8.6.2.1); remember the offer. */
u32 tcp_select_window(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 cur_win = tcp_receive_window(tp);
	u32 new_win = __tcp_select_window(sk);

	if (new_win < cur_win)
		new_win = ALIGN(cur_win, 1u << tp->rx_opt.rcv_wscale);
	new_win = min(new_win, tp->window_clamp);
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;
	new_win >>= tp->rx_opt.rcv_wscale;
	return min(new_win, 65535u);
}

/* ---- transmit ---- */

/*
 * The segment's checksum (Linux's tcp_v4_send_check): left to the device
 * (CHECKSUM_PARTIAL, the pseudo header's sum in the field) when it sums
 * TCP or cuts GSO skbs in software, where validate_xmit_skb finishes it
 * for a device that cannot; computed here over any layout otherwise.
 */
static void tcp_v4_send_check(struct sock *sk, struct sk_buff *skb,
			      const struct net_device *dev)
{
	struct tcphdr *th = (struct tcphdr *)skb->data;

	if (dev->features & (NETIF_F_CSUM_MASK | NETIF_F_GSO)) {
		th->check = (__sum16)~csum_tcpudp_magic(sk->sk_rcv_saddr, sk->sk_daddr,
							skb->len, IPPROTO_TCP, 0);
		skb_partial_csum_set(skb, 0, offsetof(struct tcphdr, check));
		return;
	}
	skb->ip_summed = CHECKSUM_NONE;
	th->check = 0;
	th->check = csum_tcpudp_magic(sk->sk_rcv_saddr, sk->sk_daddr, skb->len,
				      IPPROTO_TCP, skb_checksum(skb, 0, skb->len, 0));
}

/* An ACK went out: no delayed ACK is owed any more. */
static void tcp_event_ack_sent(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->quick)
		tp->quick--;
	tp->ack_pending = 0;
	tp->rx_opt.dsack = 0;
	del_timer(&tp->delack_timer);
}

int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone_it)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct tcp_sack_block blocks[TCP_MAX_SACKS];
	struct tcp_out_options opts = { 0 };
	unsigned int hlen;
	struct tcphdr *th;
	struct rtable *rt;
	u8 flags = tcb->tcp_flags;

	if (clone_it) {
		/* Distinct, increasing send times, so that RACK's "sent
		 * after" (RFC 8985 6.2) holds even for segments sent within
		 * one clock tick: a retransmission is later than the
		 * originals sent before it. */
		tp->tcp_mstamp = max(ktime_get_us(), tp->tcp_mstamp + 1);
		tcb->tx_us = tp->tcp_mstamp;
		/*
		 * The clone shares the data and pushes its headers into the
		 * headroom the queued skb released (tcp_stream_alloc_skb); an
		 * earlier copy still in flight there needs a headroom of its own.
		 */
		skb = skb_cloned(skb) ? pskb_copy(skb) : skb_clone(skb);
		if (!skb)
			return -ENOBUFS;
	}
	if (skb_cow_head(skb, MAX_TCP_HEADER)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return -ENOBUFS;
	}
	if (flags & TCPHDR_SYN) {
		/* A SYN offers what we support; a SYN-ACK (simultaneous open)
		 * only what the peer's SYN offered (RFC 7323 1.3, RFC 2018 2). */
		bool syn_sent = sk->sk_state == TCP_SYN_SENT;

		opts.options = OPTION_MSS;
		opts.mss = tp->advmss;
		if (sysctl_tcp_timestamps && (syn_sent || tp->rx_opt.tstamp_ok)) {
			opts.options |= OPTION_TS;
			opts.tsval = tcp_time_stamp();
			opts.tsecr = tp->rx_opt.ts_recent;
		}
		if (sysctl_tcp_window_scaling && (syn_sent || tp->rx_opt.wscale_ok)) {
			opts.options |= OPTION_WSCALE;
			opts.ws = tp->rx_opt.rcv_wscale;
		}
		if (sysctl_tcp_sack && (syn_sent || tp->rx_opt.sack_ok))
			opts.options |= OPTION_SACK_ADVERTISE;
	} else {
		tcp_established_options(sk, &opts, blocks);
	}
	hlen = TCP_HLEN_MIN + tcp_options_size(&opts);
	th = skb_push(skb, hlen);
	skb_reset_transport_header(skb);
	memset(th, 0, hlen);
	th->source = inet_sk(sk)->inet_sport;
	th->dest = sk->sk_dport;
	th->seq = htonl(tcb->seq);
	th->ack_seq = htonl(tp->rcv_nxt);
	tcp_set_doff(th, hlen / 4);
	if (sk->sk_state != TCP_SYN_SENT)
		flags |= TCPHDR_ACK;
	th->flags = flags;
	/* RFC 7323 2.2: a SYN's window is never scaled. */
	th->window = htons(flags & TCPHDR_SYN ? (u16)min(tp->rcv_wnd, 65535u) :
			   (u16)tcp_select_window(sk));
	tcp_options_write((u8 *)(th + 1), &opts);
	rt = tcp_route(sk);
	if (!rt) {
		IP_INC_STATS(OUTNOROUTES);
		kfree_skb_reason(skb, SKB_DROP_REASON_IP_OUTNOROUTES);
		return -EHOSTUNREACH;
	}
	tcp_v4_send_check(sk, skb, rt->dst.dev);
	if (flags & TCPHDR_ACK)
		tcp_event_ack_sent(sk);
	if (skb->len > hlen)
		tp->lsndtime = tcp_time_stamp();
	/* A GSO skb is gso_segs segments on the wire (Linux counts tcp_skb_pcount). */
	TCP_ADD_STATS(OUTSEGS, skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1u);

	/* Below us a full queue or an unresolved neighbour is a loss like
	 * any other: the segment counts as sent and the RTO recovers it. */
	ip_build_and_send_pkt(skb, rt, sk->sk_rcv_saddr, sk->sk_daddr,
			      IPPROTO_TCP, inet_sk(sk)->tos,
			      inet_sk(sk)->uc_ttl < 0 ? sysctl_ip_default_ttl :
			      (u8)inet_sk(sk)->uc_ttl, true);
	ip_rt_put(rt);
	return 0;
}

/* ---- the write queue ---- */

/* Its transmit clones come from the same allocation (a fast clone). */
struct sk_buff *tcp_stream_alloc_skb(struct sock *sk, unsigned int size)
{
	struct sk_buff *skb = alloc_skb_fclone(MAX_TCP_HEADER + size);

	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_TCP_HEADER);
	memset(skb->cb, 0, sizeof(skb->cb));
	return skb;
}

/* Queue skb at the tail; it becomes the send head if nothing else waits. */
void tcp_skb_entail(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	/*
	 * Queued skbs are never sent themselves, only clones of them: TCP
	 * gives their headroom to the clones (header release), so each
	 * transmission pushes its headers there without copying the segment.
	 */
	__skb_header_release(skb);
	__skb_queue_tail(&sk->sk_write_queue, skb);
	tcp_wmem_queued_add(sk, (int)skb->truesize);
	if (!tp->send_head)
		tp->send_head = skb;
}

void tcp_wmem_free_skb(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->send_head == skb)
		tcp_advance_send_head(sk, skb);
	__skb_unlink(skb, &sk->sk_write_queue);
	tcp_wmem_queued_add(sk, -(int)skb->truesize);
	consume_skb(skb);
}

/*
 * The bytes of a paged skb (no linear data) after len go to buff, which
 * takes references on their pages; skb is cut to len. A transmit clone
 * may still share skb's frag array, so skb gets a private one first
 * (pskb_trim). 0 or -ENOMEM (skb unchanged).
 */
static int tcp_split_frags(struct sk_buff *skb, struct sk_buff *buff, u32 len)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	u32 pos = 0, nlen = skb->len - len;
	int n = 0;

	for (int i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *frag = &sh->frags[i];
		u32 size = skb_frag_size(frag), from = len > pos ? len - pos : 0;

		if (from < size) {
			get_page(skb_frag_page(frag));
			skb_fill_page_desc(buff, n++, skb_frag_page(frag),
					   (int)(skb_frag_off(frag) + from), (int)(size - from));
		}
		pos += size;
	}
	buff->len = buff->data_len = nlen;
	if (pskb_trim(skb, len))
		return -ENOMEM;
	/* The bytes moved take their share of truesize along (Linux's tcp_fragment). */
	buff->truesize += nlen;
	skb->truesize -= nlen;
	return 0;
}

/*
 * Split skb after len bytes of data: the rest moves to a new skb queued
 * right behind it, taking the FIN and PSH and the scoreboard state
 * (Linux's tcp_fragment). 0 or -ENOMEM.
 */
int tcp_fragment(struct sock *sk, struct sk_buff *skb, u32 len)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb), *ncb;
	u32 nlen = skb->len - len;
	struct sk_buff *buff;
	bool sent = tp->send_head != skb && !before(cb->seq, tp->snd_una) &&
		    before(cb->seq, tp->snd_nxt);
	u32 truesize = skb->truesize;
	int err = 0;

	if (!len || len >= skb->len)
		return -EINVAL;
	/* Bytes pulled in front of frags (tcp_trim_head): make it one piece. */
	if (skb_is_nonlinear(skb) && skb_headlen(skb))
		err = skb_linearize(skb);
	buff = err ? NULL : tcp_stream_alloc_skb(sk, skb_headlen(skb) ? nlen : 0);
	if (buff && skb_headlen(skb)) {
		skb_put_data(buff, skb->data + len, nlen);
		skb_trim(skb, len);
	} else if (buff && tcp_split_frags(skb, buff, len)) {
		kfree_skb(buff);
		buff = NULL;
	}
	/*
	 * A queued skb belongs to no socket, so a new head (linearized, or
	 * made private under a transmit clone) changed its truesize: the
	 * queue's charge follows, whatever else failed.
	 */
	tcp_wmem_queued_add(sk, (int)(skb->truesize - truesize));
	if (!buff)
		return -ENOMEM;
	ncb = TCP_SKB_CB(buff);
	ncb->seq = cb->seq + len;
	ncb->end_seq = cb->end_seq;
	ncb->tcp_flags = cb->tcp_flags;
	ncb->sacked = cb->sacked;
	ncb->tx_us = cb->tx_us;
	cb->end_seq = ncb->seq;
	cb->tcp_flags &= (u8)~(TCPHDR_FIN | TCPHDR_PSH);
	__skb_header_release(buff);
	__skb_queue_after(&sk->sk_write_queue, skb, buff);
	tcp_wmem_queued_add(sk, (int)buff->truesize);
	if (sent) {
		/* One more segment in flight, with the same scoreboard state. */
		tp->packets_out++;
		if (cb->sacked & TCPCB_SACKED_ACKED)
			tp->sacked_out++;
		if (cb->sacked & TCPCB_LOST)
			tp->lost_out++;
		if (cb->sacked & TCPCB_SACKED_RETRANS)
			tp->retrans_out++;
	}
	return 0;
}

/*
 * Drop len acknowledged bytes from the front of a partly acked skb (a
 * paged one pulls them into its linear part first). 0 or -ENOMEM.
 */
static int tcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len)
{
	u32 truesize = skb->truesize;
	bool pulled;

	len = min(len, skb->len);
	pulled = pskb_pull(skb, len) != NULL;
	/* A pull into a new head changes truesize: the queue's charge follows. */
	tcp_wmem_queued_add(sk, (int)(skb->truesize - truesize));
	if (!pulled)
		return -ENOMEM;
	TCP_SKB_CB(skb)->seq += len;
	return 0;
}

static u32 tcp_wnd_end(const struct tcp_sock *tp)
{
	return tp->snd_una + tp->snd_wnd;
}

/* RFC 5681 / RFC 6675: room in cwnd for another segment. A lone FIN always goes. */
static bool tcp_cwnd_test(const struct tcp_sock *tp, const struct sk_buff *skb)
{
	if (skb->len == 0 && (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN))
		return true;
	return tcp_packets_in_flight(tp) < tp->snd_cwnd;
}

/* RFC 896: a short segment waits while data is unacknowledged, unless TCP_NODELAY. */
static bool tcp_nagle_test(const struct tcp_sock *tp, const struct sk_buff *skb,
			   u32 mss, int nonagle)
{
	if (nonagle || skb->len >= mss)
		return true;
	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
		return true;
	return tp->packets_out == 0;
}

/* Account a newly sent segment (Linux's tcp_event_new_data_sent). */
static void tcp_event_new_data_sent(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 prior_packets = tp->packets_out;

	tcp_advance_send_head(sk, skb);
	tp->snd_nxt = TCP_SKB_CB(skb)->end_seq;
	tp->packets_out++;
	if (skb->len < tp->mss_cache)
		tp->snd_sml = TCP_SKB_CB(skb)->end_seq;
	if (!prior_packets || tp->pending == ICSK_TIME_PROBE0 ||
	    tp->pending == ICSK_TIME_LOSS_PROBE)
		tcp_rearm_rto(sk);
}

/*
 * Linux's tcp_cwnd_validate (RFC 7661 4.1): remember whether cwnd limited
 * sending at any time in the current window of data, and the most
 * segments out in it; a new window begins once everything sent when the
 * last one began is acknowledged.
 */
static void tcp_cwnd_validate(struct tcp_sock *tp, bool is_cwnd_limited)
{
	if (!before(tp->snd_una, tp->cwnd_usage_seq) || is_cwnd_limited ||
	    (!tp->is_cwnd_limited && tp->packets_out > tp->max_packets_out)) {
		tp->is_cwnd_limited = is_cwnd_limited;
		tp->max_packets_out = tp->packets_out;
		tp->cwnd_usage_seq = tp->snd_nxt;
	}
}

/* The page frags of n that do not extend last (the frag before them, or NULL). */
static int tcp_gso_new_frags(const skb_frag_t *last, const struct sk_buff *n)
{
	const struct skb_shared_info *nsh = skb_shinfo(n);

	if (last && nsh->nr_frags && skb_frag_page(last) == skb_frag_page(&nsh->frags[0]) &&
	    skb_frag_off(last) + skb_frag_size(last) == skb_frag_off(&nsh->frags[0]))
		return nsh->nr_frags - 1;
	return nsh->nr_frags;
}

/* Append n's frags to gso (merging where they follow on), each with a page reference. */
static void tcp_gso_add_frags(struct sk_buff *gso, const struct sk_buff *n)
{
	struct skb_shared_info *sh = skb_shinfo(gso);
	const struct skb_shared_info *nsh = skb_shinfo(n);
	int i = 0;

	if (tcp_gso_new_frags(sh->nr_frags ? &sh->frags[sh->nr_frags - 1] : NULL, n) !=
	    nsh->nr_frags) {
		skb_frag_t *last = &sh->frags[sh->nr_frags - 1];

		skb_frag_size_set(last, skb_frag_size(last) + skb_frag_size(&nsh->frags[0]));
		i = 1;
	}
	for (; i < nsh->nr_frags; i++) {
		get_page(skb_frag_page(&nsh->frags[i]));
		skb_fill_page_desc(gso, sh->nr_frags, skb_frag_page(&nsh->frags[i]),
				   (int)skb_frag_off(&nsh->frags[i]),
				   (int)skb_frag_size(&nsh->frags[i]));
	}
	gso->len += n->len;
	gso->data_len += n->len;
	gso->truesize += n->len;
}

/*
 * Chain a clone of the linear n on gso's frag_list (*tail is where it
 * goes): the segment skb_segment hands back as it is, headers pushed
 * into the headroom TCP released, where a device without SG would
 * otherwise get a copy. 0 or -ENOBUFS.
 */
static int tcp_gso_add_clone(struct sk_buff *gso, struct sk_buff ***tail,
			     struct sk_buff *n)
{
	struct sk_buff *c = skb_cloned(n) ? pskb_copy(n) : skb_clone(n);

	if (!c)
		return -ENOBUFS;
	**tail = c;
	*tail = &c->next;
	gso->len += c->len;
	gso->data_len += c->len;
	gso->truesize += c->truesize;
	return 0;
}

/*
 * How many queued segments from skb on may leave now as one GSO skb
 * (Linux's tcp_tso_segs with tso_fragment's limits): each a full
 * mss_now (so the cuts fall where the queue's do and the scoreboard
 * keeps one entry per segment), all page frags or all linear as the
 * first, within cwnd and the peer's window, the last one short only
 * when Nagle lets it go, the FIN only on the last, 64 KiB and (page
 * frags) MAX_SKB_FRAGS at most.
 */
static unsigned int tcp_gso_count(struct sock *sk, struct sk_buff *skb,
				  u32 mss_now, int nonagle)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 quota = tp->snd_cwnd - min(tp->snd_cwnd, tcp_packets_in_flight(tp));
	unsigned int count = 0, len = 0, frags = 0;
	bool paged = skb_is_nonlinear(skb);
	const skb_frag_t *last = NULL;
	struct sk_buff *n = skb;

	while (count < quota) {
		const struct tcp_skb_cb *cb = TCP_SKB_CB(n);

		if (skb_is_nonlinear(n) != paged || (paged && skb_headlen(n)) ||
		    !n->len || n->len > mss_now ||
		    (cb->tcp_flags & (TCPHDR_SYN | TCPHDR_URG)) ||
		    after(cb->end_seq, tcp_wnd_end(tp)) || len + n->len > TCP_GSO_MAX_PAYLOAD)
			break;
		/* A short one goes last, and only when Nagle lets it and nothing
		 * is queued behind it (else tcp_fill_unsent fills it up first). */
		if (n->len < mss_now && !(cb->tcp_flags & TCPHDR_FIN) &&
		    (!nonagle || n != tcp_write_queue_tail(sk)))
			break;
		if (paged) {
			frags += (unsigned int)tcp_gso_new_frags(last, n);
			if (frags > MAX_SKB_FRAGS)
				break;
			last = &skb_shinfo(n)->frags[skb_shinfo(n)->nr_frags - 1];
		}
		count++;
		len += n->len;
		if (n->len < mss_now || (cb->tcp_flags & TCPHDR_FIN) ||
		    n == tcp_write_queue_tail(sk))
			break;
		n = list_entry(n->list.next, struct sk_buff, list);
	}
	return count;
}

/*
 * Send count queued segments from the send head as one GSO skb behind
 * one header, gso_size = mss_now: their page frags referenced, or
 * (linear segments, for a device without SG) clones of them chained on
 * the frag_list. The device (TSO) or validate_xmit_skb (GSO) cuts it
 * back into exactly the queued segments, each then accounted as sent on
 * its own.
 */
static int tcp_gso_xmit(struct sock *sk, unsigned int count, u32 mss_now)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tp->send_head, *n = skb, *gso, **tail;
	struct tcp_skb_cb *cb;
	int err;

	gso = alloc_skb(MAX_TCP_HEADER);
	if (!gso)
		return -ENOBUFS;
	skb_reserve(gso, MAX_TCP_HEADER);
	tail = &skb_shinfo(gso)->frag_list;
	for (unsigned int i = 0; i < count; i++, n = list_entry(n->list.next, struct sk_buff, list)) {
		if (skb_is_nonlinear(n)) {
			tcp_gso_add_frags(gso, n);
		} else if (tcp_gso_add_clone(gso, &tail, n)) {
			kfree_skb(gso);
			return -ENOBUFS;
		}
	}
	n = list_entry(n->list.prev, struct sk_buff, list);
	cb = TCP_SKB_CB(gso);
	memcpy(cb, TCP_SKB_CB(skb), sizeof(*cb));
	cb->end_seq = TCP_SKB_CB(n)->end_seq;
	cb->tcp_flags |= TCP_SKB_CB(n)->tcp_flags;
	skb_shinfo(gso)->gso_size = (u16)mss_now;
	skb_shinfo(gso)->gso_segs = (u16)count;
	skb_shinfo(gso)->gso_type = SKB_GSO_TCPV4;
	err = tcp_transmit_skb(sk, gso, false);
	if (err)
		return err;
	while (count--) {
		/* Distinct send times, as tcp_transmit_skb gives each clone (RACK). */
		tp->tcp_mstamp = max(ktime_get_us(), tp->tcp_mstamp + 1);
		TCP_SKB_CB(tp->send_head)->tx_us = tp->tcp_mstamp;
		tcp_event_new_data_sent(sk, tp->send_head);
	}
	return 0;
}

/*
 * An unsent skb shorter than mss_now with more data queued behind it,
 * most often the rest of an skb cut when SACK blocks shrank the MSS
 * (1,448 bytes queued, 1,436 sent, 12 left): gather it and the bytes
 * behind it, up to mss_now, into one new linear skb in its place, so that
 * each slot of a small cwnd carries a full segment. Linux's write queue
 * holds GSO-sized skbs cut at mss_now, which leaves one such remainder
 * per 64 KiB, and tcp_mtu_probe gathers its probe the same way. A FIN
 * stays where it is. Returns the skb to send (skb itself when there is
 * nothing to gather or no memory).
 */
static struct sk_buff *tcp_fill_unsent(struct sock *sk, struct sk_buff *skb, u32 mss)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb), *ncb;
	struct sk_buff *next = tcp_write_queue_next(sk, skb), *nskb, *from;
	u32 want;

	if (skb->len >= mss || !next || (cb->tcp_flags & TCPHDR_FIN) ||
	    (TCP_SKB_CB(next)->tcp_flags & TCPHDR_FIN))
		return skb;
	nskb = tcp_stream_alloc_skb(sk, mss);
	if (!nskb)
		return skb;
	if (!tcp_mem_schedule(sk, (int)nskb->truesize, TCP_MEM_SEND)) {
		consume_skb(nskb);
		return skb;
	}
	ncb = TCP_SKB_CB(nskb);
	ncb->seq = cb->seq;
	ncb->tcp_flags = TCPHDR_ACK;
	__skb_header_release(nskb);
	if (tcp_write_queue_prev(sk, skb))
		__skb_queue_after(&sk->sk_write_queue, tcp_write_queue_prev(sk, skb), nskb);
	else
		__skb_queue_head(&sk->sk_write_queue, nskb);
	tcp_wmem_queued_add(sk, (int)nskb->truesize);
	if (tp->send_head == skb)
		tp->send_head = nskb;
	for (from = skb, want = mss; from && want; from = next) {
		struct tcp_skb_cb *fcb = TCP_SKB_CB(from);
		u32 n = min(want, from->len);

		next = tcp_write_queue_next(sk, from);
		if (fcb->tcp_flags & TCPHDR_FIN)
			break;
		skb_copy_bits(from, 0, skb_put(nskb, n), (int)n);
		want -= n;
		if (n < from->len) {
			/* No memory to pull a paged skb: its bytes stay there. */
			if (tcp_trim_head(sk, from, n))
				skb_trim(nskb, nskb->len - n);
			break;
		}
		ncb->tcp_flags |= fcb->tcp_flags & TCPHDR_PSH;
		tcp_wmem_free_skb(sk, from);
	}
	ncb->end_seq = ncb->seq + nskb->len;
	return nskb;
}

bool tcp_write_xmit(struct sock *sk, unsigned int mss_now, int nonagle,
		    int push_one)
{
	struct tcp_sock *tp = tcp_sk(sk);
	bool is_cwnd_limited = false;
	int gso = push_one ? 0 : -1;	/* -1: not asked yet */
	struct sk_buff *skb;
	unsigned int segs;
	int sent = 0;

	if (!tp->packets_out && tp->send_head &&
	    tcp_time_stamp() - tp->lsndtime > tp->rto)
		tcp_ca_event(sk, CA_EVENT_TX_START);
	while ((skb = tp->send_head)) {
		struct tcp_skb_cb *cb;

		/* A loss probe goes whatever cwnd says (RFC 8985 7.3). */
		if (!tcp_cwnd_test(tp, skb) && push_one != 2) {
			is_cwnd_limited = true;
			break;
		}
		skb = tcp_fill_unsent(sk, skb, mss_now);
		cb = TCP_SKB_CB(skb);
		if (after(cb->end_seq, tcp_wnd_end(tp))) {
			/*
			 * RFC 1122 4.2.3.4: send part of a segment only when
			 * the usable window is at least half the largest
			 * window the peer ever offered (sender SWS avoidance).
			 */
			s32 room = (s32)(tcp_wnd_end(tp) - cb->seq);

			if (room <= 0 || (u32)room < tp->max_window / 2 ||
			    (u32)room >= skb->len || tcp_fragment(sk, skb, (u32)room))
				break;
		}
		if (skb->len > mss_now && tcp_fragment(sk, skb, mss_now))
			break;
		if (!tcp_nagle_test(tp, skb, mss_now, nonagle))
			break;
		/* A burst needs a full segment with another behind it; only
		 * then is the route's device asked whether it takes GSO skbs. */
		segs = 0;
		if (gso && skb->len == mss_now && skb != tcp_write_queue_tail(sk)) {
			if (gso < 0)
				gso = !!(tcp_route_features(sk) & (NETIF_F_TSO | NETIF_F_GSO));
			segs = gso ? tcp_gso_count(sk, skb, mss_now, nonagle) : 0;
		}
		if (segs > 1) {
			if (tcp_gso_xmit(sk, segs, mss_now))
				break;
			sent += (int)segs;
			continue;
		}
		if (tcp_transmit_skb(sk, skb, true))
			break;
		tcp_event_new_data_sent(sk, skb);
		sent++;
		if (push_one)
			break;
	}
	is_cwnd_limited |= tcp_packets_in_flight(tp) >= tp->snd_cwnd;
	if (sent || is_cwnd_limited)
		tcp_cwnd_validate(tp, is_cwnd_limited);
	if (sent) {
		/* RFC 6937: PRR counts what it let out. */
		if (tcp_in_cwnd_reduction(tp))
			tp->prr_out += (u32)sent;
		/* RFC 8985 7.2: new data (re)starts the probe timer. */
		if (push_one != 2)
			tcp_schedule_loss_probe(sk, false);
		return false;
	}
	return tp->send_head != NULL;
}

/*
 * Persist (RFC 9293 3.8.6.1): data waits, nothing is in flight to bring
 * an ACK that could open the window, so probe it.
 */
void tcp_check_probe_timer(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->packets_out && tp->send_head && !tp->pending)
		tcp_reset_xmit_timer(sk, ICSK_TIME_PROBE0,
				     tcp_probe0_when(sk, TCP_RTO_MAX), TCP_RTO_MAX);
}

void tcp_push_pending_frames(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->send_head)
		return;
	if (tcp_write_xmit(sk, tcp_current_mss(sk), tp->nonagle, 0))
		tcp_check_probe_timer(sk);
}

int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	u32 cur_mss = tcp_current_mss(sk);
	u32 sent;
	int err;

	if (before(cb->seq, tp->snd_una)) {
		/* Partly acknowledged: send only what is missing. */
		if (!before(tp->snd_una, cb->end_seq))
			return -EINVAL;
		if (tcp_trim_head(sk, skb, tp->snd_una - cb->seq))
			return -ENOMEM;
	}
	/* Outside the window and not the head: wait (Linux's check). */
	if (after(cb->end_seq, tcp_wnd_end(tp)) && skb != tcp_write_queue_head(sk) &&
	    !(cb->tcp_flags & TCPHDR_SYN))
		return -EAGAIN;
	if (skb->len > cur_mss && tcp_fragment(sk, skb, cur_mss))
		return -ENOMEM;
	sent = tcp_time_stamp();	/* the TSval this copy carries */
	err = tcp_transmit_skb(sk, skb, true);
	if (err)
		return err;
	TCP_INC_STATS(RETRANSSEGS);
	tp->total_retrans++;
	if (!(cb->sacked & TCPCB_SACKED_RETRANS)) {
		cb->sacked |= TCPCB_SACKED_RETRANS | TCPCB_EVER_RETRANS;
		tp->retrans_out++;
	}
	if (!tp->retrans_stamp)
		tp->retrans_stamp = sent;
	/* -1: the first retransmission since tcp_init_undo. */
	if (tp->undo_retrans < 0)
		tp->undo_retrans = 0;
	tp->undo_retrans++;
	return 0;
}

/* ---- control segments ---- */

/* A header-only segment with seq and flags, sent at once (consumed). */
static int tcp_send_ctl(struct sock *sk, u32 seq, u8 flags)
{
	struct sk_buff *skb = tcp_stream_alloc_skb(sk, 0);

	if (!skb)
		return -ENOBUFS;
	TCP_SKB_CB(skb)->seq = seq;
	TCP_SKB_CB(skb)->end_seq = seq;
	TCP_SKB_CB(skb)->tcp_flags = flags;
	return tcp_transmit_skb(sk, skb, false);
}

void tcp_send_ack(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (sk->sk_state == TCP_CLOSE)
		return;
	if (tcp_send_ctl(sk, tp->snd_nxt, TCPHDR_ACK)) {
		/* No memory: try again when the delayed-ACK timer fires. */
		tp->ack_pending |= ICSK_ACK_SCHED;
		tcp_send_delayed_ack(sk);
	}
}

/* RFC 1122 4.2.3.2: at most TCP_DELACK_TIME (40 ms) later. */
void tcp_send_delayed_ack(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->ack_pending |= ICSK_ACK_SCHED | ICSK_ACK_TIMER;
	if (!timer_pending(&tp->delack_timer))
		mod_timer(&tp->delack_timer, jiffies + TCP_DELACK_TIME);
}

/* RFC 9293 3.10.4: the FIN goes after all queued data, on the last skb if unsent. */
void tcp_send_fin(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_write_queue_tail(sk);

	if (skb && tp->send_head) {
		TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_FIN;
		TCP_SKB_CB(skb)->end_seq++;
	} else {
		skb = tcp_stream_alloc_skb(sk, 0);
		if (!skb) {
			/* Linux loops here; the RST that closing cannot send is the peer's. */
			TCP_INC_STATS(TCPABORTONMEMORY);
			tcp_send_active_reset(sk);
			tcp_done(sk);
			return;
		}
		TCP_SKB_CB(skb)->seq = tp->write_seq;
		TCP_SKB_CB(skb)->end_seq = tp->write_seq + 1;
		TCP_SKB_CB(skb)->tcp_flags = TCPHDR_FIN | TCPHDR_ACK;
		tcp_skb_entail(sk, skb);
	}
	tp->write_seq++;
	if (tcp_write_xmit(sk, tcp_current_mss(sk), 1, 0))
		tcp_check_probe_timer(sk);
}

/* RFC 9293 3.10.4 ABORT / 3.10.7.4: <SEQ=SND.NXT><CTL=RST>. */
void tcp_send_active_reset(struct sock *sk)
{
	TCP_INC_STATS(OUTRSTS);
	tcp_send_ctl(sk, tcp_sk(sk)->snd_nxt, TCPHDR_RST | TCPHDR_ACK);
}

/* The SYN-ACK for a request sock (RFC 9293 3.10.7.2), or a cookie's. */
int tcp_send_synack(struct sock *sk, struct tcp_request_sock *req, bool cookie)
{
	struct flowi4 fl4 = { .daddr = req->eh.raddr, .saddr = req->eh.laddr,
			      .oif = sk->sk_bound_dev_if, .tos = req->tos };
	struct tcp_out_options opts = { .options = OPTION_MSS };
	u32 rcv_wnd, window_clamp = 0;
	struct sk_buff *skb;
	struct tcphdr *th;
	struct rtable *rt;
	unsigned int hlen;
	u8 rcv_wscale;
	int err;

	err = ip_route_output(&fl4, &rt);
	if (err)
		return err;
	opts.mss = tcp_mss_for_mtu(dst_mtu(&rt->dst), tcp_sk(sk)->rx_opt.user_mss);
	tcp_select_initial_window(tcp_full_space(sk), opts.mss, &rcv_wnd,
				  &window_clamp, req->wscale_ok, &rcv_wscale);
	if (req->wscale_ok) {
		req->rcv_wscale = tcp_listen_rcv_wscale(sk);
		opts.options |= OPTION_WSCALE;
		opts.ws = req->rcv_wscale;
	}
	if (req->sack_ok)
		opts.options |= OPTION_SACK_ADVERTISE;
	if (req->tstamp_ok) {
		opts.options |= OPTION_TS;
		opts.tsval = cookie ? cookie_init_timestamp(req, tcp_time_stamp()) :
			     tcp_time_stamp();
		opts.tsecr = req->ts_recent;
	}
	hlen = TCP_HLEN_MIN + tcp_options_size(&opts);
	skb = alloc_skb(MAX_TCP_HEADER);
	if (!skb) {
		ip_rt_put(rt);
		return -ENOBUFS;
	}
	skb_reserve(skb, MAX_TCP_HEADER);
	th = skb_push(skb, hlen);
	memset(th, 0, hlen);
	th->source = req->eh.lport;
	th->dest = req->eh.rport;
	th->seq = htonl(req->snt_isn);
	th->ack_seq = htonl(req->rcv_isn + 1);
	th->flags = TCPHDR_SYN | TCPHDR_ACK;
	th->window = htons((u16)min(rcv_wnd, 65535u));
	tcp_set_doff(th, hlen / 4);
	tcp_options_write((u8 *)(th + 1), &opts);
	th->check = csum_tcpudp_magic(req->eh.laddr, req->eh.raddr, hlen,
				      IPPROTO_TCP, csum_partial(th, hlen, 0));
	TCP_INC_STATS(OUTSEGS);
	err = ip_build_and_send_pkt(skb, rt, req->eh.laddr, req->eh.raddr,
				    IPPROTO_TCP, req->tos, sysctl_ip_default_ttl,
				    true);
	ip_rt_put(rt);
	return err;
}

/* Initialise windows and MSS from the route (Linux's tcp_connect_init). */
static int tcp_connect_init(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct rtable *rt = tcp_route(sk);
	u32 mtu;

	if (!rt)
		return -EHOSTUNREACH;
	mtu = dst_mtu(&rt->dst);
	ip_rt_put(rt);
	tp->advmss = tcp_mss_for_mtu(mtu, tp->rx_opt.user_mss);
	tp->rx_opt.mss_clamp = tp->advmss;
	tcp_sync_mss(sk, mtu);
	tp->rx_opt.mss_clamp = 0;
	tp->rcv_mss = tp->advmss;
	tp->window_clamp = 0;
	tcp_select_initial_window(tcp_full_space(sk), tp->advmss, &tp->rcv_wnd,
				  &tp->window_clamp, sysctl_tcp_window_scaling,
				  &tp->rx_opt.rcv_wscale);
	if (sysctl_tcp_window_scaling)
		tp->rx_opt.rcv_wscale = tcp_listen_rcv_wscale(sk);
	tp->snd_una = tp->write_seq;
	tp->snd_sml = tp->write_seq;
	tp->snd_nxt = tp->write_seq;
	tp->iss = tp->write_seq;
	tp->rcv_nxt = 0;
	tp->rcv_wup = 0;
	tp->copied_seq = 0;
	tp->rto = TCP_TIMEOUT_INIT;
	tp->retransmits = 0;
	return 0;
}

/* Send the SYN (RFC 9293 3.10.1 OPEN in CLOSED, active). */
int tcp_connect(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	int err;

	err = tcp_connect_init(sk);
	if (err)
		return err;
	skb = tcp_stream_alloc_skb(sk, 0);
	if (!skb)
		return -ENOBUFS;
	TCP_SKB_CB(skb)->seq = tp->write_seq;
	TCP_SKB_CB(skb)->end_seq = tp->write_seq + 1;
	TCP_SKB_CB(skb)->tcp_flags = TCPHDR_SYN;
	tp->write_seq++;
	tcp_skb_entail(sk, skb);
	/*
	 * Before the SYN leaves: its TSval is this clock, and a SYN-ACK that
	 * comes back at once (loopback) after a tick must still echo a time
	 * at or after retrans_stamp, or SYN-SENT's echo check rejects it.
	 */
	tp->retrans_stamp = tcp_time_stamp();
	tcp_transmit_skb(sk, skb, true);
	tcp_event_new_data_sent(sk, skb);
	TCP_INC_STATS(ACTIVEOPENS);
	tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tp->rto, TCP_RTO_MAX);
	return 0;
}

/* ---- probes ---- */

/* RFC 9293 3.8.6.1 / RFC 1122 4.2.3.6: an old sequence number draws an ACK. */
static int tcp_xmit_probe_skb(struct sock *sk)
{
	return tcp_send_ctl(sk, tcp_sk(sk)->snd_una - 1, TCPHDR_ACK);
}

int tcp_write_wakeup(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tp->send_head;

	if (sk->sk_state == TCP_CLOSE)
		return -1;
	if (skb && before(TCP_SKB_CB(skb)->seq, tcp_wnd_end(tp))) {
		u32 mss = tcp_current_mss(sk);
		u32 seg = min(tcp_wnd_end(tp) - TCP_SKB_CB(skb)->seq, mss);
		int err;

		/* The window opened: send what fits, a probe that carries data. */
		if (seg < skb->len && tcp_fragment(sk, skb, seg))
			return -1;
		err = tcp_transmit_skb(sk, skb, true);
		if (!err)
			tcp_event_new_data_sent(sk, skb);
		return err;
	}
	return tcp_xmit_probe_skb(sk);
}

/* The persist timer fired (Linux's tcp_send_probe0). */
void tcp_send_probe0(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_write_wakeup(sk);
	if (tp->packets_out || !tp->send_head) {
		/* Data went out, or nothing waits: the RTO takes over. */
		tp->probes_out = 0;
		tp->backoff = 0;
		return;
	}
	TCP_INC_STATS(TCPWINPROBE);
	tp->probes_out++;
	if (tp->backoff < 31)
		tp->backoff++;
	tcp_reset_xmit_timer(sk, ICSK_TIME_PROBE0,
			     tcp_probe0_when(sk, TCP_RTO_MAX), TCP_RTO_MAX);
}
