/* Interface requests for socket ioctls (the Linux ABI). */
#ifndef _NET_IF_H
#define _NET_IF_H

#include <sys/socket.h>

#define IF_NAMESIZE	16
#ifndef IFNAMSIZ
#define IFNAMSIZ	IF_NAMESIZE
#endif

struct ifreq {
	char ifr_name[IF_NAMESIZE];
	union {
		struct sockaddr ifru_addr;
		struct sockaddr ifru_netmask;
		struct sockaddr ifru_broadaddr;
		struct sockaddr ifru_hwaddr;
		short ifru_flags;
		int ifru_ivalue;
		int ifru_mtu;
		char ifru_slave[IF_NAMESIZE];
		char ifru_newname[IF_NAMESIZE];
		void *ifru_data;
	} ifr_ifru;
};

#define ifr_addr	ifr_ifru.ifru_addr
#define ifr_netmask	ifr_ifru.ifru_netmask
#define ifr_broadaddr	ifr_ifru.ifru_broadaddr
#define ifr_hwaddr	ifr_ifru.ifru_hwaddr
#define ifr_flags	ifr_ifru.ifru_flags
#define ifr_ifindex	ifr_ifru.ifru_ivalue
#define ifr_mtu		ifr_ifru.ifru_mtu

#endif
