/*
 * 16550 UART on COM1: the console of record. Output is polled (a console
 * must work with interrupts off and inside panic); received bytes raise
 * IRQ 4 and go to the console input (drivers/console/console_input.c),
 * where the shell reads them. A machine without a UART at 0x3f8 (common
 * on new PCs) is detected with the loopback test and simply gets no
 * serial console.
 */
#include <kernel/printk.h>
#include <kernel/console.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <asm/io.h>

#define COM1		0x3f8
#define UART_RBR	0	/* receive buffer (read, DLAB=0) */
#define UART_THR	0	/* transmit holding (write, DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define MCR_DTR_RTS_OUT2 0x0b
#define MCR_LOOP	0x10
#define LSR_DR		0x01
#define LSR_THRE	0x20

static bool serial_present;

/*
 * A real or emulated 16550 echoes bytes back in loopback mode; an absent
 * port reads as 0xff everywhere. PC16550D datasheet, "Modem Control Register".
 */
static bool serial_probe(void)
{
	outb(COM1 + UART_SCR, 0x5a);
	if (inb(COM1 + UART_SCR) != 0x5a)
		return false;
	outb(COM1 + UART_MCR, MCR_LOOP | 0x0f);
	outb(COM1 + UART_THR, 0xae);
	for (int i = 0; i < 1000; i++) {
		if (inb(COM1 + UART_LSR) & LSR_DR)
			return inb(COM1 + UART_RBR) == 0xae;
	}
	return false;
}

static void serial_putc(char c)
{
	/* Bounded wait: a wedged UART must not hang the kernel log. */
	for (int i = 0; i < 100000; i++) {
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_THR, c);
}

static void serial_write(struct console *con, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

bool serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);		/* 115200 baud: divisor 1 */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7);		/* enable and clear FIFOs, 14-byte trigger */
	serial_present = serial_probe();
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	if (serial_present)
		register_console(&serial_console);
	return serial_present;
}

bool serial_available(void)
{
	return serial_present;
}

/* A received byte, or -1 when none is waiting. */
int serial_getc(void)
{
	if (!serial_present || !(inb(COM1 + UART_LSR) & LSR_DR))
		return -1;
	return inb(COM1 + UART_RBR);
}

/* Interrupt on received data (IER bit 0, "received data available"). */
void serial_enable_rx_irq(void)
{
	if (serial_present)
		outb(COM1 + UART_IER, 0x01);
}

/* Drain the receive FIFO into the console input. */
static irqreturn_t serial_rx_irq(int irq, void *dev)
{
	bool got = false;
	int c;

	while ((c = serial_getc()) >= 0) {
		console_input_push((char)c);
		got = true;
	}
	return got ? IRQ_HANDLED : IRQ_NONE;
}

static int serial_input_init(void)
{
	int err;

	if (!serial_present)
		return 0;
	err = request_isa_irq(ISA_IRQ_COM1, serial_rx_irq, "ttyS0", NULL);
	if (err)
		return err;
	serial_enable_rx_irq();
	return 0;
}
device_initcall(serial_input_init);
