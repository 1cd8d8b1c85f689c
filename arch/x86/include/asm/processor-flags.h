/*
 * Control register, EFLAGS and EFER bits by name (Intel SDM Vol. 3A 2.3
 * "System Flags and Fields in the EFLAGS Register", 2.5 "Control
 * Registers", 2.2.1 "Extended Feature Enable Register"). Usable from C and
 * from assembly.
 */
#ifndef _ASM_X86_PROCESSOR_FLAGS_H
#define _ASM_X86_PROCESSOR_FLAGS_H

#ifdef __ASSEMBLY__
#define _BITUL(n)	(1 << (n))
#else
#define _BITUL(n)	(1UL << (n))
#endif

/* EFLAGS / RFLAGS. */
#define X86_EFLAGS_CF	_BITUL(0)	/* carry */
#define X86_EFLAGS_FIXED _BITUL(1)	/* always 1 */
#define X86_EFLAGS_ZF	_BITUL(6)
#define X86_EFLAGS_TF	_BITUL(8)	/* single step */
#define X86_EFLAGS_IF	_BITUL(9)	/* interrupts enabled */
#define X86_EFLAGS_DF	_BITUL(10)	/* string ops run downwards */
#define X86_EFLAGS_IOPL	(_BITUL(12) | _BITUL(13))
#define X86_EFLAGS_NT	_BITUL(14)	/* nested task */
#define X86_EFLAGS_AC	_BITUL(18)	/* alignment check / SMAP override */
#define X86_EFLAGS_ID	_BITUL(21)	/* CPUID present */

/* CR0. */
#define X86_CR0_PE	_BITUL(0)	/* protected mode */
#define X86_CR0_MP	_BITUL(1)	/* monitor coprocessor: WAIT honours TS */
#define X86_CR0_EM	_BITUL(2)	/* emulate FPU: x87/SSE instructions trap */
#define X86_CR0_TS	_BITUL(3)	/* task switched */
#define X86_CR0_NE	_BITUL(5)	/* native FPU error reporting */
#define X86_CR0_WP	_BITUL(16)	/* supervisor writes honour read-only pages */
#define X86_CR0_PG	_BITUL(31)	/* paging */

/* CR4. */
#define X86_CR4_PSE	_BITUL(4)
#define X86_CR4_PAE	_BITUL(5)	/* 64-bit page table entries */
#define X86_CR4_PGE	_BITUL(7)	/* global pages survive CR3 loads */
#define X86_CR4_OSFXSR	_BITUL(9)	/* FXSAVE/FXRSTOR and SSE enabled */
#define X86_CR4_OSXMMEXCPT _BITUL(10)	/* SIMD exceptions raise #XM */
#define X86_CR4_FSGSBASE _BITUL(16)
#define X86_CR4_OSXSAVE	_BITUL(18)
#define X86_CR4_SMEP	_BITUL(20)	/* no supervisor execution of user pages */
#define X86_CR4_SMAP	_BITUL(21)	/* no supervisor access to user pages unless AC */

/* EFER (MSR 0xc0000080). */
#define EFER_SCE	_BITUL(0)	/* SYSCALL/SYSRET */
#define EFER_LME	_BITUL(8)	/* long mode enable */
#define EFER_LMA	_BITUL(10)	/* long mode active */
#define EFER_NX		_BITUL(11)	/* no-execute page bit */

#endif
