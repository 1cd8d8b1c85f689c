/* Host build: Skiff's Linux-ABI <linux/if_packet.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_IF_PACKET_H
#define SHIM_ABI_LINUX_IF_PACKET_H
#include "../../../../libc/include/linux/if_packet.h"
#endif
