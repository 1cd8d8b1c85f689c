/*
 * The FADT (ACPI 6.5 §5.2.9): the SCI, the PM1 event and control blocks,
 * the PM timer, the reset register, the sleep registers of hardware-reduced
 * ACPI and the DSDT's address.
 */
#include <kernel/acpi.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

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
	struct acpi_gas x_pm2_cnt_blk;
	struct acpi_gas x_pm_tmr_blk;
	struct acpi_gas x_gpe0_blk;
	struct acpi_gas x_gpe1_blk;
	struct acpi_gas sleep_control_reg;	/* ACPI 5.0+, hardware-reduced */
	struct acpi_gas sleep_status_reg;
} __packed;

BUILD_BUG_ON(offsetof(struct acpi_fadt, pm1a_evt_blk) != 56);
BUILD_BUG_ON(offsetof(struct acpi_fadt, pm_tmr_blk) != 76);
BUILD_BUG_ON(offsetof(struct acpi_fadt, century) != 108);
BUILD_BUG_ON(offsetof(struct acpi_fadt, reset_reg) != 116);
BUILD_BUG_ON(offsetof(struct acpi_fadt, x_dsdt) != 140);
BUILD_BUG_ON(offsetof(struct acpi_fadt, x_pm1b_cnt_blk) != 184);
BUILD_BUG_ON(offsetof(struct acpi_fadt, x_pm_tmr_blk) != 208);
BUILD_BUG_ON(offsetof(struct acpi_fadt, sleep_control_reg) != 244);

/* Older FADTs are shorter: a field exists only if the table covers it. */
#define FADT_HAS(f, field)	(offsetof_end(struct acpi_fadt, field) <= (f)->h.length)

/* ACPI 6.5 Table 5.10: FADT fixed feature flags. */
#define FADT_TMR_VAL_EXT	(1U << 8)
#define FADT_RESET_REG_SUP	(1U << 10)
#define FADT_HW_REDUCED_ACPI	(1U << 20)

static struct acpi_fadt_info fadt_info;
static bool fadt_ok;

/*
 * ACPI 6.5 §5.2.9: an X_ block, when present and nonzero, supersedes the
 * 32-bit port; width is the access width of the port form, in bits.
 */
static struct acpi_gas fadt_block(u32 port, const struct acpi_gas *x, u8 width)
{
	struct acpi_gas g = {
		.space_id = ACPI_SPACE_IO, .bit_width = width, .address = port,
	};

	if (x && x->address)
		g = *x;
	return g;
}

#define FADT_X(f, field)	(FADT_HAS(f, field) ? &(f)->field : NULL)

/*
 * The fixed hardware a full (not hardware-reduced, §4.1) platform has: PM1
 * event blocks (status then enable, each half the length, §4.8.3.1) for
 * the power button, and the PM timer (§4.8.3.3; 4 bytes long, or absent).
 * A PM1 event block's GAS width covers both halves; we access each half
 * with 16 bits.
 */
static void fadt_fixed_hw(const struct acpi_fadt *f, struct acpi_fadt_info *fi)
{
	if (f->flags & FADT_HW_REDUCED_ACPI) {
		fi->hw_reduced = true;
		if (FADT_HAS(f, sleep_status_reg)) {
			fi->sleep_control = f->sleep_control_reg;
			fi->sleep_status = f->sleep_status_reg;
		}
		return;
	}
	if (f->pm1_evt_len >= 4) {
		fi->pm1_evt_len = f->pm1_evt_len;
		fi->pm1a_evt = fadt_block(f->pm1a_evt_blk, FADT_X(f, x_pm1a_evt_blk), 16);
		fi->pm1b_evt = fadt_block(f->pm1b_evt_blk, FADT_X(f, x_pm1b_evt_blk), 16);
		fi->pm1a_evt.bit_width = fi->pm1b_evt.bit_width = 16;
	}
	if (f->pm_tmr_len == 4) {
		fi->pm_tmr = fadt_block(f->pm_tmr_blk, FADT_X(f, x_pm_tmr_blk), 32);
		fi->pm_tmr_32bit = f->flags & FADT_TMR_VAL_EXT;
	}
}

static void acpi_print_power(void)
{
	const struct acpi_fadt_info *fi = &fadt_info;
	char off[64], reset[64];

	if (!fadt_ok) {
		pr_warn("ACPI: no FADT: no ACPI power-off or reset\n");
		return;
	}
	if (fi->has_s5 && fi->hw_reduced)
		scnprintf(off, sizeof(off), "SLEEP_CONTROL %#llx SLP_TYP %u",
			  (unsigned long long)fi->sleep_control.address, fi->slp_typa);
	else if (fi->has_s5)
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
	printk("ACPI: %sSCI IRQ %u, power-off %s, reset %s\n",
	       fi->hw_reduced ? "hardware-reduced, " : "", fi->sci_irq, off, reset);
}

void acpi_fadt_init(void)
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
	fi->pm1a_cnt = fadt_block(f->pm1a_cnt_blk, FADT_X(f, x_pm1a_cnt_blk), 16);
	fi->pm1b_cnt = fadt_block(f->pm1b_cnt_blk, FADT_X(f, x_pm1b_cnt_blk), 16);
	fadt_fixed_hw(f, fi);
	if (FADT_HAS(f, reset_value) && (f->flags & FADT_RESET_REG_SUP)) {
		fi->reset_supported = true;
		fi->reset_reg = f->reset_reg;
		fi->reset_value = f->reset_value;
	}
	fadt_ok = true;
	acpi_dsdt_init(FADT_HAS(f, x_dsdt) && f->x_dsdt ? f->x_dsdt : f->dsdt, fi);
	acpi_print_power();
}

const struct acpi_fadt_info *acpi_fadt(void)
{
	return fadt_ok ? &fadt_info : NULL;
}

SELFTEST(acpi_fadt_found)
{
	const struct acpi_fadt_info *fi = acpi_fadt();

	if (!acpi_rsdp_present())
		ST_SKIP("no ACPI tables (microvm with acpi=off)");
	ST_ASSERT(fi != NULL);
	/* Hardware-reduced platforms sleep through their own register (§4.8.3.7). */
	ST_ASSERT((fi->hw_reduced ? fi->sleep_control.address : fi->pm1a_cnt.address) != 0);
	ST_ASSERT(fi->has_s5);
	ST_ASSERT(acpi_find_table("DSDT") != NULL);
}
