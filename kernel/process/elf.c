/*
 * The service loader's check of an ELF image (System V gABI, x86-64
 * psABI): pure over a byte buffer, so the fuzzer (tests/fuzz/fuzz_elf.c)
 * runs the same code as the kernel.
 */
#include <kernel/mm.h>
#include <errno.h>
#include <string.h>
#include "elf.h"

/*
 * The gABI ("Data Representation") aligns every structure naturally, so a
 * program header table at an odd offset is not ELF (and reading it would
 * be misaligned access).
 */
static bool elf_header_ok(const struct elf64_hdr *eh, size_t size)
{
	return memcmp(eh->e_ident, "\177ELF", 4) == 0 &&
	       eh->e_ident[4] == ELFCLASS64 && eh->e_ident[5] == ELFDATA2LSB &&
	       eh->e_type == ET_EXEC && eh->e_machine == EM_X86_64 &&
	       eh->e_phentsize == sizeof(struct elf64_phdr) &&
	       eh->e_phoff <= size && eh->e_phoff % _Alignof(struct elf64_phdr) == 0 &&
	       eh->e_phnum <= (size - eh->e_phoff) / sizeof(struct elf64_phdr);
}

/*
 * A loadable segment must come from inside the file and land inside
 * [lo, hi); its file offset and address must agree modulo the page size
 * (gABI "Program Loading"), since read-only pages are mapped straight
 * from the image.
 */
static bool elf_segment_ok(const struct elf64_phdr *ph, size_t size, u64 lo, u64 hi)
{
	return ph->p_filesz <= ph->p_memsz && ph->p_offset <= size &&
	       ph->p_filesz <= size - ph->p_offset && ph->p_vaddr >= lo &&
	       ph->p_vaddr <= hi && ph->p_memsz <= hi - ph->p_vaddr &&
	       (ph->p_vaddr & (PAGE_SIZE - 1)) == (ph->p_offset & (PAGE_SIZE - 1));
}

int elf_check(const void *image, size_t size, u64 lo, u64 hi)
{
	const struct elf64_hdr *eh = image;

	if (size < sizeof(*eh) || !elf_header_ok(eh, size))
		return -ENOEXEC;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(image, i);

		if (ph->p_type == PT_LOAD && !elf_segment_ok(ph, size, lo, hi))
			return -ENOEXEC;
	}
	return 0;
}
