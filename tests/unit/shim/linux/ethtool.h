/* Host build: Skiff's Linux-ABI <linux/ethtool.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_ETHTOOL_H
#define SHIM_ABI_LINUX_ETHTOOL_H
#include "../../../../libc/include/linux/ethtool.h"
#endif
