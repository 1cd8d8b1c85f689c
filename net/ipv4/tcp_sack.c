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
 * inside the second block. It tells a retransmission was unneeded.
 */
static bool tcp_check_dsack(struct tcp_sock *tp, const struct tcp_sack_block *sp,
			    int n, u32 ack)
{
	u32 start = sp[0].start_seq, end = sp[0].end_seq;
	bool dup = before(start, ack);

	if (!dup && n > 1)
		dup = !after(end, sp[1].end_seq) && !before(start, sp[1].start_seq);
	if (!dup)
		return false;
	TCP_INC_STATS(TCPDSACKRECV);
	/* A duplicate of data sent since recovery began: one retransmission was spurious. */
	if (tp->undo_marker && tp->undo_retrans > 0 && !before(start, tp->undo_marker))
		tp->undo_retrans--;
	return true;
}

/* Mark the skbs inside [start, end) SACKed. */
static int tcp_sacktag_one_block(struct sock *sk, u32 start, u32 end)
{
	struct tcp_sock *tp = tcp_sk(sk);
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
		if (cb->sacked & TCPCB_SACKED_RETRANS) {
			cb->sacked &= (u8)~TCPCB_SACKED_RETRANS;
			tp->retrans_out--;
		}
		if (cb->sacked & TCPCB_LOST) {
			cb->sacked &= (u8)~TCPCB_LOST;
			tp->lost_out--;
		}
		cb->sacked |= TCPCB_SACKED_ACKED;
		tp->sacked_out++;
		flag |= FLAG_DATA_SACKED;
	}
	return flag;
}

int tcp_sacktag_write_queue(struct sock *sk, const struct sk_buff *ack_skb,
			    u32 prior_snd_una)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcp_sack_block *sp = tp->rx_opt.rcv_sacks;
	int n = tp->rx_opt.saw_sack, flag = 0, first = 0;

	if (!n)
		return 0;
	if (tcp_check_dsack(tp, sp, n, TCP_SKB_CB(ack_skb)->ack_seq))
		first = 1;	/* not new information: only for undo */
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
		flag |= tcp_sacktag_one_block(sk, start, end);
	}
	return flag;
}
