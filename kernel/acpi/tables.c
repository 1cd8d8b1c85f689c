/* ACPI static tables: find the RSDP, walk the RSDT or XSDT, validate and register every table. */
#include <kernel/acpi.h>
#include <kernel/bootinfo.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

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

/* Tables must lie where phys_to_virt() reaches them: below 4 GiB. */
#define ACPI_MAP_LIMIT		0x100000000ULL
#define ACPI_MAX_TABLE_LEN	(1U << 20)
#define ACPI_MAX_TABLES		64

static const struct acpi_table_header *acpi_tables[ACPI_MAX_TABLES];
static int acpi_ntables;
static bool acpi_rsdp_found;

u8 acpi_sum(const void *p, size_t n)
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

void acpi_add_table(u64 pa, const char *sig)
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

bool acpi_rsdp_present(void)
{
	return acpi_rsdp_found;
}

const struct acpi_table_header *acpi_find_table(const char *sig)
{
	int i;

	for (i = 0; i < acpi_ntables; i++)
		if (memcmp(acpi_tables[i]->signature, sig, 4) == 0)
			return acpi_tables[i];
	return NULL;
}

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

static void acpi_print_summary(void)
{
	char buf[256];
	int n, i;
	const struct acpi_madt_info *m = acpi_madt();
	phys_addr_t hpet_base = acpi_hpet_base();

	if (!m) {
		pr_warn("ACPI: no usable MADT: no IOAPIC, the legacy PIC will be used\n");
		return;
	}
	n = scnprintf(buf, sizeof(buf), "ACPI: %d CPU%s", m->ncpus,
		      m->ncpus == 1 ? "" : "s");
	for (i = 0; i < m->nioapic; i++)
		n += scnprintf(buf + n, sizeof(buf) - n,
			       ", IOAPIC id %u at %#x GSI base %u",
			       m->ioapic[i].id, m->ioapic[i].addr,
			       m->ioapic[i].gsi_base);
	n += scnprintf(buf + n, sizeof(buf) - n, ", %d override%s",
		       m->noverride, m->noverride == 1 ? "" : "s");
	if (hpet_base)
		scnprintf(buf + n, sizeof(buf) - n, ", HPET at %#llx",
			  (unsigned long long)hpet_base);
	printk("%s\n", buf);
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
	acpi_madt_init();
	acpi_fadt_init();
	acpi_mcfg_init();
	acpi_hpet_init();
	acpi_print_summary();
}

SELFTEST(acpi_rsdp_and_madt_found)
{
	const struct acpi_madt_info *m = acpi_madt();

	if (!acpi_rsdp_found)
		ST_SKIP("no RSDP: a machine without ACPI (microvm with acpi=off)");
	ST_ASSERT(acpi_find_table("APIC") != NULL);
	ST_ASSERT(m != NULL);
	ST_ASSERT(m->ncpus >= 1);
	ST_ASSERT(m->nioapic >= 1);
	ST_ASSERT(m->lapic_addr != 0);
}
