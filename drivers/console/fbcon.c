/*
 * Framebuffer console: text on the linear framebuffer the loader hands over
 * in the multiboot2 framebuffer tag (GRUB passes the UEFI GOP mode with
 * gfxpayload=keep). UEFI machines have no VGA text mode, so this is how a
 * real PC shows the boot.
 *
 * The console keeps two text buffers of cells (character, colours, cursor):
 * what the text should be, and what is on the screen. Writing, scrolling and
 * escape sequences only change the first; at the end of each write the
 * cells that differ are drawn. Scrolling thus never reads the framebuffer
 * (reads of uncached video memory are slow on real hardware) and redraws
 * only what changed (blank ends of lines stay as they are), which keeps a
 * boot log quick even under TCG.
 *
 * Output understands \n \r \b \t and the ECMA-48 sequences a line editor
 * uses: CSI n A/B/C/D (cursor moves), CSI r;c H, CSI n J, CSI n K and SGR
 * colours (CSI 0/1/30-37/39/40-47/49/90-97 m). Log lines whose message
 * starts with "warning:" show in yellow, "error:" and panics in red.
 */
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/font.h>
#include <kernel/init.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <errno.h>
#include <string.h>

#define FBCON_MAX_COLS	320
#define FBCON_MAX_ROWS	128
#define FB_DIRECT_LIMIT	0x100000000ULL	/* the direct map covers the low 4 GiB */
#define CSI_MAX_PARAMS	4

/* A cell: the character in bits 0-7, foreground 8-11, background 12-14, cursor 15. */
typedef u16 cell_t;
#define CELL(ch, attr)	((cell_t)((u8)(ch) | ((attr) & 0x7f) << 8))
#define CELL_CH(c)	((u8)(c))
#define CELL_FG(c)	(((c) >> 8) & 0xf)
#define CELL_BG(c)	(((c) >> 12) & 0x7)
#define CELL_CURSOR	0x8000
#define CELL_INVALID	0xffff		/* in the drawn buffer: unknown, draw it */

/* Colours as CGA/VGA number them: attr = fg | bg << 4. */
enum { BLACK, BLUE, GREEN, CYAN, RED, MAGENTA, BROWN, LIGHTGREY, DARKGREY,
       LIGHTBLUE, LIGHTGREEN, LIGHTCYAN, LIGHTRED, LIGHTMAGENTA, YELLOW, WHITE };
#define ATTR_DEFAULT	LIGHTGREY

static const u8 vga_palette[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0x00, 0x00, 0xaa }, { 0x00, 0xaa, 0x00 }, { 0x00, 0xaa, 0xaa },
	{ 0xaa, 0x00, 0x00 }, { 0xaa, 0x00, 0xaa }, { 0xaa, 0x55, 0x00 }, { 0xaa, 0xaa, 0xaa },
	{ 0x55, 0x55, 0x55 }, { 0x55, 0x55, 0xff }, { 0x55, 0xff, 0x55 }, { 0x55, 0xff, 0xff },
	{ 0xff, 0x55, 0x55 }, { 0xff, 0x55, 0xff }, { 0xff, 0xff, 0x55 }, { 0xff, 0xff, 0xff },
};
/* ECMA-48 SGR 30-37 order (black red green yellow blue magenta cyan white) in VGA numbers. */
static const u8 ansi_to_vga[8] = { BLACK, RED, GREEN, BROWN, BLUE, MAGENTA, CYAN, LIGHTGREY };

struct fbcon {
	u8 *fb;				/* mapped framebuffer */
	bool ioremapped;
	u32 width, height, pitch;
	u32 bytespp;			/* 2, 3 or 4 */
	u32 scale;			/* 1, or 2 on very large screens */
	u32 pixel[16];			/* palette in the framebuffer's pixel format */
	int cols, rows;
	int row, col;			/* cursor */
	u8 attr;			/* colours for new text */
	u8 line_attr;			/* set for the rest of a warning or error line */
	enum { ST_NORMAL, ST_ESC, ST_CSI } state;
	int params[CSI_MAX_PARAMS], nparams;
	bool registered;
};

static struct fbcon fbc;
static cell_t text[FBCON_MAX_ROWS * FBCON_MAX_COLS];	/* what should be shown */
static cell_t drawn[FBCON_MAX_ROWS * FBCON_MAX_COLS];	/* what the screen shows */

/* ---- pixels ---- */

static u32 pack_pixel(const struct boot_framebuffer *f, const u8 rgb[3])
{
	return (u32)(rgb[0] >> (8 - f->red_size)) << f->red_pos |
	       (u32)(rgb[1] >> (8 - f->green_size)) << f->green_pos |
	       (u32)(rgb[2] >> (8 - f->blue_size)) << f->blue_pos;
}

static inline void put_pixel(u8 *p, u32 v)
{
	switch (fbc.bytespp) {
	case 4:
		*(volatile u32 *)p = v;
		break;
	case 3:
		p[0] = v;
		p[1] = v >> 8;
		p[2] = v >> 16;
		break;
	default:
		*(volatile u16 *)p = v;
	}
}

static void draw_cell(int row, int col, cell_t c)
{
	const u8 *glyph = font_glyph(CELL_CH(c));
	u32 fg = fbc.pixel[CELL_FG(c)], bg = fbc.pixel[CELL_BG(c)];
	u32 s = fbc.scale, cw = FONT_WIDTH * s;
	u8 *line = fbc.fb + (u64)row * FONT_HEIGHT * s * fbc.pitch +
		   (u64)col * cw * fbc.bytespp;

	for (int y = 0; y < FONT_HEIGHT * (int)s; y++, line += fbc.pitch) {
		u8 bits = glyph[y / s];
		u8 *p = line;

		/* The cursor: an underline in the last two rows of the cell. */
		if ((c & CELL_CURSOR) && y >= (FONT_HEIGHT - 2) * (int)s)
			bits = 0xff;
		if (fbc.bytespp == 4 && s == 1) {
			volatile u32 *q = (volatile u32 *)p;

			for (int x = 0; x < FONT_WIDTH; x++)
				q[x] = bits & (0x80 >> x) ? fg : bg;
			continue;
		}
		for (u32 x = 0; x < cw; x++, p += fbc.bytespp)
			put_pixel(p, bits & (0x80 >> (x / s)) ? fg : bg);
	}
}

/* Draw every cell whose wanted content differs from the screen's. */
static void fbcon_flush(void)
{
	int n = fbc.cols * fbc.rows;
	int cur = fbc.row * fbc.cols + min(fbc.col, fbc.cols - 1);

	text[cur] |= CELL_CURSOR;
	for (int i = 0; i < n; i++) {
		if (text[i] != drawn[i]) {
			draw_cell(i / fbc.cols, i % fbc.cols, text[i]);
			drawn[i] = text[i];
		}
	}
	text[cur] &= ~CELL_CURSOR;
}

/* ---- the text buffer ---- */

static cell_t blank(void)
{
	return CELL(' ', fbc.attr & 0x70);
}

static void clear_cells(int from, int to)
{
	for (int i = from; i < to; i++)
		text[i] = blank();
}

static void scroll_up(void)
{
	int cols = fbc.cols;

	memmove(text, text + cols, (size_t)(fbc.rows - 1) * cols * sizeof(cell_t));
	clear_cells((fbc.rows - 1) * cols, fbc.rows * cols);
}

static void newline(void)
{
	fbc.col = 0;
	fbc.line_attr = 0;
	if (++fbc.row == fbc.rows) {
		scroll_up();
		fbc.row = fbc.rows - 1;
	}
}

static void put_char(char c)
{
	u8 attr = fbc.line_attr ? fbc.line_attr : fbc.attr;

	if (fbc.col == fbc.cols)
		newline();			/* wrap before, so a full line leaves no blank one */
	text[fbc.row * fbc.cols + fbc.col++] = CELL(c, attr);
}

/*
 * printk writes the timestamp "[    1.234567] " and the message as separate
 * pieces: when a piece starts right after a timestamp, its first word
 * decides the colour of the line.
 */
static void pick_line_colour(const char *s, size_t n)
{
	const cell_t *line = text + fbc.row * fbc.cols;

	if (fbc.col < 3 || CELL_CH(line[0]) != '[' || CELL_CH(line[fbc.col - 2]) != ']' ||
	    CELL_CH(line[fbc.col - 1]) != ' ' || fbc.attr != ATTR_DEFAULT)
		return;
	if ((n >= 8 && !memcmp(s, "warning:", 8)) || (n >= 7 && !memcmp(s, "WARNING", 7)))
		fbc.line_attr = YELLOW;
	else if ((n >= 6 && !memcmp(s, "error:", 6)) || (n >= 12 && !memcmp(s, "Kernel panic", 12)))
		fbc.line_attr = LIGHTRED;
}

/* ---- ECMA-48 control sequences ---- */

static int param(int i, int dflt)
{
	return i < fbc.nparams && fbc.params[i] > 0 ? fbc.params[i] : dflt;
}

static void sgr(void)
{
	for (int i = 0; i < (fbc.nparams ? fbc.nparams : 1); i++) {
		int p = i < fbc.nparams ? fbc.params[i] : 0;

		if (p == 0)
			fbc.attr = ATTR_DEFAULT;
		else if (p == 1)
			fbc.attr |= 0x08;			/* bold as bright */
		else if (p >= 30 && p <= 37)
			fbc.attr = (fbc.attr & 0x78) | ansi_to_vga[p - 30];
		else if (p == 39)
			fbc.attr = (fbc.attr & 0x70) | ATTR_DEFAULT;
		else if (p >= 40 && p <= 47)
			fbc.attr = (fbc.attr & 0x0f) | ansi_to_vga[p - 40] << 4;
		else if (p == 49)
			fbc.attr &= 0x0f;
		else if (p >= 90 && p <= 97)
			fbc.attr = (fbc.attr & 0x70) | ansi_to_vga[p - 90] | 0x08;
	}
}

static void csi_final(char f)
{
	int row0 = fbc.row * fbc.cols;

	switch (f) {
	case 'A':
		fbc.row = max(fbc.row - param(0, 1), 0);
		break;
	case 'B':
		fbc.row = min(fbc.row + param(0, 1), fbc.rows - 1);
		break;
	case 'C':
		fbc.col = min(fbc.col + param(0, 1), fbc.cols - 1);
		break;
	case 'D':
		fbc.col = max(min(fbc.col, fbc.cols - 1) - param(0, 1), 0);
		break;
	case 'H':
	case 'f':
		fbc.row = min(param(0, 1), fbc.rows) - 1;
		fbc.col = min(param(1, 1), fbc.cols) - 1;
		break;
	case 'J':			/* 0: to the end, 1: from the start, 2: all */
		if (param(0, 0) == 2 || fbc.params[0] == 3)
			clear_cells(0, fbc.rows * fbc.cols);
		else if (fbc.nparams && fbc.params[0] == 1)
			clear_cells(0, row0 + fbc.col + 1);
		else
			clear_cells(row0 + fbc.col, fbc.rows * fbc.cols);
		break;
	case 'K':			/* 0: to the end of the line, 1: to the cursor, 2: line */
		if (fbc.nparams && fbc.params[0] == 1)
			clear_cells(row0, row0 + min(fbc.col + 1, fbc.cols));
		else if (fbc.nparams && fbc.params[0] == 2)
			clear_cells(row0, row0 + fbc.cols);
		else
			clear_cells(row0 + min(fbc.col, fbc.cols), row0 + fbc.cols);
		break;
	case 'm':
		sgr();
		break;
	}
}

/* Returns true when c was part of an escape sequence. */
static bool escape_char(char c)
{
	switch (fbc.state) {
	case ST_NORMAL:
		if (c != 0x1b)
			return false;
		fbc.state = ST_ESC;
		return true;
	case ST_ESC:
		fbc.state = c == '[' ? ST_CSI : ST_NORMAL;
		fbc.nparams = 0;
		memset(fbc.params, 0, sizeof(fbc.params));
		return true;
	case ST_CSI:
		if (c >= '0' && c <= '9') {
			if (!fbc.nparams)
				fbc.nparams = 1;
			if (fbc.nparams <= CSI_MAX_PARAMS && fbc.params[fbc.nparams - 1] < 10000)
				fbc.params[fbc.nparams - 1] = fbc.params[fbc.nparams - 1] * 10 + c - '0';
		} else if (c == ';') {
			fbc.nparams = min(fbc.nparams + 1 + !fbc.nparams, CSI_MAX_PARAMS + 1);
		} else if (c >= 0x40 && c <= 0x7e) {
			fbc.nparams = min(fbc.nparams, CSI_MAX_PARAMS);
			csi_final(c);
			fbc.state = ST_NORMAL;
		}
		return true;
	}
	return false;
}

static void fbcon_putc(char c)
{
	if (escape_char(c))
		return;
	switch (c) {
	case '\n':
		newline();
		break;
	case '\r':
		fbc.col = 0;
		break;
	case '\b':
		if (fbc.col > 0)
			fbc.col--;
		break;
	case '\t':
		do
			put_char(' ');
		while (fbc.col % 8 && fbc.col < fbc.cols);
		break;
	default:
		put_char(c);
	}
}

static void fbcon_write(struct console *con, const char *s, size_t n)
{
	if (fbc.state == ST_NORMAL && !fbc.line_attr)
		pick_line_colour(s, n);
	for (size_t i = 0; i < n; i++)
		fbcon_putc(s[i]);
	fbcon_flush();
}

static struct console fbcon_console = {
	.name = "fb0",
	.write = fbcon_write,
};

/* ---- setup ---- */

/* An RGB framebuffer this console can draw on, or a reason why not. */
static const char *fb_why_unusable(const struct boot_framebuffer *f)
{
	if (f->type == 0)
		return "indexed colour (palette) modes are not supported";
	if (f->type != 1)
		return "not a linear RGB framebuffer";
	if (f->bpp != 15 && f->bpp != 16 && f->bpp != 24 && f->bpp != 32)
		return "unsupported bits per pixel";
	if (!f->red_size || f->red_size > 8 || !f->green_size || f->green_size > 8 ||
	    !f->blue_size || f->blue_size > 8 || f->red_pos > 24 || f->green_pos > 24 ||
	    f->blue_pos > 24)
		return "odd colour channel layout";
	if (f->width < FONT_WIDTH || f->height < FONT_HEIGHT ||
	    f->pitch < f->width * DIV_ROUND_UP(f->bpp, 8))
		return "odd geometry";
	return NULL;
}

static void fbcon_setup(const struct boot_framebuffer *f, u8 *fb)
{
	fbc.fb = fb;
	fbc.width = f->width;
	fbc.height = f->height;
	fbc.pitch = f->pitch;
	fbc.bytespp = DIV_ROUND_UP(f->bpp, 8);
	fbc.scale = f->width >= 2560 && f->height >= 1440 ? 2 : 1;
	fbc.cols = min(f->width / (FONT_WIDTH * fbc.scale), (u32)FBCON_MAX_COLS);
	fbc.rows = min(f->height / (FONT_HEIGHT * fbc.scale), (u32)FBCON_MAX_ROWS);
	for (int i = 0; i < 16; i++)
		fbc.pixel[i] = pack_pixel(f, vga_palette[i]);
	fbc.attr = ATTR_DEFAULT;
	clear_cells(0, fbc.rows * fbc.cols);
	/* Everything is drawn once: the loader's picture goes away. */
	for (int i = 0; i < fbc.rows * fbc.cols; i++)
		drawn[i] = CELL_INVALID;
}

/* True for a framebuffer this console takes; says once why not otherwise. */
static bool fb_usable(void)
{
	static bool reported;
	const struct boot_framebuffer *f = &boot_info.fb;
	const char *why;

	if (!boot_info.has_fb || f->type == 2)
		return false;			/* none, or text mode: drivers/vga.c */
	why = fb_why_unusable(f);
	if (why && !reported) {
		printk("fbcon: framebuffer %ux%u %u bpp type %u: %s; no console on the screen\n",
		       f->width, f->height, f->bpp, f->type, why);
		reported = true;
	}
	return !why;
}

static void fbcon_register(const struct boot_framebuffer *f)
{
	fbc.registered = true;
	register_console(&fbcon_console);
	printk("fbcon: %ux%u %u bpp at %#llx, %dx%d text%s\n", f->width, f->height, f->bpp,
	       (unsigned long long)f->addr, fbc.cols, fbc.rows,
	       fbc.scale > 1 ? ", font doubled" : "");
}

/*
 * Early form (from kernel_main, before the page allocator): the framebuffer
 * is reached through the direct map, which the boot page tables already
 * have for the low 4 GiB. Returns false for a framebuffer above 4 GiB; the
 * initcall below then maps it.
 */
bool fbcon_init(void)
{
	const struct boot_framebuffer *f = &boot_info.fb;

	if (fbc.registered)
		return true;
	if (!fb_usable() || f->addr + (u64)f->pitch * f->height > FB_DIRECT_LIMIT)
		return false;
	fbcon_setup(f, phys_to_virt(f->addr));
	fbcon_register(f);
	return true;
}

/*
 * Once ioremap works, draw through an uncached device mapping (the direct
 * map is write-back; the firmware's MTRRs usually, not always, make video
 * memory uncached or write-combining) and take framebuffers above 4 GiB.
 */
static int fbcon_late_init(void)
{
	const struct boot_framebuffer *f = &boot_info.fb;
	u64 size = (u64)f->pitch * f->height;
	unsigned long flags;
	u8 *fb;

	if (!fb_usable())
		return 0;
	fb = ioremap(f->addr, size);
	if (!fb) {
		printk("fbcon: cannot map the framebuffer at %#llx (%llu KiB)\n",
		       (unsigned long long)f->addr, (unsigned long long)size >> 10);
		return -ENOMEM;
	}
	local_irq_save(flags);
	if (fbc.registered)
		fbc.fb = fb;
	else
		fbcon_setup(f, fb);
	fbc.ioremapped = true;
	local_irq_restore(flags);
	if (!fbc.registered)
		fbcon_register(f);
	return 0;
}
core_initcall(fbcon_late_init);
