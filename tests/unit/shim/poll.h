/* Host build: Skiff's Linux-ABI <poll.h> (libc/include), not the host libc's. */
#ifndef SHIM_ABI_POLL_H
#define SHIM_ABI_POLL_H
#include "../../../libc/include/poll.h"
#endif
