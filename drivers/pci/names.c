/* PCI names and formatting: class names, the one-line device description and /proc/skiff/pci. */
#include <kernel/pci.h>
#include <kernel/procfs.h>
#include <kernel/printk.h>
#include <stdio.h>
#include <string.h>
#include "pci.h"

/* PCI Code and ID Assignment Spec 1.11 §1: base class, subclass, prog-if. */
static const struct {
	u32 class, mask;
	const char *name;
} pci_class_names[] = {
	{ 0x060000, 0xffff00, "Host bridge" },
	{ 0x060100, 0xffff00, "ISA bridge" },
	{ 0x060400, 0xffff00, "PCI bridge" },
	{ 0x010100, 0xffff00, "IDE interface" },
	{ 0x010600, 0xffff00, "SATA controller" },
	{ 0x010800, 0xffff00, "NVMe controller" },
	{ 0x030000, 0xffff00, "VGA compatible controller" },
	{ 0x020000, 0xffff00, "Ethernet controller" },
	{ 0x0c0300, 0xffffff, "USB controller (UHCI)" },
	{ 0x0c0310, 0xffffff, "USB controller (OHCI)" },
	{ 0x0c0320, 0xffffff, "USB controller (EHCI)" },
	{ 0x0c0330, 0xffffff, "USB controller (xHCI)" },
	{ 0x0c0500, 0xffff00, "SMBus" },
	{ 0x040300, 0xffff00, "Audio device" },
	{ 0x010000, 0xff0000, "Mass storage controller" },
	{ 0x020000, 0xff0000, "Network controller" },
	{ 0x030000, 0xff0000, "Display controller" },
	{ 0x040000, 0xff0000, "Multimedia controller" },
	{ 0x050000, 0xff0000, "Memory controller" },
	{ 0x060000, 0xff0000, "Bridge" },
	{ 0x070000, 0xff0000, "Communication controller" },
	{ 0x080000, 0xff0000, "System peripheral" },
	{ 0x0c0000, 0xff0000, "Serial bus controller" },
};

/* The numeric class is always printed next to the name, so unknown ones need no number. */
const char *pci_class_name(u32 class)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pci_class_names); i++)
		if ((class & pci_class_names[i].mask) == pci_class_names[i].class)
			return pci_class_names[i].name;
	return "Unclassified device";
}

int pci_format_dev(const struct pci_dev *d, char *buf, size_t len)
{
	int gsi = pci_irq_gsi(d);
	int n;

	n = scnprintf(buf, len, "%02x:%02x.%x %04x:%04x class %04x %s",
		      d->bus, d->slot, d->func, d->vendor, d->device,
		      d->class >> 8, pci_class_name(d->class));
	if (gsi >= 0)
		n += scnprintf(buf + n, len - n, " irq %d", gsi);
	return n;
}

/* Sizes are powers of two: print them in the largest unit that divides them. */
static void pci_format_size(u64 size, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && size >= 1024 && !(size & 1023)) {
		size >>= 10;
		u++;
	}
	if (u < 0)
		scnprintf(buf, len, "%llu", (unsigned long long)size);
	else
		scnprintf(buf, len, "%llu%c", (unsigned long long)size, units[u]);
}

static void pci_format_bar(const struct pci_dev *d, int i, char *buf, size_t len)
{
	const struct pci_bar *b = &d->bar[i];
	char size[16];

	pci_format_size(b->size, size, sizeof(size));
	scnprintf(buf, len, "    bar%d %s %#llx size %s%s%s", i,
		  b->is_io ? "io" : "mem", (unsigned long long)b->addr, size,
		  b->is_64 ? " 64-bit" : "", b->prefetch ? " prefetchable" : "");
}

void pci_dump_dev(const struct pci_dev *d, const char *prefix,
			 void (*emit)(const char *line, void *ctx), void *ctx)
{
	char line[128];
	int n, i;

	n = scnprintf(line, sizeof(line), "%s", prefix);
	pci_format_dev(d, line + n, sizeof(line) - n);
	emit(line, ctx);
	for (i = 0; i < (int)ARRAY_SIZE(d->bar); i++) {
		if (!d->bar[i].size)
			continue;
		pci_format_bar(d, i, line, sizeof(line));
		emit(line, ctx);
	}
}

static void pci_seq_line(const char *line, void *ctx)
{
	seq_printf(ctx, "%s\n", line);
}

/*
 * /proc/skiff/pci, what lspci prints: a line per device with its class
 * name, then one per BAR. Skiff's own file: Linux's /proc/bus/pci/devices
 * carries neither classes nor names.
 */
static void show_pci(struct seq_buf *s)
{
	struct pci_dev *d;

	list_for_each_entry(d, &pci_devices, list)
		pci_dump_dev(d, "", pci_seq_line, s);
}
PROC_ENTRY(skiff_pci, "/proc/skiff/pci", show_pci);
