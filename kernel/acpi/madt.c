/* The MADT (ACPI 6.5 §5.2.12): CPUs, IOAPICs, interrupt source overrides and NMI wiring. */
#include <kernel/acpi.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <errno.h>
#include <string.h>
#include "internal.h"

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

static struct acpi_madt_info madt_info;
static bool madt_ok;

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

void acpi_madt_init(void)
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

SELFTEST(acpi_isa_irq0_is_gsi2)
{
	const struct acpi_madt_info *m = acpi_madt();
	bool level = true, low = true, moved = false;

	for (int i = 0; m && i < m->noverride; i++)
		moved |= m->override[i].bus == 0 && m->override[i].irq == 0;
	if (!moved)
		ST_SKIP("no override for ISA IRQ 0 (QEMU's microvm has no PIT wiring to move)");
	/* QEMU's PCs wire the PIT to IOAPIC pin 2 and say so with an override. */
	ST_EQ(acpi_isa_irq_to_gsi(0, &level, &low), 2);
	ST_ASSERT(!level && !low);
	ST_EQ(acpi_isa_irq_to_gsi(16, NULL, NULL), -EINVAL);
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
