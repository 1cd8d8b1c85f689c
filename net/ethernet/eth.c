/* Ethernet II framing (Linux net/ethernet/eth.c). */
#include <kernel/random.h>
#include <net/etherdevice.h>
#include <net/neighbour.h>
#include <net/gro.h>
#include <net/byteorder.h>
#include <errno.h>
#include <string.h>

void eth_random_addr(u8 *addr)
{
	get_random_bytes(addr, ETH_ALEN);
	addr[0] &= 0xfe;	/* unicast */
	addr[0] |= 0x02;	/* locally administered (IEEE 802 U/L bit) */
}

int eth_header(struct sk_buff *skb, struct net_device *dev, u16 type,
	       const void *daddr, const void *saddr, unsigned int len __unused)
{
	struct ethhdr *eth = skb_push(skb, ETH_HLEN);

	eth->h_proto = htons(type);
	memcpy(eth->h_source, saddr ? saddr : dev->dev_addr, ETH_ALEN);
	if (daddr)
		memcpy(eth->h_dest, daddr, ETH_ALEN);
	else
		eth_zero_addr(eth->h_dest);
	skb_reset_mac_header(skb);
	return ETH_HLEN;
}

int eth_header_parse(const struct sk_buff *skb, unsigned char *haddr)
{
	memcpy(haddr, eth_hdr(skb)->h_source, ETH_ALEN);
	return ETH_ALEN;
}

/* Linux's eth_header_cache: the header to neigh, right-aligned in hh_data. */
int eth_header_cache(const struct neighbour *neigh, struct hh_cache *hh, u16 type)
{
	struct ethhdr *eth = (struct ethhdr *)(hh->hh_data + HH_DATA_OFF(ETH_HLEN));

	eth->h_proto = htons(type);
	memcpy(eth->h_source, neigh->dev->dev_addr, ETH_ALEN);
	memcpy(eth->h_dest, neigh->ha, ETH_ALEN);
	hh->hh_len = ETH_HLEN;
	return 0;
}

void eth_header_cache_update(struct hh_cache *hh, const struct net_device *dev __unused,
			     const unsigned char *haddr)
{
	memcpy(hh->hh_data + HH_DATA_OFF(ETH_HLEN), haddr, ETH_ALEN);
}

const struct header_ops eth_header_ops = {
	.create = eth_header,
	.parse = eth_header_parse,
	.cache = eth_header_cache,
	.cache_update = eth_header_cache_update,
};

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth;

	BUG_ON(skb_headlen(skb) < ETH_HLEN);
	skb->dev = dev;
	skb_reset_mac_header(skb);
	eth = (const struct ethhdr *)skb->data;
	skb_pull(skb, ETH_HLEN);

	if (is_multicast_ether_addr(eth->h_dest))
		skb->pkt_type = is_broadcast_ether_addr(eth->h_dest) ?
				PACKET_BROADCAST : PACKET_MULTICAST;
	else if (!ether_addr_equal(eth->h_dest, dev->dev_addr))
		skb->pkt_type = PACKET_OTHERHOST;
	else
		skb->pkt_type = PACKET_HOST;

	/* IEEE 802.3: values below 0x0600 are a length, not a type. */
	if (ntohs(eth->h_proto) >= ETH_P_802_3_MIN)
		return eth->h_proto;
	return htons(ETH_P_802_2);
}

/* Runts and giants dropped, the header pulled and classified: false when skb was dropped. */
static bool eth_receive_prepare(struct sk_buff *skb, struct net_device *dev)
{
	/* A GSO frame (virtio's GUEST_TSO4) stands for segments within the MTU. */
	if (skb->len < ETH_HLEN ||
	    (skb->len > dev->mtu + ETH_HLEN + VLAN_HLEN && !skb_is_gso(skb))) {
		dev->stats.rx_length_errors++;
		dev->stats.rx_errors++;
		kfree_skb_reason(skb, skb->len < ETH_HLEN ?
				 SKB_DROP_REASON_PKT_TOO_SMALL :
				 SKB_DROP_REASON_PKT_TOO_BIG);
		return false;
	}
	/* A driver handing up pages may leave the header in a frag. */
	if (!pskb_may_pull(skb, ETH_HLEN)) {
		dev->stats.rx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return false;
	}
	skb->protocol = eth_type_trans(skb, dev);
	return true;
}

int eth_receive_skb(struct sk_buff *skb, struct net_device *dev)
{
	if (!eth_receive_prepare(skb, dev))
		return NET_RX_DROP;
	return netif_receive_skb(skb);
}

void eth_napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	if (eth_receive_prepare(skb, napi->dev))
		napi_gro_receive(napi, skb);
}

void ether_setup(struct net_device *dev)
{
	dev->header_ops = &eth_header_ops;
	dev->type = ARPHRD_ETHER;
	dev->hard_header_len = ETH_HLEN;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->addr_len = ETH_ALEN;
	dev->tx_queue_len = 1000;
	dev->flags = IFF_BROADCAST | IFF_MULTICAST;
	eth_broadcast_addr(dev->broadcast);
}

struct net_device *alloc_etherdev(size_t sizeof_priv)
{
	return alloc_netdev(sizeof_priv, "eth%d", ether_setup);
}
