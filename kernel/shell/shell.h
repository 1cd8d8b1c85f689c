/* The console shell: commands are functions in a table, like busybox applets. */
#ifndef _KERNEL_SHELL_H
#define _KERNEL_SHELL_H

#include <kernel/types.h>
#include <kernel/printk.h>

struct shell_cmd {
	const char *name;
	const char *usage;
	const char *help;
	/* argv[0] is the command; returns 0, or nonzero after printing why. */
	int (*run)(int argc, char **argv);
};

#define SHELL_CMD(id, cmdname, usagestr, helpstr, fn)			\
	static const struct shell_cmd __shell_cmd_##id			\
	__section(".shell_cmds") __used __aligned(8) = {		\
		.name = cmdname, .usage = usagestr, .help = helpstr,	\
		.run = fn,						\
	}

/* The shell's output: printk from the shell thread carries no timestamps. */
#define sh_printf(fmt, ...) printk(fmt, ##__VA_ARGS__)

/* Print "usage: ..." for argv[0] and return 1. */
int shell_usage(char **argv);
/* Parse a decimal number into *out within [min, max]; false (after a message) if not. */
bool shell_parse_uint(const char *what, const char *s, u64 min, u64 max, u64 *out);

#endif
