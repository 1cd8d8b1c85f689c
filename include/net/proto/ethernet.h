/* Ethernet II framing (IEEE 802.3 with EtherType): wire format only. */
#ifndef _NET_PROTO_ETHERNET_H
#define _NET_PROTO_ETHERNET_H

#include <kernel/types.h>

#define ETH_ALEN	6	/* octets in one address */
#define ETH_HLEN	14	/* header: dst, src, type */
#define ETH_ZLEN	60	/* minimum frame without the FCS */
#define ETH_DATA_LEN	1500	/* maximum payload (the MTU) */
#define ETH_MIN_MTU	68	/* RFC 791: every host must take 68 octets */
#define ETH_FRAME_LEN	1514	/* maximum frame without the FCS */
#define ETH_FCS_LEN	4

#define ETH_P_ALL	0x0003	/* not on the wire: every frame (packet_type, AF_PACKET) */
#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_8021Q	0x8100
#define ETH_P_IPV6	0x86DD
#define ETH_P_802_3_MIN	0x0600	/* below this the field is an 802.3 length */
#define ETH_P_802_2	0x0004	/* what eth_type_trans reports for 802.3 length frames */
#define VLAN_HLEN	4

struct ethhdr {
	u8 h_dest[ETH_ALEN];
	u8 h_source[ETH_ALEN];
	__be16 h_proto;
} __packed;

#endif
