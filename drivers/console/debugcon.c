/*
 * QEMU's and Bochs's debug console: every byte written to port 0xe9 lands
 * in the file or terminal given to `-debugcon`. Off unless the command line
 * says `debugcon`; it lets tests read the log of a machine that has no
 * serial port at all, as many new PCs do not.
 */
#include <kernel/printk.h>
#include <kernel/cmdline.h>
#include <asm/io.h>

#define DEBUGCON_PORT	0xe9

static void debugcon_write(struct console *con, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outb(DEBUGCON_PORT, s[i]);
}

static struct console debugcon_console = {
	.name = "debugcon",
	.write = debugcon_write,
};

static int set_debugcon(const char *key, const char *value)
{
	register_console(&debugcon_console);
	return 0;
}
CMDLINE_PARAM(debugcon, "debugcon", set_debugcon,
	      "mirror the console to I/O port 0xe9 (QEMU -debugcon)");
