/* What the clock files share (kernel/time/): the reference counters the TSC is calibrated against. */
#ifndef _KERNEL_TIME_INTERNAL_H
#define _KERNEL_TIME_INTERNAL_H

#include <kernel/types.h>

/*
 * A counter of known frequency: the HPET's main counter, the ACPI PM timer
 * or the PIT. read() returns its value; only the low 'bits' bits count,
 * wrapping; a counter that counts down says so.
 */
struct refclock {
	const char *name;
	u64 hz;
	unsigned int bits;
	bool counts_down;
	u32 (*read)(const struct refclock *rc);
	volatile void *mmio;	/* HPET */
	u16 port;		/* PM timer */
};

/*
 * Set up the platform's reference counters in order of trust (HPET, ACPI
 * PM timer, PIT) in out[]; returns how many. Needs ACPI parsed and ioremap.
 */
int refclocks_probe(struct refclock *out, int max);

/* tsc.c: the TSC rate in kHz with a line saying how it was found; 0 if nothing could tell. */
u64 tsc_calibrate(char *how, size_t len);

#endif
