/*
 * PS/2 keyboard behind the 8042 controller: the keyboard of every PC that
 * has one, and of most USB keyboards too, which the firmware's legacy
 * emulation presents as an 8042. Key presses arrive on IRQ 1 as scan codes
 * (set 1, translated by the controller from the keyboard's set 2); they are
 * turned into the bytes a terminal would send (US layout) and pushed into
 * the console input, where serial bytes go too.
 *
 * References: IBM PS/2 Hardware Interface Technical Reference, "Keyboard
 * and Auxiliary Device Controller" (commands 0x20/0x60/0xA7/0xAB/0xAD/0xAE,
 * the status register, the controller command byte) and "Keyboards"
 * (commands 0xF4, 0xFA acknowledge, scan code set 1).
 *
 * Command line: kbd=off skips the keyboard; kbd=force probes the 8042 even
 * when the FADT says there is none.
 */
#include <kernel/acpi.h>
#include <kernel/cmdline.h>
#include <kernel/console.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <asm/io.h>
#include <errno.h>
#include <string.h>

#define I8042_DATA		0x60
#define I8042_STATUS		0x64	/* read */
#define I8042_COMMAND		0x64	/* write */

#define STR_OBF			0x01	/* output buffer full: a byte to read at 0x60 */
#define STR_IBF			0x02	/* input buffer full: do not write yet */
#define STR_AUX			0x20	/* the byte in the output buffer is the mouse's */

#define CMD_READ_CTR		0x20
#define CMD_WRITE_CTR		0x60
#define CMD_AUX_DISABLE		0xa7
#define CMD_KBD_TEST		0xab	/* interface test: 0x00 is good */
#define CMD_KBD_DISABLE		0xad
#define CMD_KBD_ENABLE		0xae

#define CTR_KBD_INT		0x01	/* IRQ 1 on keyboard data */
#define CTR_AUX_INT		0x02	/* IRQ 12 on mouse data */
#define CTR_KBD_DISABLE		0x10
#define CTR_XLATE		0x40	/* translate set 2 to set 1 */

#define KBD_CMD_ENABLE		0xf4	/* start scanning */
#define KBD_ACK			0xfa
#define KBD_RESEND		0xfe

#define I8042_TIMEOUT_US	100000
#define I8042_FLUSH_MAX		32	/* bytes: the controller's buffer is much smaller */

static enum { KBD_AUTO, KBD_OFF, KBD_FORCE } kbd_mode;

/* Decoder state, touched only by the IRQ handler. */
static bool shift_l, shift_r, ctrl, alt, caps_lock, num_lock;
static int prefix;			/* 0, 0xe0 or 0xe1 (bytes of Pause left to skip) */
static int pause_skip;
static u64 stat_scancodes, stat_unknown;

static int set_kbd(const char *key, const char *value)
{
	if (value && !strcmp(value, "off"))
		kbd_mode = KBD_OFF;
	else if (value && !strcmp(value, "force"))
		kbd_mode = KBD_FORCE;
	else
		return -EINVAL;
	return 0;
}
CMDLINE_PARAM(kbd, "kbd", set_kbd,
	      "kbd=off|force: no PS/2 keyboard, or probe the 8042 even if the FADT says none");

/* ---- the controller ---- */

static int i8042_wait_write(void)
{
	for (int i = 0; i < I8042_TIMEOUT_US / 10; i++) {
		if (!(inb(I8042_STATUS) & STR_IBF))
			return 0;
		udelay(10);
	}
	return -ETIMEDOUT;
}

static int i8042_read_data(void)
{
	for (int i = 0; i < I8042_TIMEOUT_US / 10; i++) {
		if (inb(I8042_STATUS) & STR_OBF)
			return inb(I8042_DATA);
		udelay(10);
	}
	return -ETIMEDOUT;
}

static int i8042_command(u8 cmd)
{
	if (i8042_wait_write())
		return -ETIMEDOUT;
	outb(I8042_COMMAND, cmd);
	return 0;
}

static int i8042_write_data(u8 v)
{
	if (i8042_wait_write())
		return -ETIMEDOUT;
	outb(I8042_DATA, v);
	return 0;
}

/* Drop whatever the firmware or a key press left in the output buffer. */
static void i8042_flush(void)
{
	for (int i = 0; i < I8042_FLUSH_MAX && (inb(I8042_STATUS) & STR_OBF); i++) {
		inb(I8042_DATA);
		udelay(50);
	}
}

static int i8042_read_ctr(void)
{
	int err = i8042_command(CMD_READ_CTR);

	return err ? err : i8042_read_data();
}

static int i8042_write_ctr(u8 ctr)
{
	int err = i8042_command(CMD_WRITE_CTR);

	return err ? err : i8042_write_data(ctr);
}

/* ---- scan code set 1 to terminal bytes (US layout) ---- */

static const char keymap[0x3a] = {
	0, 0x1b, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0x7f,
	'\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r',
	0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,
	'*', 0, ' ',
};

static const char keymap_shift[0x3a] = {
	0, 0x1b, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 0x7f,
	'\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r',
	0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
	0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,
	'*', 0, ' ',
};

#define SC_CTRL		0x1d
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_ALT		0x38
#define SC_CAPS		0x3a
#define SC_NUMLOCK	0x45
#define SC_BREAK	0x80

/* Editing keys as xterm sends them (ECMA-48 control sequences). */
static const char *const nav_keys[0x54] = {
	[0x47] = "\033[H", [0x48] = "\033[A", [0x49] = "\033[5~",
	[0x4b] = "\033[D", [0x4d] = "\033[C", [0x4f] = "\033[F",
	[0x50] = "\033[B", [0x51] = "\033[6~", [0x52] = "\033[2~",
	[0x53] = "\033[3~",
};

static const char *const fn_keys[0x59] = {
	[0x3b] = "\033OP", [0x3c] = "\033OQ", [0x3d] = "\033OR", [0x3e] = "\033OS",
	[0x3f] = "\033[15~", [0x40] = "\033[17~", [0x41] = "\033[18~",
	[0x42] = "\033[19~", [0x43] = "\033[20~", [0x44] = "\033[21~",
	[0x57] = "\033[23~", [0x58] = "\033[24~",
};

/* The keypad with Num Lock on: 0x47..0x53. */
static const char keypad_digits[] = "789-456+1230.";

static void push_str(const char *s)
{
	while (*s)
		console_input_push(*s++);
}

static void push_key(char c)
{
	if (alt)
		console_input_push(0x1b);	/* Meta sends ESC, as xterm's metaSendsEscape */
	console_input_push(c);
}

/* A make code of an ordinary key (no prefix). */
static void key_press(u8 sc)
{
	bool shift = shift_l || shift_r;
	char c;

	if (sc < ARRAY_SIZE(fn_keys) && fn_keys[sc]) {
		push_str(fn_keys[sc]);
		return;
	}
	if (sc >= 0x47 && sc <= 0x53) {
		if (num_lock && keypad_digits[sc - 0x47] != '-' && keypad_digits[sc - 0x47] != '+')
			push_key(keypad_digits[sc - 0x47]);
		else if (nav_keys[sc])
			push_str(nav_keys[sc]);
		else
			push_key(keypad_digits[sc - 0x47]);	/* keypad - and + */
		return;
	}
	if (sc >= ARRAY_SIZE(keymap) || !keymap[sc]) {
		stat_unknown++;
		return;
	}
	c = shift ? keymap_shift[sc] : keymap[sc];
	if (caps_lock && c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	else if (caps_lock && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (ctrl) {
		/* Ctrl-@ .. Ctrl-_ are the C0 controls (ECMA-48 5.2). */
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c >= '@' && c <= '_')
			c &= 0x1f;
		else if (c == ' ')
			c = 0;
	}
	push_key(c);
}

/* A key after the 0xe0 prefix: the grey editing block, right Ctrl/Alt, keypad Enter and /. */
static void key_extended(u8 sc, bool release)
{
	u8 code = sc & ~SC_BREAK;

	if (code == SC_CTRL) {
		ctrl = !release;
		return;
	}
	if (code == SC_ALT) {
		alt = !release;
		return;
	}
	if (release || code == SC_LSHIFT || code == SC_RSHIFT)
		return;			/* break codes; the fake shifts around editing keys */
	if (code == 0x1c)
		push_key('\r');
	else if (code == 0x35)
		push_key('/');
	else if (code < ARRAY_SIZE(nav_keys) && nav_keys[code])
		push_str(nav_keys[code]);
	else
		stat_unknown++;
}

static void kbd_scancode(u8 sc)
{
	bool release = sc & SC_BREAK;
	u8 code = sc & ~SC_BREAK;

	stat_scancodes++;
	if (pause_skip) {			/* Pause: e1 1d 45 e1 9d c5 */
		pause_skip--;
		return;
	}
	if (sc == 0xe0) {
		prefix = 0xe0;
		return;
	}
	if (sc == 0xe1) {
		pause_skip = 2;
		return;
	}
	if (prefix == 0xe0) {
		prefix = 0;
		key_extended(sc, release);
		return;
	}
	switch (code) {
	case SC_LSHIFT:
		shift_l = !release;
		return;
	case SC_RSHIFT:
		shift_r = !release;
		return;
	case SC_CTRL:
		ctrl = !release;
		return;
	case SC_ALT:
		alt = !release;
		return;
	case SC_CAPS:
		if (!release)
			caps_lock = !caps_lock;
		return;
	case SC_NUMLOCK:
		if (!release)
			num_lock = !num_lock;
		return;
	}
	if (!release)
		key_press(code);
}

static irqreturn_t kbd_irq(int irq, void *dev)
{
	bool handled = false;

	/* Bounded: a controller stuck with OBF set must not hold the CPU. */
	for (int i = 0; i < I8042_FLUSH_MAX; i++) {
		u8 status = inb(I8042_STATUS);
		u8 data;

		if (!(status & STR_OBF))
			break;
		data = inb(I8042_DATA);
		handled = true;
		if (status & STR_AUX)
			continue;		/* a mouse byte: the aux port is disabled, drop it */
		if (data == KBD_ACK || data == KBD_RESEND || data == 0x00 || data == 0xff)
			continue;		/* acknowledgements and overrun/error codes */
		kbd_scancode(data);
	}
	return handled ? IRQ_HANDLED : IRQ_NONE;
}

/* ---- bring-up ---- */

/* ACPI 6.5 5.2.9.3: IAPC_BOOT_ARCH bit 1 says the board has an 8042. Only a
 * 2.0+ FADT has the field; in a 1.0 FADT it reads 0 and means nothing. */
static bool firmware_says_no_8042(void)
{
	const struct acpi_table_header *t = acpi_find_table("FACP");
	const struct acpi_fadt_info *fi = acpi_fadt();

	if (!t || !fi || t->revision < 2)
		return false;
	return !(fi->boot_arch & ACPI_BOOT_ARCH_8042);
}

/*
 * Controller init in the order of the IBM reference (and OSDev's "8042
 * PS/2 Controller"): both ports off, buffer flushed, interrupts off in the
 * command byte, interface test, port 1 on, then IRQ 1 on. Scan code
 * translation is kept as the firmware set it, or switched on: the decoder
 * reads set 1.
 */
static int i8042_setup(void)
{
	int ctr, r;

	if (inb(I8042_STATUS) == 0xff)
		return -ENODEV;			/* nothing decodes port 0x64 */
	if (i8042_command(CMD_KBD_DISABLE) || i8042_command(CMD_AUX_DISABLE))
		return -ETIMEDOUT;
	i8042_flush();
	ctr = i8042_read_ctr();
	if (ctr < 0)
		return ctr;
	if (!(ctr & CTR_XLATE))
		printk("ps2kbd: scan code translation was off; switching it on\n");
	ctr &= ~(CTR_KBD_INT | CTR_AUX_INT | CTR_KBD_DISABLE);
	ctr |= CTR_XLATE;
	if ((r = i8042_write_ctr(ctr)))
		return r;
	if (i8042_command(CMD_KBD_TEST) == 0 && (r = i8042_read_data()) != 0x00)
		printk("ps2kbd: keyboard interface test answered %#x (expected 0)\n", r);
	if ((r = i8042_command(CMD_KBD_ENABLE)))
		return r;
	/* Scanning may have been left off by the firmware: turn it on. */
	if (i8042_write_data(KBD_CMD_ENABLE) || i8042_read_data() != KBD_ACK)
		printk("ps2kbd: no acknowledgement from a keyboard (none plugged in?); "
		       "listening anyway\n");
	i8042_flush();
	return ctr;
}

static int ps2kbd_init(void)
{
	int ctr, err;

	if (kbd_mode == KBD_OFF) {
		printk("ps2kbd: off (kbd=off)\n");
		return 0;
	}
	if (kbd_mode != KBD_FORCE && firmware_says_no_8042()) {
		printk("ps2kbd: the ACPI FADT says this PC has no 8042 keyboard controller: "
		       "no keyboard input (kbd=force tries anyway)\n");
		return 0;
	}
	ctr = i8042_setup();
	if (ctr < 0) {
		printk("ps2kbd: no 8042 keyboard controller answers (%d): no keyboard input\n", ctr);
		return 0;
	}
	err = request_isa_irq(ISA_IRQ_KBD, kbd_irq, "i8042", NULL);
	if (err) {
		printk("ps2kbd: cannot get IRQ 1 (%d): no keyboard input\n", err);
		return err;
	}
	if ((err = i8042_write_ctr(ctr | CTR_KBD_INT)))
		return err;
	i8042_flush();		/* an edge lost before IRQ 1 was on would stall the line */
	printk("ps2kbd: PS/2 keyboard on IRQ 1 (US layout)\n");
	return 0;
}
device_initcall(ps2kbd_init);
