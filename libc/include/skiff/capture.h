/* /dev/capture: packet capture as a pcap stream (Skiff's own device). */
#ifndef _SKIFF_CAPTURE_H
#define _SKIFF_CAPTURE_H

/*
 * open("/dev/capture", O_RDONLY), optionally ioctl the packet count and an
 * interface, then read(): a pcap file (link type Ethernet, microsecond
 * timestamps) whose records arrive as the interfaces see packets; read
 * returns 0 after COUNT packets. Frames are captured on both directions,
 * as they go to the driver on transmit (after the qdisc) and as the
 * driver hands them up on receive (before the ingress qdisc).
 */
#define CAPTURE_SET_COUNT	0x4301	/* arg: packets, 1..100000 (default 100) */
#define CAPTURE_SET_IFINDEX	0x4302	/* arg: interface index, 0 = all */

#endif
