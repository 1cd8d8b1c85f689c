/*
 * Loss detection and recovery (Linux's tcp_fastretrans_alert and friends
 * in net/ipv4/tcp_input.c): fast retransmit and recovery, SACK-based
 * (RFC 6675) when the peer permits SACK and NewReno (RFC 6582) when not,
 * the Loss state after an RTO (RFC 5681 3.1, RFC 6298 5), and undoing a
 * window reduction that D-SACKs or timestamps show was spurious
 * (RFC 2883, RFC 3522).
 *
 * cwnd, ssthresh and the counters are in segments. "pipe" (RFC 6675 2)
 * is tcp_packets_in_flight(): packets_out - sacked_out - lost_out +
 * retrans_out. Without SACK, sacked_out counts duplicate ACKs, each the
 * sign that one more segment left the network (Linux's Reno emulation).
 */
#include <net/tcp.h>

void tcp_clear_retrans(struct tcp_sock *tp)
{
	tp->retrans_out = 0;
	tp->lost_out = 0;
	tp->undo_marker = 0;
	tp->undo_retrans = 0;
	tp->sacked_out = 0;
}

/* Mark skb lost (to be retransmitted) unless SACKed or already marked. */
static void tcp_skb_mark_lost(struct tcp_sock *tp, struct sk_buff *skb)
{
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

	if (cb->sacked & (TCPCB_LOST | TCPCB_SACKED_ACKED))
		return;
	cb->sacked |= TCPCB_LOST;
	tp->lost_out++;
}

/* RFC 6582 3.2 (4)/(5): NewReno retransmits the first unacknowledged segment. */
static void tcp_mark_head_lost(struct sock *sk)
{
	struct sk_buff *skb = tcp_write_queue_head(sk);

	if (skb && skb != tcp_sk(sk)->send_head) {
		/* Retransmit it again (a partial ACK says the copy is lost too). */
		if (TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_RETRANS) {
			TCP_SKB_CB(skb)->sacked &= (u8)~TCPCB_SACKED_RETRANS;
			tcp_sk(sk)->retrans_out--;
		}
		tcp_skb_mark_lost(tcp_sk(sk), skb);
	}
}

/*
 * RFC 6675 4 IsLost(): a segment is lost when DupThresh segments above
 * it were SACKed. Walk from the head while that many SACKed segments
 * remain above.
 */
static void tcp_sack_mark_lost(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 above = tp->sacked_out;
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		u8 sacked = TCP_SKB_CB(skb)->sacked;

		if (skb == tp->send_head || above < TCP_FASTRETRANS_THRESH)
			break;
		if (sacked & TCPCB_SACKED_ACKED)
			above--;
		else if (!(sacked & TCPCB_SACKED_RETRANS))
			tcp_skb_mark_lost(tp, skb);
	}
}

/* Reno: a duplicate ACK is one more segment delivered (never more than sent - 1). */
static void tcp_add_reno_sack(struct tcp_sock *tp)
{
	if (tp->sacked_out + 1 < tp->packets_out)
		tp->sacked_out++;
}

static void tcp_remove_reno_sacks(struct tcp_sock *tp, u32 acked)
{
	/* One acked segment was the one that was missing, the rest were dupacks' segments. */
	if (acked > 0)
		acked--;
	tp->sacked_out = acked < tp->sacked_out ? tp->sacked_out - acked : 0;
}

/* RFC 3522 (Eifel): the ACK echoes a timestamp older than our first retransmission. */
static bool tcp_packet_delayed(const struct tcp_sock *tp)
{
	return tp->retrans_stamp && tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
	       before(tp->rx_opt.rcv_tsecr, tp->retrans_stamp);
}

static bool tcp_may_undo(const struct tcp_sock *tp)
{
	return tp->undo_marker && (!tp->undo_retrans || tcp_packet_delayed(tp));
}

/* The reduction was spurious: restore cwnd and ssthresh (Linux's tcp_undo_cwnd_reduction). */
static void tcp_undo_cwnd_reduction(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		TCP_SKB_CB(skb)->sacked &= (u8)~TCPCB_LOST;
	}
	tp->lost_out = 0;
	tp->snd_cwnd = tp->ca_ops->undo_cwnd ? tp->ca_ops->undo_cwnd(sk) :
		       max(tp->snd_cwnd, tp->prior_cwnd);
	if (tp->prior_ssthresh > tp->snd_ssthresh)
		tp->snd_ssthresh = tp->prior_ssthresh;
	tp->undo_marker = 0;
}

/* Remember what a spurious reduction would restore. */
static void tcp_init_undo(struct tcp_sock *tp)
{
	tp->undo_marker = tp->snd_una;
	tp->undo_retrans = 0;
	tp->prior_cwnd = tp->snd_cwnd;
	tp->prior_ssthresh = tp->snd_ssthresh;
}

/* Back to Open: recovery or loss ended at high_seq. */
static void tcp_end_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tcp_may_undo(tp)) {
		TCP_INC_STATS(TCPFULLUNDO);
		if (tp->ca_state == TCP_CA_Loss)
			TCP_INC_STATS(TCPLOSSUNDO);
		tcp_undo_cwnd_reduction(sk);
	} else if (tp->ca_state == TCP_CA_Recovery) {
		/* RFC 6582 3.2 (3): deflate to ssthresh (or what is in flight, plus one). */
		tp->snd_cwnd = min(tp->snd_ssthresh, tcp_packets_in_flight(tp) + 1);
		tp->snd_cwnd = max(tp->snd_cwnd, 2u);
	}
	tp->undo_marker = 0;
	tp->retrans_stamp = 0;
	if (!tcp_is_sack(tp))
		tp->sacked_out = 0;
	tcp_set_ca_state(sk, TCP_CA_Open);
}

/* RFC 5681 3.2 (2)-(3), RFC 6675 5 (4): enter fast recovery. */
static void tcp_enter_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tcp_is_sack(tp))
		TCP_INC_STATS(TCPSACKRECOVERY);
	else
		TCP_INC_STATS(TCPRENORECOVERY);
	tcp_init_undo(tp);
	tp->high_seq = tp->snd_nxt;
	tp->snd_ssthresh = tp->ca_ops->ssthresh(sk);
	tp->snd_cwnd = max(tp->snd_ssthresh, 2u);
	tp->snd_cwnd_cnt = 0;
	tcp_set_ca_state(sk, TCP_CA_Recovery);
}

/* DupThresh duplicate ACKs (or SACKed segments), or a lost head, start recovery. */
static bool tcp_time_to_recover(const struct tcp_sock *tp)
{
	return tp->lost_out || tp->sacked_out >= TCP_FASTRETRANS_THRESH;
}

void tcp_fastretrans_alert(struct sock *sk, u32 prior_snd_una, int flag,
			   bool is_dupack)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 acked = 0;

	if (!tcp_is_sack(tp)) {
		if (flag & FLAG_SND_UNA_ADVANCED)
			acked = 1 + (tp->snd_una - prior_snd_una - 1) /
				max(tp->mss_cache, 1u);
		if (acked)
			tcp_remove_reno_sacks(tp, acked);
		if (is_dupack)
			tcp_add_reno_sack(tp);
	}

	switch (tp->ca_state) {
	case TCP_CA_Recovery:
		if (!before(tp->snd_una, tp->high_seq)) {
			tcp_end_recovery(sk);
			break;
		}
		if (tcp_is_sack(tp)) {
			tcp_sack_mark_lost(sk);
		} else if (flag & FLAG_SND_UNA_ADVANCED) {
			/* RFC 6582 3.2 (5): a partial ACK; the next hole is lost too. */
			tcp_mark_head_lost(sk);
		}
		tcp_xmit_retransmit_queue(sk);
		return;
	case TCP_CA_Loss:
		if (!before(tp->snd_una, tp->high_seq)) {
			tcp_end_recovery(sk);
			break;
		}
		if (tcp_is_sack(tp))
			tcp_sack_mark_lost(sk);
		tcp_xmit_retransmit_queue(sk);
		return;
	default:
		break;
	}

	/* Open or Disorder. */
	if (tcp_is_sack(tp))
		tcp_sack_mark_lost(sk);
	if (!tcp_time_to_recover(tp)) {
		tcp_set_ca_state(sk, tp->sacked_out || is_dupack ? TCP_CA_Disorder :
				 TCP_CA_Open);
		return;
	}
	tcp_enter_recovery(sk);
	if (!tcp_is_sack(tp))
		tcp_mark_head_lost(sk);
	else if (!tp->lost_out)
		tcp_mark_head_lost(sk);
	tcp_xmit_retransmit_queue(sk);
}

void tcp_enter_loss(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	/* RFC 5681 3.1 (4): ssthresh shrinks once per loss episode. */
	if (tp->ca_state <= TCP_CA_Disorder || !before(tp->snd_una, tp->high_seq) ||
	    tp->ca_state == TCP_CA_Recovery) {
		tcp_init_undo(tp);
		tp->snd_ssthresh = tp->ca_ops->ssthresh(sk);
		tcp_ca_event(sk, CA_EVENT_LOSS);
	}
	tp->snd_cwnd = 1;
	tp->snd_cwnd_cnt = 0;
	tp->retrans_out = 0;
	if (!tcp_is_sack(tp))
		tp->sacked_out = 0;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

		if (skb == tp->send_head)
			break;
		cb->sacked &= (u8)~TCPCB_SACKED_RETRANS;
		if (!tcp_is_sack(tp))
			cb->sacked &= (u8)~TCPCB_SACKED_ACKED;
		tcp_skb_mark_lost(tp, skb);
	}
	tp->high_seq = tp->snd_nxt;
	tcp_set_ca_state(sk, TCP_CA_Loss);
}

/* RFC 6675 5 (NextSeg rule 1): retransmit lost segments while pipe < cwnd. */
void tcp_xmit_retransmit_queue(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	if (!tp->lost_out)
		return;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		u8 sacked = TCP_SKB_CB(skb)->sacked;

		if (skb == tp->send_head)
			break;
		if (tcp_packets_in_flight(tp) >= tp->snd_cwnd)
			break;
		if (!(sacked & TCPCB_LOST) ||
		    (sacked & (TCPCB_SACKED_ACKED | TCPCB_SACKED_RETRANS)))
			continue;
		if (tcp_retransmit_skb(sk, skb))
			break;
		if (tp->ca_state == TCP_CA_Loss)
			TCP_INC_STATS(TCPSLOWSTARTRETRANS);
		else
			TCP_INC_STATS(TCPFASTRETRANS);
		if (skb == tcp_write_queue_head(sk))
			tcp_rearm_rto(sk);
	}
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
		struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

		if (skb == tp->send_head)
			break;
		if (skb->len > mss) {
			if (cb->sacked & TCPCB_SACKED_RETRANS) {
				cb->sacked &= (u8)~TCPCB_SACKED_RETRANS;
				tp->retrans_out--;
			}
			tcp_skb_mark_lost(tp, skb);
		}
	}
	if (prior_lost == tp->lost_out)
		return;
	if (tp->ca_state != TCP_CA_Loss) {
		tp->high_seq = tp->snd_nxt;
		tp->undo_marker = 0;
		tcp_set_ca_state(sk, TCP_CA_Loss);
	}
	tcp_xmit_retransmit_queue(sk);
}
