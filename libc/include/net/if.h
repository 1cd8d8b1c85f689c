/* Interface requests for socket ioctls (the Linux ABI). */
#ifndef _NET_IF_H
#define _NET_IF_H

#include <sys/socket.h>

#define IF_NAMESIZE	16
#ifndef IFNAMSIZ
#define IFNAMSIZ	IF_NAMESIZE
#endif

#ifndef __KERNEL__
/* ifr_flags (the kernel's own copy is in its net/netdevice.h). */
#define IFF_UP		0x1
#define IFF_BROADCAST	0x2
#define IFF_LOOPBACK	0x8
#define IFF_POINTOPOINT	0x10
#define IFF_RUNNING	0x40	/* up, with carrier */
#define IFF_NOARP	0x80
#define IFF_PROMISC	0x100
#define IFF_MULTICAST	0x1000
#endif

/* Linux's struct ifmap: what makes struct ifreq 40 octets on x86-64. */
struct ifmap {
	unsigned long mem_start;
	unsigned long mem_end;
	unsigned short base_addr;
	unsigned char irq;
	unsigned char dma;
	unsigned char port;
};

/*
 * ifr_name is an interface ("eth0") or one of its address labels
 * ("eth0:1", an alias as ifconfig makes them): the address requests act
 * on the address with that label.
 */
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
		struct ifmap ifru_map;
	} ifr_ifru;
};
_Static_assert(sizeof(struct ifreq) == 40, "struct ifreq is Linux's");

#define ifr_addr	ifr_ifru.ifru_addr
#define ifr_netmask	ifr_ifru.ifru_netmask
#define ifr_broadaddr	ifr_ifru.ifru_broadaddr
#define ifr_hwaddr	ifr_ifru.ifru_hwaddr
#define ifr_flags	ifr_ifru.ifru_flags
#define ifr_ifindex	ifr_ifru.ifru_ivalue
#define ifr_mtu		ifr_ifru.ifru_mtu

/* SIOCGIFCONF: every IPv4 address as an ifreq (label and address). */
struct ifconf {
	int ifc_len;			/* in: bytes at ifc_buf; out: bytes used */
	union {
		char *ifcu_buf;		/* NULL: only report the size needed */
		struct ifreq *ifcu_req;
	} ifc_ifcu;
};

#define ifc_buf		ifc_ifcu.ifcu_buf
#define ifc_req		ifc_ifcu.ifcu_req

#endif
