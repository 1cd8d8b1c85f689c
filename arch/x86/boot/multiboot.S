/*
 * Boot headers for both multiboot protocols, at the very start of the image.
 *
 * Multiboot2 (GRUB, BIOS and UEFI) loads our ELF64 by its program headers.
 * Multiboot1 is for QEMU's -kernel, which loads only ELF32 or images that
 * carry the load addresses in the header (flag bit 16, the "a.out kludge"):
 * we give those fields, so QEMU copies the file flat from the header to
 * its physical address and ignores the ELF64 container. Both headers must
 * lie in the first 8 KiB (multiboot1) / 32 KiB (multiboot2) of the file.
 */

#define MB1_MAGIC		0x1badb002
#define MB1_PAGE_ALIGN		(1 << 0)
#define MB1_MEMORY_INFO		(1 << 1)
#define MB1_AOUT_KLUDGE		(1 << 16)
#define MB1_FLAGS		(MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_AOUT_KLUDGE)

#define MB2_MAGIC		0xe85250d6
#define MB2_ARCH_I386		0
#define MB2_TAG_END		0
#define MB2_TAG_INFO_REQ	1
#define MB2_TAG_FRAMEBUFFER	5
#define MB2_TAG_MODULE_ALIGN	6
#define MB2_TAG_OPTIONAL	1

	.section .multiboot, "a"
	.code32

	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	/* Ask for the tags we parse; optional, so an old loader still boots us. */
	.balign 8
1:	.short MB2_TAG_INFO_REQ
	.short MB2_TAG_OPTIONAL
	.long 2f - 1b
	.long 1		/* command line */
	.long 3		/* modules */
	.long 6		/* memory map */
	.long 8		/* framebuffer info */
	.long 14	/* ACPI 1.0 RSDP */
	.long 15	/* ACPI 2.0+ RSDP */
2:
	/*
	 * Multiboot2 3.1.10: we can draw on a linear framebuffer, any mode
	 * (0 x 0 x 0: no preference). GRUB then passes the UEFI GOP mode
	 * (gfxpayload=keep) in the framebuffer tag; on BIOS, grub.cfg keeps
	 * VGA text with gfxpayload=text. Optional: a loader without video
	 * support still boots us, in text mode.
	 */
	.balign 8
	.short MB2_TAG_FRAMEBUFFER
	.short MB2_TAG_OPTIONAL
	.long 20
	.long 0		/* width */
	.long 0		/* height */
	.long 0		/* depth */

	.balign 8
	.short MB2_TAG_MODULE_ALIGN
	.short 0
	.long 8

	.balign 8
	.short MB2_TAG_END
	.short 0
	.long 8
mb2_header_end:

	.balign 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header			/* header_addr */
	.long _kernel_phys_start		/* load_addr */
	.long _edata - 0xffffffff80000000	/* load_end_addr */
	.long _kernel_phys_end			/* bss_end_addr */
	.long _start32				/* entry_addr */
