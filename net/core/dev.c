/*
 * The device registry, device events, the protocol demux on receive and
 * the packet taps (Linux net/core/dev.c, without the parts that live in
 * napi.c and qdisc.c here).
 */
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/printk.h>
#include <net/netdevice.h>
#include <net/sch_generic.h>
#include <net/etherdevice.h>
#include <net/netfault.h>
#include "dev_internal.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

LIST_HEAD(net_device_list);
static int last_ifindex;
static struct notifier_block *netdev_chain;
static LIST_HEAD(ptype_base);
static LIST_HEAD(ptype_taps);
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
	if (dev->tx_queue_len) {
		dev->qdisc = qdisc_create_pfifo(dev, dev->tx_queue_len);
		if (!dev->qdisc)
			return -ENOMEM;
	}
	dev->ifindex = ++last_ifindex;
	list_add_tail(&dev->dev_list, &net_device_list);
	dev->registered = true;
	call_netdevice_notifiers(NETDEV_REGISTER, dev);
	return 0;
}

void unregister_netdev(struct net_device *dev)
{
	unsigned long flags;

	BUG_ON(!dev->registered);
	dev_close(dev);
	call_netdevice_notifiers(NETDEV_UNREGISTER, dev);
	local_irq_save(flags);
	list_del_init(&dev->link_watch);
	local_irq_restore(flags);
	list_del_init(&dev->dev_list);
	if (dev->qdisc) {
		qdisc_destroy(dev->qdisc);
		dev->qdisc = NULL;
	}
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
	if (dev->qdisc)
		qdisc_reset(dev->qdisc);
	call_netdevice_notifiers(NETDEV_DOWN, dev);
	return 0;
}

int dev_set_mtu(struct net_device *dev, unsigned int mtu)
{
	if (mtu < dev->min_mtu || (dev->max_mtu && mtu > dev->max_mtu))
		return -EINVAL;
	dev->mtu = mtu;
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
	list_add_tail(&pt->list, &ptype_base);
}

void dev_remove_pack(struct packet_type *pt)
{
	list_del_init(&pt->list);
}

void dev_add_tap(struct packet_tap *tap)
{
	list_add_tail(&tap->list, &ptype_taps);
}

void dev_remove_tap(struct packet_tap *tap)
{
	list_del_init(&tap->list);
}

void dev_queue_xmit_nit(struct sk_buff *skb, struct net_device *dev, int dir)
{
	struct packet_tap *tap, *tmp;

	list_for_each_entry_safe(tap, tmp, &ptype_taps, list)
		tap->func(skb, dev, dir, tap);
}

static struct packet_type *ptype_lookup(__be16 type, struct net_device *dev)
{
	struct packet_type *pt;

	list_for_each_entry(pt, &ptype_base, list)
		if (pt->type == type && (!pt->dev || pt->dev == dev))
			return pt;
	return NULL;
}

/*
 * The end of the link layer: account the frame, show it to the taps and
 * hand it to the handler registered for skb->protocol. The driver has set
 * skb->dev and skb->protocol (eth_type_trans) with skb->data at the L3
 * header. Consumes skb. Softirq context.
 */
static int __netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct packet_type *pt;
	u32 hlen;

	if (!(dev->flags & IFF_UP)) {
		dev->stats.rx_dropped++;
		goto drop;
	}
	skb->tstamp = ktime_get_ns();
	dev->stats.rx_packets++;
	hlen = skb_mac_header_was_set(skb) ?
	       (u32)(skb->data - skb_mac_header(skb)) : 0;
	dev->stats.rx_bytes += skb->len + hlen;
	if (skb->pkt_type == PACKET_MULTICAST || skb->pkt_type == PACKET_BROADCAST)
		dev->stats.multicast++;
	skb_reset_network_header(skb);
	dev_queue_xmit_nit(skb, dev, TAP_RX);
	pt = ptype_lookup(skb->protocol, dev);
	if (pt)
		return pt->func(skb, dev, pt);
	dev->stats.rx_nohandler++;
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

/* The drivers' entry point: through the fault layer when netfault= is on. */
int netif_receive_skb(struct sk_buff *skb)
{
	BUG_ON(!skb->dev);
	if (netfault_dirs && netfault_applies(skb->dev, NETFAULT_RX))
		return netfault_rx(skb, __netif_receive_skb);
	return __netif_receive_skb(skb);
}

void net_dev_init(void)
{
	skb_init();
	backlog_init();
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);
	open_softirq(NET_TX_SOFTIRQ, net_tx_action);
	BUG_ON(loopback_init());
}
