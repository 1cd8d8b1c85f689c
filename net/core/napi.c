/*
 * NAPI: interrupt mitigation by polling (Linux net/core/dev.c's
 * net_rx_action). An interrupt handler masks its device and schedules the
 * device's napi_struct; the NET_RX softirq then calls its poll() with a
 * budget until the ring is empty, and the driver unmasks the interrupt
 * again. The backlog (netif_rx) is a napi_struct of its own.
 */
#include <kernel/softirq.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <net/netdevice.h>
#include <net/gro.h>
#include "dev_internal.h"

int netdev_budget = 300;
u64 netdev_budget_usecs = 2000;
u32 netdev_max_backlog = 1000;

static LIST_HEAD(poll_list);		/* scheduled napi_structs; IRQs off to touch */
static struct sk_buff_head input_pkt_queue;
static struct napi_struct backlog_napi;
static struct softnet_stats softnet_stats;

static bool napi_test_bit(const struct napi_struct *n, int bit)
{
	return n->state & (1UL << bit);
}

/* Added in the disabled state, as in Linux: the driver calls napi_enable() in ndo_open. */
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight)
{
	INIT_LIST_HEAD(&napi->poll_list);
	INIT_LIST_HEAD(&napi->gro_list);
	napi->gro_count = 0;
	napi->state = 1UL << NAPI_STATE_SCHED;
	napi->weight = weight > 0 ? weight : NAPI_POLL_WEIGHT;
	napi->poll = poll;
	napi->dev = dev;
	napi->polls = 0;
	napi->packets = 0;
	list_add_tail(&napi->dev_list, &dev->napi_list);
}

void netif_napi_del(struct napi_struct *napi)
{
	napi_disable(napi);
	list_del_init(&napi->dev_list);
}

void napi_enable(struct napi_struct *napi)
{
	unsigned long flags;

	local_irq_save(flags);
	napi->state = 0;
	local_irq_restore(flags);
}

/*
 * Uniprocessor: with bottom halves off no poll can be running, so taking
 * napi off the poll list and keeping SCHED set is enough.
 */
void napi_disable(struct napi_struct *napi)
{
	unsigned long flags;

	local_bh_disable();
	local_irq_save(flags);
	napi->state |= 1UL << NAPI_STATE_DISABLE | 1UL << NAPI_STATE_SCHED;
	list_del_init(&napi->poll_list);
	local_irq_restore(flags);
	local_bh_enable();
}

bool napi_schedule(struct napi_struct *napi)
{
	unsigned long flags;
	bool queued = false;

	local_irq_save(flags);
	if (!napi_test_bit(napi, NAPI_STATE_SCHED)) {
		napi->state |= 1UL << NAPI_STATE_SCHED;
		list_add_tail(&napi->poll_list, &poll_list);
		raise_softirq_irqoff(NET_RX_SOFTIRQ);
		queued = true;
	}
	local_irq_restore(flags);
	return queued;
}

/* Returns false only for a napi that was not scheduled (a driver bug). */
bool napi_complete_done(struct napi_struct *napi, int work_done)
{
	unsigned long flags;
	bool was_sched;

	napi_gro_flush(napi);
	local_irq_save(flags);
	was_sched = napi_test_bit(napi, NAPI_STATE_SCHED) &&
		    !napi_test_bit(napi, NAPI_STATE_DISABLE);
	if (was_sched)
		napi->state &= ~(1UL << NAPI_STATE_SCHED);
	local_irq_restore(flags);
	WARN_ON(!was_sched);
	napi->packets += (u64)work_done;
	return was_sched;
}

/*
 * Poll one napi; it stays scheduled (goes to repoll) if it used its whole
 * weight. What GRO still holds then goes up now, not at the next poll:
 * no segment waits behind other devices' work.
 */
static int napi_poll(struct napi_struct *n, struct list_head *repoll)
{
	int work = n->poll(n, n->weight);

	napi_gro_flush(n);
	n->polls++;
	WARN_ON(work > n->weight);
	if (work >= n->weight && napi_test_bit(n, NAPI_STATE_SCHED) &&
	    !napi_test_bit(n, NAPI_STATE_DISABLE)) {
		n->packets += (u64)work;
		list_add_tail(&n->poll_list, repoll);
	}
	return work;
}

static void list_move_all_tail(struct list_head *from, struct list_head *to)
{
	while (!list_empty(from))
		list_move_tail(from->next, to);
}

/*
 * The NET_RX softirq. Polls the scheduled napi_structs round-robin until
 * the poll list is empty, netdev_budget packets were processed, or
 * netdev_budget_usecs passed; then re-raises itself if work remains, so
 * other softirqs and threads get the CPU in between.
 */
void net_rx_action(void)
{
	u64 time_limit = ktime_get_ns() + netdev_budget_usecs * NSEC_PER_USEC;
	int budget = netdev_budget;
	LIST_HEAD(list);
	LIST_HEAD(repoll);

	local_irq_disable();
	list_move_all_tail(&poll_list, &list);
	local_irq_enable();

	for (;;) {
		struct napi_struct *n;

		/* Unlike Linux, keep going round while budget remains. */
		if (list_empty(&list))
			list_move_all_tail(&repoll, &list);
		if (list_empty(&list))
			break;
		n = list_first_entry(&list, struct napi_struct, poll_list);

		list_del_init(&n->poll_list);
		budget -= napi_poll(n, &repoll);
		if (budget <= 0 || ktime_get_ns() > time_limit) {
			softnet_stats.time_squeeze++;
			break;
		}
	}

	local_irq_disable();
	list_move_all_tail(&list, &poll_list);
	list_move_all_tail(&repoll, &poll_list);
	if (!list_empty(&poll_list))
		raise_softirq_irqoff(NET_RX_SOFTIRQ);
	local_irq_enable();
}

/*
 * Queue skb (with skb->dev and skb->protocol set) for netif_receive_skb
 * from the NET_RX softirq. Consumes skb; NET_RX_DROP when the backlog is full.
 */
int netif_rx(struct sk_buff *skb)
{
	unsigned long flags;

	local_irq_save(flags);
	if (skb_queue_len(&input_pkt_queue) >= netdev_max_backlog) {
		softnet_stats.dropped++;
		if (skb->dev)
			skb->dev->stats.rx_dropped++;
		local_irq_restore(flags);
		kfree_skb_reason(skb, SKB_DROP_REASON_CPU_BACKLOG);
		return NET_RX_DROP;
	}
	__skb_queue_tail(&input_pkt_queue, skb);
	napi_schedule(&backlog_napi);
	local_irq_restore(flags);
	return NET_RX_SUCCESS;
}

static int process_backlog(struct napi_struct *napi, int quota)
{
	unsigned long flags;
	struct sk_buff *skb;
	int work = 0;

	while (work < quota) {
		local_irq_save(flags);
		skb = __skb_dequeue(&input_pkt_queue);
		if (!skb)
			napi_complete_done(napi, work);
		local_irq_restore(flags);
		if (!skb)
			break;
		softnet_stats.processed++;
		netif_receive_skb(skb);
		work++;
	}
	return work;
}

void backlog_init(void)
{
	skb_queue_head_init(&input_pkt_queue);
	INIT_LIST_HEAD(&backlog_napi.poll_list);
	INIT_LIST_HEAD(&backlog_napi.dev_list);
	INIT_LIST_HEAD(&backlog_napi.gro_list);
	backlog_napi.state = 0;
	backlog_napi.weight = NAPI_POLL_WEIGHT;
	backlog_napi.poll = process_backlog;
}

void softnet_get_stats(struct softnet_stats *out)
{
	unsigned long flags;

	local_irq_save(flags);
	*out = softnet_stats;
	out->backlog_len = skb_queue_len(&input_pkt_queue);
	local_irq_restore(flags);
}
