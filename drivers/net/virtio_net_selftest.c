/*
 * virtio-net self-tests: the shared NIC tests on the first virtio-net
 * device (the harness boots with -nic user,model=virtio-net-pci, with or
 * without disable-modern=on, and on microvm with virtio-net-device;
 * without one they are skipped), and the header translation both ways
 * [virtio 1.1 5.1.6.2, 5.1.6.4] on hand-built skbs, which needs no device
 * that offers the offloads (QEMU's user network offers none).
 */
#include <kernel/mm.h>
#include <kernel/selftest.h>
#include <kernel/time.h>
#include <kernel/virtio.h>
#include <asm/io.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <string.h>
#include "nic_selftest.h"
#include "virtio_net.h"

static bool virtnet_st_tx_idle(const struct net_device *dev)
{
	const struct virtnet_info *vi = netdev_priv(dev);

	return vi->svq.num_free == vi->svq.num;
}

static bool virtnet_st_tx_idle_arg(const void *dev)
{
	return virtnet_st_tx_idle(dev);
}

/* Every receive buffer is with the device, and it named none we did not give. */
static bool virtnet_st_rings_ok(const struct net_device *dev)
{
	const struct virtnet_info *vi = netdev_priv(dev);

	return virtqueue_outstanding(&vi->rvq) == vi->rx_posted &&
	       vi->rvq.bad_used == 0 && vi->svq.bad_used == 0;
}

/* Features, header length and queue sizes as negotiated; status by state. */
static void virtnet_st_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	u8 status;

	ST_ASSERT(virtio_has_feature(vi->vdev, VIRTIO_NET_F_MAC));
	ST_EQ(virtio_has_feature(vi->vdev, VIRTIO_F_VERSION_1), !vi->vdev->legacy);
	ST_EQ(vi->hdr_len, vi->vdev->legacy && !vi->mergeable ? 10 : 12);
	ST_ASSERT(vi->rvq.num && !(vi->rvq.num & (vi->rvq.num - 1)));
	ST_ASSERT(vi->svq.num && !(vi->svq.num & (vi->svq.num - 1)));
	if (!vi->vdev->legacy)
		ST_ASSERT(vi->rvq.num <= VIRTNET_QUEUE_MAX &&
			  vi->svq.num <= VIRTNET_QUEUE_MAX);
	/* The MTU range: the buffers', or the device's MTU when it was taken. */
	if (vi->probe_features & 1ULL << VIRTIO_NET_F_MTU) {
		u16 mtu;

		virtio_cread(vi->vdev, VIRTIO_NET_CFG_MTU, &mtu, sizeof(mtu));
		ST_EQ(dev->max_mtu, mtu);
	} else {
		ST_EQ(dev->max_mtu, vi->mergeable ? VIRTNET_MAX_MTU : ETH_DATA_LEN);
	}
	ST_ASSERT(dev->mtu <= dev->max_mtu);
	/* A TSO device must also sum and gather (netdev_fix_features). */
	if (dev->features & NETIF_F_TSO)
		ST_ASSERT((dev->features & NETIF_F_SG) && (dev->features & NETIF_F_HW_CSUM));
	status = vi->vdev->config->get_status(vi->vdev);
	if (vi->up) {
		ST_ASSERT(status & VIRTIO_STATUS_DRIVER_OK);
		ST_ASSERT(!(status & (VIRTIO_STATUS_FAILED | VIRTIO_STATUS_NEEDS_RESET)));
	} else {
		ST_EQ(status, 0);	/* reset until ndo_open */
	}
}

/* No PHY: the link state comes with the device's config space. */
NIC_SELFTESTS(virtio_net, "virtio-net", virtnet_is_virtio, virtnet_st_tx_idle,
	      virtnet_st_rings_ok, NULL, virtnet_st_check_probe,
	      3 * VIRTNET_QUEUE_MAX + 1)

#define ST_FRAME	200	/* Ethernet + IPv4 + TCP headers and some payload */
#define ST_TCP_OFF	34	/* ETH_HLEN + a 20-byte IPv4 header */

/* A frame of ST_FRAME bytes at skb->data with headroom, a frag of 1000 bytes. */
static struct sk_buff *virtnet_st_skb(bool paged)
{
	struct sk_buff *skb = alloc_skb(128 + ST_FRAME);
	struct page *page;

	if (!skb)
		return NULL;
	skb_reserve(skb, 128);
	memset(skb_put(skb, ST_FRAME), 0x5a, ST_FRAME);
	if (paged) {
		page = dev_alloc_page();
		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		skb_add_rx_frag(skb, 0, page, 100, 1000, PAGE_SIZE);
	}
	return skb;
}

/* A GSO skb with its checksum left: NEEDS_CSUM, TCPV4, segment size, hdr_len, sg pieces. */
SELFTEST(virtio_net_hdr_from_skb)
{
	struct virtio_sg sg[VIRTNET_TX_MAX_SG];
	struct virtio_net_hdr hdr;
	struct sk_buff *skb = virtnet_st_skb(true);

	ST_ASSERT(skb != NULL);
	skb_partial_csum_set(skb, ST_TCP_OFF, 16);
	skb_shinfo(skb)->gso_size = 1448;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	memset(&hdr, 0xff, sizeof(hdr));
	virtio_net_hdr_from_skb(skb, &hdr, VIRTIO_NET_HDR_LEN);
	ST_EQ(hdr.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	ST_EQ(hdr.csum_start, ST_TCP_OFF);
	ST_EQ(hdr.csum_offset, 16);
	ST_EQ(hdr.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
	ST_EQ(hdr.gso_size, 1448);
	ST_EQ(hdr.hdr_len, ST_FRAME);
	ST_EQ(hdr.num_buffers, 0);
	ST_EQ(virtnet_skb_to_sg(skb, sg), 2);
	ST_EQ(sg[0].len, ST_FRAME);
	ST_EQ(sg[1].len, 1000);
	/* A complete checksum and no GSO: a header of zeros. */
	skb->ip_summed = CHECKSUM_NONE;
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	virtio_net_hdr_from_skb(skb, &hdr, VIRTIO_NET_HDR_LEN);
	ST_EQ(hdr.flags | hdr.gso_type | hdr.gso_size | hdr.hdr_len | hdr.csum_start, 0);
	kfree_skb(skb);
}

/*
 * The receive side against a device state: marks applied only for the
 * features negotiated, and a checksum field beyond the frame refused.
 */
SELFTEST(virtio_net_hdr_to_skb)
{
	struct virtio_device vdev = { .features = 1ULL << VIRTIO_NET_F_GUEST_CSUM };
	static struct net_device dev;
	struct virtnet_info vi = { .dev = &dev, .vdev = &vdev };
	struct virtio_net_hdr hdr = {
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .csum_start = ST_TCP_OFF,
		.csum_offset = 16, .gso_type = VIRTIO_NET_HDR_GSO_TCPV4, .gso_size = 1448,
	};
	struct sk_buff *skb = virtnet_st_skb(false);

	ST_ASSERT(skb != NULL);
	dev.features = NETIF_F_RXCSUM;
	/* GSO without GUEST_TSO4 negotiated: a device bug, refused. */
	ST_EQ(virtio_net_hdr_to_skb(&vi, &hdr, skb), -EINVAL);
	ST_EQ(skb->ip_summed, CHECKSUM_NONE);
	vdev.features |= 1ULL << VIRTIO_NET_F_GUEST_TSO4;
	ST_EQ(virtio_net_hdr_to_skb(&vi, &hdr, skb), 0);
	ST_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
	ST_EQ(skb_checksum_start_offset(skb), ST_TCP_OFF);
	ST_EQ(skb->csum_offset, 16);
	ST_EQ(skb_shinfo(skb)->gso_size, 1448);
	ST_EQ(skb_shinfo(skb)->gso_type, SKB_GSO_TCPV4);
	ST_EQ(vi.stats.rx_csum_partial, 1);
	ST_EQ(vi.stats.rx_gso, 1);
	/* The checksum field past the frame's end. */
	hdr.gso_type = VIRTIO_NET_HDR_GSO_NONE;
	hdr.csum_start = ST_FRAME - 17;
	ST_EQ(virtio_net_hdr_to_skb(&vi, &hdr, skb), -EINVAL);
	/* DATA_VALID counts only while RXCSUM is on. */
	skb->ip_summed = CHECKSUM_NONE;
	hdr.flags = VIRTIO_NET_HDR_F_DATA_VALID;
	dev.features = 0;
	ST_EQ(virtio_net_hdr_to_skb(&vi, &hdr, skb), 0);
	ST_EQ(skb->ip_summed, CHECKSUM_NONE);
	dev.features = NETIF_F_RXCSUM;
	ST_EQ(virtio_net_hdr_to_skb(&vi, &hdr, skb), 0);
	ST_EQ(skb->ip_summed, CHECKSUM_UNNECESSARY);
	ST_EQ(vi.stats.rx_csum_valid, 1);
	ST_EQ(vi.stats.rx_csum_none, 1);
	kfree_skb(skb);
}

struct virtnet_st_watch {
	const struct virtqueue *vq;
	u64 kicks;		/* its watchdog_kicks before */
};

static bool virtnet_st_watchdog_kicked(const void *arg)
{
	const struct virtnet_st_watch *w = arg;

	return w->vq->watchdog_kicks > w->kicks;
}

/*
 * A kick decided against while the device waits for one: a frame on the
 * transmit ring and virtqueue_kick_needed() run as if its answer had been
 * no. Nothing else wakes the device (each later kick_needed compares with
 * this avail index) until the watchdog's timer rings, within a few of its
 * periods; then the frame goes and is reclaimed.
 */
static void virtnet_st_lost_kick(struct selftest_ctx *st_ctx, struct virtnet_info *vi)
{
	struct virtnet_st_watch w = { .vq = &vi->svq };
	struct sk_buff *skb = nic_selftest_arp_request(vi->dev);
	struct virtio_sg sg;
	int err;

	ST_ASSERT(skb != NULL);
	memset(skb_push(skb, vi->hdr_len), 0, vi->hdr_len);
	sg = (struct virtio_sg){ virt_to_phys(skb->data), skb->len };
	local_bh_disable();
	w.kicks = vi->svq.watchdog_kicks;
	err = virtqueue_add_sgs(&vi->svq, &sg, 1, 0, skb);
	mb();
	virtqueue_kick_needed(&vi->svq);
	local_bh_enable();
	if (err)
		kfree_skb(skb);
	ST_EQ(err, 0);
	ST_ASSERT(nic_selftest_wait(virtnet_st_watchdog_kicked, &w, 20 * VIRTNET_WATCHDOG_MS));
	ST_ASSERT(nic_selftest_wait(virtnet_st_tx_idle_arg, vi->dev, 20 * VIRTNET_WATCHDOG_MS));
}

static void virtnet_st_set_callbacks(struct virtnet_info *vi, void (*cb)(struct virtqueue *))
{
	local_irq_disable();
	vi->rvq.callback = cb;
	vi->svq.callback = cb;
	local_irq_enable();
}

/*
 * An interrupt that never comes: with both queues' callbacks taken away
 * and bottom halves off (no poll runs), the gateway's ARP reply waits in
 * the used ring with callbacks on. The watchdog's first look after it
 * came may take it for one in flight; the second must call for a poll.
 * 1 if it did, 0 if not; -1 when the reply did not come, or came to a
 * queue whose callbacks were off (traffic of our own raced in: try again).
 */
static int virtnet_st_lost_interrupt(struct virtnet_info *vi)
{
	void (*callback)(struct virtqueue *vq) = vi->rvq.callback;
	struct sk_buff *skb = nic_selftest_arp_request(vi->dev);
	bool arrived, found;

	if (!skb)
		return -1;
	local_bh_disable();
	virtnet_st_set_callbacks(vi, NULL);
	dev_queue_xmit(skb);
	for (int i = 0; i < 200 && !virtqueue_more_used(&vi->rvq); i++)
		mdelay(10);
	arrived = virtqueue_more_used(&vi->rvq) && !vi->rvq.cb_disabled;
	virtqueue_watchdog(&vi->rvq);
	found = virtqueue_watchdog(&vi->rvq);
	virtnet_st_set_callbacks(vi, callback);
	virtqueue_disable_cb(&vi->rvq);
	virtqueue_disable_cb(&vi->svq);
	napi_schedule(&vi->napi);
	local_bh_enable();
	return arrived ? found : -1;
}

/*
 * virtqueue_watchdog finds the kicks and interrupts that a fence which is
 * not one loses (QEMU's TCG: virtio_ring.c), each made to happen on the
 * live device.
 */
SELFTEST(virtio_net_watchdog_finds_lost_kick_and_interrupt)
{
	struct net_device *dev = nic_selftest_find(&virtio_net_selftest);
	struct virtnet_info *vi;
	int found = -1;

	if (!dev || !(dev->flags & IFF_UP) || !netif_carrier_ok(dev))
		ST_SKIP("no virtio-net NIC up");
	vi = netdev_priv(dev);
	virtnet_st_lost_kick(st_ctx, vi);
	for (int tries = 0; tries < 3 && found < 0; tries++)
		found = virtnet_st_lost_interrupt(vi);
	ST_EQ(found, 1);
}
