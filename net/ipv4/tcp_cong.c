/*
 * Congestion control (Linux net/ipv4/tcp_cong.c): a registry of
 * tcp_congestion_ops by name, the default chosen on the command line
 * (tcp_congestion=reno|cubic, CUBIC unless told), TCP_CONGESTION per
 * socket, and Reno (RFC 5681 3.1), whose pieces the others reuse.
 */
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <net/tcp.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static LIST_HEAD(tcp_cong_list);
static struct tcp_congestion_ops *tcp_default_ca;
static char tcp_default_ca_name[TCP_CA_NAME_MAX] = "cubic";

static int tcp_congestion_set(const char *key, const char *value)
{
	if (!value || (strcmp(value, "reno") && strcmp(value, "cubic"))) {
		printk("tcp_congestion=%s: want reno or cubic\n", value ? value : "");
		return -EINVAL;
	}
	snprintf(tcp_default_ca_name, sizeof(tcp_default_ca_name), "%s", value);
	if (tcp_default_ca)
		tcp_default_ca = tcp_ca_find(value);
	return 0;
}
CMDLINE_PARAM(tcp_congestion, "tcp_congestion", tcp_congestion_set,
	      "default TCP congestion control: cubic or reno");

struct tcp_congestion_ops *tcp_ca_find(const char *name)
{
	struct tcp_congestion_ops *ca;

	list_for_each_entry(ca, &tcp_cong_list, list)
		if (!strcmp(ca->name, name))
			return ca;
	return NULL;
}

int tcp_register_congestion_control(struct tcp_congestion_ops *ca)
{
	if (!ca->ssthresh || !ca->cong_avoid)
		return -EINVAL;
	if (tcp_ca_find(ca->name))
		return -EEXIST;
	list_add_tail(&ca->list, &tcp_cong_list);
	return 0;
}

void tcp_assign_congestion_control(struct sock *sk)
{
	tcp_sk(sk)->ca_ops = tcp_default_ca;
}

void tcp_init_congestion_control(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	memset(tp->ca_priv, 0, sizeof(tp->ca_priv));
	if (tp->ca_ops->init)
		tp->ca_ops->init(sk);
}

int tcp_set_congestion_control(struct sock *sk, const char *name)
{
	struct tcp_congestion_ops *ca = tcp_ca_find(name);
	struct tcp_sock *tp = tcp_sk(sk);

	if (!ca)
		return -ENOENT;
	if (ca == tp->ca_ops)
		return 0;
	tp->ca_ops = ca;
	/* An open connection starts the new algorithm from its state now. */
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN &&
	    sk->sk_state != TCP_SYN_SENT)
		tcp_init_congestion_control(sk);
	return 0;
}

void tcp_set_ca_state(struct sock *sk, u8 ca_state)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->ca_ops->set_state)
		tp->ca_ops->set_state(sk, ca_state);
	tp->ca_state = ca_state;
}

void tcp_ca_event(struct sock *sk, enum tcp_ca_event ev)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->ca_ops->cwnd_event)
		tp->ca_ops->cwnd_event(sk, ev);
}

/* ---- Reno (RFC 5681) ---- */

/* Slow start (3.1 eq. 2): cwnd grows by the segments acked, up to ssthresh. Returns acks left over. */
u32 tcp_slow_start(struct sock *sk, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 cwnd = min(tp->snd_cwnd + acked, tp->snd_ssthresh);

	acked -= cwnd - tp->snd_cwnd;
	tp->snd_cwnd = cwnd;
	return acked;
}

/* Congestion avoidance (3.1 eq. 3): one segment per w acked, counted exactly. */
void tcp_cong_avoid_ai(struct sock *sk, u32 w, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->snd_cwnd_cnt >= w) {
		tp->snd_cwnd_cnt = 0;
		tp->snd_cwnd++;
	}
	tp->snd_cwnd_cnt += acked;
	if (tp->snd_cwnd_cnt >= w) {
		u32 delta = tp->snd_cwnd_cnt / w;

		tp->snd_cwnd_cnt -= delta * w;
		tp->snd_cwnd += delta;
	}
	tp->snd_cwnd = min(tp->snd_cwnd, 1u << 20);
}

void tcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tcp_in_slow_start(tp)) {
		acked = tcp_slow_start(sk, acked);
		if (!acked)
			return;
	}
	tcp_cong_avoid_ai(sk, tp->snd_cwnd, acked);
}

/* 3.1 eq. 4 with FlightSize approximated by cwnd, as Linux does. */
u32 tcp_reno_ssthresh(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd >> 1, 2u);
}

u32 tcp_reno_undo_cwnd(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	return max(tp->snd_cwnd, tp->prior_cwnd);
}

struct tcp_congestion_ops tcp_reno = {
	.name		= "reno",
	.ssthresh	= tcp_reno_ssthresh,
	.cong_avoid	= tcp_reno_cong_avoid,
	.undo_cwnd	= tcp_reno_undo_cwnd,
};

void tcp_cong_init(void)
{
	if (tcp_register_congestion_control(&tcp_reno) ||
	    tcp_register_congestion_control(&cubictcp))
		panic("tcp: cannot register congestion control");
	tcp_default_ca = tcp_ca_find(tcp_default_ca_name);
	if (!tcp_default_ca)
		tcp_default_ca = &cubictcp;
}
