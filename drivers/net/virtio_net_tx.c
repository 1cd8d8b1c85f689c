/*
 * virtio-net transmit ([virtio 1.1 5.1.6.2]): the header pushed in front
 * of the frame, carrying the checksum (CSUM) and segmentation (HOST_TSO4)
 * requests the skb makes; the linear part and every page frag as the
 * pieces of one buffer, through an indirect table when the device takes
 * them (one ring slot per frame); the doorbell once per batch
 * (netdev_xmit_more) and only when the device asks for it (EVENT_IDX).
 * Completions are reclaimed here and in the poll; their interrupt is
 * asked for only once three quarters of what is outstanding is done.
 */
#include <kernel/mm.h>
#include <kernel/page.h>
#include <asm/io.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include <string.h>
#include "virtio_net.h"

void virtnet_clean_tx(struct virtnet_info *vi)
{
	struct sk_buff *skb;
	u32 len;

	while ((skb = virtqueue_get_buf(&vi->svq, &len)) != NULL)
		consume_skb(skb);
	/* Not while ndo_stop empties the ring: the queue stays stopped then. */
	if (vi->up && netif_queue_stopped(vi->dev) &&
	    vi->svq.num_free >= max(vi->tx_stop_free, (u16)(vi->svq.num / 4)))
		netif_wake_queue(vi->dev);
}

/*
 * [5.1.6.2] CHECKSUM_PARTIAL: NEEDS_CSUM with where to sum from (from the
 * frame's start, which is skb->data here) and where to store. A GSO skb:
 * its type and segment size, and hdr_len, which is only a hint to the
 * device [5.1.6.2.1]: the linear part, where the stack keeps the headers
 * (Linux's virtio_net_hdr_from_skb gives the same).
 */
void virtio_net_hdr_from_skb(const struct sk_buff *skb, struct virtio_net_hdr *hdr,
			     unsigned int hdr_len)
{
	memset(hdr, 0, hdr_len);
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		hdr->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		hdr->csum_start = (u16)skb_checksum_start_offset(skb);
		hdr->csum_offset = skb->csum_offset;
	}
	if (skb_is_gso(skb)) {
		hdr->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
		hdr->gso_size = skb_shinfo(skb)->gso_size;
		hdr->hdr_len = (u16)skb_headlen(skb);
	}
}

unsigned int virtnet_skb_to_sg(const struct sk_buff *skb, struct virtio_sg *sg)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int n = 0;

	if (skb_headlen(skb))
		sg[n++] = (struct virtio_sg){ virt_to_phys(skb->data), skb_headlen(skb) };
	for (unsigned int i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];

		sg[n++] = (struct virtio_sg){ virt_to_phys(skb_frag_address(f)),
					      skb_frag_size(f) };
	}
	return n;
}

/*
 * Whether the device can take skb at all: a GSO skb only of the type it
 * segments, any other no longer than the MTU allows. The stack offers no
 * other (validate_xmit_skb); this guards the device from a bug above.
 */
static bool virtnet_tx_ok(const struct virtnet_info *vi, const struct sk_buff *skb)
{
	if (skb_is_gso(skb))
		return skb_shinfo(skb)->gso_type == SKB_GSO_TCPV4 &&
		       skb->ip_summed == CHECKSUM_PARTIAL &&
		       virtio_has_feature(vi->vdev, VIRTIO_NET_F_HOST_TSO4);
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    !virtio_has_feature(vi->vdev, VIRTIO_NET_F_CSUM))
		return false;
	return skb->len <= vi->dev->mtu + ETH_HLEN + VLAN_HLEN;
}

/* Count a dropped transmit and free it under reason. */
static netdev_tx_t virtnet_tx_drop(struct net_device *dev, struct sk_buff *skb,
				   enum skb_drop_reason reason)
{
	dev->stats.tx_dropped++;
	kfree_skb_reason(skb, reason);
	return NETDEV_TX_OK;
}

/*
 * Put skb on the ring. Consumes skb and returns NETDEV_TX_OK (queued, or
 * dropped and counted), or NETDEV_TX_BUSY with skb untouched and still the
 * caller's when the ring is full. [5.1.6.2] The header goes in the skb's
 * headroom (dev->needed_headroom asks the stack for it; skb_cow_head makes
 * room, or a private copy of a clone's header), in front of the frame's
 * first piece: any layout is allowed with VERSION_1 and legacy ANY_LAYOUT.
 */
static netdev_tx_t virtnet_tx_one(struct virtnet_info *vi, struct sk_buff *skb)
{
	struct net_device *dev = vi->dev;
	struct virtio_sg sg[VIRTNET_TX_MAX_SG];
	struct virtio_net_hdr hdr;
	unsigned int n;

	if (!virtnet_tx_ok(vi, skb))
		return virtnet_tx_drop(dev, skb, skb_is_gso(skb) ? SKB_DROP_REASON_INVALID_PROTO :
						 SKB_DROP_REASON_PKT_TOO_BIG);
	if (skb_cow_head(skb, vi->hdr_len))
		return virtnet_tx_drop(dev, skb, SKB_DROP_REASON_NOMEM);
	/* Offsets from the frame's start: before the header goes in front. */
	virtio_net_hdr_from_skb(skb, &hdr, vi->hdr_len);
	memcpy(skb_push(skb, vi->hdr_len), &hdr, vi->hdr_len);
	n = virtnet_skb_to_sg(skb, sg);
	if (vi->svq.num_free < (vi->svq.indir && n > 1 ? 1 : n)) {
		skb_pull(skb, vi->hdr_len);
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	virtqueue_add_sgs(&vi->svq, sg, n, 0, skb);
	vi->stats.tx_csum += hdr.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM;
	vi->stats.tx_gso += hdr.gso_type != VIRTIO_NET_HDR_GSO_NONE;
	vi->stats.tx_sg += n > 1;
	if (vi->svq.num_free < vi->tx_stop_free)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

/*
 * ndo_start_xmit: completions reclaimed first, the frame on the ring.
 * While more frames follow in this qdisc run (netdev_xmit_more) and the
 * queue runs, that is all: the batch's last frame rings the doorbell, if
 * the device asks for it, and asks for the completion interrupt late,
 * one fence serving both checks; NAPI reclaims now if completions raced
 * in. A frame dropped or refused still rings for those before it.
 */
netdev_tx_t virtnet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	netdev_tx_t ret;
	u16 pending;

	virtqueue_disable_cb(&vi->svq);
	virtnet_clean_tx(vi);
	ret = virtnet_tx_one(vi, skb);
	if (!netif_queue_stopped(dev) && netdev_xmit_more())
		return ret;
	pending = virtqueue_enable_cb_delayed_prepare(&vi->svq);
	mb();
	if (virtqueue_kick_needed(&vi->svq)) {
		virtqueue_notify(&vi->svq);
		vi->stats.tx_kicks++;
	}
	if (virtqueue_poll(&vi->svq, pending))
		napi_schedule(&vi->napi);
	return ret;
}
