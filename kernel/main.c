/*
 * Kernel entry and the init order. The boot flow brings up, in order:
 * the consoles (so everything after can speak), the CPU tables, the clock,
 * memory, interrupt controllers and the tick, threads; then it starts the
 * init thread and becomes the idle thread. The init thread finds devices,
 * brings up the stack and services, and runs the self-tests.
 */
#include <kernel/bootinfo.h>
#include <kernel/cmdline.h>
#include <kernel/console.h>
#include <kernel/irq_internal.h>
#include <kernel/page.h>
#include <kernel/printk.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/softirq.h>
#include <kernel/spinlock.h>
#include <kernel/timer.h>
#include <kernel/time.h>
#include <kernel/random.h>
#include <kernel/stackprotector.h>
#include <kernel/acpi.h>
#include <kernel/pci.h>
#include <kernel/virtio.h>
#include <kernel/init.h>
#include <kernel/stats.h>
#include <kernel/process_internal.h>
#include <kernel/service.h>
#include <net/netdevice.h>
#include <net/ip.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/smap.h>
#include <string.h>

static const char *crash_kind;

static int set_crash(const char *key, const char *value)
{
	static const char *const kinds[] = { "pagefault", "null", "ud", "divzero",
					     "stack", "panic", "stackprotector",
					     "smap", "smep", "softlockup" };

	for (size_t i = 0; value && i < ARRAY_SIZE(kinds); i++) {
		if (!strcmp(value, kinds[i])) {
			crash_kind = kinds[i];
			return 0;
		}
	}
	return -1;
}
CMDLINE_PARAM(crash, "crash", set_crash,
	      "crash=pagefault|null|ud|divzero|stack|panic|stackprotector|smap|smep|softlockup: "
	      "fault on purpose after boot (tests the fault report)");

/* Opaque to the compiler, so it can neither fold nor warn about what follows. */
static u64 launder(u64 v)
{
	__asm__ __volatile__("" : "+r"(v));
	return v;
}

/* noipa keeps the names these tests look for in backtraces intact. */
static __attribute__((noipa)) int recurse_deeply(int depth)
{
	volatile char pad[256];

	pad[0] = depth;
	if ((u64)depth == launder(~0ULL))
		return 0;
	return recurse_deeply(depth + 1) + pad[0];
}

/*
 * Writes from a local buffer up to the saved frame pointer: over the
 * canary the stack protector put between them, but not over the saved
 * rbp or return address, so the report's backtrace stays whole.
 */
static __attribute__((noipa)) void smash_own_canary(void)
{
	char buf[16];
	u64 n = launder((u64)((char *)__builtin_frame_address(0) - buf));

	memset(buf, 'A', n);
	/* buf escapes, so the stores cannot be dropped as dead. */
	__asm__ __volatile__("" : : "r"(buf) : "memory");
	printk("crash: wrote %llu bytes into a 16-byte buffer\n", (unsigned long long)n);
}

/* Spins where it cannot be preempted, for the soft-lockup detector to find. */
static __attribute__((noipa)) void spin_unpreemptible(void)
{
	preempt_disable();
	for (;;)
		cpu_relax();
}

/* Deliberate faults, so that the report path itself is tested. */
static __attribute__((noipa)) void crash_trigger(const char *kind)
{
	printk("crash: triggering a %s as the command line asked\n", kind);
	if (!strcmp(kind, "pagefault"))
		*(volatile u64 *)launder(0xffffc8ffdead0000ULL) = 1;
	else if (!strcmp(kind, "null"))
		(void)*(volatile u64 *)launder(8);
	else if (!strcmp(kind, "ud"))
		__asm__ __volatile__("ud2");
	else if (!strcmp(kind, "divzero"))
		/* An explicit div: the compiler may turn 1/x into compares. */
		__asm__ __volatile__("divl %0" : : "r"((u32)launder(0)), "a"(1), "d"(0));
	else if (!strcmp(kind, "stack"))
		recurse_deeply(0);
	else if (!strcmp(kind, "stackprotector"))
		smash_own_canary();
	else if (!strcmp(kind, "softlockup"))
		spin_unpreemptible();
	else if (!strcmp(kind, "smap") || !strcmp(kind, "smep"))
		smap_crash(!strcmp(kind, "smep"));
	else
		panic("crash=panic on the command line");
}

static void run_selftests_and_exit(void)
{
	struct selftest_result r;

	printk("selftest: running the full suite\n");
	selftest_run(false, &r);
	qemu_exit(r.failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
	printk("selftest: no isa-debug-exit device; halting\n");
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

static int kernel_init(void *arg)
{
	/* The network core first: NIC drivers register net_devices in probe. */
	net_dev_init();
	inet_init();
	pci_init();
	virtio_mmio_init();
	do_initcalls();
	if (crash_kind)
		crash_trigger(crash_kind);
	if (cmdline_has("selftest"))
		run_selftests_and_exit();
	printk("Skiff ready: %u threads, %llu ms since boot\n", nr_tasks(),
	       (unsigned long long)(ktime_get_ns() / NSEC_PER_MSEC));
	/* The power-on self-test, after the ready line: it must not delay
	 * the services, only report on the machine they run on. */
	selftest_post();
	/* The shell after the POST, so that its prompt follows the summary. */
	if (service_start("shell", "shell", NULL, SVC_TERMINAL) < 0)
		printk("shell: cannot start the console shell\n");
	return 0;
}

static void report_consoles(bool serial, bool vga, bool fb)
{
	printk("Skiff %s: x86-64 unikernel network OS\n", SKIFF_VERSION);
	printk("boot: %s via %s%s, console%s%s%s%s\n",
	       boot_info.loader ? boot_info.loader : "loader",
	       boot_protocol_name(), boot_info.efi ? " (UEFI)" : "",
	       serial ? " ttyS0" : "", vga ? " vga" : "", fb ? " fb" : "",
	       serial || vga || fb ? "" : " none");
	printk("cmdline: '%s'%s\n", boot_info.cmdline,
	       boot_info.cmdline_truncated ? " (truncated)" : "");
}

/* Its frame is live when the stack canary is set (kernel/stackprotector.c). */
__noreturn __no_stack_protector void kernel_main(u32 magic, u32 info)
{
	bool serial, vga, fb;

	time_early_init();
	bootinfo_parse(magic, info);
	cpu_detect();
	serial = serial_init();
	vga = vga_init();
	fb = fbcon_init();
	if (boot_info.protocol == BOOT_UNKNOWN)
		panic("not started by a multiboot or PVH loader (EAX=%#x): boot Skiff "
		      "with GRUB (multiboot2) or qemu -kernel (PVH)", magic);
	gdt_init();
	idt_init();
	fpu_init();
	syscall_init();
	report_consoles(serial, vga, fb);
	random_init();
	boot_init_stack_canary();
	cpu_print_info();
	parse_cmdline(boot_info.cmdline);
	page_alloc_init();
	paging_init();
	slab_init();
	acpi_init();
	time_init();
	apic_init();
	sched_init();
	timers_init();
	softirq_init();
	lapic_timer_start(HZ);
	local_irq_enable();
	if (!kthread_run(kernel_init, NULL, "init"))
		panic("cannot start the init thread");
	cpu_idle_loop();
}
