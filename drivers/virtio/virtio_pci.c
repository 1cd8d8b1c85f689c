/*
 * The virtio PCI transport ([virtio 1.1 4.1]): claim every virtio PCI
 * function, reach it through the modern or the legacy interface, take its
 * interrupts and hand it to the virtio driver of its device type.
 *
 * Interrupts [4.1.4.5, 4.1.5.1.2]: with MSI-X (unless pci=nomsix or
 * pci=nomsi) vector 0 carries configuration changes and each queue gets a
 * vector of its own, as many as the table has (queues share the last ones
 * when it is short); the ISR register is then not used. Without MSI-X the
 * INTx line, shared, and the ISR register says why it rose.
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
 * One MSI-X vector: the queues mapped to it, and configuration changes
 * on vector 0 (which also carries the queues when the table has one entry).
 */
static irqreturn_t vp_vector_interrupt(int irq, void *data)
{
	struct vp_vector *v = data;
	struct virtio_device *vdev = &v->vp->vdev;
	bool handled = false;

	if (v->nr == VP_CONFIG_VECTOR) {
		virtio_config_changed(vdev);
		handled = true;
	}
	for (unsigned int i = 0; i < vdev->nvqs; i++)
		if (vdev->vqs[i]->msix_vector == v->nr)
			handled |= vring_interrupt(vdev->vqs[i]);
	return handled ? IRQ_HANDLED : IRQ_NONE;
}

u16 vp_queue_vector(struct virtio_pci_device *vp, unsigned int queue)
{
	if (!vp->msix)
		return VIRTIO_NO_VECTOR;
	if (vp->nvectors == 1)
		return VP_CONFIG_VECTOR;
	return (u16)(1 + queue % (vp->nvectors - 1));
}

/*
 * MSI-X for configuration and up to VIRTIO_MAX_VQS queues, else INTx.
 * 0 with every handler installed, or -errno with nothing left behind.
 */
static int vp_request_irqs(struct virtio_pci_device *vp)
{
	struct pci_dev *pci = vp->pci;
	int n = pci_alloc_irq_vectors(pci, 1, 1 + VIRTIO_MAX_VQS, PCI_IRQ_MSIX | PCI_IRQ_INTX);
	unsigned int i;
	int err;

	if (n < 0)
		return n;
	vp->vdev.irq = (unsigned int)pci_irq_vector(pci, 0);
	if (pci->irq_type != PCI_IRQ_MSIX) {
		snprintf(vp->vdev.irq_desc, sizeof(vp->vdev.irq_desc), "irq %u", vp->vdev.irq);
		err = request_irq(vp->vdev.irq, vp_interrupt, IRQF_SHARED, vp->vdev.name, vp);
		if (err)
			pci_free_irq_vectors(pci);
		return err;
	}
	vp->msix = true;
	vp->nvectors = (unsigned int)n;
	for (i = 0; i < vp->nvectors; i++) {
		vp->vectors[i] = (struct vp_vector){ .vp = vp, .nr = (u16)i };
		err = request_irq((unsigned int)pci_irq_vector(pci, i), vp_vector_interrupt, 0,
				  vp->vdev.name, &vp->vectors[i]);
		if (err)
			goto out_free;
	}
	snprintf(vp->vdev.irq_desc, sizeof(vp->vdev.irq_desc), "MSI-X vectors %#x-%#x",
		 pci_irq_vector(pci, 0) - MSI_IRQ_BASE,
		 pci_irq_vector(pci, vp->nvectors - 1) - MSI_IRQ_BASE);
	return 0;

out_free:
	while (i--)
		free_irq((unsigned int)pci_irq_vector(pci, i), &vp->vectors[i]);
	pci_free_irq_vectors(pci);
	vp->msix = false;
	return err;
}

static void vp_free_irqs(struct virtio_pci_device *vp)
{
	if (!vp->msix) {
		free_irq(vp->vdev.irq, vp);
	} else {
		for (unsigned int i = 0; i < vp->nvectors; i++)
			free_irq((unsigned int)pci_irq_vector(vp->pci, i), &vp->vectors[i]);
	}
	pci_free_irq_vectors(vp->pci);
	vp->msix = false;
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
	int err;

	if (pci->device < VIRTIO_PCI_DEVICE_MIN || pci->device > VIRTIO_PCI_DEVICE_MAX)
		return -ENODEV;
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
	snprintf(vp->vdev.desc, sizeof(vp->vdev.desc), "PCI %02x:%02x.%x (%04x:%04x)",
		 pci->bus, pci->slot, pci->func, pci->vendor, pci->device);
	/* Quiet until a driver sets DRIVER_OK, before the interrupts are ours. */
	virtio_reset_device(&vp->vdev);
	err = vp_request_irqs(vp);
	if (err)
		goto out_free;
	err = virtio_register_device(&vp->vdev);
	if (err)
		goto out_free_irqs;
	return 0;

out_free_irqs:
	vp_free_irqs(vp);
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
