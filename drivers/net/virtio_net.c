/*
 * virtio-net ([virtio 1.1 5.1]) over any virtio transport (PCI or MMIO,
 * include/kernel/virtio.h): features and offloads, probe, open/stop, NAPI,
 * the watchdog for lost interrupts and kicks, link state from the config
 * space, /proc/skiff/virtio_net. Receive is in
 * virtio_net_rx.c, transmit in virtio_net_tx.c. QEMU's -device
 * virtio-net-pci is transitional (1af4:1000, modern capabilities and the
 * legacy I/O BAR); disable-modern=on leaves legacy only, disable-legacy=on
 * makes it 1af4:1041. On microvm, virtio-net-device is MMIO version 1
 * (legacy) by default, version 2 with virtio-mmio.force-legacy=false.
 *
 * Offloads (docs/offload.md): CSUM gives NETIF_F_HW_CSUM and SG (the
 * device sums from csum_start, and takes a frame in pieces), HOST_TSO4
 * NETIF_F_TSO, GUEST_CSUM NETIF_F_RXCSUM. GUEST_TSO4 (the device hands up
 * TCP frames of up to 64 KiB, needing MRG_RXBUF here) is asked for while
 * RXCSUM and GRO are on, the host merging for us. The guest offloads are
 * switched at run time through the control queue (virtio_net_ctrl.c) when
 * the device has CTRL_GUEST_OFFLOADS, as Linux does; without it they are
 * negotiated at each ndo_open from dev->features, so `ethtool -K eth0 rx
 * off` takes effect at the next down/up. QEMU offers the offloads only
 * with a backend that takes the header (a tap with vnet_hdr=on), never
 * with user networking.
 *
 * Context and locking as in e1000.c: the transport's interrupt handlers
 * acknowledge; the queue callbacks silence their queue and schedule NAPI;
 * ndo_start_xmit and the poll run with bottom halves off on one CPU and
 * never at the same time, so the queues need no lock.
 */
#include <kernel/virtio.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <asm/io.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/ethtool.h>
#include <net/skbuff.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "virtio_net.h"

#define VIRTNET_GUEST_OFFLOADS	(1ULL << VIRTIO_NET_F_GUEST_CSUM | \
				 1ULL << VIRTIO_NET_F_GUEST_TSO4)
#define VIRTNET_FEATURES	(1ULL << VIRTIO_NET_F_MAC | 1ULL << VIRTIO_NET_F_STATUS | \
				 1ULL << VIRTIO_NET_F_CSUM | 1ULL << VIRTIO_NET_F_HOST_TSO4 | \
				 1ULL << VIRTIO_NET_F_MRG_RXBUF | 1ULL << VIRTIO_NET_F_MTU | \
				 1ULL << VIRTIO_NET_F_CTRL_VQ | \
				 1ULL << VIRTIO_NET_F_CTRL_GUEST_OFFLOADS | VIRTNET_GUEST_OFFLOADS)

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

/*
 * NAPI poll: reclaim TX, receive up to budget frames (each buffer taken
 * is replaced at once), then interrupts on again, looking once more for
 * buffers used meanwhile [virtio 1.1 2.6.14]. One fence serves the three
 * store-then-load checks: the refilled ring's kick and both queues'
 * re-checks. Transmit completions ask for their interrupt late
 * (enable_cb_delayed): only a stopped queue waits on them.
 */
static int virtnet_poll(struct napi_struct *napi, int budget)
{
	struct virtnet_info *vi = container_of(napi, struct virtnet_info, napi);
	u16 rx_pending, tx_pending;
	int work;

	virtnet_clean_tx(vi);
	work = virtnet_rx_poll(vi, budget);
	if (work < budget && napi_complete_done(napi, work)) {
		rx_pending = virtqueue_enable_cb_prepare(&vi->rvq);
		tx_pending = virtqueue_enable_cb_delayed_prepare(&vi->svq);
		mb();
		if (virtqueue_kick_needed(&vi->rvq))
			virtqueue_notify(&vi->rvq);
		if (virtqueue_poll(&vi->rvq, rx_pending) || virtqueue_poll(&vi->svq, tx_pending)) {
			virtqueue_disable_cb(&vi->rvq);
			virtqueue_disable_cb(&vi->svq);
			napi_schedule(napi);
		}
	} else if (work) {
		virtqueue_kick(&vi->rvq);
	}
	return work;
}

/* Used buffers on a queue (IRQ context): quiet it, let NAPI work. */
static void virtnet_vq_done(struct virtqueue *vq)
{
	struct net_device *dev = vq->vdev->priv;
	struct virtnet_info *vi = netdev_priv(dev);

	if (!vi->up)
		return;
	virtqueue_disable_cb(vq);
	napi_schedule(&vi->napi);
}

/*
 * Both queues looked at every VIRTNET_WATCHDOG_MS for an interrupt or a
 * kick that got lost (virtqueue_watchdog); a queue that needs polling is
 * quietened first, as the interrupt would have.
 */
static void virtnet_watchdog(struct timer_list *t)
{
	struct virtnet_info *vi = from_timer(vi, t, watchdog);
	bool rx, tx;

	if (!vi->up)
		return;
	rx = virtqueue_watchdog(&vi->rvq);
	tx = virtqueue_watchdog(&vi->svq);
	if (rx)
		virtqueue_disable_cb(&vi->rvq);
	if (tx)
		virtqueue_disable_cb(&vi->svq);
	if (rx || tx)
		napi_schedule(&vi->napi);
	mod_timer(&vi->watchdog, jiffies + msecs_to_jiffies(VIRTNET_WATCHDOG_MS));
}

static void virtnet_config_changed(struct virtio_device *vdev)
{
	struct net_device *dev = vdev->priv;
	struct virtnet_info *vi = netdev_priv(dev);

	if (vi->up)
		virtnet_update_link(vi);
}

/*
 * The features to negotiate at open: the probe's, less the guest offloads
 * dev->features turned off (ethtool -K, offload=off) unless the control
 * queue can switch them later (then all are negotiated, and ndo_open says
 * which to apply). GUEST_TSO4 needs GUEST_CSUM [5.1.3.1] and, here,
 * mergeable buffers for its 64 KiB frames.
 */
static u64 virtnet_open_features(const struct virtnet_info *vi)
{
	u64 f = vi->probe_features;
	u32 want = f & 1ULL << VIRTIO_NET_F_CTRL_GUEST_OFFLOADS ? NETIF_F_RXCSUM | NETIF_F_GRO :
			vi->dev->features;

	if (!(want & NETIF_F_RXCSUM))
		f &= ~VIRTNET_GUEST_OFFLOADS;
	if (!(want & NETIF_F_GRO) || !(f & 1ULL << VIRTIO_NET_F_GUEST_CSUM) ||
	    !(f & 1ULL << VIRTIO_NET_F_MRG_RXBUF))
		f &= ~(1ULL << VIRTIO_NET_F_GUEST_TSO4);
	return f;
}

/*
 * After DRIVER_OK the device applies every guest offload negotiated
 * [5.1.6.5.6.1]; with the control queue, tell it to keep only those
 * dev->features asks for. A refusal leaves them all on: the receive path
 * still ignores DATA_VALID without RXCSUM.
 */
static void virtnet_start_guest_offloads(struct virtnet_info *vi)
{
	u64 wanted = virtnet_guest_offloads_wanted(vi, vi->dev->features);

	vi->guest_offloads = vi->vdev->features & VIRTNET_GUEST_OFFLOADS;
	if (!vi->cvq.vdev)
		return;
	virtqueue_disable_cb(&vi->cvq);	/* answers are polled for */
	if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) &&
	    wanted != vi->guest_offloads && virtnet_set_guest_offloads(vi, wanted))
		pr_warn("%s: the device refused to switch its receive offloads\n",
			vi->dev->name);
}

/*
 * [virtio 1.1 3.1.1] The device was reset at probe or stop: negotiate
 * again, set up both queues, post the receive buffers, DRIVER_OK, and only
 * then the first notification (3.1.1: none before).
 */
static int virtnet_open(struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	int err;

	err = virtio_negotiate(vi->vdev, virtnet_open_features(vi));
	if (err)
		return err;
	err = virtio_activate_vq(&vi->rvq);
	if (!err)
		err = virtio_activate_vq(&vi->svq);
	if (!err && vi->cvq.vdev)
		err = virtio_activate_vq(&vi->cvq);
	if (!err)
		err = virtnet_rx_fill(vi);
	if (err) {
		virtio_add_status(vi->vdev, VIRTIO_STATUS_FAILED);
		return err;
	}
	napi_enable(&vi->napi);
	vi->up = true;
	virtio_add_status(vi->vdev, VIRTIO_STATUS_DRIVER_OK);
	virtnet_start_guest_offloads(vi);
	virtqueue_kick(&vi->rvq);
	netif_start_queue(dev);
	virtnet_update_link(vi);
	mod_timer(&vi->watchdog, jiffies + msecs_to_jiffies(VIRTNET_WATCHDOG_MS));
	return 0;
}

/* A reset makes the device let go of every buffer; then they can be freed. */
static int virtnet_stop(struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	struct sk_buff *skb;

	vi->up = false;
	del_timer(&vi->watchdog);
	napi_disable(&vi->napi);
	netif_stop_queue(dev);
	virtio_reset_device(vi->vdev);
	virtnet_clean_tx(vi);
	while ((skb = virtqueue_detach_unused(&vi->svq)) != NULL) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	}
	virtnet_rx_free(vi);
	netif_carrier_off(dev);
	return 0;
}

const struct net_device_ops virtnet_netdev_ops = {
	.ndo_open = virtnet_open,
	.ndo_stop = virtnet_stop,
	.ndo_start_xmit = virtnet_xmit,
	.ndo_set_features = virtnet_set_features,
};

bool virtnet_is_virtio(const struct net_device *dev)
{
	return dev->netdev_ops == &virtnet_netdev_ops;
}

/* `ethtool -i`: Linux's driver name and where the device is. */
static void virtnet_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	const struct virtnet_info *vi = netdev_priv(dev);

	snprintf(info->driver, sizeof(info->driver), "virtio_net");
	snprintf(info->bus_info, sizeof(info->bus_info), "%s", vi->vdev->desc);
}

static const struct ethtool_ops virtnet_ethtool_ops = {
	.get_drvinfo = virtnet_get_drvinfo,
};

/* The NETIF_F_* the negotiated device features give [5.1.3]. */
static void virtnet_set_netdev_features(struct virtnet_info *vi)
{
	struct net_device *dev = vi->dev;
	u32 f = 0;

	if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_CSUM)) {
		f |= NETIF_F_HW_CSUM | NETIF_F_SG;
		if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_HOST_TSO4))
			f |= NETIF_F_TSO;
	}
	if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_GUEST_CSUM))
		f |= NETIF_F_RXCSUM;
	dev->hw_features = f;
	dev->features = f;
	dev->wanted_features = f;
}

/*
 * The MTU range. Page buffers (MRG_RXBUF) take a frame of any length, so
 * up to VIRTNET_MAX_MTU; the copy buffers a standard frame only. With
 * VIRTIO_NET_F_MTU the device names its largest MTU, which is also the
 * one to start at [5.1.4.2: the driver MUST NOT transmit frames longer,
 * and MUST post buffers that take one]. A device MTU the buffers cannot
 * take, or below 68 [5.1.4.1], is refused: the feature goes from what
 * ndo_open negotiates, and the range stays the buffers'.
 */
static void virtnet_set_mtu_range(struct virtnet_info *vi)
{
	struct net_device *dev = vi->dev;
	unsigned int top = vi->mergeable ? VIRTNET_MAX_MTU : ETH_DATA_LEN;
	u16 mtu;

	dev->max_mtu = top;
	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_MTU))
		return;
	virtio_cread(vi->vdev, VIRTIO_NET_CFG_MTU, &mtu, sizeof(mtu));
	if (mtu < ETH_MIN_MTU || mtu > top) {
		/* Before register_netdev: the device has no name yet. */
		pr_warn("virtio-net (%s): the device's MTU %u is outside %u..%u: not taken\n",
			vi->vdev->name, mtu, ETH_MIN_MTU, top);
		vi->probe_features &= ~(1ULL << VIRTIO_NET_F_MTU);
		return;
	}
	dev->max_mtu = mtu;
	dev->mtu = mtu;
}

/*
 * The queues: a receive buffer is one piece, a transmit up to
 * VIRTNET_TX_MAX_SG, a control command three (header, data, ack).
 */
static int virtnet_find_vqs(struct virtnet_info *vi)
{
	int err;

	err = virtio_find_vq(vi->vdev, &vi->rvq, VIRTNET_RXQ, VIRTNET_QUEUE_MAX, 1,
			     virtnet_vq_done);
	if (err)
		return err;
	err = virtio_find_vq(vi->vdev, &vi->svq, VIRTNET_TXQ, VIRTNET_QUEUE_MAX,
			     VIRTNET_TX_MAX_SG, virtnet_vq_done);
	if (err) {
		virtio_del_vq(&vi->rvq);
		return err;
	}
	/* Room for the largest frame before each transmit: a slot, or a chain. */
	vi->tx_stop_free = vi->svq.indir ? 1 : VIRTNET_TX_MAX_SG;
	if (vi->svq.num < vi->tx_stop_free) {
		virtio_del_vq(&vi->svq);
		virtio_del_vq(&vi->rvq);
		return -ENOSPC;
	}
	/* The control queue only saves a down/up: without it, carry on. */
	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_CTRL_VQ) ||
	    virtio_find_vq(vi->vdev, &vi->cvq, VIRTNET_CTRLQ, VIRTNET_CTRLQ_SIZE, 3, NULL)) {
		vi->cvq = (struct virtqueue){ .vdev = NULL };
		vi->probe_features &= ~(1ULL << VIRTIO_NET_F_CTRL_VQ |
					1ULL << VIRTIO_NET_F_CTRL_GUEST_OFFLOADS);
	}
	return 0;
}

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
	vi->probe_features = vdev->features;
	vi->mergeable = virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF);
	/* [5.1.6.1] num_buffers is there with VERSION_1 or MRG_RXBUF. */
	vi->hdr_len = vdev->legacy && !vi->mergeable ? VIRTIO_NET_HDR_LEN_LEGACY :
						       VIRTIO_NET_HDR_LEN;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_MAC))
		virtio_cread(vdev, VIRTIO_NET_CFG_MAC, dev->dev_addr, ETH_ALEN);
	if (!is_valid_ether_addr(dev->dev_addr))
		eth_random_addr(dev->dev_addr);	/* [5.1.5] no MAC: make one up */
	virtnet_set_netdev_features(vi);
	virtnet_set_mtu_range(vi);
	err = virtnet_find_vqs(vi);
	if (err)
		goto out_reset;
	BUILD_BUG_ON(VIRTIO_NET_HDR_LEN + VIRTNET_RX_FRAME > VIRTNET_RX_STRIDE);
	vi->rx_buf_len = vi->hdr_len + VIRTNET_RX_FRAME;
	vi->rx_nbufs = min(vi->rvq.num, VIRTNET_RX_BUFS);
out_reset:
	virtio_reset_device(vdev);
	return err;
}

/* What the log says the device does: "csum tso4 guest-csum ... ctrl-offloads event-idx indirect". */
static void virtnet_describe(u64 features, char *buf, size_t size)
{
	static const struct { unsigned int bit; const char *name; } names[] = {
		{ VIRTIO_NET_F_CSUM, "csum" }, { VIRTIO_NET_F_HOST_TSO4, "tso4" },
		{ VIRTIO_NET_F_GUEST_CSUM, "guest-csum" },
		{ VIRTIO_NET_F_GUEST_TSO4, "guest-tso4" },
		{ VIRTIO_NET_F_MRG_RXBUF, "mrg-rxbuf" }, { VIRTIO_NET_F_MTU, "mtu" },
		{ VIRTIO_NET_F_CTRL_VQ, "ctrl-vq" },
		{ VIRTIO_NET_F_CTRL_GUEST_OFFLOADS, "ctrl-offloads" },
		{ VIRTIO_RING_F_EVENT_IDX, "event-idx" },
		{ VIRTIO_RING_F_INDIRECT_DESC, "indirect" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(names) && n < size; i++)
		if (features & 1ULL << names[i].bit)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "",
					      names[i].name);
	if (!n)
		snprintf(buf, size, "no offloads");
}

static int virtnet_probe(struct virtio_device *vdev)
{
	struct virtnet_info *vi;
	struct net_device *dev;
	char features[128];
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
	dev->ethtool_ops = &virtnet_ethtool_ops;
	netif_napi_add(dev, &vi->napi, virtnet_poll, NAPI_POLL_WEIGHT);
	timer_setup(&vi->watchdog, virtnet_watchdog, 0);
	err = register_netdev(dev);
	if (err)
		goto out_free_vqs;

	m = dev->dev_addr;
	virtnet_describe(vi->probe_features, features, sizeof(features));
	printk("%s: virtio-net (%s) on %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, %s, %s, queues %u/%u, %s\n",
	       dev->name, vdev->name, vdev->desc, m[0], m[1], m[2], m[3], m[4], m[5],
	       vdev->irq_desc, vdev->legacy ? "legacy" : "virtio 1.0", vi->rvq.num,
	       vi->svq.num, features);
	return 0;

out_free_vqs:
	netif_napi_del(&vi->napi);
	if (vi->cvq.vdev)
		virtio_del_vq(&vi->cvq);
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

static void virtnet_show_vq(struct seq_buf *s, const char *name, const struct virtqueue *vq)
{
	struct virtqueue_state st;

	virtqueue_get_state(vq, &st);
	seq_printf(s, "  %s: size %u, outstanding %u, notifies %llu, notifies_saved %llu, "
		   "interrupts %llu, bad_used %llu, watchdog_polls %llu, watchdog_kicks %llu\n",
		   name, vq->num, virtqueue_outstanding(vq),
		   (unsigned long long)vq->notifies, (unsigned long long)vq->notifies_saved,
		   (unsigned long long)vq->interrupts, (unsigned long long)vq->bad_used,
		   (unsigned long long)vq->watchdog_polls, (unsigned long long)vq->watchdog_kicks);
	seq_printf(s, "  %s ring: avail %u (kicked at %u), used %u, taken %u, free %u, "
		   "callbacks %s, used_event %u, avail_event %u, avail flags %#x, used flags %#x\n",
		   name, st.avail_idx, st.kicked_avail_idx, st.used_idx, st.last_used_idx,
		   st.num_free, st.cb_disabled ? "off" : "on", st.used_event, st.avail_event,
		   st.avail_flags, st.used_flags);
}

/*
 * /proc/skiff/virtio_net: per device what was negotiated and what the
 * offloads and the notification suppression did (the integration tests
 * read it: tx_kicks against tx_packets shows the batching).
 */
static void show_virtio_net(struct seq_buf *s)
{
	struct net_device *dev;
	char features[128];

	for_each_netdev(dev) {
		const struct virtnet_info *vi;
		const struct virtnet_stats *st;

		if (!virtnet_is_virtio(dev))
			continue;
		vi = netdev_priv(dev);
		st = &vi->stats;
		virtnet_describe(vi->vdev->features, features, sizeof(features));
		seq_printf(s, "%s: %s, %s, hdr_len %u, %s\n", dev->name, vi->vdev->name,
			   vi->vdev->irq_desc, vi->hdr_len, features);
		seq_printf(s, "  tx_packets %llu, tx_kicks %llu, tx_csum %llu, tx_gso %llu, tx_sg %llu\n",
			   (unsigned long long)dev->stats.tx_packets,
			   (unsigned long long)st->tx_kicks, (unsigned long long)st->tx_csum,
			   (unsigned long long)st->tx_gso, (unsigned long long)st->tx_sg);
		seq_printf(s, "  rx_packets %llu, rx_csum_valid %llu, rx_csum_partial %llu, "
			   "rx_csum_none %llu, rx_gso %llu, rx_merged %llu, rx_copied %llu, "
			   "rx_bad_hdr %llu\n",
			   (unsigned long long)dev->stats.rx_packets,
			   (unsigned long long)st->rx_csum_valid,
			   (unsigned long long)st->rx_csum_partial,
			   (unsigned long long)st->rx_csum_none, (unsigned long long)st->rx_gso,
			   (unsigned long long)st->rx_merged, (unsigned long long)st->rx_copied,
			   (unsigned long long)st->rx_bad_hdr);
		seq_printf(s, "  napi: %s%s%s, %llu polls, %llu packets\n",
			   vi->napi.state & (1UL << NAPI_STATE_SCHED) ? "scheduled" : "idle",
			   list_empty(&vi->napi.poll_list) ? "" : ", on the poll list",
			   vi->napi.state & (1UL << NAPI_STATE_DISABLE) ? ", disabled" : "",
			   (unsigned long long)vi->napi.polls, (unsigned long long)vi->napi.packets);
		seq_printf(s, "  guest offloads applied: %s%s%s, ctrl_cmds %llu, ctrl_errors %llu\n",
			   vi->guest_offloads & 1ULL << VIRTIO_NET_F_GUEST_CSUM ? "guest-csum" : "none",
			   vi->guest_offloads & 1ULL << VIRTIO_NET_F_GUEST_TSO4 ? " guest-tso4" : "",
			   vi->cvq.vdev ? "" : " (no control queue)",
			   (unsigned long long)st->ctrl_cmds, (unsigned long long)st->ctrl_errors);
		virtnet_show_vq(s, "rx", &vi->rvq);
		virtnet_show_vq(s, "tx", &vi->svq);
		if (vi->cvq.vdev)
			virtnet_show_vq(s, "ctrl", &vi->cvq);
	}
}
PROC_ENTRY(skiff_virtio_net, "/proc/skiff/virtio_net", show_virtio_net);
