/*
 * The virtio PCI transport's internals ([virtio 1.1 4.1]): the modern
 * interface through vendor capabilities (virtio_pci_modern.c), the legacy
 * I/O-port interface of transitional devices (virtio_pci_legacy.c), and
 * the probe and the interrupts they share (virtio_pci.c): MSI-X vectors
 * per queue, or INTx acknowledged through the ISR register.
 */
#ifndef _DRIVERS_VIRTIO_PCI_H
#define _DRIVERS_VIRTIO_PCI_H

#include <kernel/types.h>
#include <kernel/pci.h>
#include <kernel/virtio.h>

#define VIRTIO_PCI_VENDOR		0x1af4
#define VIRTIO_PCI_DEVICE_MIN		0x1000	/* transitional: 0x1000-0x103f */
#define VIRTIO_PCI_DEVICE_TRANS_MAX	0x103f
#define VIRTIO_PCI_DEVICE_MODERN_BASE	0x1040	/* modern: 0x1040 + device type */
#define VIRTIO_PCI_DEVICE_MAX		0x107f

/* [4.1.5.1.2] Configuration changes on MSI-X vector 0, the queues after it. */
#define VP_CONFIG_VECTOR		0

struct virtio_pci_device;

/* An MSI-X vector's handler data. */
struct vp_vector {
	struct virtio_pci_device *vp;
	u16 nr;				/* its entry in the MSI-X table */
};

struct virtio_pci_device {
	struct virtio_device vdev;
	struct pci_dev *pci;
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
	/* MSI-X: on, and how many vectors (else INTx and the ISR). */
	bool msix;
	unsigned int nvectors;
	struct vp_vector vectors[1 + VIRTIO_MAX_VQS];
};

static inline struct virtio_pci_device *to_vp_device(struct virtio_device *vdev)
{
	return container_of(vdev, struct virtio_pci_device, vdev);
}

/*
 * Find the interface and fill vdev.config (and vdev.legacy): 0, or
 * -ENODEV when the device does not have it.
 */
int vp_modern_probe(struct virtio_pci_device *vp);
int vp_legacy_probe(struct virtio_pci_device *vp);

/*
 * The MSI-X vector of the queue-th queue set up (VIRTIO_NO_VECTOR without
 * MSI-X). Each reset unmaps every event [4.1.5.1.2]: the interfaces map
 * the configuration vector and the queue's again when they activate it.
 */
u16 vp_queue_vector(struct virtio_pci_device *vp, unsigned int queue);

/* Read (and so clear) the ISR status, acknowledging the INTx interrupt. */
u8 vp_modern_read_isr(struct virtio_pci_device *vp);
u8 vp_legacy_read_isr(struct virtio_pci_device *vp);

#endif
