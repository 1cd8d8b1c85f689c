/* Ethernet for programs (glibc's <net/ethernet.h>): the BSD names over <linux/if_ether.h>. */
#ifndef _NET_ETHERNET_H
#define _NET_ETHERNET_H

#include <stdint.h>
#include <linux/if_ether.h>

struct ether_addr {
	uint8_t ether_addr_octet[ETH_ALEN];
};

struct ether_header {
	uint8_t ether_dhost[ETH_ALEN];
	uint8_t ether_shost[ETH_ALEN];
	uint16_t ether_type;
} __attribute__((packed));

#define ETHERTYPE_IP		0x0800
#define ETHERTYPE_ARP		0x0806
#define ETHERTYPE_REVARP	0x8035
#define ETHERTYPE_IPV6		0x86dd

#endif
