/*
 * Console keys, in the spirit of Linux's magic SysRq: a key typed on the
 * serial console prints a report. The UART interrupt only queues the byte;
 * a thread does the printing, in process context.
 *
 *   h  help    m  memory (pages, slab caches)    n  network counters
 *   t  threads and CPU time    i  interrupt counts
 */
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/init.h>
#include <kernel/page.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/time.h>
#include <kernel/wait.h>
#include <net/net_stats.h>
#include <errno.h>

#define RING_SIZE 64

static char ring[RING_SIZE];
static volatile unsigned int ring_head, ring_tail;
static DECLARE_WAIT_QUEUE_HEAD(sysrq_wait);

static irqreturn_t serial_rx_irq(int irq, void *dev)
{
	int c;
	bool got = false;

	while ((c = serial_getc()) >= 0) {
		if (ring_head - ring_tail < RING_SIZE)
			ring[ring_head++ % RING_SIZE] = (char)c;
		got = true;
	}
	if (got)
		wake_up(&sysrq_wait);
	return got ? IRQ_HANDLED : IRQ_NONE;
}

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
	case '\r':
	case '\n':
		break;
	default:
		printk("console keys: h help, m memory, n network counters, t threads, i interrupts\n");
	}
	printk("sysrq: done '%c'\n", key >= ' ' ? key : '?');
}

static int sysrq_thread(void *arg)
{
	for (;;) {
		wait_event(sysrq_wait, ring_head != ring_tail);
		while (ring_head != ring_tail)
			sysrq_handle(ring[ring_tail++ % RING_SIZE]);
	}
	return 0;
}

static int sysrq_init(void)
{
	int err;

	if (!serial_available())
		return 0;
	if (!kthread_run(sysrq_thread, NULL, "sysrq"))
		return -ENOMEM;
	err = request_isa_irq(ISA_IRQ_COM1, serial_rx_irq, "ttyS0", NULL);
	if (err)
		return err;
	serial_enable_rx_irq();
	return 0;
}
late_initcall(sysrq_init);
