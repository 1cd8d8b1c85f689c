/* AF_PACKET sockets (net/packet/af_packet.c): registered at boot; the host tests register them themselves. */
#ifndef _NET_PACKET_H
#define _NET_PACKET_H

/* Register the AF_PACKET family with the socket layer: 0 or -errno. */
int packet_init(void);

#endif
