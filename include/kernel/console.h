/* Console devices (the serial port, the screen, the keyboard) and console input. */
#ifndef _KERNEL_CONSOLE_H
#define _KERNEL_CONSOLE_H

#include <kernel/types.h>
#include <kernel/wait.h>

bool serial_init(void);
bool serial_available(void);
int serial_getc(void);
void serial_enable_rx_irq(void);

/* VGA text mode at 0xb8000, when the boot left the screen in text mode. */
bool vga_init(void);

/*
 * A console on the loader's linear framebuffer (RGB, 24 or 32 bpp), when
 * the boot gave one instead of text mode: every UEFI machine. Callable
 * early (it needs no allocator) and again later; true once registered.
 */
bool fbcon_init(void);

/*
 * Console input: what the user types, on the serial port or the PS/2
 * keyboard, as one byte stream in arrival order, the way a terminal sends
 * it (Enter is '\r', Backspace 0x7f, arrows ESC [ A..D). The drivers'
 * interrupt handlers push; one reader, the console terminal the shell
 * reads (kernel/fs/console_file.c), takes bytes out.
 */
void console_input_push(char c);	/* any context, interrupts off or on */
int console_trygetc(void);		/* a byte, or -1 when none is waiting */
bool console_input_ready(void);
/* Woken on every push: for a reader that polls or waits with a timeout. */
extern wait_queue_head_t console_input_wait;

struct console_input_stats {
	u64 bytes;			/* pushed and queued */
	u64 dropped;			/* pushed while the buffer was full */
};
void console_input_get_stats(struct console_input_stats *out);


#endif
