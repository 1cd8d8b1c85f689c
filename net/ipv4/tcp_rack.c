/*
 * RACK-TLP loss detection (RFC 8985; Linux's net/ipv4/tcp_recovery.c and
 * the loss probe of tcp_output.c). RACK deems a segment lost once a
 * segment sent sufficiently later has been delivered: it counts time, not
 * duplicate ACKs, so it also finds lost retransmissions and needs no
 * DupThresh segments above a hole. TLP sends one segment two RTTs after
 * the last transmission, so that a loss at the tail of a flight draws the
 * SACK that RACK needs instead of waiting out the RTO.
 *
 * Segment send times are TCP_SKB_CB(skb)->tx_us (us, set on every
 * transmission); the write queue is in sequence order, so detection walks
 * all of it rather than stopping at the first segment sent too late.
 */
#include <net/tcp.h>
#include <net/tcp_trace.h>

/* RFC 8985 6.2: was (t1, seq1) sent after (t2, seq2)? Ties go by sequence. */
static bool tcp_rack_sent_after(u64 t1, u64 t2, u32 seq1, u32 seq2)
{
	return t1 > t2 || (t1 == t2 && after(seq1, seq2));
}

void tcp_rack_advance(struct tcp_sock *tp, u8 sacked, u32 end_seq, u64 xmit_us)
{
	u32 rtt_us = (u32)tcp_stamp_us_delta(ktime_get_us(), xmit_us);

	if (tp->rack.mstamp &&
	    !tcp_rack_sent_after(xmit_us, tp->rack.mstamp, end_seq, tp->rack.end_seq))
		return;
	/*
	 * Step 2: a retransmitted segment delivered sooner than min_rtt
	 * after its retransmission is the original arriving late; its send
	 * time would be the retransmission's, too new to judge others by.
	 */
	if ((sacked & TCPCB_EVER_RETRANS) && rtt_us < tcp_min_rtt(tp))
		return;
	tp->rack.rtt_us = rtt_us;
	tp->rack.mstamp = xmit_us;
	tp->rack.end_seq = end_seq;
	tp->rack.advanced = 1;
}

/*
 * Step 4: the reordering window. Until reordering has been seen, none in
 * recovery or once DupThresh segments are SACKed (RFC 8985 6.2 "if ...
 * RACK.reord is FALSE ... return 0"); else min_rtt/4 per step, at most SRTT.
 */
static u32 tcp_rack_reo_wnd(const struct tcp_sock *tp)
{
	u64 wnd;

	if (!tp->reord_seen) {
		if (tp->ca_state >= TCP_CA_Recovery)
			return 0;
		if (tp->sacked_out >= TCP_FASTRETRANS_THRESH)
			return 0;
	}
	if (tcp_min_rtt(tp) == ~0U)
		return 0;
	wnd = (u64)(tcp_min_rtt(tp) >> 2) * tp->rack.reo_wnd_steps;
	return (u32)min(wnd, (u64)(tp->srtt_us >> 3));
}

s64 tcp_rack_skb_timeout(const struct tcp_sock *tp, const struct sk_buff *skb,
			 u32 reo_wnd)
{
	return (s64)tp->rack.rtt_us + reo_wnd -
	       (s64)tcp_stamp_us_delta(ktime_get_us(), TCP_SKB_CB(skb)->tx_us);
}

/*
 * Step 5: every segment sent before RACK.xmit_ts, neither delivered nor
 * awaiting its retransmission, is lost once RACK.rtt + reo_wnd has
 * passed since it was sent; *reo_timeout_us is the longest wait left.
 */
static void tcp_rack_detect_loss(struct sock *sk, u32 *reo_timeout_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 reo_wnd = tcp_rack_reo_wnd(tp);
	struct sk_buff *skb;

	*reo_timeout_us = 0;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
		s64 remaining;

		if (skb == tp->send_head)
			break;
		if (cb->sacked & TCPCB_SACKED_ACKED)
			continue;
		if ((cb->sacked & TCPCB_LOST) && !(cb->sacked & TCPCB_SACKED_RETRANS))
			continue;	/* already waiting for its retransmission */
		if (!tcp_rack_sent_after(tp->rack.mstamp, cb->tx_us, tp->rack.end_seq,
					 cb->end_seq))
			continue;
		remaining = tcp_rack_skb_timeout(tp, skb, reo_wnd);
		if (remaining <= 0)
			tcp_mark_skb_lost(sk, skb);
		else if ((u64)remaining + 1 > *reo_timeout_us)
			*reo_timeout_us = (u32)remaining + 1;
	}
}

bool tcp_rack_mark_lost(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 timeout;

	if (!tp->rack.advanced)
		return false;
	tp->rack.advanced = 0;
	tcp_rack_detect_loss(sk, &timeout);
	if (!timeout)
		return false;
	/* 6.3: look again once the youngest suspect's window has passed. */
	tcp_reset_xmit_timer(sk, ICSK_TIME_REO_TIMEOUT,
			     (u32)usecs_to_jiffies(timeout) + TCP_TIMEOUT_MIN, tp->rto);
	return true;
}

void tcp_rack_reo_timeout(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 timeout, prior_inflight = tcp_packets_in_flight(tp);

	tcp_rack_detect_loss(sk, &timeout);
	if (prior_inflight != tcp_packets_in_flight(tp)) {
		if (tp->ca_state < TCP_CA_Recovery) {
			tcp_enter_recovery(sk);
			tcp_cwnd_reduction(sk, 1, 0, 0);
		}
		tcp_xmit_retransmit_queue(sk);
	}
	if (tp->pending != ICSK_TIME_RETRANS)
		tcp_rearm_rto(sk);
}

/*
 * 6.2 step 4: each round trip with a D-SACK (a retransmission proved
 * needless: reordering, not loss) widens reo_wnd by one step, for the
 * next 16 recoveries; then it falls back to one step.
 */
void tcp_rack_update_reo_wnd(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	/* One step per round trip: D-SACKs for the same flight count once. */
	if (tp->rack.dsack_seen && tp->rack.reo_wnd_steps > 1 &&
	    before(tp->snd_una, tp->rack.reo_seq))
		tp->rack.dsack_seen = 0;
	if (tp->rack.dsack_seen) {
		if (tp->rack.reo_wnd_steps < 0xff)
			tp->rack.reo_wnd_steps++;
		tp->rack.dsack_seen = 0;
		tp->rack.reo_seq = tp->snd_nxt;
		tp->rack.reo_wnd_persist = TCP_RACK_RECOVERY_THRESH;
	} else if (!tp->rack.reo_wnd_persist) {
		tp->rack.reo_wnd_steps = 1;
	}
}

/* ---- tail loss probe (RFC 8985 7) ---- */

/* jiffies until the head segment's RTO would fire (from its last transmission). */
s32 tcp_rto_delta(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *head = tcp_write_queue_head(sk);

	if (!head)
		return (s32)tp->rto;
	return (s32)tp->rto - (s32)usecs_to_jiffies(tcp_stamp_us_delta(ktime_get_us(),
								TCP_SKB_CB(head)->tx_us));
}

/*
 * 7.2: a probe 2 * SRTT after the last send (plus the peer's worst-case
 * delayed ACK when one segment is out, which gets no immediate ACK),
 * never later than the RTO. Only in Open, with SACK, as Linux: elsewhere
 * recovery or the RTO is already at work.
 */
bool tcp_schedule_loss_probe(struct sock *sk, bool advancing_rto)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 timeout;
	s32 rto_delta;

	if (!tp->packets_out || !tcp_is_sack(tp) || tp->ca_state != TCP_CA_Open ||
	    sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV)
		return false;
	if (tp->srtt_us) {
		timeout = (u32)usecs_to_jiffies(tp->srtt_us >> 2);
		timeout += tp->packets_out == 1 ? TCP_RTO_MIN : TCP_TIMEOUT_MIN;
	} else {
		timeout = TCP_TIMEOUT_INIT;
	}
	rto_delta = advancing_rto ? (s32)tp->rto : tcp_rto_delta(sk);
	if (rto_delta > 0)
		timeout = min(timeout, (u32)rto_delta);
	tcp_reset_xmit_timer(sk, ICSK_TIME_LOSS_PROBE, timeout, TCP_RTO_MAX);
	return true;
}

/* The last segment sent: the one before send_head, or the queue's tail. */
static struct sk_buff *tcp_last_sent(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	return tp->send_head ? tcp_write_queue_prev(sk, tp->send_head) :
	       tcp_write_queue_tail(sk);
}

/*
 * 7.3: send new data if the peer's window allows, else retransmit the
 * last segment sent; one probe at a time (tlp_high_seq), then the RTO
 * runs from now.
 */
void tcp_send_loss_probe(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	if (tp->tlp_high_seq)
		goto rearm_timer;
	tp->tlp_retrans = 0;
	skb = tp->send_head;
	if (skb && !after(TCP_SKB_CB(skb)->seq + min(skb->len, tcp_current_mss(sk)),
			  tp->snd_una + tp->snd_wnd)) {
		u32 prior_packets = tp->packets_out;

		tcp_write_xmit(sk, tcp_current_mss(sk), 1, 2);
		if (tp->packets_out > prior_packets)
			goto probe_sent;
		goto rearm_timer;
	}
	skb = tcp_last_sent(sk);
	if (!skb || skb == tp->send_head) {
		tp->pending = 0;
		return;
	}
	if (tcp_retransmit_skb(sk, skb))
		goto rearm_timer;
	tcp_trace_retransmit(sk, TCP_SKB_CB(skb)->seq, skb->len, "tlp");
	tp->tlp_retrans = 1;
probe_sent:
	tp->tlp_high_seq = tp->snd_nxt;
	TCP_INC_STATS(TCPLOSSPROBES);
	tp->pending = 0;	/* the RTO counts from the probe */
rearm_timer:
	tcp_rearm_rto(sk);
}

/*
 * 7.4: the ACK of a probe. New data probed, or a D-SACK or plain
 * duplicate ACK for a retransmitted one (both copies arrived): no loss.
 * An ACK beyond the probe with neither means the probe repaired a loss:
 * reduce cwnd once, as a fast recovery would have (Linux's CWR).
 */
void tcp_process_tlp_ack(struct sock *sk, u32 ack, int flag)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (before(ack, tp->tlp_high_seq))
		return;
	if (!tp->tlp_retrans || (flag & FLAG_DSACK_TLP)) {
		tp->tlp_high_seq = 0;
	} else if (after(ack, tp->tlp_high_seq)) {
		tp->tlp_high_seq = 0;
		tp->snd_ssthresh = tp->ca_ops->ssthresh(sk);
		tp->snd_cwnd = max(tp->snd_ssthresh, 2u);
		tp->snd_cwnd_cnt = 0;
		TCP_INC_STATS(TCPLOSSPROBERECOVERY);
	} else if (!(flag & (FLAG_SND_UNA_ADVANCED | FLAG_NOT_DUP | FLAG_DATA_SACKED))) {
		tp->tlp_high_seq = 0;
	}
}
