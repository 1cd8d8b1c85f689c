/*
 * TCP socket calls (Linux net/ipv4/tcp.c): what tcp_prot does for the
 * socket layer — send and receive through the queues, poll, close and
 * shutdown in every state (RFC 9293 3.10.4, 3.6), listen and accept,
 * options — plus the state bookkeeping the other tcp_*.c files share.
 *
 * Locking: process context takes lock_sock (bottom halves off), so the
 * receive path and the timers, which run in softirq, never see a
 * half-changed socket. Sleeping (sk_wait_event) happens unlocked.
 *
 * Lifetime: the reference sk_alloc gave belongs to the connection. The
 * owner's close() hands it over (the socket is orphaned); it is dropped
 * when an orphan reaches CLOSED, or at once if close() finds it there.
 */
#include <kernel/time.h>
#include <kernel/uio.h>
#include <net/tcp.h>
#include <net/tcp_trace.h>
#include <net/ip.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>

#define SOMAXCONN	4096
#define SIOCOUTQ	0x5411		/* TIOCOUTQ: bytes not yet acknowledged */

/* Writers wake when a third of the send buffer is free (Linux's sk_stream_write_space). */
static bool tcp_wspace_ok(const struct sock *sk)
{
	return sk->sk_sndbuf - sk->sk_wmem_queued >= sk->sk_sndbuf / 3;
}

static void tcp_write_space(struct sock *sk)
{
	if (tcp_wspace_ok(sk))
		__wake_up(&sk->sk_wq, poll_to_key(EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND));
}

void tcp_init_sock(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	skb_queue_head_init(&tp->out_of_order_queue);
	INIT_LIST_HEAD(&tp->syn_queue);
	INIT_LIST_HEAD(&tp->accept_queue);
	INIT_LIST_HEAD(&tp->accept_node);
	tcp_init_xmit_timers(sk);
	tp->rto = TCP_TIMEOUT_INIT;
	tp->mdev_us = (u32)(TCP_TIMEOUT_INIT * (USEC_PER_SEC / HZ));
	tp->min_rtt_us = ~0U;
	tp->rack.reo_wnd_steps = 1;
	tp->undo_retrans = -1;
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	tp->mss_cache = TCP_MSS_DEFAULT;
	tp->rcv_mss = TCP_MSS_DEFAULT;
	tp->rx_opt.mss_clamp = 0;
	tcp_assign_congestion_control(sk);
	sk->sk_write_space = tcp_write_space;
	sk->sk_state = TCP_CLOSE;
	/* Linux's tcp_init_sock: the buffers start at tcp_rmem[1] and tcp_wmem[1]. */
	sk->sk_rcvbuf = sysctl_tcp_rmem[1];
	sk->sk_sndbuf = sysctl_tcp_wmem[1];
}

/*
 * Every state change goes through here: the CurrEstab gauge (RFC 4022
 * tcpCurrEstab: ESTABLISHED or CLOSE-WAIT), EstabResets, leaving the
 * hash tables on CLOSED, and debug=tcp's line.
 */
void tcp_set_state(struct sock *sk, int state)
{
	int old = sk->sk_state;
	bool was_estab = old == TCP_ESTABLISHED || old == TCP_CLOSE_WAIT;
	bool is_estab = state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT;

	if (old != state)
		tcp_trace_state(sk, old, state);

	if (is_estab && !was_estab)
		TCP_INC_STATS(CURRESTAB);
	else if (was_estab && !is_estab)
		TCP_DEC_STATS(CURRESTAB);
	if (state == TCP_CLOSE) {
		if (was_estab)
			TCP_INC_STATS(ESTABRESETS);
		sk->sk_prot->unhash(sk);
	}
	sk->sk_state = (unsigned char)state;
}

void tcp_write_queue_purge(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	/* Data not yet acknowledged dies with the connection (as sk_free's purge). */
	while ((skb = __skb_dequeue(&sk->sk_write_queue))) {
		tcp_wmem_queued_add(sk, -(int)skb->truesize);
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_CLOSE);
	}
	tp->send_head = NULL;
	tp->packets_out = 0;
	tcp_clear_retrans(tp);
}

/* Free an orphan's memory (Linux's inet_csk_destroy_sock): the connection's reference goes. */
static void tcp_destroy_orphan(struct sock *sk)
{
	sock_put(sk);
}

void tcp_done(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV)
		TCP_INC_STATS(ATTEMPTFAILS);
	tcp_set_state(sk, TCP_CLOSE);
	tcp_clear_xmit_timers(sk);
	tcp_write_queue_purge(sk);
	skb_queue_purge_reason(&tp->out_of_order_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	tp->rx_opt.num_sacks = 0;
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
	else
		tcp_destroy_orphan(sk);
}

/* RFC 9293 3.10.7.4 "second, check the RST bit": the error depends on the state. */
void tcp_reset(struct sock *sk)
{
	switch (sk->sk_state) {
	case TCP_SYN_SENT:
		sk->sk_err = ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		sk->sk_err = EPIPE;
		break;
	case TCP_CLOSE:
		return;
	default:
		sk->sk_err = ECONNRESET;
	}
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
	tcp_done(sk);
}

/*
 * RFC 9293 3.10.4 CLOSE: the state a close (or shutdown for writing)
 * leads to, and whether a FIN must be sent (Linux's new_state table).
 */
static bool tcp_close_state(struct sock *sk)
{
	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		tcp_set_state(sk, TCP_FIN_WAIT1);
		return true;
	case TCP_CLOSE_WAIT:
		tcp_set_state(sk, TCP_LAST_ACK);
		return true;
	case TCP_SYN_SENT:
	case TCP_LISTEN:
		tcp_set_state(sk, TCP_CLOSE);
		return false;
	default:
		return false;
	}
}

void tcp_shutdown(struct sock *sk, int how)
{
	if (!(how & SEND_SHUTDOWN))
		return;
	if ((1 << sk->sk_state) & ((1 << TCP_ESTABLISHED) | (1 << TCP_SYN_RECV) |
				   (1 << TCP_CLOSE_WAIT)))
		if (tcp_close_state(sk))
			tcp_send_fin(sk);
}

/* Wait (up to timeout) for our FIN to be acknowledged: SO_LINGER. */
static void tcp_linger_wait(struct sock *sk, long timeout)
{
	release_sock(sk);
	while (timeout && (sk->sk_state == TCP_FIN_WAIT1 ||
			   sk->sk_state == TCP_CLOSING || sk->sk_state == TCP_LAST_ACK))
		sk_wait_event(sk, &timeout, sk->sk_state != TCP_FIN_WAIT1 &&
			      sk->sk_state != TCP_CLOSING &&
			      sk->sk_state != TCP_LAST_ACK);
	lock_sock(sk);
}

void tcp_close(struct sock *sk, long timeout)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 unread = 0;
	struct sk_buff *skb;

	lock_sock(sk);
	sock_hold(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (sk->sk_state == TCP_LISTEN) {
		tcp_set_state(sk, TCP_CLOSE);
		tcp_listen_purge(sk);
		goto adjudge_to_death;
	}
	/* Linux's __tcp_close: what the owner never read is dropped as SOCKET_CLOSE. */
	while ((skb = __skb_dequeue(&sk->sk_receive_queue))) {
		unread += skb->len;
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_CLOSE);
	}
	skb_queue_purge_reason(&tp->out_of_order_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	if (sk->sk_state == TCP_CLOSE)
		goto adjudge_to_death;
	if (unread) {
		/* RFC 9293 3.10.4 / RFC 2525 2.17: unread data means the
		 * application lost it; tell the peer with a RST. */
		TCP_INC_STATS(TCPABORTONCLOSE);
		tcp_send_active_reset(sk);
		tcp_done(sk);
	} else if (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime) {
		/* SO_LINGER with zero time: abort (RFC 9293 3.10.5). */
		TCP_INC_STATS(TCPABORTONLINGER);
		if (sk->sk_state != TCP_SYN_SENT)
			tcp_send_active_reset(sk);
		tcp_done(sk);
	} else if (tcp_close_state(sk)) {
		tcp_send_fin(sk);
	}
	if (timeout && sk->sk_state != TCP_CLOSE)
		tcp_linger_wait(sk, timeout);

adjudge_to_death:
	sock_orphan(sk);
	if (sk->sk_state == TCP_CLOSE) {
		/* Nothing left to do on the wire: the connection's reference goes. */
		tcp_clear_xmit_timers(sk);
		tcp_destroy_orphan(sk);
	} else if (sk->sk_state == TCP_FIN_WAIT2) {
		/* Only the peer's FIN is awaited: a timewait sock does that. */
		tcp_time_wait(sk, TCP_FIN_WAIT2, TCP_FIN_TIMEOUT);
	}
	release_sock(sk);
	sock_put(sk);
}

int tcp_disconnect(struct sock *sk, int flags)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int old = sk->sk_state;

	lock_sock(sk);
	if (old == TCP_LISTEN) {
		tcp_set_state(sk, TCP_CLOSE);
		tcp_listen_purge(sk);
	} else if (old != TCP_CLOSE && old != TCP_SYN_SENT) {
		/* RFC 9293 3.10.5 ABORT: the peer learns with a RST. */
		tcp_send_active_reset(sk);
		sk->sk_err = ECONNRESET;
	}
	tcp_set_state(sk, TCP_CLOSE);
	tcp_clear_xmit_timers(sk);
	skb_queue_purge_reason(&sk->sk_receive_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	skb_queue_purge_reason(&tp->out_of_order_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	tcp_write_queue_purge(sk);
	sk->sk_shutdown = 0;
	sk->sk_dport = 0;
	sk->sk_daddr = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		sk->sk_rcv_saddr = inet_sk(sk)->inet_saddr = 0;
	tp->srtt_us = 0;
	tp->mdev_us = (u32)(TCP_TIMEOUT_INIT * (USEC_PER_SEC / HZ));
	tp->rto = TCP_TIMEOUT_INIT;
	tp->backoff = tp->retransmits = tp->probes_out = 0;
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	tp->ca_state = TCP_CA_Open;
	tcp_clear_retrans(tp);
	tp->min_rtt_us = ~0U;
	memset(&tp->rack, 0, sizeof(tp->rack));
	tp->rack.reo_wnd_steps = 1;
	tp->tlp_high_seq = tp->highest_sack = tp->reord_seen = 0;
	tp->frto = 0;
	tp->rx_opt = (struct tcp_options_received){ .user_mss = tp->rx_opt.user_mss };
	tp->advmss = 0;
	tp->retrans_stamp = 0;
	sk_dst_reset(sk);
	sk->sk_error_report(sk);
	release_sock(sk);
	return 0;
}

/* ---- sending ---- */

/* The end of a write: PSH on its last segment (RFC 9293 3.9.1, as Linux does). */
static void tcp_mark_push(struct sock *sk)
{
	struct sk_buff *skb = tcp_write_queue_tail(sk);

	if (skb && tcp_sk(sk)->send_head)
		TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_PSH;
}

static int tcp_wait_connect(struct sock *sk, long *timeo)
{
	while (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV) {
		if (sk->sk_err)
			return sock_error(sk);
		if (!*timeo)
			return -EAGAIN;
		release_sock(sk);
		sk_wait_event(sk, timeo, sk->sk_state != TCP_SYN_SENT &&
			      sk->sk_state != TCP_SYN_RECV);
		lock_sock(sk);
	}
	return 0;
}

/*
 * Wait for room to queue more (Linux's sk_stream_wait_memory): for this
 * socket's buffer to drain, or, when tcp_mem refused the memory or an
 * allocation failed, a little while (Linux's vm_wait) for other sockets
 * to give some back: memory that is free by the socket's count would
 * otherwise end the wait at once, and the writer would spin.
 */
static void tcp_wait_memory(struct sock *sk, long *timeo, bool mem_refused)
{
	long wait = mem_refused ? min(*timeo, (long)TCP_MEM_WAIT) : *timeo;
	long left = wait;

	release_sock(sk);
	sk_wait_event(sk, &left, (!mem_refused && tcp_stream_memory_free(sk)) ||
		      sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN));
	lock_sock(sk);
	if (*timeo != MAX_SCHEDULE_TIMEOUT)
		*timeo -= wait - left;
}

/*
 * Copy up to len bytes from the user into the tail of skb: into its
 * linear part, or, when the route's device gathers page frags (frags),
 * into the writer's page frag (sk_page_frag), extending skb's last frag when the bytes
 * follow on (Linux's skb_copy_to_page_nocache). Bytes into a page frag
 * grow skb's truesize, so tcp_mem is asked for them first (Linux's
 * sk_wmem_schedule). Returns the bytes copied; 0 when skb has no room (a
 * new skb is needed); -ENOMEM (no page); -ENOBUFS (tcp_mem refused);
 * -EFAULT.
 */
static int tcp_append(struct sock *sk, struct sk_buff *skb, struct iov_iter *from,
		      size_t len, bool frags)
{
	struct page_frag *pfrag = sk_page_frag(sk);
	struct skb_shared_info *sh = skb_shinfo(skb);
	int i = sh->nr_frags;
	bool merge;

	if (!frags || skb_headlen(skb)) {
		len = min(len, (size_t)skb_tailroom(skb));
		if (!len)
			return 0;
		if (copy_from_iter(skb_put(skb, (unsigned int)len), len, from) != len) {
			skb_trim(skb, skb->len - (unsigned int)len);
			return -EFAULT;
		}
		return (int)len;
	}
	if (!sk_page_frag_refill(sk, pfrag))
		return -ENOMEM;
	merge = i && skb_frag_page(&sh->frags[i - 1]) == pfrag->page &&
		skb_frag_off(&sh->frags[i - 1]) + skb_frag_size(&sh->frags[i - 1]) ==
		pfrag->offset;
	if (!merge && i == MAX_SKB_FRAGS)
		return 0;
	len = min(len, (size_t)(pfrag->size - pfrag->offset));
	if (!tcp_mem_schedule(sk, (int)len, TCP_MEM_SEND))
		return -ENOBUFS;
	if (copy_from_iter((u8 *)page_address(pfrag->page) + pfrag->offset, len,
			   from) != len)
		return -EFAULT;
	if (merge) {
		skb_frag_size_set(&sh->frags[i - 1],
				  skb_frag_size(&sh->frags[i - 1]) + (unsigned int)len);
	} else {
		get_page(pfrag->page);
		skb_fill_page_desc(skb, i, pfrag->page, (int)pfrag->offset, (int)len);
	}
	pfrag->offset += (u32)len;
	skb->len += (u32)len;
	skb->data_len += (u32)len;
	skb->truesize += (u32)len;
	tcp_wmem_queued_add(sk, (int)len);
	return (int)len;
}

/*
 * While a write goes on, when to send what it queued (Linux's size_goal
 * and forced_push): each full segment at once when segments leave one
 * by one; for a device that takes GSO skbs, once a burst's worth is
 * waiting - 64 KiB, or half the peer's largest window if that is less -
 * so that it leaves as one skb. The end of the write sends the rest.
 */
static bool tcp_size_goal_reached(struct sock *sk, u32 mss, bool gso)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	u32 goal = min((u32)TCP_GSO_MAX_PAYLOAD, max(tp->max_window / 2, mss));

	return !gso || tp->write_seq - tp->snd_nxt >= goal;
}

int tcp_sendmsg(struct sock *sk, struct kmsghdr *msg, size_t size)
{
	struct tcp_sock *tp = tcp_sk(sk);
	long timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);
	bool mem_refused = false;
	size_t copied = 0;
	bool frags, gso;
	u32 features;
	int err;

	lock_sock(sk);
	err = tcp_wait_connect(sk, &timeo);
	if (err)
		goto out_err;
	if (sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_CLOSE_WAIT) {
		/* A refused or reset connection reports why, once (Linux). */
		err = sock_error(sk);
		if (!err)
			err = sk->sk_state == TCP_CLOSE && !(sk->sk_shutdown & SEND_SHUTDOWN) &&
			      !sk->sk_dport ? -ENOTCONN : -EPIPE;
		goto out_err;
	}
	features = tcp_route_features(sk);
	frags = features & NETIF_F_SG;
	gso = features & (NETIF_F_GSO | NETIF_F_TSO);
	while (iov_iter_count(&msg->msg_iter)) {
		struct sk_buff *skb = tcp_write_queue_tail(sk);
		u32 mss = tcp_current_mss(sk);
		int copy = 0;

		mem_refused = false;
		err = sock_error(sk);
		if (err)
			goto out_err;
		err = -EPIPE;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			goto out_err;
		/* Fill the unsent tail skb up to one MSS first. */
		if (skb && tp->send_head && skb->len < mss &&
		    !(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN))
			copy = tcp_append(sk, skb, &msg->msg_iter,
					  min((size_t)(mss - skb->len),
					      iov_iter_count(&msg->msg_iter)), frags);
		if (!copy) {
			if (!tcp_stream_memory_free(sk))
				goto wait_for_memory;
			skb = tcp_stream_alloc_skb(sk, frags ? 0 : mss);
			if (!skb) {
				/* Out of memory: wait a while, as for tcp_mem (Linux's vm_wait). */
				mem_refused = true;
				goto wait_for_memory;
			}
			if (!tcp_mem_schedule(sk, (int)skb->truesize, TCP_MEM_SEND)) {
				mem_refused = true;
				consume_skb(skb);
				tcp_moderate_sndbuf(sk);
				goto wait_for_memory;
			}
			TCP_SKB_CB(skb)->seq = TCP_SKB_CB(skb)->end_seq = tp->write_seq;
			TCP_SKB_CB(skb)->tcp_flags = TCPHDR_ACK;
			tcp_skb_entail(sk, skb);
			copy = tcp_append(sk, skb, &msg->msg_iter,
					  min((size_t)mss, iov_iter_count(&msg->msg_iter)),
					  frags);
		}
		if (copy == -ENOBUFS || copy == -ENOMEM) {
			mem_refused = true;
			tcp_moderate_sndbuf(sk);
		}
		if (copy == -ENOMEM || copy == -ENOBUFS || !copy)
			goto wait_for_memory;
		if (copy < 0) {
			err = copy;
			goto out_err;
		}
		tp->write_seq += (u32)copy;
		TCP_SKB_CB(skb)->end_seq += (u32)copy;
		copied += copy;
		if (skb->len >= mss && tcp_size_goal_reached(sk, mss, gso))
			tcp_push_pending_frames(sk);
		continue;

wait_for_memory:
		tcp_push_pending_frames(sk);
		err = -EAGAIN;
		if (!timeo)
			goto out_err;
		tcp_wait_memory(sk, &timeo, mem_refused);
	}
	tcp_mark_push(sk);
	tcp_push_pending_frames(sk);
	release_sock(sk);
	return (int)copied;

out_err:
	/* Free a tail skb we allocated and could not fill. */
	if (tp->send_head && tcp_write_queue_tail(sk)->len == 0 &&
	    !(TCP_SKB_CB(tcp_write_queue_tail(sk))->tcp_flags & (TCPHDR_FIN | TCPHDR_SYN)))
		tcp_wmem_free_skb(sk, tcp_write_queue_tail(sk));
	if (copied) {
		tcp_mark_push(sk);
		tcp_push_pending_frames(sk);
		release_sock(sk);
		return (int)copied;
	}
	release_sock(sk);
	return err;
}

/* ---- receiving ---- */

void tcp_cleanup_rbuf(struct sock *sk, int copied)
{
	struct tcp_sock *tp = tcp_sk(sk);
	bool time_to_ack = false;

	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN)
		return;
	/* A delayed ACK is owed and the reader took a full segment: send it. */
	if ((tp->ack_pending & ICSK_ACK_SCHED) && copied >= (int)tp->rcv_mss &&
	    !tp->pingpong)
		time_to_ack = true;
	/* RFC 9293 3.8.6.2.2: announce a window that at least doubled. */
	if (copied > 0 && !time_to_ack && !(sk->sk_shutdown & RCV_SHUTDOWN)) {
		u32 rcv_window_now = tcp_receive_window(tp);

		if (2 * rcv_window_now <= tp->window_clamp) {
			u32 new_window = __tcp_select_window(sk);

			if (new_window && new_window >= 2 * rcv_window_now)
				time_to_ack = true;
		}
	}
	if (time_to_ack)
		tcp_send_ack(sk);
}

/*
 * Bytes queued past seq. A peek's seq runs ahead of copied_seq over data
 * that stays queued: waiting only for a non-empty queue would never sleep
 * (Linux's sk_wait_data waits for a new tail for the same reason).
 */
static bool tcp_data_after(const struct sock *sk, u32 seq)
{
	const struct sk_buff *skb = skb_peek_tail(&sk->sk_receive_queue);

	return skb && after(TCP_SKB_CB(skb)->seq + skb->len, seq);
}

/* The next bytes to read, or an error/0 (EOF) when none will come. */
int tcp_recvmsg(struct sock *sk, struct kmsghdr *msg, size_t len, int flags,
		int *addr_len)
{
	struct tcp_sock *tp = tcp_sk(sk);
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	size_t target = flags & MSG_WAITALL ? len : 1, copied = 0;
	u32 seq;
	int err = 0;

	if (flags & MSG_OOB)
		return -EINVAL;
	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN) {
		err = -ENOTCONN;
		goto out;
	}
	seq = tp->copied_seq;
	while (copied < len) {
		struct sk_buff *skb;
		bool found = false;

		skb_queue_walk(&sk->sk_receive_queue, skb) {
			u32 offset = seq - TCP_SKB_CB(skb)->seq;
			size_t n, c;

			if (offset >= skb->len)
				continue;	/* consumed, or a peeked one */
			n = min(len - copied, (size_t)(skb->len - offset));
			/* What the iterator advanced by reached the user, fault or not. */
			c = iov_iter_count(&msg->msg_iter);
			skb_copy_datagram_iter(skb, (int)offset, &msg->msg_iter,
					       (unsigned int)n);
			c -= iov_iter_count(&msg->msg_iter);
			seq += (u32)c;
			copied += c;
			if (c != n) {
				/* A fault part way: what reached the user is read. */
				if (!(flags & MSG_PEEK))
					tp->copied_seq = seq;
				if (!copied)
					err = -EFAULT;
				goto out_copied;
			}
			found = true;
			break;
		}
		if (!(flags & MSG_PEEK)) {
			tp->copied_seq = seq;
			while ((skb = skb_peek(&sk->sk_receive_queue)) &&
			       !before(seq, TCP_SKB_CB(skb)->seq + skb->len)) {
				__skb_unlink(skb, &sk->sk_receive_queue);
				consume_skb(skb);
			}
		}
		if (found)
			continue;
		if (copied >= target)
			break;
		if (copied) {
			if (sk->sk_err || sk->sk_state == TCP_CLOSE ||
			    (sk->sk_shutdown & RCV_SHUTDOWN) || !timeo)
				break;
		} else {
			/* A reset reports its error; a FIN, end of file (Linux's order). */
			if (sk->sk_err) {
				err = sock_error(sk);
				break;
			}
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				break;
			if (sk->sk_state == TCP_CLOSE) {
				err = -ENOTCONN;
				break;
			}
			if (!timeo) {
				err = -EAGAIN;
				break;
			}
		}
		tcp_cleanup_rbuf(sk, (int)copied);
		release_sock(sk);
		sk_wait_event(sk, &timeo, tcp_data_after(sk, seq) ||
			      (sk->sk_shutdown & RCV_SHUTDOWN) || sk->sk_err ||
			      sk->sk_state == TCP_CLOSE);
		lock_sock(sk);
		/* Another reader took what this peek had seen (Linux's "race in MSG_PEEK"). */
		if (before(seq, tp->copied_seq))
			seq = tp->copied_seq;
	}
out_copied:
	if (copied && !(flags & MSG_PEEK))
		tcp_rcv_space_adjust(sk);
	tcp_cleanup_rbuf(sk, (int)copied);
out:
	release_sock(sk);
	*addr_len = 0;
	return copied ? (int)copied : err;
}

__poll_t tcp_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	struct tcp_sock *tp = tcp_sk(sk);
	int state = sk->sk_state;
	__poll_t mask = 0;

	poll_wait(file, &sk->sk_wq, wait);
	if (state == TCP_LISTEN)
		return list_empty(&tp->accept_queue) ? 0 : EPOLLIN | EPOLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (state != TCP_SYN_SENT && state != TCP_SYN_RECV) {
		if (!skb_queue_empty(&sk->sk_receive_queue) &&
		    tp->rcv_nxt != tp->copied_seq)
			mask |= EPOLLIN | EPOLLRDNORM;
		/* After shutdown(SHUT_WR) a write fails at once: report it writable. */
		if (!(sk->sk_shutdown & SEND_SHUTDOWN)) {
			if (tcp_wspace_ok(sk))
				mask |= EPOLLOUT | EPOLLWRNORM;
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	}
	if (sk->sk_err || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

/* ---- listen and accept ---- */

int tcp_listen(struct sock *sk, int backlog)
{
	if (sk->sk_state != TCP_CLOSE)
		return -EINVAL;
	if (!sk->sk_num && sk->sk_prot->get_port(sk, 0))
		return -EADDRINUSE;
	sk->sk_max_ack_backlog = clamp(backlog, 1, SOMAXCONN);
	tcp_set_state(sk, TCP_LISTEN);
	tcp_v4_hash_listener(sk);
	return 0;
}

struct sock *tcp_accept(struct sock *sk, int flags, int *err)
{
	struct tcp_sock *tp = tcp_sk(sk), *child;
	long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);

	lock_sock(sk);
	for (;;) {
		if (sk->sk_state != TCP_LISTEN) {
			*err = -EINVAL;
			goto fail;
		}
		if (!list_empty(&tp->accept_queue))
			break;
		*err = -EAGAIN;
		if (!timeo)
			goto fail;
		release_sock(sk);
		sk_wait_event(sk, &timeo, !list_empty(&tp->accept_queue) ||
			      sk->sk_state != TCP_LISTEN);
		lock_sock(sk);
	}
	child = list_first_entry(&tp->accept_queue, struct tcp_sock, accept_node);
	list_del_init(&child->accept_node);
	tp->accept_qlen--;
	child->parent = NULL;
	release_sock(sk);
	return &child->inet.sk;
fail:
	release_sock(sk);
	return NULL;
}

int tcp_ioctl(struct sock *sk, int cmd, int *karg)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (cmd != FIONREAD && cmd != SIOCOUTQ)
		return -ENOTTY;
	if (sk->sk_state == TCP_LISTEN)
		return -EINVAL;
	lock_sock(sk);
	if (cmd == FIONREAD) {
		u32 n = 0;
		struct sk_buff *skb;

		skb_queue_walk(&sk->sk_receive_queue, skb)
			n += TCP_SKB_CB(skb)->seq + skb->len - max(tp->copied_seq,
								   TCP_SKB_CB(skb)->seq);
		*karg = (int)n;
	} else {
		*karg = (int)(tp->write_seq - tp->snd_una);
	}
	release_sock(sk);
	return 0;
}

/* ---- options ---- */

void tcp_get_info(struct sock *sk, struct tcp_info *info)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	u32 now = tcp_time_stamp();

	memset(info, 0, sizeof(*info));
	info->tcpi_state = sk->sk_state;
	info->tcpi_ca_state = tp->ca_state;
	info->tcpi_retransmits = tp->retransmits;
	info->tcpi_probes = tp->probes_out;
	info->tcpi_backoff = tp->backoff;
	if (tp->rx_opt.tstamp_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tp->rx_opt.sack_ok)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (tp->rx_opt.wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_wscale = (u8)(tp->rx_opt.snd_wscale |
					 tp->rx_opt.rcv_wscale << 4);
	}
	info->tcpi_rto = tp->rto * (u32)(USEC_PER_SEC / HZ);
	info->tcpi_ato = TCP_DELACK_TIME * (u32)(USEC_PER_SEC / HZ);
	info->tcpi_snd_mss = tp->mss_cache;
	info->tcpi_rcv_mss = tp->rcv_mss;
	info->tcpi_unacked = tp->packets_out;
	info->tcpi_sacked = tp->sacked_out;
	info->tcpi_lost = tp->lost_out;
	info->tcpi_retrans = tp->retrans_out;
	info->tcpi_last_data_sent = now - tp->lsndtime;
	info->tcpi_last_data_recv = now - tp->rcv_tstamp;
	info->tcpi_last_ack_recv = now - tp->rcv_tstamp;
	info->tcpi_pmtu = tp->pmtu_cookie;
	info->tcpi_rcv_ssthresh = tp->rcv_wnd;
	info->tcpi_rtt = tp->srtt_us >> 3;
	info->tcpi_rttvar = tp->mdev_us >> 2;
	info->tcpi_snd_ssthresh = tp->snd_ssthresh;
	info->tcpi_snd_cwnd = tp->snd_cwnd;
	info->tcpi_advmss = tp->advmss;
	info->tcpi_reordering = TCP_FASTRETRANS_THRESH;
	info->tcpi_rcv_space = tcp_space(sk);
	info->tcpi_total_retrans = tp->total_retrans;
}

/* Re-arm keepalive after TCP_KEEPIDLE changed (Linux's keepalive_time_elapsed logic). */
static void tcp_keepidle_changed(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 elapsed, when = keepalive_time_when(tp);

	if ((1 << sk->sk_state) & ((1 << TCP_CLOSE) | (1 << TCP_LISTEN) |
				   (1 << TCP_SYN_SENT)))
		return;
	elapsed = tcp_time_stamp() - tp->rcv_tstamp;
	tcp_reset_keepalive_timer(sk, elapsed < when ? when - elapsed : 0);
}

int tcp_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   unsigned int optlen)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int val, err = 0;

	if (level != IPPROTO_TCP)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	if (optname == TCP_CONGESTION) {
		char name[TCP_CA_NAME_MAX];
		unsigned int n = min(optlen, (unsigned int)sizeof(name) - 1);

		if (copy_from_sockptr(name, optval, n))
			return -EFAULT;
		name[n] = '\0';
		lock_sock(sk);
		err = tcp_set_congestion_control(sk, name);
		release_sock(sk);
		return err;
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	lock_sock(sk);
	switch (optname) {
	case TCP_NODELAY:
		tp->nonagle = val != 0;
		if (val)
			tcp_push_pending_frames(sk);
		break;
	case TCP_MAXSEG:
		/* Linux: 0 (default) or TCP_MIN_MSS .. 65535 - 40. */
		if (val && (val < (int)TCP_MIN_MSS || val > 65535 - 40))
			err = -EINVAL;
		else
			tp->rx_opt.user_mss = (u16)val;
		break;
	case TCP_KEEPIDLE:
		if (val < 1 || val > 32767) {
			err = -EINVAL;
			break;
		}
		tp->keepalive_time = (u32)val * HZ;
		tcp_keepidle_changed(sk);
		break;
	case TCP_KEEPINTVL:
		if (val < 1 || val > 32767)
			err = -EINVAL;
		else
			tp->keepalive_intvl = (u32)val * HZ;
		break;
	case TCP_KEEPCNT:
		if (val < 1 || val > 127)
			err = -EINVAL;
		else
			tp->keepalive_probes = (u8)val;
		break;
	case TCP_SYNCNT:
		if (val < 1 || val > 127)
			err = -EINVAL;
		else
			tp->syn_retries = (u8)val;
		break;
	case TCP_QUICKACK:
		if (val) {
			tcp_enter_quickack_mode(sk);
			if (tp->ack_pending & ICSK_ACK_SCHED)
				tcp_send_ack(sk);
		} else {
			tp->pingpong = 1;
		}
		break;
	default:
		err = -ENOPROTOOPT;
	}
	release_sock(sk);
	return err;
}

static int tcp_put_opt(sockptr_t optval, int *optlen, const void *v, int size)
{
	int len = min(*optlen, size);

	if (len < 0)
		return -EINVAL;
	if (copy_to_sockptr(optval, v, (size_t)len))
		return -EFAULT;
	*optlen = len;
	return 0;
}

int tcp_getsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   int *optlen)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_info info;
	int val;

	if (level != IPPROTO_TCP)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	switch (optname) {
	case TCP_NODELAY:
		val = tp->nonagle;
		break;
	case TCP_MAXSEG:
		val = (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN) ?
		      (tp->rx_opt.user_mss ? tp->rx_opt.user_mss : (int)TCP_MSS_DEFAULT) :
		      (int)tp->mss_cache;
		break;
	case TCP_KEEPIDLE:
		val = (int)(keepalive_time_when(tp) / HZ);
		break;
	case TCP_KEEPINTVL:
		val = (int)(keepalive_intvl_when(tp) / HZ);
		break;
	case TCP_KEEPCNT:
		val = (int)keepalive_probes(tp);
		break;
	case TCP_SYNCNT:
		val = tp->syn_retries ? tp->syn_retries : (int)sysctl_tcp_syn_retries;
		break;
	case TCP_QUICKACK:
		val = !tp->pingpong;
		break;
	case TCP_CONGESTION:
		return tcp_put_opt(optval, optlen, tp->ca_ops->name,
				   (int)strlen(tp->ca_ops->name) + 1);
	case TCP_INFO:
		lock_sock(sk);
		tcp_get_info(sk, &info);
		release_sock(sk);
		return tcp_put_opt(optval, optlen, &info, (int)sizeof(info));
	default:
		return -ENOPROTOOPT;
	}
	return tcp_put_opt(optval, optlen, &val, (int)sizeof(val));
}
