/* Ethernet: lengths, EtherTypes and the header (the Linux ABI, include/uapi/linux/if_ether.h). */
#ifndef _LINUX_IF_ETHER_H
#define _LINUX_IF_ETHER_H

#include <stdint.h>

#define ETH_ALEN	6
#define ETH_HLEN	14
#define ETH_ZLEN	60
#define ETH_DATA_LEN	1500
#define ETH_FRAME_LEN	1514

#define ETH_P_LOOP	0x0060
#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_RARP	0x8035
#define ETH_P_8021Q	0x8100
#define ETH_P_IPV6	0x86DD
#define ETH_P_802_EX1	0x88B5	/* IEEE 802 local experimental */
#define ETH_P_ALL	0x0003	/* every frame: AF_PACKET's "all protocols" */

struct ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	uint16_t h_proto;
} __attribute__((packed));

#endif
