/*
 * Reboot and power-off. Each tries the clean ways first and says on the
 * consoles what it does, so a user at the screen of a real PC knows whether
 * to expect the machine to go away:
 *
 *   restart:   the FADT reset register (acpi_reboot()), then the 8042's
 *              reset pulse, then a triple fault, which resets every x86;
 *   power-off: ACPI S5 through PM1 control with \_S5's SLP_TYP values;
 *              without them the machine halts with a message to switch it
 *              off by hand.
 */
#include <kernel/acpi.h>
#include <kernel/printk.h>
#include <kernel/reboot.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <asm/io.h>
#include <errno.h>

static __noreturn void halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

/* How long the 8042's reset pulse gets to act: by the clock (see acpi_settle). */
static void settle(void)
{
	mdelay(500);
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
			settle();
			return;
		}
		io_delay();
	}
}

/*
 * Intel SDM vol. 3A 6.15 (#DF): a fault while delivering a double fault
 * is a triple fault, and the processor enters shutdown, which the chipset
 * turns into a reset. An empty IDT makes the first int3 do just that.
 */
static __noreturn void triple_fault(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed empty_idt = { 0, 0 };

	__asm__ __volatile__("lidt %0; int3" : : "m"(empty_idt));
	halt_forever();
}

void kernel_restart(void)
{
	int err;

	printk("reboot: restarting the machine\n");
	local_irq_disable();
	err = acpi_reboot();
	i8042_pulse_reset();
	printk("reboot: ACPI reset and 8042 pulse did not reset (%d); forcing a triple fault\n",
	       err);
	triple_fault();
}

void kernel_power_off(void)
{
	int err;

	printk("reboot: powering off\n");
	local_irq_disable();
	err = acpi_poweroff();
	if (err == -ENODEV)
		printk("reboot: no ACPI power-off (no FADT or no \\_S5 in the DSDT): "
		       "the machine is halted, switch it off by hand\n");
	else
		printk("reboot: ACPI S5 did not power off (%d): the machine is halted, "
		       "switch it off by hand\n", err);
	halt_forever();
}
