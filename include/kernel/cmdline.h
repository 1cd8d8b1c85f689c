/*
 * The kernel command line: space-separated 'key=value' pairs and bare flags.
 * Each consumer registers the keys it understands with CMDLINE_PARAM in its
 * own file; parse_cmdline() warns about any other key and ignores it.
 */
#ifndef _KERNEL_CMDLINE_H
#define _KERNEL_CMDLINE_H

#include <kernel/types.h>

struct cmdline_param {
	const char *key;	/* "ip" or a prefix ending in '.' ("ip.") */
	/* value is NULL for a bare flag; returns 0 or -EINVAL with a message printed. */
	int (*set)(const char *key, const char *value);
	const char *help;
};

#define CMDLINE_PARAM(name, keystr, fn, helpstr)			\
	static const struct cmdline_param __cmdline_##name		\
	__section(".cmdline_params") __used __aligned(8) = {		\
		.key = keystr, .set = fn, .help = helpstr,		\
	}

#define CMDLINE_MAX	1024

void parse_cmdline(const char *cmdline);
/* True when the bare flag or key is present (e.g. "selftest"). */
bool cmdline_has(const char *key);
/* Value of key=value, copied into buf; false if absent. */
bool cmdline_value(const char *key, char *buf, size_t len);

#endif
