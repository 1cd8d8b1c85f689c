/* AF_PACKET sockets (glibc's <netpacket/packet.h>): the same ABI as <linux/if_packet.h>. */
#ifndef _NETPACKET_PACKET_H
#define _NETPACKET_PACKET_H

#include <linux/if_packet.h>

#endif
