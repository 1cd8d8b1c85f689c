/*
 * Files the boot loader handed over as modules (multiboot's module tags:
 * GRUB's `module2 FILE ARGS`, QEMU's `-initrd "FILE ARGS"`), put to use by
 * the last word of their command line:
 *
 *	nft	an nftables ruleset, loaded before any interface is configured,
 *		so the machine never runs a moment without its firewall
 *
 * PVH (QEMU's `-kernel` for build/skiff.elf) hands over one `-initrd` file
 * and no command line with it; `initrd=KIND` on the kernel command line
 * names the use of a module that came without one.
 *
 * A module nobody claims is reported and left alone.
 */
#include <kernel/bootinfo.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <net/netfilter/nf_tables.h>
#include <stdio.h>
#include <string.h>

#define BOOT_RULESET_MAX	(1024 * 1024)

/* The last blank-separated word of s, into w. */
static void last_word(const char *s, char *w, size_t len)
{
	const char *end = s + strlen(s), *start;

	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	start = end;
	while (start > s && start[-1] != ' ' && start[-1] != '\t')
		start--;
	snprintf(w, len, "%.*s", (int)(end - start), start);
}

static void load_ruleset(const struct boot_module *m)
{
	size_t len = (size_t)(m->end - m->start);
	const char *name = m->cmdline[0] ? m->cmdline : "initrd";
	char err[256];
	char *text;
	int ret;

	if (len > BOOT_RULESET_MAX) {
		printk("nft: boot module '%s' is %zu bytes, more than a ruleset may be (%d); "
		       "no rules loaded\n", name, len, BOOT_RULESET_MAX);
		return;
	}
	/* A NUL-terminated copy: the module is the loader's bytes, no more. */
	text = kmalloc(len + 1);
	if (!text) {
		printk("nft: no memory for the boot ruleset '%s'\n", name);
		return;
	}
	memcpy(text, phys_to_virt(m->start), len);
	text[len] = '\0';
	ret = nft_run(text, NULL, 0, err, sizeof(err));
	if (ret)
		printk("nft: boot ruleset '%s' rejected, no rules loaded: %s\n", name, err);
	else
		printk("nft: boot ruleset '%s' loaded (%zu bytes)\n", name, len);
	kfree(text);
}

static int initrd_param(const char *key, const char *value)
{
	(void)key;
	if (!value || strcmp(value, "nft")) {
		printk("cmdline: initrd=%s: known kinds are: nft\n", value ? value : "");
		return -EINVAL;
	}
	return 0;
}
CMDLINE_PARAM(initrd, "initrd", initrd_param,
	      "KIND: the use of a module handed over without a command line (PVH's -initrd): nft");

static int boot_modules_init(void)
{
	char kind[16];

	for (int i = 0; i < boot_info.module_count; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		last_word(m->cmdline, kind, sizeof(kind));
		if (!kind[0])
			(void)cmdline_value("initrd", kind, sizeof(kind));
		if (!strcmp(kind, "nft"))
			load_ruleset(m);
		else
			printk("boot: module '%s' (%llu bytes) has no use here (known: nft)\n",
			       m->cmdline, (unsigned long long)(m->end - m->start));
	}
	return 0;
}
subsys_initcall(boot_modules_init);
