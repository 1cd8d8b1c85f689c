/*
 * The TSC's rate, from every source the machine offers, never from one
 * unchecked: CPUID's TSC/crystal leaf (Intel SDM Vol. 2A, CPUID leaf 15H)
 * or the hypervisor's frequency leaf (0x40000010, the VMware convention
 * KVM and others follow) where offered, then measurements against the
 * HPET, the ACPI PM timer and the PIT, in that order of trust. The first
 * two plausible estimates must agree; when they do not, a third decides.
 * An estimate outside what any x86-64 TSC runs at is reported and never
 * used (QEMU's microvm, whose port 0x61 decodes nothing, once made a
 * PIT channel 2 measurement say 0.014 MHz).
 */
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <kernel/time.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

#define TSC_KHZ_MIN		100000ULL	/* 100 MHz */
#define TSC_KHZ_MAX		20000000ULL	/* 20 GHz */
#define TSC_AGREE_PERMILLE	20		/* estimates within 2% agree */
#define CALIBRATE_MS		4
/* A reference that has not advanced after this long (at TSC_KHZ_MAX) never will. */
#define CALIBRATE_GIVE_UP_MS	(CALIBRATE_MS * 50)
#define SAMPLE_TRIES		5
#define MAX_REFCLOCKS		3

#define CPUID_LEAF_TSC		0x15
#define CPUID_LEAF_FREQ		0x16
#define CPUID_HV_BASE		0x40000000
#define CPUID_HV_TIMING		0x40000010	/* EAX: TSC kHz, EBX: APIC bus kHz */

struct tsc_estimate {
	char source[48];
	u64 khz;
};

/*
 * SDM Vol. 2A, CPUID 15H: TSC = crystal (ECX Hz) * EBX / EAX. Without the
 * crystal's rate, leaf 16H's base frequency (EAX, MHz) is the nominal TSC
 * rate on the processors that have both.
 */
static bool tsc_from_cpuid(struct tsc_estimate *e)
{
	u32 den, num, crystal, d, base;

	if (boot_cpu_data.cpuid_level < CPUID_LEAF_TSC)
		return false;
	cpuid_count(CPUID_LEAF_TSC, 0, &den, &num, &crystal, &d);
	if (!den || !num)
		return false;
	if (crystal) {
		e->khz = (u64)crystal * num / den / 1000;
		snprintf(e->source, sizeof(e->source), "CPUID leaf 0x15");
		return true;
	}
	if (boot_cpu_data.cpuid_level < CPUID_LEAF_FREQ)
		return false;
	cpuid_count(CPUID_LEAF_FREQ, 0, &base, &d, &d, &d);
	if (!base)
		return false;
	e->khz = (u64)base * 1000;
	snprintf(e->source, sizeof(e->source), "CPUID leaf 0x16");
	return true;
}

/* Only a hypervisor that says its leaves reach 0x40000010 has the timing leaf. */
static bool tsc_from_hypervisor(struct tsc_estimate *e)
{
	u32 max, b, c, d, khz;

	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return false;
	cpuid_count(CPUID_HV_BASE, 0, &max, &b, &c, &d);
	if (max < CPUID_HV_TIMING || max > CPUID_HV_BASE + 0xff)
		return false;
	cpuid_count(CPUID_HV_TIMING, 0, &khz, &b, &c, &d);
	if (!khz)
		return false;
	e->khz = khz;
	snprintf(e->source, sizeof(e->source), "hypervisor CPUID leaf 0x40000010");
	return true;
}

/*
 * A reference reading and the TSC at that moment: the read between two
 * TSC reads, the tightest of a few tries (an interrupt or a host
 * preemption only ever widens the bracket).
 */
static void refclock_sample(const struct refclock *rc, u64 *tsc, u32 *val)
{
	u64 best = ~0ULL;

	for (int i = 0; i < SAMPLE_TRIES; i++) {
		u64 t0 = rdtsc();
		u32 v = rc->read(rc);
		u64 t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*val = v;
		}
	}
}

static u64 refclock_delta(const struct refclock *rc, u32 from, u32 to)
{
	u32 mask = rc->bits == 32 ? ~0U : (1U << rc->bits) - 1;

	return (rc->counts_down ? from - to : to - from) & mask;
}

/*
 * TSC cycles per CALIBRATE_MS of the reference, polled often enough to
 * see every wrap (the PIT wraps every 55 ms). Both ends are bracketed, so
 * a preemption in between costs nothing. 0 when the reference does not count.
 */
static bool tsc_from_refclock(const struct refclock *rc, struct tsc_estimate *e)
{
	u64 target = rc->hz * CALIBRATE_MS / MSEC_PER_SEC, elapsed = 0;
	u64 t0, t1, give_up = TSC_KHZ_MAX * CALIBRATE_GIVE_UP_MS;
	u32 v0, prev, v;

	refclock_sample(rc, &t0, &v0);
	prev = v0;
	while (elapsed < target) {
		if (rdtsc() - t0 > give_up) {
			pr_warn("time: the %s does not count, not used\n", rc->name);
			return false;
		}
		v = rc->read(rc);
		elapsed += refclock_delta(rc, prev, v);
		prev = v;
	}
	refclock_sample(rc, &t1, &v);
	elapsed += refclock_delta(rc, prev, v);
	/* No overflow: t1 - t0 stays below 2^64 / 1e8 (HPETs tick at most 100 MHz) for 3 min. */
	e->khz = (t1 - t0) * rc->hz / elapsed / 1000;
	snprintf(e->source, sizeof(e->source), "%s", rc->name);
	return true;
}

/* Estimates in order of trust: next() gives the next one, false when there is none left. */
struct tsc_source_iter {
	bool (*next)(struct tsc_source_iter *it, struct tsc_estimate *e);
};

/* This machine's sources: the two CPUID leaves, then its reference counters. */
struct tsc_sources {
	struct tsc_source_iter it;
	unsigned int next;	/* 0, 1: the CPUID leaves; 2 on: refclock[next - 2] */
	struct refclock refclock[MAX_REFCLOCKS];
	int nrefclock;
};

static bool tsc_machine_next(struct tsc_source_iter *it, struct tsc_estimate *e)
{
	struct tsc_sources *s = container_of(it, struct tsc_sources, it);

	while (s->next < 2 + (unsigned int)s->nrefclock) {
		unsigned int i = s->next++;

		if (i == 0 ? tsc_from_cpuid(e) : i == 1 ? tsc_from_hypervisor(e) :
		    tsc_from_refclock(&s->refclock[i - 2], e))
			return true;
	}
	return false;
}

/* The next plausible estimate; an absurd one is reported and skipped. */
static bool tsc_next_estimate(struct tsc_source_iter *it, struct tsc_estimate *e)
{
	while (it->next(it, e)) {
		if (e->khz >= TSC_KHZ_MIN && e->khz <= TSC_KHZ_MAX)
			return true;
		pr_warn("time: the %s makes the TSC run at %llu kHz, which no x86-64 TSC does; not used\n",
			e->source, (unsigned long long)e->khz);
	}
	return false;
}

static bool tsc_agree(u64 a, u64 b)
{
	u64 diff = a > b ? a - b : b - a;

	return diff * 1000 <= max(a, b) * TSC_AGREE_PERMILLE;
}

/*
 * The rate the first two plausible estimates agree on; when they do not,
 * the first later one that agrees with either decides; with no agreement
 * at all the most trusted stands, said to be unconfirmed. Only as many
 * sources are asked (and measured) as that takes. 0 when none is plausible.
 */
static u64 tsc_choose(struct tsc_source_iter *it, char *how, size_t len)
{
	struct tsc_estimate a, b, c;

	if (!tsc_next_estimate(it, &a))
		return 0;
	if (!tsc_next_estimate(it, &b)) {
		snprintf(how, len, "from the %s alone (no other reference)", a.source);
		return a.khz;
	}
	if (tsc_agree(a.khz, b.khz)) {
		snprintf(how, len, "from the %s, the %s agrees", a.source, b.source);
		return a.khz;
	}
	pr_warn("time: the %s says %llu kHz, the %s %llu kHz; asking a third\n",
		a.source, (unsigned long long)a.khz, b.source, (unsigned long long)b.khz);
	while (tsc_next_estimate(it, &c)) {
		if (tsc_agree(c.khz, a.khz) || tsc_agree(c.khz, b.khz)) {
			const struct tsc_estimate *w = tsc_agree(c.khz, a.khz) ? &a : &b;

			snprintf(how, len, "from the %s, the %s agrees", w->source, c.source);
			return w->khz;
		}
	}
	pr_warn("time: no two references agree on the TSC's rate\n");
	snprintf(how, len, "from the %s, unconfirmed", a.source);
	return a.khz;
}

u64 tsc_calibrate(char *how, size_t len)
{
	struct tsc_sources s = { .it.next = tsc_machine_next };

	s.nrefclock = refclocks_probe(s.refclock, MAX_REFCLOCKS);
	return tsc_choose(&s.it, how, len);
}

SELFTEST(tsc_estimates_agree_within_2_percent)
{
	ST_ASSERT(tsc_agree(2000000, 2039000));
	ST_ASSERT(tsc_agree(2039000, 2000000));
	ST_ASSERT(!tsc_agree(2000000, 2050000));
	ST_ASSERT(!tsc_agree(14, 2600000));
}

/* Canned estimates, to run tsc_choose() on what a machine might say. */
struct tsc_canned {
	struct tsc_source_iter it;
	const struct tsc_estimate *e;
	int n, asked;
};

static bool tsc_canned_next(struct tsc_source_iter *it, struct tsc_estimate *e)
{
	struct tsc_canned *c = container_of(it, struct tsc_canned, it);

	if (c->asked == c->n)
		return false;
	*e = c->e[c->asked++];
	return true;
}

static u64 tsc_choose_canned(const struct tsc_estimate *e, int n, int *asked, char *how)
{
	struct tsc_canned c = { .it.next = tsc_canned_next, .e = e, .n = n };
	u64 khz = tsc_choose(&c.it, how, 128);

	*asked = c.asked;
	return khz;
}

/* An absurd estimate (microvm's PIT through port 0x61) is skipped, never used. */
SELFTEST(tsc_absurd_estimate_is_replaced)
{
	static const struct tsc_estimate microvm[] = {
		{ "PIT", 14 }, { "HPET", 2600000 }, { "ACPI PM timer", 2601000 },
	};
	static const struct tsc_estimate absurd[] = { { "PIT", 14 }, { "HPET", 90000000 } };
	char how[128];
	int asked;

	ST_EQ(tsc_choose_canned(microvm, 3, &asked, how), 2600000ULL);
	ST_ASSERT(strstr(how, "HPET") && strstr(how, "ACPI PM timer agrees"));
	ST_EQ(tsc_choose_canned(absurd, 2, &asked, how), 0ULL);
}

/* Two that disagree ask a third; the pair that agrees wins; two that agree ask no more. */
SELFTEST(tsc_disagreement_is_settled_by_a_third)
{
	static const struct tsc_estimate e[] = {
		{ "CPUID leaf 0x15", 2200000 }, { "HPET", 2600000 },
		{ "ACPI PM timer", 2601000 }, { "PIT", 2599000 },
	};
	char how[128];
	int asked;

	ST_EQ(tsc_choose_canned(e, 4, &asked, how), 2600000ULL);
	ST_EQ(asked, 3);
	ST_ASSERT(strstr(how, "from the HPET"));
	ST_EQ(tsc_choose_canned(e + 1, 3, &asked, how), 2600000ULL);
	ST_EQ(asked, 2);
	ST_EQ(tsc_choose_canned(e, 1, &asked, how), 2200000ULL);
	ST_ASSERT(strstr(how, "alone"));
}
