/*
 * Time: the TSC, calibrated by tsc.c, is the monotonic clock in
 * nanoseconds, and jiffies are derived from it; the LAPIC tick drives the
 * timers and the scheduler; the CMOS RTC read once at boot anchors
 * wall-clock time.
 */
#include <kernel/time.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <kernel/timer.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/init.h>
#include <asm/io.h>
#include <asm/msr.h>
#include "internal.h"

static u64 tsc_at_boot;
static u64 tsc_khz;
static u64 ns_mult;	/* ns = cycles * ns_mult >> 32 */
static u64 rtc_boot_seconds;

u64 ktime_get_ns(void)
{
	if (!ns_mult)
		return 0;
	return (u64)(((unsigned __int128)(rdtsc() - tsc_at_boot) * ns_mult) >> 32);
}

static u8 cmos_read(u8 reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int bcd(u8 v, bool is_bcd)
{
	return is_bcd ? (v & 0x0f) + (v >> 4) * 10 : v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (civil-from-days inverse). */
static u64 days_from_civil(int y, unsigned int m, unsigned int d)
{
	int era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (u64)(era * 146097 + (int)doe - 719468);
}

/* MC146818 RTC: wait out an update in progress, then read once. */
static void rtc_read(void)
{
	unsigned int sec, min, hour, day, mon, year;
	bool is_bcd, h12;
	u8 regb;

	for (int i = 0; i < 100000 && (cmos_read(0x0a) & 0x80); i++)
		cpu_relax();
	regb = cmos_read(0x0b);
	is_bcd = !(regb & 0x04);
	h12 = !(regb & 0x02);
	sec = bcd(cmos_read(0x00), is_bcd);
	min = bcd(cmos_read(0x02), is_bcd);
	hour = cmos_read(0x04);
	day = bcd(cmos_read(0x07), is_bcd);
	mon = bcd(cmos_read(0x08), is_bcd);
	year = bcd(cmos_read(0x09), is_bcd) + 2000;
	if (h12 && (hour & 0x80))
		hour = (bcd(hour & 0x7f, is_bcd) % 12) + 12;
	else
		hour = bcd(hour & 0x7f, is_bcd);
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
		return;
	rtc_boot_seconds = days_from_civil(year, mon, day) * 86400 +
			   hour * 3600 + min * 60 + sec;
}

/*
 * jiffies are read from the TSC clock, not counted by the tick. Under
 * emulation the tick interrupt arrives late while the CPU keeps running,
 * then in a burst: a counted jiffies would be stale when a deadline is
 * computed from it and would then run fast, so sleeps and timers could end
 * early. Read from the clock, a deadline is never early.
 */
u64 get_jiffies_64(void)
{
	return ktime_get_ns() / (NSEC_PER_SEC / HZ);
}

u64 ktime_get_real_seconds(void)
{
	return rtc_boot_seconds + ktime_get_ns() / NSEC_PER_SEC;
}

u64 ktime_mono_to_real(u64 ns)
{
	return rtc_boot_seconds * NSEC_PER_SEC + ns;
}

void udelay(u64 us)
{
	u64 end;

	/* Before calibration: port 0x80 writes take about 1 us on a PC. */
	if (!ns_mult) {
		while (us--)
			io_delay();
		return;
	}
	end = ktime_get_ns() + us * NSEC_PER_USEC;
	while (ktime_get_ns() < end)
		cpu_relax();
}

void mdelay(u64 ms)
{
	udelay(ms * 1000);
}

void time_early_init(void)
{
	tsc_at_boot = rdtsc();
}

void time_init(void)
{
	char how[128];

	tsc_khz = tsc_calibrate(how, sizeof(how));
	if (!tsc_khz)
		panic("time: no CPUID leaf, HPET, ACPI PM timer or PIT tells the TSC's rate");
	ns_mult = (1000000ULL << 32) / tsc_khz;
	rtc_read();
	printk("time: TSC %llu.%03llu MHz, %s\n", (unsigned long long)(tsc_khz / 1000),
	       (unsigned long long)(tsc_khz % 1000), how);
}

SELFTEST(clock_monotonic_and_sane)
{
	u64 a = ktime_get_ns(), b;

	mdelay(20);
	b = ktime_get_ns();
	ST_ASSERT(b > a);
	/* A 20 ms busy wait measured by the same clock: at least 20 ms. */
	ST_ASSERT(b - a >= 20 * NSEC_PER_MSEC);
}

SELFTEST(lapic_tick_runs)
{
	struct irq_stats_entry e[1];
	u64 before;

	ST_EQ(irq_get_stats(e, 1), 1);
	before = e[0].count;
	msleep(200);
	irq_get_stats(e, 1);
	/*
	 * 200 ms at HZ = 1000, a tenth of it required: QEMU's periodic APIC
	 * timer skips the periods its host gave it no time for (the next
	 * expiry is the next period boundary after now, hw/intc/apic_common.c
	 * apic_next_timer()), and a busy host under TCG starves it for tens
	 * of milliseconds at once.
	 */
	ST_ASSERT(e[0].count - before >= 20);
}
