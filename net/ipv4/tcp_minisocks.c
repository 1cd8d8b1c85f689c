/*
 * The small TCP objects (Linux net/ipv4/tcp_minisocks.c, inet_timewait_sock.c,
 * the listen half of tcp_input.c): TIME-WAIT kept in a few dozen bytes
 * instead of a full socket, and request socks for connections in
 * SYN-RECEIVED, which become full sockets on the handshake's last ACK.
 */
#include <kernel/slab.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/route.h>
#include <errno.h>
#include <string.h>

static struct kmem_cache *tcp_tw_cachep;
static struct kmem_cache *tcp_req_cachep;
static u32 tcp_tw_live;

u32 tcp_tw_count(void)
{
	return tcp_tw_live;
}

/* ---- TIME-WAIT ---- */

void tcp_tw_deschedule(struct tcp_timewait_sock *tw)
{
	del_timer(&tw->tw_timer);
	tcp_ehash_del(&tw->eh);
	tcp_tw_live--;
	kmem_cache_free(tcp_tw_cachep, tw);
}

static void tcp_tw_timer_handler(struct timer_list *t)
{
	struct tcp_timewait_sock *tw = from_timer(tw, t, tw_timer);

	if (tw->substate == TCP_TIME_WAIT)
		TCP_INC_STATS(TCPTIMEWAITS);
	tcp_tw_deschedule(tw);
}

/*
 * Replace sk by a timewait sock in the established hash for timeo
 * jiffies (2 MSL in TIME-WAIT, RFC 9293 3.10.7.4; the FIN timeout for an
 * orphan in FIN-WAIT-2), then close sk. Without memory the connection
 * just closes, as Linux does. The socket passes through state on its way
 * to CLOSED, so that debug=tcp shows the TIME-WAIT a timewait sock keeps.
 */
void tcp_time_wait(struct sock *sk, int state, u32 timeo)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_timewait_sock *tw = kmem_cache_zalloc(tcp_tw_cachep);

	tcp_set_state(sk, state);

	if (tw) {
		tw->eh = tp->eh;
		tw->eh.kind = TCP_EH_TW;
		tw->rcv_nxt = tp->rcv_nxt;
		tw->snd_nxt = tp->snd_nxt;
		tw->rcv_wnd = tcp_receive_window(tp) >> tp->rx_opt.rcv_wscale;
		tw->rcv_wscale = tp->rx_opt.rcv_wscale;
		tw->tstamp_ok = tp->rx_opt.tstamp_ok;
		tw->ts_recent = tp->rx_opt.ts_recent;
		tw->ts_recent_stamp = tp->rx_opt.ts_recent_stamp;
		tw->substate = (u8)state;
		tw->tos = inet_sk(sk)->tos;
		timer_setup(&tw->tw_timer, tcp_tw_timer_handler, 0);
		mod_timer(&tw->tw_timer, jiffies + timeo);
		tcp_ehash_del(&tp->eh);
		tcp_ehash_add(&tw->eh);
		tcp_tw_live++;
	}
	tcp_done(sk);
}

static bool tcp_tw_paws_reject(const struct tcp_timewait_sock *tw,
			       const struct tcp_options_received *opt, bool rst)
{
	struct tcp_options_received o = { .ts_recent = tw->ts_recent,
		.ts_recent_stamp = tw->ts_recent_stamp,
		.rcv_tsval = opt->rcv_tsval, .saw_tstamp = opt->saw_tstamp };

	return tw->tstamp_ok && tcp_paws_reject(&o, rst);
}

/*
 * RFC 9293 3.10.7.4 in TIME-WAIT: a retransmitted FIN is acknowledged
 * and restarts the 2 MSL wait; a RST ends it (Linux's default, i.e.
 * without RFC 1337's protection); a SYN beyond the old sequence space
 * (or with a newer timestamp) may open a new incarnation (RFC 9293
 * 3.10.7.4 note, RFC 6191); anything else earns a duplicate ACK. An
 * orphaned FIN-WAIT-2 accepts the peer's FIN and becomes TIME-WAIT.
 */
enum tcp_tw_status tcp_timewait_state_process(struct tcp_timewait_sock *tw,
					       struct sk_buff *skb,
					       const struct tcphdr *th)
{
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	struct tcp_options_received opt = { 0 };
	bool paws_reject = false;

	if (tcp_doff(th) > 5) {
		tcp_parse_options(th, &opt, false);
		if (opt.saw_tstamp)
			paws_reject = tcp_tw_paws_reject(tw, &opt,
							 th->flags & TCPHDR_RST);
	}

	if (tw->substate == TCP_FIN_WAIT2) {
		if (paws_reject)
			return TCP_TW_ACK;
		if (th->flags & TCPHDR_RST)
			goto kill;
		if (th->flags & TCPHDR_SYN && !before(cb->seq, tw->rcv_nxt))
			return TCP_TW_RST;
		/* Data after our close, or anything out of sequence: RST. */
		if (cb->end_seq != cb->seq + !!(th->flags & TCPHDR_FIN) ||
		    cb->seq != tw->rcv_nxt)
			return after(cb->end_seq, tw->rcv_nxt) ? TCP_TW_RST : TCP_TW_ACK;
		if (!(th->flags & TCPHDR_FIN))
			return TCP_TW_SUCCESS;
		tw->rcv_nxt = cb->end_seq;
		tw->substate = TCP_TIME_WAIT;
		if (opt.saw_tstamp) {
			tw->ts_recent = opt.rcv_tsval;
			tw->ts_recent_stamp = tcp_seconds();
		}
		mod_timer(&tw->tw_timer, jiffies + tcp_timewait_len());
		return TCP_TW_ACK;
	}

	if (!paws_reject && cb->seq == tw->rcv_nxt &&
	    (cb->seq == cb->end_seq || (th->flags & TCPHDR_RST))) {
		if (th->flags & TCPHDR_RST) {
kill:
			TCP_INC_STATS(TCPTWKILLED);
			tcp_tw_deschedule(tw);
			return TCP_TW_SUCCESS;
		}
		if (opt.saw_tstamp) {
			tw->ts_recent = opt.rcv_tsval;
			tw->ts_recent_stamp = tcp_seconds();
		}
		return TCP_TW_SUCCESS;
	}

	/* A new SYN: past our sequence space, or with a newer timestamp. */
	if ((th->flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST)) == TCPHDR_SYN &&
	    ((opt.saw_tstamp && tw->tstamp_ok &&
	      (s32)(tw->ts_recent - opt.rcv_tsval) < 0) ||
	     (!opt.saw_tstamp && after(cb->seq, tw->rcv_nxt))))
		return TCP_TW_SYN;

	if (paws_reject)
		TCP_INC_STATS(PAWSESTAB);
	if (th->flags & TCPHDR_RST)
		return TCP_TW_SUCCESS;
	/* A retransmitted FIN (or anything else): ACK it, and a FIN restarts 2 MSL. */
	if (th->flags & TCPHDR_FIN && !paws_reject)
		mod_timer(&tw->tw_timer, jiffies + tcp_timewait_len());
	return TCP_TW_ACK;
}

void tcp_tw_send_ack(struct tcp_timewait_sock *tw, struct sk_buff *skb)
{
	u32 ts[2] = { tcp_time_stamp(), tw->ts_recent };

	tcp_v4_send_ack(skb, tw->snd_nxt, tw->rcv_nxt, tw->rcv_wnd,
			tw->tstamp_ok ? ts : NULL, tw->tos);
}

/* ---- request socks ---- */

void tcp_reqsk_free(struct tcp_request_sock *req)
{
	struct sock *lsk = req->listener;

	del_timer(&req->rsk_timer);
	tcp_ehash_del(&req->eh);
	if (!list_empty(&req->list)) {
		list_del_init(&req->list);
		tcp_sk(lsk)->syn_qlen--;
	}
	kmem_cache_free(tcp_req_cachep, req);
}

/* RFC 6298 5.7-like backoff of SYN-ACKs: 1, 2, 4, ... s, then give up. */
static void tcp_reqsk_timer_handler(struct timer_list *t)
{
	struct tcp_request_sock *req = from_timer(req, t, rsk_timer);

	if (req->num_retrans >= TCP_SYNACK_RETRIES) {
		tcp_reqsk_free(req);
		return;
	}
	req->num_retrans++;
	TCP_INC_STATS(RETRANSSEGS);
	tcp_send_synack(req->listener, req, false);
	mod_timer(&req->rsk_timer,
		  jiffies + min((u32)TCP_TIMEOUT_INIT << req->num_retrans,
				(u32)TCP_RTO_MAX));
}

/* Fill a request from the SYN's options (RFC 7323 2.2, 3.2; RFC 2018 2). */
static void tcp_openreq_init(struct tcp_request_sock *req,
			     const struct tcp_options_received *opt,
			     struct sk_buff *skb, struct sock *lsk)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);

	req->eh = (struct tcp_ehash_entry){ .laddr = iph->daddr,
		.raddr = iph->saddr, .lport = th->dest, .rport = th->source,
		.kind = TCP_EH_REQ };
	INIT_LIST_HEAD(&req->list);
	req->listener = lsk;
	req->rcv_isn = TCP_SKB_CB(skb)->seq;
	req->mss = opt->mss_clamp;
	req->tstamp_ok = opt->tstamp_ok;
	req->ts_recent = opt->rcv_tsval;
	req->sack_ok = opt->sack_ok;
	req->wscale_ok = opt->wscale_ok;
	req->snd_wscale = opt->snd_wscale;
	req->tos = inet_sk(lsk)->tos;
}

/* Is the SYN queue full (Linux's inet_csk_reqsk_queue_is_full)? */
static bool tcp_synq_full(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	return tp->syn_qlen >= min((u32)sk->sk_max_ack_backlog + 1,
				   sysctl_tcp_max_syn_backlog);
}

/*
 * A SYN for a listener (RFC 9293 3.10.7.2 "third, check for a SYN"):
 * remember it in a request sock and answer SYN-ACK; with the SYN queue
 * full, answer with a SYN cookie instead and remember nothing (RFC 4987
 * 3.6). 0, or -ENOBUFS (a queue full) or -ENOMEM (memory low, sock_mem_low)
 * when the SYN was dropped.
 */
int tcp_conn_request(struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_options_received opt = { 0 };
	struct tcp_request_sock *req;
	bool want_cookie = false;
	u16 mss;

	/* Memory too short for new connections (sock.c): the open ones keep it. */
	if (sock_mem_low())
		return -ENOMEM;
	if (tcp_synq_full(sk)) {
		if (!sysctl_tcp_syncookies) {
			TCP_INC_STATS(TCPREQQFULLDROP);
			return -ENOBUFS;
		}
		want_cookie = true;
	}
	if (tp->accept_qlen >= (u32)sk->sk_max_ack_backlog) {
		TCP_INC_STATS(LISTENOVERFLOWS);
		return -ENOBUFS;
	}
	opt.mss_clamp = TCP_MSS_DEFAULT;
	opt.user_mss = tp->rx_opt.user_mss;
	tcp_parse_options(th, &opt, true);
	if (opt.user_mss && opt.mss_clamp > opt.user_mss)
		opt.mss_clamp = opt.user_mss;
	if (!sysctl_tcp_timestamps)
		opt.tstamp_ok = 0;
	if (!sysctl_tcp_sack)
		opt.sack_ok = 0;
	if (!sysctl_tcp_window_scaling)
		opt.wscale_ok = 0;

	req = kmem_cache_zalloc(tcp_req_cachep);
	if (!req)
		return -ENOMEM;
	tcp_openreq_init(req, &opt, skb, sk);
	timer_setup(&req->rsk_timer, tcp_reqsk_timer_handler, 0);
	if (want_cookie) {
		/* RFC 4987 3.6: without timestamps a cookie cannot carry SACK or scaling. */
		mss = req->mss;
		req->snt_isn = cookie_v4_init_sequence(skb, &mss);
		req->mss = mss;
		if (!req->tstamp_ok) {
			req->wscale_ok = 0;
			req->sack_ok = 0;
		}
		tp->synq_overflow_ts = tcp_time_stamp() | 1;
		TCP_INC_STATS(SYNCOOKIESSENT);
		tcp_send_synack(sk, req, true);
		kmem_cache_free(tcp_req_cachep, req);
		return 0;
	}
	req->snt_isn = tcp_v4_init_seq(req->eh.laddr, req->eh.raddr,
				       req->eh.lport, req->eh.rport);
	list_add_tail(&req->list, &tp->syn_queue);
	tp->syn_qlen++;
	tcp_ehash_add(&req->eh);
	TCP_INC_STATS(PASSIVEOPENS);
	tcp_send_synack(sk, req, false);
	mod_timer(&req->rsk_timer, jiffies + TCP_TIMEOUT_INIT);
	return 0;
}

/*
 * A full socket for req, on the listener's accept queue in ESTABLISHED
 * (Linux's tcp_create_openreq_child + inet_csk_complete_hashdance).
 * NULL when memory is short.
 */
struct sock *tcp_create_openreq_child(struct sock *sk,
				      const struct tcp_request_sock *req,
				      struct sk_buff *skb)
{
	struct tcp_sock *ltp = tcp_sk(sk), *ntp;
	struct sock *child;

	child = sk_alloc(AF_INET, sk->sk_prot, 0);
	if (!child)
		return NULL;
	sock_init_data(NULL, child);
	child->sk_type = sk->sk_type;
	child->sk_protocol = sk->sk_protocol;
	sk->sk_prot->init(child);
	ntp = tcp_sk(child);
	/* What the listener's owner configured, the child inherits. */
	child->sk_rcvbuf = sk->sk_rcvbuf;
	child->sk_sndbuf = sk->sk_sndbuf;
	child->sk_userlocks = sk->sk_userlocks;
	child->sk_reuse = sk->sk_reuse;
	child->sk_bound_dev_if = sk->sk_bound_dev_if;
	child->sk_flags = sk->sk_flags & (1UL << SOCK_KEEPOPEN);
	inet_sk(child)->tos = inet_sk(sk)->tos;
	inet_sk(child)->uc_ttl = inet_sk(sk)->uc_ttl;
	ntp->nonagle = ltp->nonagle;
	ntp->keepalive_time = ltp->keepalive_time;
	ntp->keepalive_intvl = ltp->keepalive_intvl;
	ntp->keepalive_probes = ltp->keepalive_probes;
	ntp->rx_opt.user_mss = ltp->rx_opt.user_mss;
	ntp->ca_ops = ltp->ca_ops;

	child->sk_rcv_saddr = req->eh.laddr;
	inet_sk(child)->inet_saddr = req->eh.laddr;
	child->sk_daddr = req->eh.raddr;
	child->sk_dport = req->eh.rport;
	tcp_inherit_port(sk, child);
	ntp->eh = req->eh;
	ntp->eh.kind = TCP_EH_SOCK;

	ntp->irs = req->rcv_isn;
	ntp->rcv_nxt = ntp->copied_seq = ntp->rcv_wup = req->rcv_isn + 1;
	ntp->iss = req->snt_isn;
	ntp->snd_una = ntp->snd_nxt = ntp->snd_sml = ntp->write_seq =
		req->snt_isn + 1;
	ntp->snd_wl1 = req->rcv_isn;
	ntp->rx_opt.tstamp_ok = req->tstamp_ok;
	ntp->rx_opt.sack_ok = req->sack_ok;
	ntp->rx_opt.wscale_ok = req->wscale_ok;
	ntp->rx_opt.snd_wscale = req->wscale_ok ? req->snd_wscale : 0;
	ntp->rx_opt.rcv_wscale = req->wscale_ok ? req->rcv_wscale : 0;
	ntp->rx_opt.mss_clamp = req->mss;
	ntp->rx_opt.ts_recent = req->ts_recent;
	ntp->rx_opt.ts_recent_stamp = tcp_seconds();
	/* RFC 7323 2.2: the SYN's window is never scaled; the ACK's is. */
	ntp->snd_wnd = (u32)ntohs(((const struct tcphdr *)
				   skb_transport_header(skb))->window)
		       << ntp->rx_opt.snd_wscale;
	ntp->max_window = ntp->snd_wnd;
	ntp->snd_wl1 = TCP_SKB_CB(skb)->seq;
	ntp->snd_wl2 = TCP_SKB_CB(skb)->ack_seq;
	tcp_set_state(child, TCP_SYN_RECV);
	tcp_ehash_add(&ntp->eh);
	tcp_init_transfer(child);

	ntp->parent = sk;
	list_add_tail(&ntp->accept_node, &ltp->accept_queue);
	ltp->accept_qlen++;
	return child;
}

/*
 * A segment for a request sock (RFC 9293 3.10.7.4 in SYN-RECEIVED, in
 * the order of Linux's tcp_check_req): a retransmitted SYN gets the
 * SYN-ACK again; an unacceptable segment an ACK; a RST or SYN removes
 * the request; the ACK of our SYN-ACK creates the child. Returns the
 * child; or sk, the child not made (*reason: the accept queue full, or
 * no memory); or NULL, skb used (*reason SKB_CONSUMED) or to be dropped
 * for *reason. Does not consume skb.
 */
struct sock *tcp_check_req(struct sock *sk, struct sk_buff *skb,
			   struct tcp_request_sock *req,
			   enum skb_drop_reason *reason)
{
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	struct tcp_options_received opt = { 0 };
	u32 rcv_wnd;
	struct sock *child;
	bool in_queue = !list_empty(&req->list);
	bool paws_reject = false;

	*reason = SKB_CONSUMED;
	if (tcp_doff(th) > 5) {
		tcp_parse_options(th, &opt, false);
		if (opt.saw_tstamp && req->tstamp_ok) {
			struct tcp_options_received r = {
				.ts_recent = req->ts_recent,
				.ts_recent_stamp = tcp_seconds(),
				.rcv_tsval = opt.rcv_tsval, .saw_tstamp = 1 };

			paws_reject = tcp_paws_reject(&r, th->flags & TCPHDR_RST);
		}
	}
	/* A retransmitted SYN: retransmit the SYN-ACK (RFC 9293 3.10.7.4 first). */
	if (cb->seq == req->rcv_isn &&
	    (th->flags & (TCPHDR_SYN | TCPHDR_RST | TCPHDR_ACK)) == TCPHDR_SYN &&
	    !paws_reject) {
		tcp_send_synack(sk, req, false);
		return NULL;
	}
	/* An ACK that does not acknowledge our SYN-ACK: reset the sender. */
	if ((th->flags & TCPHDR_ACK) && cb->ack_seq != req->snt_isn + 1) {
		tcp_v4_send_reset(sk, skb);
		*reason = SKB_DROP_REASON_TCP_INVALID_ACK_SEQUENCE;
		goto drop_req_if_cookie;
	}
	rcv_wnd = 65535;
	if (paws_reject || !((cb->seq == cb->end_seq && cb->seq == req->rcv_isn + 1) ||
			     (!before(cb->seq, req->rcv_isn + 1) &&
			      before(cb->seq, req->rcv_isn + 1 + rcv_wnd)))) {
		if (!(th->flags & TCPHDR_RST)) {
			u32 ts[2] = { tcp_time_stamp(), req->ts_recent };

			tcp_v4_send_ack(skb, req->snt_isn + 1, req->rcv_isn + 1,
					rcv_wnd >> req->rcv_wscale,
					req->tstamp_ok ? ts : NULL, req->tos);
		}
		if (paws_reject)
			TCP_INC_STATS(PAWSESTAB);
		*reason = paws_reject ? SKB_DROP_REASON_TCP_RFC7323_PAWS :
			  SKB_DROP_REASON_TCP_INVALID_SEQUENCE;
		goto drop_req_if_cookie;
	}
	if (opt.saw_tstamp && !after(cb->seq, req->rcv_isn + 1))
		req->ts_recent = opt.rcv_tsval;
	/* RFC 9293 3.10.7.4 second/fourth: RST or SYN in window ends the attempt. */
	if (th->flags & (TCPHDR_RST | TCPHDR_SYN)) {
		TCP_INC_STATS(ATTEMPTFAILS);
		if (th->flags & TCPHDR_RST) {
			TCP_INC_STATS(EMBRYONICRSTS);
		} else {
			tcp_v4_send_reset(sk, skb);
			*reason = SKB_DROP_REASON_TCP_INVALID_SYN;
		}
		if (in_queue)
			tcp_reqsk_free(req);
		else
			goto drop_req_if_cookie;
		return NULL;
	}
	if (!(th->flags & TCPHDR_ACK)) {
		*reason = SKB_DROP_REASON_TCP_FLAGS;
		goto drop_req_if_cookie;
	}

	if (tcp_sk(sk)->accept_qlen >= (u32)sk->sk_max_ack_backlog) {
		/* The accept queue is full: drop the ACK but keep the request
		 * (Linux without tcp_abort_on_overflow); the SYN-ACK goes
		 * again on its timer, and the peer's ACK of it may find room. */
		TCP_INC_STATS(LISTENOVERFLOWS);
		TCP_INC_STATS(LISTENDROPS);
		*reason = SKB_DROP_REASON_TCP_LISTEN_OVERFLOW;
		if (!in_queue)
			kmem_cache_free(tcp_req_cachep, req);
		return sk;
	}
	child = tcp_create_openreq_child(sk, req, skb);
	if (in_queue)
		tcp_reqsk_free(req);
	else
		kmem_cache_free(tcp_req_cachep, req);
	if (!child) {
		TCP_INC_STATS(LISTENDROPS);
		*reason = SKB_DROP_REASON_NOMEM;
		return sk;
	}
	return child;

drop_req_if_cookie:
	/* A cookie's request exists only for this segment. */
	if (!in_queue)
		kmem_cache_free(tcp_req_cachep, req);
	return NULL;
}

/* For syncookies.c: a request sock outside any queue. */
struct tcp_request_sock *tcp_reqsk_alloc(struct sock *sk, struct sk_buff *skb,
					 const struct tcp_options_received *opt)
{
	struct tcp_request_sock *req = kmem_cache_zalloc(tcp_req_cachep);

	if (!req)
		return NULL;
	tcp_openreq_init(req, opt, skb, sk);
	timer_setup(&req->rsk_timer, tcp_reqsk_timer_handler, 0);
	return req;
}

/*
 * A listener closes (RFC 9293 3.10.4 CLOSE in LISTEN): pending requests
 * go; children already established but never accepted are aborted with
 * a RST (Linux's inet_csk_listen_stop).
 */
void tcp_listen_purge(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk), *child, *n;
	struct tcp_request_sock *req, *rn;

	list_for_each_entry_safe(req, rn, &tp->syn_queue, list)
		tcp_reqsk_free(req);
	list_for_each_entry_safe(child, n, &tp->accept_queue, accept_node) {
		struct sock *csk = &child->inet.sk;

		list_del_init(&child->accept_node);
		tp->accept_qlen--;
		child->parent = NULL;
		sock_orphan(csk);
		if (csk->sk_state != TCP_CLOSE) {
			tcp_send_active_reset(csk);
			TCP_INC_STATS(TCPABORTONCLOSE);
		}
		tcp_done(csk);
	}
}

void tcp_minisocks_init(void)
{
	tcp_tw_cachep = kmem_cache_create("tcp_timewait",
					  sizeof(struct tcp_timewait_sock), 8);
	tcp_req_cachep = kmem_cache_create("tcp_request_sock",
					   sizeof(struct tcp_request_sock), 8);
	if (!tcp_tw_cachep || !tcp_req_cachep)
		panic("tcp: no memory for timewait and request caches");
}
