/* AF_PACKET sockets (the Linux ABI, include/uapi/linux/if_packet.h): the address, the options, the statistics. */
#ifndef _LINUX_IF_PACKET_H
#define _LINUX_IF_PACKET_H

#include <stdint.h>

/* A link-layer address: what bind, sendto and recvfrom take and give. */
struct sockaddr_ll {
	unsigned short sll_family;	/* AF_PACKET */
	uint16_t sll_protocol;		/* EtherType, network order */
	int sll_ifindex;
	unsigned short sll_hatype;	/* ARPHRD_* */
	unsigned char sll_pkttype;	/* PACKET_* below */
	unsigned char sll_halen;
	unsigned char sll_addr[8];
};

/* sll_pkttype: who the frame was for. */
#define PACKET_HOST		0
#define PACKET_BROADCAST	1
#define PACKET_MULTICAST	2
#define PACKET_OTHERHOST	3
#define PACKET_OUTGOING		4	/* sent by this host (a transmit tap) */
#define PACKET_LOOPBACK		5

/* SOL_PACKET options. */
#define PACKET_ADD_MEMBERSHIP	1
#define PACKET_DROP_MEMBERSHIP	2
#define PACKET_STATISTICS	6

/* PACKET_STATISTICS: since the last read, which resets them. */
struct tpacket_stats {
	unsigned int tp_packets;	/* matched the filter (queued or dropped) */
	unsigned int tp_drops;		/* dropped: the receive buffer was full */
};

#endif
