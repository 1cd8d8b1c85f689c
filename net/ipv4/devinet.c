/*
 * IPv4 addresses on devices (Linux net/ipv4/devinet.c): adding an address
 * installs its connected route and announces it; address classification
 * for the receive path and source address selection for output; the
 * address list for SIOCGIFCONF and stats.json.
 */
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <net/inetdevice.h>
#include <net/route.h>
#include <net/arp.h>
#include <net/proto/ip.h>
#include <net/inet_utils.h>
#include <net/if.h>
#include <netinet/in.h>
#include <kernel/stats.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static struct in_device *inetdev_init(struct net_device *dev)
{
	struct in_device *idev = kzalloc(sizeof(*idev));

	if (!idev)
		return NULL;
	idev->dev = dev;
	INIT_LIST_HEAD(&idev->ifa_list);
	dev->ip_ptr = idev;
	return idev;
}

struct in_ifaddr *inet_ifa_byaddr(const struct net_device *dev, __be32 addr)
{
	struct in_device *idev = __in_dev_get(dev);
	struct in_ifaddr *ifa;

	if (!idev)
		return NULL;
	in_dev_for_each_ifa(ifa, idev)
		if (ifa->ifa_local == addr)
			return ifa;
	return NULL;
}

static bool inet_addr_valid_local(__be32 addr)
{
	return !ipv4_is_multicast(addr) && !ipv4_is_lbcast(addr) &&
	       !ipv4_is_zeronet(addr);
}

static void connected_route(const struct in_ifaddr *ifa, struct fib_route *r)
{
	r->dst = ifa->ifa_local & ifa->ifa_mask;
	r->prefixlen = ifa->ifa_prefixlen;
	r->scope = RT_SCOPE_LINK;
	r->protocol = RTPROT_KERNEL;
	r->gateway = 0;
	r->dev = ifa->idev->dev;
	r->metric = 0;
}

struct in_ifaddr *inet_ifa_bylabel(const struct net_device *dev, const char *label)
{
	struct in_device *idev = __in_dev_get(dev);
	struct in_ifaddr *ifa;

	if (!idev)
		return NULL;
	in_dev_for_each_ifa(ifa, idev)
		if (!strcmp(ifa->ifa_label, label))
			return ifa;
	return NULL;
}

int inet_addr_add(struct net_device *dev, __be32 addr, unsigned int prefixlen)
{
	return inet_addr_add_label(dev, NULL, addr, prefixlen);
}

int inet_addr_add_label(struct net_device *dev, const char *label, __be32 addr,
			unsigned int prefixlen)
{
	struct in_device *idev;
	struct in_ifaddr *ifa;
	struct fib_route r;
	int err = 0;

	if (prefixlen > 32 || !inet_addr_valid_local(addr) ||
	    (label && strlen(label) >= IFNAMSIZ))
		return -EINVAL;
	local_bh_disable();
	idev = __in_dev_get(dev);
	if (!idev)
		idev = inetdev_init(dev);
	if (!idev) {
		err = -ENOMEM;
		goto out;
	}
	if (inet_ifa_byaddr(dev, addr)) {
		err = -EEXIST;
		goto out;
	}
	ifa = kzalloc(sizeof(*ifa));
	if (!ifa) {
		err = -ENOMEM;
		goto out;
	}
	ifa->idev = idev;
	ifa->ifa_local = addr;
	ifa->ifa_prefixlen = (u8)prefixlen;
	ifa->ifa_mask = inet_make_mask(prefixlen);
	/* RFC 3021: /31 links have no broadcast address; /32 has no subnet. */
	ifa->ifa_broadcast = prefixlen < 31 ? (addr | ~ifa->ifa_mask) : 0;
	snprintf(ifa->ifa_label, IFNAMSIZ, "%s", label ? label : dev->name);
	if (!strcmp(ifa->ifa_label, dev->name))
		list_add(&ifa->list, &idev->ifa_list);
	else
		list_add_tail(&ifa->list, &idev->ifa_list);
	connected_route(ifa, &r);
	err = ip_route_add(&r);
	if (err == -EEXIST)
		err = 0;
	if (err) {
		list_del(&ifa->list);
		kfree(ifa);
		goto out;
	}
	rt_cache_flush();
	if (netif_running(dev) && netif_carrier_ok(dev) &&
	    !(dev->flags & IFF_NOARP))
		arp_announce(dev, addr);
out:
	local_bh_enable();
	return err;
}

/* Another address of dev still on ifa's subnet keeps the connected route. */
static bool subnet_still_used(const struct in_ifaddr *gone)
{
	struct in_ifaddr *ifa;

	in_dev_for_each_ifa(ifa, gone->idev)
		if (ifa != gone && ifa->ifa_prefixlen == gone->ifa_prefixlen &&
		    inet_ifa_match(gone->ifa_local, ifa))
			return true;
	return false;
}

static void inet_ifa_remove(struct in_ifaddr *ifa)
{
	if (!subnet_still_used(ifa))
		ip_route_del(ifa->ifa_local & ifa->ifa_mask, ifa->ifa_prefixlen,
			     0, ifa->idev->dev);
	list_del(&ifa->list);
	kfree(ifa);
	rt_cache_flush();
}

int inet_addr_del(struct net_device *dev, __be32 addr)
{
	struct in_ifaddr *ifa;
	int err = -EADDRNOTAVAIL;

	local_bh_disable();
	ifa = inet_ifa_byaddr(dev, addr);
	if (ifa) {
		inet_ifa_remove(ifa);
		err = 0;
	}
	local_bh_enable();
	return err;
}

unsigned int inet_addr_type(__be32 addr)
{
	struct net_device *dev;
	struct in_ifaddr *ifa;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;
	for_each_netdev(dev) {
		struct in_device *idev = __in_dev_get(dev);

		if (!idev)
			continue;
		in_dev_for_each_ifa(ifa, idev) {
			if (addr == ifa->ifa_local)
				return RTN_LOCAL;
			/* The whole loopback net is local (RFC 1122 3.2.1.3(g)). */
			if ((dev->flags & IFF_LOOPBACK) && inet_ifa_match(addr, ifa))
				return RTN_LOCAL;
			if (ifa->ifa_broadcast && addr == ifa->ifa_broadcast)
				return RTN_BROADCAST;
		}
	}
	return RTN_UNICAST;
}

static __be32 dev_pick_addr(const struct net_device *dev, __be32 dst)
{
	struct in_device *idev = __in_dev_get(dev);
	struct in_ifaddr *ifa;

	if (!idev || list_empty(&idev->ifa_list))
		return 0;
	in_dev_for_each_ifa(ifa, idev)
		if (inet_ifa_match(dst, ifa))
			return ifa->ifa_local;
	return list_first_entry(&idev->ifa_list, struct in_ifaddr, list)->ifa_local;
}

__be32 inet_select_addr(const struct net_device *dev, __be32 dst, int scope)
{
	struct net_device *d;
	__be32 addr = dev ? dev_pick_addr(dev, dst) : 0;

	if (addr)
		return addr;
	/* Any address of scope wide enough: loopback addresses stay home. */
	for_each_netdev(d) {
		if (scope < RT_SCOPE_HOST && (d->flags & IFF_LOOPBACK))
			continue;
		addr = dev_pick_addr(d, dst);
		if (addr)
			return addr;
	}
	return 0;
}

int inet_gifconf(struct ifreq *buf, int max)
{
	struct net_device *dev;
	struct in_ifaddr *ifa;
	int n = 0;

	for_each_netdev(dev) {
		struct in_device *idev = __in_dev_get(dev);

		if (!idev)
			continue;
		in_dev_for_each_ifa(ifa, idev) {
			if (n < max) {
				struct sockaddr_in *sin = (struct sockaddr_in *)&buf[n].ifr_addr;

				memset(&buf[n], 0, sizeof(buf[n]));
				snprintf(buf[n].ifr_name, IFNAMSIZ, "%s", ifa->ifa_label);
				sin->sin_family = AF_INET;
				sin->sin_addr.s_addr = ifa->ifa_local;
			}
			n++;
		}
	}
	return n;
}

/* stats.json's "interfaces": each device with its addresses and counters. */
static void interface_json(struct seq_buf *s, struct net_device *dev)
{
	const struct net_device_stats *st = dev_get_stats(dev);
	struct in_device *idev = __in_dev_get(dev);
	const u8 *m = dev->dev_addr;
	struct in_ifaddr *ifa;
	char a[INET_ADDRSTRLEN];
	bool first = true;

	seq_puts(s, "{\"name\":");
	seq_json_str(s, dev->name);
	seq_printf(s, ",\"mac\":\"%02x:%02x:%02x:%02x:%02x:%02x\",\"mtu\":%u,\"up\":%s,"
		   "\"carrier\":%s,\"addrs\":[", m[0], m[1], m[2], m[3], m[4], m[5], dev->mtu,
		   (dev->flags & IFF_UP) ? "true" : "false",
		   netif_carrier_ok(dev) ? "true" : "false");
	if (idev) {
		in_dev_for_each_ifa(ifa, idev) {
			seq_printf(s, "%s\"%s/%u\"", first ? "" : ",",
				   in4_ntop(ifa->ifa_local, a), ifa->ifa_prefixlen);
			first = false;
		}
	}
	seq_printf(s, "],\"stats\":{\"rx_packets\":%llu,\"rx_bytes\":%llu,\"rx_dropped\":%llu,"
		   "\"rx_errors\":%llu,\"tx_packets\":%llu,\"tx_bytes\":%llu,\"tx_dropped\":%llu,"
		   "\"tx_errors\":%llu}}",
		   (unsigned long long)st->rx_packets, (unsigned long long)st->rx_bytes,
		   (unsigned long long)st->rx_dropped, (unsigned long long)st->rx_errors,
		   (unsigned long long)st->tx_packets, (unsigned long long)st->tx_bytes,
		   (unsigned long long)st->tx_dropped, (unsigned long long)st->tx_errors);
}

static void interfaces_json(struct json_list *l)
{
	struct net_device *dev;

	local_bh_disable();
	for_each_netdev(dev) {
		json_sep(l);
		interface_json(l->s, dev);
	}
	local_bh_enable();
}
STATS_JSON(interfaces, "interfaces", '[', interfaces_json);

static void inetdev_destroy(struct net_device *dev)
{
	struct in_device *idev = __in_dev_get(dev);
	struct in_ifaddr *ifa;

	if (!idev)
		return;
	while ((ifa = list_first_entry_or_null(&idev->ifa_list,
					       struct in_ifaddr, list)))
		inet_ifa_remove(ifa);
	ip_rt_input_cache_release(idev);
	dev->ip_ptr = NULL;
	kfree(idev);
}

static int inetdev_event(struct notifier_block *nb __unused,
			 unsigned long event, void *ptr)
{
	struct net_device *dev = ptr;
	struct in_device *idev = __in_dev_get(dev);
	struct in_ifaddr *ifa;

	switch (event) {
	case NETDEV_UNREGISTER:
		inetdev_destroy(dev);
		break;
	case NETDEV_UP:
	case NETDEV_CHANGE:
		/* Announce our addresses when the link comes up (RFC 5227 3). */
		if (!idev || !netif_running(dev) || !netif_carrier_ok(dev) ||
		    (dev->flags & IFF_NOARP))
			break;
		in_dev_for_each_ifa(ifa, idev)
			arp_announce(dev, ifa->ifa_local);
		break;
	}
	return 0;
}

static struct notifier_block inetdev_notifier = {
	.notifier_call = inetdev_event,
	.priority = 10,		/* before the route flush on unregister */
};

void devinet_init(void)
{
	register_netdevice_notifier(&inetdev_notifier);
}
