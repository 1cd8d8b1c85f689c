/*
 * The SMAP window (Intel SDM Vol. 3A 4.6.1 "Determination of Access
 * Rights"): with CR4.SMAP set, a supervisor-mode data access to a user
 * page faults unless EFLAGS.AC is set. STAC opens that window for the
 * length of one user copy and CLAC closes it, so everywhere else a stray
 * pointer into user memory faults instead of being followed.
 *
 * STAC and CLAC are invalid opcodes on a CPU without SMAP. Each site is
 * therefore assembled as a 3-byte NOP and listed in .smap_altinstr with
 * the instruction that replaces it; smap_init() writes the real
 * instructions over the NOPs once, at boot, when CPUID reports SMAP (the
 * idea of Linux's ALTERNATIVE, for this one feature). Without SMAP the
 * sites stay NOPs. Assembly only: C code reaches user memory through
 * uaccess.h's copy routines, never directly.
 */
#ifndef _ASM_X86_SMAP_H
#define _ASM_X86_SMAP_H

/* Opcode bytes: nopl (%rax) is 0f 1f 00; stac is 0f 01 cb; clac is 0f 01 ca. */
#define SMAP_INSN_LEN	3
#define STAC_MODRM	0xcb
#define CLAC_MODRM	0xca

#ifdef __ASSEMBLY__
/* One 16-byte .smap_altinstr entry: the site's address, then its replacement. */
	.macro SMAP_SITE modrm
661:	.byte 0x0f, 0x1f, 0x00
	.pushsection .smap_altinstr, "a"
	.balign 8
	.quad 661b
	.byte 0x0f, 0x01, \modrm, 0, 0, 0, 0, 0
	.popsection
	.endm

#define ASM_STAC	SMAP_SITE STAC_MODRM
#define ASM_CLAC	SMAP_SITE CLAC_MODRM
#else
#include <kernel/types.h>

struct smap_site {
	u64 addr;			/* the NOP to overwrite */
	u8 insn[SMAP_INSN_LEN];		/* stac or clac */
	u8 pad[8 - SMAP_INSN_LEN];
};

/* SMEP and SMAP on when CPUID has them, the STAC/CLAC sites patched to match. */
void smap_init(void);
/* crash=smap|smep: touch (or, exec, run) a user page from the kernel; never returns. */
__noreturn void smap_crash(bool exec);
#endif

#endif
