/* Host build: Skiff's Linux-ABI <linux/netlink.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_NETLINK_H
#define SHIM_ABI_LINUX_NETLINK_H
#include "../../../../libc/include/linux/netlink.h"
#endif
