/* PCI bus enumeration, BAR decoding, driver matching and probing, and the PCI self-tests. */
#include <kernel/pci.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <asm/io.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "pci.h"

LIST_HEAD(pci_devices);

void *pci_ioremap_bar(struct pci_dev *d, int bar)
{
	const struct pci_bar *b;

	if (bar < 0 || bar >= (int)ARRAY_SIZE(d->bar))
		return NULL;
	b = &d->bar[bar];
	if (b->is_io || !b->size || !b->addr)
		return NULL;
	return ioremap(b->addr, b->size);
}

/*
 * ACPI routes PCI INTx through _PRT objects in the DSDT, which need an AML
 * interpreter we do not have. The firmware-programmed interrupt line is
 * right on QEMU: SeaBIOS and OVMF route the i440fx PIIX3 and the q35 ICH9
 * PIRQ links to ISA IRQs (5, 9, 10, 11) and write those into the line
 * register, and QEMU wires every ISA IRQ to the same-numbered IOAPIC pin
 * (the MADT overrides those lines to level-triggered). On q35 the ICH9
 * PIRQs also reach IOAPIC pins 16-23, which _PRT would name; both work.
 */
int pci_irq_gsi(const struct pci_dev *d)
{
	if (!d->irq_pin || d->irq_line == 0xff)
		return -ENODEV;
	return d->irq_line;
}

void pci_for_each_dev(int (*fn)(struct pci_dev *d, void *arg), void *arg)
{
	struct pci_dev *d;

	list_for_each_entry(d, &pci_devices, list)
		if (fn(d, arg))
			return;
}

struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from)
{
	struct list_head *pos = from ? from->list.next : pci_devices.next;

	for (; pos != &pci_devices; pos = pos->next) {
		struct pci_dev *d = list_entry(pos, struct pci_dev, list);

		if ((vendor == PCI_ANY_ID || vendor == d->vendor) &&
		    (device == PCI_ANY_ID || device == d->device))
			return d;
	}
	return NULL;
}

static u64 lowest_set_bit(u64 v)
{
	return v & -v;
}

/*
 * PCI 3.0 §6.2.5.1: writing all ones to a BAR and reading it back leaves
 * the writable address bits set; the lowest of them is the size.
 */
static u32 pci_bar_probe(const struct pci_dev *d, u16 off, u32 *orig)
{
	u32 sz;

	*orig = pci_read_config32(d, off);
	pci_write_config32(d, off, ~0U);
	sz = pci_read_config32(d, off);
	pci_write_config32(d, off, *orig);
	return sz;
}

/* Decode BAR i of nbars; returns the slots it takes (a 64-bit BAR takes two). */
static int pci_read_bar(struct pci_dev *d, int i, int nbars)
{
	struct pci_bar *b = &d->bar[i];
	u16 off = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 lo, szlo, hi = 0, szhi = 0;

	szlo = pci_bar_probe(d, off, &lo);
	if (lo & PCI_BASE_ADDRESS_SPACE_IO) {
		/* Many devices hardwire the upper 16 bits of an I/O BAR to zero. */
		b->is_io = true;
		b->addr = lo & PCI_BASE_ADDRESS_IO_MASK;
		b->size = lowest_set_bit(szlo & PCI_BASE_ADDRESS_IO_MASK);
		return 1;
	}
	b->prefetch = lo & PCI_BASE_ADDRESS_MEM_PREFETCH;
	if ((lo & 0x6) == PCI_BASE_ADDRESS_MEM_TYPE_64) {
		if (i + 1 >= nbars) {
			pr_warn("pci %02x:%02x.%x: 64-bit bar%d in the last slot\n",
				d->bus, d->slot, d->func, i);
			return 1;
		}
		b->is_64 = true;
		szhi = pci_bar_probe(d, off + 4, &hi);
	}
	b->addr = (u64)hi << 32 | (lo & PCI_BASE_ADDRESS_MEM_MASK);
	b->size = lowest_set_bit((u64)szhi << 32 |
				 (szlo & PCI_BASE_ADDRESS_MEM_MASK));
	return b->is_64 ? 2 : 1;
}

/*
 * Decoding is off while a BAR holds all ones, or the device would answer
 * at whatever address that is. Host bridges keep decoding: some stop
 * routing system memory otherwise (Linux's quirk_mmio_always_on).
 */
static void pci_read_bases(struct pci_dev *d, int nbars)
{
	u16 cmd = pci_read_config16(d, PCI_COMMAND);
	u16 decode = PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
	bool quiesce = (cmd & decode) && (d->class >> 8) != 0x0600;
	int i;

	if (quiesce)
		pci_write_config16(d, PCI_COMMAND, cmd & ~decode);
	for (i = 0; i < nbars; )
		i += pci_read_bar(d, i, nbars);
	if (quiesce)
		pci_write_config16(d, PCI_COMMAND, cmd);
}

/* Buses waiting to be scanned; each is queued at most once, so a miswired bridge cannot loop us. */
struct pci_scan {
	u8 queue[256];
	int head, tail;
	u64 seen[4];
	int nfuncs;
};

static void pci_queue_bus(struct pci_scan *s, u8 bus)
{
	u64 bit = 1ULL << (bus % 64);

	if (s->seen[bus / 64] & bit)
		return;
	s->seen[bus / 64] |= bit;
	s->queue[s->tail++] = bus;
}

static bool pci_present(u8 bus, u8 devfn)
{
	u16 vendor = pci_ops->read(bus, devfn, PCI_VENDOR_ID, 2);

	return vendor != 0xffff && vendor != 0;
}

static u32 pci_dev_key(const struct pci_dev *d)
{
	return (u32)d->bus << 8 | pci_devfn(d);
}

static void pci_add_device(struct pci_dev *d)
{
	struct pci_dev *pos;

	list_for_each_entry(pos, &pci_devices, list)
		if (pci_dev_key(pos) > pci_dev_key(d))
			break;
	list_add_tail(&d->list, &pos->list);
}

/* PCI 3.0 §6.2.1 and §6.2.4: identification, class and interrupt registers. */
static void pci_scan_function(struct pci_scan *s, u8 bus, u8 devfn)
{
	struct pci_dev *d = kzalloc(sizeof(*d));
	u32 class_rev;
	u8 secondary;

	if (!d) {
		pr_err("pci %02x:%02x.%x: out of memory\n", bus,
		       PCI_SLOT(devfn), PCI_FUNC(devfn));
		return;
	}
	d->bus = bus;
	d->slot = PCI_SLOT(devfn);
	d->func = PCI_FUNC(devfn);
	d->vendor = pci_read_config16(d, PCI_VENDOR_ID);
	d->device = pci_read_config16(d, PCI_DEVICE_ID);
	class_rev = pci_read_config32(d, PCI_REVISION_ID);
	d->revision = class_rev & 0xff;
	d->class = class_rev >> 8;
	d->hdr_type = pci_read_config8(d, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	d->irq_line = pci_read_config8(d, PCI_INTERRUPT_LINE);
	d->irq_pin = pci_read_config8(d, PCI_INTERRUPT_PIN);

	switch (d->hdr_type) {
	case PCI_HEADER_TYPE_NORMAL:
		d->subsys_vendor = pci_read_config16(d, PCI_SUBSYSTEM_VENDOR_ID);
		d->subsys_device = pci_read_config16(d, PCI_SUBSYSTEM_ID);
		pci_read_bases(d, 6);
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		/* PCI-to-PCI Bridge Spec 1.2 §3.2.5.3: the firmware numbered the bus behind it. */
		pci_read_bases(d, 2);
		secondary = pci_read_config8(d, PCI_SECONDARY_BUS);
		pr_trace(TRACE_PCI, "pci %02x:%02x.%x: bridge to bus %02x\n", bus,
			 d->slot, d->func, secondary);
		if (secondary)
			pci_queue_bus(s, secondary);
		break;
	}
	pci_add_device(d);
	s->nfuncs++;
}

/* PCI 3.0 §6.2.1: functions 1-7 exist only when function 0 sets the multi-function bit. */
static void pci_scan_slot(struct pci_scan *s, u8 bus, u8 slot)
{
	int fn, nfn = 1;

	for (fn = 0; fn < nfn; fn++) {
		u8 devfn = PCI_DEVFN(slot, fn);

		if (!pci_present(bus, devfn))
			continue;
		if (fn == 0 && (pci_ops->read(bus, devfn, PCI_HEADER_TYPE, 1) &
				PCI_HEADER_TYPE_MFD))
			nfn = 8;
		pci_scan_function(s, bus, devfn);
	}
}

/*
 * Breadth first from bus 0, following bridges, instead of probing all 256
 * buses (65536 reads, slow under TCG). A multi-function 00:00.0 means
 * several host controllers, function N owning bus N (the OSDev wiki's
 * "recursive scan"); those buses are roots too.
 */
static void pci_scan_all(struct pci_scan *s)
{
	u8 fn;

	pci_queue_bus(s, 0);
	if (pci_ops->read(0, 0, PCI_HEADER_TYPE, 1) & PCI_HEADER_TYPE_MFD)
		for (fn = 1; fn < 8; fn++)
			if (pci_present(0, PCI_DEVFN(0, fn)))
				pci_queue_bus(s, fn);
	while (s->head < s->tail) {
		u8 bus = s->queue[s->head++];
		u8 slot;

		for (slot = 0; slot < 32; slot++)
			pci_scan_slot(s, bus, slot);
	}
}

/* Bounds of the PCI_DRIVER() registrations, from linker.ld. */
extern const struct pci_driver *const __pci_drivers_start[];
extern const struct pci_driver *const __pci_drivers_end[];

static bool pci_id_matches(const struct pci_device_id *id, const struct pci_dev *d)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == d->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == d->device) &&
	       ((d->class ^ id->class) & id->class_mask) == 0;
}

/* The id table ends with an all-zero entry; a class-only entry has PCI_ANY_ID ids. */
static const struct pci_device_id *pci_match_id(const struct pci_device_id *id,
						const struct pci_dev *d)
{
	for (; id && (id->vendor || id->class_mask); id++)
		if (pci_id_matches(id, d))
			return id;
	return NULL;
}

static void pci_probe_device(struct pci_dev *d)
{
	const struct pci_driver *const *p;

	for (p = __pci_drivers_start; p < __pci_drivers_end && !d->driver; p++) {
		const struct pci_driver *drv = *p;
		const struct pci_device_id *id = pci_match_id(drv->id_table, d);
		int err;

		if (!id)
			continue;
		pr_trace(TRACE_PCI, "pci %02x:%02x.%x: %04x:%04x matches %s, probing\n",
			 d->bus, d->slot, d->func, d->vendor, d->device, drv->name);
		err = drv->probe(d, id);
		if (err) {
			printk("pci %02x:%02x.%x: %s probe failed: %d\n",
			       d->bus, d->slot, d->func, drv->name, err);
			continue;
		}
		d->driver = drv;
		printk("pci %02x:%02x.%x: bound to %s\n", d->bus, d->slot,
		       d->func, drv->name);
	}
}

static void pci_print_line(const char *line, void *ctx __unused)
{
	printk("%s\n", line);
}

static bool pci_is_network(const struct pci_dev *d)
{
	return (d->class >> 16) == 0x02;
}

/*
 * A PC whose NIC no driver took cannot serve: say so, and name the
 * network-class (02xx) functions with their ids, so the user can tell
 * which chip it is and whether a driver for it exists.
 */
static void pci_report_nics(void)
{
	struct pci_dev *d;
	int found = 0;
	char line[128];

	list_for_each_entry(d, &pci_devices, list) {
		if (!pci_is_network(d))
			continue;
		if (d->driver)
			return;
		found++;
	}
	if (!found) {
		printk("net: no supported NIC found, and no network controller (class 02xx) on the PCI bus\n");
		return;
	}
	printk("net: no supported NIC found; PCI network controllers without a driver:\n");
	list_for_each_entry(d, &pci_devices, list) {
		if (!pci_is_network(d))
			continue;
		pci_format_dev(d, line, sizeof(line));
		printk("net:   %s (subsystem %04x:%04x, rev %02x)\n", line,
		       d->subsys_vendor, d->subsys_device, d->revision);
	}
	printk("net: supported: Intel 8254x (e1000), 82574L/I217/I218/I219 (e1000e), "
	       "Realtek RTL8139, RTL8169/8111/8168/8101, virtio-net\n");
}

void pci_init(void)
{
	struct pci_scan s;
	struct pci_dev *d;

	pci_ecam_setup();
	if (!pci_config_present()) {
		printk("pci: no configuration mechanism answers: no PCI bus\n");
		return;
	}
	memset(&s, 0, sizeof(s));
	pci_scan_all(&s);
	list_for_each_entry(d, &pci_devices, list)
		pci_dump_dev(d, "pci ", pci_print_line, NULL);
	printk("pci: %d function%s on %d bus%s (%s)\n", s.nfuncs,
	       s.nfuncs == 1 ? "" : "s", s.tail, s.tail == 1 ? "" : "es",
	       pci_ops->name);
	list_for_each_entry(d, &pci_devices, list)
		pci_probe_device(d);
	pci_report_nics();
}

/* ---- Self-tests ---- */

static bool pci_is_class(const struct pci_dev *d, u16 class)
{
	return (d->class >> 8) == class;
}

/* A machine without PCI (QEMU's microvm) has nothing to test here. */
#define PCI_ST_SKIP_IF_NO_BUS()						\
	do {								\
		if (list_empty(&pci_devices))				\
			ST_SKIP("no PCI devices (a machine without PCI, such as microvm)"); \
	} while (0)

SELFTEST(pci_host_bridge_found)
{
	struct pci_dev *d;

	PCI_ST_SKIP_IF_NO_BUS();
	list_for_each_entry(d, &pci_devices, list)
		if (d->bus == 0 && pci_is_class(d, 0x0600))
			return;
	ST_FAIL("no host bridge (class 0600) on bus 0");
}

SELFTEST(pci_nic_found)
{
	struct pci_dev *d;

	PCI_ST_SKIP_IF_NO_BUS();
	list_for_each_entry(d, &pci_devices, list)
		if (pci_is_class(d, PCI_CLASS_NETWORK_ETHERNET))
			return;
	ST_FAIL("no Ethernet controller (class 0200): was QEMU given a NIC?");
}

SELFTEST(pci_config_reads_match)
{
	struct pci_dev *d;

	PCI_ST_SKIP_IF_NO_BUS();
	list_for_each_entry(d, &pci_devices, list) {
		ST_EQ(pci_read_config16(d, PCI_VENDOR_ID), d->vendor);
		ST_EQ(pci_read_config16(d, PCI_DEVICE_ID), d->device);
		ST_EQ(pci_read_config32(d, PCI_VENDOR_ID),
		      (u32)d->device << 16 | d->vendor);
	}
}

SELFTEST(pci_bars_decoded)
{
	struct pci_dev *d;
	int i, sized = 0;

	PCI_ST_SKIP_IF_NO_BUS();
	list_for_each_entry(d, &pci_devices, list) {
		for (i = 0; i < (int)ARRAY_SIZE(d->bar); i++) {
			const struct pci_bar *b = &d->bar[i];

			if (!b->size)
				continue;
			ST_ASSERT((b->size & (b->size - 1)) == 0);
			ST_ASSERT(IS_ALIGNED(b->addr, b->size));
			ST_ASSERT(!b->is_io || b->size <= 0x10000);
			sized++;
		}
	}
	ST_ASSERT(sized > 0);
}

SELFTEST(pci_capabilities_of_devices)
{
	struct pci_dev *d;

	list_for_each_entry(d, &pci_devices, list) {
		u8 pos = pci_find_capability(d, PCI_CAP_ID_MSI);

		if (pos)
			ST_EQ(pci_read_config8(d, pos), PCI_CAP_ID_MSI);
		ST_EQ(pci_find_capability(d, 0xfe), 0);	/* no such id */
	}
}

/* A fake function whose capability list loops: 0x40 -> 0x50 -> 0x40. */
static u8 pci_fake_cfg[256];

static u32 pci_fake_read(u8 bus __unused, u8 devfn __unused, u16 off,
			 int size)
{
	u32 v = 0;

	if (off + size > (int)sizeof(pci_fake_cfg))
		return pci_all_ones(size);
	memcpy(&v, pci_fake_cfg + off, size);
	return v;
}

static void pci_fake_write(u8 bus __unused, u8 devfn __unused,
			   u16 off __unused, int size __unused, u32 val __unused)
{
}

static const struct pci_ops pci_fake_ops = {
	.name = "selftest",
	.read = pci_fake_read,
	.write = pci_fake_write,
};

SELFTEST(pci_capability_loop_terminates)
{
	struct pci_dev fake = { .bus = 0xff };
	const struct pci_ops *saved;
	unsigned long flags;
	u8 msi, next, msix;

	memset(pci_fake_cfg, 0, sizeof(pci_fake_cfg));
	pci_fake_cfg[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	pci_fake_cfg[PCI_CAPABILITY_LIST] = 0x40;
	pci_fake_cfg[0x40] = PCI_CAP_ID_VNDR;
	pci_fake_cfg[0x41] = 0x50;
	pci_fake_cfg[0x50] = PCI_CAP_ID_MSI;
	pci_fake_cfg[0x51] = 0x40;

	/* Nothing else may touch configuration space while it is faked. */
	local_irq_save(flags);
	saved = pci_ops;
	pci_ops = &pci_fake_ops;
	msi = pci_find_capability(&fake, PCI_CAP_ID_MSI);
	next = pci_find_next_capability(&fake, msi, PCI_CAP_ID_MSI);
	msix = pci_find_capability(&fake, PCI_CAP_ID_MSIX);
	pci_ops = saved;
	local_irq_restore(flags);

	ST_EQ(msi, 0x50);
	ST_EQ(next, 0);
	ST_EQ(msix, 0);
}
