/* Host build: Skiff's Linux-ABI <sys/uio.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_SYS_UIO_H
#define SHIM_ABI_SYS_UIO_H
#include "../../../../libc/include/sys/uio.h"
#endif
