/*
 * What a driver tells ethtool (Linux's struct ethtool_ops, the part
 * Skiff has): its name, version and bus address for `ethtool -i`. The
 * offload switches need nothing from the driver: they are dev->features
 * within dev->hw_features (net/core/ethtool.c).
 */
#ifndef _NET_ETHTOOL_H
#define _NET_ETHTOOL_H

#include <kernel/uaccess.h>
#include <linux/ethtool.h>

struct net_device;

struct ethtool_ops {
	void (*get_drvinfo)(struct net_device *dev, struct ethtool_drvinfo *info);
};

/* SIOCETHTOOL on dev: useraddr is ifr_data. 0 or -errno (-EOPNOTSUPP for the rest). */
int dev_ethtool(struct net_device *dev, void __user *useraddr);

#endif
