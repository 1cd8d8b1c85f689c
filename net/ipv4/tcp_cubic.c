/*
 * CUBIC congestion control (RFC 9438; Linux net/ipv4/tcp_cubic.c) in
 * integer arithmetic, since the kernel has no floating point:
 *
 *	W_cubic(t) = C * (t - K)^3 + W_max,	K = cbrt(W_max * (1 - beta) / C)
 *
 * with C = 0.4 and beta = 0.7 (4.1-4.6), time in 1/1024 s units, the
 * TCP-friendly (Reno-emulating) region of 4.3 and fast convergence (4.7).
 */
#include <net/tcp.h>

#define BICTCP_BETA_SCALE	1024		/* beta is beta/1024 */
#define BICTCP_HZ		10		/* time in 2^-10 s */
#define CUBIC_BETA		717		/* 0.7 * 1024 (RFC 9438 4.6) */
#define CUBIC_BIC_SCALE		41		/* C = 41 * 10 / 1024 = 0.4 (4.2) */
#define CUBIC_RTT_SCALE		(CUBIC_BIC_SCALE * 10)
/* (1 << (10 + 3 * BICTCP_HZ)) / CUBIC_RTT_SCALE: 1 / C in the units of K^3. */
#define CUBE_FACTOR		((1ULL << (10 + 3 * BICTCP_HZ)) / CUBIC_RTT_SCALE)
/* 4.3: the Reno-friendly increase alpha = 3 (1 - beta) / (1 + beta), as its inverse * 8. */
#define BETA_SCALE		(8 * (BICTCP_BETA_SCALE + CUBIC_BETA) / 3 / \
				 (BICTCP_BETA_SCALE - CUBIC_BETA))

struct bictcp {
	u32 cnt;		/* acks per cwnd increment */
	u32 last_max_cwnd;	/* W_max */
	u32 last_cwnd;
	u32 last_time;
	u32 origin_point;	/* the plateau the curve bends around */
	u32 K;			/* time to reach it, 2^-10 s */
	u32 delay_min;		/* smallest RTT seen, us */
	u32 epoch_start;	/* jiffies the current curve began, 0 = none */
	u32 ack_cnt;
	u32 tcp_cwnd;		/* the Reno-friendly estimate (4.3) */
};

static struct bictcp *cubic_ca(struct sock *sk)
{
	BUILD_BUG_ON(sizeof(struct bictcp) > TCP_CA_PRIV_SIZE);
	return (struct bictcp *)tcp_sk(sk)->ca_priv;
}

static void bictcp_reset(struct bictcp *ca)
{
	u32 delay_min = ca->delay_min;

	*ca = (struct bictcp){ 0 };
	ca->delay_min = delay_min;
}

static void cubictcp_init(struct sock *sk)
{
	*cubic_ca(sk) = (struct bictcp){ 0 };
}

/* floor(cbrt(a)) by Newton's iteration on integers: x' = (2x + a / x^2) / 3. */
static u32 cubic_root(u64 a)
{
	u64 x, y;
	int bits = 0;

	if (a < 2)
		return (u32)a;
	for (y = a; y; y >>= 1)
		bits++;
	x = 1ULL << ((bits + 2) / 3);	/* >= the root: Newton descends onto it */
	for (;;) {
		y = (2 * x + a / (x * x)) / 3;
		if (y >= x)
			break;
		x = y;
	}
	while (x * x * x > a)
		x--;
	return (u32)x;
}

/* RFC 9438 4.2: how many ACKs per cwnd increment follow the curve, one RTT ahead. */
static void bictcp_curve(struct bictcp *ca, u32 cwnd, u32 acked, u32 now)
{
	u32 delta, bic_target;
	u64 offs, t;

	ca->last_cwnd = cwnd;
	ca->last_time = now;
	if (!ca->epoch_start) {
		ca->epoch_start = now ? now : 1;
		ca->ack_cnt = acked;
		ca->tcp_cwnd = cwnd;
		if (ca->last_max_cwnd <= cwnd) {
			ca->K = 0;
			ca->origin_point = cwnd;
		} else {
			/* 4.2 eq. 2: K = cbrt((W_max - cwnd) / C). */
			ca->K = cubic_root(CUBE_FACTOR * (ca->last_max_cwnd - cwnd));
			ca->origin_point = ca->last_max_cwnd;
		}
	}
	/* t: time since the epoch plus one minimum RTT (the target one RTT ahead). */
	t = (u64)(s32)(now - ca->epoch_start) + usecs_to_jiffies(ca->delay_min);
	t = (t << BICTCP_HZ) / HZ;
	offs = t < ca->K ? ca->K - t : t - ca->K;
	offs = min(offs, (u64)1 << 20);		/* keep offs^3 in 64 bits */
	delta = (u32)((CUBIC_RTT_SCALE * offs * offs * offs) >> (10 + 3 * BICTCP_HZ));
	bic_target = t < ca->K ? ca->origin_point - min(delta, ca->origin_point) :
		     ca->origin_point + delta;
	ca->cnt = bic_target > cwnd ? cwnd / (bic_target - cwnd) : 100 * cwnd;
	/* No history yet: grow at least as fast as one segment per 20 acks. */
	if (!ca->last_max_cwnd && ca->cnt > 20)
		ca->cnt = 20;
}

/* 4.3: never slower than Reno with the same beta would be (the estimate counts ACKs). */
static void bictcp_reno_friendly(struct bictcp *ca, u32 cwnd)
{
	u32 delta = max((cwnd * BETA_SCALE) >> 3, 1u);

	while (ca->ack_cnt > delta) {
		ca->ack_cnt -= delta;
		ca->tcp_cwnd++;
	}
	if (ca->tcp_cwnd > cwnd)
		ca->cnt = min(ca->cnt, cwnd / (ca->tcp_cwnd - cwnd));
	ca->cnt = max(ca->cnt, 2u);
}

/*
 * The curve moves with time, so it is worked out again once a jiffy at
 * most (and whenever cwnd moved or an epoch begins); the Reno-friendly
 * estimate moves with ACKs, so every ACK brings it up to date. Linux
 * also skips both for up to 1/32 s while cwnd stands still. With an RTT
 * far below that and a loss every few RTTs (QEMU's tap, 0.2 ms, under 5%
 * loss) no epoch then lasts long enough for either to run again, cwnd
 * never grows between reductions and sinks to 2 (netdev 2024, "tcp_cubic:
 * fix to run bictcp_update() at least once per RTT").
 */
static void bictcp_update(struct bictcp *ca, u32 cwnd, u32 acked)
{
	u32 now = tcp_time_stamp();

	ca->ack_cnt += acked;
	if (!ca->epoch_start || ca->last_cwnd != cwnd || now != ca->last_time)
		bictcp_curve(ca, cwnd, acked, now);
	bictcp_reno_friendly(ca, cwnd);
}

static void cubictcp_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = cubic_ca(sk);

	if (tcp_in_slow_start(tp)) {
		acked = tcp_slow_start(sk, acked);
		if (!acked)
			return;
	}
	bictcp_update(ca, tp->snd_cwnd, acked);
	tcp_cong_avoid_ai(sk, ca->cnt, acked);
}

/* 4.6 multiplicative decrease; 4.7 fast convergence lowers W_max when flows compete. */
static u32 cubictcp_recalc_ssthresh(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = cubic_ca(sk);

	ca->epoch_start = 0;
	if (tp->snd_cwnd < ca->last_max_cwnd)
		ca->last_max_cwnd = (tp->snd_cwnd * (BICTCP_BETA_SCALE + CUBIC_BETA)) /
				    (2 * BICTCP_BETA_SCALE);
	else
		ca->last_max_cwnd = tp->snd_cwnd;
	return max((tp->snd_cwnd * CUBIC_BETA) / BICTCP_BETA_SCALE, 2u);
}

static void cubictcp_state(struct sock *sk, u8 new_state)
{
	if (new_state == TCP_CA_Loss)
		bictcp_reset(cubic_ca(sk));
}

/* After idle the curve resumes where it left off, not where time took it. */
static void cubictcp_cwnd_event(struct sock *sk, enum tcp_ca_event ev)
{
	struct bictcp *ca = cubic_ca(sk);
	u32 now = tcp_time_stamp();
	s32 delta;

	if (ev != CA_EVENT_TX_START || !ca->epoch_start)
		return;
	delta = (s32)(now - tcp_sk(sk)->lsndtime);
	if (delta > 0) {
		ca->epoch_start += (u32)delta;
		if (after(ca->epoch_start, now))
			ca->epoch_start = now;
	}
}

static void cubictcp_acked(struct sock *sk, u32 acked, s32 rtt_us)
{
	struct bictcp *ca = cubic_ca(sk);

	if (rtt_us <= 0)
		return;
	if (!ca->delay_min || ca->delay_min > (u32)rtt_us)
		ca->delay_min = (u32)rtt_us;
}

struct tcp_congestion_ops cubictcp = {
	.name		= "cubic",
	.init		= cubictcp_init,
	.ssthresh	= cubictcp_recalc_ssthresh,
	.cong_avoid	= cubictcp_cong_avoid,
	.set_state	= cubictcp_state,
	.cwnd_event	= cubictcp_cwnd_event,
	.undo_cwnd	= tcp_reno_undo_cwnd,
	.pkts_acked	= cubictcp_acked,
};
