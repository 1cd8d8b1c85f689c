/* Host build: Skiff's Linux-ABI <linux/pkt_sched.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_PKT_SCHED_H
#define SHIM_ABI_LINUX_PKT_SCHED_H
#include "../../../../libc/include/linux/pkt_sched.h"
#endif
