/* Ethernet devices: address helpers, header ops and the receive classifier. */
#ifndef _NET_ETHERDEVICE_H
#define _NET_ETHERDEVICE_H

#include <kernel/types.h>
#include <net/netdevice.h>
#include <net/proto/ethernet.h>
#include <net/proto/arp.h>
#include <string.h>

extern const struct header_ops eth_header_ops;

static inline bool is_zero_ether_addr(const u8 *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}

/* The I/G bit: group (multicast or broadcast) addresses. */
static inline bool is_multicast_ether_addr(const u8 *a)
{
	return a[0] & 0x01;
}

static inline bool is_broadcast_ether_addr(const u8 *a)
{
	return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xff;
}

/* A unicast address that is not all zeros: fit for a station. */
static inline bool is_valid_ether_addr(const u8 *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}

static inline bool ether_addr_equal(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, ETH_ALEN);
}

static inline void ether_addr_copy(u8 *dst, const u8 *src)
{
	memcpy(dst, src, ETH_ALEN);
}

static inline void eth_broadcast_addr(u8 *a)
{
	memset(a, 0xff, ETH_ALEN);
}

static inline void eth_zero_addr(u8 *a)
{
	memset(a, 0, ETH_ALEN);
}

static inline struct ethhdr *eth_hdr(const struct sk_buff *skb)
{
	return (struct ethhdr *)skb_mac_header(skb);
}

/* A random locally administered unicast address (for NICs without one). */
void eth_random_addr(u8 *addr);

/* header_ops.create: push an Ethernet header; returns ETH_HLEN. */
int eth_header(struct sk_buff *skb, struct net_device *dev, u16 type,
	       const void *daddr, const void *saddr, unsigned int len);
int eth_header_parse(const struct sk_buff *skb, unsigned char *haddr);
/* header_ops.cache and .cache_update: the header to a neighbour, kept in its hh_cache. */
int eth_header_cache(const struct neighbour *neigh, struct hh_cache *hh, u16 type);
void eth_header_cache_update(struct hh_cache *hh, const struct net_device *dev,
			     const unsigned char *haddr);

/*
 * Classify a received frame: sets skb->dev, the MAC header and pkt_type,
 * pulls the Ethernet header and returns the EtherType for skb->protocol.
 * The caller has checked skb->len >= ETH_HLEN.
 */
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

/*
 * Receive of one Ethernet frame (FCS stripped) in skb->data: drops runts
 * and giants (rx_length_errors), then eth_type_trans and
 * netif_receive_skb. Consumes skb. Softirq context.
 */
int eth_receive_skb(struct sk_buff *skb, struct net_device *dev);
/*
 * The same from a driver's NAPI poll, through GRO (napi_gro_receive,
 * <net/gro.h>) instead of straight to netif_receive_skb, for napi->dev.
 */
void eth_napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);

void ether_setup(struct net_device *dev);
struct net_device *alloc_etherdev(size_t sizeof_priv);

#endif
