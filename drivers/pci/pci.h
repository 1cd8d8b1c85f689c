/* What the PCI core's files share: the configuration-space backend and the device list. */
#ifndef _DRIVERS_PCI_PCI_H
#define _DRIVERS_PCI_PCI_H

#include <kernel/pci.h>
#include <kernel/list.h>

/*
 * A configuration-space backend. size is 1, 2 or 4 and off is aligned to
 * it. A read of an absent function returns all ones, as the hardware does
 * (PCI 3.0 §6.1: a master abort on a configuration read returns FFFFh).
 */
struct pci_ops {
	const char *name;
	u32 (*read)(u8 bus, u8 devfn, u16 off, int size);
	void (*write)(u8 bus, u8 devfn, u16 off, int size, u32 val);
};

/* The backend in use: mechanism #1 until pci_ecam_setup() finds a working ECAM window. */
extern const struct pci_ops *pci_ops;
/* Every function found, in bus/devfn order. */
extern struct list_head pci_devices;

static inline u8 pci_devfn(const struct pci_dev *d)
{
	return PCI_DEVFN(d->slot, d->func);
}

static inline u32 pci_all_ones(int size)
{
	return size == 4 ? 0xffffffffU : (1U << (8 * size)) - 1;
}

/* Switch to ECAM for the segment-0 window ACPI's MCFG describes, if it checks out. */
void pci_ecam_setup(void);
/* False when no configuration mechanism answers: the machine has no PCI. */
bool pci_config_present(void);
/* Print one function as lspci does, through emit. */
void pci_dump_dev(const struct pci_dev *d, const char *prefix,
		  void (*emit)(const char *line, void *ctx), void *ctx);

#endif
