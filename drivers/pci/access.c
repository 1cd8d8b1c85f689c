/*
 * PCI configuration space: mechanism #1 (ports 0xcf8/0xcfc) or PCIe ECAM,
 * the pci= command line option, and the config accessors drivers use.
 */
#include <kernel/acpi.h>
#include <kernel/cmdline.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <asm/io.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "pci.h"

static const struct pci_ops pci_conf1_ops;
const struct pci_ops *pci_ops = &pci_conf1_ops;
static bool pci_force_conf1;

#define PCI_CONF1_ADDRESS	0xcf8
#define PCI_CONF1_DATA		0xcfc
#define PCI_CONF1_ENABLE	0x80000000U

/* The address/data pair is two I/O accesses: nothing may come in between. */
static DEFINE_SPINLOCK(pci_conf1_lock);

/*
 * PCI 3.0 §3.2.2.3.2: CONFIG_ADDRESS holds the enable bit, bus, device,
 * function and dword; the data port's byte lanes select within the dword.
 * The mechanism reaches only the first 256 bytes of configuration space.
 */
static u32 conf1_read(u8 bus, u8 devfn, u16 off, int size)
{
	u16 port = PCI_CONF1_DATA + (off & 3);
	unsigned long flags;
	u32 v;

	if (off > 0xff)
		return pci_all_ones(size);
	spin_lock_irqsave(&pci_conf1_lock, flags);
	outl(PCI_CONF1_ADDRESS, PCI_CONF1_ENABLE | (u32)bus << 16 |
	     (u32)devfn << 8 | (off & 0xfc));
	if (size == 1)
		v = inb(port);
	else if (size == 2)
		v = inw(port);
	else
		v = inl(port);
	spin_unlock_irqrestore(&pci_conf1_lock, flags);
	return v;
}

static void conf1_write(u8 bus, u8 devfn, u16 off, int size, u32 val)
{
	u16 port = PCI_CONF1_DATA + (off & 3);
	unsigned long flags;

	if (off > 0xff)
		return;
	spin_lock_irqsave(&pci_conf1_lock, flags);
	outl(PCI_CONF1_ADDRESS, PCI_CONF1_ENABLE | (u32)bus << 16 |
	     (u32)devfn << 8 | (off & 0xfc));
	if (size == 1)
		outb(port, val);
	else if (size == 2)
		outw(port, val);
	else
		outl(port, val);
	spin_unlock_irqrestore(&pci_conf1_lock, flags);
}

static const struct pci_ops pci_conf1_ops = {
	.name = "conf1",
	.read = conf1_read,
	.write = conf1_write,
};

/* PCIe Base 3.0 §7.2.2: address = base + bus << 20 | device << 15 | function << 12 | offset. */
#define ECAM_BUS_SHIFT	20

static struct {
	phys_addr_t base;	/* the window of bus 0, even when bus_start > 0 */
	u8 bus_start, bus_end;
	void *bus_map[256];	/* 1 MiB per bus, mapped on first use */
} pci_ecam;

/*
 * The mapping of a bus is made without a lock: the first access to every
 * bus with devices on it is the enumeration, in process context, so a bus
 * is never mapped from an interrupt handler, and a race could only waste
 * one mapping.
 */
static volatile u8 *ecam_addr(u8 bus, u8 devfn, u16 off)
{
	void *m;

	if (bus < pci_ecam.bus_start || bus > pci_ecam.bus_end)
		return NULL;
	m = READ_ONCE(pci_ecam.bus_map[bus]);
	if (!m) {
		m = ioremap(pci_ecam.base + ((phys_addr_t)bus << ECAM_BUS_SHIFT),
			    1UL << ECAM_BUS_SHIFT);
		if (!m)
			return NULL;
		WRITE_ONCE(pci_ecam.bus_map[bus], m);
	}
	return (volatile u8 *)m + ((u32)devfn << 12) + off;
}

/* A bus outside the MCFG range, or one that cannot be mapped, still has mechanism #1. */
static u32 ecam_read(u8 bus, u8 devfn, u16 off, int size)
{
	volatile u8 *a = ecam_addr(bus, devfn, off);

	if (!a)
		return conf1_read(bus, devfn, off, size);
	if (size == 1)
		return readb(a);
	if (size == 2)
		return readw(a);
	return readl(a);
}

static void ecam_write(u8 bus, u8 devfn, u16 off, int size, u32 val)
{
	volatile u8 *a = ecam_addr(bus, devfn, off);

	if (!a)
		conf1_write(bus, devfn, off, size, val);
	else if (size == 1)
		writeb(val, a);
	else if (size == 2)
		writew(val, a);
	else
		writel(val, a);
}

static const struct pci_ops pci_ecam_ops = {
	.name = "ECAM",
	.read = ecam_read,
	.write = ecam_write,
};

/*
 * Switch configuration access to PCIe ECAM for segment 'seg', buses
 * bus_start..bus_end; 'base' is the address of bus 0's window. Only
 * segment 0 is supported; pci=conf1 keeps mechanism #1. 0 or -errno.
 */
static int pci_use_ecam(phys_addr_t base, u16 seg, u8 bus_start, u8 bus_end)
{
	volatile u8 *a;
	u32 conf1_id;

	if (seg != 0)
		return -EOPNOTSUPP;
	if (!base || bus_start > bus_end)
		return -EINVAL;
	if (pci_force_conf1) {
		pr_info("pci: ECAM at %#llx ignored (pci=conf1)\n",
			(unsigned long long)base);
		return -EPERM;
	}
	pci_ecam.base = base;
	pci_ecam.bus_start = bus_start;
	pci_ecam.bus_end = bus_end;
	/*
	 * A window the firmware described wrongly would make every device
	 * vanish. As Linux sanity-checks MCFG (arch/x86/pci/mmconfig-shared.c),
	 * make sure both mechanisms read the same id at the first bus's 00.0.
	 */
	a = ecam_addr(bus_start, 0, PCI_VENDOR_ID);
	conf1_id = conf1_read(bus_start, 0, PCI_VENDOR_ID, 4);
	if (!a || readl(a) != conf1_id) {
		pr_warn("pci: ECAM at %#llx does not match mechanism #1, not used\n",
			(unsigned long long)base);
		pci_ecam.bus_end = 0;
		pci_ecam.bus_start = 1;		/* an empty range */
		return -EIO;
	}
	pci_ops = &pci_ecam_ops;
	pr_info("pci: ECAM at %#llx for buses %02x-%02x\n",
		(unsigned long long)base, bus_start, bus_end);
	return 0;
}

/*
 * Whether configuration space can be reached at all. ECAM was checked when
 * it was set up; mechanism #1 keeps the enable bit written to
 * CONFIG_ADDRESS (the test of Linux's pci_check_type1()), which a machine
 * without PCI (QEMU's microvm) does not decode: its port reads all ones.
 */
bool pci_config_present(void)
{
	unsigned long flags;
	u32 saved, v;

	if (pci_ops != &pci_conf1_ops)
		return true;
	spin_lock_irqsave(&pci_conf1_lock, flags);
	saved = inl(PCI_CONF1_ADDRESS);
	outl(PCI_CONF1_ADDRESS, PCI_CONF1_ENABLE);
	v = inl(PCI_CONF1_ADDRESS);
	outl(PCI_CONF1_ADDRESS, saved);
	spin_unlock_irqrestore(&pci_conf1_lock, flags);
	return v == PCI_CONF1_ENABLE;
}

/*
 * ACPI hands over the ECAM windows it found in MCFG (PCI Firmware Spec 3.0
 * 4.1.2); the first segment-0 window that checks out replaces mechanism #1.
 */
void pci_ecam_setup(void)
{
	const struct acpi_mcfg_region *r;
	int i, n = acpi_mcfg_regions(&r);

	for (i = 0; i < n; i++)
		if (r[i].segment == 0 &&
		    pci_use_ecam(r[i].base, 0, r[i].bus_start, r[i].bus_end) == 0)
			return;
}

/* pci=TOKEN[,TOKEN...]: conf1 (no ECAM), nomsi (INTx only), nomsix (no MSI-X). */
static int pci_param_token(const char *tok, size_t len)
{
	if (len == 5 && !strncmp(tok, "conf1", 5)) {
		pci_force_conf1 = true;
		pci_ops = &pci_conf1_ops;
	} else if (len == 5 && !strncmp(tok, "nomsi", 5)) {
		pci_no_msi = true;
	} else if (len == 6 && !strncmp(tok, "nomsix", 6)) {
		pci_no_msix = true;
	} else {
		printk("pci: unknown value '%.*s' in pci= (known: conf1, nomsi, nomsix)\n",
		       (int)len, tok);
		return -EINVAL;
	}
	return 0;
}

static int pci_param_set(const char *key, const char *value)
{
	int err = 0;

	if (!value || !*value) {
		printk("pci: %s needs a value (conf1, nomsi, nomsix)\n", key);
		return -EINVAL;
	}
	while (*value) {
		const char *end = strchr(value, ',');
		size_t len = end ? (size_t)(end - value) : strlen(value);

		if (pci_param_token(value, len))
			err = -EINVAL;
		value += len + (end ? 1 : 0);
	}
	return err;
}
CMDLINE_PARAM(pci, "pci", pci_param_set,
	      "pci=conf1,nomsi,nomsix: conf1 keeps mechanism #1 (ports 0xcf8/0xcfc) even when ACPI MCFG offers PCIe ECAM; "
	      "nomsi gives drivers INTx only; nomsix leaves MSI-X out");

u8 pci_read_config8(const struct pci_dev *d, u16 off)
{
	return pci_ops->read(d->bus, pci_devfn(d), off, 1);
}

u16 pci_read_config16(const struct pci_dev *d, u16 off)
{
	return pci_ops->read(d->bus, pci_devfn(d), off, 2);
}

u32 pci_read_config32(const struct pci_dev *d, u16 off)
{
	return pci_ops->read(d->bus, pci_devfn(d), off, 4);
}

void pci_write_config8(const struct pci_dev *d, u16 off, u8 v)
{
	pci_ops->write(d->bus, pci_devfn(d), off, 1, v);
}

void pci_write_config16(const struct pci_dev *d, u16 off, u16 v)
{
	pci_ops->write(d->bus, pci_devfn(d), off, 2, v);
}

void pci_write_config32(const struct pci_dev *d, u16 off, u32 v)
{
	pci_ops->write(d->bus, pci_devfn(d), off, 4, v);
}

/* PCI 3.0 §6.2.2: the command register gates decoding and bus mastering. */
static void pci_command_set(struct pci_dev *d, u16 bits)
{
	u16 cmd = pci_read_config16(d, PCI_COMMAND);

	if ((cmd & bits) != bits)
		pci_write_config16(d, PCI_COMMAND, cmd | bits);
}

int pci_enable_device(struct pci_dev *d)
{
	pci_command_set(d, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	return 0;
}

void pci_set_master(struct pci_dev *d)
{
	pci_command_set(d, PCI_COMMAND_MASTER);
}

/*
 * PCI 3.0 §6.7: capabilities sit above the 64-byte header, dword aligned,
 * each with its id and the offset of the next. Follow the pointer at
 * 'ptr'; a bitmap of the dwords visited (the one holding 'ptr' included)
 * ends a looped list, so every call terminates within 48 steps.
 */
static u8 pci_cap_walk(const struct pci_dev *d, u16 ptr, u8 id)
{
	u64 seen = ptr >= 0x40 ? 1ULL << (ptr >> 2) : 0;
	u8 pos;

	for (pos = pci_read_config8(d, ptr) & ~3; pos >= 0x40;
	     pos = pci_read_config8(d, pos + 1) & ~3) {
		u64 bit = 1ULL << (pos >> 2);
		u8 cap;

		if (seen & bit)
			break;
		seen |= bit;
		cap = pci_read_config8(d, pos);
		if (cap == 0xff)
			break;
		if (cap == id)
			return pos;
	}
	return 0;
}

u8 pci_find_capability(const struct pci_dev *d, u8 id)
{
	if (!(pci_read_config16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	return pci_cap_walk(d, d->hdr_type == PCI_HEADER_TYPE_CARDBUS ?
			    PCI_CB_CAPABILITY_LIST : PCI_CAPABILITY_LIST, id);
}

u8 pci_find_next_capability(const struct pci_dev *d, u8 pos, u8 id)
{
	return pci_cap_walk(d, pos + 1, id);
}
