/* Host build: Skiff's Linux-ABI <linux/if_link.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_IF_LINK_H
#define SHIM_ABI_LINUX_IF_LINK_H
#include "../../../../libc/include/linux/if_link.h"
#endif
