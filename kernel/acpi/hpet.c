/* The HPET description table (IA-PC HPET 1.0a §3.2.4): where the timer block is. */
#include <kernel/acpi.h>
#include <kernel/printk.h>
#include "internal.h"

/* IA-PC HPET Specification 1.0a §3.2.4: the HPET description table. */
struct acpi_hpet {
	struct acpi_table_header h;
	u32 block_id;
	struct acpi_gas base;
	u8 number;
	u16 min_tick;
	u8 page_protection;
} __packed;

static phys_addr_t hpet_base;

void acpi_hpet_init(void)
{
	const struct acpi_hpet *h = (const void *)acpi_find_table("HPET");

	if (!h)
		return;
	if (h->h.length < sizeof(*h) || h->base.space_id != ACPI_SPACE_MEMORY) {
		pr_warn("ACPI: unusable HPET table\n");
		return;
	}
	hpet_base = h->base.address;
}

phys_addr_t acpi_hpet_base(void)
{
	return hpet_base;
}
