/* Packet capture on the device tap (net/core/capture.c). */
#ifndef _NET_CAPTURE_H
#define _NET_CAPTURE_H

#include <kernel/types.h>

/* Print a summary line per packet for the next COUNT packets (ifindex 0: all). */
int capture_console_start(int ifindex, u32 count);
void capture_console_stop(void);
/* Packets /dev/capture sessions dropped because their ring was full. */
u64 capture_drops(void);

#endif
