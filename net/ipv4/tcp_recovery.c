/*
 * The loss recovery state machine (Linux's tcp_fastretrans_alert and
 * friends in net/ipv4/tcp_input.c): Open, Disorder, Recovery after a
 * loss found by RACK (tcp_rack.c, RFC 8985) or, without SACK, by three
 * duplicate ACKs with NewReno's partial ACKs (RFC 6582); Loss after an
 * RTO (RFC 5681 3.1, RFC 6298 5) with F-RTO to detect a spurious one
 * (RFC 5682). In Recovery, Proportional Rate Reduction sets cwnd per ACK
 * (RFC 6937). A reduction that D-SACKs (RFC 2883, 3708) or timestamps
 * (RFC 3522 Eifel) show was needless is undone.
 *
 * cwnd, ssthresh and the counters are in segments. "pipe" (RFC 6675 2)
 * is tcp_packets_in_flight(): packets_out - sacked_out - lost_out +
 * retrans_out; that dupACKs and SACKs shrink it is what lets new data go
 * out on the first two duplicate ACKs (limited transmit, RFC 3042).
 * Without SACK, sacked_out counts duplicate ACKs, each the sign that one
 * more segment left the network (Linux's Reno emulation).
 */
#include <net/tcp.h>
#include <net/tcp_trace.h>

void tcp_clear_retrans(struct tcp_sock *tp)
{
	tp->retrans_out = 0;
	tp->lost_out = 0;
	tp->undo_marker = 0;
	tp->undo_retrans = -1;
	tp->sacked_out = 0;
}

void tcp_mark_skb_lost(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

	if (cb->sacked & TCPCB_SACKED_ACKED)
		return;
	if (cb->sacked & TCPCB_SACKED_RETRANS) {
		cb->sacked &= (u8)~TCPCB_SACKED_RETRANS;
		tp->retrans_out--;
		TCP_INC_STATS(TCPLOSTRETRANSMIT);
	}
	if (!(cb->sacked & TCPCB_LOST)) {
		cb->sacked |= TCPCB_LOST;
		tp->lost_out++;
		tp->lost++;
	}
}

bool tcp_any_retrans_done(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *head = tcp_write_queue_head(sk);

	return tp->retrans_out ||
	       (head && head != tp->send_head &&
		(TCP_SKB_CB(head)->sacked & TCPCB_EVER_RETRANS));
}

/* ---- NewReno without SACK (RFC 6582) ---- */

/* A dupACK: one more segment delivered, never more than sent less a hole. */
static void tcp_add_reno_sack(struct sock *sk, int num_dupack)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 holes, prior = tp->sacked_out;

	if (!num_dupack)
		return;
	tp->sacked_out += (u32)num_dupack;
	holes = min(max(tp->lost_out, 1u), tp->packets_out);
	if (tp->sacked_out + holes > tp->packets_out)
		tp->sacked_out = tp->packets_out - holes;
	if (tp->sacked_out > prior)
		tp->delivered += tp->sacked_out - prior;
}

void tcp_remove_reno_sacks(struct sock *sk, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!acked)
		return;
	/* One acked segment filled the hole; the rest were the dupACKs' segments. */
	tp->delivered += acked > tp->sacked_out ? acked - tp->sacked_out : 1;
	tp->sacked_out = acked - 1 >= tp->sacked_out ? 0 : tp->sacked_out - (acked - 1);
}

static void tcp_reset_reno_sack(struct tcp_sock *tp)
{
	tp->sacked_out = 0;
}

/*
 * RFC 6582 3.2 (4)/(5): DupThresh dupACKs, or a partial ACK in Recovery,
 * mean the first unacknowledged segment is lost.
 */
static void tcp_newreno_mark_lost(struct sock *sk, bool snd_una_advanced)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_write_queue_head(sk);

	if (!skb || skb == tp->send_head || (TCP_SKB_CB(skb)->sacked & TCPCB_LOST))
		return;
	if ((tp->ca_state < TCP_CA_Recovery && tp->sacked_out >= TCP_FASTRETRANS_THRESH) ||
	    (tp->ca_state == TCP_CA_Recovery && snd_una_advanced))
		tcp_mark_skb_lost(sk, skb);
}

/* RACK with SACK, NewReno without: mark what this ACK shows lost. */
static void tcp_identify_packet_loss(struct sock *sk, int *ack_flag)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 prior_retrans = tp->retrans_out;

	if (!tp->packets_out)
		return;
	if (!tcp_is_sack(tp)) {
		tcp_newreno_mark_lost(sk, *ack_flag & FLAG_SND_UNA_ADVANCED);
		return;
	}
	if (tcp_rack_mark_lost(sk))
		*ack_flag &= ~FLAG_SET_XMIT_TIMER;	/* the reordering timer is set */
	if (prior_retrans > tp->retrans_out)
		*ack_flag |= FLAG_LOST_RETRANS;
}

/* ---- undo (RFC 2883, RFC 3522, RFC 3708) ---- */

/* RFC 3522: the ACK echoes a timestamp older than our first retransmission. */
static bool tcp_packet_delayed(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	if (tp->retrans_stamp)
		return tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
		       before(tp->rx_opt.rcv_tsecr, tp->retrans_stamp);
	/* Nothing was retransmitted at all. */
	return sk->sk_state != TCP_SYN_SENT;
}

/* Every retransmission came back D-SACKed, or the originals were delayed. */
static bool tcp_may_undo(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	return tp->undo_marker && (!tp->undo_retrans || tcp_packet_delayed(sk));
}

/* The reduction was spurious: restore cwnd and ssthresh (Linux's tcp_undo_cwnd_reduction). */
static void tcp_undo_cwnd_reduction(struct sock *sk, bool unmark_loss)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	if (unmark_loss) {
		skb_queue_walk(&sk->sk_write_queue, skb) {
			if (skb == tp->send_head)
				break;
			TCP_SKB_CB(skb)->sacked &= (u8)~TCPCB_LOST;
		}
		tp->lost_out = 0;
	}
	if (tp->prior_ssthresh) {
		tp->snd_cwnd = tp->ca_ops->undo_cwnd ? tp->ca_ops->undo_cwnd(sk) :
			       max(tp->snd_cwnd, tp->prior_cwnd);
		if (tp->prior_ssthresh > tp->snd_ssthresh)
			tp->snd_ssthresh = tp->prior_ssthresh;
	}
	tp->undo_marker = 0;
	tp->rack.advanced = 1;	/* look at the losses again */
}

/* Remember what a spurious reduction would restore (Linux's tcp_init_undo). */
static void tcp_init_undo(struct tcp_sock *tp)
{
	tp->undo_marker = tp->snd_una;
	/* Retransmissions still in flight may yet come back D-SACKed. */
	tp->undo_retrans = tp->retrans_out ? (int)tp->retrans_out : -1;
}

/* ssthresh as it stands, or what cwnd implies outside a reduction. */
static u32 tcp_current_ssthresh(const struct tcp_sock *tp)
{
	if (tcp_in_cwnd_reduction(tp))
		return tp->snd_ssthresh;
	return max(tp->snd_ssthresh, (tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2));
}

/* Open, or Disorder while anything is SACKed, lost or retransmitted. */
static void tcp_try_keep_open(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u8 state = tp->sacked_out || tp->lost_out || tcp_any_retrans_done(sk) ?
		   TCP_CA_Disorder : TCP_CA_Open;

	if (tp->ca_state != state) {
		tcp_set_ca_state(sk, state);
		tp->high_seq = tp->snd_nxt;
	}
}

static void tcp_try_to_open(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tcp_any_retrans_done(sk))
		tp->retrans_stamp = 0;
	tcp_try_keep_open(sk);
}

/* Recovery or Loss reached high_seq: a full undo if nothing was needed. */
static bool tcp_try_undo_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tcp_may_undo(sk)) {
		TCP_INC_STATS(TCPFULLUNDO);
		if (tp->ca_state == TCP_CA_Loss)
			TCP_INC_STATS(TCPLOSSUNDO);
		tcp_undo_cwnd_reduction(sk, false);
	} else if (tp->rack.reo_wnd_persist) {
		tp->rack.reo_wnd_persist--;
	}
	if (tp->snd_una == tp->high_seq && !tcp_is_sack(tp)) {
		/* RFC 6582 3.2 (3): without SACK, hold the state until
		 * something above high_seq is acked, against false fast
		 * retransmits from dupACKs of the old flight. */
		if (!tcp_any_retrans_done(sk))
			tp->retrans_stamp = 0;
		return true;
	}
	tcp_set_ca_state(sk, TCP_CA_Open);
	return false;
}

/* RFC 3708: D-SACKs covered every retransmission of this episode. */
static bool tcp_try_undo_dsack(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->undo_marker && !tp->undo_retrans) {
		tp->rack.reo_wnd_persist = (u8)min(TCP_RACK_RECOVERY_THRESH,
						   tp->rack.reo_wnd_persist + 1);
		tcp_undo_cwnd_reduction(sk, false);
		TCP_INC_STATS(TCPDSACKUNDO);
		return true;
	}
	return false;
}

/* A partial ACK echoing a timestamp from before the retransmission: reordering. */
static bool tcp_try_undo_partial(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->undo_marker || !tcp_packet_delayed(sk))
		return false;
	tp->reord_seen++;
	/* Retransmissions still out: keep clocking, mark nothing more lost. */
	if (tp->retrans_out)
		return true;
	if (!tcp_any_retrans_done(sk))
		tp->retrans_stamp = 0;
	tcp_undo_cwnd_reduction(sk, true);
	TCP_INC_STATS(TCPPARTIALUNDO);
	tcp_try_keep_open(sk);
	return false;
}

/* The RTO was spurious (timestamps, D-SACKs or F-RTO): back to Open. */
static bool tcp_try_undo_loss(struct sock *sk, bool frto_undo)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!frto_undo && !tcp_may_undo(sk))
		return false;
	tcp_undo_cwnd_reduction(sk, true);
	TCP_INC_STATS(TCPLOSSUNDO);
	if (frto_undo)
		TCP_INC_STATS(TCPSPURIOUSRTOS);
	tp->retransmits = 0;
	if (frto_undo || tcp_is_sack(tp))
		tcp_set_ca_state(sk, TCP_CA_Open);
	return true;
}

/* ---- Proportional Rate Reduction (RFC 6937) ---- */

/* Start a reduction: ssthresh from the congestion control, PRR's counters at 0. */
static void tcp_init_cwnd_reduction(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->high_seq = tp->snd_nxt;
	tp->tlp_high_seq = 0;
	tp->snd_cwnd_cnt = 0;
	tp->prior_cwnd = tp->snd_cwnd;
	tp->prr_delivered = 0;
	tp->prr_out = 0;
	tp->snd_ssthresh = tp->ca_ops->ssthresh(sk);
}

/*
 * RFC 6937 3: while pipe is above ssthresh, send in proportion to what
 * was delivered (ssthresh / RecoverFS of it, RecoverFS being cwnd when
 * recovery began); below, slow-start back up to ssthresh, at most one
 * segment more than was delivered (PRR-SSRB). Always let the fast
 * retransmit itself go.
 */
void tcp_cwnd_reduction(struct sock *sk, u32 newly_acked_sacked, u32 newly_lost,
			int flag)
{
	struct tcp_sock *tp = tcp_sk(sk);
	s32 delta = (s32)tp->snd_ssthresh - (s32)tcp_packets_in_flight(tp);
	s32 sndcnt;

	if (!newly_acked_sacked || !tp->prior_cwnd)
		return;
	tp->prr_delivered += newly_acked_sacked;
	if (delta < 0) {
		u64 dividend = (u64)tp->snd_ssthresh * tp->prr_delivered + tp->prior_cwnd - 1;

		sndcnt = (s32)(dividend / tp->prior_cwnd) - (s32)tp->prr_out;
	} else {
		sndcnt = max((s32)(tp->prr_delivered - tp->prr_out), (s32)newly_acked_sacked);
		if ((flag & FLAG_SND_UNA_ADVANCED) && !newly_lost)
			sndcnt++;
		sndcnt = min(delta, sndcnt);
	}
	sndcnt = max(sndcnt, tp->prr_out ? 0 : 1);
	tp->snd_cwnd = tcp_packets_in_flight(tp) + (u32)sndcnt;
}

/* RFC 6937 3 "on recovery exit": cwnd = ssthresh, unless undone. */
static void tcp_end_cwnd_reduction(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->snd_ssthresh < TCP_INFINITE_SSTHRESH && tp->undo_marker)
		tp->snd_cwnd = max(tp->snd_ssthresh, 2u);
}

void tcp_enter_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tcp_is_sack(tp))
		TCP_INC_STATS(TCPSACKRECOVERY);
	else
		TCP_INC_STATS(TCPRENORECOVERY);
	tcp_init_undo(tp);
	tp->prior_ssthresh = 0;
	if (!tcp_in_cwnd_reduction(tp)) {
		tp->prior_ssthresh = tcp_current_ssthresh(tp);
		tcp_init_cwnd_reduction(sk);
	}
	tcp_set_ca_state(sk, TCP_CA_Recovery);
}

/* ---- Loss and F-RTO (RFC 5682) ---- */

void tcp_enter_loss(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	bool new_recovery = tp->ca_state < TCP_CA_Recovery;
	struct sk_buff *skb;

	/*
	 * Every segment not SACKed is lost (RFC 6675 5.1), retransmissions
	 * too, but for those sent too recently for RACK to judge (RFC 8985
	 * 6.3: "only mark ... if it has been sent for more than RACK.rtt").
	 */
	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		if (!tcp_is_sack(tp))
			TCP_SKB_CB(skb)->sacked &= (u8)~TCPCB_SACKED_ACKED;
		else if (skb != tcp_write_queue_head(sk) &&
			 tcp_rack_skb_timeout(tp, skb, 0) > 0)
			continue;
		tcp_mark_skb_lost(sk, skb);
	}
	if (!tcp_is_sack(tp))
		tp->sacked_out = 0;
	/* RFC 5681 3.1 (4): ssthresh shrinks once per loss episode. */
	if (tp->ca_state <= TCP_CA_Disorder || !after(tp->high_seq, tp->snd_una) ||
	    (tp->ca_state == TCP_CA_Loss && !tp->retransmits)) {
		tp->prior_ssthresh = tcp_current_ssthresh(tp);
		tp->prior_cwnd = tp->snd_cwnd;
		tp->snd_ssthresh = tp->ca_ops->ssthresh(sk);
		tcp_ca_event(sk, CA_EVENT_LOSS);
		tcp_init_undo(tp);
	}
	tp->snd_cwnd = tcp_packets_in_flight(tp) + 1;
	tp->snd_cwnd_cnt = 0;
	tcp_set_ca_state(sk, TCP_CA_Loss);
	tp->high_seq = tp->snd_nxt;
	tp->tlp_high_seq = 0;
	/* RFC 5682 3.1 step 1: F-RTO unless this RTO follows a fast
	 * recovery (3.2: repeated timeouts of the same segment keep it). */
	tp->frto = new_recovery || tp->retransmits;
}

/*
 * An ACK in Loss (Linux's tcp_process_loss): undo if the RTO proves
 * spurious, else go on retransmitting what is lost. F-RTO (RFC 5682 3.1,
 * SACK-enhanced): the first ACK after the RTO that advances snd_una
 * sends new data instead (step 2b); if the ACKs that follow deliver
 * never-retransmitted data, the timeout was spurious (3b), if they show a
 * hole, the loss was real (3a).
 */
static void tcp_process_loss(struct sock *sk, int flag, int num_dupack, int *rexmit)
{
	struct tcp_sock *tp = tcp_sk(sk);
	bool recovered = !before(tp->snd_una, tp->high_seq);

	if ((flag & FLAG_SND_UNA_ADVANCED) && tcp_try_undo_loss(sk, false))
		return;
	if (tp->frto) {
		if ((flag & FLAG_ORIG_SACK_ACKED) && tcp_try_undo_loss(sk, true))
			return;	/* step 3b */
		if (after(tp->snd_nxt, tp->high_seq)) {
			if ((flag & FLAG_DATA_SACKED) || num_dupack)
				tp->frto = 0;	/* step 3a: the loss was real */
		} else if ((flag & FLAG_SND_UNA_ADVANCED) && !recovered) {
			tp->high_seq = tp->snd_nxt;
			/* Step 2b: new data, if there is any and the window allows. */
			if (tp->send_head &&
			    after(tp->snd_una + tp->snd_wnd, tp->snd_nxt)) {
				*rexmit = REXMIT_NEW;
				return;
			}
			tp->frto = 0;
		}
	}
	if (recovered) {
		/* Steps 2a and 3a: the conventional end of Loss. */
		tcp_try_undo_recovery(sk);
		return;
	}
	if (!tcp_is_sack(tp)) {
		/* A dupACK after step 2b's new data: it was delivered. */
		if (after(tp->snd_nxt, tp->high_seq) && num_dupack)
			tcp_add_reno_sack(sk, num_dupack);
		else if (flag & FLAG_SND_UNA_ADVANCED)
			tcp_reset_reno_sack(tp);
	}
	*rexmit = REXMIT_LOST;
}

/* ---- the state machine ---- */

/* With RACK, a loss is proven only by a segment marked lost. */
static bool tcp_time_to_recover(const struct tcp_sock *tp)
{
	return tp->lost_out != 0;
}

void tcp_fastretrans_alert(struct sock *sk, u32 prior_snd_una, int num_dupack,
			   int *ack_flag, int *rexmit)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int flag = *ack_flag;

	if (!tp->packets_out && tp->sacked_out)
		tp->sacked_out = 0;

	/* Leave Recovery once high_seq is acked (RFC 6582 3.2 (3), RFC 6675 5). */
	if (tp->ca_state == TCP_CA_Open) {
		tp->retrans_stamp = 0;
	} else if (!before(tp->snd_una, tp->high_seq) && tp->ca_state == TCP_CA_Recovery) {
		if (!tcp_is_sack(tp))
			tcp_reset_reno_sack(tp);
		if (tcp_try_undo_recovery(sk))
			return;
		tcp_end_cwnd_reduction(sk);
	}

	switch (tp->ca_state) {
	case TCP_CA_Recovery:
		if (!(flag & FLAG_SND_UNA_ADVANCED)) {
			if (!tcp_is_sack(tp))
				tcp_add_reno_sack(sk, num_dupack);
		} else if (tcp_try_undo_partial(sk)) {
			return;
		}
		if (tcp_try_undo_dsack(sk))
			tcp_try_to_open(sk);
		tcp_identify_packet_loss(sk, ack_flag);
		if (tp->ca_state != TCP_CA_Recovery) {
			/* Undone, but a loss is evident: a new recovery. */
			if (!tcp_time_to_recover(tp))
				return;
			tcp_enter_recovery(sk);
		}
		break;
	case TCP_CA_Loss:
		tcp_process_loss(sk, flag, num_dupack, rexmit);
		tcp_identify_packet_loss(sk, ack_flag);
		if (!(tp->ca_state == TCP_CA_Open || (*ack_flag & FLAG_LOST_RETRANS)))
			return;
		/* Undone, or a retransmission was lost: as in Open. */
		__attribute__((fallthrough));
	default:
		if (!tcp_is_sack(tp)) {
			if (flag & FLAG_SND_UNA_ADVANCED)
				tcp_reset_reno_sack(tp);
			tcp_add_reno_sack(sk, num_dupack);
		}
		if (tp->ca_state <= TCP_CA_Disorder)
			tcp_try_undo_dsack(sk);
		tcp_identify_packet_loss(sk, ack_flag);
		if (!tcp_time_to_recover(tp)) {
			tcp_try_to_open(sk);
			return;
		}
		tcp_enter_recovery(sk);
	}
	*rexmit = REXMIT_LOST;
}

void tcp_xmit_recovery(struct sock *sk, int rexmit)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (rexmit == REXMIT_NONE || sk->sk_state == TCP_SYN_SENT)
		return;
	if (rexmit == REXMIT_NEW) {
		/* F-RTO step 2b: new data first, Nagle or not. */
		tcp_write_xmit(sk, tcp_current_mss(sk), 1, 0);
		if (after(tp->snd_nxt, tp->high_seq))
			return;
		tp->frto = 0;
	}
	tcp_xmit_retransmit_queue(sk);
}

/*
 * Why the segments marked lost are being sent again, for debug=tcp: after
 * an RTO, or found lost by RACK (with SACK) or by duplicate ACKs (NewReno).
 */
static const char *tcp_retrans_why(const struct tcp_sock *tp)
{
	if (tp->ca_state == TCP_CA_Loss)
		return "rto";
	return tcp_is_sack(tp) ? "rack" : "fast";
}

/* RFC 6675 5 (NextSeg rule 1): retransmit lost segments while pipe < cwnd. */
static void __tcp_xmit_retransmit_queue(struct sock *sk, const char *why)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	bool rearm = false;

	if (!tp->lost_out)
		return;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		u8 sacked = TCP_SKB_CB(skb)->sacked;

		if (skb == tp->send_head || tp->retrans_out >= tp->lost_out)
			break;
		if (tcp_packets_in_flight(tp) >= tp->snd_cwnd)
			break;
		if (!(sacked & TCPCB_LOST) ||
		    (sacked & (TCPCB_SACKED_ACKED | TCPCB_SACKED_RETRANS)))
			continue;
		if (tcp_retransmit_skb(sk, skb))
			break;
		tcp_trace_retransmit(sk, TCP_SKB_CB(skb)->seq, skb->len, why);
		if (tp->ca_state == TCP_CA_Loss)
			TCP_INC_STATS(TCPSLOWSTARTRETRANS);
		else
			TCP_INC_STATS(TCPFASTRETRANS);
		if (tcp_in_cwnd_reduction(tp))
			tp->prr_out++;
		if (skb == tcp_write_queue_head(sk) && tp->pending != ICSK_TIME_REO_TIMEOUT)
			rearm = true;
	}
	if (rearm)
		tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tp->rto, TCP_RTO_MAX);
}

void tcp_xmit_retransmit_queue(struct sock *sk)
{
	__tcp_xmit_retransmit_queue(sk, tcp_retrans_why(tcp_sk(sk)));
}

/*
 * The path MTU shrank (Linux's tcp_simple_retransmit): what is in flight
 * in segments now too big was dropped; resend it cut to the new MSS,
 * without counting it as congestion.
 */
void tcp_simple_retransmit(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 mss = tcp_current_mss(sk), prior_lost = tp->lost_out;
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		if (skb->len > mss)
			tcp_mark_skb_lost(sk, skb);
	}
	if (prior_lost == tp->lost_out)
		return;
	if (tp->ca_state != TCP_CA_Loss) {
		tp->high_seq = tp->snd_nxt;
		tp->undo_marker = 0;
		tp->frto = 0;
		tcp_set_ca_state(sk, TCP_CA_Loss);
	}
	__tcp_xmit_retransmit_queue(sk, "pmtu");
}
