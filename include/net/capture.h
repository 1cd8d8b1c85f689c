/* Packet capture on the device tap (net/core/capture.c). */
#ifndef _NET_CAPTURE_H
#define _NET_CAPTURE_H

#include <kernel/types.h>

/* Packets /dev/capture sessions dropped because their ring was full. */
u64 capture_drops(void);

#endif
