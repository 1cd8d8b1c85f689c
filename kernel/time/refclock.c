/*
 * Reference counters of known frequency, for calibrating the TSC: the
 * HPET's main counter (IA-PC HPET 1.0a), the ACPI PM timer (ACPI 6.5
 * §4.8.3.3) and channel 0 of the 8254 PIT. Each is read as the hardware
 * computes it at the moment of the read (also under QEMU, where all three
 * derive from the host clock), so a late poll costs nothing but the poll.
 */
#include <kernel/acpi.h>
#include <kernel/mm.h>
#include <asm/io.h>
#include "internal.h"

/* IA-PC HPET 1.0a §2.3: general registers and the main counter. */
#define HPET_GCAP_PERIOD	0x004	/* GCAP_ID bits 63:32, COUNTER_CLK_PERIOD in fs */
#define HPET_GEN_CONF		0x010
#define  HPET_ENABLE_CNF	0x1
#define HPET_MAIN_CNT		0x0f0
#define HPET_MAX_PERIOD_FS	100000000ULL	/* §2.3.4: at most 100 ns */
#define FSEC_PER_SEC		1000000000000000ULL

/* ACPI 6.5 §4.8.3.3: the PM timer runs at 3.579545 MHz. */
#define ACPI_PM_TIMER_HZ	3579545ULL

/* 8254 datasheet: channel 0 data, the mode/command register, the input clock. */
#define PIT_CH0			0x40
#define PIT_CMD			0x43
#define  PIT_CMD_CH0_LOHI_MODE2	0x34	/* channel 0, lobyte/hibyte, rate generator */
#define  PIT_CMD_CH0_LATCH	0x00	/* counter latch command, channel 0 */
#define PIT_HZ			1193182ULL

static u32 hpet_read(const struct refclock *rc)
{
	return readl((const volatile u8 *)rc->mmio + HPET_MAIN_CNT);
}

/* The main counter's low 32 bits, started if the firmware left it stopped. */
static bool hpet_probe(struct refclock *rc)
{
	phys_addr_t base = acpi_hpet_base();
	u8 *regs;
	u64 period;

	if (!base || !(regs = ioremap(base, PAGE_SIZE)))
		return false;
	/* 32-bit accesses only: §2.3 allows them, and not every HPET takes 64. */
	period = readl(regs + HPET_GCAP_PERIOD);
	if (period == 0 || period > HPET_MAX_PERIOD_FS)
		return false;
	if (!(readl(regs + HPET_GEN_CONF) & HPET_ENABLE_CNF))
		writel(readl(regs + HPET_GEN_CONF) | HPET_ENABLE_CNF, regs + HPET_GEN_CONF);
	*rc = (struct refclock){ .name = "HPET", .hz = FSEC_PER_SEC / period,
				 .bits = 32, .read = hpet_read, .mmio = regs };
	return true;
}

static u32 pmtmr_read(const struct refclock *rc)
{
	return inl(rc->port);
}

/* A port-I/O PM timer of 24 or 32 bits; hardware-reduced platforms have none. */
static bool pmtmr_probe(struct refclock *rc)
{
	const struct acpi_fadt_info *fi = acpi_fadt();

	if (!fi || !fi->pm_tmr.address || fi->pm_tmr.space_id != ACPI_SPACE_IO ||
	    fi->pm_tmr.address > 0xfffc)
		return false;
	*rc = (struct refclock){ .name = "ACPI PM timer", .hz = ACPI_PM_TIMER_HZ,
				 .bits = fi->pm_tmr_32bit ? 32 : 24,
				 .read = pmtmr_read, .port = (u16)fi->pm_tmr.address };
	return true;
}

/* The latched count of channel 0 (8254 datasheet, "Counter Latch Command"). */
static u32 pit_read(const struct refclock *rc)
{
	u8 lo, hi;

	outb(PIT_CMD, PIT_CMD_CH0_LATCH);
	lo = inb(PIT_CH0);
	hi = inb(PIT_CH0);
	return (u32)hi << 8 | lo;
}

/*
 * Channel 0 as a free-running 16-bit down counter (mode 2, reload 65536).
 * Not channel 2: its gate and output sit behind port 0x61, which machines
 * without a PC speaker (QEMU's microvm) do not decode, and an all-ones read
 * there looks like a count that ended at once. Its interrupt stays masked:
 * the LAPIC timer is the tick. Absent, the PIT reads a constant, which the
 * calibration notices as a counter that does not count.
 */
static bool pit_probe(struct refclock *rc)
{
	outb(PIT_CMD, PIT_CMD_CH0_LOHI_MODE2);
	outb(PIT_CH0, 0);
	outb(PIT_CH0, 0);
	*rc = (struct refclock){ .name = "PIT", .hz = PIT_HZ, .bits = 16,
				 .counts_down = true, .read = pit_read };
	return true;
}

int refclocks_probe(struct refclock *out, int max)
{
	static bool (*const probes[])(struct refclock *) = {
		hpet_probe, pmtmr_probe, pit_probe,
	};
	int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(probes) && n < max; i++)
		if (probes[i](&out[n]))
			n++;
	return n;
}
