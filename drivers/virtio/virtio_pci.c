/*
 * The virtio PCI transport ([virtio 1.1 4.1]): claim every virtio PCI
 * function, reach it through the modern or the legacy interface, take its
 * INTx line and hand it to the virtio driver of its device type.
 */
#include <kernel/pci.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <errno.h>
#include <stdio.h>
#include "virtio_pci.h"

/* [virtio 1.1 4.1.4.5, 4.1.5.3-4] Zero ISR means another device's interrupt (shared line). */
static irqreturn_t vp_interrupt(int irq, void *data)
{
	struct virtio_pci_device *vp = data;
	u8 isr = vp->vdev.legacy ? vp_legacy_read_isr(vp) : vp_modern_read_isr(vp);

	if (!isr)
		return IRQ_NONE;
	pr_trace(TRACE_DRIVER, "%s: irq, ISR %#x\n", vp->vdev.name, isr);
	virtio_interrupt(&vp->vdev, isr);
	return IRQ_HANDLED;
}

/*
 * [virtio 1.1 4.1.2] The device type: modern IDs are 0x1040 + type;
 * transitional ones (0x1000-0x103f) carry it as the subsystem device ID.
 */
static u32 vp_device_type(const struct pci_dev *pci)
{
	if (pci->device >= VIRTIO_PCI_DEVICE_MODERN_BASE)
		return pci->device - VIRTIO_PCI_DEVICE_MODERN_BASE;
	return pci->subsys_device;
}

static int virtio_pci_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_pci_device *vp;
	int irq = pci_irq_gsi(pci);
	int err;

	if (pci->device < VIRTIO_PCI_DEVICE_MIN || pci->device > VIRTIO_PCI_DEVICE_MAX)
		return -ENODEV;
	if (irq < 0)
		return irq;
	err = pci_enable_device(pci);
	if (err)
		return err;
	pci_set_master(pci);
	vp = kzalloc(sizeof(*vp));
	if (!vp)
		return -ENOMEM;
	vp->pci = pci;
	err = vp_modern_probe(vp);
	if (err)
		err = vp_legacy_probe(vp);
	if (err)
		goto out_free;
	virtio_device_init(&vp->vdev, vp_device_type(pci));
	vp->vdev.irq = (unsigned int)irq;
	snprintf(vp->vdev.desc, sizeof(vp->vdev.desc), "PCI %02x:%02x.%x (%04x:%04x)",
		 pci->bus, pci->slot, pci->func, pci->vendor, pci->device);
	/* Quiet until a driver sets DRIVER_OK, before the line is ours. */
	virtio_reset_device(&vp->vdev);
	err = request_irq((unsigned int)irq, vp_interrupt, IRQF_SHARED, vp->vdev.name, vp);
	if (err)
		goto out_free;
	err = virtio_register_device(&vp->vdev);
	if (err)
		goto out_free_irq;
	return 0;

out_free_irq:
	free_irq((unsigned int)irq, vp);
out_free:
	kfree(vp);
	return err;
}

static const struct pci_device_id virtio_pci_ids[] = {
	{ VIRTIO_PCI_VENDOR, PCI_ANY_ID, 0, 0, 0 },
	{ 0, 0, 0, 0, 0 },
};

static const struct pci_driver virtio_pci_driver = {
	.name = "virtio-pci",
	.id_table = virtio_pci_ids,
	.probe = virtio_pci_probe,
};
PCI_DRIVER(virtio_pci_driver);
