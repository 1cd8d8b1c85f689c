/* Randomness: RDRAND/RDSEED when the CPU has them, else a pool stirred by
 * interrupt timing and the TSC; fed through SipHash for keyed hashing. */
#ifndef _KERNEL_RANDOM_H
#define _KERNEL_RANDOM_H

#include <kernel/types.h>

void random_init(void);
void add_interrupt_randomness(u64 sample);
void get_random_bytes(void *buf, size_t n);
u32 get_random_u32(void);
u64 get_random_u64(void);
/* Uniform in [0, bound). */
u32 get_random_u32_below(u32 bound);

/* SipHash-2-4 with a 128-bit key (RFC 6528's keyed hash for ISNs, RFC 6056 ports). */
u64 siphash(const void *data, size_t len, const u64 key[2]);

#endif
