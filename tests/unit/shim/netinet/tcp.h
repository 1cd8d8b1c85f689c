/* Host build: Skiff's Linux-ABI <netinet/tcp.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_NETINET_TCP_H
#define SHIM_ABI_NETINET_TCP_H
#include "../../../../libc/include/netinet/tcp.h"
#endif
