/* Host build: Skiff's Linux-ABI <linux/gen_stats.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_GEN_STATS_H
#define SHIM_ABI_LINUX_GEN_STATS_H
#include "../../../../libc/include/linux/gen_stats.h"
#endif
