/*
 * Queueing disciplines (Linux include/net/sch_generic.h): the queue
 * between dev_queue_xmit() and the driver, and optionally one between the
 * driver and the protocols (the ingress qdisc). What a qdisc does is its
 * Qdisc_ops: pfifo (net/sched/sch_fifo.c) is every device's default,
 * netem (net/sched/sch_netem.c) delays, loses, duplicates, reorders and
 * corrupts. The generic part - running a qdisc into the driver, the
 * NET_TX softirq - is net/core/qdisc.c; creating, replacing and
 * reporting qdiscs is net/sched/sch_api.c (rtnetlink, /proc/net/qdisc).
 *
 * Context: enqueue, dequeue and the timers run in softirq or with bottom
 * halves off; configuration holds rtnl_lock (bottom halves off too).
 */
#ifndef _NET_SCH_GENERIC_H
#define _NET_SCH_GENERIC_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/timer.h>
#include <net/skbuff.h>
#include <net/netdevice.h>
#include <net/netlink.h>

struct Qdisc;

/* Where a dump collects a qdisc's own counters (Linux's struct gnet_dump). */
struct gnet_dump {
	const void *xstats;
	int xstats_len;
};

struct Qdisc_ops {
	const char *id;			/* TCA_KIND: "pfifo", "netem" */
	size_t priv_size;		/* bytes behind qdisc_priv() */
	/*
	 * Take skb; always consumes it. NET_XMIT_SUCCESS when it was queued
	 * (or lost on purpose, as a wire loses it), NET_XMIT_DROP when it was
	 * dropped for the limit (counted with qdisc_drop).
	 */
	int (*enqueue)(struct sk_buff *skb, struct Qdisc *sch);
	/*
	 * The next packet due, or NULL: empty, or nothing due yet (then the
	 * qdisc has a watchdog armed to run it again).
	 */
	struct sk_buff *(*dequeue)(struct Qdisc *sch);
	/* What dequeue would return now, left queued. */
	struct sk_buff *(*peek)(struct Qdisc *sch);
	/* Drop every queued packet (device down, qdisc replaced). */
	void (*reset)(struct Qdisc *sch);
	/* Set up from TCA_OPTIONS (NULL: the defaults, if the kind has any); 0 or -errno. */
	int (*init)(struct Qdisc *sch, const struct nlattr *opt);
	/* New options on a live qdisc: 0, or -errno with nothing changed. */
	int (*change)(struct Qdisc *sch, const struct nlattr *opt);
	/* Optional: release what init set up (timers); the queue is already reset. */
	void (*destroy)(struct Qdisc *sch);
	/* Put TCA_OPTIONS: 0 or -EMSGSIZE. */
	int (*dump)(struct Qdisc *sch, struct sk_buff *skb);
	/* Optional: hand the kind's own counters to the dump (gnet_stats_copy_app). */
	void (*dump_stats)(struct Qdisc *sch, struct gnet_dump *d);
};

/* What left the qdisc: to the driver, or up the stack at ingress. */
struct qdisc_bstats {
	u64 bytes;
	u64 packets;
};

struct qdisc_qstats {
	u64 drops;		/* every packet the qdisc freed */
	u64 requeues;		/* the driver answered NETDEV_TX_BUSY */
	u64 overlimits;		/* of the drops: refused at the limit */
};

/* sch->flags */
#define TCQ_F_INGRESS	0x2	/* between the driver and the protocols */

struct Qdisc {
	const struct Qdisc_ops *ops;
	u32 handle;			/* major:0; 0 for a device's default qdisc */
	u32 parent;			/* TC_H_ROOT or TC_H_INGRESS */
	u32 flags;			/* TCQ_F_* */
	u32 limit;			/* packets the queue may hold */
	struct net_device *dev;
	struct sk_buff_head q;		/* the packets, for the kinds that keep one list */
	/*
	 * Packets the driver refused (NETDEV_TX_BUSY), sent before anything
	 * the ops dequeue (Linux's name: GSO segments were its first use).
	 */
	struct sk_buff_head gso_skb;
	struct qdisc_bstats bstats;
	struct qdisc_qstats qstats;
	bool running;			/* qdisc_run in progress (no re-entry) */
	bool scheduled;			/* on the NET_TX output queue */
	struct list_head output_list;
	unsigned long privdata[] __aligned(8);
};

static inline void *qdisc_priv(struct Qdisc *sch)
{
	return sch->privdata;
}

/* Packets queued, including those the driver refused. */
static inline u32 qdisc_qlen(const struct Qdisc *sch)
{
	return sch->q.qlen + sch->gso_skb.qlen;
}

/* ---- helpers for the ops of kinds that queue on sch->q ---- */

static inline int qdisc_enqueue_tail(struct sk_buff *skb, struct Qdisc *sch)
{
	__skb_queue_tail(&sch->q, skb);
	return NET_XMIT_SUCCESS;
}

static inline struct sk_buff *qdisc_dequeue_head(struct Qdisc *sch)
{
	return __skb_dequeue(&sch->q);
}

static inline struct sk_buff *qdisc_peek_head(struct Qdisc *sch)
{
	return skb_peek(&sch->q);
}

/* Free skb for reason, counted in the qdisc's and the device's drops. */
int qdisc_drop(struct sk_buff *skb, struct Qdisc *sch, enum skb_drop_reason reason);
/* Drop everything on list, counted as qdisc_drop does (reason QDISC_DROP). */
void qdisc_purge(struct Qdisc *sch, struct sk_buff_head *list);

/*
 * A qdisc's timer (Linux's qdisc_watchdog): when it fires the qdisc is
 * scheduled on NET_TX and run again. Jiffy resolution: the packet goes
 * in the first tick at or after the time asked for.
 */
struct qdisc_watchdog {
	struct timer_list timer;
	struct Qdisc *qdisc;
};

void qdisc_watchdog_init(struct qdisc_watchdog *wd, struct Qdisc *sch);
/* Run the qdisc again once ktime_get_ns() >= expires (ns); re-arms an armed one. */
void qdisc_watchdog_schedule_ns(struct qdisc_watchdog *wd, u64 expires);
void qdisc_watchdog_cancel(struct qdisc_watchdog *wd);

/* ---- life of a qdisc (net/sched/sch_generic.c) ---- */

/* A new qdisc of ops on dev under parent, set up from opt; NULL and *err on failure. */
struct Qdisc *qdisc_create(struct net_device *dev, const struct Qdisc_ops *ops,
			   u32 parent, u32 handle, const struct nlattr *opt, int *err);
/* Drop the queued packets (device going down). */
void qdisc_reset(struct Qdisc *sch);
/* Drop every queued packet, stop its timers, free sch. */
void qdisc_destroy(struct Qdisc *sch);

/*
 * Put new in dev's root (TC_H_ROOT) or ingress (TC_H_INGRESS) place and
 * return the one it replaces (the caller destroys it). new may be NULL:
 * the ingress place empties, the root one gets the default qdisc back -
 * which is why this can fail (NULL and *err = -ENOMEM, nothing changed).
 */
struct Qdisc *dev_graft_qdisc(struct net_device *dev, u32 parent, struct Qdisc *new,
			      int *err);
/* The default root qdisc at registration (pfifo of tx_queue_len; none if 0). */
int dev_init_scheduler(struct net_device *dev);
/* Device down: both qdiscs drop what they hold. */
void dev_deactivate(struct net_device *dev);
/* Device unregistered: both qdiscs go. */
void dev_shutdown(struct net_device *dev);

/* ---- running a qdisc (net/core/qdisc.c) ---- */

/* Feed the driver (or, at ingress, the protocols) until empty, stopped or the quota is spent. */
void qdisc_run(struct Qdisc *sch);
/* Queue sch for a qdisc_run from the NET_TX softirq. */
void __netif_schedule(struct Qdisc *sch);
void net_tx_action(void);

#endif
