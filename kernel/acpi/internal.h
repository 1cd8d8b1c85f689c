/* What the ACPI table parsers share (kernel/acpi/): table registration and the checksum. */
#ifndef _KERNEL_ACPI_INTERNAL_H
#define _KERNEL_ACPI_INTERNAL_H

#include <kernel/acpi.h>

/* The byte sum of n bytes at p; a valid table sums to 0 (ACPI 6.5 §5.2.6). */
u8 acpi_sum(const void *p, size_t n);
/* Whether the firmware gave an RSDP at all (QEMU's microvm with acpi=off does not). */
bool acpi_rsdp_present(void);
/* Map and validate the table at pa and add it to the list acpi_find_table() searches. */
void acpi_add_table(u64 pa, const char *sig);

/*
 * Read or write the register g describes, with its GAS bit width (8, 16
 * or 32), or dflt bytes when the GAS gives none. 0, -EOPNOTSUPP for
 * other address spaces, -ENOMEM when it cannot be mapped.
 */
int acpi_gas_read(const struct acpi_gas *g, int dflt, u64 *val);
int acpi_gas_write(const struct acpi_gas *g, int dflt, u64 val);
/* Ask the firmware to hand over the fixed hardware (SCI_EN), if it still owns it (sleep.c). */
void acpi_enable_mode(const struct acpi_fadt_info *fi);

/* Each table's parser, run by acpi_init() once the root table is loaded. */
void acpi_madt_init(void);
void acpi_fadt_init(void);
void acpi_mcfg_init(void);
void acpi_hpet_init(void);
/* The DSDT the FADT points to, and its \_S5 sleep type values (dsdt.c). */
void acpi_dsdt_init(u64 pa, struct acpi_fadt_info *fi);

#endif
