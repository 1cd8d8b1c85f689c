/* The bounded AML scans of aml.c (ACPI 6.5 §20, §6.4), for the DSDT readers and the host tests. */
#ifndef _KERNEL_ACPI_AML_H
#define _KERNEL_ACPI_AML_H

#include <kernel/acpi.h>

/* A Device in the AML: its bytes [start, end) and where its NameSeg is. */
struct aml_device {
	size_t start, end;
	size_t name;
};

/* §20.2.4 PkgLength at pos: its value (which counts its own bytes) and how many bytes it takes. */
int aml_pkg_length(const u8 *aml, size_t len, size_t pos, size_t *pkglen, size_t *nbytes);
/* §20.2.3 an integer data object at *pos (Zero, One, Ones, Byte..QWord); *pos moves past it. */
int aml_integer(const u8 *aml, size_t len, size_t *pos, u64 *val);
/*
 * The next Device, from *from on, whose _HID is hid (a string or an EISA
 * ID such as "PNP0C0C"); *from moves past it for the next call.
 */
bool aml_find_device(const u8 *aml, size_t len, const char *hid, size_t *from,
		     struct aml_device *dev);
/* Its _CRS buffer's first fixed memory window and interrupt: 0, -ENOENT, -EINVAL. */
int aml_device_resources(const u8 *aml, const struct aml_device *dev,
			 struct acpi_resources *r);
/* A resource template's descriptors (§6.4), up to its end tag. */
int aml_parse_resources(const u8 *buf, size_t len, struct acpi_resources *r);
/* The address and length of its SystemMemory OperationRegion. */
int aml_device_opregion(const u8 *aml, const struct aml_device *dev, u64 *addr, u64 *len);
/* The Local mask tested before "Notify (target, 0x80)" in its methods. */
int aml_device_notify_mask(const u8 *aml, const struct aml_device *dev,
			   const u8 target[4], u64 *mask);

#endif
