/*
 * Console keys, in the spirit of Linux's magic SysRq: a key typed on the
 * serial console or the keyboard prints a report, or reboots or powers off.
 * The drivers' interrupt handlers only queue the byte in the console input
 * (kernel/console_input.c); this thread does the work, in process context.
 *
 *   h  help    m  memory (pages, slab caches)    n  network counters
 *   t  threads and CPU time    i  interrupt counts
 *   b  reboot  o  power off
 */
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/init.h>
#include <kernel/page.h>
#include <kernel/printk.h>
#include <kernel/reboot.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/time.h>
#include <net/net_stats.h>
#include <errno.h>

static int print_cache(struct kmem_cache *c, void *arg)
{
	struct kmem_cache_stats s;

	kmem_cache_get_stats(c, &s);
	printk("  %-20s size %5zu active %6u slabs %4u allocs %8llu frees %8llu failures %llu\n",
	       kmem_cache_name(c), kmem_cache_size(c), s.active, s.slabs,
	       (unsigned long long)s.allocs, (unsigned long long)s.frees,
	       (unsigned long long)s.failures);
	return 0;
}

static void show_memory(void)
{
	struct page_stats ps;

	page_alloc_get_stats(&ps);
	printk("Mem: total=%llu KiB free=%llu KiB reserved=%llu KiB\n",
	       (unsigned long long)ps.total_pages * 4, (unsigned long long)ps.free_pages * 4,
	       (unsigned long long)ps.reserved_pages * 4);
	kmem_cache_for_each(print_cache, NULL);
}

static const char *const state_names[] = { "R", "S", "D" };

static int print_task(struct task_struct *t, void *arg)
{
	printk("  %4d %-16s %s  cpu %8llu ms  switches %llu\n", t->tid, t->name,
	       state_names[t->state], (unsigned long long)(t->runtime_ns / NSEC_PER_MSEC),
	       (unsigned long long)t->switches);
	return 0;
}

static void show_irqs(void)
{
	struct irq_stats_entry e[32];
	int n = irq_get_stats(e, ARRAY_SIZE(e));

	for (int i = 0; i < n; i++)
		printk("  irq %3u vector %#x %-12s %llu\n", e[i].irq, e[i].vector,
		       e[i].name, (unsigned long long)e[i].count);
}

static void sysrq_handle(char key)
{
	switch (key) {
	case 'm':
		show_memory();
		break;
	case 'n':
		net_stats_print();
		break;
	case 't':
		printk("  tid name             state\n");
		for_each_task(print_task, NULL);
		break;
	case 'i':
		show_irqs();
		break;
	case 'b':
		kernel_restart();
	case 'o':
		kernel_power_off();
	case '\r':
	case '\n':
		break;
	default:
		printk("console keys: h help, m memory, n network counters, t threads, "
		       "i interrupts, b reboot, o power off\n");
	}
	printk("sysrq: done '%c'\n", key >= ' ' ? key : '?');
}

/* Arrow and editing keys arrive as ESC [ params final (ECMA-48 5.4): skip them. */
static void skip_escape_sequence(void)
{
	int c = console_getc();

	if (c != '[')
		return;
	do
		c = console_getc();
	while (c < 0x40 || c > 0x7e);
}

static int sysrq_thread(void *arg)
{
	for (;;) {
		int c = console_getc();

		if (c == 0x1b)
			skip_escape_sequence();
		else
			sysrq_handle(c);
	}
	return 0;
}

static int sysrq_init(void)
{
	if (!kthread_run(sysrq_thread, NULL, "sysrq"))
		return -ENOMEM;
	return 0;
}
late_initcall(sysrq_init);
