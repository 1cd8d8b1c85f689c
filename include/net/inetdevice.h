/*
 * IPv4 addresses of a device (Linux's in_device/in_ifaddr). dev->ip_ptr
 * points at the in_device once the first address is added.
 */
#ifndef _NET_INETDEVICE_H
#define _NET_INETDEVICE_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <net/netdevice.h>

struct in_device;

struct in_ifaddr {
	struct list_head list;
	struct in_device *idev;
	__be32 ifa_local;	/* our address */
	__be32 ifa_mask;
	__be32 ifa_broadcast;	/* directed broadcast, 0 for /31 and /32 */
	u8 ifa_prefixlen;
	char ifa_label[IFNAMSIZ];	/* the device's name, or an alias: "eth0:1" */
};

/* Address types, as Linux's RTN_*. */
enum {
	RTN_UNSPEC,
	RTN_UNICAST,		/* someone else's unicast address */
	RTN_LOCAL,		/* one of ours */
	RTN_BROADCAST,
	RTN_MULTICAST,
	RTN_UNREACHABLE,
};

struct rtable;

struct in_device {
	struct net_device *dev;
	struct list_head ifa_list;	/* first entry is the primary address */
	/*
	 * The input routes of datagrams for us that arrive here, by type
	 * (RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST): route.c's cache, held.
	 */
	struct rtable *rth_input[RTN_MULTICAST - RTN_LOCAL + 1];
};

/* Route scopes: how far an address or route reaches. */
enum {
	RT_SCOPE_UNIVERSE = 0,
	RT_SCOPE_LINK = 253,
	RT_SCOPE_HOST = 254,
};

static inline struct in_device *__in_dev_get(const struct net_device *dev)
{
	return dev->ip_ptr;
}

#define in_dev_for_each_ifa(ifa, idev) \
	list_for_each_entry(ifa, &(idev)->ifa_list, list)

static inline bool inet_ifa_match(__be32 addr, const struct in_ifaddr *ifa)
{
	return !((addr ^ ifa->ifa_local) & ifa->ifa_mask);
}

/*
 * Add addr/prefixlen to dev with its connected route, and announce it with
 * a gratuitous ARP if the link is up. 0, -EEXIST, -EINVAL or -ENOMEM.
 * Process context; takes bottom halves off itself.
 */
int inet_addr_add(struct net_device *dev, __be32 addr, unsigned int prefixlen);
/*
 * The same under label (an alias, "eth0:1"; NULL for the device's own
 * name). The address labelled with the device's name goes first: the
 * primary, which source selection falls back on.
 */
int inet_addr_add_label(struct net_device *dev, const char *label, __be32 addr,
			unsigned int prefixlen);
int inet_addr_del(struct net_device *dev, __be32 addr);
/* The ifaddr of dev labelled label, or NULL. */
struct in_ifaddr *inet_ifa_bylabel(const struct net_device *dev, const char *label);
struct ifreq;
/*
 * SIOCGIFCONF's list (Linux's inet_gifconf): up to max addresses of every
 * device into buf as label and address; returns how many there are in all.
 */
int inet_gifconf(struct ifreq *buf, int max);
/* RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST or RTN_UNICAST, over all devices. */
unsigned int inet_addr_type(__be32 addr);
/* The ifaddr on dev with ifa_local == addr, or NULL. */
struct in_ifaddr *inet_ifa_byaddr(const struct net_device *dev, __be32 addr);
/*
 * A source address for talking to dst through dev: dev's address on dst's
 * subnet, else dev's primary, else any device's (scope permitting); 0 if none.
 */
__be32 inet_select_addr(const struct net_device *dev, __be32 dst, int scope);
void devinet_init(void);

#endif
