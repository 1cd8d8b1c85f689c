/*
 * libFuzzer target: arbitrary bytes as a service image for the ELF loader's
 * check (kernel/process/elf.c, built as in the kernel). The window is the
 * loader's: segments from USER_BASE up to where the heap and stack begin
 * (kernel/process/process.c); the input is libFuzzer's exact-size buffer,
 * so ASan sees any read past it.
 *
 * What the loader relies on once elf_check() says yes is checked here:
 * every program header lies inside the image, and every PT_LOAD segment's
 * file bytes lie inside the image (they are copied: ASan watches) and its
 * memory inside the window, without wrapping; the pages load_segment()
 * maps straight from the image start at page-aligned offsets.
 */
/* links: kernel/process/elf.c */
#include <kernel/mm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"

/* kernel/process/process.c: USER_BASE, and STACK_TOP - STACK_SIZE - HEAP_MAX. */
#define WINDOW_LO	0x400000ULL
#define WINDOW_HI	(0x00007ffffffff000ULL - PAGE_SIZE - 64 * 1024 - (64ULL << 20))

static uint8_t page[PAGE_SIZE];

static void check_segment(const uint8_t *image, size_t size, const struct elf64_phdr *ph)
{
	uint64_t end = ph->p_vaddr + ph->p_memsz;

	if (ph->p_vaddr < WINDOW_LO || end < ph->p_vaddr || end > WINDOW_HI)
		abort();
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset || ph->p_filesz > ph->p_memsz)
		abort();
	/* The bytes load_segment() copies, a page at a time. */
	for (uint64_t off = 0; off < ph->p_filesz; off += PAGE_SIZE) {
		uint64_t n = ph->p_filesz - off < PAGE_SIZE ? ph->p_filesz - off : PAGE_SIZE;

		memcpy(page, image + ph->p_offset + off, n);
	}
	if ((ph->p_offset - (ph->p_vaddr & (PAGE_SIZE - 1))) % PAGE_SIZE)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct elf64_hdr *eh = (const void *)data;

	if (elf_check(data, size, WINDOW_LO, WINDOW_HI) != 0)
		return 0;
	if (size < sizeof(*eh) || eh->e_phoff > size ||
	    (size - eh->e_phoff) / sizeof(struct elf64_phdr) < eh->e_phnum)
		abort();
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(data, i);

		if (ph->p_type == PT_LOAD)
			check_segment(data, size, ph);
	}
	return 0;
}
