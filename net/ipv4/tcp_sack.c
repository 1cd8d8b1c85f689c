/*
 * Selective acknowledgment (RFC 2018, RFC 2883): the blocks a receiver
 * sends for its out-of-order queue, and the sender's scoreboard that
 * SACK blocks arriving on ACKs fill in (RFC 6675 2), with D-SACKs
 * counted so spurious retransmissions can be undone (Linux's part of
 * net/ipv4/tcp_input.c).
 */
#include <net/tcp.h>
#include <string.h>

/* ---- receiver: blocks to send (RFC 2018 4) ---- */

static bool tcp_sack_extend(struct tcp_sack_block *sp, u32 seq, u32 end_seq)
{
	if (!after(seq, sp->end_seq) && !after(sp->start_seq, end_seq)) {
		if (before(seq, sp->start_seq))
			sp->start_seq = seq;
		if (after(end_seq, sp->end_seq))
			sp->end_seq = end_seq;
		return true;
	}
	return false;
}

/* RFC 2883 4: report a duplicate range in the first block of the next ACK. */
void tcp_dsack_set(struct sock *sk, u32 seq, u32 end_seq)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->rx_opt.sack_ok)
		return;
	if (!after(end_seq, tp->rcv_nxt))
		TCP_INC_STATS(TCPDSACKOLDSENT);
	else
		TCP_INC_STATS(TCPDSACKOFOSENT);
	tp->duplicate_sack[0].start_seq = seq;
	tp->duplicate_sack[0].end_seq = end_seq;
	tp->rx_opt.dsack = 1;
}

/* Merge blocks that now overlap the first one into it. */
static void tcp_sack_maybe_coalesce(struct tcp_sock *tp)
{
	struct tcp_sack_block *sp = &tp->selective_acks[0];

	for (int i = 1; i < tp->rx_opt.num_sacks;) {
		struct tcp_sack_block *s = &tp->selective_acks[i];

		if (tcp_sack_extend(sp, s->start_seq, s->end_seq)) {
			tp->rx_opt.num_sacks--;
			memmove(s, s + 1, (tp->rx_opt.num_sacks - i) * sizeof(*s));
			continue;
		}
		i++;
	}
}

/*
 * A segment went to the out-of-order queue: its block becomes the first
 * (RFC 2018 4: "the first SACK block MUST specify the contiguous block
 * of data containing the segment which triggered this ACK"), the others
 * follow most recent first.
 */
void tcp_sack_new_ofo_skb(struct sock *sk, u32 seq, u32 end_seq)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_sack_block *sp = tp->selective_acks;
	int n = tp->rx_opt.num_sacks;

	if (!tp->rx_opt.sack_ok)
		return;
	for (int i = 0; i < n; i++) {
		if (tcp_sack_extend(&sp[i], seq, end_seq)) {
			struct tcp_sack_block b = sp[i];

			memmove(sp + 1, sp, i * sizeof(*sp));
			sp[0] = b;
			tcp_sack_maybe_coalesce(tp);
			return;
		}
	}
	if (n >= TCP_MAX_SACKS)
		n = TCP_MAX_SACKS - 1;		/* the oldest block drops off */
	memmove(sp + 1, sp, n * sizeof(*sp));
	sp[0].start_seq = seq;
	sp[0].end_seq = end_seq;
	tp->rx_opt.num_sacks = (u8)(n + 1);
}

/* Blocks the cumulative ACK now covers go (RFC 2018 4). */
void tcp_sack_remove(struct tcp_sock *tp)
{
	struct tcp_sack_block *sp = tp->selective_acks;

	if (!skb_peek(&tp->out_of_order_queue)) {
		tp->rx_opt.num_sacks = 0;
		return;
	}
	for (int i = 0; i < tp->rx_opt.num_sacks;) {
		if (!before(tp->rcv_nxt, sp[i].start_seq)) {
			tp->rx_opt.num_sacks--;
			memmove(sp + i, sp + i + 1,
				(tp->rx_opt.num_sacks - i) * sizeof(*sp));
			continue;
		}
		i++;
	}
}

/* ---- sender: the scoreboard (RFC 6675 2) ---- */

/*
 * RFC 2883 4.2: a D-SACK is a first block below the cumulative ACK or
 * inside the second block. It tells a retransmission was unneeded: each
 * segment it covers takes one off undo_retrans (RFC 3708), it widens
 * RACK's reordering window (RFC 8985 6.2 step 4), and one that covers
 * the loss probe says the probe repaired nothing (7.4).
 */
static bool tcp_check_dsack(struct sock *sk, const struct tcp_sack_block *sp,
			    int n, u32 ack, int *flag)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 start = sp[0].start_seq, end = sp[0].end_seq, segs;
	bool dup = before(start, ack);

	if (!dup && n > 1)
		dup = !after(end, sp[1].end_seq) && !before(start, sp[1].start_seq);
	if (!dup || !before(start, end))
		return false;
	TCP_INC_STATS(TCPDSACKRECV);
	*flag |= FLAG_DSACKING_ACK;
	tp->rack.dsack_seen = 1;
	segs = DIV_ROUND_UP(end - start, max(tp->mss_cache, 1u));
	/* A duplicate of data sent since recovery began. */
	if (tp->undo_marker && tp->undo_retrans > 0 && after(end, tp->undo_marker))
		tp->undo_retrans = tp->undo_retrans > (int)segs ?
				   tp->undo_retrans - (int)segs : 0;
	if (tp->tlp_high_seq && tp->tlp_retrans && end == tp->tlp_high_seq)
		*flag |= FLAG_DSACK_TLP;
	return true;
}

/*
 * Mark the skbs inside [start, end) SACKed: they left the network
 * (RFC 6675 2), RACK learns their send time (RFC 8985 6.2 step 2), the
 * oldest never-retransmitted one gives an RTT sample, and one below a
 * segment already SACKed arrived out of order.
 */
static int tcp_sacktag_one_block(struct sock *sk, u32 start, u32 end,
				 long *sack_rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u64 now = ktime_get_us();
	struct sk_buff *skb;
	int flag = 0;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

		if (skb == tp->send_head || !before(cb->seq, end))
			break;
		if (before(cb->seq, start) || after(cb->end_seq, end))
			continue;	/* not wholly inside: leave it */
		if (cb->sacked & TCPCB_SACKED_ACKED)
			continue;
		if (!(cb->sacked & TCPCB_EVER_RETRANS)) {
			if (*sack_rtt_us < 0)
				*sack_rtt_us = (long)tcp_stamp_us_delta(now, cb->tx_us);
			if (!after(cb->end_seq, tp->high_seq))
				flag |= FLAG_ORIG_SACK_ACKED;
			if (tp->highest_sack && before(cb->seq, tp->highest_sack)) {
				tp->reord_seen++;
				TCP_INC_STATS(TCPSACKREORDER);
			}
		}
		if (cb->sacked & TCPCB_SACKED_RETRANS) {
			cb->sacked &= (u8)~TCPCB_SACKED_RETRANS;
			tp->retrans_out--;
		}
		if (cb->sacked & TCPCB_LOST) {
			cb->sacked &= (u8)~TCPCB_LOST;
			tp->lost_out--;
		}
		tcp_rack_advance(tp, cb->sacked, cb->end_seq, cb->tx_us);
		cb->sacked |= TCPCB_SACKED_ACKED;
		tp->sacked_out++;
		tp->delivered++;
		if (!tp->highest_sack || after(cb->end_seq, tp->highest_sack))
			tp->highest_sack = cb->end_seq;
		flag |= FLAG_DATA_SACKED;
	}
	return flag;
}

int tcp_sacktag_write_queue(struct sock *sk, const struct sk_buff *ack_skb,
			    u32 prior_snd_una, long *sack_rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_sack_block sp[TCP_MAX_SACKS];
	int n = tp->rx_opt.saw_sack, flag = 0, first = 0;

	if (!n)
		return 0;
	memcpy(sp, tp->rx_opt.rcv_sacks, sizeof(sp));
	if (tcp_check_dsack(sk, sp, n, TCP_SKB_CB(ack_skb)->ack_seq, &flag))
		first = 1;	/* not new information: only for undo */
	/* Lowest first (the receiver sends the newest first, RFC 2018 4),
	 * so that a block below one already seen means reordering. */
	for (int i = first + 1; i < n; i++)
		for (int j = i; j > first && after(sp[j - 1].start_seq, sp[j].start_seq); j--) {
			struct tcp_sack_block t = sp[j];

			sp[j] = sp[j - 1];
			sp[j - 1] = t;
		}
	for (int i = first; i < n; i++) {
		u32 start = sp[i].start_seq, end = sp[i].end_seq;

		/* RFC 2018 / Linux's tcp_is_sackblock_valid. */
		if (!before(start, end) || after(end, tp->snd_nxt) ||
		    end - start > tp->max_window + 65535u * 16) {
			TCP_INC_STATS(TCPSACKDISCARD);
			continue;
		}
		if (!after(end, tp->snd_una))
			continue;	/* old news */
		flag |= tcp_sacktag_one_block(sk, start, end, sack_rtt_us);
	}
	return flag;
}
