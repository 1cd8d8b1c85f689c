/* netcfg.c - interface address and default route through socket ioctls. */
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>

#include "netcfg.h"

static void ifreq_init(struct ifreq *ifr, const char *ifname)
{
	memset(ifr, 0, sizeof(*ifr));
	strlcpy(ifr->ifr_name, ifname, sizeof(ifr->ifr_name));
}

static void sockaddr_set(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	sin.sin_addr.s_addr = addr;
	memcpy(sa, &sin, sizeof(sin));
}

int netcfg_get_hwaddr(int fd, const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;

	ifreq_init(&ifr, ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

int netcfg_get_addr(int fd, const char *ifname, uint32_t *addr)
{
	struct ifreq ifr;
	struct sockaddr_in sin;

	ifreq_init(&ifr, ifname);
	if (ioctl(fd, SIOCGIFADDR, &ifr) < 0)
		return -1;
	memcpy(&sin, &ifr.ifr_addr, sizeof(sin));
	*addr = sin.sin_addr.s_addr;
	return 0;
}

int netcfg_set_addr(int fd, const char *ifname, uint32_t addr, uint32_t mask)
{
	struct ifreq ifr;

	ifreq_init(&ifr, ifname);
	sockaddr_set(&ifr.ifr_addr, addr);
	if (ioctl(fd, SIOCSIFADDR, &ifr) < 0)
		return -1;
	if (!addr)
		return 0;
	ifreq_init(&ifr, ifname);
	sockaddr_set(&ifr.ifr_netmask, mask);
	return ioctl(fd, SIOCSIFNETMASK, &ifr);
}

int netcfg_default_route(int fd, const char *ifname, uint32_t gw, bool add)
{
	struct rtentry rt;
	char dev[IFNAMSIZ];

	memset(&rt, 0, sizeof(rt));
	strlcpy(dev, ifname, sizeof(dev));
	sockaddr_set(&rt.rt_dst, INADDR_ANY);
	sockaddr_set(&rt.rt_genmask, INADDR_ANY);
	sockaddr_set(&rt.rt_gateway, gw);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = dev;
	return ioctl(fd, add ? SIOCADDRT : SIOCDELRT, &rt);
}
