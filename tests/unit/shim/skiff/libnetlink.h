/* Host build: Skiff's <skiff/libnetlink.h> (libc/include). */
#ifndef SHIM_ABI_SKIFF_LIBNETLINK_H
#define SHIM_ABI_SKIFF_LIBNETLINK_H
#include "../../../../libc/include/skiff/libnetlink.h"
#endif
