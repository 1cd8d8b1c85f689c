/*
 * Offloads on the command line: offload=off turns every offload of every
 * device off (the software ones, GSO and GRO, too), and offload.IF=LIST
 * switches named ones on one device, as `ethtool -K IF` would at boot:
 * offload.eth0=tso:off,sg:off. Names are ethtool's short ones.
 */
#include <kernel/cmdline.h>
#include <net/netdevice.h>
#include "dev_internal.h"
#include <errno.h>
#include <string.h>

#define OFFLOAD_IFACES	8

static struct offload_wish {
	char ifname[IFNAMSIZ];
	u32 on, off;
} wishes[OFFLOAD_IFACES];

/* ethtool's short names (ethtool -K): one bit each, "tx" both checksum kinds. */
static const struct {
	const char *name;
	u32 bits;
} offload_names[] = {
	{ "sg", NETIF_F_SG },
	{ "tx", NETIF_F_CSUM_MASK },
	{ "rx", NETIF_F_RXCSUM },
	{ "tso", NETIF_F_TSO },
	{ "gso", NETIF_F_GSO },
	{ "gro", NETIF_F_GRO },
};

u32 netdev_offload_bits(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(offload_names); i++)
		if (strlen(offload_names[i].name) == len &&
		    !strncmp(offload_names[i].name, name, len))
			return offload_names[i].bits;
	return 0;
}

/* "tso:off,sg:on" into on/off masks; -EINVAL on anything else. */
static int parse_wish(const char *s, u32 *on, u32 *off)
{
	while (*s) {
		size_t n = strcspn(s, ","), k = strcspn(s, ":");
		u32 bits;

		if (k >= n || !(bits = netdev_offload_bits(s, k)))
			return -EINVAL;
		if (n - k - 1 == 2 && !strncmp(s + k + 1, "on", 2))
			*on |= bits;
		else if (n - k - 1 == 3 && !strncmp(s + k + 1, "off", 3))
			*off |= bits;
		else
			return -EINVAL;
		s += n + (s[n] == ',');
	}
	return 0;
}

static int set_offload_iface(const char *key, const char *value)
{
	const char *ifname = key + strlen("offload.");
	struct offload_wish w = { .on = 0 };

	if (!value || strlen(ifname) >= IFNAMSIZ || parse_wish(value, &w.on, &w.off))
		return -EINVAL;
	for (size_t i = 0; i < OFFLOAD_IFACES; i++) {
		if (!wishes[i].ifname[0] || !strcmp(wishes[i].ifname, ifname)) {
			memcpy(w.ifname, ifname, strlen(ifname) + 1);
			wishes[i] = w;
			return 0;
		}
	}
	return -ENOSPC;
}
CMDLINE_PARAM(offload_iface, "offload.", set_offload_iface,
	      "offload.IFACE=NAME:on|off,...: switch sg, tx, rx, tso, gso, gro on one interface");

static int set_offload(const char *key, const char *value)
{
	if (!value || strcmp(value, "off"))
		return -EINVAL;
	netdev_offload_off = true;
	return 0;
}
CMDLINE_PARAM(offload, "offload", set_offload, "offload=off: every offload of every interface off");

void netdev_init_features(struct net_device *dev)
{
	dev->features |= NETIF_F_SOFT_FEATURES;
	dev->hw_features |= NETIF_F_SOFT_FEATURES;
	if (!dev->gso_max_segs)
		dev->gso_max_segs = GSO_MAX_SEGS;
	dev->wanted_features = dev->features & dev->hw_features;
	if (netdev_offload_off) {
		dev->features &= ~NETIF_F_ETHTOOL_MASK;
		dev->wanted_features = 0;
	}
	for (size_t i = 0; i < OFFLOAD_IFACES && wishes[i].ifname[0]; i++) {
		if (strcmp(wishes[i].ifname, dev->name))
			continue;
		dev->wanted_features |= wishes[i].on;
		dev->wanted_features &= ~wishes[i].off;
	}
	netdev_update_features(dev);
}
