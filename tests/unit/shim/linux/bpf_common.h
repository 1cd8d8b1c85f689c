/* Host build: Skiff's Linux-ABI <linux/bpf_common.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_BPF_COMMON_H
#define SHIM_ABI_LINUX_BPF_COMMON_H
#include "../../../../libc/include/linux/bpf_common.h"
#endif
