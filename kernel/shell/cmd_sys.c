/* Shell commands about the machine: lspci, free, ps, uptime, cat, dmesg, selftest, reboot, poweroff. */
#include "shell.h"
#include <kernel/pci.h>
#include <kernel/procfs.h>
#include <kernel/reboot.h>
#include <kernel/selftest.h>
#include <kernel/slab.h>
#include <kernel/time.h>
#include <kernel/irq.h>
#include <string.h>

/* Print a /proc file the way cat would. */
static int print_proc(const char *path)
{
	struct seq_buf s;
	int err;

	seq_buf_init(&s, 1024 * 1024);
	err = proc_show(path, &s);
	if (!err && s.len)
		sh_printf("%s", s.buf);
	seq_buf_free(&s);
	return err;
}

static void pci_line(const char *line, void *ctx)
{
	sh_printf("%s\n", line);
}

static int cmd_lspci(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	pci_dump(pci_line, NULL);
	return 0;
}
SHELL_CMD(lspci, "lspci", "lspci", "list the PCI devices and their BARs", cmd_lspci);

static int cmd_free(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	print_proc("/proc/meminfo");
	sh_printf("slab caches:\n");
	print_proc("/proc/slabinfo");
	return 0;
}
SHELL_CMD(free, "free", "free", "memory: pages, and every slab cache's objects", cmd_free);

static int cmd_ps(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	print_proc("/proc/skiff/threads");
	sh_printf("\n");
	print_proc("/proc/skiff/services");
	return 0;
}
SHELL_CMD(ps, "ps", "ps", "threads (with CPU time) and user-mode services", cmd_ps);

static int cmd_uptime(int argc, char **argv)
{
	u64 s = ktime_get_ns() / NSEC_PER_SEC;

	if (argc != 1)
		return shell_usage(argv);
	sh_printf("up %llu days, %02llu:%02llu:%02llu\n", (unsigned long long)(s / 86400),
		  (unsigned long long)(s / 3600 % 24), (unsigned long long)(s / 60 % 60),
		  (unsigned long long)(s % 60));
	return 0;
}
SHELL_CMD(uptime, "uptime", "uptime", "time since boot", cmd_uptime);

static int cmd_cat(int argc, char **argv)
{
	if (argc != 2)
		return shell_usage(argv);
	if (print_proc(argv[1]) < 0) {
		sh_printf("cat: %s: no such file (the /proc files: /proc/net/{dev,snmp,arp,route,sockets}, "
			  "/proc/{meminfo,uptime,slabinfo,interrupts}, /proc/skiff/{threads,services,stats.json})\n",
			  argv[1]);
		return 1;
	}
	return 0;
}
SHELL_CMD(cat, "cat", "cat /proc/FILE", "print a /proc file", cmd_cat);

static int cmd_dmesg(int argc, char **argv)
{
	static char buf[16 * 1024];
	size_t n;

	if (argc != 1)
		return shell_usage(argv);
	n = log_read_tail(buf, sizeof(buf));
	sh_printf("%.*s", (int)n, buf);
	return 0;
}
SHELL_CMD(dmesg, "dmesg", "dmesg", "the newest 16 KiB of the kernel log", cmd_dmesg);

static int cmd_selftest(int argc, char **argv)
{
	struct selftest_result r;
	bool post = argc == 2 && !strcmp(argv[1], "post");

	if (argc > 2 || (argc == 2 && !post))
		return shell_usage(argv);
	selftest_run(post, &r);
	sh_printf("%d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped);
	return r.failed != 0;
}
SHELL_CMD(selftest, "selftest", "selftest [post]", "run the self-tests (all, or the short power-on set)", cmd_selftest);

static int cmd_reboot(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	kernel_restart();
}
SHELL_CMD(reboot, "reboot", "reboot", "reset the machine (ACPI reset register, else the 8042)", cmd_reboot);

static int cmd_poweroff(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	kernel_power_off();
}
SHELL_CMD(poweroff, "poweroff", "poweroff", "switch off through ACPI (S5)", cmd_poweroff);

static int cache_line(struct kmem_cache *c, void *arg)
{
	struct kmem_cache_stats st;

	kmem_cache_get_stats(c, &st);
	seq_printf(arg, "%-20s %6zu %8u %6u %10llu %10llu %6llu\n", kmem_cache_name(c),
		   kmem_cache_size(c), st.active, st.slabs, (unsigned long long)st.allocs,
		   (unsigned long long)st.frees, (unsigned long long)st.failures);
	return 0;
}

static void show_slabinfo(struct seq_buf *s)
{
	seq_puts(s, "name                   size   active  slabs     allocs      frees  fails\n");
	kmem_cache_for_each(cache_line, s);
}
PROC_ENTRY(slabinfo, "/proc/slabinfo", show_slabinfo);

static void show_interrupts(struct seq_buf *s)
{
	struct irq_stats_entry e[64];
	int n = irq_get_stats(e, ARRAY_SIZE(e));

	seq_puts(s, "  IRQ VECTOR NAME              COUNT\n");
	for (int i = 0; i < n; i++)
		seq_printf(s, "%5u %#6x %-12s %10llu\n", e[i].irq, e[i].vector, e[i].name,
			   (unsigned long long)e[i].count);
}
PROC_ENTRY(interrupts, "/proc/interrupts", show_interrupts);
