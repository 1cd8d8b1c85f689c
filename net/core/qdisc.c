/*
 * Running the queueing disciplines (Linux net/core/dev.c and
 * net/sched/sch_generic.c): dev_queue_xmit into the device's root qdisc,
 * qdisc_run handing what the qdisc releases to the driver, the NET_TX
 * softirq that runs the qdiscs the drivers and the watchdogs woke, the
 * ingress hook on receive, and the TX watchdog. What a qdisc does with
 * the packets is its Qdisc_ops (include/net/sch_generic.h).
 */
#include <kernel/softirq.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <net/netdevice.h>
#include <net/sch_generic.h>
#include "dev_internal.h"
#include <errno.h>

#define QDISC_RUN_QUOTA	64	/* packets per qdisc_run before yielding to NET_TX */

static LIST_HEAD(output_queue);		/* qdiscs waiting for net_tx_action; IRQs off */

/*
 * The one place packets leave a qdisc: what the driver refused before,
 * then what the ops release.
 */
static struct sk_buff *dequeue_skb(struct Qdisc *q)
{
	struct sk_buff *skb = __skb_dequeue(&q->gso_skb);

	return skb ? skb : q->ops->dequeue(q);
}

/*
 * Give the driver a validated list (validate_xmit_skb: GSO segments, or
 * one skb), one frame at a time, telling it that more follow
 * (netdev_xmit_more) for all but the last of the list when more is
 * false, and for all of them when the caller has further packets in
 * this run. Returns the part the driver refused (NETDEV_TX_BUSY), still
 * ours, or NULL when it took everything.
 */
static struct sk_buff *dev_hard_start_xmit(struct sk_buff *list, struct net_device *dev,
					   bool more, unsigned int *packets,
					   unsigned int *bytes)
{
	struct sk_buff *skb = list, *next;
	unsigned int len;

	while (skb) {
		next = skb->next;
		skb->next = NULL;
		len = skb->len;
		netdev_xmit_more_flag = next || more;
		if (xmit_one(skb, dev) == NETDEV_TX_BUSY) {
			skb->next = next;
			netdev_xmit_more_flag = false;
			return skb;
		}
		(*packets)++;
		*bytes += len;
		skb = next;
	}
	netdev_xmit_more_flag = false;
	return NULL;
}

/* Put a refused list back at the qdisc's head, in order. */
static void dev_requeue_list(struct sk_buff *list, struct Qdisc *q)
{
	struct sk_buff *prev = NULL, *next;

	for (; list; prev = list, list = next) {
		next = list->next;
		list->next = NULL;
		if (prev)
			__skb_queue_after(&q->gso_skb, prev, list);
		else
			__skb_queue_head(&q->gso_skb, list);
	}
	q->qstats.requeues++;
	if (!netif_queue_stopped(q->dev))
		__netif_schedule(q);
}

/*
 * Hand one dequeued skb on: to the driver, or at ingress to the protocols
 * (what Linux's ifb device does for a redirected ingress qdisc). more:
 * the qdisc has another packet for this run. Returns false when the
 * driver refused (what it did not take is requeued) and the run must
 * stop.
 */
static bool sch_direct_xmit(struct sk_buff *skb, struct Qdisc *q, bool more)
{
	struct net_device *dev = q->dev;
	unsigned int packets = 0, bytes = 0;
	struct sk_buff *rest;

	if (q->flags & TCQ_F_INGRESS) {
		q->bstats.packets++;
		q->bstats.bytes += skb->len;
		netif_receive_skb_ptype(skb);
		return true;
	}
	skb = validate_xmit_skb(skb, dev);
	rest = dev_hard_start_xmit(skb, dev, more, &packets, &bytes);
	q->bstats.packets += packets;
	q->bstats.bytes += bytes;
	dev->stats.tx_packets += packets;
	dev->stats.tx_bytes += bytes;
	if (packets)
		dev->trans_start = jiffies;
	if (rest) {
		dev_requeue_list(rest, q);
		return false;
	}
	return true;
}

/* A stopped driver queue holds back a transmit qdisc; an ingress one never waits. */
static bool qdisc_may_run(const struct Qdisc *q)
{
	return (q->flags & TCQ_F_INGRESS) || !netif_queue_stopped(q->dev);
}

/* Another packet is due now: the driver may hold its doorbell for it. */
static bool qdisc_has_more(struct Qdisc *q)
{
	return !skb_queue_empty(&q->gso_skb) || (q->ops->peek && q->ops->peek(q));
}

/*
 * Softirq context or bottom halves disabled. Up to QDISC_RUN_QUOTA
 * packets go to the driver in one batch (Linux's bulk dequeue):
 * netdev_xmit_more tells it which are not the last.
 */
void qdisc_run(struct Qdisc *q)
{
	int quota = QDISC_RUN_QUOTA;
	struct sk_buff *skb;

	if (q->running)
		return;
	q->running = true;
	while (qdisc_may_run(q)) {
		if (quota-- == 0) {
			__netif_schedule(q);
			break;
		}
		skb = dequeue_skb(q);
		if (!skb || !sch_direct_xmit(skb, q, quota > 0 && qdisc_has_more(q)))
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

/* The NET_TX softirq: carrier events, then the qdiscs the drivers and watchdogs woke. */
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

/* A device without a qdisc (noqueue: loopback): straight to the driver. Consumes skb. */
static int dev_direct_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int packets = 0, bytes = 0;
	struct sk_buff *rest;

	skb = validate_xmit_skb(skb, dev);
	rest = dev_hard_start_xmit(skb, dev, false, &packets, &bytes);
	dev->stats.tx_packets += packets;
	dev->stats.tx_bytes += bytes;
	if (rest) {
		for (struct sk_buff *next; rest; rest = next) {
			next = rest->next;
			rest->next = NULL;
			dev->stats.tx_dropped++;
			kfree_skb_reason(rest, SKB_DROP_REASON_FULL_RING);
		}
		return NET_XMIT_DROP;
	}
	return NET_XMIT_SUCCESS;
}

/*
 * Queue a complete frame (link header included) for transmission on
 * skb->dev through its root qdisc. Always consumes skb. Returns
 * NET_XMIT_SUCCESS, NET_XMIT_DROP when the qdisc dropped it, or -ENETDOWN.
 */
int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct Qdisc *q;
	int rc;

	BUG_ON(!dev);
	if (!(dev->flags & IFF_UP)) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return -ENETDOWN;
	}
	local_bh_disable();
	q = dev->qdisc;
	if (!q) {
		rc = dev_direct_xmit(skb, dev);
	} else {
		rc = q->ops->enqueue(skb, q);
		qdisc_run(q);
	}
	local_bh_enable();
	return rc;
}

/*
 * The receive-side hook, the one place inbound impairment happens: a
 * frame for a device with an ingress qdisc (tc qdisc add dev IF ingress
 * netem ...) goes into it instead of up; what the qdisc releases, now or
 * when its watchdog fires, continues to the protocol demux
 * (sch_direct_xmit). Linux needs an ingress qdisc redirecting to an ifb
 * device for this; the idea is the same. Consumes skb. Softirq context.
 */
int sch_handle_ingress(struct sk_buff *skb, struct Qdisc *q)
{
	int rc = q->ops->enqueue(skb, q);

	qdisc_run(q);
	return rc == NET_XMIT_SUCCESS ? NET_RX_SUCCESS : NET_RX_DROP;
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
