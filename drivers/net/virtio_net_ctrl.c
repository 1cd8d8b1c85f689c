/*
 * virtio-net's control queue ([virtio 1.1 5.1.6.5]): the receive offloads
 * switched while the device runs, as Linux's virtnet_set_features does.
 * Without the queue a guest offload can change only by negotiating again
 * (ndo_open after ndo_stop); with VIRTIO_NET_F_CTRL_GUEST_OFFLOADS every
 * offered one is negotiated at open and the device told which to apply
 * [5.1.6.5.6], so `ethtool -K eth0 rx off` or `gro off` takes effect at
 * once and the host stops sending checksummed-for-us or GSO frames.
 *
 * A command is one buffer of three pieces (class and command, data, ack)
 * that the device answers before it takes the next; QEMU answers within
 * the notify. One command is in flight at a time: each runs with bottom
 * halves off, so no other thread can start one meanwhile.
 */
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/softirq.h>
#include <kernel/time.h>
#include <net/netdevice.h>
#include <errno.h>
#include "virtio_net.h"

/* How long a device may take to answer: far more than QEMU's few microseconds. */
#define VIRTNET_CTRL_TIMEOUT_US	100000

u64 virtnet_guest_offloads_wanted(const struct virtnet_info *vi, u32 features)
{
	u64 f = 0;

	if (features & NETIF_F_RXCSUM) {
		f |= 1ULL << VIRTIO_NET_F_GUEST_CSUM;
		if (features & NETIF_F_GRO)
			f |= 1ULL << VIRTIO_NET_F_GUEST_TSO4;
	}
	return f & vi->vdev->features;
}

/* Offer the command in vi->ctrl and wait for its ack. 0 or -EIO. */
static int virtnet_send_command(struct virtnet_info *vi)
{
	struct virtnet_ctrl *c = &vi->ctrl;
	const struct virtio_sg sg[3] = {
		{ virt_to_phys(&c->class), 2 },
		{ virt_to_phys(&c->offloads), sizeof(c->offloads) },
		{ virt_to_phys(&c->ack), 1 },
	};
	u32 len;
	int err = -EIO;

	c->ack = VIRTIO_NET_ERR;
	if (virtqueue_add_sgs(&vi->cvq, sg, 2, 1, c) < 0)
		goto out;
	virtqueue_kick(&vi->cvq);
	for (unsigned int us = 0; us < VIRTNET_CTRL_TIMEOUT_US; us += 10) {
		if (virtqueue_get_buf(&vi->cvq, &len)) {
			err = len >= 1 && c->ack == VIRTIO_NET_OK ? 0 : -EIO;
			goto out;
		}
		udelay(10);
	}
	/* Unanswered: the buffer stays the device's until the next reset. */
	pr_err("%s: no answer on the control queue in %u ms\n", vi->dev->name,
	       VIRTNET_CTRL_TIMEOUT_US / 1000);
out:
	if (err)
		vi->stats.ctrl_errors++;
	else
		vi->stats.ctrl_cmds++;
	return err;
}

int virtnet_set_guest_offloads(struct virtnet_info *vi, u64 offloads)
{
	int err;

	local_bh_disable();
	vi->ctrl.class = VIRTIO_NET_CTRL_GUEST_OFFLOADS;
	vi->ctrl.cmd = VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET;
	vi->ctrl.offloads = offloads;
	err = virtnet_send_command(vi);
	if (!err)
		vi->guest_offloads = offloads;
	local_bh_enable();
	return err;
}

int virtnet_set_features(struct net_device *dev, u32 features)
{
	struct virtnet_info *vi = netdev_priv(dev);
	u64 offloads;

	/* Down, or without the command: ndo_open negotiates from dev->features. */
	if (!vi->up || !virtio_has_feature(vi->vdev, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS))
		return 0;
	offloads = virtnet_guest_offloads_wanted(vi, features);
	if (offloads == vi->guest_offloads)
		return 0;
	return virtnet_set_guest_offloads(vi, offloads);
}
