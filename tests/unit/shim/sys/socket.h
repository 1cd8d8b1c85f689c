/* Host build: Skiff's Linux-ABI <sys/socket.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_SYS_SOCKET_H
#define SHIM_ABI_SYS_SOCKET_H
#include "../../../../libc/include/sys/socket.h"
#endif
