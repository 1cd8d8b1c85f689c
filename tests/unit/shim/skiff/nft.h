/* Host build: Skiff's <skiff/nft.h> (libc/include). */
#ifndef SHIM_ABI_SKIFF_NFT_H
#define SHIM_ABI_SKIFF_NFT_H
#include "../../../../libc/include/skiff/nft.h"
#endif
