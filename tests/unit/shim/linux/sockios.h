/* Host build: Skiff's Linux-ABI <linux/sockios.h> (libc/include), not the host's. */
#ifndef SHIM_ABI_LINUX_SOCKIOS_H
#define SHIM_ABI_LINUX_SOCKIOS_H
#include "../../../../libc/include/linux/sockios.h"
#endif
