/*
 * The loopback device "lo": every frame sent comes back in through
 * netif_rx, so local traffic takes the same receive path as the wire.
 */
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <errno.h>

struct net_device *loopback_dev;

/*
 * A checksum left to the device (CHECKSUM_PARTIAL) is one no wire can
 * break: the receiver takes it as verified (CHECKSUM_UNNECESSARY), as
 * with Linux's lo. Consumes skb.
 */
static netdev_tx_t loopback_xmit(struct sk_buff *skb, struct net_device *dev)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb_orphan(skb);
	skb_dst_drop(skb);	/* the receive path routes it afresh */
	skb->protocol = eth_type_trans(skb, dev);
	netif_rx(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops loopback_ops = {
	.ndo_start_xmit = loopback_xmit,
};

static void loopback_setup(struct net_device *dev)
{
	dev->mtu = 65536;
	dev->min_mtu = 0;
	dev->max_mtu = 65536;
	dev->hard_header_len = ETH_HLEN;
	dev->addr_len = ETH_ALEN;
	dev->type = ARPHRD_LOOPBACK;
	dev->flags = IFF_LOOPBACK | IFF_NOARP;
	/*
	 * Nothing crosses a wire: a checksum left to finish (CHECKSUM_PARTIAL)
	 * and a 64 KiB TSO skb arrive as they were sent (Linux's lo). All of
	 * them may be switched off, to run local traffic the way a NIC
	 * without offloads would.
	 */
	dev->features = NETIF_F_LOOPBACK | NETIF_F_HW_CSUM | NETIF_F_SG | NETIF_F_TSO;
	dev->hw_features = NETIF_F_HW_CSUM | NETIF_F_SG | NETIF_F_TSO;
	dev->tx_queue_len = 0;		/* no qdisc: it cannot be congested */
	dev->header_ops = &eth_header_ops;
	dev->netdev_ops = &loopback_ops;
}

int loopback_init(void)
{
	struct net_device *dev = alloc_netdev(0, "lo", loopback_setup);
	int err;

	if (!dev)
		return -ENOMEM;
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	netif_carrier_on(dev);
	loopback_dev = dev;
	return dev_open(dev);
}
