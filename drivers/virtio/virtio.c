/*
 * The virtio core: drivers registered by device type, the status handshake
 * and feature negotiation, consistent configuration reads and interrupt
 * dispatch to the queues, for every transport alike.
 */
#include <kernel/virtio.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <errno.h>
#include <stdio.h>
#include "internal.h"
#include "virtio_ring.h"

#define VIRTIO_CONFIG_RETRIES	16	/* generation changed under us */

extern const struct virtio_driver *const __virtio_drivers_start[];
extern const struct virtio_driver *const __virtio_drivers_end[];

void virtio_device_init(struct virtio_device *vdev, u32 id)
{
	static unsigned int next_index;

	vdev->id = id;
	snprintf(vdev->name, sizeof(vdev->name), "virtio%u", next_index++);
}

int virtio_register_device(struct virtio_device *vdev)
{
	for (const struct virtio_driver *const *d = __virtio_drivers_start;
	     d < __virtio_drivers_end; d++) {
		int err;

		if ((*d)->device_id != vdev->id)
			continue;
		/* Bound only once probe succeeds: no config_changed before then. */
		err = (*d)->probe(vdev);
		if (!err)
			vdev->driver = *d;
		return err;
	}
	printk("virtio: no driver for device type %u on %s\n", vdev->id, vdev->desc);
	return -ENODEV;
}

/* [virtio 1.1 2.6.14] A queue's callback runs only when it has used buffers. */
bool vring_interrupt(struct virtqueue *vq)
{
	if (!virtqueue_more_used(vq))
		return false;
	vq->interrupts++;
	if (vq->callback)
		vq->callback(vq);
	return true;
}

void virtio_config_changed(struct virtio_device *vdev)
{
	if (vdev->driver && vdev->driver->config_changed)
		vdev->driver->config_changed(vdev);
}

void virtio_interrupt(struct virtio_device *vdev, u32 isr)
{
	if (isr & VIRTIO_ISR_CONFIG)
		virtio_config_changed(vdev);
	if (!(isr & VIRTIO_ISR_QUEUE))
		return;
	for (unsigned int i = 0; i < vdev->nvqs; i++)
		vring_interrupt(vdev->vqs[i]);
}

void virtio_add_status(struct virtio_device *vdev, u8 bits)
{
	barrier();	/* ring setup in memory before the device may look */
	vdev->config->set_status(vdev, vdev->config->get_status(vdev) | bits);
}

void virtio_reset_device(struct virtio_device *vdev)
{
	vdev->config->set_status(vdev, 0);
	for (int polls = 0; polls < VIRTIO_RESET_POLLS; polls++) {
		if (vdev->config->get_status(vdev) == 0)
			return;
		udelay(10);
	}
	pr_warn("%s: reset not acknowledged\n", vdev->name);
}

int virtio_negotiate(struct virtio_device *vdev, u64 wanted)
{
	const struct virtio_config_ops *ops = vdev->config;
	u64 offered;

	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_STATUS_DRIVER);
	offered = ops->get_features(vdev);
	if (!vdev->legacy) {
		/* [6.1, 6.2] A modern device offers VERSION_1; we insist on it. */
		if (!(offered & (1ULL << VIRTIO_F_VERSION_1)))
			goto fail;
		wanted |= 1ULL << VIRTIO_F_VERSION_1;
	} else {
		/* Legacy has 32 feature bits and no VERSION_1. */
		wanted &= 0xffffffffULL & ~(1ULL << VIRTIO_F_VERSION_1);
	}
	/* The rings' own features are the core's to take, for every driver [6]. */
	vdev->features = offered & (wanted | VIRTIO_RING_FEATURES);
	ops->set_features(vdev, vdev->features);
	if (!vdev->legacy) {
		/* [3.1.1 steps 5-6] FEATURES_OK, then check the device kept it. */
		virtio_add_status(vdev, VIRTIO_STATUS_FEATURES_OK);
		if (!(ops->get_status(vdev) & VIRTIO_STATUS_FEATURES_OK))
			goto fail;
	}
	return 0;
fail:
	virtio_add_status(vdev, VIRTIO_STATUS_FAILED);
	return -ENODEV;
}

/*
 * [virtio 1.1 2.4.1] A field wider than one access may change between
 * accesses; the configuration generation tells, and the read is retried
 * (bounded). Legacy devices have no generation: it reads as constant.
 */
void virtio_cread(struct virtio_device *vdev, unsigned int off, void *buf,
		  unsigned int len)
{
	const struct virtio_config_ops *ops = vdev->config;

	for (int tries = 0; tries < VIRTIO_CONFIG_RETRIES; tries++) {
		u32 gen = ops->generation(vdev);

		ops->get(vdev, off, buf, len);
		if (ops->generation(vdev) == gen)
			return;
	}
}

int virtio_find_vq(struct virtio_device *vdev, struct virtqueue *vq, u16 index,
		   u16 max_num, u16 max_sg, void (*callback)(struct virtqueue *vq))
{
	int err;

	if (vdev->nvqs == VIRTIO_MAX_VQS || !max_sg || max_sg > VIRTQUEUE_MAX_SG)
		return -EINVAL;
	*vq = (struct virtqueue){
		.vdev = vdev, .index = index, .max_sg = max_sg, .callback = callback,
		.msix_vector = VIRTIO_NO_VECTOR,
	};
	err = vdev->config->setup_vq(vdev, vq, index, max_num);
	if (err)
		return err;
	vdev->vqs[vdev->nvqs++] = vq;
	return 0;
}

void virtio_del_vq(struct virtqueue *vq)
{
	struct virtio_device *vdev = vq->vdev;

	for (unsigned int i = 0; i < vdev->nvqs; i++) {
		if (vdev->vqs[i] == vq) {
			vdev->vqs[i] = vdev->vqs[--vdev->nvqs];
			break;
		}
	}
	vring_free(vq);
}

int virtio_activate_vq(struct virtqueue *vq)
{
	vring_reset(vq);
	return vq->vdev->config->activate_vq(vq);
}
