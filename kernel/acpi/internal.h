/* What the ACPI table parsers share (kernel/acpi/): table registration and the checksum. */
#ifndef _KERNEL_ACPI_INTERNAL_H
#define _KERNEL_ACPI_INTERNAL_H

#include <kernel/acpi.h>

/* The byte sum of n bytes at p; a valid table sums to 0 (ACPI 6.5 §5.2.6). */
u8 acpi_sum(const void *p, size_t n);
/* Map and validate the table at pa and add it to the list acpi_find_table() searches. */
void acpi_add_table(u64 pa, const char *sig);

/* Each table's parser, run by acpi_init() once the root table is loaded. */
void acpi_madt_init(void);
void acpi_fadt_init(void);
void acpi_mcfg_init(void);
void acpi_hpet_init(void);
/* The DSDT the FADT points to, and its \_S5 sleep type values (dsdt.c). */
void acpi_dsdt_init(u64 pa, struct acpi_fadt_info *fi);

#endif
