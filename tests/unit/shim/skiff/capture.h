/* Host build: Skiff's <skiff/capture.h> (libc/include). */
#ifndef SHIM_ABI_SKIFF_CAPTURE_H
#define SHIM_ABI_SKIFF_CAPTURE_H
#include "../../../../libc/include/skiff/capture.h"
#endif
