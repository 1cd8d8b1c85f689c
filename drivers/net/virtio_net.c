/*
 * virtio-net ([virtio 1.1 5.1]) over any virtio transport (PCI or MMIO,
 * include/kernel/virtio.h): receive queue 0, transmit queue 1, NAPI, link
 * state from the config space. QEMU's -device virtio-net-pci is
 * transitional (1af4:1000, modern capabilities and the legacy I/O BAR);
 * disable-modern=on leaves legacy only, disable-legacy=on makes it
 * 1af4:1041. On microvm, virtio-net-device is MMIO version 1 (legacy) by
 * default, version 2 with virtio-mmio.force-legacy=false.
 *
 * Context and locking as in e1000.c: the transport's IRQ handler
 * acknowledges; the queue callbacks silence the queues and schedule NAPI;
 * ndo_start_xmit and the poll run with bottom halves off on one CPU and
 * never at the same time, so the queues need no lock. Transmits from inside the poll touch only the TX
 * queue, which the poll is not walking at that moment.
 */
#include <kernel/virtio.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "nic_common.h"
#include "nic_selftest.h"

/*
 * [virtio 1.1 5.1.3] Feature bits. MAC and STATUS are negotiated; the
 * offloads have their names here for when the stack can use them (TX
 * checksum and TSO need NETIF_F_* support above, MRG_RXBUF a chained
 * receive path) and are not asked for.
 */
#define VIRTIO_NET_F_CSUM		0	/* device completes partial TX checksums */
#define VIRTIO_NET_F_GUEST_CSUM		1	/* RX may carry partial checksums */
#define VIRTIO_NET_F_MAC		5	/* config holds the MAC */
#define VIRTIO_NET_F_HOST_TSO4		11	/* device segments TCP/IPv4 */
#define VIRTIO_NET_F_MRG_RXBUF		15	/* RX frames over several buffers */
#define VIRTIO_NET_F_STATUS		16	/* config holds the link status */
#define VIRTNET_FEATURES	(1ULL << VIRTIO_NET_F_MAC | 1ULL << VIRTIO_NET_F_STATUS)

/* [virtio 1.1 5.1.4] Device configuration layout. */
#define VIRTIO_NET_CFG_MAC		0	/* u8[6] */
#define VIRTIO_NET_CFG_STATUS		6	/* le16 */
#define VIRTIO_NET_S_LINK_UP		1

/*
 * [virtio 1.1 5.1.6] The header in front of every packet. num_buffers is
 * there with VERSION_1 or MRG_RXBUF: 12 bytes on a modern device even
 * without MRG_RXBUF, 10 on legacy without it [5.1.6.1 legacy note].
 */
struct virtio_net_hdr {
	u8 flags;
	u8 gso_type;
	u16 hdr_len;
	u16 gso_size;
	u16 csum_start;
	u16 csum_offset;
	u16 num_buffers;
} __packed;

#define VIRTIO_NET_HDR_LEN		sizeof(struct virtio_net_hdr)
#define VIRTIO_NET_HDR_LEN_LEGACY	offsetof(struct virtio_net_hdr, num_buffers)

#define VIRTNET_RXQ		0
#define VIRTNET_TXQ		1
#define VIRTNET_QUEUE_MAX	256	/* entries per queue we ask for */
#define VIRTNET_RX_BUFS		256	/* receive buffers posted */
/* [5.1.6.3.1] Without MRG_RXBUF and GUEST_TSO*: buffers of >= 1526 bytes. */
#define VIRTNET_RX_FRAME	1526
#define VIRTNET_RX_STRIDE	2048	/* buffer spacing in the RX block */
#define VIRTNET_MAX_TX_LEN	(ETH_FRAME_LEN + VLAN_HLEN)

struct virtnet_info {
	struct net_device *dev;
	struct virtio_device *vdev;
	struct virtqueue rvq, svq;
	struct napi_struct napi;
	bool up;			/* between ndo_open and ndo_stop */
	unsigned int hdr_len;		/* 12 or 10, see struct virtio_net_hdr */
	unsigned int rx_buf_len;	/* header + VIRTNET_RX_FRAME */
	unsigned int rx_nbufs;
	u8 *rx_bufs;			/* rx_nbufs x VIRTNET_RX_STRIDE; NULL while down */
	dma_addr_t rx_bufs_dma;
};

/* Carrier from the status field (always up without STATUS [5.1.4.2]). */
static void virtnet_update_link(struct virtnet_info *vi)
{
	struct net_device *dev = vi->dev;
	bool up = true;
	u16 status;

	if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_STATUS)) {
		virtio_cread(vi->vdev, VIRTIO_NET_CFG_STATUS, &status, sizeof(status));
		up = status & VIRTIO_NET_S_LINK_UP;
	}
	if (up && !netif_carrier_ok(dev)) {
		printk("%s: link up\n", dev->name);
		netif_carrier_on(dev);
	} else if (!up && netif_carrier_ok(dev)) {
		printk("%s: link down\n", dev->name);
		netif_carrier_off(dev);
	}
}

static void virtnet_disable_cbs(struct virtnet_info *vi)
{
	virtqueue_disable_cb(&vi->rvq);
	virtqueue_disable_cb(&vi->svq);
}

/* Free what the device has sent; restart a stopped queue. */
static void virtnet_clean_tx(struct virtnet_info *vi)
{
	struct sk_buff *skb;
	u32 len;

	while ((skb = virtqueue_get_buf(&vi->svq, &len)) != NULL)
		consume_skb(skb);
	/* Not while ndo_stop empties the ring: the queue stays stopped then. */
	if (vi->up && netif_queue_stopped(vi->dev) &&
	    vi->svq.num_free >= max(1, vi->svq.num / 4))
		netif_wake_queue(vi->dev);
}

/*
 * One used receive buffer of len bytes (header included): the frame is
 * copied out (nic_rx_copy) and the buffer goes straight back. No skb
 * exists before the copy, so a bad length is counted in the device stats.
 */
static void virtnet_rx_frame(struct virtnet_info *vi, const u8 *buf, u32 len)
{
	struct net_device *dev = vi->dev;

	if (len < vi->hdr_len + ETH_HLEN || len > vi->rx_buf_len) {
		dev->stats.rx_length_errors++;
		dev->stats.rx_errors++;
		return;
	}
	nic_rx_copy(&vi->napi, buf + vi->hdr_len, len - vi->hdr_len);
}

static void virtnet_post_rx(struct virtnet_info *vi, u8 *buf)
{
	/* Cannot fail: the buffer's descriptor was just freed, or the ring is new. */
	virtqueue_add_buf(&vi->rvq, vi->rx_bufs_dma + (dma_addr_t)(buf - vi->rx_bufs),
			  vi->rx_buf_len, true, buf);
}

static int virtnet_clean_rx(struct virtnet_info *vi, int budget)
{
	int work = 0;
	u32 len;
	u8 *buf;

	while (work < budget && (buf = virtqueue_get_buf(&vi->rvq, &len)) != NULL) {
		virtnet_rx_frame(vi, buf, len);
		virtnet_post_rx(vi, buf);
		work++;
	}
	if (work)
		virtqueue_kick(&vi->rvq);
	return work;
}

/*
 * NAPI poll: reclaim TX, receive up to budget frames, then interrupts on
 * again, looking once more for buffers used meanwhile [virtio 1.1 2.6.14].
 */
static int virtnet_poll(struct napi_struct *napi, int budget)
{
	struct virtnet_info *vi = container_of(napi, struct virtnet_info, napi);
	int work;

	virtnet_clean_tx(vi);
	work = virtnet_clean_rx(vi, budget);
	if (work < budget && napi_complete_done(napi, work)) {
		bool rx_idle = virtqueue_enable_cb(&vi->rvq);
		bool tx_idle = virtqueue_enable_cb(&vi->svq);

		if (!rx_idle || !tx_idle) {
			virtnet_disable_cbs(vi);
			napi_schedule(napi);
		}
	}
	return work;
}

/* Used buffers on either queue (IRQ context): quiet both, let NAPI work. */
static void virtnet_vq_done(struct virtqueue *vq)
{
	struct net_device *dev = vq->vdev->priv;
	struct virtnet_info *vi = netdev_priv(dev);

	if (!vi->up)
		return;
	virtnet_disable_cbs(vi);
	napi_schedule(&vi->napi);
}

static void virtnet_config_changed(struct virtio_device *vdev)
{
	struct net_device *dev = vdev->priv;
	struct virtnet_info *vi = netdev_priv(dev);

	if (vi->up)
		virtnet_update_link(vi);
}

/*
 * ndo_start_xmit. Consumes skb and returns NETDEV_TX_OK (queued, or
 * dropped and counted), or NETDEV_TX_BUSY with skb untouched and still the
 * caller's when the queue is full. [5.1.6.2] The header goes in the skb's
 * headroom (dev->needed_headroom asks the stack for it; skb_cow_head makes
 * room, or a private copy of a clone's data), so one descriptor carries a
 * packet: any layout is allowed with VERSION_1 and with legacy ANY_LAYOUT.
 */
static netdev_tx_t virtnet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);

	virtnet_clean_tx(vi);
	if (!vi->svq.num_free) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (skb->len > VIRTNET_MAX_TX_LEN) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return NETDEV_TX_OK;
	}
	if (skb_cow_head(skb, vi->hdr_len)) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return NETDEV_TX_OK;
	}
	/* No checksum or segmentation offload: flags 0, GSO_NONE, num_buffers 0. */
	memset(skb_push(skb, vi->hdr_len), 0, vi->hdr_len);
	virtqueue_add_buf(&vi->svq, virt_to_phys(skb->data), skb->len, false, skb);
	virtqueue_kick(&vi->svq);
	if (!vi->svq.num_free)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

/*
 * [virtio 1.1 3.1.1] The device was reset at probe or stop: negotiate the
 * probe's features again, set up both queues, post the receive buffers,
 * DRIVER_OK, and only then the first notification (3.1.1: none before).
 */
static int virtnet_open(struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	int err;

	vi->rx_bufs = dma_alloc_coherent(vi->rx_nbufs * VIRTNET_RX_STRIDE,
					 &vi->rx_bufs_dma);
	if (!vi->rx_bufs)
		return -ENOMEM;
	err = virtio_negotiate(vi->vdev, vi->vdev->features);
	if (err)
		goto out_free;
	err = virtio_activate_vq(&vi->rvq);
	if (!err)
		err = virtio_activate_vq(&vi->svq);
	if (err)
		goto out_fail;
	for (unsigned int i = 0; i < vi->rx_nbufs; i++)
		virtnet_post_rx(vi, vi->rx_bufs + i * VIRTNET_RX_STRIDE);
	napi_enable(&vi->napi);
	vi->up = true;
	virtio_add_status(vi->vdev, VIRTIO_STATUS_DRIVER_OK);
	virtqueue_kick(&vi->rvq);
	netif_start_queue(dev);
	virtnet_update_link(vi);
	return 0;

out_fail:
	virtio_add_status(vi->vdev, VIRTIO_STATUS_FAILED);
out_free:
	dma_free_coherent(vi->rx_nbufs * VIRTNET_RX_STRIDE, vi->rx_bufs,
			  vi->rx_bufs_dma);
	vi->rx_bufs = NULL;
	return err;
}

/* A reset makes the device let go of every buffer; then they can be freed. */
static int virtnet_stop(struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	struct sk_buff *skb;

	vi->up = false;
	napi_disable(&vi->napi);
	netif_stop_queue(dev);
	virtio_reset_device(vi->vdev);
	virtnet_clean_tx(vi);
	while ((skb = virtqueue_detach_unused(&vi->svq)) != NULL) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	}
	dma_free_coherent(vi->rx_nbufs * VIRTNET_RX_STRIDE, vi->rx_bufs,
			  vi->rx_bufs_dma);
	vi->rx_bufs = NULL;
	netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops virtnet_netdev_ops = {
	.ndo_open = virtnet_open,
	.ndo_stop = virtnet_stop,
	.ndo_start_xmit = virtnet_xmit,
};

/*
 * Features, MAC and queue sizes, read with the device initialised up to
 * FEATURES_OK [3.1.1 step 7]; then reset, to sleep until ndo_open.
 */
static int virtnet_setup_device(struct virtnet_info *vi)
{
	struct virtio_device *vdev = vi->vdev;
	struct net_device *dev = vi->dev;
	u64 wanted = VIRTNET_FEATURES;
	int err;

	if (vdev->legacy)
		wanted |= 1ULL << VIRTIO_F_ANY_LAYOUT;
	err = virtio_negotiate(vdev, wanted);
	if (err)
		return err;
	if (vdev->legacy && !virtio_has_feature(vdev, VIRTIO_F_ANY_LAYOUT)) {
		/* Legacy framing would need the header in its own descriptor. */
		pr_err("virtio-net: legacy device without ANY_LAYOUT\n");
		err = -ENODEV;
		goto out_reset;
	}
	vi->hdr_len = vdev->legacy ? VIRTIO_NET_HDR_LEN_LEGACY : VIRTIO_NET_HDR_LEN;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_MAC))
		virtio_cread(vdev, VIRTIO_NET_CFG_MAC, dev->dev_addr, ETH_ALEN);
	if (!is_valid_ether_addr(dev->dev_addr))
		eth_random_addr(dev->dev_addr);	/* [5.1.5] no MAC: make one up */
	err = virtio_find_vq(vdev, &vi->rvq, VIRTNET_RXQ, VIRTNET_QUEUE_MAX, virtnet_vq_done);
	if (err)
		goto out_reset;
	err = virtio_find_vq(vdev, &vi->svq, VIRTNET_TXQ, VIRTNET_QUEUE_MAX, virtnet_vq_done);
	if (err) {
		virtio_del_vq(&vi->rvq);
		goto out_reset;
	}
	BUILD_BUG_ON(VIRTIO_NET_HDR_LEN + VIRTNET_RX_FRAME > VIRTNET_RX_STRIDE);
	vi->rx_buf_len = vi->hdr_len + VIRTNET_RX_FRAME;
	vi->rx_nbufs = min(vi->rvq.num, VIRTNET_RX_BUFS);
out_reset:
	virtio_reset_device(vdev);
	return err;
}

static int virtnet_probe(struct virtio_device *vdev)
{
	struct virtnet_info *vi;
	struct net_device *dev;
	u8 *m;
	int err;

	dev = alloc_etherdev(sizeof(*vi));
	if (!dev)
		return -ENOMEM;
	vi = netdev_priv(dev);
	vi->dev = dev;
	vi->vdev = vdev;
	vdev->priv = dev;
	err = virtnet_setup_device(vi);
	if (err)
		goto out_free_netdev;
	dev->needed_headroom = (unsigned short)vi->hdr_len;
	dev->netdev_ops = &virtnet_netdev_ops;
	netif_napi_add(dev, &vi->napi, virtnet_poll, NAPI_POLL_WEIGHT);
	err = register_netdev(dev);
	if (err)
		goto out_free_vqs;

	m = dev->dev_addr;
	printk("%s: virtio-net (%s) on %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, irq %u, %s, queues %u/%u\n",
	       dev->name, vdev->name, vdev->desc, m[0], m[1], m[2], m[3], m[4], m[5],
	       vdev->irq, vdev->legacy ? "legacy" : "virtio 1.0", vi->rvq.num, vi->svq.num);
	return 0;

out_free_vqs:
	netif_napi_del(&vi->napi);
	virtio_del_vq(&vi->svq);
	virtio_del_vq(&vi->rvq);
out_free_netdev:
	vdev->priv = NULL;
	free_netdev(dev);
	return err;
}

static const struct virtio_driver virtnet_driver = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.probe = virtnet_probe,
	.config_changed = virtnet_config_changed,
};
VIRTIO_DRIVER(virtnet_driver);

/*
 * Self-tests, on the first virtio-net device (the harness boots with
 * -nic user,model=virtio-net-pci, with or without disable-modern=on, and
 * on microvm with virtio-net-device; without one they are skipped).
 */
static bool virtnet_st_match(const struct net_device *dev)
{
	return dev->netdev_ops == &virtnet_netdev_ops;
}

static bool virtnet_st_tx_idle(const struct net_device *dev)
{
	const struct virtnet_info *vi = netdev_priv(dev);

	return vi->svq.num_free == vi->svq.num;
}

/* Every receive buffer is with the device, and it named none we did not give. */
static bool virtnet_st_rings_ok(const struct net_device *dev)
{
	const struct virtnet_info *vi = netdev_priv(dev);

	return (unsigned int)(vi->rvq.num - vi->rvq.num_free) == vi->rx_nbufs &&
	       vi->rvq.bad_used == 0 && vi->svq.bad_used == 0;
}

/* Features, header length and queue sizes as negotiated; status by state. */
static void virtnet_st_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	u8 status;

	ST_ASSERT(virtio_has_feature(vi->vdev, VIRTIO_NET_F_MAC));
	ST_EQ(virtio_has_feature(vi->vdev, VIRTIO_F_VERSION_1), !vi->vdev->legacy);
	ST_EQ(vi->hdr_len, vi->vdev->legacy ? 10 : 12);
	ST_ASSERT(vi->rvq.num && !(vi->rvq.num & (vi->rvq.num - 1)));
	ST_ASSERT(vi->svq.num && !(vi->svq.num & (vi->svq.num - 1)));
	if (!vi->vdev->legacy)
		ST_ASSERT(vi->rvq.num <= VIRTNET_QUEUE_MAX &&
			  vi->svq.num <= VIRTNET_QUEUE_MAX);
	status = vi->vdev->config->get_status(vi->vdev);
	if (vi->up) {
		ST_ASSERT(status & VIRTIO_STATUS_DRIVER_OK);
		ST_ASSERT(!(status & (VIRTIO_STATUS_FAILED | VIRTIO_STATUS_NEEDS_RESET)));
	} else {
		ST_EQ(status, 0);	/* reset until ndo_open */
	}
}

/* No PHY: the link state comes with the device's config space. */
NIC_SELFTESTS(virtio_net, "virtio-net", virtnet_st_match, virtnet_st_tx_idle,
	      virtnet_st_rings_ok, NULL, virtnet_st_check_probe,
	      3 * VIRTNET_QUEUE_MAX + 1)
