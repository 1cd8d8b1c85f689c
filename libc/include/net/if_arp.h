/* ARP requests for SIOCDARP (the Linux ABI, <net/if_arp.h>). */
#ifndef _NET_IF_ARP_H
#define _NET_IF_ARP_H

#include <sys/socket.h>

#define ARPHRD_ETHER	1
#define ARPHRD_LOOPBACK	772

/* arp_flags, and the Flags column of /proc/net/arp. */
#define ATF_COM		0x02	/* completed: the hardware address is known */
#define ATF_PERM	0x04	/* permanent */

struct arpreq {
	struct sockaddr arp_pa;		/* protocol (IPv4) address */
	struct sockaddr arp_ha;		/* hardware address */
	int arp_flags;
	struct sockaddr arp_netmask;
	char arp_dev[16];
};

#endif
