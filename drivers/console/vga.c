/*
 * VGA text-mode console (80x25 at physical 0xb8000), used when the boot
 * left the display in text mode: BIOS boots via QEMU -kernel, or GRUB's
 * multiboot2 framebuffer tag of type "EGA text".
 */
#include <kernel/printk.h>
#include <kernel/console.h>
#include <kernel/bootinfo.h>
#include <kernel/mm.h>
#include <asm/io.h>
#include <string.h>

#define VGA_PHYS	0xb8000
#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_ATTR	0x07		/* light grey on black */
#define BDA_VIDEO_MODE	0x449		/* BIOS data area: current video mode */
#define CRTC_INDEX	0x3d4
#define CRTC_DATA	0x3d5

static u16 *vga_buf;
static int vga_row, vga_col;

static void vga_set_cursor(void)
{
	u16 pos = vga_row * VGA_COLS + vga_col;

	outb(CRTC_INDEX, 0x0f);
	outb(CRTC_DATA, pos & 0xff);
	outb(CRTC_INDEX, 0x0e);
	outb(CRTC_DATA, pos >> 8);
}

static void vga_scroll(void)
{
	memmove(vga_buf, vga_buf + VGA_COLS,
		(VGA_ROWS - 1) * VGA_COLS * sizeof(u16));
	for (int i = 0; i < VGA_COLS; i++)
		vga_buf[(VGA_ROWS - 1) * VGA_COLS + i] = (VGA_ATTR << 8) | ' ';
	vga_row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
	if (c == '\n') {
		vga_col = 0;
		vga_row++;
	} else if (c == '\r') {
		vga_col = 0;
	} else if (c == '\b') {
		if (vga_col > 0)
			vga_col--;
	} else {
		vga_buf[vga_row * VGA_COLS + vga_col] = (VGA_ATTR << 8) | (u8)c;
		if (++vga_col == VGA_COLS) {
			vga_col = 0;
			vga_row++;
		}
	}
	if (vga_row == VGA_ROWS)
		vga_scroll();
}

static void vga_write(struct console *con, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
	vga_set_cursor();
}

static struct console vga_console = {
	.name = "vga",
	.write = vga_write,
};

/* Text mode is mode 3 (colour) or 7 (mono) in the BIOS data area. */
static bool vga_text_mode(void)
{
	u8 mode;

	if (boot_info.has_fb)
		return boot_info.fb.type == 2 && boot_info.fb.addr == VGA_PHYS;
	if (boot_info.efi)
		return false;
	mode = *(volatile u8 *)phys_to_virt(BDA_VIDEO_MODE);
	return mode == 0x03 || mode == 0x07;
}

bool vga_init(void)
{
	if (!vga_text_mode())
		return false;
	vga_buf = phys_to_virt(VGA_PHYS);
	for (int i = 0; i < VGA_COLS * VGA_ROWS; i++)
		vga_buf[i] = (VGA_ATTR << 8) | ' ';
	vga_row = vga_col = 0;
	register_console(&vga_console);
	return true;
}
