/*
 * Interface and route configuration through socket ioctls (Linux
 * net/ipv4/devinet.c devinet_ioctl, net/core/dev_ioctl.c, and
 * net/ipv4/fib_frontend.c ip_rt_ioctl), on kernel copies of the user's
 * struct ifreq and struct rtentry. This is what ifconfig/route-style
 * tools (the shell) and the DHCP client use to configure an interface.
 * Address requests name an address by its label: "eth0" for the
 * device's own, "eth0:N" for an alias, as Linux's ifconfig aliases.
 */
#include <net/inet_sock.h>
#include <net/inetdevice.h>
#include <net/netdevice.h>
#include <net/route.h>
#include <net/rtentry.h>
#include <net/proto/ip.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static struct sockaddr_in *ifr_sin(struct ifreq *ifr)
{
	return (struct sockaddr_in *)&ifr->ifr_addr;
}

static void set_sin(struct sockaddr *sa, __be32 addr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = addr;
}

/* A netmask is contiguous ones then zeros; its prefix length, or -1. */
static int inet_mask_len(__be32 mask)
{
	u32 m = ntohl(mask);
	int len = 0;

	while (m & 0x80000000u) {
		m <<= 1;
		len++;
	}
	return m ? -1 : len;
}

/* Linux's inet_abc_len: the classful prefix SIOCSIFADDR starts with (RFC 791). */
static unsigned int inet_abc_len(__be32 addr)
{
	u32 a = ntohl(addr);

	if ((a & 0x80000000) == 0)
		return 8;	/* class A */
	if ((a & 0xc0000000) == 0x80000000)
		return 16;	/* class B */
	return 24;		/* class C */
}

/*
 * SIOCSIFADDR (Linux's devinet_ioctl): the address labelled label takes
 * addr with the classful prefix, or goes away for 0; a new label makes a
 * new address (an alias).
 */
static int devinet_set_addr(struct net_device *dev, const char *label, __be32 addr)
{
	struct in_ifaddr *ifa = inet_ifa_bylabel(dev, label);
	int err;

	if (ifa) {
		if (ifa->ifa_local == addr)
			return 0;
		err = inet_addr_del(dev, ifa->ifa_local);
		if (err)
			return err;
	}
	return addr ? inet_addr_add_label(dev, label, addr, inet_abc_len(addr)) : 0;
}

/* SIOCSIFNETMASK: the labelled address again, with the new prefix. */
static int devinet_set_mask(struct net_device *dev, struct in_ifaddr *ifa, __be32 mask)
{
	int len = inet_mask_len(mask);
	char label[IFNAMSIZ];
	__be32 addr = ifa->ifa_local;
	int err;

	if (len < 0)
		return -EINVAL;
	if (len == ifa->ifa_prefixlen)
		return 0;
	snprintf(label, sizeof(label), "%s", ifa->ifa_label);
	err = inet_addr_del(dev, addr);
	return err ? err : inet_addr_add_label(dev, label, addr, (unsigned int)len);
}

/* IFF_RUNNING is computed, as Linux's dev_get_flags: up with carrier. */
static unsigned int dev_get_flags(const struct net_device *dev)
{
	unsigned int flags = dev->flags & ~IFF_RUNNING;

	if (netif_running(dev) && netif_carrier_ok(dev))
		flags |= IFF_RUNNING;
	return flags;
}

/* Only IFF_UP can be changed; the other flags follow the hardware. */
static int dev_change_flags(struct net_device *dev, unsigned int flags)
{
	if ((flags ^ dev->flags) & IFF_UP)
		return (flags & IFF_UP) ? dev_open(dev) : dev_close(dev);
	return 0;
}

/* The requests on the address ifr_name labels (the device's own, or an alias). */
static int devinet_addr_ioctl(unsigned int cmd, struct net_device *dev, struct ifreq *ifr)
{
	struct sockaddr_in *sin = ifr_sin(ifr);
	struct in_ifaddr *ifa = inet_ifa_bylabel(dev, ifr->ifr_name);

	if (cmd == SIOCSIFADDR) {
		if (sin->sin_family != AF_INET)
			return -EINVAL;
		return devinet_set_addr(dev, ifr->ifr_name, sin->sin_addr.s_addr);
	}
	if (!ifa)
		return -EADDRNOTAVAIL;
	switch (cmd) {
	case SIOCGIFADDR:
		set_sin(&ifr->ifr_addr, ifa->ifa_local);
		return 0;
	case SIOCGIFNETMASK:
		set_sin(&ifr->ifr_addr, ifa->ifa_mask);
		return 0;
	case SIOCGIFBRDADDR:
		set_sin(&ifr->ifr_addr, ifa->ifa_broadcast);
		return 0;
	case SIOCSIFNETMASK:
		return devinet_set_mask(dev, ifa, sin->sin_addr.s_addr);
	case SIOCSIFFLAGS:
		/* An alias taken down is deleted (Linux: ifconfig eth0:1 down). */
		return (ifr->ifr_flags & IFF_UP) ? 0 : inet_addr_del(dev, ifa->ifa_local);
	}
	return -EINVAL;
}

int devinet_ioctl(unsigned int cmd, struct ifreq *ifr)
{
	char devname[IFNAMSIZ];
	struct net_device *dev;
	unsigned int n;
	char *colon;

	ifr->ifr_name[IFNAMSIZ - 1] = 0;
	snprintf(devname, sizeof(devname), "%s", ifr->ifr_name);
	colon = strchr(devname, ':');
	if (colon)
		*colon = '\0';
	dev = dev_get_by_name(devname);
	if (!dev)
		return -ENODEV;
	switch (cmd) {
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = dev->ifindex;
		return 0;
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)dev_get_flags(dev);
		return 0;
	case SIOCSIFFLAGS:
		if (colon)
			return devinet_addr_ioctl(cmd, dev, ifr);
		return dev_change_flags(dev, (unsigned short)ifr->ifr_flags);
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)dev->mtu;
		return 0;
	case SIOCSIFMTU:
		if (ifr->ifr_mtu < 0)
			return -EINVAL;
		return dev_set_mtu(dev, (unsigned int)ifr->ifr_mtu);
	case SIOCGIFHWADDR:
		memset(&ifr->ifr_hwaddr, 0, sizeof(ifr->ifr_hwaddr));
		ifr->ifr_hwaddr.sa_family = dev->type;
		n = min((unsigned int)dev->addr_len,
			(unsigned int)sizeof(ifr->ifr_hwaddr.sa_data));
		memcpy(ifr->ifr_hwaddr.sa_data, dev->dev_addr, n);
		return 0;
	default:
		return devinet_addr_ioctl(cmd, dev, ifr);
	}
}

static __be32 rt_sin_addr(const struct sockaddr *sa)
{
	return ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
}

/* Linux's rtentry_to_fib_config, for the fields Skiff's table has. */
static int rtentry_to_fib_route(const struct rtentry *rt, const char *devname,
				struct fib_route *r)
{
	int len = 32;

	if (rt->rt_dst.sa_family != AF_INET)
		return -EAFNOSUPPORT;
	memset(r, 0, sizeof(*r));
	r->dst = rt_sin_addr(&rt->rt_dst);
	if (!(rt->rt_flags & RTF_HOST)) {
		len = inet_mask_len(rt_sin_addr(&rt->rt_genmask));
		if (len < 0 || (rt->rt_genmask.sa_family != AF_INET &&
				rt->rt_genmask.sa_family != AF_UNSPEC))
			return -EINVAL;
	}
	if (r->dst & ~inet_make_mask((unsigned int)len))
		return -EINVAL;
	r->prefixlen = (u8)len;
	if (rt->rt_flags & RTF_GATEWAY) {
		if (rt->rt_gateway.sa_family != AF_INET)
			return -EAFNOSUPPORT;
		r->gateway = rt_sin_addr(&rt->rt_gateway);
	}
	r->scope = r->gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	r->protocol = RTPROT_STATIC;
	if (rt->rt_metric)
		r->metric = (u32)rt->rt_metric - 1;	/* route(8) counts from 1 */
	if (devname) {
		r->dev = dev_get_by_name(devname);
		if (!r->dev)
			return -ENODEV;
	}
	return 0;
}

int ip_rt_ioctl(unsigned int cmd, const struct rtentry *rt, const char *devname)
{
	struct fib_route r;
	int err = rtentry_to_fib_route(rt, devname, &r);

	if (err)
		return err;
	if (cmd == SIOCADDRT)
		return ip_route_add(&r);
	if (cmd == SIOCDELRT)
		return ip_route_del(r.dst, r.prefixlen, r.gateway, r.dev);
	return -EINVAL;
}
