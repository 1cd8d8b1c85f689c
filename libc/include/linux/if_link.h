/* Device attributes of RTM_NEWLINK (Linux include/uapi/linux/if_link.h), the ones Skiff fills. */
#ifndef _LINUX_IF_LINK_H
#define _LINUX_IF_LINK_H

enum {
	IFLA_UNSPEC,
	IFLA_ADDRESS,		/* hardware address */
	IFLA_BROADCAST,
	IFLA_IFNAME,		/* "eth0", NUL-terminated */
	IFLA_MTU,		/* u32 */
	IFLA_LINK,
	IFLA_QDISC,		/* the root qdisc's kind, "noqueue" without one */
	IFLA_STATS,
	IFLA_COST,
	IFLA_PRIORITY,
	IFLA_MASTER,
	IFLA_WIRELESS,
	IFLA_PROTINFO,
	IFLA_TXQLEN,		/* u32: the default qdisc's limit */
	__IFLA_MAX
};

#define IFLA_MAX (__IFLA_MAX - 1)

#endif
