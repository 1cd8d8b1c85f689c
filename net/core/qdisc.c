/*
 * The transmit side of the core: dev_queue_xmit, the pfifo queueing
 * discipline, qdisc_run feeding the driver, the NET_TX softirq and the TX
 * watchdog (Linux net/core/dev.c, net/sched/sch_generic.c, sch_fifo.c).
 */
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <net/netdevice.h>
#include <net/sch_generic.h>
#include <net/netfault.h>
#include "dev_internal.h"
#include <errno.h>

#define QDISC_RUN_QUOTA	64	/* packets per qdisc_run before yielding to NET_TX */

static LIST_HEAD(output_queue);		/* qdiscs waiting for net_tx_action; IRQs off */

struct Qdisc *qdisc_create_pfifo(struct net_device *dev, u32 limit)
{
	struct Qdisc *q = kzalloc(sizeof(*q));

	if (!q)
		return NULL;
	skb_queue_head_init(&q->q);
	INIT_LIST_HEAD(&q->output_list);
	q->limit = limit;
	q->dev = dev;
	return q;
}

void qdisc_reset(struct Qdisc *q)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&q->q)) != NULL) {
		q->stats.drops++;
		q->dev->stats.tx_dropped++;
		kfree_skb(skb);
	}
}

void qdisc_destroy(struct Qdisc *q)
{
	unsigned long flags;

	local_irq_save(flags);
	list_del_init(&q->output_list);
	local_irq_restore(flags);
	qdisc_reset(q);
	kfree(q);
}

/*
 * Give one skb to the driver. Returns true if it took it; on
 * NETDEV_TX_BUSY skb goes back to the head of the queue.
 */
static bool qdisc_xmit_one(struct Qdisc *q, struct sk_buff *skb)
{
	struct net_device *dev = q->dev;
	unsigned int len = skb->len;

	if (xmit_one(skb, dev) == NETDEV_TX_BUSY) {
		skb_queue_head(&q->q, skb);
		q->stats.requeues++;
		if (!netif_queue_stopped(dev))
			__netif_schedule(q);
		return false;
	}
	q->stats.packets++;
	q->stats.bytes += len;
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	dev->trans_start = jiffies;
	return true;
}

/* Softirq context or bottom halves disabled. */
void qdisc_run(struct Qdisc *q)
{
	int quota = QDISC_RUN_QUOTA;
	struct sk_buff *skb;

	if (q->running)
		return;
	q->running = true;
	while (!netif_queue_stopped(q->dev)) {
		if (quota-- == 0) {
			__netif_schedule(q);
			break;
		}
		skb = skb_dequeue(&q->q);
		if (!skb || !qdisc_xmit_one(q, skb))
			break;
	}
	q->running = false;
}

void __netif_schedule(struct Qdisc *q)
{
	unsigned long flags;

	local_irq_save(flags);
	if (!q->scheduled) {
		q->scheduled = true;
		list_add_tail(&q->output_list, &output_queue);
		raise_softirq_irqoff(NET_TX_SOFTIRQ);
	}
	local_irq_restore(flags);
}

void netif_wake_queue(struct net_device *dev)
{
	unsigned long flags;
	bool was_stopped;

	local_irq_save(flags);
	was_stopped = netif_queue_stopped(dev);
	netif_start_queue(dev);
	local_irq_restore(flags);
	if (was_stopped && dev->qdisc)
		__netif_schedule(dev->qdisc);
}

/* The NET_TX softirq: carrier events, then the qdiscs the drivers woke. */
void net_tx_action(void)
{
	struct Qdisc *q;
	unsigned long flags;

	linkwatch_run();
	for (;;) {
		local_irq_save(flags);
		q = list_first_entry_or_null(&output_queue, struct Qdisc,
					     output_list);
		if (q) {
			list_del_init(&q->output_list);
			q->scheduled = false;
		}
		local_irq_restore(flags);
		if (!q)
			return;
		qdisc_run(q);
	}
}

/* A device without a qdisc (loopback): straight to the driver. Consumes skb. */
static int dev_direct_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int len = skb->len;

	if (xmit_one(skb, dev) == NETDEV_TX_BUSY) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return NET_XMIT_DROP;
	}
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	return NET_XMIT_SUCCESS;
}

static int __dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct Qdisc *q;
	int rc = NET_XMIT_SUCCESS;

	if (!(dev->flags & IFF_UP)) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return -ENETDOWN;
	}
	local_bh_disable();
	q = dev->qdisc;
	if (!q) {
		rc = dev_direct_xmit(skb, dev);
	} else if (skb_queue_len(&q->q) >= q->limit) {
		q->stats.drops++;
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		rc = NET_XMIT_DROP;
	} else {
		skb_queue_tail(&q->q, skb);
		qdisc_run(q);
	}
	local_bh_enable();
	return rc;
}

/*
 * Queue a complete frame (link header included) for transmission on
 * skb->dev, through the fault layer when netfault= is on. Always consumes
 * skb. Returns NET_XMIT_SUCCESS, NET_XMIT_DROP when the qdisc is full, or
 * -ENETDOWN.
 */
int dev_queue_xmit(struct sk_buff *skb)
{
	BUG_ON(!skb->dev);
	if (netfault_dirs && netfault_applies(skb->dev, NETFAULT_TX))
		return netfault_tx(skb, __dev_queue_xmit);
	return __dev_queue_xmit(skb);
}

/* Fires every watchdog_timeo while the device is up. */
static void dev_watchdog(struct timer_list *t)
{
	struct net_device *dev = from_timer(dev, t, watchdog_timer);

	if (!netif_running(dev))
		return;
	if (netif_queue_stopped(dev) &&
	    time_after(jiffies, dev->trans_start + dev->watchdog_timeo)) {
		printk("%s: transmit queue timed out\n", dev->name);
		dev->stats.tx_timeout++;
		dev->trans_start = jiffies;
		dev->netdev_ops->ndo_tx_timeout(dev);
	}
	mod_timer(&dev->watchdog_timer, jiffies + dev->watchdog_timeo);
}

void dev_watchdog_start(struct net_device *dev)
{
	if (!dev->watchdog_timeo || !dev->netdev_ops->ndo_tx_timeout)
		return;
	timer_setup(&dev->watchdog_timer, dev_watchdog, 0);
	dev->trans_start = jiffies;
	mod_timer(&dev->watchdog_timer, jiffies + dev->watchdog_timeo);
}

void dev_watchdog_stop(struct net_device *dev)
{
	del_timer(&dev->watchdog_timer);
}
