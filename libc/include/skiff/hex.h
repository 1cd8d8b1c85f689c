/*
 * One hex digit's value, as Linux's hex_to_bin (lib/hexdump.c): 0 to 15,
 * or -1 for anything but [0-9a-fA-F]. Inline in a header of its own so
 * that the kernel's number parser (kernel/lib/kstrtox.c), the services'
 * decoders and their host builds beside glibc share one definition.
 */
#ifndef _SKIFF_HEX_H
#define _SKIFF_HEX_H

static inline int hex_to_bin(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;		/* ASCII: 'A'-'F' to 'a'-'f', digits and others stay out */
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

#endif /* _SKIFF_HEX_H */
