/*
 * PCI interrupt vectors: MSI-X, MSI or INTx for a device, as Linux's
 * pci_alloc_irq_vectors(). MSI and MSI-X messages target this CPU's local
 * APIC (kernel/apic.c allocates the IDT vectors); INTx goes through the
 * IOAPIC with the trigger and polarity request_irq() works out from the
 * MADT. References: PCI Local Bus Specification 3.0, §6.8.1 (MSI) and
 * §6.8.2 (MSI-X); Intel SDM Vol. 3A 10.11 (the message format).
 */
#include <kernel/pci.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <asm/io.h>
#include <errno.h>
#include <stdio.h>

bool pci_no_msi, pci_no_msix;

static void pci_intx(struct pci_dev *d, bool enable)
{
	u16 cmd = pci_read_config16(d, PCI_COMMAND);
	u16 want = enable ? cmd & ~PCI_COMMAND_INTX_DISABLE :
			    cmd | PCI_COMMAND_INTX_DISABLE;

	if (want != cmd)
		pci_write_config16(d, PCI_COMMAND, want);
}

/* ---- MSI-X ---- */

static volatile u8 *msix_entry(const struct pci_dev *d, unsigned int nr)
{
	return d->msix_table + nr * PCI_MSIX_ENTRY_SIZE;
}

/* [PCI 3.0 §6.8.2.4] The table sits at an offset in one of the memory BARs. */
static volatile u8 *msix_map_table(struct pci_dev *d, unsigned int nr_entries)
{
	u32 table = pci_read_config32(d, d->msix_cap + PCI_MSIX_TABLE);
	unsigned int bir = table & PCI_MSIX_BIR_MASK;
	u64 off = table & ~PCI_MSIX_BIR_MASK;
	const struct pci_bar *b;
	u8 *base;

	if (bir >= ARRAY_SIZE(d->bar))
		return NULL;
	b = &d->bar[bir];
	if (b->is_io || !b->addr ||
	    off + (u64)nr_entries * PCI_MSIX_ENTRY_SIZE > b->size)
		return NULL;
	base = ioremap(b->addr + off, nr_entries * PCI_MSIX_ENTRY_SIZE);
	return base;
}

static void msix_write_entry(struct pci_dev *d, unsigned int nr,
			     const struct msi_msg *m)
{
	volatile u8 *e = msix_entry(d, nr);

	writel((u32)m->address, e + PCI_MSIX_ENTRY_ADDR_LO);
	writel((u32)(m->address >> 32), e + PCI_MSIX_ENTRY_ADDR_HI);
	writel(m->data, e + PCI_MSIX_ENTRY_DATA);
}

static void msix_mask_entry(struct pci_dev *d, unsigned int nr, bool mask)
{
	volatile u8 *e = msix_entry(d, nr);
	u32 ctrl = readl(e + PCI_MSIX_ENTRY_CTRL);

	ctrl = mask ? ctrl | PCI_MSIX_ENTRY_CTRL_MASKBIT :
		      ctrl & ~PCI_MSIX_ENTRY_CTRL_MASKBIT;
	writel(ctrl, e + PCI_MSIX_ENTRY_CTRL);
	(void)readl(e + PCI_MSIX_ENTRY_CTRL);	/* flush the posted write */
}

static void pci_release_vectors(struct pci_dev *d)
{
	for (unsigned int i = 0; i < d->nr_irqs; i++)
		if (irq_is_msi(d->irqs[i]))
			msi_irq_free(d->irqs[i]);
	d->nr_irqs = 0;
}

/*
 * [PCI 3.0 §6.8.2.3] Program the table under the function mask: every
 * entry masked first, ours written and unmasked, then MSI-X enabled and
 * the function mask dropped. The function's INTx is off while MSI-X is on.
 */
static int pci_enable_msix(struct pci_dev *d, unsigned int min_vecs,
			   unsigned int max_vecs)
{
	u16 ctrl = pci_read_config16(d, d->msix_cap + PCI_MSIX_FLAGS);
	unsigned int size = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1, n;

	n = min(max_vecs, min(size, (unsigned int)PCI_MAX_IRQ_VECTORS));
	if (n < min_vecs)
		return -ENOSPC;
	if (!d->msix_table)
		d->msix_table = msix_map_table(d, size);
	if (!d->msix_table)
		return -ENXIO;
	pci_write_config16(d, d->msix_cap + PCI_MSIX_FLAGS,
			   (ctrl & ~PCI_MSIX_FLAGS_ENABLE) | PCI_MSIX_FLAGS_MASKALL);
	for (unsigned int i = 0; i < size; i++)
		msix_mask_entry(d, i, true);
	for (d->nr_irqs = 0; d->nr_irqs < n; d->nr_irqs++) {
		struct msi_msg m;
		int irq = msi_irq_alloc(&m);

		if (irq < 0)
			break;
		d->irqs[d->nr_irqs] = irq;
		msix_write_entry(d, d->nr_irqs, &m);
		msix_mask_entry(d, d->nr_irqs, false);
	}
	if (d->nr_irqs < min_vecs) {
		pci_release_vectors(d);
		pci_write_config16(d, d->msix_cap + PCI_MSIX_FLAGS,
				   ctrl & ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
		return -ENOSPC;
	}
	pci_intx(d, false);
	pci_write_config16(d, d->msix_cap + PCI_MSIX_FLAGS,
			   (ctrl | PCI_MSIX_FLAGS_ENABLE) | PCI_MSIX_FLAGS_MASKALL);
	pci_write_config16(d, d->msix_cap + PCI_MSIX_FLAGS,
			   (ctrl | PCI_MSIX_FLAGS_ENABLE) & ~PCI_MSIX_FLAGS_MASKALL);
	d->irq_type = PCI_IRQ_MSIX;
	return d->nr_irqs;
}

/* ---- MSI ---- */

/*
 * [PCI 3.0 §6.8.1] One message: a multi-message MSI needs a naturally
 * aligned block of vectors, which a single driver here never wants.
 * Address, then data, then the enable bit with multiple message enable 0.
 */
static int pci_enable_msi(struct pci_dev *d)
{
	u8 pos = d->msi_cap;
	u16 ctrl = pci_read_config16(d, pos + PCI_MSI_FLAGS);
	bool is64 = ctrl & PCI_MSI_FLAGS_64BIT;
	struct msi_msg m;
	int irq = msi_irq_alloc(&m);

	if (irq < 0)
		return irq;
	ctrl &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
	pci_write_config16(d, pos + PCI_MSI_FLAGS, ctrl);
	pci_write_config32(d, pos + PCI_MSI_ADDRESS_LO, (u32)m.address);
	if (is64)
		pci_write_config32(d, pos + PCI_MSI_ADDRESS_HI, (u32)(m.address >> 32));
	pci_write_config16(d, pos + (is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32),
			   (u16)m.data);
	if (ctrl & PCI_MSI_FLAGS_MASKBIT)	/* vector 0 unmasked */
		pci_write_config32(d, pos + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32), 0);
	pci_intx(d, false);
	pci_write_config16(d, pos + PCI_MSI_FLAGS, ctrl | PCI_MSI_FLAGS_ENABLE);
	d->irqs[0] = irq;
	d->nr_irqs = 1;
	d->irq_type = PCI_IRQ_MSI;
	return 1;
}

/* ---- The driver interface ---- */

int pci_alloc_irq_vectors(struct pci_dev *d, unsigned int min_vecs,
			  unsigned int max_vecs, unsigned int flags)
{
	int gsi, n;

	if (min_vecs == 0 || min_vecs > max_vecs || d->irq_type)
		return -EINVAL;
	d->msi_cap = pci_find_capability(d, PCI_CAP_ID_MSI);
	d->msix_cap = pci_find_capability(d, PCI_CAP_ID_MSIX);
	if ((flags & PCI_IRQ_MSIX) && d->msix_cap && !pci_no_msi && !pci_no_msix) {
		n = pci_enable_msix(d, min_vecs, max_vecs);
		if (n > 0)
			return n;
		pr_info("pci %02x:%02x.%x: MSI-X not used (%d), trying MSI\n",
			d->bus, d->slot, d->func, n);
	}
	if ((flags & PCI_IRQ_MSI) && d->msi_cap && !pci_no_msi && min_vecs == 1) {
		n = pci_enable_msi(d);
		if (n > 0)
			return n;
	}
	if (!(flags & PCI_IRQ_INTX) || min_vecs > 1)
		return -ENOSPC;
	gsi = pci_irq_gsi(d);
	if (gsi < 0)
		return -ENOSPC;
	pci_intx(d, true);
	d->irqs[0] = (unsigned int)gsi;
	d->nr_irqs = 1;
	d->irq_type = PCI_IRQ_INTX;
	return 1;
}

int pci_irq_vector(const struct pci_dev *d, unsigned int nr)
{
	return nr < d->nr_irqs ? (int)d->irqs[nr] : -EINVAL;
}

void pci_free_irq_vectors(struct pci_dev *d)
{
	u16 ctrl;

	if (d->irq_type == PCI_IRQ_MSIX) {
		ctrl = pci_read_config16(d, d->msix_cap + PCI_MSIX_FLAGS);
		pci_write_config16(d, d->msix_cap + PCI_MSIX_FLAGS,
				   ctrl & ~PCI_MSIX_FLAGS_ENABLE);
	} else if (d->irq_type == PCI_IRQ_MSI) {
		ctrl = pci_read_config16(d, d->msi_cap + PCI_MSI_FLAGS);
		pci_write_config16(d, d->msi_cap + PCI_MSI_FLAGS,
				   ctrl & ~PCI_MSI_FLAGS_ENABLE);
	}
	if (d->irq_type)
		pci_intx(d, true);
	pci_release_vectors(d);
	d->irq_type = 0;
}

const char *pci_irq_type_name(const struct pci_dev *d)
{
	switch (d->irq_type) {
	case PCI_IRQ_MSIX:
		return "MSI-X";
	case PCI_IRQ_MSI:
		return "MSI";
	case PCI_IRQ_INTX:
		return "INTx";
	}
	return "none";
}

int pci_format_irq(const struct pci_dev *d, char *buf, size_t len)
{
	if (!d->nr_irqs)
		return scnprintf(buf, len, "no irq");
	if (d->irq_type == PCI_IRQ_INTX)
		return scnprintf(buf, len, "irq %u", d->irqs[0]);
	return scnprintf(buf, len, "%s vector %#x", pci_irq_type_name(d),
			 d->irqs[0] - MSI_IRQ_BASE);
}

void pci_msi_mask_vector(struct pci_dev *d, unsigned int nr, bool mask)
{
	u16 ctrl;
	u8 off;
	u32 bits;

	if (nr >= d->nr_irqs)
		return;
	if (d->irq_type == PCI_IRQ_MSIX) {
		msix_mask_entry(d, nr, mask);
		return;
	}
	if (d->irq_type != PCI_IRQ_MSI)
		return;
	ctrl = pci_read_config16(d, d->msi_cap + PCI_MSI_FLAGS);
	if (!(ctrl & PCI_MSI_FLAGS_MASKBIT))
		return;
	off = d->msi_cap + (ctrl & PCI_MSI_FLAGS_64BIT ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
	bits = pci_read_config32(d, off);
	pci_write_config32(d, off, mask ? bits | 1u << nr : bits & ~(1u << nr));
}

/* ---- Self-tests ---- */

SELFTEST(msi_message_format)
{
	struct msi_msg m;
	int irq = msi_irq_alloc(&m);

	ST_ASSERT(irq >= 0);
	if (irq < 0)
		return;
	/* SDM Vol. 3A 10.11.1/10.11.2: FEE in 31:20, fixed delivery, edge. */
	ST_EQ(m.address & 0xfff00000u, 0xfee00000u);
	ST_EQ(m.address >> 32, 0);
	ST_EQ(m.data, (u32)(irq - MSI_IRQ_BASE));
	ST_ASSERT(m.data >= 0x30 && m.data < 0xf0);
	msi_irq_free((unsigned int)irq);
}

/* Every bound device with MSI/MSI-X on has INTx off and the enable bit set. */
static int st_check_dev(struct pci_dev *d, void *arg)
{
	int *bad = arg;
	u16 cmd = pci_read_config16(d, PCI_COMMAND);

	if (d->irq_type == PCI_IRQ_MSIX)
		*bad += !(pci_read_config16(d, d->msix_cap + PCI_MSIX_FLAGS) &
			  PCI_MSIX_FLAGS_ENABLE) || !(cmd & PCI_COMMAND_INTX_DISABLE);
	else if (d->irq_type == PCI_IRQ_MSI)
		*bad += !(pci_read_config16(d, d->msi_cap + PCI_MSI_FLAGS) &
			  PCI_MSI_FLAGS_ENABLE) || !(cmd & PCI_COMMAND_INTX_DISABLE);
	return 0;
}

SELFTEST(msi_devices_consistent)
{
	int bad = 0;

	pci_for_each_dev(st_check_dev, &bad);
	ST_EQ(bad, 0);
}
