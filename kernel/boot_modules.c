/*
 * Files the boot loader handed over as modules (multiboot's module tags:
 * GRUB's `module2 FILE ARGS`, QEMU's `-initrd "FILE ARGS"`), put to use by
 * the last word of their command line:
 *
 *	nft	an nftables ruleset, loaded before any interface is configured,
 *		so the machine never runs a moment without its firewall
 *
 * A module nobody claims is reported and left alone.
 */
#include <kernel/bootinfo.h>
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
	char err[256];
	char *text;
	int ret;

	if (len > BOOT_RULESET_MAX) {
		printk("nft: boot module '%s' is %zu bytes, more than a ruleset may be (%d); "
		       "no rules loaded\n", m->cmdline, len, BOOT_RULESET_MAX);
		return;
	}
	/* A NUL-terminated copy: the module is the loader's bytes, no more. */
	text = kmalloc(len + 1);
	if (!text) {
		printk("nft: no memory for the boot ruleset '%s'\n", m->cmdline);
		return;
	}
	memcpy(text, phys_to_virt(m->start), len);
	text[len] = '\0';
	ret = nft_run(text, NULL, 0, err, sizeof(err));
	if (ret)
		printk("nft: boot ruleset '%s' rejected, no rules loaded: %s\n", m->cmdline, err);
	else
		printk("nft: boot ruleset '%s' loaded (%zu bytes)\n", m->cmdline, len);
	kfree(text);
}

static int boot_modules_init(void)
{
	char kind[16];

	for (int i = 0; i < boot_info.module_count; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		last_word(m->cmdline, kind, sizeof(kind));
		if (!strcmp(kind, "nft"))
			load_ruleset(m);
		else
			printk("boot: module '%s' (%llu bytes) has no use here (known: nft)\n",
			       m->cmdline, (unsigned long long)(m->end - m->start));
	}
	return 0;
}
subsys_initcall(boot_modules_init);
