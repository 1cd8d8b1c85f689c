/* Host build: Skiff's Linux-ABI <fcntl.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_FCNTL_H
#define SHIM_ABI_FCNTL_H
#include "../../../libc/include/fcntl.h"
#endif
