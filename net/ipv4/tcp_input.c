/*
 * TCP input (Linux net/ipv4/tcp_input.c): segment arrival processing in
 * the order of RFC 9293 3.10.7 — sequence acceptability, RST, SYN, ACK,
 * data, FIN — with timestamps and PAWS (RFC 7323), RFC 5961's challenge
 * ACKs, RTT estimation (RFC 6298), ACK generation (RFC 1122 4.2.3.2,
 * RFC 5681 4.2). Received data is queued in tcp_data.c; SACK and loss
 * recovery are in tcp_sack.c and tcp_recovery.c.
 *
 * Every segment arrives here with skb->data at the TCP header, its
 * length checked (tcp_v4_rcv) and TCP_SKB_CB filled; each path consumes it.
 */
#include <kernel/time.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/route.h>
#include <errno.h>
#include <string.h>

/* RFC 5961 7: at most this many challenge ACKs per second, all sockets. */
static u32 tcp_challenge_ack_limit = 1000;

/* ---- options ---- */

void tcp_parse_options(const struct tcphdr *th,
		       struct tcp_options_received *opt, bool syn)
{
	const u8 *p = (const u8 *)(th + 1);
	int length = (int)tcp_doff(th) * 4 - TCP_HLEN_MIN;

	opt->saw_tstamp = 0;
	opt->saw_sack = 0;
	while (length > 0) {
		u8 kind = *p++, size;

		if (kind == TCPOPT_EOL)
			return;
		if (kind == TCPOPT_NOP) {
			length--;
			continue;
		}
		if (length < 2)
			return;
		size = *p++;
		if (size < 2 || size > length)
			return;		/* RFC 9293 3.2: malformed, stop */
		switch (kind) {
		case TCPOPT_MSS:
			if (size == TCPOLEN_MSS && syn) {
				u16 mss = get_unaligned_be16(p);

				if (mss) {
					if (opt->user_mss && opt->user_mss < mss)
						mss = opt->user_mss;
					opt->mss_clamp = mss;
				}
			}
			break;
		case TCPOPT_WINDOW:
			if (size == TCPOLEN_WINDOW && syn) {
				opt->wscale_ok = 1;
				/* RFC 7323 2.3: a shift above 14 is used as 14. */
				opt->snd_wscale = min(*p, (u8)TCP_MAX_WSCALE);
			}
			break;
		case TCPOPT_TIMESTAMP:
			if (size == TCPOLEN_TIMESTAMP) {
				opt->saw_tstamp = 1;
				opt->rcv_tsval = get_unaligned_be32(p);
				opt->rcv_tsecr = get_unaligned_be32(p + 4);
				if (syn)
					opt->tstamp_ok = 1;
			}
			break;
		case TCPOPT_SACK_PERM:
			if (size == TCPOLEN_SACK_PERM && syn)
				opt->sack_ok = 1;
			break;
		case TCPOPT_SACK:
			if (size >= TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK &&
			    !((size - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_PERBLOCK)) {
				int n = (size - TCPOLEN_SACK_BASE) / TCPOLEN_SACK_PERBLOCK;

				n = min(n, TCP_MAX_SACKS);
				for (int i = 0; i < n; i++) {
					opt->rcv_sacks[i].start_seq =
						get_unaligned_be32(p + 8 * i);
					opt->rcv_sacks[i].end_seq =
						get_unaligned_be32(p + 8 * i + 4);
				}
				opt->saw_sack = (u8)n;
			}
			break;
		}
		p += size - 2;
		length -= size;
	}
}

/* ---- PAWS (RFC 7323 5) ---- */

bool tcp_paws_check(const struct tcp_options_received *rx_opt, int paws_win)
{
	if ((s32)(rx_opt->ts_recent - rx_opt->rcv_tsval) <= paws_win)
		return true;
	/* 5.5: TS.Recent older than 24 days is invalid, not a reason to drop. */
	if (tcp_seconds() - rx_opt->ts_recent_stamp >= TCP_PAWS_24DAYS)
		return true;
	/* A peer that never sent a timestamp after the SYN (Linux). */
	return !rx_opt->ts_recent;
}

/* R1: drop a segment whose TSval is older than TS.Recent (a RST is judged the same, RFC 7323 5.3). */
bool tcp_paws_reject(const struct tcp_options_received *rx_opt, bool rst)
{
	if (tcp_paws_check(rx_opt, 0))
		return false;
	/* A RST more than 2 MSL after the last timestamp may be from a peer that rebooted. */
	return !(rst && tcp_seconds() >=
		 rx_opt->ts_recent_stamp + TCP_PAWS_MSL);
}

void tcp_store_ts_recent(struct tcp_sock *tp)
{
	tp->rx_opt.ts_recent = tp->rx_opt.rcv_tsval;
	tp->rx_opt.ts_recent_stamp = tcp_seconds();
}

/* RFC 7323 4.3 (2): TS.Recent takes the TSval of a segment covering Last.ACK.sent. */
static void tcp_replace_ts_recent(struct tcp_sock *tp, u32 seq)
{
	if (tp->rx_opt.saw_tstamp && !after(seq, tp->rcv_wup) &&
	    tcp_paws_check(&tp->rx_opt, 0))
		tcp_store_ts_recent(tp);
}

/* ---- RTT and RTO (RFC 6298 2) ---- */

void tcp_rtt_estimator(struct sock *sk, long mrtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	long m = mrtt_us ? mrtt_us : 1;
	u32 srtt = tp->srtt_us;

	if (srtt) {
		/* 2.3: SRTT += (R' - SRTT) / 8; RTTVAR += (|SRTT - R'| - RTTVAR) / 4. */
		m -= (long)(srtt >> 3);
		srtt += (u32)m;
		if (m < 0)
			m = -m;
		m -= (long)(tp->mdev_us >> 2);
		tp->mdev_us += (u32)m;
	} else {
		/* 2.2: SRTT = R, RTTVAR = R / 2. */
		srtt = (u32)m << 3;
		tp->mdev_us = (u32)m << 1;
	}
	tp->srtt_us = max(1u, srtt);
}

/* RTO = SRTT + max(G, 4 * RTTVAR), within [TCP_RTO_MIN, TCP_RTO_MAX]. */
void tcp_set_rto(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 rto_us = (tp->srtt_us >> 3) + tp->mdev_us;
	u32 rto = (u32)usecs_to_jiffies(rto_us);

	tp->rto = clamp(rto, (u32)TCP_RTO_MIN, (u32)TCP_RTO_MAX);
}

/* The least RTT of the last five minutes (Linux's tcp_min_rtt_wlen), for RACK (RFC 8985 6.1). */
static void tcp_update_rtt_min(struct tcp_sock *tp, u32 rtt_us)
{
	u32 now = tcp_time_stamp();

	if (rtt_us <= tp->min_rtt_us || now - tp->min_rtt_stamp > 300 * HZ) {
		tp->min_rtt_us = rtt_us;
		tp->min_rtt_stamp = now;
	}
}

/*
 * One RTT sample per ACK: from the newest segment cumulatively acked,
 * else from one newly SACKed, else from the timestamp echo. Karn's rule
 * (RFC 6298 3) forbids timing a retransmitted segment, unless its
 * timestamp echo says which copy was acked (RFC 7323 4.1). A valid
 * sample recomputes the RTO, which undoes the backoff (RFC 6298 5.7's
 * "collapsing" of the backed-off RTO).
 */
static void tcp_ack_update_rtt(struct sock *sk, int flag, long seq_rtt_us,
			       long sack_rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (seq_rtt_us < 0)
		seq_rtt_us = sack_rtt_us;
	if (seq_rtt_us < 0 && tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
	    (flag & FLAG_ACKED))
		seq_rtt_us = (long)(tcp_time_stamp() - tp->rx_opt.rcv_tsecr) * 1000;
	if (seq_rtt_us < 0)
		return;
	tcp_update_rtt_min(tp, (u32)seq_rtt_us);
	tcp_rtt_estimator(sk, seq_rtt_us);
	tcp_set_rto(sk);
	tp->backoff = 0;
}

/* ---- sending ACKs (RFC 1122 4.2.3.2, RFC 5681 4.2) ---- */

void tcp_enter_quickack_mode(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->quick = (u8)min(16u, max(2u, tp->rcv_wnd / (2u * max(tp->rcv_mss, (u16)1))));
	tp->pingpong = 0;
}

/*
 * Ack at once when a second full segment arrived since the last ACK
 * (RFC 5681 4.2: at least every second one), in quickack mode, or with out-of-order
 * data (a duplicate ACK must go out immediately, RFC 5681 4.2); else
 * delay it (at most 40 ms).
 */
static void __tcp_ack_snd_check(struct sock *sk, bool ofo_possible)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->rcv_nxt - tp->rcv_wup > tp->rcv_mss || tp->quick ||
	    (ofo_possible && skb_peek(&tp->out_of_order_queue))) {
		tcp_send_ack(sk);
	} else {
		tcp_send_delayed_ack(sk);
	}
}

static void tcp_ack_snd_check(struct sock *sk)
{
	if (!(tcp_sk(sk)->ack_pending & ICSK_ACK_SCHED))
		return;
	__tcp_ack_snd_check(sk, true);
}

/* RFC 5961 7: a challenge ACK, globally rate limited. */
static void tcp_send_challenge_ack(struct sock *sk)
{
	static u32 window_start, count;
	u32 now = tcp_time_stamp();

	if (now - window_start >= HZ) {
		window_start = now;
		count = 0;
	}
	if (++count > tcp_challenge_ack_limit)
		return;
	TCP_INC_STATS(TCPCHALLENGEACK);
	tcp_send_ack(sk);
}

/* ---- ACK processing (RFC 9293 3.10.7.4 "fifth, check the ACK field") ---- */

/*
 * RFC 9293 3.10.7.4: update the window if SND.WL1 < SEG.SEQ, or SND.WL1 =
 * SEG.SEQ and SND.WL2 =< SEG.ACK, so an old segment cannot shrink it
 * (Linux also takes a larger window from a segment with the same numbers).
 * RFC 7323 2.2: the window of a SYN (a SYN-ACK here) is not scaled.
 */
static int tcp_ack_update_window(struct sock *sk, const struct sk_buff *skb,
				 u32 ack, u32 ack_seq)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = (const struct tcphdr *)skb->data;
	u32 nwin = ntohs(th->window);
	int flag = 0;

	if (!(th->flags & TCPHDR_SYN))
		nwin <<= tp->rx_opt.snd_wscale;

	if (after(ack, tp->snd_una) || after(ack_seq, tp->snd_wl1) ||
	    (ack_seq == tp->snd_wl1 && (nwin > tp->snd_wnd || !after(ack, tp->snd_wl2)))) {
		if (tp->snd_wnd != nwin) {
			tp->snd_wnd = nwin;
			flag |= FLAG_WIN_UPDATE;
			if (nwin > tp->max_window)
				tp->max_window = nwin;
		}
		tp->snd_wl1 = ack_seq;
		tp->snd_wl2 = ack;
	}
	return flag;
}

/*
 * Free what the ACK covers (Linux's tcp_clean_rtx_queue): count what was
 * delivered, advance RACK, take an RTT sample from the newest segment
 * sent only once, and note reordering: a segment never retransmitted
 * arriving below one already SACKed (RFC 8985 6.2 step 3).
 */
static int tcp_clean_rtx_queue(struct sock *sk, u32 prior_fack,
			       u32 *acked_pkts, long *seq_rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u64 now_us = ktime_get_us();
	struct sk_buff *skb;
	bool reord = false;
	int flag = 0;

	*acked_pkts = 0;
	*seq_rtt_us = -1;
	while ((skb = tcp_write_queue_head(sk)) && skb != tp->send_head) {
		struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
		u8 sacked = cb->sacked;

		if (after(cb->end_seq, tp->snd_una))
			break;
		if (sacked & TCPCB_SACKED_RETRANS)
			tp->retrans_out--;
		if (sacked & TCPCB_EVER_RETRANS) {
			flag |= FLAG_RETRANS_DATA_ACKED;
		} else if (!(sacked & TCPCB_SACKED_ACKED)) {
			*seq_rtt_us = (long)tcp_stamp_us_delta(now_us, cb->tx_us);
			if (!after(cb->end_seq, tp->high_seq))
				flag |= FLAG_ORIG_SACK_ACKED;
			if (before(cb->seq, prior_fack))
				reord = true;
		}
		if (sacked & TCPCB_SACKED_ACKED) {
			tp->sacked_out--;
		} else if (tcp_is_sack(tp)) {
			tp->delivered++;
			tcp_rack_advance(tp, sacked, cb->end_seq, cb->tx_us);
		}
		if (sacked & TCPCB_LOST)
			tp->lost_out--;
		tp->packets_out--;
		(*acked_pkts)++;
		flag |= cb->tcp_flags & TCPHDR_SYN ? FLAG_SYN_ACKED : FLAG_DATA_ACKED;
		tcp_wmem_free_skb(sk, skb);
	}
	if (flag & FLAG_RETRANS_DATA_ACKED)
		*seq_rtt_us = -1;	/* Karn: ambiguous */
	if (flag & FLAG_ACKED)
		flag |= FLAG_SET_XMIT_TIMER;
	if (reord) {
		tp->reord_seen++;
		TCP_INC_STATS(TCPSACKREORDER);
	}
	if (!tcp_is_sack(tp))
		tcp_remove_reno_sacks(sk, *acked_pkts);
	if (tp->highest_sack && !after(tp->highest_sack, tp->snd_una))
		tp->highest_sack = 0;
	if (!tp->packets_out)
		tp->sacked_out = tp->lost_out = tp->retrans_out = 0;
	return flag;
}

/* Congestion window growth (RFC 5681 3.1) only while cwnd limits the sender. */
static void tcp_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	if (!tcp_is_cwnd_limited(tcp_sk(sk)))
		return;
	tcp_sk(sk)->ca_ops->cong_avoid(sk, ack, acked);
}

/*
 * Linux's tcp_cong_control: in Recovery PRR sets cwnd (RFC 6937);
 * elsewhere it grows, but only on in-order delivery (RFC 5681 3.1).
 */
static void tcp_cong_control(struct sock *sk, u32 ack, u32 delivered,
			     u32 newly_lost, int flag)
{
	if (tcp_in_cwnd_reduction(tcp_sk(sk)))
		tcp_cwnd_reduction(sk, delivered, newly_lost, flag);
	else if (flag & FLAG_DATA_ACKED)
		tcp_cong_avoid(sk, ack, delivered);
}

/* Anything for the recovery state machine? (Linux's tcp_ack_is_dubious.) */
static bool tcp_ack_is_dubious(const struct tcp_sock *tp, int flag)
{
	return !(flag & FLAG_NOT_DUP) ||
	       (flag & (FLAG_DATA_SACKED | FLAG_DSACKING_ACK)) ||
	       tp->ca_state != TCP_CA_Open;
}

/*
 * Process the ACK field of skb (skb->data at the header), as Linux's
 * tcp_ack: 1 for an ACK in [SND.UNA, SND.NXT], 0 for an old one (below
 * SND.UNA, within a window: a duplicate's SACK blocks are still used),
 * or minus the reason to drop the segment: TCP_ACK_UNSENT_DATA for an
 * ACK of something not yet sent (the caller ACKs, RFC 9293 3.10.7.4),
 * TCP_TOO_OLD_ACK for one too old to be believed (challenged here).
 */
static int tcp_ack(struct sock *sk, const struct sk_buff *skb, int flag)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	u32 ack = cb->ack_seq, prior_snd_una = tp->snd_una;
	u32 prior_delivered = tp->delivered, prior_lost = tp->lost, acked_pkts;
	u32 prior_fack = tp->highest_sack ? tp->highest_sack : prior_snd_una;
	int num_dupack = 0, rexmit = REXMIT_NONE;
	long seq_rtt_us, sack_rtt_us = -1;

	if (before(ack, prior_snd_una)) {
		/* RFC 5961 5.2: an ACK older than a window is a blind injection attempt. */
		if (before(ack, prior_snd_una - tp->max_window)) {
			tcp_send_challenge_ack(sk);
			return -SKB_DROP_REASON_TCP_TOO_OLD_ACK;
		}
		/* RFC 5681 2: old ACK; its SACK blocks (a D-SACK) may still teach us. */
		if (tp->rx_opt.saw_sack && tcp_is_sack(tp)) {
			flag |= tcp_sacktag_write_queue(sk, skb, prior_snd_una, &sack_rtt_us);
			tcp_fastretrans_alert(sk, prior_snd_una, 0, &flag, &rexmit);
			tcp_xmit_recovery(sk, rexmit);
		}
		return 0;
	}
	if (after(ack, tp->snd_nxt))
		return -SKB_DROP_REASON_TCP_ACK_UNSENT_DATA;

	flag |= tcp_ack_update_window(sk, skb, ack, cb->seq);
	if (after(ack, prior_snd_una)) {
		flag |= FLAG_SND_UNA_ADVANCED;
		tp->snd_una = ack;
		tp->retransmits = 0;
	}
	tp->rcv_tstamp = tcp_time_stamp();
	tp->probes_out = 0;
	if (tp->rx_opt.saw_sack && tcp_is_sack(tp))
		flag |= tcp_sacktag_write_queue(sk, skb, prior_snd_una, &sack_rtt_us);
	if (!tp->packets_out && !tp->send_head)
		goto no_queue;

	flag |= tcp_clean_rtx_queue(sk, prior_fack, &acked_pkts, &seq_rtt_us);
	tcp_ack_update_rtt(sk, flag, seq_rtt_us, sack_rtt_us);
	if ((flag & FLAG_ACKED) && tp->ca_ops->pkts_acked)
		tp->ca_ops->pkts_acked(sk, acked_pkts, (s32)seq_rtt_us);
	if (tp->tlp_high_seq)
		tcp_process_tlp_ack(sk, ack, flag);
	if (tcp_is_sack(tp))
		tcp_rack_update_reo_wnd(sk);
	if (tcp_ack_is_dubious(tp, flag)) {
		/* RFC 5681 2: a duplicate ACK carries nothing new. */
		if (!(flag & (FLAG_SND_UNA_ADVANCED | FLAG_NOT_DUP | FLAG_DSACKING_ACK)) &&
		    tp->packets_out && !(cb->tcp_flags & (TCPHDR_SYN | TCPHDR_FIN)))
			num_dupack = 1;
		tcp_fastretrans_alert(sk, prior_snd_una, num_dupack, &flag, &rexmit);
	}
	/* RFC 6298 5.2/5.3, RFC 8985 7.2: the probe or RTO timer restarts on new ACKs. */
	if (flag & FLAG_SET_XMIT_TIMER)
		tcp_set_xmit_timer(sk);
	else if (!tp->packets_out)
		tcp_rearm_rto(sk);
	tcp_cong_control(sk, ack, tp->delivered - prior_delivered, tp->lost - prior_lost,
			 flag);
	tcp_xmit_recovery(sk, rexmit);

no_queue:
	/* The window opened for data that waited on a probe: send it now. */
	if (tp->send_head && tp->pending == ICSK_TIME_PROBE0 &&
	    !after(TCP_SKB_CB(tp->send_head)->seq + min(tp->send_head->len, 1u),
		   tp->snd_una + tp->snd_wnd)) {
		tcp_clear_xmit_timer(sk, ICSK_TIME_PROBE0);
		tp->backoff = 0;
	}
	return 1;
}

/* ---- writers ---- */

/* Wake writers once a third of the send buffer is free (Linux's sk_stream_write_space). */
void tcp_check_space(struct sock *sk)
{
	if (sock_flag(sk, SOCK_DEAD) || !sk->sk_socket)
		return;
	tcp_new_space(sk);
	if (sk->sk_wmem_queued <= sk->sk_sndbuf - sk->sk_sndbuf / 3)
		sk->sk_write_space(sk);
}

/* After an ACK: send what the opened windows allow (Linux's tcp_data_snd_check). */
static void tcp_data_snd_check(struct sock *sk)
{
	tcp_push_pending_frames(sk);
	tcp_check_space(sk);
}

/* ---- the slow path (RFC 9293 3.10.7.4 first to fourth) ---- */

/* An unacceptable segment: ACK it, D-SACKing old data (Linux's tcp_send_dupack). */
static void tcp_send_dupack(struct sock *sk, const struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

	if (cb->end_seq != cb->seq && before(cb->seq, tp->rcv_nxt)) {
		tcp_enter_quickack_mode(sk);
		tcp_dsack_set(sk, cb->seq, after(cb->end_seq, tp->rcv_nxt) ?
			      tp->rcv_nxt : cb->end_seq);
	}
	tcp_send_ack(sk);
}

/*
 * First: is the segment acceptable (RFC 9293 table of 3.10.7.4)? Why
 * not, as Linux's tcp_sequence: wholly old, or beginning past the window.
 */
static enum skb_drop_reason tcp_sequence(const struct tcp_sock *tp, u32 seq,
					 u32 end_seq)
{
	if (before(end_seq, tp->rcv_wup))
		return SKB_DROP_REASON_TCP_OLD_SEQUENCE;
	if (after(seq, tp->rcv_nxt + tcp_receive_window(tp)))
		return SKB_DROP_REASON_TCP_INVALID_SEQUENCE;
	return SKB_NOT_DROPPED_YET;
}

/*
 * RFC 9293 3.10.7.4: "If the RCV.WND is zero, no segments will be
 * acceptable, but special allowance should be made to accept valid
 * ACKs". A peer that our closed window holds up has only its window
 * probes (one byte below the window) to carry its ACKs when the ones it
 * sent before were lost; dropping them with the probe, as Linux does,
 * leaves our own sender waiting out backed-off RTOs for an ACK that has
 * come. Only where the ACK needs no state change (not in SYN-RECEIVED or
 * while our FIN is out); tcp_ack judges its validity.
 */
static void tcp_ack_closed_window(struct sock *sk, const struct sk_buff *skb)
{
	if (tcp_receive_window(tcp_sk(sk)) ||
	    !(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_ACK) ||
	    (sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_CLOSE_WAIT))
		return;
	if (tcp_ack(sk, skb, 0) <= 0)
		return;
	TCP_INC_STATS(TCPZEROWINDOWACKS);
	/* As after any ACK: what it let go may be sent, and the writers it
	 * made room for woken (without, an echo blocked on its full send
	 * buffer never reads again and the window never opens). */
	tcp_data_snd_check(sk);
}

/*
 * Steps one to four of segment arrival for synchronized states; false if
 * the segment was consumed (dropped, or a RST obeyed).
 */
static bool tcp_validate_incoming(struct sock *sk, struct sk_buff *skb,
				  const struct tcphdr *th)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	enum skb_drop_reason reason;

	/* RFC 7323 5.3 R1: PAWS. */
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.tstamp_ok &&
	    tcp_paws_reject(&tp->rx_opt, th->flags & TCPHDR_RST)) {
		if (!(th->flags & TCPHDR_RST)) {
			TCP_INC_STATS(PAWSESTAB);
			tcp_send_dupack(sk, skb);
		}
		reason = SKB_DROP_REASON_TCP_RFC7323_PAWS;
		goto discard;
	}
	reason = tcp_sequence(tp, cb->seq, cb->end_seq);
	if (reason) {
		/* RFC 9293: unacceptable, ACK unless RST. */
		if (!(th->flags & TCPHDR_RST)) {
			if (th->flags & TCPHDR_SYN)
				goto syn_challenge;
			tcp_ack_closed_window(sk, skb);
			tcp_send_dupack(sk, skb);
		}
		goto discard;
	}
	if (th->flags & TCPHDR_RST) {
		/* RFC 5961 3.2: only an exact RST resets; one in the window is challenged. */
		if (cb->seq == tp->rcv_nxt) {
			tcp_reset(sk);
			consume_skb(skb);
			return false;
		}
		tcp_send_challenge_ack(sk);
		reason = SKB_DROP_REASON_TCP_RESET;
		goto discard;
	}
	if (th->flags & TCPHDR_SYN) {
		/* Simultaneous open: the peer's SYN-ACK acks our SYN-ACK (Linux). */
		if (sk->sk_state == TCP_SYN_RECV && !tp->parent &&
		    (th->flags & TCPHDR_ACK) && cb->seq + 1 == cb->end_seq &&
		    cb->seq + 1 == tp->rcv_nxt && cb->ack_seq == tp->snd_nxt)
			return true;
syn_challenge:
		/* RFC 5961 4.2: a SYN in a synchronized state gets a challenge ACK. */
		TCP_INC_STATS(TCPSYNCHALLENGE);
		tcp_send_challenge_ack(sk);
		reason = SKB_DROP_REASON_TCP_INVALID_SYN;
		goto discard;
	}
	return true;
discard:
	tcp_drop_reason(sk, skb, reason);
	return false;
}

/* RFC 9293 3.10.7.4 sixth: ignored (URG is deprecated for new applications, RFC 6093). */

/*
 * The connection is established: set the windows and congestion state,
 * start keepalive (Linux's tcp_init_transfer).
 */
void tcp_init_transfer(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	/* A passive open's child: MSS and windows from its route, as its
	 * listener's SYN-ACK announced them. */
	if (!tp->advmss) {
		struct flowi4 fl4 = { .daddr = sk->sk_daddr, .saddr = sk->sk_rcv_saddr,
				      .oif = sk->sk_bound_dev_if };
		struct rtable *rt;
		u32 mtu = 576;

		if (!ip_route_output(&fl4, &rt)) {
			mtu = dst_mtu(&rt->dst);
			sk_dst_set(sk, dst_clone(&rt->dst));
			ip_rt_put(rt);
		}
		tp->pmtu_cookie = mtu;
		tp->advmss = tcp_mss_for_mtu(mtu, tp->rx_opt.user_mss);
		tp->rcv_mss = tp->advmss;
		tp->window_clamp = 0;
		tcp_select_initial_window(tcp_space(sk), tp->advmss, &tp->rcv_wnd,
					  &tp->window_clamp, tp->rx_opt.wscale_ok,
					  &tp->rx_opt.rcv_wscale);
		if (tp->rx_opt.wscale_ok)
			tp->rx_opt.rcv_wscale = tcp_listen_rcv_wscale(sk);
		tp->window_clamp = 65535u << tp->rx_opt.rcv_wscale;
	}
	if (!tp->rx_opt.mss_clamp)
		tp->rx_opt.mss_clamp = TCP_MSS_DEFAULT;
	tcp_sync_mss(sk, tp->pmtu_cookie);
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	tp->rcv_tstamp = tp->lsndtime = tcp_time_stamp();
	tcp_init_congestion_control(sk);
	tcp_init_buffer_space(sk);
	tcp_reset_keepalive_timer(sk, keepalive_time_when(tp));
}

/* Become ESTABLISHED and tell whoever waits (Linux's tcp_finish_connect). */
static void tcp_finish_connect(struct sock *sk)
{
	tcp_set_state(sk, TCP_ESTABLISHED);
	tcp_init_transfer(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/*
 * SYN-SENT (RFC 9293 3.10.7.3): check the ACK, then RST, then SYN; a
 * SYN-ACK establishes, a bare SYN is a simultaneous open. Consumes skb.
 */
static void tcp_rcv_synsent_state_process(struct sock *sk, struct sk_buff *skb,
					  const struct tcphdr *th)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	struct tcp_options_received *opt = &tp->rx_opt;
	enum skb_drop_reason reason;

	opt->mss_clamp = 0;
	tcp_parse_options(th, opt, true);
	if (th->flags & TCPHDR_ACK) {
		/* First: SEG.ACK =< ISS or > SND.NXT: reset (unless a RST), drop. */
		if (!after(cb->ack_seq, tp->iss) || after(cb->ack_seq, tp->snd_nxt)) {
			reason = SKB_DROP_REASON_TCP_INVALID_ACK_SEQUENCE;
			goto reset_and_drop;
		}
		/* RFC 7323 5.3 / Linux: the echo must be of a timestamp we sent. */
		if (opt->saw_tstamp && opt->rcv_tsecr &&
		    !between(opt->rcv_tsecr, tp->retrans_stamp, tcp_time_stamp())) {
			TCP_INC_STATS(PAWSACTIVE);
			reason = SKB_DROP_REASON_TCP_RFC7323_PAWS;
			goto reset_and_drop;
		}
		if (th->flags & TCPHDR_RST) {
			/* Second: an acceptable RST: "error: connection reset". */
			tcp_reset(sk);
			goto consume;
		}
		if (!(th->flags & TCPHDR_SYN)) {
			reason = SKB_DROP_REASON_TCP_FLAGS;
			goto discard;
		}
		/* Fourth: SYN with an acceptable ACK. */
		tp->irs = cb->seq;
		tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = cb->seq + 1;
		if (!opt->wscale_ok || !sysctl_tcp_window_scaling) {
			opt->wscale_ok = 0;
			opt->snd_wscale = opt->rcv_wscale = 0;
			tp->window_clamp = min(tp->window_clamp, 65535u);
			tp->rcv_wnd = min(tp->rcv_wnd, 65535u);
		}
		if (!sysctl_tcp_sack)
			opt->sack_ok = 0;
		opt->tstamp_ok = opt->tstamp_ok && sysctl_tcp_timestamps;
		if (opt->tstamp_ok)
			tcp_store_ts_recent(tp);
		/* RFC 7323 2.2: the window of a SYN is not scaled. */
		tp->snd_wnd = ntohs(th->window);
		tp->max_window = tp->snd_wnd;
		tp->snd_wl1 = cb->seq;
		tp->snd_wl2 = cb->ack_seq;
		if (!opt->mss_clamp)
			opt->mss_clamp = TCP_MSS_DEFAULT;
		tcp_ack(sk, skb, 0);
		tcp_finish_connect(sk);
		tcp_send_ack(sk);
		tcp_push_pending_frames(sk);
		goto consume;
	}
	if (th->flags & TCPHDR_RST) {
		/* Second, without an ACK: "drop the segment and return". */
		reason = SKB_DROP_REASON_TCP_RESET;
		goto discard;
	}
	if (!(th->flags & TCPHDR_SYN)) {
		/* Fifth: neither SYN nor RST. */
		reason = SKB_DROP_REASON_TCP_FLAGS;
		goto discard;
	}
	/* Simultaneous open (RFC 9293 3.5 figure 8): to SYN-RECEIVED, send SYN,ACK. */
	tp->irs = cb->seq;
	tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = cb->seq + 1;
	if (!opt->wscale_ok) {
		opt->snd_wscale = opt->rcv_wscale = 0;
		tp->rcv_wnd = min(tp->rcv_wnd, 65535u);
	}
	if (opt->tstamp_ok)
		tcp_store_ts_recent(tp);
	if (!opt->mss_clamp)
		opt->mss_clamp = TCP_MSS_DEFAULT;
	tp->snd_wnd = ntohs(th->window);
	tp->max_window = tp->snd_wnd;
	tp->snd_wl1 = cb->seq;
	tcp_set_state(sk, TCP_SYN_RECV);
	tcp_transmit_skb(sk, tcp_write_queue_head(sk), true);
consume:
	consume_skb(skb);
	return;
reset_and_drop:
	if (!(th->flags & TCPHDR_RST))
		tcp_v4_send_reset(sk, skb);
discard:
	tcp_drop_reason(sk, skb, reason);
}

/*
 * The ACK moved us on (RFC 9293 3.10.7.4 "fifth", per state). Returns
 * false when the socket went away: the segment is done with.
 */
static bool tcp_ack_state_transition(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	switch (sk->sk_state) {
	case TCP_SYN_RECV:
		tcp_set_state(sk, TCP_ESTABLISHED);
		if (tp->parent) {
			tp->parent->sk_data_ready(tp->parent);
		} else {
			tcp_init_transfer(sk);
			if (!sock_flag(sk, SOCK_DEAD))
				sk->sk_state_change(sk);
		}
		break;
	case TCP_FIN_WAIT1:
		if (tp->snd_una != tp->write_seq)
			break;
		tcp_set_state(sk, TCP_FIN_WAIT2);
		sk->sk_shutdown |= SEND_SHUTDOWN;
		if (!sock_flag(sk, SOCK_DEAD)) {
			sk->sk_state_change(sk);
			break;
		}
		/* An orphan waits tcp_fin_timeout for the peer's FIN (Linux's linger2). */
		tcp_time_wait(sk, TCP_FIN_WAIT2, TCP_FIN_TIMEOUT);
		return false;
	case TCP_CLOSING:
		if (tp->snd_una == tp->write_seq) {
			tcp_time_wait(sk, TCP_TIME_WAIT, tcp_timewait_len());
			return false;
		}
		break;
	case TCP_LAST_ACK:
		if (tp->snd_una == tp->write_seq) {
			tcp_done(sk);
			return false;
		}
		break;
	}
	return true;
}

/*
 * The text of a segment past the ACK checks (RFC 9293 3.10.7.4 "seventh"),
 * skb->data at the payload: queued, or the reason it dies; SKB_CONSUMED
 * when it carried nothing for the queue. Data for a socket closed for
 * reading earns the peer a RST (RFC 9293 3.10.4, RFC 1122 4.2.2.13).
 */
static enum skb_drop_reason tcp_rcv_data(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

	switch (sk->sk_state) {
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		/* The peer's FIN came already: nothing lies past it. A
		 * retransmission of what came before is ACKed (below). */
		if (!before(cb->seq, tp->rcv_nxt))
			return cb->seq == cb->end_seq ? SKB_CONSUMED :
			       SKB_DROP_REASON_TCP_INVALID_SEQUENCE;
		__attribute__((fallthrough));
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
		if ((sk->sk_shutdown & RCV_SHUTDOWN) && sock_flag(sk, SOCK_DEAD) &&
		    skb->len && after(cb->end_seq - !!(cb->tcp_flags & TCPHDR_FIN),
				      tp->rcv_nxt)) {
			TCP_INC_STATS(TCPABORTONDATA);
			tcp_v4_send_reset(sk, skb);
			tcp_reset(sk);
			return SKB_DROP_REASON_TCP_ABORT_ON_DATA;
		}
		break;
	}
	tcp_data_queue(sk, skb);
	return SKB_NOT_DROPPED_YET;
}

void tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = (const struct tcphdr *)skb->data;
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	enum skb_drop_reason reason;
	int acked;

	switch (sk->sk_state) {
	case TCP_CLOSE:
		/* RFC 9293 3.10.7.1: as if there were no socket. */
		tcp_v4_send_reset(NULL, skb);
		reason = SKB_DROP_REASON_TCP_CLOSE;
		goto discard;
	case TCP_SYN_SENT:
		tcp_rcv_synsent_state_process(sk, skb, th);
		return;
	}
	tcp_parse_options(th, &tp->rx_opt, false);
	if (!tcp_validate_incoming(sk, skb, th))
		return;
	/* Fifth: no ACK, drop (RFC 9293). */
	if (!(th->flags & TCPHDR_ACK)) {
		reason = SKB_DROP_REASON_TCP_FLAGS;
		goto discard;
	}
	acked = tcp_ack(sk, skb, skb->len > tcp_doff(th) * 4u ? FLAG_DATA : 0);
	if (skb->len == tcp_doff(th) * 4u && !(th->flags & (TCPHDR_SYN | TCPHDR_FIN)))
		TCP_INC_STATS(TCPPUREACKS);
	if (acked <= 0 && sk->sk_state == TCP_SYN_RECV) {
		/* SYN-RECEIVED takes only an ACK of our SYN: "<SEQ=SEG.ACK><CTL=RST>". */
		tcp_v4_send_reset(sk, skb);
		reason = acked ? (enum skb_drop_reason)-acked : SKB_DROP_REASON_TCP_OLD_ACK;
		goto discard;
	}
	if (acked < 0) {
		if (acked == -SKB_DROP_REASON_TCP_ACK_UNSENT_DATA)
			tcp_send_ack(sk);
		reason = (enum skb_drop_reason)-acked;
		goto discard;
	}
	if (!tcp_ack_state_transition(sk)) {
		consume_skb(skb);
		return;
	}
	tcp_replace_ts_recent(tp, cb->seq);
	tcp_rcv_rtt_measure_ts(sk, skb);
	if (th->flags & TCPHDR_SYN)
		cb->seq++;	/* a simultaneous open's SYN-ACK: the SYN is no data */
	skb_pull(skb, tcp_doff(th) * 4u);
	reason = tcp_rcv_data(sk, skb);
	if (sk->sk_state != TCP_CLOSE) {
		tcp_data_snd_check(sk);
		tcp_ack_snd_check(sk);
	}
	if (reason == SKB_NOT_DROPPED_YET)
		return;		/* tcp_data_queue took it */
	if (reason == SKB_CONSUMED) {
		consume_skb(skb);
		return;
	}
discard:
	tcp_drop_reason(sk, skb, reason);
}

/*
 * ESTABLISHED (Linux's tcp_rcv_established): segments that are exactly
 * what we expect — in sequence, only ACK/PSH, a fresh timestamp — skip
 * the acceptability tests; everything else takes the full path.
 */
void tcp_rcv_established(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = (const struct tcphdr *)skb->data;
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	u32 hlen = tcp_doff(th) * 4u, len = skb->len - hlen;

	if ((th->flags & ~TCPHDR_PSH) != TCPHDR_ACK || cb->seq != tp->rcv_nxt ||
	    after(cb->ack_seq, tp->snd_nxt) || before(cb->ack_seq, tp->snd_una)) {
		tcp_rcv_state_process(sk, skb);
		return;
	}
	tcp_parse_options(th, &tp->rx_opt, false);
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.tstamp_ok &&
	    (s32)(tp->rx_opt.rcv_tsval - tp->rx_opt.ts_recent) < 0) {
		tcp_rcv_state_process(sk, skb);
		return;
	}
	if (len && (len > tcp_receive_window(tp) ||
		    skb_peek(&tp->out_of_order_queue) || !tcp_rmem_ok(sk, skb))) {
		tcp_rcv_state_process(sk, skb);
		return;
	}
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.tstamp_ok)
		tcp_replace_ts_recent(tp, cb->seq);
	tcp_ack(sk, skb, len ? FLAG_DATA : 0);
	tcp_rcv_rtt_measure_ts(sk, skb);
	skb_pull(skb, hlen);
	if (!len) {
		TCP_INC_STATS(TCPHPACKS);
		consume_skb(skb);
	} else {
		TCP_INC_STATS(TCPHPHITS);
		tcp_event_data_recv(sk, skb);
		tcp_queue_rcv(sk, skb);
		if (!sock_flag(sk, SOCK_DEAD))
			sk->sk_data_ready(sk);
	}
	tcp_data_snd_check(sk);
	if (len)
		__tcp_ack_snd_check(sk, false);
}
