/* The MCFG (PCI Firmware Spec 3.0 §4.1.2): the PCIe ECAM windows, handed to PCI on request. */
#include <kernel/acpi.h>
#include <kernel/printk.h>
#include "internal.h"

/* PCI Firmware Spec 3.0 §4.1.2: MCFG and its allocation structures. */
struct acpi_mcfg {
	struct acpi_table_header h;
	u8 reserved[8];
} __packed;

struct acpi_mcfg_alloc {
	u64 base;
	u16 segment;
	u8 bus_start;
	u8 bus_end;
	u32 reserved;
} __packed;

#define ACPI_MAX_MCFG		8

static struct acpi_mcfg_region mcfg_regions[ACPI_MAX_MCFG];
static int mcfg_nregions;

void acpi_mcfg_init(void)
{
	const struct acpi_table_header *t = acpi_find_table("MCFG");
	const struct acpi_mcfg_alloc *a;
	size_t n, i;

	if (!t || t->length < sizeof(struct acpi_mcfg))
		return;
	a = (const void *)((const u8 *)t + sizeof(struct acpi_mcfg));
	n = (t->length - sizeof(struct acpi_mcfg)) / sizeof(*a);
	for (i = 0; i < n; i++) {
		printk("ACPI: MCFG segment %u buses %02x-%02x at %#llx\n",
		       a[i].segment, a[i].bus_start, a[i].bus_end,
		       (unsigned long long)a[i].base);
		if (mcfg_nregions == ACPI_MAX_MCFG) {
			pr_warn("ACPI: more than %d MCFG windows, the rest ignored\n",
				ACPI_MAX_MCFG);
			return;
		}
		mcfg_regions[mcfg_nregions++] = (struct acpi_mcfg_region){
			.base = a[i].base, .segment = a[i].segment,
			.bus_start = a[i].bus_start, .bus_end = a[i].bus_end,
		};
	}
}

int acpi_mcfg_regions(const struct acpi_mcfg_region **out)
{
	*out = mcfg_regions;
	return mcfg_nregions;
}
