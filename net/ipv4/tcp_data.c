/*
 * TCP receive data (Linux's tcp_data_queue and friends in
 * net/ipv4/tcp_input.c): in-sequence segments go to the receive queue
 * (coalesced when they fit), out-of-order ones to an ordered queue with
 * duplicate and overlapping bytes trimmed away (RFC 9293 3.10.7.4
 * "seventh"), and the FIN moves the state on ("eighth"). SACK and D-SACK
 * blocks for what arrives are kept up to date (tcp_sack.c).
 */
#include <kernel/mm.h>
#include <net/tcp.h>
#include <string.h>

/*
 * Track the peer's segment size for the ACK and window heuristics. A GRO
 * aggregate says what its segments were (gso_size), as in Linux.
 */
static void tcp_measure_rcv_mss(struct sock *sk, const struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 len = skb_shinfo(skb)->gso_size ? skb_shinfo(skb)->gso_size : skb->len;

	if (len >= tp->rcv_mss)
		tp->rcv_mss = (u16)min(len, (u32)tp->advmss);
	else if (len >= TCP_MSS_DEFAULT)
		tp->rcv_mss = (u16)len;
}

void tcp_event_data_recv(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_measure_rcv_mss(sk, skb);
	tcp_rcv_rtt_measure(tp);
	tp->ack_pending |= ICSK_ACK_SCHED;
}

/* Within SO_RCVBUF (an empty queue takes one skb of any size, as Linux's)? */
static bool tcp_rcvbuf_fits(const struct sock *sk, const struct sk_buff *skb)
{
	return sk->sk_rmem_alloc + skb->truesize <= (u32)sk->sk_rcvbuf ||
	       !sk->sk_rmem_alloc;
}

bool tcp_rmem_ok(const struct sock *sk, const struct sk_buff *skb)
{
	return tcp_rcvbuf_fits(sk, skb) &&
	       DIV_ROUND_UP((u64)max(tcp_memory_allocated, 0L) + skb->truesize, PAGE_SIZE) <=
	       (u64)sysctl_tcp_mem[0];
}

/*
 * Give up the out-of-order segment with the highest sequence, if it lies
 * beyond skb (Linux's tcp_prune_ofo_queue): data that fills the hole, or
 * comes before, matters more to the reader than what waits behind it.
 * The SACK blocks go too (RFC 2018 8: a receiver may renege; the sender
 * keeps what it has not seen cumulatively acknowledged).
 */
static bool tcp_prune_ofo_one(struct sock *sk, const struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *last = skb_peek_tail(&tp->out_of_order_queue);

	if (!last || !after(TCP_SKB_CB(last)->seq, TCP_SKB_CB(skb)->seq))
		return false;
	__skb_unlink(last, &tp->out_of_order_queue);
	TCP_INC_STATS(OFOPRUNED);
	tcp_drop_reason(sk, last, SKB_DROP_REASON_TCP_OFO_QUEUE_PRUNE);
	tp->rx_opt.num_sacks = 0;
	return true;
}

static bool tcp_rmem_schedule(struct sock *sk, const struct sk_buff *skb)
{
	return tcp_rcvbuf_fits(sk, skb) &&
	       tcp_mem_schedule(sk, (int)skb->truesize, TCP_MEM_RECV);
}

/*
 * skb's data in an skb of its own size (what Linux's tcp_collapse does to
 * the queues when they outgrow the buffer): a segment that took part of a
 * larger buffer (over loopback, a piece of a 64 KiB one) keeps that
 * buffer's truesize, more than the twice its data the offered window
 * counts on (tcp_win_from_space). The copy, or skb itself without memory
 * for one.
 */
static struct sk_buff *tcp_collapse_skb(struct sk_buff *skb)
{
	struct sk_buff *n = alloc_skb(skb->len);

	if (!n)
		return skb;
	skb_copy_bits(skb, 0, skb_put(n, skb->len), skb->len);
	memcpy(n->cb, skb->cb, sizeof(n->cb));
	consume_skb(skb);
	return n;
}

/*
 * Room for *pskb (Linux's tcp_try_rmem_schedule): within SO_RCVBUF and
 * within tcp_mem (tcp_mem.c), first by copying a segment whose buffer is
 * over twice its data into a tight one (*pskb replaced), then by giving
 * up out-of-order data beyond it. False: no room; *pskb is the caller's
 * either way.
 */
static bool tcp_try_rmem_schedule(struct sock *sk, struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;

	if (tcp_rmem_schedule(sk, skb))
		return true;
	if (skb->truesize > 2 * skb->len + sizeof(struct sk_buff) +
	    sizeof(struct skb_shared_info))
		skb = *pskb = tcp_collapse_skb(skb);
	while (!tcp_rmem_schedule(sk, skb))
		if (!tcp_prune_ofo_one(sk, skb))
			return false;
	return true;
}

/* Append to the last queued skb when the data fits its tailroom (Linux's tcp_try_coalesce). */
static bool tcp_try_coalesce(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff *tail = skb_peek_tail(&sk->sk_receive_queue);

	if (!tail || skb_cloned(tail) || skb_tailroom(tail) < skb->len ||
	    (TCP_SKB_CB(tail)->tcp_flags & TCPHDR_FIN) ||
	    TCP_SKB_CB(tail)->end_seq != TCP_SKB_CB(skb)->seq)
		return false;
	BUG_ON(skb_copy_bits(skb, 0, skb_put(tail, skb->len), skb->len));
	TCP_SKB_CB(tail)->end_seq = TCP_SKB_CB(skb)->end_seq;
	TCP_SKB_CB(tail)->tcp_flags |= TCP_SKB_CB(skb)->tcp_flags;
	return true;
}

/* Queue in-order data for the reader; consumes skb. */
void tcp_queue_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->rcv_nxt = TCP_SKB_CB(skb)->end_seq;
	if (skb->len && tcp_try_coalesce(sk, skb)) {
		consume_skb(skb);
		return;
	}
	if (!skb->len) {
		consume_skb(skb);	/* a bare FIN: the state says it */
		return;
	}
	skb_dst_drop(skb);
	skb_set_owner_r(skb, sk);
	__skb_queue_tail(&sk->sk_receive_queue, skb);
}

/*
 * A FIN in sequence (RFC 9293 3.10.7.4 "eighth, check the FIN bit"):
 * no more data from the peer, and the state moves on.
 */
static void tcp_fin(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	sk->sk_shutdown |= RCV_SHUTDOWN;
	tp->ack_pending |= ICSK_ACK_SCHED;
	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		tcp_set_state(sk, TCP_CLOSE_WAIT);
		tp->pingpong = 1;
		break;
	case TCP_FIN_WAIT1:
		/* Simultaneous close (RFC 9293 3.6, figure 13). */
		tcp_send_ack(sk);
		tcp_set_state(sk, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		tcp_send_ack(sk);
		tcp_time_wait(sk, TCP_TIME_WAIT, tcp_timewait_len());
		return;
	default:
		/* CLOSE-WAIT, CLOSING, LAST-ACK: a retransmitted FIN. */
		break;
	}
	/* Nothing can follow the FIN: out-of-order data past it is void. */
	skb_queue_purge(&tp->out_of_order_queue);
	tcp_sack_remove(tp);
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		sk->sk_data_ready(sk);
	}
}

/* Move out-of-order segments that are now in sequence to the receive queue. */
static bool tcp_ofo_queue(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	bool fin = false;

	while ((skb = skb_peek(&tp->out_of_order_queue))) {
		struct tcp_skb_cb *cb = TCP_SKB_CB(skb);

		if (after(cb->seq, tp->rcv_nxt))
			break;
		__skb_unlink(skb, &tp->out_of_order_queue);
		if (!after(cb->end_seq, tp->rcv_nxt)) {
			/* Wholly covered by data that arrived since. */
			tcp_dsack_set(sk, cb->seq, cb->end_seq);
			tcp_drop_reason(sk, skb, SKB_DROP_REASON_TCP_OFO_DROP);
			continue;
		}
		if (before(cb->seq, tp->rcv_nxt)) {
			u32 dup = tp->rcv_nxt - cb->seq;

			tcp_dsack_set(sk, cb->seq, tp->rcv_nxt);
			if (!pskb_pull(skb, min(dup, skb->len))) {
				kfree_skb(skb);
				continue;
			}
			cb->seq = tp->rcv_nxt;
		}
		fin = cb->tcp_flags & TCPHDR_FIN;
		/* The skb keeps its receive-buffer charge: re-own it for the queue. */
		tcp_queue_rcv(sk, skb);
		if (fin)
			break;
	}
	return fin;
}

/* Insert an out-of-order segment, trimming overlaps (RFC 9293 3.10.7.4 seventh). Consumes skb. */
static void tcp_data_queue_ofo(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff_head *q = &tp->out_of_order_queue;
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	struct sk_buff *prev = NULL, *cur, *tmp;
	u32 seq = cb->seq, end_seq = cb->end_seq;
	enum skb_drop_reason reason;

	tcp_enter_quickack_mode(sk);
	if (!tcp_try_rmem_schedule(sk, &skb)) {
		TCP_INC_STATS(TCPOFODROP);
		reason = SKB_DROP_REASON_PROTO_MEM;
		goto drop;
	}
	cb = TCP_SKB_CB(skb);	/* skb may be a tighter copy now */
	TCP_INC_STATS(TCPOFOQUEUE);
	/* The last segment with seq <= ours. */
	skb_queue_walk(q, cur) {
		if (after(TCP_SKB_CB(cur)->seq, seq))
			break;
		prev = cur;
	}
	if (prev) {
		struct tcp_skb_cb *pcb = TCP_SKB_CB(prev);

		if (!after(end_seq, pcb->end_seq)) {
			/* All of it is queued already. */
			TCP_INC_STATS(TCPOFOMERGE);
			tcp_dsack_set(sk, seq, end_seq);
			reason = SKB_DROP_REASON_TCP_OFOMERGE;
			goto drop;
		}
		if (before(seq, pcb->end_seq)) {
			/* Keep the queued bytes; cut ours to what is new. */
			u32 dup = pcb->end_seq - seq;

			tcp_dsack_set(sk, seq, pcb->end_seq);
			if (!pskb_pull(skb, min(dup, skb->len))) {
				kfree_skb(skb);
				return;
			}
			cb->seq = seq = pcb->end_seq;
		}
	}
	/* Later segments wholly covered go; one partly covered is trimmed. */
	cur = prev ? list_entry(prev->list.next, struct sk_buff, list) : skb_peek(q);
	while (cur && &cur->list != &q->list) {
		struct tcp_skb_cb *ncb = TCP_SKB_CB(cur);

		tmp = list_entry(cur->list.next, struct sk_buff, list);
		if (!after(end_seq, ncb->seq))
			break;
		if (!after(ncb->end_seq, end_seq)) {
			TCP_INC_STATS(TCPOFOMERGE);
			tcp_dsack_set(sk, ncb->seq, ncb->end_seq);
			__skb_unlink(cur, q);
			tcp_drop_reason(sk, cur, SKB_DROP_REASON_TCP_OFOMERGE);
			cur = tmp;
			continue;
		}
		/* Overlaps the front of cur: trim ours. */
		tcp_dsack_set(sk, ncb->seq, end_seq);
		if (pskb_trim(skb, skb->len - (end_seq - ncb->seq))) {
			kfree_skb(skb);
			return;
		}
		cb->end_seq = end_seq = ncb->seq;
		cb->tcp_flags &= (u8)~TCPHDR_FIN;
		break;
	}
	skb_dst_drop(skb);
	skb_set_owner_r(skb, sk);
	if (prev)
		__skb_queue_after(q, prev, skb);
	else
		__skb_queue_head(q, skb);
	tcp_sack_new_ofo_skb(sk, seq, end_seq);
	return;
drop:
	tcp_drop_reason(sk, skb, reason);
}

/*
 * Data of an acceptable segment (RFC 9293 3.10.7.4 "seventh, process the
 * segment text"); skb->data at the payload. Consumes skb: queued, or
 * dropped at the one exit with the reason (Linux's tcp_data_queue).
 */
void tcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	enum skb_drop_reason reason;
	bool fin;

	if (cb->seq == cb->end_seq) {
		consume_skb(skb);	/* an ACK, used already */
		return;
	}
	/* In sequence: the common case. */
	if (cb->seq == tp->rcv_nxt) {
		if (!tcp_receive_window(tp) && skb->len) {
			/* A zero window takes no data (RFC 9293 3.10.7.4); a
			 * bare FIN it takes, as Linux does. */
			TCP_INC_STATS(TCPZEROWINDOWDROP);
			reason = SKB_DROP_REASON_TCP_ZEROWINDOW;
			goto out_of_window;
		}
		if (!tcp_try_rmem_schedule(sk, &skb)) {
			TCP_INC_STATS(TCPRCVQDROP);
			tcp_send_ack(sk);
			reason = SKB_DROP_REASON_PROTO_MEM;
			goto drop;
		}
queue_and_out:
		cb = TCP_SKB_CB(skb);	/* skb may be a tighter copy now */
		tcp_event_data_recv(sk, skb);
		fin = cb->tcp_flags & TCPHDR_FIN;
		tcp_queue_rcv(sk, skb);
		if (!fin && skb_peek(&tp->out_of_order_queue)) {
			fin = tcp_ofo_queue(sk);
			/* RFC 5681 4.2: ack at once when a hole is filled. */
			tp->quick = max(tp->quick, (u8)1);
		}
		if (tp->rx_opt.num_sacks)
			tcp_sack_remove(tp);
		if (fin)
			tcp_fin(sk);
		if (!sock_flag(sk, SOCK_DEAD))
			sk->sk_data_ready(sk);
		return;
	}
	if (!after(cb->end_seq, tp->rcv_nxt)) {
		/* A retransmission of what we have: D-SACK it, ACK at once. */
		tcp_dsack_set(sk, cb->seq, cb->end_seq);
		reason = SKB_DROP_REASON_TCP_OLD_DATA;
		goto out_of_window;
	}
	if (!before(cb->seq, tp->rcv_nxt + tcp_receive_window(tp))) {
		/* Beyond the window: ACK, drop. */
		reason = SKB_DROP_REASON_TCP_OVERWINDOW;
		goto out_of_window;
	}
	if (before(cb->seq, tp->rcv_nxt)) {
		/* Partly old: D-SACK the old part, keep the rest. */
		u32 dup = tp->rcv_nxt - cb->seq;

		tcp_dsack_set(sk, cb->seq, tp->rcv_nxt);
		if (!tcp_receive_window(tp)) {
			TCP_INC_STATS(TCPZEROWINDOWDROP);
			reason = SKB_DROP_REASON_TCP_ZEROWINDOW;
			goto out_of_window;
		}
		if (!pskb_pull(skb, min(dup, skb->len))) {
			reason = SKB_DROP_REASON_NOMEM;
			goto drop;
		}
		cb->seq = tp->rcv_nxt;
		if (!tcp_try_rmem_schedule(sk, &skb)) {
			TCP_INC_STATS(TCPRCVQDROP);
			reason = SKB_DROP_REASON_PROTO_MEM;
			goto drop;
		}
		goto queue_and_out;
	}
	tcp_data_queue_ofo(sk, skb);
	tcp_send_ack(sk);
	return;

out_of_window:
	tcp_enter_quickack_mode(sk);
	tcp_send_ack(sk);
drop:
	tcp_drop_reason(sk, skb, reason);
}
