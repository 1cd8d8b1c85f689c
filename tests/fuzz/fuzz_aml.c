/*
 * libFuzzer target: arbitrary bytes as a DSDT's AML into the scans of
 * kernel/acpi/aml.c (devices by _HID, their _CRS resources, the GED's
 * OperationRegion and Notify mask) and the resource template parser. The
 * input sits in an allocation of exactly its size, so ASan sees any read
 * past it; nothing may crash, hang or read outside.
 */
/* links: kernel/acpi/aml.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aml.h"

static void scan(const u8 *aml, size_t len, const char *hid)
{
	static const u8 pwrb[4] = { 'P', 'W', 'R', 'B' };
	struct aml_device dev;
	struct acpi_resources r;
	size_t from = 0;
	u64 a, l;

	while (aml_find_device(aml, len, hid, &from, &dev)) {
		if (dev.end > len || dev.name + 4 > dev.end)
			abort();
		aml_device_resources(aml, &dev, &r);
		aml_device_opregion(aml, &dev, &a, &l);
		aml_device_notify_mask(aml, &dev, pwrb, &a);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *aml = malloc(size ? size : 1);
	struct acpi_resources r;

	if (!aml)
		return 0;
	memcpy(aml, data, size);
	scan(aml, size, "LNRO0005");
	scan(aml, size, "ACPI0013");
	scan(aml, size, "PNP0C0C");
	scan(aml, size, "PNP0501");
	aml_parse_resources(aml, size, &r);
	free(aml);
	return 0;
}
