/*
 * SIOCETHTOOL (Linux's net/ethtool/ioctl.c, the legacy commands): driver
 * information, and each offload read and switched on its own, as
 * `ethtool -k` and `ethtool -K` do with an older kernel. A switch
 * changes wanted_features within hw_features; netdev_update_features
 * then keeps the dependencies, so turning the checksum off takes SG and
 * TSO with it, as in Linux.
 */
#include <kernel/uaccess.h>
#include <net/ethtool.h>
#include <net/netdevice.h>
#include <errno.h>
#include <string.h>

/* The NETIF_F_* bits a legacy get/set command is about. */
static u32 ethtool_cmd_bits(u32 cmd)
{
	switch (cmd) {
	case ETHTOOL_GRXCSUM:
	case ETHTOOL_SRXCSUM:
		return NETIF_F_RXCSUM;
	case ETHTOOL_GTXCSUM:
	case ETHTOOL_STXCSUM:
		return NETIF_F_CSUM_MASK;
	case ETHTOOL_GSG:
	case ETHTOOL_SSG:
		return NETIF_F_SG;
	case ETHTOOL_GTSO:
	case ETHTOOL_STSO:
		return NETIF_F_TSO;
	case ETHTOOL_GGSO:
	case ETHTOOL_SGSO:
		return NETIF_F_GSO;
	case ETHTOOL_GGRO:
	case ETHTOOL_SGRO:
		return NETIF_F_GRO;
	}
	return 0;
}

static bool ethtool_cmd_is_set(u32 cmd)
{
	return cmd == ETHTOOL_SRXCSUM || cmd == ETHTOOL_STXCSUM || cmd == ETHTOOL_SSG ||
	       cmd == ETHTOOL_STSO || cmd == ETHTOOL_SGSO || cmd == ETHTOOL_SGRO;
}

/*
 * Linux's __ethtool_set_one_feature: only what the device lets the user
 * switch (hw_features); -EOPNOTSUPP for a fixed one.
 */
static int ethtool_set_one_feature(struct net_device *dev, u32 bits, u32 on)
{
	bits &= dev->hw_features;
	if (!bits)
		return -EOPNOTSUPP;
	if (on)
		dev->wanted_features |= bits;
	else
		dev->wanted_features &= ~bits;
	netdev_update_features(dev);
	return 0;
}

static int ethtool_get_drvinfo(struct net_device *dev, void __user *useraddr)
{
	struct ethtool_drvinfo info;

	if (!dev->ethtool_ops || !dev->ethtool_ops->get_drvinfo)
		return -EOPNOTSUPP;
	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GDRVINFO;
	dev->ethtool_ops->get_drvinfo(dev, &info);
	return copy_to_user(useraddr, &info, sizeof(info)) ? -EFAULT : 0;
}

int dev_ethtool(struct net_device *dev, void __user *useraddr)
{
	struct ethtool_value v;
	u32 cmd, bits;

	if (copy_from_user(&cmd, useraddr, sizeof(cmd)))
		return -EFAULT;
	if (cmd == ETHTOOL_GDRVINFO)
		return ethtool_get_drvinfo(dev, useraddr);
	bits = ethtool_cmd_bits(cmd);
	if (!bits)
		return -EOPNOTSUPP;
	if (copy_from_user(&v, useraddr, sizeof(v)))
		return -EFAULT;
	if (ethtool_cmd_is_set(cmd))
		return ethtool_set_one_feature(dev, bits, v.data);
	v.data = !!(dev->features & bits);
	return copy_to_user(useraddr, &v, sizeof(v)) ? -EFAULT : 0;
}
