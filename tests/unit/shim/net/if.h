/* Host build: Skiff's Linux-ABI <net/if.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_NET_IF_H
#define SHIM_ABI_NET_IF_H
#include "../../../../libc/include/net/if.h"
#endif
