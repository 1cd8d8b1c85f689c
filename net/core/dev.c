/*
 * The device registry, device events, the protocol demux on receive and
 * the taps of ptype_all on both paths (Linux net/core/dev.c, without the
 * parts that live in napi.c and qdisc.c here).
 */
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/printk.h>
#include <net/netdevice.h>
#include <net/sch_generic.h>
#include <net/etherdevice.h>
#include <net/netlink.h>
#include <net/pkt_sched.h>
#include <net/byteorder.h>
#include "dev_internal.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

LIST_HEAD(net_device_list);
bool netdev_xmit_more_flag;
static int last_ifindex;
static struct notifier_block *netdev_chain;
static LIST_HEAD(ptype_base);
static LIST_HEAD(ptype_all);		/* ETH_P_ALL handlers: the taps */
static LIST_HEAD(linkwatch_list);

/*
 * A zeroed device with sizeof_priv bytes of driver state behind it. name
 * may hold one "%d", replaced by the first free number at registration.
 */
struct net_device *alloc_netdev(size_t sizeof_priv, const char *name,
				void (*setup)(struct net_device *dev))
{
	struct net_device *dev = kzalloc(sizeof(*dev) + sizeof_priv);

	if (!dev)
		return NULL;
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	INIT_LIST_HEAD(&dev->dev_list);
	INIT_LIST_HEAD(&dev->napi_list);
	INIT_LIST_HEAD(&dev->link_watch);
	dev->priv_size = sizeof_priv;
	refcount_set(&dev->refcnt, 1);	/* the device's own, until free_netdev */
	dev->mtu = ETH_DATA_LEN;
	dev->tx_queue_len = 1000;
	timer_setup(&dev->watchdog_timer, NULL, 0);
	if (setup)
		setup(dev);
	return dev;
}

void free_netdev(struct net_device *dev)
{
	if (!dev)
		return;
	BUG_ON(dev->registered);
	WARN_ON(refcount_read(&dev->refcnt) != 1);	/* a dev_hold() never put */
	kfree(dev);
}

static bool dev_name_taken(const char *name)
{
	return dev_get_by_name(name) != NULL;
}

/* Expand "eth%d" to the first free "ethN". */
static int dev_alloc_name(struct net_device *dev)
{
	char fmt[IFNAMSIZ], buf[IFNAMSIZ];
	const char *p = strchr(dev->name, '%');
	int i;

	if (!p)
		return dev_name_taken(dev->name) ? -EEXIST : 0;
	if (p[1] != 'd' || strchr(p + 2, '%'))
		return -EINVAL;
	memcpy(fmt, dev->name, sizeof(fmt));
	for (i = 0; i < 100; i++) {
		snprintf(buf, sizeof(buf), fmt, i);
		if (!dev_name_taken(buf)) {
			memcpy(dev->name, buf, sizeof(dev->name));
			return 0;
		}
	}
	return -ENFILE;
}

int register_netdev(struct net_device *dev)
{
	int err;

	BUG_ON(dev->registered);
	err = dev_alloc_name(dev);
	if (err)
		return err;
	err = dev_init_scheduler(dev);
	if (err)
		return err;
	netdev_init_features(dev);
	dev->ifindex = ++last_ifindex;
	list_add_tail(&dev->dev_list, &net_device_list);
	dev->registered = true;
	pr_trace(TRACE_DEV, "%s: registered (ifindex %d, mtu %u, queue %u)\n",
		 dev->name, dev->ifindex, dev->mtu, dev->tx_queue_len);
	call_netdevice_notifiers(NETDEV_REGISTER, dev);
	return 0;
}

void unregister_netdev(struct net_device *dev)
{
	unsigned long flags;

	BUG_ON(!dev->registered);
	dev_close(dev);
	pr_trace(TRACE_DEV, "%s: unregistered\n", dev->name);
	call_netdevice_notifiers(NETDEV_UNREGISTER, dev);
	local_irq_save(flags);
	list_del_init(&dev->link_watch);
	local_irq_restore(flags);
	list_del_init(&dev->dev_list);
	dev_shutdown(dev);
	dev->registered = false;
}

struct net_device *dev_get_by_name(const char *name)
{
	struct net_device *dev;

	for_each_netdev(dev)
		if (!strncmp(dev->name, name, IFNAMSIZ))
			return dev;
	return NULL;
}

struct net_device *dev_get_by_index(int ifindex)
{
	struct net_device *dev;

	for_each_netdev(dev)
		if (dev->ifindex == ifindex)
			return dev;
	return NULL;
}

static void dev_update_running(struct net_device *dev)
{
	if ((dev->flags & IFF_UP) && dev->carrier)
		dev->flags |= IFF_RUNNING;
	else
		dev->flags &= ~IFF_RUNNING;
}

/* Bring dev up: ndo_open, then NETDEV_UP. 0 or the driver's -errno. */
int dev_open(struct net_device *dev)
{
	int err;

	if (dev->flags & IFF_UP)
		return 0;
	if (dev->netdev_ops->ndo_open) {
		err = dev->netdev_ops->ndo_open(dev);
		if (err)
			return err;
	}
	dev->flags |= IFF_UP;
	dev_update_running(dev);
	dev_watchdog_start(dev);
	pr_trace(TRACE_DEV, "%s: up\n", dev->name);
	call_netdevice_notifiers(NETDEV_UP, dev);
	return 0;
}

/* Take dev down: queued packets are dropped, ndo_stop, then NETDEV_DOWN. */
int dev_close(struct net_device *dev)
{
	if (!(dev->flags & IFF_UP))
		return 0;
	dev->flags &= ~IFF_UP;
	dev_update_running(dev);
	dev_watchdog_stop(dev);
	if (dev->netdev_ops->ndo_stop)
		dev->netdev_ops->ndo_stop(dev);
	dev_deactivate(dev);
	pr_trace(TRACE_DEV, "%s: down\n", dev->name);
	call_netdevice_notifiers(NETDEV_DOWN, dev);
	return 0;
}

/* Within the device's range; the driver (ndo_change_mtu) may refuse or resize its buffers. */
int dev_set_mtu(struct net_device *dev, unsigned int mtu)
{
	unsigned int old = dev->mtu;

	if (mtu < dev->min_mtu || (dev->max_mtu && mtu > dev->max_mtu))
		return -EINVAL;
	if (dev->netdev_ops && dev->netdev_ops->ndo_change_mtu) {
		int err = dev->netdev_ops->ndo_change_mtu(dev, mtu);

		if (err)
			return err;
	} else {
		dev->mtu = mtu;
	}
	pr_trace(TRACE_DEV, "%s: mtu %u -> %u\n", dev->name, old, mtu);
	call_netdevice_notifiers(NETDEV_CHANGEMTU, dev);
	return 0;
}

const struct net_device_stats *dev_get_stats(struct net_device *dev)
{
	if (dev->netdev_ops->ndo_get_stats)
		dev->netdev_ops->ndo_get_stats(dev);
	return &dev->stats;
}

int register_netdevice_notifier(struct notifier_block *nb)
{
	struct notifier_block **p = &netdev_chain;

	while (*p && (*p)->priority >= nb->priority)
		p = &(*p)->next;
	nb->next = *p;
	*p = nb;
	return 0;
}

int unregister_netdevice_notifier(struct notifier_block *nb)
{
	struct notifier_block **p;

	for (p = &netdev_chain; *p; p = &(*p)->next) {
		if (*p == nb) {
			*p = nb->next;
			return 0;
		}
	}
	return -ENOENT;
}

void call_netdevice_notifiers(unsigned long event, struct net_device *dev)
{
	struct notifier_block *nb, *next;

	for (nb = netdev_chain; nb; nb = next) {
		next = nb->next;
		nb->notifier_call(nb, event, dev);
	}
}

/* Queue a NETDEV_CHANGE for the NET_TX softirq, which may transmit. */
static void linkwatch_fire_event(struct net_device *dev)
{
	unsigned long flags;

	local_irq_save(flags);
	if (list_empty(&dev->link_watch))
		list_add_tail(&dev->link_watch, &linkwatch_list);
	raise_softirq_irqoff(NET_TX_SOFTIRQ);
	local_irq_restore(flags);
}

void linkwatch_run(void)
{
	struct net_device *dev;
	unsigned long flags;

	for (;;) {
		local_irq_save(flags);
		dev = list_first_entry_or_null(&linkwatch_list,
					       struct net_device, link_watch);
		if (dev)
			list_del_init(&dev->link_watch);
		local_irq_restore(flags);
		if (!dev)
			return;
		pr_trace(TRACE_DEV, "%s: link %s\n", dev->name,
			 dev->carrier ? "up" : "down");
		call_netdevice_notifiers(NETDEV_CHANGE, dev);
	}
}

void netif_carrier_on(struct net_device *dev)
{
	if (dev->carrier)
		return;
	dev->carrier = true;
	dev_update_running(dev);
	linkwatch_fire_event(dev);
}

void netif_carrier_off(struct net_device *dev)
{
	if (!dev->carrier)
		return;
	dev->carrier = false;
	dev_update_running(dev);
	linkwatch_fire_event(dev);
}

void dev_add_pack(struct packet_type *pt)
{
	if (pt->type == htons(ETH_P_ALL))
		list_add_tail(&pt->list, &ptype_all);
	else
		list_add_tail(&pt->list, &ptype_base);
}

void dev_remove_pack(struct packet_type *pt)
{
	list_del_init(&pt->list);
}

static bool ptype_wants(const struct packet_type *pt, const struct net_device *dev)
{
	return !pt->dev || pt->dev == dev;
}

/* Linux's skb_loop_sk: a packet socket does not see what it sent itself. */
static bool skb_loop_sk(const struct packet_type *pt, const struct sk_buff *skb)
{
	return pt->af_packet_priv && pt->af_packet_priv == (void *)skb->sk;
}

/*
 * The transmit taps (Linux's dev_queue_xmit_nit): one clone of the frame
 * leaving for the driver, marked PACKET_OUTGOING and stamped now, shared
 * by reference among the taps (deliver_skb). skb is not consumed; if the
 * clone cannot be had, the taps miss this frame and the driver still gets
 * it.
 */
static void dev_queue_xmit_nit(struct sk_buff *skb, struct net_device *dev)
{
	struct packet_type *pt, *tmp;
	struct sk_buff *skb2 = NULL;

	list_for_each_entry_safe(pt, tmp, &ptype_all, list) {
		if (!ptype_wants(pt, dev) || skb_loop_sk(pt, skb))
			continue;
		if (!skb2) {
			skb2 = skb_clone(skb);
			if (!skb2)
				return;
			skb2->tstamp = ktime_get_ns();
			skb_reset_mac_header(skb2);
			skb2->pkt_type = PACKET_OUTGOING;
			/* The sender sets the network header (Linux calls one
			 * that did not "buggy"); without it, it follows the
			 * link header. */
			if (skb2->network_header == SKB_HDR_UNSET ||
			    skb_network_header(skb2) < skb2->data ||
			    skb_network_header(skb2) > skb2->tail)
				skb_set_network_header(skb2, min((u32)dev->hard_header_len,
								 skb2->len));
		}
		pt->func(skb_get(skb2), dev, pt);
	}
	if (skb2)
		consume_skb(skb2);
}

/*
 * Linux's xmit_one: the taps see the frame as it leaves the qdisc (what
 * netem delayed or dropped, they see late or never), then the driver gets
 * it. Returns the driver's verdict: on NETDEV_TX_BUSY the caller still
 * owns skb, and the taps see it again when it is retried, as in Linux.
 */
netdev_tx_t xmit_one(struct sk_buff *skb, struct net_device *dev)
{
	if (!list_empty(&ptype_all))
		dev_queue_xmit_nit(skb, dev);
	return dev->netdev_ops->ndo_start_xmit(skb, dev);
}

/* The receive taps: each gets its own reference (Linux's deliver_skb). */
static void deliver_ptype_all(struct sk_buff *skb, struct net_device *dev)
{
	struct packet_type *pt, *tmp;

	list_for_each_entry_safe(pt, tmp, &ptype_all, list)
		if (ptype_wants(pt, dev))
			pt->func(skb_get(skb), dev, pt);
}

/*
 * The handlers of skb's EtherType (Linux's deliver_ptype_list_skb): the
 * protocol's own and any packet socket bound to it. All but the last are
 * given a reference of their own here; the last is returned for the
 * caller to hand skb itself (NULL: nobody wants it).
 */
static struct packet_type *deliver_ptype_base(struct sk_buff *skb,
					      struct net_device *dev)
{
	struct packet_type *pt, *tmp, *last = NULL;

	list_for_each_entry_safe(pt, tmp, &ptype_base, list) {
		if (pt->type != skb->protocol || !ptype_wants(pt, dev))
			continue;
		if (last)
			last->func(skb_get(skb), dev, last);
		last = pt;
	}
	return last;
}

/*
 * Hand skb to the handlers registered for skb->protocol (Linux's
 * deliver_ptype_list_skb): the last step of receive, after the taps and
 * the ingress qdisc. Consumes skb.
 */
int netif_receive_skb_ptype(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct packet_type *pt = deliver_ptype_base(skb, dev);

	if (pt)
		return pt->func(skb, dev, pt);
	dev->stats.rx_nohandler++;
	kfree_skb_reason(skb, SKB_DROP_REASON_UNHANDLED_PROTO);
	return NET_RX_DROP;
}

/* The device's receive counters for one frame, and its arrival time. */
void dev_rx_account(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	u32 hlen = skb_mac_header_was_set(skb) ?
		   (u32)(skb->data - skb_mac_header(skb)) : 0;

	skb->tstamp = ktime_get_ns();
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += skb->len + hlen;
	if (skb->pkt_type == PACKET_MULTICAST || skb->pkt_type == PACKET_BROADCAST)
		dev->stats.multicast++;
}

/* A device that is down takes nothing (counted in rx_dropped). */
static bool netif_rx_dev_up(struct sk_buff *skb)
{
	if (likely(skb->dev->flags & IFF_UP))
		return true;
	skb->dev->stats.rx_dropped++;
	kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	return false;
}

int __netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;

	if (!netif_rx_dev_up(skb))
		return NET_RX_DROP;
	skb_reset_network_header(skb);
	deliver_ptype_all(skb, dev);
	if (dev->ingress_qdisc)
		return sch_handle_ingress(skb, dev->ingress_qdisc);
	return netif_receive_skb_ptype(skb);
}

/*
 * The end of the link layer: account the frame, show it to the taps,
 * pass it through the device's ingress qdisc if it has one
 * (sch_handle_ingress, the receive-side hook), and hand it to the
 * protocol. The caller has set skb->dev and skb->protocol
 * (eth_type_trans) with skb->data at the L3 header. Consumes skb.
 * Softirq context.
 */
int netif_receive_skb(struct sk_buff *skb)
{
	BUG_ON(!skb->dev);
	if (!netif_rx_dev_up(skb))
		return NET_RX_DROP;
	dev_rx_account(skb);
	return __netif_receive_skb(skb);
}

void net_dev_init(void)
{
	skb_init();
	backlog_init();
	netlink_proto_init();
	pktsched_init();
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);
	open_softirq(NET_TX_SOFTIRQ, net_tx_action);
	BUG_ON(loopback_init());
}
