/* Host build: Skiff's Linux-ABI <net/if_arp.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_NET_IF_ARP_H
#define SHIM_ABI_NET_IF_ARP_H
#include "../../../../libc/include/net/if_arp.h"
#endif
