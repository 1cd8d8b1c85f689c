/*
 * printk: format, prefix each line with the time since boot, and hand the
 * bytes to every console. A copy goes to a ring buffer (the kernel log) so
 * that dmesg (syslog(2), below) can show it later.
 *
 * With one CPU, holding interrupts off is all the mutual exclusion printk
 * needs, and it keeps printk usable from interrupt handlers and panic().
 */
#include <kernel/printk.h>
#include <kernel/cmdline.h>
#include <kernel/time.h>
#include <kernel/spinlock.h>
#include <kernel/slab.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <sys/klog.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define LOG_BUF_SIZE	(64 * 1024)

static struct console *consoles;
static char log_buf[LOG_BUF_SIZE];
static u64 log_head;		/* total bytes ever logged */
static bool at_line_start = true;

unsigned long trace_mask;

/* Replay what is still in the log to a console that arrives late (as
 * Linux's CON_PRINTBUFFER), so it shows the boot from the start. */
static void replay_log(struct console *con)
{
	u64 start = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;

	for (u64 pos = start; pos < log_head;) {
		u64 off = pos % LOG_BUF_SIZE;
		u64 n = min(log_head - pos, (u64)LOG_BUF_SIZE - off);

		con->write(con, log_buf + off, n);
		pos += n;
	}
}

void register_console(struct console *con)
{
	unsigned long flags;

	local_irq_save(flags);
	replay_log(con);
	con->next = consoles;
	consoles = con;
	local_irq_restore(flags);
}

static void emit_raw(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = s[i];
	log_head += n;
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;

	local_irq_save(flags);
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
	local_irq_restore(flags);
}

static void emit_timestamp(void)
{
	char ts[24];
	u64 ns = ktime_get_ns();
	int n = snprintf(ts, sizeof(ts), "[%5llu.%06llu] ",
			 (unsigned long long)(ns / NSEC_PER_SEC),
			 (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));

	emit_raw(ts, n);
}

/* vcbprintf callback: split at newlines so each line gets its timestamp. */
static void printk_emit(void *ctx, const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t chunk = nl ? (size_t)(nl - s) + 1 : n;

		if (at_line_start)
			emit_timestamp();
		emit_raw(s, chunk);
		at_line_start = nl != NULL;
		s += chunk;
		n -= chunk;
	}
}

int vprintk(const char *fmt, va_list ap)
{
	unsigned long flags;
	int n;

	local_irq_save(flags);
	n = vcbprintf(printk_emit, NULL, fmt, ap);
	local_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* Copy the newest part of the kernel log (at most len - 1 bytes), NUL-terminated. */
size_t log_read_tail(char *buf, size_t len)
{
	unsigned long flags;
	u64 n, start;

	if (len == 0)
		return 0;
	local_irq_save(flags);
	n = min(log_head, (u64)min(len - 1, (size_t)LOG_BUF_SIZE));
	start = log_head - n;
	for (u64 i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	local_irq_restore(flags);
	buf[n] = '\0';
	return n;
}

/*
 * syslog(2), the calls dmesg makes (Linux's do_syslog): READ_ALL copies
 * the newest len bytes without consuming them, SIZE_BUFFER tells how much
 * the log holds; OPEN and CLOSE do nothing. The destructive read and the
 * console level controls are not offered: EINVAL.
 */
SYSCALL_DEFINE3(syslog, int, type, char __user *, ubuf, int, len)
{
	char *buf;
	size_t n;
	int err;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_SIZE;
	case SYSLOG_ACTION_READ_ALL:
		break;
	default:
		return -EINVAL;
	}
	if (!ubuf || len < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	buf = kmalloc(min((size_t)len, (size_t)LOG_BUF_SIZE) + 1);
	if (!buf)
		return -ENOMEM;
	n = log_read_tail(buf, min((size_t)len, (size_t)LOG_BUF_SIZE) + 1);
	err = copy_to_user(ubuf, buf, n) ? -EFAULT : (int)n;
	kfree(buf);
	return err;
}

static const char *const trace_names[TRACE_MAX] = {
	[TRACE_PCI] = "pci", [TRACE_IRQ] = "irq", [TRACE_TIMER] = "timer",
	[TRACE_SCHED] = "sched", [TRACE_DEV] = "dev", [TRACE_DRIVER] = "driver",
	[TRACE_ARP] = "arp", [TRACE_IP] = "ip", [TRACE_ICMP] = "icmp",
	[TRACE_UDP] = "udp", [TRACE_TCP] = "tcp", [TRACE_SOCK] = "sock",
	[TRACE_SYSCALL] = "syscall", [TRACE_PROC] = "proc",
};

/* Parse "tcp,arp" or "all" into trace_mask; unknown names are reported. */
int trace_parse(const char *list)
{
	int bad = 0;

	while (*list) {
		size_t n = strcspn(list, ",");
		bool found = n == 3 && !strncmp(list, "all", 3);

		if (found)
			trace_mask = ~0UL;
		for (int i = 0; !found && i < TRACE_MAX; i++) {
			if (strlen(trace_names[i]) == n &&
			    !strncmp(list, trace_names[i], n)) {
				trace_mask |= 1UL << i;
				found = true;
			}
		}
		if (!found) {
			printk("debug: unknown trace flag '%.*s' (known: all", (int)n, list);
			for (int i = 0; i < TRACE_MAX; i++)
				printk(",%s", trace_names[i]);
			printk(")\n");
			bad = 1;
		}
		list += n;
		if (*list == ',')
			list++;
	}
	return bad ? -1 : 0;
}

static int set_debug(const char *key, const char *value)
{
	return value ? trace_parse(value) : -1;
}
CMDLINE_PARAM(debug, "debug", set_debug, "debug=MOD[,MOD…]: trace modules (pci,irq,timer,sched,dev,driver,arp,ip,icmp,udp,tcp,sock,all)");
