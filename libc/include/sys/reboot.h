/* reboot(): restart or power off (Linux's <sys/reboot.h>, <linux/reboot.h>). */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

/* The two magic numbers that keep a stray call from rebooting. */
#define LINUX_REBOOT_MAGIC1		0xfee1dead
#define LINUX_REBOOT_MAGIC2		672274793

#define RB_AUTOBOOT			0x01234567	/* LINUX_REBOOT_CMD_RESTART */
#define RB_POWER_OFF			0x4321fedc	/* LINUX_REBOOT_CMD_POWER_OFF */

#ifndef __KERNEL__
/* glibc's wrapper: the magic numbers filled in. */
int reboot(int howto);
#endif

#endif
