/* Host build: Skiff's Linux-ABI <netinet/in.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_NETINET_IN_H
#define SHIM_ABI_NETINET_IN_H
#include "../../../../libc/include/netinet/in.h"
#endif
