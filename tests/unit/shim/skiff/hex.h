/* Host build: Skiff's <skiff/hex.h> (libc/include). */
#ifndef SHIM_ABI_SKIFF_HEX_H
#define SHIM_ABI_SKIFF_HEX_H
#include "../../../../libc/include/skiff/hex.h"
#endif
