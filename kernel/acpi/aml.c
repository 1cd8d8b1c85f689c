/*
 * Reading the DSDT's device descriptions without an AML interpreter
 * (ACPI 6.5 §20, AML encoding; §6.4, resource data types): find a Device
 * by its _HID, its _CRS memory window and interrupt, an OperationRegion's
 * address, the event bit a GED method ties to a Notify. Each step is a
 * bounded byte scan that checks every length against the table; a table
 * it does not understand yields "not found", never a wild read. Pure:
 * the host unit tests (tests/unit/test_aml.c) run it as it is.
 */
#include <kernel/acpi.h>
#include <errno.h>
#include <string.h>
#include "aml.h"

/* ACPI 6.5 §20.2: the opcodes and prefixes read here. */
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_STRING_PREFIX	0x0d
#define AML_QWORD_PREFIX	0x0e
#define AML_BUFFER_OP		0x11
#define AML_EXT_PREFIX		0x5b
#define AML_EXT_OPREGION	0x80
#define AML_EXT_DEVICE		0x82
#define AML_LOCAL0		0x60
#define AML_LOCAL7		0x67
#define AML_AND_OP		0x7b
#define AML_NOTIFY_OP		0x86
#define AML_ONES_OP		0xff
#define AML_ROOT_CHAR		'\\'
#define AML_PARENT_CHAR		'^'

/* ACPI 6.5 §6.4: resource descriptor tags. */
#define ACPI_RES_LARGE		0x80
#define ACPI_RES_SMALL_IRQ	0x04	/* type, bits 6:3 of a small tag */
#define ACPI_RES_SMALL_END	0x0f
#define ACPI_RES_MEMORY32_FIXED	0x86
#define ACPI_RES_EXT_IRQ	0x89
#define  ACPI_EXT_IRQ_EDGE	0x02	/* §6.4.3.6: Interrupt Mode */
#define  ACPI_EXT_IRQ_LOW	0x04	/* Interrupt Polarity */
#define  ACPI_SMALL_IRQ_EDGE	0x01	/* §6.4.2.1: the optional information byte */
#define  ACPI_SMALL_IRQ_LOW	0x08

/* The notification value of a button press (ACPI 6.5 §5.6.6, Table 5.190). */
#define ACPI_NOTIFY_DEVICE_SPECIFIC	0x80

#define AML_SCAN_BACK_MAX	4096	/* how far an enclosing Device may start */

int aml_pkg_length(const u8 *aml, size_t len, size_t pos, size_t *pkglen, size_t *nbytes)
{
	size_t follow, v;

	if (pos >= len)
		return -EINVAL;
	follow = aml[pos] >> 6;
	if (follow > len - pos - 1)
		return -EINVAL;
	if (follow == 0) {
		v = aml[pos] & 0x3f;
	} else {
		v = aml[pos] & 0x0f;
		for (size_t i = 0; i < follow; i++)
			v |= (size_t)aml[pos + 1 + i] << (4 + 8 * i);
	}
	*pkglen = v;
	*nbytes = follow + 1;
	return 0;
}

int aml_integer(const u8 *aml, size_t len, size_t *pos, u64 *val)
{
	size_t i = *pos, n;

	if (i >= len)
		return -EINVAL;
	switch (aml[i]) {
	case AML_ZERO_OP:
	case AML_ONE_OP:
		*val = aml[i];
		*pos = i + 1;
		return 0;
	case AML_ONES_OP:
		*val = ~0ULL;
		*pos = i + 1;
		return 0;
	case AML_BYTE_PREFIX:
		n = 1;
		break;
	case AML_WORD_PREFIX:
		n = 2;
		break;
	case AML_DWORD_PREFIX:
		n = 4;
		break;
	case AML_QWORD_PREFIX:
		n = 8;
		break;
	default:
		return -EINVAL;
	}
	if (n >= len - i)
		return -EINVAL;
	*val = 0;
	for (size_t k = 0; k < n; k++)
		*val |= (u64)aml[i + 1 + k] << (8 * k);
	*pos = i + 1 + n;
	return 0;
}

/* "ABC1234" as an EISA ID integer (ACPI 6.5 §19.6.43, EISAID), 0 if it is not one. */
static u32 aml_eisaid(const char *id)
{
	u32 v = 0;

	if (strlen(id) != 7)
		return 0;
	for (int i = 0; i < 3; i++) {
		if (id[i] < 'A' || id[i] > 'Z')
			return 0;
		v = v << 5 | (u32)(id[i] - '@');
	}
	for (int i = 3; i < 7; i++) {
		char c = id[i];
		u32 d = c >= '0' && c <= '9' ? (u32)(c - '0') :
			c >= 'A' && c <= 'F' ? (u32)(c - 'A' + 10) : 16;

		if (d == 16)
			return 0;
		v = v << 4 | d;
	}
	/* Stored most significant byte first. */
	return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

/* A NameOp defining this 4-character name at i (the name starts at i + 1). */
static bool aml_name_def_at(const u8 *aml, size_t len, size_t i, const char *seg)
{
	return i + 5 <= len && aml[i] == AML_NAME_OP && !memcmp(aml + i + 1, seg, 4);
}

/* Name (_HID, "hid") or Name (_HID, EisaId ("hid")) at i. */
static bool aml_hid_at(const u8 *aml, size_t len, size_t i, const char *hid)
{
	size_t pos = i + 5, n = strlen(hid);
	u64 v;

	if (!aml_name_def_at(aml, len, i, "_HID") || pos >= len)
		return false;
	if (aml[pos] == AML_STRING_PREFIX)
		return n + 2 <= len - pos && !memcmp(aml + pos + 1, hid, n) &&
		       aml[pos + 1 + n] == '\0';
	return aml_integer(aml, len, &pos, &v) == 0 && v && v == aml_eisaid(hid);
}

/* The Device (§20.2.5.2, ExtOpPrefix DeviceOp PkgLength NameString) enclosing i. */
static bool aml_enclosing_device(const u8 *aml, size_t len, size_t i,
				 struct aml_device *dev)
{
	size_t floor = i > AML_SCAN_BACK_MAX ? i - AML_SCAN_BACK_MAX : 0;

	for (size_t d = i; d-- > floor;) {
		size_t pkglen, nbytes;

		if (aml[d] != AML_EXT_PREFIX || d + 2 >= len || aml[d + 1] != AML_EXT_DEVICE ||
		    aml_pkg_length(aml, len, d + 2, &pkglen, &nbytes) ||
		    pkglen > len - (d + 2) || d + 2 + pkglen <= i)
			continue;
		dev->start = d;
		dev->end = d + 2 + pkglen;
		dev->name = d + 2 + nbytes;
		while (dev->name < i && (aml[dev->name] == AML_ROOT_CHAR ||
					 aml[dev->name] == AML_PARENT_CHAR))
			dev->name++;
		return dev->name + 4 <= i;
	}
	return false;
}

bool aml_find_device(const u8 *aml, size_t len, const char *hid, size_t *from,
		     struct aml_device *dev)
{
	for (size_t i = *from; i + 5 < len; i++) {
		if (!aml_hid_at(aml, len, i, hid))
			continue;
		*from = i + 5;
		if (aml_enclosing_device(aml, len, i, dev))
			return true;
	}
	*from = len;
	return false;
}

/* [start, end) of the byte list of Name (seg, Buffer () {...}) inside dev. */
static int aml_device_buffer(const u8 *aml, const struct aml_device *dev,
			     const char *seg, size_t *start, size_t *end)
{
	for (size_t i = dev->start; i + 6 < dev->end; i++) {
		size_t pos = i + 6, pkglen, nbytes;
		u64 size;

		if (!aml_name_def_at(aml, dev->end, i, seg) || aml[i + 5] != AML_BUFFER_OP)
			continue;
		if (aml_pkg_length(aml, dev->end, pos, &pkglen, &nbytes) ||
		    pkglen > dev->end - pos)
			return -EINVAL;
		*end = pos + pkglen;
		pos += nbytes;
		if (aml_integer(aml, *end, &pos, &size) || size > *end - pos)
			return -EINVAL;
		*start = pos;
		*end = pos + size;
		return 0;
	}
	return -ENOENT;
}

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* One large descriptor's body (§6.4.3): the ones we use fill r. */
static void aml_large_resource(u8 tag, const u8 *b, size_t n, struct acpi_resources *r)
{
	if (tag == ACPI_RES_MEMORY32_FIXED && n >= 9 && !r->mem_len) {
		r->mem_base = get_le32(b + 1);
		r->mem_len = get_le32(b + 5);
	} else if (tag == ACPI_RES_EXT_IRQ && n >= 6 && b[1] >= 1 && !r->has_irq) {
		r->has_irq = true;
		r->irq_edge = b[0] & ACPI_EXT_IRQ_EDGE;
		r->irq_active_low = b[0] & ACPI_EXT_IRQ_LOW;
		r->irq = get_le32(b + 2);
	}
}

/* The lowest line of a small IRQ descriptor (§6.4.2.1), edge high unless its info byte says. */
static void aml_small_irq(const u8 *b, size_t n, struct acpi_resources *r)
{
	u16 mask;

	if (n < 2 || r->has_irq || !(mask = b[0] | b[1] << 8))
		return;
	r->has_irq = true;
	r->irq = (u32)__builtin_ctz(mask);
	r->irq_edge = n < 3 || (b[2] & ACPI_SMALL_IRQ_EDGE);
	r->irq_active_low = n >= 3 && (b[2] & ACPI_SMALL_IRQ_LOW);
}

int aml_parse_resources(const u8 *buf, size_t len, struct acpi_resources *r)
{
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	while (i < len) {
		u8 tag = buf[i];
		size_t n;

		if (tag & ACPI_RES_LARGE) {
			if (len - i < 3)
				return -EINVAL;
			n = buf[i + 1] | buf[i + 2] << 8;
			if (n > len - i - 3)
				return -EINVAL;
			aml_large_resource(tag, buf + i + 3, n, r);
			i += 3 + n;
			continue;
		}
		n = tag & 7;
		if (n > len - i - 1)
			return -EINVAL;
		if (((tag >> 3) & 0xf) == ACPI_RES_SMALL_END)
			return 0;
		if (((tag >> 3) & 0xf) == ACPI_RES_SMALL_IRQ)
			aml_small_irq(buf + i + 1, n, r);
		i += 1 + n;
	}
	return -EINVAL;		/* no end tag */
}

int aml_device_resources(const u8 *aml, const struct aml_device *dev,
			 struct acpi_resources *r)
{
	size_t start, end;
	int err = aml_device_buffer(aml, dev, "_CRS", &start, &end);

	return err ? err : aml_parse_resources(aml + start, end - start, r);
}

/* §19.6.100: OperationRegion (Name, SystemMemory, Offset, Length) inside dev. */
int aml_device_opregion(const u8 *aml, const struct aml_device *dev, u64 *addr, u64 *len)
{
	for (size_t i = dev->start; i + 7 < dev->end; i++) {
		size_t pos = i + 7;

		if (aml[i] != AML_EXT_PREFIX || aml[i + 1] != AML_EXT_OPREGION ||
		    aml[i + 6] != ACPI_SPACE_MEMORY)
			continue;
		if (aml_integer(aml, dev->end, &pos, addr) ||
		    aml_integer(aml, dev->end, &pos, len))
			return -EINVAL;
		return 0;
	}
	return -ENOENT;
}

/*
 * The mask of "If ((LocalN & mask) == mask) { Notify (target, 0x80) }",
 * as QEMU's GED _EVT method ties each event bit to a device: the Notify
 * naming target, then the nearest And on a Local before it.
 */
int aml_device_notify_mask(const u8 *aml, const struct aml_device *dev,
			   const u8 target[4], u64 *mask)
{
	for (size_t i = dev->start; i + 7 <= dev->end; i++) {
		if (aml[i] != AML_NOTIFY_OP || memcmp(aml + i + 1, target, 4) ||
		    aml[i + 5] != AML_BYTE_PREFIX || aml[i + 6] != ACPI_NOTIFY_DEVICE_SPECIFIC)
			continue;
		for (size_t a = i; a-- > dev->start;) {
			size_t pos = a + 2;

			if (aml[a] == AML_AND_OP && aml[a + 1] >= AML_LOCAL0 &&
			    aml[a + 1] <= AML_LOCAL7)
				return aml_integer(aml, i, &pos, mask);
		}
		return -EINVAL;
	}
	return -ENOENT;
}
