/*
 * The legacy virtio PCI interface of transitional devices ([virtio 1.1
 * 4.1.4.8]): registers in I/O BAR0, 32 feature bits, queues given by page
 * frame number in the legacy ring layout.
 */
#include <kernel/pci.h>
#include <asm/io.h>
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "virtio_pci.h"
#include "virtio_ring.h"

/* [virtio 1.1 4.1.4.8] The legacy registers in BAR0 (I/O space). */
#define VIRTIO_PCI_HOST_FEATURES	0
#define VIRTIO_PCI_GUEST_FEATURES	4
#define VIRTIO_PCI_QUEUE_PFN		8
#define VIRTIO_PCI_QUEUE_NUM		12
#define VIRTIO_PCI_QUEUE_SEL		14
#define VIRTIO_PCI_QUEUE_NOTIFY		16
#define VIRTIO_PCI_STATUS		18
#define VIRTIO_PCI_ISR			19
#define VIRTIO_PCI_MSI_CONFIG_VECTOR	20	/* with MSI-X on */
#define VIRTIO_PCI_MSI_QUEUE_VECTOR	22	/* with MSI-X on: the selected queue's */
#define VIRTIO_PCI_CONFIG		20	/* device config, MSI-X disabled */
#define VIRTIO_PCI_CONFIG_MSIX		24	/* device config, MSI-X enabled */
#define VIRTIO_PCI_QUEUE_ADDR_SHIFT	12	/* QUEUE_PFN is in 4096-byte units */

static u16 vp_io(struct virtio_device *vdev, unsigned int reg)
{
	return (u16)(to_vp_device(vdev)->ioaddr + reg);
}

static u8 vp_get_status(struct virtio_device *vdev)
{
	return inb(vp_io(vdev, VIRTIO_PCI_STATUS));
}

static void vp_set_status(struct virtio_device *vdev, u8 status)
{
	outb(vp_io(vdev, VIRTIO_PCI_STATUS), status);
}

static u64 vp_get_features(struct virtio_device *vdev)
{
	return inl(vp_io(vdev, VIRTIO_PCI_HOST_FEATURES));
}

static void vp_set_features(struct virtio_device *vdev, u64 f)
{
	outl(vp_io(vdev, VIRTIO_PCI_GUEST_FEATURES), (u32)f);
}

/* [4.1.4.8] The device configuration moves past the vector registers with MSI-X on. */
static unsigned int vp_config_base(struct virtio_device *vdev)
{
	return to_vp_device(vdev)->msix ? VIRTIO_PCI_CONFIG_MSIX : VIRTIO_PCI_CONFIG;
}

/* The configuration fields at their natural width, bytes otherwise; zeros past BAR0. */
static void vp_get(struct virtio_device *vdev, unsigned int off, void *buf,
		   unsigned int len)
{
	u16 port = vp_io(vdev, vp_config_base(vdev) + off);
	u8 *p = buf;
	u16 v16;
	u32 v32;

	if (vp_config_base(vdev) + off + len > to_vp_device(vdev)->pci->bar[0].size) {
		memset(buf, 0, len);
	} else if (len == 2) {
		v16 = inw(port);
		memcpy(buf, &v16, 2);
	} else if (len == 4) {
		v32 = inl(port);
		memcpy(buf, &v32, 4);
	} else {
		for (unsigned int i = 0; i < len; i++)
			p[i] = inb(port + i);
	}
}

/* Legacy devices have no configuration generation [4.1.4.8]. */
static u32 vp_generation(struct virtio_device *vdev)
{
	return 0;
}

static u16 vp_select_queue(struct virtio_device *vdev, u16 index)
{
	outw(vp_io(vdev, VIRTIO_PCI_QUEUE_SEL), index);
	return inw(vp_io(vdev, VIRTIO_PCI_QUEUE_NUM));
}

/* The size is the device's; QUEUE_PFN is 32 bits of 4 KiB pages. */
static int vp_setup_vq(struct virtio_device *vdev, struct virtqueue *vq,
		       u16 index, u16 max_num)
{
	u16 num = vp_select_queue(vdev, index);
	int err;

	if (!num)
		return -ENOENT;
	if (num & (num - 1) || num > VIRTQ_LEGACY_MAX_NUM)
		return -EINVAL;
	vq->msix_vector = vp_queue_vector(to_vp_device(vdev), vdev->nvqs);
	err = vring_alloc(vq, num);
	if (!err && vq->ring_dma >> (32 + VIRTIO_PCI_QUEUE_ADDR_SHIFT)) {
		vring_free(vq);
		err = -ERANGE;
	}
	return err;
}

/* [4.1.4.8] Map an event to an MSI-X vector; NO_VECTOR reads back on failure. */
static int vp_set_vector(struct virtio_device *vdev, unsigned int reg, u16 vector)
{
	outw(vp_io(vdev, reg), vector);
	return inw(vp_io(vdev, reg)) == vector ? 0 : -EBUSY;
}

static int vp_activate_vq(struct virtqueue *vq)
{
	int err;

	if (vp_select_queue(vq->vdev, vq->index) != vq->num)
		return -EINVAL;
	if (to_vp_device(vq->vdev)->msix) {
		err = vp_set_vector(vq->vdev, VIRTIO_PCI_MSI_CONFIG_VECTOR, VP_CONFIG_VECTOR);
		if (!err)
			err = vp_set_vector(vq->vdev, VIRTIO_PCI_MSI_QUEUE_VECTOR, vq->msix_vector);
		if (err)
			return err;
	}
	outl(vp_io(vq->vdev, VIRTIO_PCI_QUEUE_PFN),
	     (u32)(vq->ring_dma >> VIRTIO_PCI_QUEUE_ADDR_SHIFT));
	return 0;
}

static void vp_notify(struct virtqueue *vq)
{
	outw(vp_io(vq->vdev, VIRTIO_PCI_QUEUE_NOTIFY), vq->index);
}

u8 vp_legacy_read_isr(struct virtio_pci_device *vp)
{
	return inb(vp->ioaddr + VIRTIO_PCI_ISR);
}

static const struct virtio_config_ops vp_legacy_config_ops = {
	.get_status = vp_get_status,
	.set_status = vp_set_status,
	.get_features = vp_get_features,
	.set_features = vp_set_features,
	.get = vp_get,
	.generation = vp_generation,
	.setup_vq = vp_setup_vq,
	.activate_vq = vp_activate_vq,
	.notify = vp_notify,
};

/* [4.1.2.1] Only transitional devices have the legacy interface. */
int vp_legacy_probe(struct virtio_pci_device *vp)
{
	const struct pci_bar *bar0 = &vp->pci->bar[0];

	if (vp->pci->device > VIRTIO_PCI_DEVICE_TRANS_MAX || !bar0->is_io ||
	    bar0->size < VIRTIO_PCI_CONFIG)
		return -ENODEV;
	vp->ioaddr = (u16)bar0->addr;
	vp->vdev.config = &vp_legacy_config_ops;
	vp->vdev.legacy = true;
	return 0;
}
