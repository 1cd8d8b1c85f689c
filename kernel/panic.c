/*
 * panic(): say what went wrong and where, then stop. By default the CPU
 * halts with interrupts off (the message stays on screen); panic=exit
 * leaves QEMU through isa-debug-exit (for tests) and panic=reboot resets.
 */
#include <kernel/printk.h>
#include <kernel/ksyms.h>
#include <kernel/cmdline.h>
#include <kernel/selftest.h>
#include <kernel/spinlock.h>
#include <kernel/sched.h>
#include <asm/io.h>
#include <string.h>

enum panic_action { PANIC_HALT, PANIC_EXIT, PANIC_REBOOT };

static enum panic_action panic_action = PANIC_HALT;
static bool in_panic;

static int set_panic(const char *key, const char *value)
{
	if (value && !strcmp(value, "halt"))
		panic_action = PANIC_HALT;
	else if (value && !strcmp(value, "exit"))
		panic_action = PANIC_EXIT;
	else if (value && !strcmp(value, "reboot"))
		panic_action = PANIC_REBOOT;
	else
		return -1;
	return 0;
}
CMDLINE_PARAM(panic, "panic", set_panic, "panic=halt|exit|reboot: what to do after a panic");

/* Pulse the 8042 keyboard controller's reset line, the PC's oldest reset. */
static void kbd_reset(void)
{
	for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		;
	outb(0x64, 0xfe);
}

__noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	if (!in_panic) {
		in_panic = true;
		printk("\nKernel panic: ");
		va_start(ap, fmt);
		vprintk(fmt, ap);
		va_end(ap);
		printk("\n");
		if (current)
			printk("in thread '%s' (tid %d)\n", current->name, current->tid);
		dump_stack();
		printk("---[ end Kernel panic ]---\n");
	}
	if (panic_action == PANIC_EXIT)
		qemu_exit(QEMU_EXIT_FAIL);
	else if (panic_action == PANIC_REBOOT)
		kbd_reset();
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

void spin_lock_bug(spinlock_t *l, const char *what)
{
	panic("spinlock %p: %s", (void *)l, what);
}
