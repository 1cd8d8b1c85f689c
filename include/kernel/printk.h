/* Kernel log: printk with boot-relative timestamps, to every registered console. */
#ifndef _KERNEL_PRINTK_H
#define _KERNEL_PRINTK_H

#include <kernel/types.h>
#include <stdarg.h>

/* A console receives every byte printk emits (serial, VGA text, framebuffer). */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t n);
	struct console *next;
};

void register_console(struct console *con);
/* Bytes to every console as they are: no timestamp, not in the log (a terminal's output). */
void console_write(const char *s, size_t n);

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);
/* The newest part of the kernel log, NUL-terminated; returns its length. */
size_t log_read_tail(char *buf, size_t len);

#define pr_info(fmt, ...)	printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk("warning: " fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk("error: " fmt, ##__VA_ARGS__)

/*
 * Trace points per module, switched on from the command line with
 * debug=tcp,arp. Each module declares its flag bit in enum trace_flag;
 * what each one prints is listed in the README. Off, a trace point costs
 * one predictable branch on trace_mask.
 */
enum trace_flag {
	TRACE_PCI, TRACE_IRQ, TRACE_TIMER, TRACE_SCHED, TRACE_DEV, TRACE_DRIVER,
	TRACE_ARP, TRACE_IP, TRACE_ICMP, TRACE_UDP, TRACE_TCP, TRACE_SOCK,
	TRACE_SYSCALL, TRACE_PROC,
	TRACE_MAX
};

extern unsigned long trace_mask;
int trace_parse(const char *list);

static inline bool trace_on(enum trace_flag flag)
{
	return unlikely(trace_mask & (1UL << flag));
}

#define pr_trace(flag, fmt, ...)					\
	do {								\
		if (trace_on(flag))					\
			printk(fmt, ##__VA_ARGS__);			\
	} while (0)

__noreturn __printf(1, 2) void panic(const char *fmt, ...);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)
#define WARN_ON(cond) ({						\
	bool __w = !!(cond);						\
	if (unlikely(__w))						\
		printk("WARNING: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
	__w; })

#endif
