/* Host build: Skiff's Linux-ABI <sys/ioctl.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_SYS_IOCTL_H
#define SHIM_ABI_SYS_IOCTL_H
#include "../../../../libc/include/sys/ioctl.h"
#endif
