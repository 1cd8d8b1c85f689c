/*
 * ACPI static tables: RSDP, RSDT/XSDT, MADT (interrupt controllers), FADT
 * (power-off and reset), MCFG (PCIe ECAM) and HPET. There is no AML
 * interpreter: the one value needed from the DSDT, \_S5, is found by a
 * bounded byte scan.
 */
#ifndef _KERNEL_ACPI_H
#define _KERNEL_ACPI_H

#include <kernel/types.h>

/* ACPI 6.5 §5.2.6: the header every description table starts with. */
struct acpi_table_header {
	char signature[4];
	u32 length;		/* of the whole table, header included */
	u8 revision;
	u8 checksum;		/* all bytes of the table sum to zero */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

/* ACPI 6.5 §5.2.3.2: Generic Address Structure. */
struct acpi_gas {
	u8 space_id;		/* ACPI_SPACE_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;
	u64 address;
} __packed;

#define ACPI_SPACE_MEMORY	0
#define ACPI_SPACE_IO		1
#define ACPI_SPACE_PCI_CONFIG	2

#define ACPI_MAX_IOAPICS	8
#define ACPI_MAX_OVERRIDES	16
#define ACPI_MAX_NMIS		8

/* MPS INTI flags of overrides and NMI entries (ACPI 6.5 §5.2.12.5). */
#define ACPI_MADT_POLARITY_MASK		0x3
#define  ACPI_MADT_POLARITY_HIGH	0x1
#define  ACPI_MADT_POLARITY_LOW		0x3
#define ACPI_MADT_TRIGGER_MASK		0xc
#define  ACPI_MADT_TRIGGER_EDGE		0x4
#define  ACPI_MADT_TRIGGER_LEVEL	0xc

/* What the MADT says about the interrupt controllers (ACPI 6.5 §5.2.12). */
struct acpi_madt_info {
	u64 lapic_addr;		/* after any 64-bit address override */
	int ncpus;		/* enabled processor LAPIC / x2APIC entries */
	int nioapic;
	struct {
		u8 id;
		u32 addr;
		u32 gsi_base;
	} ioapic[ACPI_MAX_IOAPICS];
	int noverride;
	struct {
		u8 bus, irq;	/* bus 0 is ISA */
		u32 gsi;
		u16 flags;	/* ACPI_MADT_POLARITY_* | ACPI_MADT_TRIGGER_* */
	} override[ACPI_MAX_OVERRIDES];
	int nnmi_source;	/* GSIs wired to NMI (type 3) */
	struct {
		u32 gsi;
		u16 flags;
	} nmi_source[ACPI_MAX_NMIS];
	int nlapic_nmi;		/* LAPIC LINT pins wired to NMI (type 4) */
	struct {
		u8 processor_uid;	/* 0xff: all processors */
		u8 lint;		/* 0 or 1 */
		u16 flags;
	} lapic_nmi[ACPI_MAX_NMIS];
	bool pcat_compat;	/* dual 8259 PICs present: mask them */
};

/* IA-PC boot architecture flags of the FADT (ACPI 6.5 §5.2.9.3). */
#define ACPI_BOOT_ARCH_LEGACY_DEVICES	0x0001
#define ACPI_BOOT_ARCH_8042		0x0002
#define ACPI_BOOT_ARCH_NO_VGA		0x0004
#define ACPI_BOOT_ARCH_NO_CMOS_RTC	0x0020

/* What the FADT (and the DSDT's \_S5) say about fixed hardware (ACPI 6.5 §5.2.9). */
struct acpi_fadt_info {
	u16 sci_irq;		/* an ISA IRQ in the 8259 model */
	u8 century;		/* CMOS RTC index of the century, 0 if none */
	u16 boot_arch;		/* ACPI_BOOT_ARCH_*; 0 in a 1.0 FADT */
	u32 flags;
	u32 smi_cmd;		/* port to ask the firmware for ACPI mode */
	u8 acpi_enable;
	struct acpi_gas pm1a_cnt, pm1b_cnt;	/* address 0 when absent */
	struct acpi_gas pm1a_evt, pm1b_evt;	/* status, then enable at +len/2 */
	u8 pm1_evt_len;			/* 0: no PM1 event blocks */
	struct acpi_gas pm_tmr;		/* the 3.579545 MHz PM timer; address 0 if none */
	bool pm_tmr_32bit;		/* else 24 bits wide */
	bool hw_reduced;		/* ACPI 6.5 §4.1: no fixed hardware */
	struct acpi_gas sleep_control, sleep_status;	/* hardware-reduced sleep (§4.8.3.7) */
	bool reset_supported;
	struct acpi_gas reset_reg;
	u8 reset_value;
	phys_addr_t dsdt;
	bool has_s5;		/* \_S5 found in the DSDT */
	u8 slp_typa, slp_typb;
};

/* The validated table with this signature ("APIC", "FACP", "DSDT", ...), or NULL. */
const struct acpi_table_header *acpi_find_table(const char *sig);

/* NULL when there is no usable MADT: then use the legacy PIC. */
const struct acpi_madt_info *acpi_madt(void);
/* NULL when there is no FADT. */
const struct acpi_fadt_info *acpi_fadt(void);

/*
 * The GSI for ISA IRQ 0-15 after the MADT's interrupt source overrides,
 * with its trigger and polarity (ISA default: edge, active high, GSI ==
 * IRQ). level and active_low may be NULL. Returns -EINVAL past IRQ 15.
 */
int acpi_isa_irq_to_gsi(unsigned int isa_irq, bool *level, bool *active_low);

/* A PCIe ECAM window from the MCFG (PCI Firmware Spec 3.0 §4.1.2). */
struct acpi_mcfg_region {
	phys_addr_t base;	/* the window of bus 0, even when bus_start > 0 */
	u16 segment;
	u8 bus_start, bus_end;
};

/* The MCFG's windows in table order (*out points at them); returns how many. */
int acpi_mcfg_regions(const struct acpi_mcfg_region **out);

/*
 * What a device's _CRS in the DSDT says (ACPI 6.5 §6.4): its first fixed
 * memory window and first interrupt, with trigger and polarity.
 */
struct acpi_resources {
	u64 mem_base;
	u32 mem_len;		/* 0: no memory window */
	bool has_irq;
	u32 irq;		/* a GSI */
	bool irq_edge, irq_active_low;
};

/*
 * Call fn for each device of the DSDT whose _HID is hid (a string such as
 * "LNRO0005", or an EISA ID such as "PNP0C0C"), in table order, with its
 * _CRS. Returns how many there were.
 */
int acpi_for_each_device(const char *hid,
			 void (*fn)(const struct acpi_resources *res, void *arg),
			 void *arg);

/* The HPET's register block (IA-PC HPET 1.0a §3.2.4), 0 when absent. */
phys_addr_t acpi_hpet_base(void);

/*
 * Enter S5 (soft off) through PM1 control. Returns -ENODEV when the FADT
 * or \_S5 is missing, -EIO when the machine is still running afterwards.
 */
int acpi_poweroff(void);
/*
 * Reset through the FADT reset register. Returns -ENODEV if the machine is
 * still running: the caller escalates (the 8042, then a triple fault).
 */
int acpi_reboot(void);

/*
 * Parse a MADT into out. Returns 0, or -EINVAL on a malformed entry (out
 * then holds what came before it). Never reads past t->length.
 */
int acpi_parse_madt(const struct acpi_table_header *t, struct acpi_madt_info *out);
/* True when the table's length is sane and its bytes sum to zero. */
bool acpi_table_valid(const struct acpi_table_header *t);

/*
 * Find the tables and parse them; hands ECAM to PCI (so before pci_init).
 * Needs the direct map and ioremap; prints a warning and leaves
 * acpi_madt() NULL when there is no ACPI.
 */
void acpi_init(void);

#endif
