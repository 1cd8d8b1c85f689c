/*
 * netem, the network emulator (Linux net/sched/sch_netem.c; the user's
 * side is man tc-netem): a qdisc that makes a device behave like a bad
 * link, so that TCP and the rest can be tried against one without
 * anything outside the machine. Per packet, in Linux's order:
 *
 *   duplicate  a copy is queued too (the copy meets loss, corruption and
 *              the limit on its own, as Linux re-enqueues it at the root);
 *   loss       the packet is dropped (counted, reason NETEM), and the
 *              sender is told it was sent, as a wire would;
 *   corrupt    one random bit of the frame is flipped (on a private copy
 *              if the data is shared), for the checksums to catch;
 *   limit      a full queue drops the packet (QDISC_DROP, overlimits);
 *   delay      the packet waits latency +- jitter (uniform), in a queue
 *              kept in time order (Linux's tfifo), so jitter reorders;
 *   reorder    with gap N, each N-th packet (gap 1: every one) may skip
 *              the wait and go to the head of the queue, ahead of the
 *              delayed ones, with the reorder probability.
 *
 * Every probability may be correlated with the previous decision of its
 * kind (Linux's get_crandom). All randomness comes from one generator per
 * qdisc seeded by TCA_NETEM_PRNG_SEED (random when absent), so the same
 * seed and the same packets replay the same decisions.
 */
#include <kernel/procfs.h>
#include <kernel/random.h>
#include <kernel/time.h>
#include <net/gso.h>
#include <net/pkt_sched.h>
#include <linux/pkt_sched.h>
#include <errno.h>

/* The uniform spread (u32 random x 2 jitter) must fit 64 bits. */
#define NETEM_JITTER_MAX	(1ULL << 31)

#define __NETEM_MIB_NAME(e, name) [NETEM_MIB_##e] = #name,
u64 netem_mib[NETEM_MIB_MAX];
const char *const netem_mib_names[NETEM_MIB_MAX] = {
	NETEM_MIB_LIST(__NETEM_MIB_NAME)
};

/* /proc/skiff/netem: what every netem did, in /proc/net/snmp's name and value lines. */
static void show_netem_mib(struct seq_buf *s)
{
	seq_puts(s, "Netem:");
	for (int i = 0; i < NETEM_MIB_MAX; i++)
		seq_printf(s, " %s", netem_mib_names[i]);
	seq_puts(s, "\nNetem:");
	for (int i = 0; i < NETEM_MIB_MAX; i++)
		seq_printf(s, " %llu", (unsigned long long)netem_mib[i]);
	seq_putc(s, '\n');
}
PROC_ENTRY(skiff_netem, "/proc/skiff/netem", show_netem_mib);

/* A correlated random sequence: each value leans on the last by rho / 2^32. */
struct crndstate {
	u32 last;
	u32 rho;
};

struct netem_sched_data {
	struct qdisc_watchdog watchdog;
	u64 latency, jitter;		/* ns */
	u32 loss, duplicate, reorder, corrupt;	/* probabilities, of 2^32 - 1 */
	u32 gap, counter;		/* reordering: packets since the last early one */
	struct crndstate delay_cor, loss_cor, dup_cor, reorder_cor, corrupt_cor;
	u64 seed;			/* as set, for the dump */
	u64 prng;			/* splitmix64 state */
	struct tc_netem_xstats xstats;
};

/* Owned by netem while the packet is queued; cleared when it leaves. */
struct netem_skb_cb {
	u64 time_to_send;		/* ns, ktime_get_ns() */
};

static struct netem_skb_cb *netem_skb_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(skb->cb) < sizeof(struct netem_skb_cb));
	return (struct netem_skb_cb *)skb->cb;
}

#define NETEM_INC(q, field, mib) do {		\
	(q)->xstats.field++;			\
	netem_mib[NETEM_MIB_##mib]++;		\
} while (0)

/* ---- randomness ---- */

/* splitmix64: small, fast, and the same seed gives the same sequence. */
static u32 netem_prandom_u32(struct netem_sched_data *q)
{
	u64 z = (q->prng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (u32)((z ^ (z >> 31)) >> 32);
}

/*
 * The first value comes from the seeded generator (Linux takes the
 * kernel's, which no seed replays).
 */
static void init_crandom(struct crndstate *state, u32 rho, struct netem_sched_data *q)
{
	state->rho = rho;
	state->last = netem_prandom_u32(q);
}

/*
 * The next value of a correlated sequence: a blend of a fresh random
 * value and the last one, weighted by rho (0: independent, ~0: the same).
 * The sum is at most (2^32 - 1) * 2^32, so it fits 64 bits.
 */
static u32 get_crandom(struct crndstate *state, struct netem_sched_data *q)
{
	u64 value, rho;

	if (state->rho == 0)
		return netem_prandom_u32(q);
	value = netem_prandom_u32(q);
	rho = (u64)state->rho + 1;
	state->last = (u32)((value * ((1ULL << 32) - rho) + (u64)state->last * rho) >> 32);
	return state->last;
}

/* True with probability prob / (2^32 - 1); never for 0, always for ~0. */
static bool netem_chance(u32 prob, struct crndstate *cor, struct netem_sched_data *q)
{
	return prob && prob >= get_crandom(cor, q);
}

/* latency +- jitter, uniform (Linux's tabledist without a table); never below 0. */
static u64 netem_delay(struct netem_sched_data *q)
{
	u64 spread;

	if (!q->jitter)
		return q->latency;
	spread = ((u64)get_crandom(&q->delay_cor, q) * (2 * q->jitter)) >> 32;
	return q->latency + spread > q->jitter ? q->latency + spread - q->jitter : 0;
}

/* ---- the queue ---- */

/*
 * Keep sch->q in time_to_send order (Linux's tfifo), searching from the
 * tail, where a packet without jitter always goes.
 */
static void tfifo_enqueue(struct sk_buff *nskb, struct Qdisc *sch)
{
	u64 t = netem_skb_cb(nskb)->time_to_send;
	struct sk_buff *skb;

	list_for_each_entry_reverse(skb, &sch->q.list, list) {
		if (netem_skb_cb(skb)->time_to_send <= t) {
			__skb_queue_after(&sch->q, skb, nskb);
			return;
		}
	}
	__skb_queue_head(&sch->q, nskb);
}

/* Delay skb, or (the reorder case) put it at the head to go now. */
static void netem_queue(struct sk_buff *skb, struct Qdisc *sch)
{
	struct netem_sched_data *q = qdisc_priv(sch);
	struct netem_skb_cb *cb = netem_skb_cb(skb);
	u64 now = ktime_get_ns();

	if (q->gap == 0 || q->counter < q->gap - 1 ||
	    !netem_chance(q->reorder, &q->reorder_cor, q)) {
		u64 delay = netem_delay(q);

		cb->time_to_send = now + delay;
		q->counter++;
		if (delay)
			NETEM_INC(q, delayed, DELAYED);
		tfifo_enqueue(skb, sch);
		return;
	}
	cb->time_to_send = now;
	q->counter = 0;
	NETEM_INC(q, reordered, REORDERED);
	__skb_queue_head(&sch->q, skb);
}

/*
 * Flip one random bit of the frame. Shared data (a clone: TCP's copy in
 * its retransmit queue, or our own duplicate) and paged data are copied
 * first, into a private linear frame. A checksum left to the device
 * (CHECKSUM_PARTIAL) is finished first, so the flip is one the receiver
 * can catch, and a verified one no longer holds: software checks it
 * again (as Linux's netem). Consumes skb; returns the frame to queue, or
 * NULL (dropped: no memory).
 */
static struct sk_buff *netem_corrupt_one(struct sk_buff *skb, struct Qdisc *sch)
{
	struct netem_sched_data *q = qdisc_priv(sch);
	u32 at;

	if (skb_cloned(skb) || skb_is_nonlinear(skb)) {
		struct sk_buff *n = skb_copy(skb);

		if (!n) {
			qdisc_drop(skb, sch, SKB_DROP_REASON_NOMEM);
			return NULL;
		}
		consume_skb(skb);
		skb = n;
	}
	if (skb_checksum_help(skb)) {
		qdisc_drop(skb, sch, SKB_DROP_REASON_NOMEM);
		return NULL;
	}
	if (!skb->len)
		return skb;
	at = (u32)(((u64)netem_prandom_u32(q) * skb->len) >> 32);
	skb->data[at] ^= (u8)(1u << (netem_prandom_u32(q) % 8));
	skb->ip_summed = CHECKSUM_NONE;
	NETEM_INC(q, corrupted, CORRUPTED);
	return skb;
}

/*
 * A GSO skb is cut first (Linux's netem_segment): the flip lands in its
 * first segment, the others go on intact. Returns the list to queue
 * (linked by ->next), or NULL when everything was dropped.
 */
static struct sk_buff *netem_corrupt(struct sk_buff *skb, struct Qdisc *sch)
{
	struct sk_buff *segs, *first;

	if (!skb_is_gso(skb))
		return netem_corrupt_one(skb, sch);
	if (skb_gso_segment(skb, 0, &segs)) {
		qdisc_drop(skb, sch, SKB_DROP_REASON_NOMEM);
		return NULL;
	}
	consume_skb(skb);
	first = segs;
	segs = segs->next;
	first->next = NULL;
	first = netem_corrupt_one(first, sch);
	if (!first)
		return segs;
	first->next = segs;
	return first;
}

static int netem_enqueue(struct sk_buff *skb, struct Qdisc *sch)
{
	struct netem_sched_data *q = qdisc_priv(sch);
	struct sk_buff *dup = NULL;
	int rc = NET_XMIT_SUCCESS;
	int count = 1;

	if (netem_chance(q->duplicate, &q->dup_cor, q))
		count++;
	if (netem_chance(q->loss, &q->loss_cor, q))
		count--;
	if (count == 0) {
		NETEM_INC(q, lost, LOST);
		sch->qstats.drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NETEM);
		return NET_XMIT_SUCCESS;
	}
	if (count > 1 && (dup = skb_clone(skb)) != NULL)
		NETEM_INC(q, duplicated, DUPLICATED);
	if (netem_chance(q->corrupt, &q->corrupt_cor, q) && !(skb = netem_corrupt(skb, sch)))
		rc = NET_XMIT_DROP;
	for (struct sk_buff *next; skb; skb = next) {
		next = skb->next;
		skb->next = NULL;
		if (qdisc_qlen(sch) >= sch->limit) {
			sch->qstats.overlimits++;
			rc = qdisc_drop(skb, sch, SKB_DROP_REASON_QDISC_DROP);
		} else {
			netem_queue(skb, sch);
		}
	}
	if (dup) {
		/* The copy is not duplicated again. */
		u32 duplicate = q->duplicate;

		q->duplicate = 0;
		netem_enqueue(dup, sch);
		q->duplicate = duplicate;
	}
	return rc;
}

/* The head of the queue if it is due, else NULL. */
static struct sk_buff *netem_peek(struct Qdisc *sch)
{
	struct sk_buff *skb = skb_peek(&sch->q);

	if (skb && netem_skb_cb(skb)->time_to_send <= ktime_get_ns())
		return skb;
	return NULL;
}

static struct sk_buff *netem_dequeue(struct Qdisc *sch)
{
	struct netem_sched_data *q = qdisc_priv(sch);
	struct sk_buff *skb = netem_peek(sch);

	if (!skb) {
		if (!skb_queue_empty(&sch->q))
			qdisc_watchdog_schedule_ns(&q->watchdog,
						   netem_skb_cb(skb_peek(&sch->q))->time_to_send);
		return NULL;
	}
	__skb_unlink(skb, &sch->q);
	/* The next owner finds cb as a driver leaves it. */
	memset(skb->cb, 0, sizeof(skb->cb));
	return skb;
}

static void netem_reset(struct Qdisc *sch)
{
	struct netem_sched_data *q = qdisc_priv(sch);

	qdisc_purge(sch, &sch->q);
	qdisc_watchdog_cancel(&q->watchdog);
}

static void netem_destroy(struct Qdisc *sch)
{
	struct netem_sched_data *q = qdisc_priv(sch);

	qdisc_watchdog_cancel(&q->watchdog);
}

/* ---- options ---- */

static const struct nla_policy netem_policy[TCA_NETEM_MAX + 1] = {
	[TCA_NETEM_CORR] = { .len = sizeof(struct tc_netem_corr) },
	[TCA_NETEM_REORDER] = { .len = sizeof(struct tc_netem_reorder) },
	[TCA_NETEM_CORRUPT] = { .len = sizeof(struct tc_netem_corrupt) },
	[TCA_NETEM_LATENCY64] = { .len = sizeof(u64) },
	[TCA_NETEM_JITTER64] = { .len = sizeof(u64) },
	[TCA_NETEM_PRNG_SEED] = { .len = sizeof(u64) },
};

/* What Linux's netem takes beyond Skiff's: refused, never silently ignored. */
static const int netem_unsupported[] = {
	TCA_NETEM_DELAY_DIST, TCA_NETEM_LOSS, TCA_NETEM_RATE, TCA_NETEM_ECN,
	TCA_NETEM_RATE64, TCA_NETEM_SLOT, TCA_NETEM_SLOT_DIST,
};

/* A time from the 64-bit attribute if present, else from the old ticks. */
static s64 netem_time(const struct nlattr *attr64, u32 ticks)
{
	return attr64 ? (s64)nla_get_u64(attr64) : (s64)ticks << NETEM_TICK_SHIFT;
}

/*
 * TCA_OPTIONS: struct tc_netem_qopt, then TCA_NETEM_* attributes. All is
 * checked before anything changes; the generator is seeded afresh, as
 * Linux does on every change.
 */
static int netem_change(struct Qdisc *sch, const struct nlattr *opt)
{
	struct netem_sched_data *q = qdisc_priv(sch);
	struct nlattr *tb[TCA_NETEM_MAX + 1];
	struct tc_netem_corr cor = { 0 };
	struct tc_netem_reorder reorder = { 0 };
	struct tc_netem_corrupt corrupt = { 0 };
	const struct nlattr *nested;
	struct tc_netem_qopt qopt;
	s64 latency, jitter;
	int err;

	if (!opt || nla_len(opt) < (int)sizeof(qopt))
		return -EINVAL;
	memcpy(&qopt, nla_data(opt), sizeof(qopt));
	nested = (const struct nlattr *)((const u8 *)nla_data(opt) + NLA_ALIGN(sizeof(qopt)));
	err = nla_parse(tb, TCA_NETEM_MAX, nested, nla_len(opt) - NLA_ALIGN((int)sizeof(qopt)),
			netem_policy);
	if (err)
		return err;
	for (size_t i = 0; i < ARRAY_SIZE(netem_unsupported); i++)
		if (tb[netem_unsupported[i]])
			return -EOPNOTSUPP;
	latency = netem_time(tb[TCA_NETEM_LATENCY64], qopt.latency);
	jitter = netem_time(tb[TCA_NETEM_JITTER64], qopt.jitter);
	if (latency < 0 || jitter < 0 || (u64)jitter > NETEM_JITTER_MAX)
		return -EINVAL;
	if (tb[TCA_NETEM_CORR])
		memcpy(&cor, nla_data(tb[TCA_NETEM_CORR]), sizeof(cor));
	if (tb[TCA_NETEM_REORDER])
		memcpy(&reorder, nla_data(tb[TCA_NETEM_REORDER]), sizeof(reorder));
	if (tb[TCA_NETEM_CORRUPT])
		memcpy(&corrupt, nla_data(tb[TCA_NETEM_CORRUPT]), sizeof(corrupt));

	sch->limit = qopt.limit;
	q->latency = (u64)latency;
	q->jitter = (u64)jitter;
	q->loss = qopt.loss;
	q->duplicate = qopt.duplicate;
	q->gap = qopt.gap;
	q->counter = 0;
	q->reorder = reorder.probability;
	q->corrupt = corrupt.probability;
	q->seed = tb[TCA_NETEM_PRNG_SEED] ? nla_get_u64(tb[TCA_NETEM_PRNG_SEED]) :
					    get_random_u64();
	q->prng = q->seed;
	init_crandom(&q->delay_cor, cor.delay_corr, q);
	init_crandom(&q->loss_cor, cor.loss_corr, q);
	init_crandom(&q->dup_cor, cor.dup_corr, q);
	init_crandom(&q->reorder_cor, reorder.correlation, q);
	init_crandom(&q->corrupt_cor, corrupt.correlation, q);
	return 0;
}

/* netem has no defaults of its own: tc always sends at least the limit. */
static int netem_init(struct Qdisc *sch, const struct nlattr *opt)
{
	struct netem_sched_data *q = qdisc_priv(sch);

	qdisc_watchdog_init(&q->watchdog, sch);
	return netem_change(sch, opt);
}

static u32 netem_ticks(u64 ns)
{
	u64 ticks = ns >> NETEM_TICK_SHIFT;

	return ticks > 0xffffffffULL ? 0xffffffffU : (u32)ticks;
}

static int netem_dump(struct Qdisc *sch, struct sk_buff *skb)
{
	struct netem_sched_data *q = qdisc_priv(sch);
	struct nlattr *start = (struct nlattr *)skb->tail;
	struct tc_netem_qopt qopt = {
		.latency = netem_ticks(q->latency), .limit = sch->limit,
		.loss = q->loss, .gap = q->gap, .duplicate = q->duplicate,
		.jitter = netem_ticks(q->jitter),
	};
	struct tc_netem_corr cor = {
		q->delay_cor.rho, q->loss_cor.rho, q->dup_cor.rho,
	};
	struct tc_netem_reorder reorder = { q->reorder, q->reorder_cor.rho };
	struct tc_netem_corrupt corrupt = { q->corrupt, q->corrupt_cor.rho };

	if (nla_put(skb, TCA_OPTIONS, sizeof(qopt), &qopt) ||
	    nla_put_u64(skb, TCA_NETEM_LATENCY64, q->latency) ||
	    nla_put_u64(skb, TCA_NETEM_JITTER64, q->jitter) ||
	    nla_put(skb, TCA_NETEM_CORR, sizeof(cor), &cor) ||
	    nla_put(skb, TCA_NETEM_REORDER, sizeof(reorder), &reorder) ||
	    nla_put(skb, TCA_NETEM_CORRUPT, sizeof(corrupt), &corrupt) ||
	    nla_put_u64(skb, TCA_NETEM_PRNG_SEED, q->seed))
		return -EMSGSIZE;
	nla_nest_end(skb, start);
	return 0;
}

static void netem_dump_stats(struct Qdisc *sch, struct gnet_dump *d)
{
	struct netem_sched_data *q = qdisc_priv(sch);

	d->xstats = &q->xstats;
	d->xstats_len = sizeof(q->xstats);
}

const struct Qdisc_ops netem_qdisc_ops = {
	.id = "netem",
	.priv_size = sizeof(struct netem_sched_data),
	.enqueue = netem_enqueue,
	.dequeue = netem_dequeue,
	.peek = netem_peek,
	.reset = netem_reset,
	.init = netem_init,
	.change = netem_change,
	.destroy = netem_destroy,
	.dump = netem_dump,
	.dump_stats = netem_dump_stats,
};
