/* Host build: Skiff's Linux-ABI <linux/filter.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_FILTER_H
#define SHIM_ABI_LINUX_FILTER_H
#include "../../../../libc/include/linux/filter.h"
#endif
