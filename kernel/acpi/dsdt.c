/*
 * The DSDT (ACPI 6.5 §5.2.11.1), read without an interpreter: \_S5, the
 * sleep type values power-off writes, and the devices other drivers ask
 * for by _HID (aml.c does the scanning).
 */
#include <kernel/acpi.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <errno.h>
#include <string.h>
#include "aml.h"
#include "internal.h"

/* AML encodings for the \_S5 scan (ACPI 6.5 §20.2). */
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_PACKAGE_OP		0x12
#define AML_ROOT_CHAR		'\\'

/* An integer data object's low byte (ACPI 6.5 §20.2.3); *pos moves past it. */
static int aml_get_int(const u8 *aml, size_t len, size_t *pos, u8 *val)
{
	u64 v;
	int err = aml_integer(aml, len, pos, &v);

	*val = (u8)v;
	return err;
}

/* "_S5_" at i is a definition when NameOp precedes it, possibly with a root prefix. */
static bool aml_is_name_def(const u8 *aml, size_t i)
{
	return (i >= 1 && aml[i - 1] == AML_NAME_OP) ||
	       (i >= 2 && aml[i - 1] == AML_ROOT_CHAR && aml[i - 2] == AML_NAME_OP);
}

/*
 * \_S5 without an AML interpreter (ACPI 6.5 §7.4.2.6 names it; the
 * hobby-OS technique finds it): the bytes NameOp "_S5_" PackageOp, then
 * PkgLength (§20.2.4: bits 7:6 of the lead byte count the bytes after
 * it), NumElements, and the SLP_TYPa and SLP_TYPb integers (§20.2.5.4
 * DefPackage). Returns 0, -ENOENT when absent, -EINVAL when cut short.
 */
static int aml_find_s5(const u8 *aml, size_t len, u8 *typa, u8 *typb)
{
	size_t i, pos;

	for (i = 0; i + 5 <= len; i++) {
		if (memcmp(aml + i, "_S5_", 4) != 0 ||
		    aml[i + 4] != AML_PACKAGE_OP || !aml_is_name_def(aml, i))
			continue;
		pos = i + 5;
		if (pos >= len)
			return -EINVAL;
		pos += 1 + (aml[pos] >> 6) + 1;
		if (aml_get_int(aml, len, &pos, typa) ||
		    aml_get_int(aml, len, &pos, typb))
			return -EINVAL;
		*typa &= 7;
		*typb &= 7;
		return 0;
	}
	return -ENOENT;
}

void acpi_dsdt_init(u64 pa, struct acpi_fadt_info *fi)
{
	const struct acpi_table_header *dsdt;
	int err;

	acpi_add_table(pa, "DSDT");
	dsdt = acpi_find_table("DSDT");
	if (!dsdt)
		return;
	fi->dsdt = pa;
	err = aml_find_s5((const u8 *)(dsdt + 1), dsdt->length - sizeof(*dsdt),
			  &fi->slp_typa, &fi->slp_typb);
	if (err)
		pr_warn("ACPI: no usable \\_S5 in the DSDT (%d): no power-off\n", err);
	fi->has_s5 = !err;
}

int acpi_for_each_device(const char *hid,
			 void (*fn)(const struct acpi_resources *res, void *arg),
			 void *arg)
{
	const struct acpi_table_header *dsdt = acpi_find_table("DSDT");
	const u8 *aml;
	size_t len, from = 0;
	struct aml_device dev;
	int n = 0;

	if (!dsdt)
		return 0;
	aml = (const u8 *)(dsdt + 1);
	len = dsdt->length - sizeof(*dsdt);
	while (aml_find_device(aml, len, hid, &from, &dev)) {
		struct acpi_resources res;
		int err = aml_device_resources(aml, &dev, &res);

		if (err) {
			pr_warn("ACPI: %s device with no usable _CRS (%d), ignored\n", hid, err);
			continue;
		}
		fn(&res, arg);
		n++;
	}
	return n;
}

SELFTEST(acpi_s5_scan)
{
	static const u8 qemu[] = {	/* Name (_S5, Package (4) { Zero, Zero, Zero, Zero }) */
		AML_NAME_OP, '_', 'S', '5', '_', AML_PACKAGE_OP, 0x06, 0x04,
		0x00, 0x00, 0x00, 0x00,
	};
	static const u8 rooted[] = {	/* Name (\_S5, Package () { 5, 7 }), a reference before it */
		0x70, '_', 'S', '5', '_', AML_PACKAGE_OP, AML_NAME_OP, '\\',
		'_', 'S', '5', '_', AML_PACKAGE_OP, 0x07, 0x02,
		AML_BYTE_PREFIX, 0x05, AML_WORD_PREFIX, 0x07, 0x00,
	};
	u8 a = 0xff, b = 0xff;

	ST_EQ(aml_find_s5(qemu, sizeof(qemu), &a, &b), 0);
	ST_EQ(a, 0);
	ST_EQ(b, 0);
	ST_EQ(aml_find_s5(rooted, sizeof(rooted), &a, &b), 0);
	ST_EQ(a, 5);
	ST_EQ(b, 7);
	ST_EQ(aml_find_s5(rooted, sizeof(rooted) - 1, &a, &b), -EINVAL);
	ST_EQ(aml_find_s5(qemu, 9, &a, &b), -EINVAL);
	ST_EQ(aml_find_s5(rooted, 8, &a, &b), -ENOENT);
}
