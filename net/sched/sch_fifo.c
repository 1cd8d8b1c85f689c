/*
 * pfifo (Linux net/sched/sch_fifo.c): first in, first out, at most limit
 * packets; the one more is dropped (tail drop). Every device's default
 * qdisc, its limit the device's tx_queue_len.
 */
#include <net/pkt_sched.h>
#include <linux/pkt_sched.h>
#include <errno.h>

static int pfifo_enqueue(struct sk_buff *skb, struct Qdisc *sch)
{
	if (qdisc_qlen(sch) < sch->limit)
		return qdisc_enqueue_tail(skb, sch);
	sch->qstats.overlimits++;
	return qdisc_drop(skb, sch, SKB_DROP_REASON_QDISC_DROP);
}

static void pfifo_reset(struct Qdisc *sch)
{
	qdisc_purge(sch, &sch->q);
}

/* Without options the limit stays what qdisc_create set: the device's queue length. */
static int pfifo_init(struct Qdisc *sch, const struct nlattr *opt)
{
	const struct tc_fifo_qopt *ctl;

	if (!opt)
		return 0;
	if (nla_len(opt) < (int)sizeof(*ctl))
		return -EINVAL;
	ctl = nla_data(opt);
	sch->limit = ctl->limit;
	return 0;
}

static int pfifo_dump(struct Qdisc *sch, struct sk_buff *skb)
{
	struct tc_fifo_qopt opt = { .limit = sch->limit };

	return nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

const struct Qdisc_ops pfifo_qdisc_ops = {
	.id = "pfifo",
	.enqueue = pfifo_enqueue,
	.dequeue = qdisc_dequeue_head,
	.peek = qdisc_peek_head,
	.reset = pfifo_reset,
	.init = pfifo_init,
	.change = pfifo_init,
	.dump = pfifo_dump,
};
