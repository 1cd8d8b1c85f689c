/*
 * reboot(2) (Linux kernel/reboot.c): restart or power off on request,
 * once both magic numbers match. Skiff has no users to refuse it to;
 * commands other than restart and power-off (halt, Ctrl-Alt-Del
 * handling, kexec, suspend) are not offered: EINVAL.
 */
#include <kernel/reboot.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <sys/reboot.h>
#include <errno.h>

/* The second magic may be any of Linux's four (dates of Linus's daughters' births). */
static bool reboot_magic2_ok(unsigned int magic2)
{
	return magic2 == LINUX_REBOOT_MAGIC2 || magic2 == 85072278 ||
	       magic2 == 369367448 || magic2 == 537993216;
}

SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd, void __user *, arg)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 || !reboot_magic2_ok((unsigned int)magic2))
		return -EINVAL;
	switch (cmd) {
	case RB_AUTOBOOT:
		kernel_restart();
	case RB_POWER_OFF:
		kernel_power_off();
	}
	return -EINVAL;
}
