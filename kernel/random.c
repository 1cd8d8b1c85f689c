/*
 * Random numbers. The key of a SipHash-based generator is seeded from
 * RDSEED/RDRAND when the CPU has them, and in every case stirred with TSC
 * timings of interrupts and boot events, so two boots differ even on a CPU
 * without a hardware source (QEMU's default TCG CPU has none). Output is
 * SipHash(key, counter): unpredictable without the key (RFC 6528 and
 * RFC 6056 need exactly that for ISNs and ephemeral ports).
 */
#include <kernel/random.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/selftest.h>
#include <kernel/time.h>
#include <asm/cpufeature.h>
#include <string.h>

static u64 key[2];
static u64 counter;
static u64 pool;		/* interrupt samples accumulate here */
static bool has_rdrand, has_rdseed;

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static bool hw_random(u64 *out)
{
	unsigned char ok = 0;

	/* Intel DRNG guide 5.2: retry a few times on a transient CF=0. */
	for (int i = 0; i < 10 && !ok; i++) {
		if (has_rdseed)
			__asm__ __volatile__("rdseed %0; setc %1" : "=r"(*out), "=qm"(ok));
		else if (has_rdrand)
			__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		else
			return false;
	}
	return ok;
}

static void mix(u64 sample)
{
	u64 in[2] = { sample, rdtsc() };

	key[0] ^= siphash(in, sizeof(in), key);
	key[1] = ROTL(key[1], 17) ^ in[1];
}

/* From interrupt context: cheap, just folds the sample into the pool. */
void add_interrupt_randomness(u64 sample)
{
	pool = ROTL(pool, 7) ^ sample ^ rdtsc();
}

void random_init(void)
{
	u64 hw;

	has_rdrand = boot_cpu_has(X86_FEATURE_RDRAND);
	has_rdseed = boot_cpu_has(X86_FEATURE_RDSEED);
	for (int i = 0; i < 4; i++)
		mix(hw_random(&hw) ? hw : 0);
	/* TSC jitter across a few clock reads: weak alone, never harmful. */
	for (int i = 0; i < 64; i++)
		mix(rdtsc() ^ ktime_get_ns() ^ ktime_get_real_seconds());
	printk("random: seeded from %s and timing jitter\n",
	       has_rdseed ? "RDSEED" : has_rdrand ? "RDRAND" : "no hardware source");
}

void get_random_bytes(void *buf, size_t n)
{
	unsigned long flags;
	u8 *p = buf;

	local_irq_save(flags);
	mix(pool);
	while (n) {
		u64 ctr = counter++;
		u64 v = siphash(&ctr, sizeof(ctr), key);
		size_t k = min(n, sizeof(v));

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
	/* Forward secrecy: the key that produced this output is gone. */
	key[1] ^= siphash(&counter, sizeof(counter), key);
	local_irq_restore(flags);
}

u32 get_random_u32(void)
{
	u32 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

u64 get_random_u64(void)
{
	u64 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

/* Lemire's multiply-shift with rejection: uniform, no modulo bias. */
u32 get_random_u32_below(u32 bound)
{
	u64 m;

	if (bound <= 1)
		return 0;
	do {
		m = (u64)get_random_u32() * bound;
	} while ((u32)m < (u32)(-bound) % bound);
	return m >> 32;
}

SELFTEST(siphash_reference_vector)
{
	/* The SipHash paper's test vector: key 00..0f, message 00..0e. */
	u64 k[2] = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
	u8 msg[15];

	for (int i = 0; i < 15; i++)
		msg[i] = i;
	ST_EQ(siphash(msg, 15, k), 0xa129ca6149be45e5ULL);
}

SELFTEST(random_values_differ_and_bound)
{
	u64 a = get_random_u64(), b = get_random_u64();
	u32 hist[4] = { 0 };

	ST_ASSERT(a != b);
	for (int i = 0; i < 4000; i++) {
		u32 v = get_random_u32_below(4);

		ST_ASSERT(v < 4);
		hist[v]++;
	}
	for (int i = 0; i < 4; i++)
		ST_ASSERT(hist[i] > 800 && hist[i] < 1200);
}
