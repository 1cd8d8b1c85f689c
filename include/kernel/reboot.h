/* Restart and power-off, as Linux's <linux/reboot.h> (kernel/power.c). */
#ifndef _KERNEL_REBOOT_H
#define _KERNEL_REBOOT_H

#include <kernel/types.h>

/* Reset the machine: ACPI reset register, 8042 reset pulse, triple fault. */
__noreturn void kernel_restart(void);
/* ACPI S5; without it, say so on every console and halt. */
__noreturn void kernel_power_off(void);

#endif
