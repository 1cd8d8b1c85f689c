/*
 * Virtio over PCI ([virtio 1.1 4.1]): the modern interface through vendor
 * capabilities, the legacy I/O-port interface as a fallback, the device
 * status handshake, feature negotiation and split virtqueues driven from
 * the driver side. One device driver (virtio_net.c) uses it; INTx only
 * (MSI-X stays disabled, so the ISR register acknowledges interrupts).
 */
#ifndef _DRIVERS_VIRTIO_PCI_H
#define _DRIVERS_VIRTIO_PCI_H

#include <kernel/types.h>
#include <kernel/pci.h>
#include "virtio_ring.h"

#define VIRTIO_PCI_VENDOR		0x1af4
#define VIRTIO_PCI_DEVICE_TRANS_MIN	0x1000	/* transitional: 0x1000-0x103f */
#define VIRTIO_PCI_DEVICE_TRANS_MAX	0x103f
#define VIRTIO_PCI_DEVICE_MODERN_BASE	0x1040	/* modern: 0x1040 + device type */

/* [virtio 1.1 2.1] Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* [virtio 1.1 6] Reserved (transport and ring) feature bits we care about. */
#define VIRTIO_F_ANY_LAYOUT		27	/* legacy: header may share a descriptor */
#define VIRTIO_F_VERSION_1		32	/* the modern interface */

/* [virtio 1.1 4.1.4.5] ISR status bits (read-to-clear). */
#define VIRTIO_PCI_ISR_QUEUE		0x1
#define VIRTIO_PCI_ISR_CONFIG		0x2

struct virtio_pci_device;

/* A split virtqueue and the driver's bookkeeping for it. */
struct virtqueue {
	struct virtio_pci_device *vp;
	u16 index;			/* queue number on the device */
	u16 num;			/* ring size, a power of two */
	u16 free_head;			/* free descriptors, chained through .next */
	u16 num_free;
	u16 avail_idx;			/* our copy of avail->idx */
	u16 last_used_idx;		/* next used entry to consume */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	void *ring;			/* the whole vring_size(num) block */
	dma_addr_t ring_dma;
	void **token;			/* per descriptor: the caller's buffer, NULL if free */
	u16 notify_off;			/* modern: doorbell offset in multiplier units */
	u64 bad_used;			/* used entries naming no buffer we gave (device bug) */
};

struct virtio_pci_device {
	struct pci_dev *pci;
	bool modern;
	/* Modern: the structures found through the capabilities [4.1.4]. */
	u8 *common;			/* struct virtio_pci_common_cfg */
	u8 *notify;			/* doorbells */
	u32 notify_len;
	u32 notify_mult;		/* notify_off_multiplier */
	u8 *isr;
	u8 *device;			/* device-specific configuration */
	u32 device_len;
	/* Legacy: the I/O port base of BAR0 [4.1.4.8]. */
	u16 ioaddr;
	u64 features;			/* negotiated */
};

/*
 * Find the interface (modern capabilities, else legacy BAR0), enable the
 * device and bus mastering. 0, or -ENODEV when neither interface is usable.
 */
int vp_init(struct virtio_pci_device *vp, struct pci_dev *pci);

/* Reset (bounded wait for the device to acknowledge it). */
void vp_reset(struct virtio_pci_device *vp);
u8 vp_get_status(struct virtio_pci_device *vp);
void vp_add_status(struct virtio_pci_device *vp, u8 bits);

/*
 * [virtio 1.1 3.1.1] Steps 1-6: reset, ACKNOWLEDGE, DRIVER, accept the
 * subset of 'wanted' the device offers (modern requires VERSION_1, which
 * this adds), FEATURES_OK and its check. The device is then ready for
 * queue setup. On failure the status says FAILED; returns -errno.
 */
int vp_negotiate(struct virtio_pci_device *vp, u64 wanted);

static inline bool vp_has_feature(const struct virtio_pci_device *vp,
				  unsigned int bit)
{
	return vp->features & (1ULL << bit);
}

/* Read len bytes of device configuration at off, consistently [2.4.1]. */
void vp_get_config(struct virtio_pci_device *vp, unsigned int off, void *buf,
		   unsigned int len);
/* Read (and so clear) ISR status, acknowledging the INTx interrupt. */
u8 vp_read_isr(struct virtio_pci_device *vp);

/*
 * Allocate queue 'index' with at most max_num entries (modern: our choice,
 * legacy: the device's size, which cannot be changed). After vp_negotiate.
 * 0 or -errno; vp_free_vq undoes it.
 */
int vp_alloc_vq(struct virtio_pci_device *vp, struct virtqueue *vq,
		u16 index, u16 max_num);
void vp_free_vq(struct virtqueue *vq);
/* Empty the rings and hand the queue to the device (after vp_negotiate). */
int vp_activate_vq(struct virtqueue *vq);

/*
 * Offer one buffer (device-writable if 'in'). token comes back from
 * virtqueue_get_buf. 0, or -ENOSPC when no descriptor is free.
 */
int virtqueue_add_buf(struct virtqueue *vq, dma_addr_t addr, u32 len,
		      bool in, void *token);
/* Notify the device of new buffers unless it asked not to be [2.6.10]. */
void virtqueue_kick(struct virtqueue *vq);
/* The next buffer the device finished, with the bytes it wrote; or NULL. */
void *virtqueue_get_buf(struct virtqueue *vq, u32 *len);
/* After a reset: take back a buffer the device never returned, or NULL. */
void *virtqueue_detach_unused(struct virtqueue *vq);
/* Used-buffer interrupts off / on; enable returns false if work raced in. */
void virtqueue_disable_cb(struct virtqueue *vq);
bool virtqueue_enable_cb(struct virtqueue *vq);
bool virtqueue_more_used(const struct virtqueue *vq);

#endif
