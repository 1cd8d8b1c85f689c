/*
 * ACPI power-off (S5 through PM1 control, or the sleep control register
 * of hardware-reduced ACPI) and reset (the FADT reset register).
 */
#include <kernel/acpi.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <asm/io.h>
#include <errno.h>
#include "internal.h"

/* ACPI 6.5 §4.8.3.2.1, Table 4.13: PM1 control bits. */
#define PM1_SCI_EN		0x0001
#define PM1_SLP_TYP_SHIFT	10
#define PM1_SLP_TYP_MASK	(7U << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN		0x2000

/* ACPI 6.5 §4.8.3.7: the hardware-reduced sleep control register. */
#define SLEEP_CTL_SLP_TYP_SHIFT	2
#define SLEEP_CTL_SLP_EN	0x20

/*
 * How long the chipset gets to act on SLP_EN or the reset register before
 * the caller reports failure. By the clock, not by a count of port
 * accesses: a virtual machine powers off from its monitor's main loop,
 * while the vCPU goes on running (QEMU's TCG ran 100,000 port 0x80 writes,
 * once meant as 100 ms, in 3 ms and printed "did not power off" before
 * QEMU exited).
 */
#define ACPI_SETTLE_MS	2000

static void acpi_settle(void)
{
	mdelay(ACPI_SETTLE_MS);
}

/*
 * In legacy mode (SCI_EN clear) the firmware's SMI handler owns the PM1
 * registers; writing ACPI_ENABLE to SMI_CMD asks it to hand them over
 * (ACPI 6.5 §4.8.2.5, Legacy/ACPI Select). No SMI_CMD means ACPI mode already.
 */
void acpi_enable_mode(const struct acpi_fadt_info *fi)
{
	u64 cnt;
	int i;

	if (!fi->smi_cmd || fi->smi_cmd > 0xffff ||
	    !fi->acpi_enable)
		return;
	for (i = 0; i < 3000; i++) {
		if (acpi_gas_read(&fi->pm1a_cnt, 2, &cnt) || (cnt & PM1_SCI_EN))
			return;
		if (i == 0)
			outb(fi->smi_cmd, fi->acpi_enable);
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
	const struct acpi_fadt_info *fi = acpi_fadt();

	if (fi && fi->has_s5 && fi->hw_reduced && fi->sleep_control.address) {
		/* §7.4.2.6: hardware-reduced platforms take SLP_TYPa only. */
		acpi_gas_write(&fi->sleep_control, 1,
			       (u64)(fi->slp_typa & 7) << SLEEP_CTL_SLP_TYP_SHIFT |
			       SLEEP_CTL_SLP_EN);
		acpi_settle();
		return -EIO;
	}
	if (!fi || !fi->has_s5 || !fi->pm1a_cnt.address)
		return -ENODEV;
	acpi_enable_mode(fi);
	pm1_set_sleep(&fi->pm1a_cnt, fi->slp_typa, false);
	pm1_set_sleep(&fi->pm1b_cnt, fi->slp_typb, false);
	pm1_set_sleep(&fi->pm1a_cnt, fi->slp_typa, true);
	pm1_set_sleep(&fi->pm1b_cnt, fi->slp_typb, true);
	acpi_settle();
	return -EIO;
}

/* ACPI 6.5 §4.8.3.6: the reset register, an 8-bit write of RESET_VALUE. */
int acpi_reboot(void)
{
	const struct acpi_fadt_info *fi = acpi_fadt();

	if (fi && fi->reset_supported &&
	    acpi_gas_write(&fi->reset_reg, 1, fi->reset_value) == 0)
		acpi_settle();
	return -ENODEV;
}
