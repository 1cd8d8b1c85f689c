/*
 * The life of a qdisc (Linux net/sched/sch_generic.c): creation from a
 * kind's ops, reset, destruction, the device's two places (root and
 * ingress) with the default qdisc, the drop accounting every kind shares
 * and the watchdog timer that runs a qdisc again when a packet falls due.
 */
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <net/netdevice.h>
#include <net/pkt_sched.h>
#include <linux/pkt_sched.h>
#include <errno.h>

/* A device without a queue length of its own (lo) gets Linux's default. */
#define DEFAULT_TX_QUEUE_LEN	1000

int qdisc_drop(struct sk_buff *skb, struct Qdisc *sch, enum skb_drop_reason reason)
{
	sch->qstats.drops++;
	if (sch->flags & TCQ_F_INGRESS)
		sch->dev->stats.rx_dropped++;
	else
		sch->dev->stats.tx_dropped++;
	kfree_skb_reason(skb, reason);
	return NET_XMIT_DROP;
}

void qdisc_purge(struct Qdisc *sch, struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list)) != NULL)
		qdisc_drop(skb, sch, SKB_DROP_REASON_QDISC_DROP);
}

static void qdisc_watchdog(struct timer_list *t)
{
	struct qdisc_watchdog *wd = from_timer(wd, t, timer);

	__netif_schedule(wd->qdisc);
}

void qdisc_watchdog_init(struct qdisc_watchdog *wd, struct Qdisc *sch)
{
	timer_setup(&wd->timer, qdisc_watchdog, 0);
	wd->qdisc = sch;
}

void qdisc_watchdog_schedule_ns(struct qdisc_watchdog *wd, u64 expires)
{
	/* The first jiffy whose start is not before expires. */
	u64 j = DIV_ROUND_UP(expires, NSEC_PER_SEC / HZ);

	if (timer_pending(&wd->timer) && wd->timer.expires == j)
		return;
	mod_timer(&wd->timer, j);
}

void qdisc_watchdog_cancel(struct qdisc_watchdog *wd)
{
	del_timer(&wd->timer);
}

struct Qdisc *qdisc_create(struct net_device *dev, const struct Qdisc_ops *ops,
			   u32 parent, u32 handle, const struct nlattr *opt, int *err)
{
	struct Qdisc *sch = kzalloc(sizeof(*sch) + ops->priv_size);

	if (!sch) {
		*err = -ENOMEM;
		return NULL;
	}
	sch->ops = ops;
	sch->dev = dev;
	sch->parent = parent;
	sch->handle = handle;
	if (parent == TC_H_INGRESS)
		sch->flags |= TCQ_F_INGRESS;
	sch->limit = dev->tx_queue_len ? dev->tx_queue_len : DEFAULT_TX_QUEUE_LEN;
	skb_queue_head_init(&sch->q);
	skb_queue_head_init(&sch->gso_skb);
	INIT_LIST_HEAD(&sch->output_list);
	*err = ops->init(sch, opt);
	if (*err) {
		kfree(sch);
		return NULL;
	}
	return sch;
}

void qdisc_reset(struct Qdisc *sch)
{
	sch->ops->reset(sch);
	qdisc_purge(sch, &sch->gso_skb);
}

void qdisc_destroy(struct Qdisc *sch)
{
	unsigned long flags;

	local_irq_save(flags);
	list_del_init(&sch->output_list);
	sch->scheduled = false;
	local_irq_restore(flags);
	qdisc_reset(sch);
	if (sch->ops->destroy)
		sch->ops->destroy(sch);
	kfree(sch);
}

/* The root place's default: pfifo as long as the device queue, or nothing. */
static struct Qdisc *qdisc_create_dflt(struct net_device *dev, int *err)
{
	*err = 0;
	if (!dev->tx_queue_len)
		return NULL;
	return qdisc_create(dev, &pfifo_qdisc_ops, TC_H_ROOT, 0, NULL, err);
}

struct Qdisc *dev_graft_qdisc(struct net_device *dev, u32 parent, struct Qdisc *new,
			      int *err)
{
	struct Qdisc **place = parent == TC_H_INGRESS ? &dev->ingress_qdisc : &dev->qdisc;
	struct Qdisc *old = *place;

	*err = 0;
	if (!new && parent == TC_H_ROOT) {
		new = qdisc_create_dflt(dev, err);
		if (*err)
			return NULL;
	}
	local_bh_disable();
	*place = new;
	local_bh_enable();
	return old;
}

int dev_init_scheduler(struct net_device *dev)
{
	int err;

	dev->qdisc = qdisc_create_dflt(dev, &err);
	return err;
}

void dev_deactivate(struct net_device *dev)
{
	local_bh_disable();
	if (dev->qdisc)
		qdisc_reset(dev->qdisc);
	if (dev->ingress_qdisc)
		qdisc_reset(dev->ingress_qdisc);
	local_bh_enable();
}

void dev_shutdown(struct net_device *dev)
{
	local_bh_disable();
	if (dev->qdisc)
		qdisc_destroy(dev->qdisc);
	if (dev->ingress_qdisc)
		qdisc_destroy(dev->ingress_qdisc);
	dev->qdisc = NULL;
	dev->ingress_qdisc = NULL;
	local_bh_enable();
}
