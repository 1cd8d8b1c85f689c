/*
 * Boot headers at the very start of the image: multiboot2, multiboot1 and
 * the PVH ELF note.
 *
 * Multiboot2 (GRUB, BIOS and UEFI) loads our ELF64 by its program headers.
 * PVH (QEMU's -kernel on any x86 machine type, microvm included; Firecracker,
 * cloud-hypervisor) also loads it by its program headers and enters
 * pvh_start32 (head.S), which the XEN_ELFNOTE_PHYS32_ENTRY note names.
 * Multiboot1 loaders (GRUB's "multiboot" command, older QEMU's -kernel)
 * load only ELF32 or images that carry the load addresses in the header
 * (flag bit 16, the "a.out kludge"): we give those fields, so the loader
 * copies the file flat from the header to its physical address and ignores
 * the ELF64 container. Both multiboot headers must lie in the first 8 KiB
 * (multiboot1) / 32 KiB (multiboot2) of the file.
 *
 * QEMU's -kernel tries multiboot1 before PVH (hw/i386/x86.c,
 * x86_load_linux), so an image with a valid multiboot1 header is never
 * booted by PVH. build/skiff.elf therefore carries the multiboot1 header
 * with its magic zeroed, which no loader recognises; build/skiff-mb1.elf,
 * for multiboot1 loaders, is the same file with the magic written in
 * (tools/mkimage-mb1.sh).
 */

#define MB1_MAGIC		0x1badb002
#define MB1_PAGE_ALIGN		(1 << 0)
#define MB1_MEMORY_INFO		(1 << 1)
#define MB1_AOUT_KLUDGE		(1 << 16)
#define MB1_FLAGS		(MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_AOUT_KLUDGE)

#define XEN_ELFNOTE_PHYS32_ENTRY	18	/* xen/include/public/elfnote.h */

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

	/* Multiboot 0.6.96 section 3.1.1; the checksum is the armed header's. */
	.balign 4
	.globl mb1_header
mb1_header:
	.long 0					/* MB1_MAGIC in skiff-mb1.elf */
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header			/* header_addr */
	.long _kernel_phys_start		/* load_addr */
	.long _edata - 0xffffffff80000000	/* load_end_addr */
	.long _kernel_phys_end			/* bss_end_addr */
	.long _start32				/* entry_addr */

	/*
	 * The PVH entry point (xen/include/public/elfnote.h): a 32-bit physical
	 * address. QEMU's ELF loader reads the descriptor of an ELF64 note as
	 * eight bytes (hw/i386/x86.c, read_pvh_start_addr), so it is a quad.
	 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f				/* namesz */
	.long 4f - 3f				/* descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz "Xen"
2:	.balign 4
3:	.quad pvh_start32
4:	.balign 4
