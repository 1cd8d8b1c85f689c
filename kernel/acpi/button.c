/*
 * The power button, so that a VM manager's "shut down" (libvirt's
 * virsh shutdown, QEMU's system_powerdown) powers Skiff off cleanly:
 *
 *  - full ACPI hardware: the fixed-feature power button, PWRBTN_STS and
 *    PWRBTN_EN in the PM1 event registers, signalled by the SCI (ACPI 6.5
 *    §4.8.3.1, §4.8.2.2.1);
 *  - hardware-reduced ACPI (QEMU's microvm): the Generic Event Device
 *    (§5.6.9), whose interrupt comes with an event selector register that
 *    its _EVT method reads; the DSDT says which selector bit the method
 *    turns into Notify (power button, 0x80), and aml.c finds it.
 *
 * The interrupt handler only acknowledges; the power-off runs from a timer
 * (softirq), as kernel_power_off() waits for the machine to go away.
 */
#include <kernel/acpi.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/reboot.h>
#include <kernel/timer.h>
#include <asm/io.h>
#include <errno.h>
#include "aml.h"
#include "internal.h"

/* ACPI 6.5 §4.8.3.1.1, Table 4.11: PM1 status and enable bits. */
#define PM1_PWRBTN		0x0100

#define ACPI_HID_GED		"ACPI0013"
#define ACPI_HID_POWER_BUTTON	"PNP0C0C"

static struct timer_list poweroff_timer;

static void button_poweroff(struct timer_list *t)
{
	kernel_power_off();
}

static void button_pressed(const char *how)
{
	printk("ACPI: power button (%s): powering off\n", how);
	mod_timer(&poweroff_timer, jiffies);
}

/* The enable half of a PM1 event block. */
static struct acpi_gas pm1_enable(const struct acpi_gas *evt, u8 len)
{
	struct acpi_gas g = *evt;

	g.address += len / 2;
	return g;
}

/* Status bits are write-one-to-clear (§4.8.3.1.1); report whether PWRBTN was set. */
static bool pm1_take_pwrbtn(const struct acpi_gas *evt)
{
	u64 sts;

	if (!evt->address || acpi_gas_read(evt, 2, &sts) || !(sts & PM1_PWRBTN))
		return false;
	acpi_gas_write(evt, 2, PM1_PWRBTN);
	return true;
}

static irqreturn_t sci_interrupt(int irq, void *data)
{
	const struct acpi_fadt_info *fi = data;
	bool a = pm1_take_pwrbtn(&fi->pm1a_evt), b = pm1_take_pwrbtn(&fi->pm1b_evt);

	if (!a && !b)
		return IRQ_NONE;
	button_pressed("SCI");
	return IRQ_HANDLED;
}

static void pm1_enable_pwrbtn(const struct acpi_gas *evt, u8 len)
{
	struct acpi_gas en = pm1_enable(evt, len);
	u64 v;

	if (!evt->address || acpi_gas_read(&en, 2, &v))
		return;
	pm1_take_pwrbtn(evt);
	acpi_gas_write(&en, 2, v | PM1_PWRBTN);
}

/*
 * §5.2.9: SCI_INT is an ISA IRQ, shareable, level and active low unless
 * the MADT's override for it says otherwise (§5.2.12.5; QEMU's says
 * active high), as Linux's acpi_sci_ioapic_setup() reads it.
 */
static unsigned long sci_trigger(const struct acpi_fadt_info *fi)
{
	const struct acpi_madt_info *m = acpi_madt();
	u16 flags = 0;

	for (int i = 0; m && i < m->noverride; i++)
		if (m->override[i].bus == 0 && m->override[i].irq == fi->sci_irq)
			flags = m->override[i].flags;
	if ((flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_EDGE)
		return (flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_LOW ?
		       IRQF_TRIGGER_FALLING : IRQF_TRIGGER_RISING;
	return (flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_HIGH ?
	       IRQF_TRIGGER_HIGH : IRQF_TRIGGER_LOW;
}

static int button_init_fixed(const struct acpi_fadt_info *fi)
{
	int err;

	if (!fi->pm1_evt_len || !fi->pm1a_evt.address)
		return -ENODEV;
	acpi_enable_mode(fi);
	err = request_irq(fi->sci_irq, sci_interrupt, IRQF_SHARED | sci_trigger(fi),
			  "acpi", (void *)fi);
	if (err)
		return err;
	pm1_enable_pwrbtn(&fi->pm1a_evt, fi->pm1_evt_len);
	pm1_enable_pwrbtn(&fi->pm1b_evt, fi->pm1_evt_len);
	printk("ACPI: power button on the SCI (IRQ %u)\n", fi->sci_irq);
	return 0;
}

struct ged {
	volatile u32 *esel;	/* event selector; reading it clears it */
	u32 pwrbtn_mask;
	unsigned int irq;
};

static struct ged ged;

static irqreturn_t ged_interrupt(int irq, void *data)
{
	struct ged *g = data;
	u32 sel = readl(g->esel);

	if (!sel)
		return IRQ_NONE;
	if (sel & g->pwrbtn_mask)
		button_pressed("GED");
	return IRQ_HANDLED;
}

/*
 * The GED device: its interrupt (_CRS), its selector (the SystemMemory
 * OperationRegion its _EVT reads) and which selector bit notifies the
 * power button device.
 */
static int ged_find(struct ged *g)
{
	const struct acpi_table_header *dsdt = acpi_find_table("DSDT");
	struct aml_device dev, btn;
	struct acpi_resources res;
	size_t from = 0;
	u64 addr, len, mask;
	const u8 *aml;
	size_t n;

	if (!dsdt)
		return -ENODEV;
	aml = (const u8 *)(dsdt + 1);
	n = dsdt->length - sizeof(*dsdt);
	if (!aml_find_device(aml, n, ACPI_HID_POWER_BUTTON, &from, &btn))
		return -ENODEV;
	from = 0;
	if (!aml_find_device(aml, n, ACPI_HID_GED, &from, &dev) ||
	    aml_device_resources(aml, &dev, &res) || !res.has_irq ||
	    aml_device_opregion(aml, &dev, &addr, &len) || len < 4 ||
	    aml_device_notify_mask(aml, &dev, aml + btn.name, &mask) || !(u32)mask)
		return -ENODEV;
	g->esel = ioremap(addr, 4);
	if (!g->esel)
		return -ENOMEM;
	g->pwrbtn_mask = (u32)mask;
	g->irq = res.irq;
	return request_irq(res.irq, ged_interrupt,
			   res.irq_edge ? IRQF_TRIGGER_RISING : IRQF_TRIGGER_HIGH, "ged", g);
}

static int acpi_button_init(void)
{
	const struct acpi_fadt_info *fi = acpi_fadt();
	int err;

	if (!fi)
		return 0;
	timer_setup(&poweroff_timer, button_poweroff, 0);
	if (!fi->hw_reduced)
		return button_init_fixed(fi);
	err = ged_find(&ged);
	if (err == -ENODEV) {
		printk("ACPI: hardware-reduced without a GED power button: no power button\n");
		return 0;
	}
	if (!err)
		printk("ACPI: power button on the GED (GSI %u, selector bit mask %#x)\n",
		       ged.irq, ged.pwrbtn_mask);
	return err;
}
device_initcall(acpi_button_init);
