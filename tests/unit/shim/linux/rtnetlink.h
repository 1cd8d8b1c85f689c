/* Host build: Skiff's Linux-ABI <linux/rtnetlink.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_RTNETLINK_H
#define SHIM_ABI_LINUX_RTNETLINK_H
#include "../../../../libc/include/linux/rtnetlink.h"
#endif
