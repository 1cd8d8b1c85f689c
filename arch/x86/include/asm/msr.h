/* RDMSR, WRMSR and RDTSC (Intel SDM Vol. 2B). */
#ifndef _ASM_X86_MSR_H
#define _ASM_X86_MSR_H

#include <kernel/types.h>
#include <asm/msr-index.h>

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
			     : "memory");
}

/* The time-stamp counter (the same counter as MSR IA32_TIME_STAMP_COUNTER). */
static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#endif
