/*
 * CPU identification and feature flags from CPUID (Intel SDM Vol. 2A,
 * "CPUID"), read once at boot by cpu_detect(). A feature is named by its
 * word (which CPUID leaf and register) and bit, as Linux's X86_FEATURE_*.
 */
#ifndef _ASM_X86_CPUFEATURE_H
#define _ASM_X86_CPUFEATURE_H

#include <kernel/types.h>

enum cpuid_word {
	CPUID_1_EDX,		/* leaf 1 */
	CPUID_1_ECX,
	CPUID_7_0_EBX,		/* leaf 7, subleaf 0 */
	CPUID_7_0_ECX,
	CPUID_7_0_EDX,
	CPUID_8000_0001_EDX,	/* extended leaf 0x80000001 */
	CPUID_8000_0001_ECX,
	CPUID_8000_0007_EDX,	/* advanced power management */
	NCAPINTS
};

#define X86_FEATURE(word, bit)	((word) * 32 + (bit))

#define X86_FEATURE_FPU		X86_FEATURE(CPUID_1_EDX, 0)
#define X86_FEATURE_TSC		X86_FEATURE(CPUID_1_EDX, 4)
#define X86_FEATURE_MSR		X86_FEATURE(CPUID_1_EDX, 5)
#define X86_FEATURE_APIC	X86_FEATURE(CPUID_1_EDX, 9)
#define X86_FEATURE_PGE		X86_FEATURE(CPUID_1_EDX, 13)
#define X86_FEATURE_FXSR	X86_FEATURE(CPUID_1_EDX, 24)
#define X86_FEATURE_SSE2	X86_FEATURE(CPUID_1_EDX, 26)
#define X86_FEATURE_SSE3	X86_FEATURE(CPUID_1_ECX, 0)
#define X86_FEATURE_X2APIC	X86_FEATURE(CPUID_1_ECX, 21)
#define X86_FEATURE_TSC_DEADLINE X86_FEATURE(CPUID_1_ECX, 24)
#define X86_FEATURE_XSAVE	X86_FEATURE(CPUID_1_ECX, 26)
#define X86_FEATURE_RDRAND	X86_FEATURE(CPUID_1_ECX, 30)
#define X86_FEATURE_HYPERVISOR	X86_FEATURE(CPUID_1_ECX, 31)
#define X86_FEATURE_FSGSBASE	X86_FEATURE(CPUID_7_0_EBX, 0)
#define X86_FEATURE_SMEP	X86_FEATURE(CPUID_7_0_EBX, 7)
#define X86_FEATURE_ERMS	X86_FEATURE(CPUID_7_0_EBX, 9)	/* fast rep movsb/stosb */
#define X86_FEATURE_RDSEED	X86_FEATURE(CPUID_7_0_EBX, 18)
#define X86_FEATURE_SMAP	X86_FEATURE(CPUID_7_0_EBX, 20)
#define X86_FEATURE_UMIP	X86_FEATURE(CPUID_7_0_ECX, 2)
#define X86_FEATURE_FSRM	X86_FEATURE(CPUID_7_0_EDX, 4)	/* fast short rep movsb */
#define X86_FEATURE_SYSCALL	X86_FEATURE(CPUID_8000_0001_EDX, 11)
#define X86_FEATURE_NX		X86_FEATURE(CPUID_8000_0001_EDX, 20)
#define X86_FEATURE_GBPAGES	X86_FEATURE(CPUID_8000_0001_EDX, 26)
#define X86_FEATURE_LM		X86_FEATURE(CPUID_8000_0001_EDX, 29)
#define X86_FEATURE_CONSTANT_TSC X86_FEATURE(CPUID_8000_0007_EDX, 8)	/* invariant TSC */

struct cpuinfo_x86 {
	char vendor[13];		/* "GenuineIntel", "AuthenticAMD", ... */
	char model_id[49];		/* brand string, when the CPU has one */
	u8 family, model, stepping;
	u32 cpuid_level;		/* highest basic leaf */
	u32 extended_cpuid_level;	/* highest extended leaf */
	u32 capability[NCAPINTS];
	char hypervisor[13];		/* leaf 0x40000000: "KVMKVMKVM", "TCGTCGTCGTCG", or "" */
};

extern struct cpuinfo_x86 boot_cpu_data;

static inline void cpuid_count(u32 leaf, u32 subleaf, u32 *a, u32 *b,
			       u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(subleaf));
}

static inline bool boot_cpu_has(unsigned int feature)
{
	return boot_cpu_data.capability[feature / 32] & (1U << (feature % 32));
}

/* Fill boot_cpu_data, pick the copy routines, turn on SMEP/SMAP. Runs first in kernel_main. */
void cpu_detect(void);
/* Pick memcpy/memset for this CPU (arch/x86/lib/string_64.c); true if ERMS. */
bool x86_string_init(void);
/* One line naming the CPU and the features Skiff uses, for the boot log. */
void cpu_print_info(void);

#endif
