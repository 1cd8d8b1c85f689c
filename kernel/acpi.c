/* ACPI static tables: find the RSDP, validate the tables, parse MADT, FADT (+ \_S5), MCFG and HPET. */

#include <kernel/acpi.h>
#include <kernel/bootinfo.h>
#include <kernel/mm.h>
#include <kernel/pci.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <asm/io.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- Table layouts (wire formats only) ---- */

/* ACPI 6.5 §5.2.5.3: the RSDP; the fields from 'length' on exist in revision 2+. */
struct acpi_rsdp {
	char signature[8];	/* "RSD PTR " */
	u8 checksum;		/* over the first 20 bytes */
	char oem_id[6];
	u8 revision;
	u32 rsdt_address;
	u32 length;
	u64 xsdt_address;
	u8 ext_checksum;	/* over 'length' bytes */
	u8 reserved[3];
} __packed;

#define ACPI_RSDP_V1_LEN	20
BUILD_BUG_ON(sizeof(struct acpi_rsdp) != 36);

/* ACPI 6.5 §5.2.12: MADT header and the interrupt controller structures. */
struct acpi_madt {
	struct acpi_table_header h;
	u32 lapic_addr;
	u32 flags;
} __packed;

#define ACPI_MADT_PCAT_COMPAT	0x1

struct acpi_subtable {
	u8 type;
	u8 length;
} __packed;

enum {
	MADT_LAPIC = 0,		/* §5.2.12.2 */
	MADT_IOAPIC = 1,	/* §5.2.12.3 */
	MADT_OVERRIDE = 2,	/* §5.2.12.5 */
	MADT_NMI_SOURCE = 3,	/* §5.2.12.6 */
	MADT_LAPIC_NMI = 4,	/* §5.2.12.7 */
	MADT_LAPIC_ADDR = 5,	/* §5.2.12.8 */
	MADT_X2APIC = 9,	/* §5.2.12.12 */
};

#define MADT_CPU_ENABLED	0x1

struct madt_lapic {
	struct acpi_subtable h;
	u8 processor_uid;
	u8 apic_id;
	u32 flags;
} __packed;

struct madt_ioapic {
	struct acpi_subtable h;
	u8 id;
	u8 reserved;
	u32 addr;
	u32 gsi_base;
} __packed;

struct madt_override {
	struct acpi_subtable h;
	u8 bus;
	u8 source_irq;
	u32 gsi;
	u16 flags;
} __packed;

struct madt_nmi_source {
	struct acpi_subtable h;
	u16 flags;
	u32 gsi;
} __packed;

struct madt_lapic_nmi {
	struct acpi_subtable h;
	u8 processor_uid;
	u16 flags;
	u8 lint;
} __packed;

struct madt_lapic_addr {
	struct acpi_subtable h;
	u16 reserved;
	u64 addr;
} __packed;

struct madt_x2apic {
	struct acpi_subtable h;
	u16 reserved;
	u32 x2apic_id;
	u32 flags;
	u32 processor_uid;
} __packed;

/* ACPI 6.5 §5.2.9: the FADT up to the fields we use. */
struct acpi_fadt {
	struct acpi_table_header h;
	u32 firmware_ctrl;
	u32 dsdt;
	u8 reserved0;		/* INT_MODEL in ACPI 1.0 */
	u8 preferred_pm_profile;
	u16 sci_int;
	u32 smi_cmd;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4bios_req;
	u8 pstate_cnt;
	u32 pm1a_evt_blk;
	u32 pm1b_evt_blk;
	u32 pm1a_cnt_blk;
	u32 pm1b_cnt_blk;
	u32 pm2_cnt_blk;
	u32 pm_tmr_blk;
	u32 gpe0_blk;
	u32 gpe1_blk;
	u8 pm1_evt_len;
	u8 pm1_cnt_len;
	u8 pm2_cnt_len;
	u8 pm_tmr_len;
	u8 gpe0_blk_len;
	u8 gpe1_blk_len;
	u8 gpe1_base;
	u8 cst_cnt;
	u16 p_lvl2_lat;
	u16 p_lvl3_lat;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alrm;
	u8 mon_alrm;
	u8 century;
	u16 iapc_boot_arch;	/* reserved (zero) in ACPI 1.0 */
	u8 reserved1;
	u32 flags;
	struct acpi_gas reset_reg;	/* ACPI 2.0+ from here */
	u8 reset_value;
	u16 arm_boot_arch;
	u8 minor_version;
	u64 x_firmware_ctrl;
	u64 x_dsdt;
	struct acpi_gas x_pm1a_evt_blk;
	struct acpi_gas x_pm1b_evt_blk;
	struct acpi_gas x_pm1a_cnt_blk;
	struct acpi_gas x_pm1b_cnt_blk;
} __packed;

BUILD_BUG_ON(offsetof(struct acpi_fadt, century) != 108);
BUILD_BUG_ON(offsetof(struct acpi_fadt, reset_reg) != 116);
BUILD_BUG_ON(offsetof(struct acpi_fadt, x_dsdt) != 140);
BUILD_BUG_ON(offsetof(struct acpi_fadt, x_pm1b_cnt_blk) != 184);

/* Older FADTs are shorter: a field exists only if the table covers it. */
#define FADT_HAS(f, field)	(offsetof_end(struct acpi_fadt, field) <= (f)->h.length)

#define FADT_RESET_REG_SUP	(1U << 10)

/* ACPI 6.5 §4.8.3.2.1, Table 4.13: PM1 control bits. */
#define PM1_SCI_EN		0x0001
#define PM1_SLP_TYP_SHIFT	10
#define PM1_SLP_TYP_MASK	(7U << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN		0x2000

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

/* IA-PC HPET Specification 1.0a §3.2.4: the HPET description table. */
struct acpi_hpet {
	struct acpi_table_header h;
	u32 block_id;
	struct acpi_gas base;
	u8 number;
	u16 min_tick;
	u8 page_protection;
} __packed;

/* AML encodings for the \_S5 scan (ACPI 6.5 §20.2). */
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_PACKAGE_OP		0x12
#define AML_ROOT_CHAR		'\\'

/* ---- State ---- */

/* Tables must lie where phys_to_virt() reaches them: below 4 GiB. */
#define ACPI_MAP_LIMIT		0x100000000ULL
#define ACPI_MAX_TABLE_LEN	(1U << 20)
#define ACPI_MAX_TABLES		64

static const struct acpi_table_header *acpi_tables[ACPI_MAX_TABLES];
static int acpi_ntables;
static bool acpi_rsdp_found;

static struct acpi_madt_info madt_info;
static bool madt_ok;
static struct acpi_fadt_info fadt_info;
static bool fadt_ok;
static phys_addr_t hpet_base;

/* ---- Tables ---- */

static u8 acpi_sum(const void *p, size_t n)
{
	const u8 *b = p;
	u8 sum = 0;

	while (n--)
		sum += *b++;
	return sum;
}

bool acpi_table_valid(const struct acpi_table_header *t)
{
	return t->length >= sizeof(*t) && t->length <= ACPI_MAX_TABLE_LEN &&
	       acpi_sum(t, t->length) == 0;
}

static void acpi_print_table(const struct acpi_table_header *t, u64 pa)
{
	printk("ACPI: %.4s 0x%016llX %06X (v%02u %-6.6s %-8.8s %08X)\n",
	       t->signature, (unsigned long long)pa, t->length, t->revision,
	       t->oem_id, t->oem_table_id, t->oem_revision);
}

/* ACPI 6.5 §5.2.6: map the table at pa and check it; sig NULL accepts any signature. */
static const struct acpi_table_header *acpi_map_table(u64 pa, const char *sig)
{
	const struct acpi_table_header *t;

	if (!pa)
		return NULL;
	if (pa > ACPI_MAP_LIMIT - sizeof(*t)) {
		pr_warn("ACPI: table at %#llx is above 4 GiB, ignored\n",
			(unsigned long long)pa);
		return NULL;
	}
	t = phys_to_virt(pa);
	if (t->length > ACPI_MAP_LIMIT - pa || !acpi_table_valid(t) ||
	    (sig && memcmp(t->signature, sig, 4) != 0)) {
		pr_warn("ACPI: bad table at %#llx (%.4s, length %u), ignored\n",
			(unsigned long long)pa, t->signature, t->length);
		return NULL;
	}
	acpi_print_table(t, pa);
	return t;
}

static void acpi_add_table(u64 pa, const char *sig)
{
	const struct acpi_table_header *t = acpi_map_table(pa, sig);

	if (!t)
		return;
	if (acpi_ntables == ACPI_MAX_TABLES) {
		pr_warn("ACPI: more than %d tables, %.4s ignored\n",
			ACPI_MAX_TABLES, t->signature);
		return;
	}
	acpi_tables[acpi_ntables++] = t;
}

const struct acpi_table_header *acpi_find_table(const char *sig)
{
	int i;

	for (i = 0; i < acpi_ntables; i++)
		if (memcmp(acpi_tables[i]->signature, sig, 4) == 0)
			return acpi_tables[i];
	return NULL;
}

/* ---- RSDP, RSDT and XSDT ---- */

static bool rsdp_valid(const struct acpi_rsdp *r)
{
	return memcmp(r->signature, "RSD PTR ", 8) == 0 &&
	       acpi_sum(r, ACPI_RSDP_V1_LEN) == 0;
}

/* The XSDT address when the 2.0 part is there and sums right (avail bytes readable), else 0. */
static u64 rsdp_xsdt(const struct acpi_rsdp *r, size_t avail)
{
	if (r->revision < 2 || r->length < sizeof(*r) || r->length > avail ||
	    acpi_sum(r, r->length) != 0)
		return 0;
	return r->xsdt_address;
}

/* ACPI 6.5 §5.2.5.1: the RSDP sits on a 16-byte boundary. */
static const struct acpi_rsdp *acpi_scan_rsdp(phys_addr_t start, size_t len,
					      phys_addr_t *pa, size_t *avail)
{
	phys_addr_t p;

	for (p = start; p + ACPI_RSDP_V1_LEN <= start + len; p += 16) {
		const struct acpi_rsdp *r = phys_to_virt(p);

		if (rsdp_valid(r)) {
			*pa = p;
			*avail = start + len - p;
			return r;
		}
	}
	return NULL;
}

/*
 * Multiboot2 hands over a copy of the RSDP (the only way under UEFI);
 * otherwise ACPI 6.5 §5.2.5.1: the first KiB of the EBDA, whose segment
 * is at 0x40e, then the BIOS area 0xe0000-0xfffff.
 */
static const struct acpi_rsdp *acpi_find_rsdp(phys_addr_t *pa, size_t *avail)
{
	const struct acpi_rsdp *r = (const void *)boot_info.rsdp;
	phys_addr_t ebda;

	*pa = 0;
	*avail = sizeof(boot_info.rsdp);
	if (boot_info.has_rsdp) {
		if (rsdp_valid(r))
			return r;
		pr_warn("ACPI: the boot loader's RSDP is invalid, scanning memory\n");
	}
	ebda = (phys_addr_t)*(const u16 *)phys_to_virt(0x40e) << 4;
	r = NULL;
	if (ebda > 0x400 && ebda < 0xa0000)
		r = acpi_scan_rsdp(ebda, 1024, pa, avail);
	if (!r)
		r = acpi_scan_rsdp(0xe0000, 0x20000, pa, avail);
	return r;
}

/* ACPI 6.5 §5.2.7, §5.2.8: the root table lists the others by address. */
static void acpi_load_root(const struct acpi_rsdp *r, size_t avail)
{
	const struct acpi_table_header *sdt;
	size_t esize = 8, n, i;
	const u8 *ent;

	sdt = acpi_map_table(rsdp_xsdt(r, avail), "XSDT");
	if (!sdt) {
		esize = 4;
		sdt = acpi_map_table(r->rsdt_address, "RSDT");
	}
	if (!sdt) {
		pr_warn("ACPI: no valid RSDT or XSDT\n");
		return;
	}
	ent = (const u8 *)(sdt + 1);
	n = (sdt->length - sizeof(*sdt)) / esize;
	for (i = 0; i < n; i++) {
		u64 pa = 0;

		memcpy(&pa, ent + i * esize, esize);	/* entries are unaligned */
		acpi_add_table(pa, NULL);
	}
}

/* ---- MADT ---- */

static const u8 madt_min_len[] = {
	[MADT_LAPIC] = sizeof(struct madt_lapic),
	[MADT_IOAPIC] = sizeof(struct madt_ioapic),
	[MADT_OVERRIDE] = sizeof(struct madt_override),
	[MADT_NMI_SOURCE] = sizeof(struct madt_nmi_source),
	[MADT_LAPIC_NMI] = sizeof(struct madt_lapic_nmi),
	[MADT_LAPIC_ADDR] = sizeof(struct madt_lapic_addr),
	[MADT_X2APIC] = sizeof(struct madt_x2apic),
};

static void madt_add_ioapic(const struct madt_ioapic *e, struct acpi_madt_info *out)
{
	if (out->nioapic == ACPI_MAX_IOAPICS) {
		pr_warn("ACPI: more than %d IOAPICs, id %u ignored\n",
			ACPI_MAX_IOAPICS, e->id);
		return;
	}
	out->ioapic[out->nioapic].id = e->id;
	out->ioapic[out->nioapic].addr = e->addr;
	out->ioapic[out->nioapic].gsi_base = e->gsi_base;
	out->nioapic++;
}

static void madt_add_override(const struct madt_override *e, struct acpi_madt_info *out)
{
	if (out->noverride == ACPI_MAX_OVERRIDES) {
		pr_warn("ACPI: more than %d interrupt overrides, IRQ %u ignored\n",
			ACPI_MAX_OVERRIDES, e->source_irq);
		return;
	}
	out->override[out->noverride].bus = e->bus;
	out->override[out->noverride].irq = e->source_irq;
	out->override[out->noverride].gsi = e->gsi;
	out->override[out->noverride].flags = e->flags;
	out->noverride++;
}

static void madt_add_nmi(const struct acpi_subtable *e, struct acpi_madt_info *out)
{
	if (e->type == MADT_NMI_SOURCE && out->nnmi_source < ACPI_MAX_NMIS) {
		const struct madt_nmi_source *s = (const void *)e;

		out->nmi_source[out->nnmi_source].gsi = s->gsi;
		out->nmi_source[out->nnmi_source].flags = s->flags;
		out->nnmi_source++;
	} else if (e->type == MADT_LAPIC_NMI && out->nlapic_nmi < ACPI_MAX_NMIS) {
		const struct madt_lapic_nmi *l = (const void *)e;

		out->lapic_nmi[out->nlapic_nmi].processor_uid = l->processor_uid;
		out->lapic_nmi[out->nlapic_nmi].lint = l->lint;
		out->lapic_nmi[out->nlapic_nmi].flags = l->flags;
		out->nlapic_nmi++;
	}
}

/* Only called once the entry's length covers its type's fields. */
static void madt_entry(const struct acpi_subtable *e, struct acpi_madt_info *out)
{
	switch (e->type) {
	case MADT_LAPIC:
		if (((const struct madt_lapic *)e)->flags & MADT_CPU_ENABLED)
			out->ncpus++;
		break;
	case MADT_X2APIC:
		if (((const struct madt_x2apic *)e)->flags & MADT_CPU_ENABLED)
			out->ncpus++;
		break;
	case MADT_IOAPIC:
		madt_add_ioapic((const void *)e, out);
		break;
	case MADT_OVERRIDE:
		madt_add_override((const void *)e, out);
		break;
	case MADT_NMI_SOURCE:
	case MADT_LAPIC_NMI:
		madt_add_nmi(e, out);
		break;
	case MADT_LAPIC_ADDR:
		out->lapic_addr = ((const struct madt_lapic_addr *)e)->addr;
		break;
	}
}

int acpi_parse_madt(const struct acpi_table_header *t, struct acpi_madt_info *out)
{
	const struct acpi_madt *madt = (const void *)t;
	const u8 *p, *end;

	memset(out, 0, sizeof(*out));
	if (t->length < sizeof(*madt))
		return -EINVAL;
	out->lapic_addr = madt->lapic_addr;
	out->pcat_compat = madt->flags & ACPI_MADT_PCAT_COMPAT;
	p = (const u8 *)(madt + 1);
	end = (const u8 *)t + t->length;
	while (p < end) {
		const struct acpi_subtable *e = (const void *)p;

		if (end - p < (long)sizeof(*e) || e->length < sizeof(*e) ||
		    e->length > end - p)
			return -EINVAL;
		if (e->type < ARRAY_SIZE(madt_min_len) &&
		    e->length < madt_min_len[e->type])
			return -EINVAL;
		madt_entry(e, out);
		p += e->length;
	}
	return 0;
}

const struct acpi_madt_info *acpi_madt(void)
{
	return madt_ok ? &madt_info : NULL;
}

/*
 * ACPI 6.5 §5.2.12.5: ISA IRQs are identity-mapped to GSIs, edge-triggered
 * and active high, unless an interrupt source override says otherwise;
 * the override's "conforms to the bus" flags mean the ISA defaults.
 */
int acpi_isa_irq_to_gsi(unsigned int isa_irq, bool *level, bool *active_low)
{
	u16 flags = 0;
	int gsi = isa_irq, i;

	if (isa_irq >= 16)
		return -EINVAL;
	for (i = 0; madt_ok && i < madt_info.noverride; i++) {
		if (madt_info.override[i].bus == 0 &&
		    madt_info.override[i].irq == isa_irq) {
			gsi = madt_info.override[i].gsi;
			flags = madt_info.override[i].flags;
			break;
		}
	}
	if (level)
		*level = (flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL;
	if (active_low)
		*active_low = (flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_LOW;
	return gsi;
}

static void acpi_init_madt(void)
{
	const struct acpi_table_header *t = acpi_find_table("APIC");

	if (!t)
		return;
	if (acpi_parse_madt(t, &madt_info)) {
		pr_warn("ACPI: malformed MADT entry: interrupt controller information ignored\n");
		return;
	}
	madt_ok = true;
}

/* ---- FADT and \_S5 ---- */

/* Integer data object (ACPI 6.5 §20.2.3); *pos moves past it. Keeps the low byte. */
static int aml_get_int(const u8 *aml, size_t len, size_t *pos, u8 *val)
{
	size_t i = *pos, n;

	if (i >= len)
		return -EINVAL;
	switch (aml[i]) {
	case AML_ZERO_OP:
	case AML_ONE_OP:
		n = 1;
		break;
	case AML_BYTE_PREFIX:
		n = 2;
		break;
	case AML_WORD_PREFIX:
		n = 3;
		break;
	case AML_DWORD_PREFIX:
		n = 5;
		break;
	default:
		return -EINVAL;
	}
	if (n > len - i)
		return -EINVAL;
	*val = n == 1 ? aml[i] : aml[i + 1];
	*pos = i + n;
	return 0;
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

/* ACPI 6.5 §5.2.9: an X_ block, when present and nonzero, supersedes the 32-bit port. */
static struct acpi_gas fadt_block(u32 port, const struct acpi_gas *x)
{
	struct acpi_gas g = {
		.space_id = ACPI_SPACE_IO, .bit_width = 16, .address = port,
	};

	if (x && x->address)
		g = *x;
	return g;
}

static void acpi_init_dsdt(const struct acpi_fadt *f)
{
	const struct acpi_table_header *dsdt;
	u64 pa = FADT_HAS(f, x_dsdt) && f->x_dsdt ? f->x_dsdt : f->dsdt;
	int err;

	acpi_add_table(pa, "DSDT");
	dsdt = acpi_find_table("DSDT");
	if (!dsdt)
		return;
	fadt_info.dsdt = pa;
	err = aml_find_s5((const u8 *)(dsdt + 1), dsdt->length - sizeof(*dsdt),
			  &fadt_info.slp_typa, &fadt_info.slp_typb);
	if (err)
		pr_warn("ACPI: no usable \\_S5 in the DSDT (%d): no power-off\n", err);
	fadt_info.has_s5 = !err;
}

static void acpi_init_fadt(void)
{
	const struct acpi_fadt *f = (const void *)acpi_find_table("FACP");
	struct acpi_fadt_info *fi = &fadt_info;

	if (!f)
		return;
	if (!FADT_HAS(f, flags)) {
		pr_warn("ACPI: FADT too short (%u bytes), ignored\n", f->h.length);
		return;
	}
	fi->sci_irq = f->sci_int;
	fi->century = f->century;
	fi->boot_arch = f->iapc_boot_arch;
	fi->flags = f->flags;
	fi->smi_cmd = f->smi_cmd;
	fi->acpi_enable = f->acpi_enable;
	fi->pm1a_cnt = fadt_block(f->pm1a_cnt_blk,
				  FADT_HAS(f, x_pm1a_cnt_blk) ? &f->x_pm1a_cnt_blk : NULL);
	fi->pm1b_cnt = fadt_block(f->pm1b_cnt_blk,
				  FADT_HAS(f, x_pm1b_cnt_blk) ? &f->x_pm1b_cnt_blk : NULL);
	if (FADT_HAS(f, reset_value) && (f->flags & FADT_RESET_REG_SUP)) {
		fi->reset_supported = true;
		fi->reset_reg = f->reset_reg;
		fi->reset_value = f->reset_value;
	}
	fadt_ok = true;
	acpi_init_dsdt(f);
}

const struct acpi_fadt_info *acpi_fadt(void)
{
	return fadt_ok ? &fadt_info : NULL;
}

/* ---- Power-off and reset ---- */

/* Access width of a register in bytes: its GAS bit width, else dflt. */
static int gas_bytes(const struct acpi_gas *g, int dflt)
{
	switch (g->bit_width) {
	case 8:
		return 1;
	case 16:
		return 2;
	case 32:
		return 4;
	}
	return dflt;
}

/* ACPI 6.5 §5.2.3.2: registers in system I/O or system memory space. */
static int acpi_gas_read(const struct acpi_gas *g, int dflt, u64 *val)
{
	int n = gas_bytes(g, dflt);
	void *m;

	if (g->space_id == ACPI_SPACE_IO && g->address <= 0x10000U - n) {
		*val = n == 1 ? inb(g->address) : n == 2 ? inw(g->address) :
							   inl(g->address);
		return 0;
	}
	if (g->space_id != ACPI_SPACE_MEMORY)
		return -EOPNOTSUPP;
	m = ioremap(g->address, n);
	if (!m)
		return -ENOMEM;
	*val = n == 1 ? readb(m) : n == 2 ? readw(m) : readl(m);
	return 0;
}

static int acpi_gas_write(const struct acpi_gas *g, int dflt, u64 val)
{
	int n = gas_bytes(g, dflt);
	void *m;

	if (g->space_id == ACPI_SPACE_IO && g->address <= 0x10000U - n) {
		if (n == 1)
			outb(g->address, val);
		else if (n == 2)
			outw(g->address, val);
		else
			outl(g->address, val);
		return 0;
	}
	if (g->space_id != ACPI_SPACE_MEMORY)
		return -EOPNOTSUPP;
	m = ioremap(g->address, n);
	if (!m)
		return -ENOMEM;
	if (n == 1)
		writeb(val, m);
	else if (n == 2)
		writew(val, m);
	else
		writel(val, m);
	return 0;
}

/* Port 0x80 writes take about 1 us on PC hardware: this waits some 100 ms. */
static void acpi_settle(void)
{
	int i;

	for (i = 0; i < 100000; i++)
		io_delay();
}

/*
 * In legacy mode (SCI_EN clear) the firmware's SMI handler owns the PM1
 * registers; writing ACPI_ENABLE to SMI_CMD asks it to hand them over
 * (ACPI 6.5 §4.8.2.5, Legacy/ACPI Select). No SMI_CMD means ACPI mode already.
 */
static void acpi_enable_mode(void)
{
	u64 cnt;
	int i;

	if (!fadt_info.smi_cmd || fadt_info.smi_cmd > 0xffff ||
	    !fadt_info.acpi_enable)
		return;
	for (i = 0; i < 3000; i++) {
		if (acpi_gas_read(&fadt_info.pm1a_cnt, 2, &cnt) || (cnt & PM1_SCI_EN))
			return;
		if (i == 0)
			outb(fadt_info.smi_cmd, fadt_info.acpi_enable);
		io_delay();
	}
	pr_warn("ACPI: firmware did not enter ACPI mode\n");
}

/* Read-modify-write: keep SCI_EN and the other control bits. */
static void pm1_set_sleep(const struct acpi_gas *g, u8 slp_typ, bool enable)
{
	u64 v;

	if (!g->address || acpi_gas_read(g, 2, &v))
		return;
	v &= ~(u64)(PM1_SLP_TYP_MASK | PM1_SLP_EN);
	v |= (u64)slp_typ << PM1_SLP_TYP_SHIFT;
	if (enable)
		v |= PM1_SLP_EN;
	acpi_gas_write(g, 2, v);
}

/*
 * ACPI 6.5 §16.1.7 and §4.8.3.2.1: write SLP_TYPx to PM1a and PM1b
 * control, then set SLP_EN in both.
 */
int acpi_poweroff(void)
{
	const struct acpi_fadt_info *fi = &fadt_info;

	if (!fadt_ok || !fi->has_s5 || !fi->pm1a_cnt.address)
		return -ENODEV;
	acpi_enable_mode();
	pm1_set_sleep(&fi->pm1a_cnt, fi->slp_typa, false);
	pm1_set_sleep(&fi->pm1b_cnt, fi->slp_typb, false);
	pm1_set_sleep(&fi->pm1a_cnt, fi->slp_typa, true);
	pm1_set_sleep(&fi->pm1b_cnt, fi->slp_typb, true);
	acpi_settle();
	return -EIO;
}

#define I8042_STATUS		0x64
#define I8042_COMMAND		0x64
#define I8042_STR_IBF		0x02
#define I8042_CMD_PULSE_RESET	0xfe

/*
 * IBM PC/AT Technical Reference: 8042 command 0xFE pulses the CPU reset
 * line. Without a controller the status port reads 0xff (input buffer
 * "full"), so the wait times out and nothing is written.
 */
static void i8042_pulse_reset(void)
{
	int i;

	for (i = 0; i < 10000; i++) {
		if (!(inb(I8042_STATUS) & I8042_STR_IBF)) {
			outb(I8042_COMMAND, I8042_CMD_PULSE_RESET);
			acpi_settle();
			return;
		}
		io_delay();
	}
}

/* ACPI 6.5 §4.8.3.6: the reset register, an 8-bit write of RESET_VALUE. */
int acpi_reboot(void)
{
	if (fadt_ok && fadt_info.reset_supported &&
	    acpi_gas_write(&fadt_info.reset_reg, 1, fadt_info.reset_value) == 0)
		acpi_settle();
	i8042_pulse_reset();
	return -ENODEV;
}

/* ---- MCFG and HPET ---- */

static void acpi_init_mcfg(void)
{
	const struct acpi_table_header *t = acpi_find_table("MCFG");
	const struct acpi_mcfg_alloc *a;
	size_t n, i;
	bool ecam = false;

	if (!t || t->length < sizeof(struct acpi_mcfg))
		return;
	a = (const void *)((const u8 *)t + sizeof(struct acpi_mcfg));
	n = (t->length - sizeof(struct acpi_mcfg)) / sizeof(*a);
	for (i = 0; i < n; i++) {
		printk("ACPI: MCFG segment %u buses %02x-%02x at %#llx\n",
		       a[i].segment, a[i].bus_start, a[i].bus_end,
		       (unsigned long long)a[i].base);
		if (a[i].segment == 0 && !ecam)
			ecam = pci_use_ecam(a[i].base, 0, a[i].bus_start,
					    a[i].bus_end) == 0;
	}
}

static void acpi_init_hpet(void)
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

/* ---- Init ---- */

static void acpi_print_summary(void)
{
	char buf[256];
	int n, i;

	if (!madt_ok) {
		pr_warn("ACPI: no usable MADT: no IOAPIC, the legacy PIC will be used\n");
		return;
	}
	n = scnprintf(buf, sizeof(buf), "ACPI: %d CPU%s", madt_info.ncpus,
		      madt_info.ncpus == 1 ? "" : "s");
	for (i = 0; i < madt_info.nioapic; i++)
		n += scnprintf(buf + n, sizeof(buf) - n,
			       ", IOAPIC id %u at %#x GSI base %u",
			       madt_info.ioapic[i].id, madt_info.ioapic[i].addr,
			       madt_info.ioapic[i].gsi_base);
	n += scnprintf(buf + n, sizeof(buf) - n, ", %d override%s",
		       madt_info.noverride, madt_info.noverride == 1 ? "" : "s");
	if (hpet_base)
		scnprintf(buf + n, sizeof(buf) - n, ", HPET at %#llx",
			  (unsigned long long)hpet_base);
	printk("%s\n", buf);
}

static void acpi_print_power(void)
{
	const struct acpi_fadt_info *fi = &fadt_info;
	char off[64], reset[64];

	if (!fadt_ok) {
		pr_warn("ACPI: no FADT: no ACPI power-off or reset\n");
		return;
	}
	if (fi->has_s5)
		scnprintf(off, sizeof(off), "PM1a_CNT %#llx SLP_TYP %u",
			  (unsigned long long)fi->pm1a_cnt.address, fi->slp_typa);
	else
		scnprintf(off, sizeof(off), "none");
	if (fi->reset_supported)
		scnprintf(reset, sizeof(reset), "%s %#llx <- %#x",
			  fi->reset_reg.space_id == ACPI_SPACE_IO ? "port" : "address",
			  (unsigned long long)fi->reset_reg.address, fi->reset_value);
	else
		scnprintf(reset, sizeof(reset), "8042 only");
	printk("ACPI: SCI IRQ %u, power-off %s, reset %s\n", fi->sci_irq, off, reset);
}

void acpi_init(void)
{
	const struct acpi_rsdp *r;
	phys_addr_t pa;
	size_t avail;

	r = acpi_find_rsdp(&pa, &avail);
	if (!r) {
		pr_warn("ACPI: no RSDP found: no ACPI tables, using the legacy PIC\n");
		return;
	}
	acpi_rsdp_found = true;
	if (pa)
		printk("ACPI: RSDP 0x%016llX %06X (v%02u %-6.6s)\n",
		       (unsigned long long)pa, r->revision >= 2 ? r->length : 20,
		       r->revision, r->oem_id);
	else
		printk("ACPI: RSDP (v%02u %-6.6s) from the boot loader\n",
		       r->revision, r->oem_id);
	acpi_load_root(r, avail);
	acpi_init_madt();
	acpi_init_fadt();
	acpi_init_mcfg();
	acpi_init_hpet();
	acpi_print_summary();
	acpi_print_power();
}

/* ---- Self-tests ---- */

SELFTEST(acpi_rsdp_and_madt_found)
{
	const struct acpi_madt_info *m = acpi_madt();

	ST_ASSERT(acpi_rsdp_found);
	ST_ASSERT(acpi_find_table("APIC") != NULL);
	ST_ASSERT(m != NULL);
	ST_ASSERT(m->ncpus >= 1);
	ST_ASSERT(m->nioapic >= 1);
	ST_ASSERT(m->lapic_addr != 0);
}

SELFTEST(acpi_isa_irq0_is_gsi2)
{
	bool level = true, low = true;

	/* QEMU wires the PIT to IOAPIC pin 2 and says so with an override. */
	ST_EQ(acpi_isa_irq_to_gsi(0, &level, &low), 2);
	ST_ASSERT(!level && !low);
	ST_EQ(acpi_isa_irq_to_gsi(16, NULL, NULL), -EINVAL);
}

SELFTEST(acpi_fadt_found)
{
	const struct acpi_fadt_info *fi = acpi_fadt();

	ST_ASSERT(fi != NULL);
	ST_ASSERT(fi->pm1a_cnt.address != 0);
	ST_ASSERT(fi->has_s5);
	ST_ASSERT(acpi_find_table("DSDT") != NULL);
}

/*
 * A crafted MADT: header, one LAPIC at 44, one IOAPIC at 52, table ends
 * at 64; a valid IOAPIC follows at 64 in the buffer, outside the table,
 * so a parser that reads past the end would count it.
 */
static u8 madt_buf[128] __aligned(8);

static const struct acpi_table_header *madt_craft(u8 ioapic_len, u32 table_len)
{
	struct acpi_table_header *t = (void *)madt_buf;
	struct acpi_madt *madt = (void *)madt_buf;
	struct madt_lapic *cpu = (void *)(madt_buf + 44);
	struct madt_ioapic *io = (void *)(madt_buf + 52);
	struct madt_ioapic *past = (void *)(madt_buf + 64);

	memset(madt_buf, 0, sizeof(madt_buf));
	memcpy(t->signature, "APIC", 4);
	t->length = table_len;
	t->revision = 5;
	madt->lapic_addr = 0xfee00000;
	*cpu = (struct madt_lapic){ { MADT_LAPIC, sizeof(*cpu) }, 0, 0, MADT_CPU_ENABLED };
	*io = (struct madt_ioapic){ { MADT_IOAPIC, ioapic_len }, 1, 0, 0xfec00000, 0 };
	*past = (struct madt_ioapic){ { MADT_IOAPIC, sizeof(*past) }, 2, 0, 0xfec01000, 24 };
	t->checksum = -acpi_sum(t, table_len);
	return t;
}

SELFTEST(acpi_madt_rejects_bad_entry_length)
{
	struct acpi_madt_info info;
	const struct acpi_table_header *t;

	t = madt_craft(sizeof(struct madt_ioapic), 64);	/* well formed */
	ST_ASSERT(acpi_table_valid(t));
	ST_EQ(acpi_parse_madt(t, &info), 0);
	ST_EQ(info.ncpus, 1);
	ST_EQ(info.nioapic, 1);

	t = madt_craft(24, 64);		/* runs 12 bytes past the end */
	ST_ASSERT(acpi_table_valid(t));
	ST_EQ(acpi_parse_madt(t, &info), -EINVAL);
	ST_EQ(info.ncpus, 1);
	ST_EQ(info.nioapic, 0);

	t = madt_craft(0, 64);		/* would never advance */
	ST_ASSERT(acpi_table_valid(t));
	ST_EQ(acpi_parse_madt(t, &info), -EINVAL);

	t = madt_craft(sizeof(struct madt_ioapic), 60);	/* table cuts the entry */
	ST_ASSERT(acpi_table_valid(t));
	ST_EQ(acpi_parse_madt(t, &info), -EINVAL);
	ST_EQ(info.nioapic, 0);

	madt_buf[50] ^= 1;		/* a corrupted byte fails the checksum */
	ST_ASSERT(!acpi_table_valid(t));
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
