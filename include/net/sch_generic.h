/*
 * Queueing disciplines: the queue between dev_queue_xmit() and the
 * driver. Skiff has one, pfifo: a FIFO bounded by dev->tx_queue_len.
 */
#ifndef _NET_SCH_GENERIC_H
#define _NET_SCH_GENERIC_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <net/skbuff.h>

struct net_device;

struct qdisc_stats {
	u64 packets, bytes;	/* handed to the driver */
	u64 drops;		/* queue full, or device down */
	u64 requeues;		/* driver answered NETDEV_TX_BUSY */
	u64 overlimits;
};

struct Qdisc {
	struct sk_buff_head q;
	u32 limit;			/* packets */
	struct net_device *dev;
	bool running;			/* qdisc_run in progress (no re-entry) */
	bool scheduled;			/* on the NET_TX output queue */
	struct list_head output_list;
	struct qdisc_stats stats;
};

struct Qdisc *qdisc_create_pfifo(struct net_device *dev, u32 limit);
/* Drops every queued skb and frees q. */
void qdisc_destroy(struct Qdisc *q);
/* Drop the queued packets (device going down). */
void qdisc_reset(struct Qdisc *q);
/* Feed the driver until it stops the queue or the quota is used up. */
void qdisc_run(struct Qdisc *q);
/* Queue q for a qdisc_run from the NET_TX softirq. */
void __netif_schedule(struct Qdisc *q);
void net_tx_action(void);

#endif
