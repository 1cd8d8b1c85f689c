/*
 * The modern virtio PCI interface ([virtio 1.1 4.1.4]): the common, notify,
 * ISR and device configuration structures, found through vendor
 * capabilities in memory BARs.
 */
#include <kernel/pci.h>
#include <asm/io.h>
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "virtio_pci.h"
#include "virtio_ring.h"

/* [virtio 1.1 4.1.4] struct virtio_pci_cap, offsets in configuration space. */
#define VIRTIO_PCI_CAP_LEN		2
#define VIRTIO_PCI_CAP_CFG_TYPE		3
#define VIRTIO_PCI_CAP_BAR		4
#define VIRTIO_PCI_CAP_OFFSET		8
#define VIRTIO_PCI_CAP_LENGTH		12
#define VIRTIO_PCI_CAP_SIZE		16
#define VIRTIO_PCI_NOTIFY_CAP_MULT	16	/* struct virtio_pci_notify_cap */
#define VIRTIO_PCI_NOTIFY_CAP_SIZE	20

#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4

/* [virtio 1.1 4.1.4.3] struct virtio_pci_common_cfg. */
#define VIRTIO_PCI_COMMON_DFSELECT	0x00
#define VIRTIO_PCI_COMMON_DF		0x04
#define VIRTIO_PCI_COMMON_GFSELECT	0x08
#define VIRTIO_PCI_COMMON_GF		0x0c
#define VIRTIO_PCI_COMMON_MSIX		0x10	/* config_msix_vector */
#define VIRTIO_PCI_COMMON_STATUS	0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION	0x15
#define VIRTIO_PCI_COMMON_Q_SELECT	0x16
#define VIRTIO_PCI_COMMON_Q_SIZE	0x18
#define VIRTIO_PCI_COMMON_Q_MSIX	0x1a	/* queue_msix_vector */
#define VIRTIO_PCI_COMMON_Q_ENABLE	0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF	0x1e
#define VIRTIO_PCI_COMMON_Q_DESC	0x20
#define VIRTIO_PCI_COMMON_Q_AVAIL	0x28
#define VIRTIO_PCI_COMMON_Q_USED	0x30
#define VIRTIO_PCI_COMMON_LEN		0x38

/* One capability: which BAR, where in it, how long. */
struct vp_cap {
	u8 bar;
	u32 offset, length;
	u16 pos;		/* in configuration space; 0 = not found */
};

/*
 * [virtio 1.1 4.1.4] Walk the vendor capabilities; the first usable one of
 * each type wins. Usable: in a memory BAR, and inside it.
 */
static void vp_scan_caps(struct pci_dev *pci, struct vp_cap caps[5])
{
	for (u8 pos = pci_find_capability(pci, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pci, pos, PCI_CAP_ID_VNDR)) {
		u8 cap_len = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_LEN);
		u8 type = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_CFG_TYPE);
		u8 bar = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_BAR);
		u32 off = pci_read_config32(pci, pos + VIRTIO_PCI_CAP_OFFSET);
		u32 len = pci_read_config32(pci, pos + VIRTIO_PCI_CAP_LENGTH);

		if (type < VIRTIO_PCI_CAP_COMMON_CFG ||
		    type > VIRTIO_PCI_CAP_DEVICE_CFG || caps[type].pos)
			continue;
		if (cap_len < VIRTIO_PCI_CAP_SIZE ||
		    (type == VIRTIO_PCI_CAP_NOTIFY_CFG &&
		     cap_len < VIRTIO_PCI_NOTIFY_CAP_SIZE))
			continue;
		if (bar >= ARRAY_SIZE(pci->bar) || pci->bar[bar].is_io ||
		    (u64)off + len > pci->bar[bar].size)
			continue;
		caps[type] = (struct vp_cap){ .bar = bar, .offset = off,
					      .length = len, .pos = pos };
	}
}

/* Map each BAR once; the structures point into those mappings. */
static u8 *vp_map_cap(struct virtio_pci_device *vp, u8 *bar_va[6],
		      const struct vp_cap *cap)
{
	if (!bar_va[cap->bar])
		bar_va[cap->bar] = pci_ioremap_bar(vp->pci, cap->bar);
	return bar_va[cap->bar] ? bar_va[cap->bar] + cap->offset : NULL;
}

static u8 vp_get_status(struct virtio_device *vdev)
{
	return readb(to_vp_device(vdev)->common + VIRTIO_PCI_COMMON_STATUS);
}

static void vp_set_status(struct virtio_device *vdev, u8 status)
{
	writeb(status, to_vp_device(vdev)->common + VIRTIO_PCI_COMMON_STATUS);
}

static u64 vp_get_features(struct virtio_device *vdev)
{
	u8 *common = to_vp_device(vdev)->common;
	u32 lo, hi;

	writel(0, common + VIRTIO_PCI_COMMON_DFSELECT);
	lo = readl(common + VIRTIO_PCI_COMMON_DF);
	writel(1, common + VIRTIO_PCI_COMMON_DFSELECT);
	hi = readl(common + VIRTIO_PCI_COMMON_DF);
	return (u64)hi << 32 | lo;
}

static void vp_set_features(struct virtio_device *vdev, u64 f)
{
	u8 *common = to_vp_device(vdev)->common;

	writel(0, common + VIRTIO_PCI_COMMON_GFSELECT);
	writel((u32)f, common + VIRTIO_PCI_COMMON_GF);
	writel(1, common + VIRTIO_PCI_COMMON_GFSELECT);
	writel((u32)(f >> 32), common + VIRTIO_PCI_COMMON_GF);
}

/* One access of the natural width for 1, 2 and 4 bytes [4.1.3.1], bytes else. */
static void vp_get(struct virtio_device *vdev, unsigned int off, void *buf,
		   unsigned int len)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	u8 *p = buf;
	u16 v16;
	u32 v32;

	if (off + len > vp->device_len) {
		memset(buf, 0, len);
		return;
	}
	if (len == 2) {
		v16 = readw(vp->device + off);
		memcpy(buf, &v16, 2);
	} else if (len == 4) {
		v32 = readl(vp->device + off);
		memcpy(buf, &v32, 4);
	} else {
		for (unsigned int i = 0; i < len; i++)
			p[i] = readb(vp->device + off + i);
	}
}

static u32 vp_generation(struct virtio_device *vdev)
{
	return readb(to_vp_device(vdev)->common + VIRTIO_PCI_COMMON_CFGGENERATION);
}

/* Selects the queue; returns its maximum size (0: no such queue [4.1.4.3]). */
static u16 vp_select_queue(struct virtio_pci_device *vp, u16 index)
{
	writew(index, vp->common + VIRTIO_PCI_COMMON_Q_SELECT);
	return readw(vp->common + VIRTIO_PCI_COMMON_Q_SIZE);
}

/* [4.1.5.1.3] We may pick a smaller size than the device's maximum. */
static int vp_setup_vq(struct virtio_device *vdev, struct virtqueue *vq,
		       u16 index, u16 max_num)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	u16 num = vp_select_queue(vp, index);

	if (!num)
		return -ENOENT;
	vq->notify_off = readw(vp->common + VIRTIO_PCI_COMMON_Q_NOFF);
	if ((u64)vq->notify_off * vp->notify_mult + 2 > vp->notify_len)
		return -EINVAL;
	vq->msix_vector = vp_queue_vector(vp, vdev->nvqs);
	return vring_alloc(vq, vring_pow2_floor(min(num, max_num)));
}

static void vp_write64(struct virtio_pci_device *vp, unsigned int off, u64 v)
{
	writel((u32)v, vp->common + off);
	writel((u32)(v >> 32), vp->common + off + 4);
}

/*
 * [virtio 1.1 4.1.5.1.2] Map an event to an MSI-X vector; the device says
 * NO_VECTOR back when it could not.
 */
static int vp_set_vector(struct virtio_pci_device *vp, unsigned int reg, u16 vector)
{
	writew(vector, vp->common + reg);
	return readw(vp->common + reg) == vector ? 0 : -EBUSY;
}

/* [virtio 1.1 4.1.5.1.3] Queue configuration, with its vectors. */
static int vp_activate_vq(struct virtqueue *vq)
{
	struct virtio_pci_device *vp = to_vp_device(vq->vdev);
	dma_addr_t ring = vq->ring_dma;
	int err;

	/* The size was read at probe; a reset does not change it. */
	if (vp_select_queue(vp, vq->index) < vq->num)
		return -EINVAL;
	if (vp->msix) {
		err = vp_set_vector(vp, VIRTIO_PCI_COMMON_MSIX, VP_CONFIG_VECTOR);
		if (!err)
			err = vp_set_vector(vp, VIRTIO_PCI_COMMON_Q_MSIX, vq->msix_vector);
		if (err)
			return err;
	}
	writew(vq->num, vp->common + VIRTIO_PCI_COMMON_Q_SIZE);
	vp_write64(vp, VIRTIO_PCI_COMMON_Q_DESC, ring);
	vp_write64(vp, VIRTIO_PCI_COMMON_Q_AVAIL, ring + vring_avail_offset(vq->num));
	vp_write64(vp, VIRTIO_PCI_COMMON_Q_USED, ring + vring_used_offset(vq->num));
	writew(1, vp->common + VIRTIO_PCI_COMMON_Q_ENABLE);
	return 0;
}

/* [virtio 1.1 4.1.5.2] The queue's doorbell, at its notify offset. */
static void vp_notify(struct virtqueue *vq)
{
	struct virtio_pci_device *vp = to_vp_device(vq->vdev);

	writew(vq->index, vp->notify + vq->notify_off * vp->notify_mult);
}

u8 vp_modern_read_isr(struct virtio_pci_device *vp)
{
	return readb(vp->isr);
}

static const struct virtio_config_ops vp_modern_config_ops = {
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

/* The modern interface: all four structures present and mapped. */
int vp_modern_probe(struct virtio_pci_device *vp)
{
	struct vp_cap caps[5] = { 0 };
	u8 *bar_va[6] = { 0 };

	vp_scan_caps(vp->pci, caps);
	if (!caps[VIRTIO_PCI_CAP_COMMON_CFG].pos ||
	    !caps[VIRTIO_PCI_CAP_NOTIFY_CFG].pos ||
	    !caps[VIRTIO_PCI_CAP_ISR_CFG].pos ||
	    !caps[VIRTIO_PCI_CAP_DEVICE_CFG].pos ||
	    caps[VIRTIO_PCI_CAP_COMMON_CFG].length < VIRTIO_PCI_COMMON_LEN)
		return -ENODEV;
	vp->common = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_COMMON_CFG]);
	vp->notify = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_NOTIFY_CFG]);
	vp->isr = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_ISR_CFG]);
	vp->device = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_DEVICE_CFG]);
	if (!vp->common || !vp->notify || !vp->isr || !vp->device)
		return -ENOMEM;
	vp->notify_len = caps[VIRTIO_PCI_CAP_NOTIFY_CFG].length;
	vp->notify_mult = pci_read_config32(vp->pci,
		caps[VIRTIO_PCI_CAP_NOTIFY_CFG].pos + VIRTIO_PCI_NOTIFY_CAP_MULT);
	vp->device_len = caps[VIRTIO_PCI_CAP_DEVICE_CFG].length;
	vp->vdev.config = &vp_modern_config_ops;
	vp->vdev.legacy = false;
	return 0;
}
