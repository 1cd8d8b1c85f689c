/* The built-in bitmap font of the framebuffer console (drivers/console/font8x16.c). */
#ifndef _KERNEL_FONT_H
#define _KERNEL_FONT_H

#include <kernel/types.h>

#define FONT_WIDTH	8
#define FONT_HEIGHT	16
#define FONT_FIRST	0x20			/* ' ' */
#define FONT_LAST	0x7e			/* '~' */
/* Printable ASCII, then one glyph (a box) shown for every other byte. */
#define FONT_GLYPHS	(FONT_LAST - FONT_FIRST + 2)

/* Row r of a glyph is one byte, its leftmost pixel in bit 7. */
extern const u8 font8x16[FONT_GLYPHS][FONT_HEIGHT];

static inline const u8 *font_glyph(unsigned char c)
{
	if (c < FONT_FIRST || c > FONT_LAST)
		return font8x16[FONT_GLYPHS - 1];
	return font8x16[c - FONT_FIRST];
}

#endif
