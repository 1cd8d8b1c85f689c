/* PCI: enumeration with configuration mechanism #1, BARs, and driver matching. */
#ifndef _KERNEL_PCI_H
#define _KERNEL_PCI_H

#include <kernel/types.h>
#include <kernel/list.h>

#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x1
#define  PCI_COMMAND_MEMORY	0x2
#define  PCI_COMMAND_MASTER	0x4
#define  PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_CLASS_DEVICE	0x0a
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_NORMAL	0
#define  PCI_HEADER_TYPE_BRIDGE	1
#define  PCI_HEADER_TYPE_CARDBUS 2
#define  PCI_HEADER_TYPE_MFD	0x80	/* multi-function device */
#define PCI_BASE_ADDRESS_0	0x10
#define  PCI_BASE_ADDRESS_SPACE_IO	0x1
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x4
#define  PCI_BASE_ADDRESS_MEM_PREFETCH	0x8
#define  PCI_BASE_ADDRESS_IO_MASK	(~0x3U)
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0xfU)
#define PCI_PRIMARY_BUS		0x18
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34
#define PCI_CB_CAPABILITY_LIST	0x14	/* in a CardBus bridge's header */
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_EXP		0x10
#define PCI_CAP_ID_MSIX		0x11

/* PCI 3.0 §6.8.1: the MSI capability. */
#define PCI_MSI_FLAGS		0x02	/* message control */
#define  PCI_MSI_FLAGS_ENABLE	0x0001
#define  PCI_MSI_FLAGS_QSIZE	0x0070	/* multiple message enable */
#define  PCI_MSI_FLAGS_64BIT	0x0080
#define  PCI_MSI_FLAGS_MASKBIT	0x0100	/* per-vector masking capable */
#define PCI_MSI_ADDRESS_LO	0x04
#define PCI_MSI_ADDRESS_HI	0x08	/* 64-bit capability only */
#define PCI_MSI_DATA_32		0x08
#define PCI_MSI_DATA_64		0x0c
#define PCI_MSI_MASK_32		0x0c
#define PCI_MSI_MASK_64		0x10

/* PCI 3.0 §6.8.2: the MSI-X capability, table and entries. */
#define PCI_MSIX_FLAGS		0x02	/* message control */
#define  PCI_MSIX_FLAGS_QSIZE	0x07ff	/* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL	0x4000	/* function mask */
#define  PCI_MSIX_FLAGS_ENABLE	0x8000
#define PCI_MSIX_TABLE		0x04	/* table offset | BIR */
#define PCI_MSIX_PBA		0x08	/* pending bits offset | BIR */
#define  PCI_MSIX_BIR_MASK	0x7
#define PCI_MSIX_ENTRY_SIZE	16
#define  PCI_MSIX_ENTRY_ADDR_LO	0x0
#define  PCI_MSIX_ENTRY_ADDR_HI	0x4
#define  PCI_MSIX_ENTRY_DATA	0x8
#define  PCI_MSIX_ENTRY_CTRL	0xc
#define   PCI_MSIX_ENTRY_CTRL_MASKBIT 0x1

/* pci_alloc_irq_vectors() flags: the kinds a driver accepts. */
#define PCI_IRQ_INTX		(1u << 0)
#define PCI_IRQ_MSI		(1u << 1)
#define PCI_IRQ_MSIX		(1u << 2)
#define PCI_IRQ_ALL_TYPES	(PCI_IRQ_INTX | PCI_IRQ_MSI | PCI_IRQ_MSIX)
#define PCI_MAX_IRQ_VECTORS	8

#define PCI_CLASS_NETWORK_ETHERNET 0x0200
#define PCI_ANY_ID		0xffff

#define PCI_DEVFN(slot, func)	((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)

struct pci_bar {
	u64 addr;		/* bus address (memory) or port base (I/O) */
	u64 size;
	bool is_io;
	bool is_64;
	bool prefetch;
};

struct pci_driver;

struct pci_dev {
	struct list_head list;
	u8 bus, slot, func;
	u16 vendor, device;
	u16 subsys_vendor, subsys_device;
	u32 class;		/* class << 16 | subclass << 8 | prog-if */
	u8 revision;
	u8 hdr_type;		/* PCI_HEADER_TYPE_*, without the MFD bit */
	u8 irq_line;		/* as the firmware programmed it */
	u8 irq_pin;		/* 1 = INTA# … 4 = INTD#, 0 = none */
	struct pci_bar bar[6];	/* a 64-bit BAR leaves the next slot empty */
	const struct pci_driver *driver;
	void *driver_data;
	/* Set by pci_alloc_irq_vectors(). */
	unsigned int irq_type;	/* one PCI_IRQ_* bit; 0 before allocation */
	unsigned int nr_irqs;
	unsigned int irqs[PCI_MAX_IRQ_VECTORS];	/* irq numbers for request_irq() */
	u8 msi_cap, msix_cap;	/* capability offsets, 0 when absent */
	volatile u8 *msix_table;	/* the MSI-X table in its BAR, mapped */
};

struct pci_device_id {
	u16 vendor, device;	/* PCI_ANY_ID matches any */
	u32 class, class_mask;	/* matched when class_mask is nonzero */
	unsigned long driver_data;
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;	/* ends with an all-zero entry */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
};

/* Register a driver at link time: pci_init() probes every match. */
#define PCI_DRIVER(drv) \
	static const struct pci_driver *const __pci_drv_##drv \
	__section(".pci_drivers") __used = &(drv)

u8 pci_read_config8(const struct pci_dev *d, u16 off);
u16 pci_read_config16(const struct pci_dev *d, u16 off);
u32 pci_read_config32(const struct pci_dev *d, u16 off);
void pci_write_config8(const struct pci_dev *d, u16 off, u8 v);
void pci_write_config16(const struct pci_dev *d, u16 off, u16 v);
void pci_write_config32(const struct pci_dev *d, u16 off, u32 v);

void pci_set_master(struct pci_dev *d);
int pci_enable_device(struct pci_dev *d);	/* turns on I/O and memory decoding */
/* Offset of capability id in the capability list, or 0 when absent. */
u8 pci_find_capability(const struct pci_dev *d, u8 id);
/* Next capability with the same id after 'pos', or 0. */
u8 pci_find_next_capability(const struct pci_dev *d, u8 pos, u8 id);
void *pci_ioremap_bar(struct pci_dev *d, int bar);
/* The GSI for the device's INTx pin, or -ENODEV when it has none. */
int pci_irq_gsi(const struct pci_dev *d);

/*
 * Interrupt vectors (drivers/pci_msi.c), as Linux's: between min_vecs and
 * max_vecs of the best kind flags allow, MSI-X before MSI before INTx. MSI
 * and MSI-X are programmed for this CPU's local APIC and enabled, INTx
 * then disabled in the command register; entries beyond the count stay
 * masked. Returns the number of vectors, or a negative errno (-ENOSPC:
 * no kind fits). The pci=nomsi and pci=nomsix flags take kinds away.
 */
int pci_alloc_irq_vectors(struct pci_dev *d, unsigned int min_vecs,
			  unsigned int max_vecs, unsigned int flags);
/* irq number of vector nr for request_irq(), or -EINVAL. */
int pci_irq_vector(const struct pci_dev *d, unsigned int nr);
/* Disable MSI/MSI-X (INTx back on) and release the vectors; free_irq() first. */
void pci_free_irq_vectors(struct pci_dev *d);
/* "irq 11", "MSI-X vector 0xef" or "MSI vector 0xee", for probe lines; returns length. */
int pci_format_irq(const struct pci_dev *d, char *buf, size_t len);
/* "MSI-X", "MSI", "INTx" or "none". */
const char *pci_irq_type_name(const struct pci_dev *d);
/* Set or clear the mask bit of MSI-X entry nr (or of MSI vector nr when per-vector masking exists). */
void pci_msi_mask_vector(struct pci_dev *d, unsigned int nr, bool mask);
/* pci=nomsi / pci=nomsix given. */
extern bool pci_no_msi, pci_no_msix;

void pci_init(void);
/* Visit every function found, in bus order; fn returns nonzero to stop. */
void pci_for_each_dev(int (*fn)(struct pci_dev *d, void *arg), void *arg);
struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from);
/* A name for the class (class << 16 | subclass << 8 | prog-if), never NULL. */
const char *pci_class_name(u32 class);

/* "00:03.0 8086:100e class 0200 Ethernet controller irq 11"; returns length. */
int pci_format_dev(const struct pci_dev *d, char *buf, size_t len);

#endif
