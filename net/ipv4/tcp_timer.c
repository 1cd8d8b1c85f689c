/*
 * TCP timers (Linux net/ipv4/tcp_timer.c, inet_connection_sock.c): per
 * socket timer_lists on the kernel's O(1) wheel, never a scan of the
 * connections. retransmit_timer carries the RTO (RFC 6298), RACK's
 * reordering timer and the tail loss probe (RFC 8985, tcp_rack.c) and the
 * persist timer (RFC 9293 3.8.6.1); delack_timer the delayed ACK
 * (RFC 1122 4.2.3.2); keepalive_timer the keepalive (RFC 1122 4.2.3.6).
 * TIME-WAIT's timer lives in the timewait sock (tcp_minisocks.c).
 */
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <net/tcp.h>
#include <net/tcp_trace.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* MSL (RFC 9293 3.4.2): 30 s, so 2 MSL is Linux's 60 s TCP_TIMEWAIT_LEN. */
u32 tcp_msl_ms = 30000;
u32 sysctl_tcp_retries2 = 15;
u32 sysctl_tcp_syn_retries = TCP_SYN_RETRIES;

/* tcp_msl=N (milliseconds) or tcp_msl=Ns. */
static int tcp_msl_set(const char *key, const char *value)
{
	char *end;
	unsigned long v;

	if (!value)
		return -EINVAL;
	v = strtoul(value, &end, 10);
	if (!strcmp(end, "s"))
		v *= 1000;
	else if (*end && strcmp(end, "ms"))
		v = 0;
	if (!v || v > 3600000) {
		printk("tcp_msl=%s: want 1 ms .. 1 h (e.g. 30s or 500ms)\n", value);
		return -EINVAL;
	}
	tcp_msl_ms = (u32)v;
	return 0;
}
CMDLINE_PARAM(tcp_msl, "tcp_msl", tcp_msl_set,
	      "TCP maximum segment lifetime: TIME-WAIT lasts twice this (30s)");

u32 tcp_timewait_len(void)
{
	return (u32)msecs_to_jiffies(2ULL * tcp_msl_ms);
}

u32 keepalive_time_when(const struct tcp_sock *tp)
{
	return tp->keepalive_time ? tp->keepalive_time : TCP_KEEPALIVE_TIME;
}

u32 keepalive_intvl_when(const struct tcp_sock *tp)
{
	return tp->keepalive_intvl ? tp->keepalive_intvl : TCP_KEEPALIVE_INTVL;
}

u32 keepalive_probes(const struct tcp_sock *tp)
{
	return tp->keepalive_probes ? tp->keepalive_probes : TCP_KEEPALIVE_PROBES;
}

/* RFC 6298 5.5: the RTO doubles with each backoff, up to max_when. */
u32 tcp_probe0_when(const struct sock *sk, u32 max_when)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	u64 when = (u64)tp->rto << min(tp->backoff, (u8)31);

	return (u32)min(when, (u64)max_when);
}

void tcp_reset_xmit_timer(struct sock *sk, int what, u32 when, u32 max_when)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->pending = (u8)what;
	mod_timer(&tp->retransmit_timer, jiffies + min(when, max_when));
}

void tcp_clear_xmit_timer(struct sock *sk, int what)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->pending == what) {
		tp->pending = 0;
		del_timer(&tp->retransmit_timer);
	}
}

/*
 * RFC 6298 5.2/5.3: off when all is acked, else restarted with the
 * current RTO; in place of a reordering or probe timer, the RTO keeps
 * counting from the head's last transmission (RFC 8985 7.3, as Linux).
 */
void tcp_rearm_rto(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	s32 rto = (s32)tp->rto;

	if (!tp->packets_out) {
		if (tp->pending != ICSK_TIME_PROBE0)
			tcp_clear_xmit_timer(sk, tp->pending);
		return;
	}
	if (tp->pending == ICSK_TIME_REO_TIMEOUT || tp->pending == ICSK_TIME_LOSS_PROBE)
		rto = max(tcp_rto_delta(sk), 1);
	tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, (u32)rto, TCP_RTO_MAX);
}

void tcp_set_xmit_timer(struct sock *sk)
{
	if (!tcp_schedule_loss_probe(sk, true))
		tcp_rearm_rto(sk);
}

/*
 * Linux's tcp_model_timeout: how long `boundary` retransmissions take
 * with the RTO doubling from rto_base and capped at TCP_RTO_MAX; with
 * tcp_retries2 = 15 and a 200 ms base, 924.6 s.
 */
static u32 tcp_model_timeout(u32 boundary, u32 rto_base)
{
	u32 thresh = 0;

	while ((rto_base << (thresh + 1)) <= TCP_RTO_MAX)
		thresh++;
	if (boundary <= thresh)
		return ((2u << boundary) - 1) * rto_base;
	return ((2u << thresh) - 1) * rto_base + (boundary - thresh) * TCP_RTO_MAX;
}

/*
 * Give up by time, not by count (Linux's retransmits_timed_out): once as
 * long has passed without progress as tcp_retries2 backed-off RTOs take
 * from the minimum RTO. A count would end a connection whose RTO had
 * collapsed after an RTT sample much sooner than one whose had not.
 */
static bool tcp_write_timeout(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (sk->sk_state == TCP_SYN_SENT)
		return tp->retransmits >= (tp->syn_retries ? tp->syn_retries :
					   sysctl_tcp_syn_retries);
	if (!tp->retransmits)
		return false;
	return (s32)(tcp_time_stamp() - tp->rto_stamp -
		     tcp_model_timeout(sysctl_tcp_retries2, TCP_RTO_MIN)) >= 0;
}

/* Give up on the connection: the error (a soft ICMP one if seen) goes to the owner. */
static void tcp_write_err(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	sk->sk_err = tp->soft_err ? tp->soft_err : ETIMEDOUT;
	sk->sk_error_report(sk);
	TCP_INC_STATS(TCPABORTONTIMEOUT);
	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV)
		TCP_INC_STATS(ATTEMPTFAILS);
	tcp_done(sk);
}

/*
 * The RTO fired (RFC 6298 5.4-5.6, RFC 5681 3.1): go to Loss, retransmit
 * the oldest unacknowledged segment, back off the timer (up to
 * TCP_RTO_MAX; an RTT sample undoes it), and give up after
 * tcp_write_timeout.
 */
static void tcp_retransmit_timer(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *head = tcp_write_queue_head(sk);

	if (!tp->packets_out || !head)
		return;
	if (!tp->retransmits)
		tp->rto_stamp = tcp_time_stamp() - tp->rto;	/* when the wait began */
	if (tcp_write_timeout(sk)) {
		tcp_write_err(sk);
		return;
	}
	TCP_INC_STATS(TCPTIMEOUTS);
	tcp_trace_rto(sk, (u32)jiffies_to_msecs(tp->rto), tp->backoff);
	tcp_enter_loss(sk);
	if (tcp_retransmit_skb(sk, head)) {
		/* No memory (or nothing to send now): try again soon, no backoff. */
		tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, TCP_RTO_MIN, TCP_RTO_MAX);
		return;
	}
	tcp_trace_retransmit(sk, TCP_SKB_CB(head)->seq, head->len,
			     TCP_SKB_CB(head)->tcp_flags & TCPHDR_SYN ? "syn" : "rto");
	tp->retransmits++;
	if (tp->backoff < 31)
		tp->backoff++;
	tp->rto = min(tp->rto * 2, (u32)TCP_RTO_MAX);
	tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tp->rto, TCP_RTO_MAX);
}

/* Persist: probe a zero window, backing off, up to tcp_retries2 unanswered probes. */
static void tcp_probe_timer(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->packets_out || !tp->send_head) {
		tp->probes_out = 0;
		return;
	}
	if (tp->probes_out >= sysctl_tcp_retries2) {
		tcp_write_err(sk);
		return;
	}
	tcp_send_probe0(sk);
}

static void tcp_retransmit_timer_handler(struct timer_list *t)
{
	struct tcp_sock *tp = from_timer(tp, t, retransmit_timer);
	struct sock *sk = &tp->inet.sk;
	int what = tp->pending;

	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN)
		return;
	tp->pending = 0;
	sock_hold(sk);		/* giving up frees an orphan */
	if (what == ICSK_TIME_PROBE0)
		tcp_probe_timer(sk);
	else if (what == ICSK_TIME_RETRANS)
		tcp_retransmit_timer(sk);
	else if (what == ICSK_TIME_REO_TIMEOUT)
		tcp_rack_reo_timeout(sk);
	else if (what == ICSK_TIME_LOSS_PROBE)
		tcp_send_loss_probe(sk);
	sock_put(sk);
}

static void tcp_delack_timer_handler(struct timer_list *t)
{
	struct tcp_sock *tp = from_timer(tp, t, delack_timer);
	struct sock *sk = &tp->inet.sk;

	if (sk->sk_state == TCP_CLOSE || !(tp->ack_pending & ICSK_ACK_TIMER))
		return;
	tp->ack_pending &= (u8)~ICSK_ACK_TIMER;
	if (!(tp->ack_pending & ICSK_ACK_SCHED))
		return;
	TCP_INC_STATS(DELAYEDACKS);
	tcp_send_ack(sk);
}

/*
 * RFC 1122 4.2.3.6: after keepalive_time idle, probe every
 * keepalive_intvl; after keepalive_probes unanswered, the connection is
 * dead. The timer runs for every open connection; SO_KEEPALIVE decides
 * whether it acts, so setting the option needs no hook into the socket layer.
 */
static void tcp_keepalive_timer(struct timer_list *t)
{
	struct tcp_sock *tp = from_timer(tp, t, keepalive_timer);
	struct sock *sk = &tp->inet.sk;
	u32 elapsed, when = keepalive_time_when(tp);

	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN ||
	    sk->sk_state == TCP_SYN_SENT)
		return;
	if (!sock_flag(sk, SOCK_KEEPOPEN) || tp->packets_out || tp->send_head) {
		/* Off, or data in flight: the RTO watches the peer instead. */
		tcp_reset_keepalive_timer(sk, when);
		return;
	}
	elapsed = tcp_time_stamp() - tp->rcv_tstamp;
	if (elapsed < when) {
		tcp_reset_keepalive_timer(sk, when - elapsed);
		return;
	}
	if (tp->probes_out >= keepalive_probes(tp)) {
		sock_hold(sk);
		tcp_send_active_reset(sk);
		tcp_write_err(sk);
		sock_put(sk);
		return;
	}
	if (tcp_write_wakeup(sk) <= 0) {
		tp->probes_out++;
		TCP_INC_STATS(TCPKEEPALIVE);
	}
	tcp_reset_keepalive_timer(sk, keepalive_intvl_when(tp));
}

void tcp_reset_keepalive_timer(struct sock *sk, u32 len)
{
	mod_timer(&tcp_sk(sk)->keepalive_timer, jiffies + len);
}

void tcp_init_xmit_timers(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	timer_setup(&tp->retransmit_timer, tcp_retransmit_timer_handler, 0);
	timer_setup(&tp->delack_timer, tcp_delack_timer_handler, 0);
	timer_setup(&tp->keepalive_timer, tcp_keepalive_timer, 0);
}

void tcp_clear_xmit_timers(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->pending = 0;
	tp->ack_pending = 0;
	del_timer(&tp->retransmit_timer);
	del_timer(&tp->delack_timer);
	del_timer(&tp->keepalive_timer);
}
