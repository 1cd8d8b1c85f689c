/* Host build: Skiff's <skiff/tc.h> (libc/include). */
#ifndef SHIM_ABI_SKIFF_TC_H
#define SHIM_ABI_SKIFF_TC_H
#include "../../../../libc/include/skiff/tc.h"
#endif
