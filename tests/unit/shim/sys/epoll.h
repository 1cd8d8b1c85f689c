/* Host build: Skiff's Linux-ABI <sys/epoll.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_SYS_EPOLL_H
#define SHIM_ABI_SYS_EPOLL_H
#include "../../../../libc/include/sys/epoll.h"
#endif
