/* The parts of the ELF-64 format the service loader reads (System V gABI). */
#ifndef _KERNEL_ELF_H
#define _KERNEL_ELF_H

#include <kernel/types.h>

#define EI_NIDENT	16
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PF_X		1
#define PF_W		2
#define PF_R		4

struct elf64_hdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

/*
 * 0 if image[0..size) is a static x86-64 executable whose program headers
 * and PT_LOAD segments lie inside it, each segment mapped inside [lo, hi);
 * else -ENOEXEC. After it, elf_phdr() and the segments' file ranges may
 * be read without further checks.
 */
int elf_check(const void *image, size_t size, u64 lo, u64 hi);

/* Program header i of a checked image. */
static inline const struct elf64_phdr *elf_phdr(const void *image, unsigned int i)
{
	const struct elf64_hdr *eh = image;

	return (const struct elf64_phdr *)((const u8 *)image + eh->e_phoff) + i;
}

#endif
