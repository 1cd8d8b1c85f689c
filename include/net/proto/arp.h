/* ARP (RFC 826) for Ethernet hardware and IPv4 protocol addresses: wire format only. */
#ifndef _NET_PROTO_ARP_H
#define _NET_PROTO_ARP_H

#include <kernel/types.h>
#include <net/proto/ethernet.h>

#define ARPHRD_ETHER	1	/* ar_hrd for Ethernet */
#define ARPHRD_LOOPBACK	772	/* dev->type of "lo" (never on the wire) */

#define ARPOP_REQUEST	1
#define ARPOP_REPLY	2

/* The fixed part, common to every hardware and protocol pair. */
struct arphdr {
	__be16 ar_hrd;		/* hardware address space */
	__be16 ar_pro;		/* protocol address space (an EtherType) */
	u8 ar_hln;		/* hardware address length */
	u8 ar_pln;		/* protocol address length */
	__be16 ar_op;		/* ARPOP_* */
} __packed;

/* The whole packet when hardware is Ethernet and protocol is IPv4. */
struct arp_eth_ipv4 {
	struct arphdr hdr;
	u8 ar_sha[ETH_ALEN];	/* sender hardware address */
	__be32 ar_sip;		/* sender protocol address */
	u8 ar_tha[ETH_ALEN];	/* target hardware address */
	__be32 ar_tip;		/* target protocol address */
} __packed;

#define ARP_ETH_IPV4_LEN	28

#endif
