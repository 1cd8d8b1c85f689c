/*
 * Interrupt controllers: the legacy 8259 PICs are remapped and masked, the
 * local APIC takes the tick and end-of-interrupt, and the IOAPIC routes
 * device lines (GSIs) to vectors, as the ACPI MADT describes them (with no
 * IOAPIC described, as on QEMU's microvm without ACPI, the PICs deliver
 * the ISA lines instead, through LINT0: i8259.c);
 * message-signalled interrupts (MSI, MSI-X) get vectors of their own above
 * the IOAPIC's, and the device writes them straight to the local APIC.
 * References: Intel SDM Vol. 3A ch. 10 (APIC), 10.11 (MSI); 82093AA IOAPIC
 * datasheet.
 */
#include <kernel/irq.h>
#include <kernel/irq_internal.h>
#include <kernel/acpi.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/profile.h>
#include <kernel/ratelimit.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/random.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/sched.h>
#include <kernel/watchdog.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/ptrace.h>
#include <errno.h>
#include "i8259.h"

/* Local APIC registers (SDM Vol. 3A table 10-1). */
#define LAPIC_ID		0x020
#define LAPIC_EOI		0x0b0
#define LAPIC_SVR		0x0f0
#define LAPIC_LVT_TIMER		0x320
#define LAPIC_LVT_LINT0		0x350
#define LAPIC_LVT_LINT1		0x360
#define LAPIC_LVT_ERROR		0x370
#define LAPIC_TIMER_INIT	0x380
#define LAPIC_TIMER_CUR		0x390
#define LAPIC_TIMER_DIV		0x3e0
#define LVT_MASKED		(1 << 16)
#define LVT_TIMER_PERIODIC	(1 << 17)
#define LVT_DELIVERY_NMI	(4 << 8)
#define LVT_DELIVERY_EXTINT	(7 << 8)	/* SDM 10.5.1: the 8259's INTR, acknowledged by it */
#define SVR_ENABLE		(1 << 8)
#define LAPIC_CALIBRATE_MS	2

/* IOAPIC: an index/data window; redirection entries at 0x10 + 2n. */
#define IOAPIC_REGSEL		0x00
#define IOAPIC_WIN		0x10
#define IOAPIC_VER		0x01
#define IOAPIC_REDTBL(n)	(0x10 + 2 * (n))
#define RTE_MASKED		(1 << 16)
#define RTE_LEVEL		(1 << 15)
#define RTE_ACTIVE_LOW		(1 << 13)

#define MAX_GSI			(0xfe - IRQ_VECTOR_BASE)
#define PIC_MASKED_VECTORS	0xf0	/* the PICs' vectors while the IOAPIC serves */

/*
 * MSI vectors are handed out from MSI_VECTOR_TOP down to just above the
 * highest IOAPIC line's vector; 0xf0-0xfe stay free for system vectors.
 */
#define MSI_VECTOR_TOP		0xef
#define NR_VECTORS		256

/* SDM Vol. 3A 10.11.1, 10.11.2: MSI address and data for fixed delivery. */
#define MSI_ADDR_BASE		0xfee00000u
#define MSI_ADDR_DEST_SHIFT	12	/* destination APIC id, bits 19:12 */
#define MSI_DATA_VECTOR_MASK	0xffu	/* delivery mode 000 (fixed), edge */

struct ioapic {
	volatile u32 *base;
	u32 gsi_base;
	u32 nr_lines;
	u8 id;
};

struct irq_action {
	irq_handler_t handler;
	void *dev;
	const char *name;
	struct irq_action *next;
};

struct irq_line {
	struct irq_action *actions;
	u64 count;
	bool level;
};

static volatile u32 *lapic;
static struct ioapic ioapics[8];
static int nr_ioapics;
static struct irq_line irq_lines[MAX_GSI];
/* By vector: a vector is an MSI's from msi_irq_alloc() to msi_irq_free(). */
static struct irq_line msi_lines[NR_VECTORS];
static bool msi_allocated[NR_VECTORS];
static u64 timer_irq_count;
static bool pic_mode;		/* no IOAPIC: the 8259s deliver ISA IRQ 0-15 */
static DEFINE_SPINLOCK(irq_lock);

static u32 lapic_read(u32 reg)
{
	return lapic[reg / 4];
}

static void lapic_write(u32 reg, u32 v)
{
	lapic[reg / 4] = v;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

static u32 ioapic_read(struct ioapic *io, u32 reg)
{
	io->base[IOAPIC_REGSEL / 4] = reg;
	return io->base[IOAPIC_WIN / 4];
}

static void ioapic_write(struct ioapic *io, u32 reg, u32 v)
{
	io->base[IOAPIC_REGSEL / 4] = reg;
	io->base[IOAPIC_WIN / 4] = v;
}

static struct ioapic *ioapic_for_gsi(unsigned int gsi, unsigned int *pin)
{
	for (int i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi < io->gsi_base + io->nr_lines) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

static void irq_dispatch(struct pt_regs *regs)
{
	unsigned int gsi = regs->vector - IRQ_VECTOR_BASE;
	struct irq_line *line = &irq_lines[gsi];
	bool handled = false;

	if (pic_mode && pic_spurious(gsi))
		return;
	line->count++;
	add_interrupt_randomness(gsi ^ regs->rip);
	for (struct irq_action *a = line->actions; a; a = a->next)
		handled |= a->handler(gsi, a->dev) == IRQ_HANDLED;
	if (!handled)
		pr_trace_ratelimited(TRACE_IRQ, "irq %u: no handler claimed it\n", gsi);
	/* ExtINT delivery leaves the local APIC's ISR alone: only the PIC wants the EOI. */
	if (pic_mode)
		pic_eoi(gsi);
	else
		lapic_eoi();
}

/* Message-signalled: edge-triggered, never shared between devices. */
static void msi_dispatch(struct pt_regs *regs)
{
	unsigned int vector = regs->vector;
	struct irq_line *line = &msi_lines[vector];
	bool handled = false;

	line->count++;
	add_interrupt_randomness(vector ^ regs->rip);
	for (struct irq_action *a = line->actions; a; a = a->next)
		handled |= a->handler(MSI_IRQ_BASE + vector, a->dev) == IRQ_HANDLED;
	if (!handled)
		pr_trace_ratelimited(TRACE_IRQ, "msi vector %#x: no handler claimed it\n",
				     vector);
	lapic_eoi();
}

static void timer_interrupt(struct pt_regs *regs)
{
	timer_irq_count++;
	profile_tick(regs);
	lapic_eoi();
	timer_tick();
	scheduler_tick();
	softlockup_tick(regs);
}

static void spurious_interrupt(struct pt_regs *regs)
{
	/* SDM 10.9: no EOI for a spurious interrupt. */
}

static void ioapic_route(unsigned int gsi, bool level, bool active_low)
{
	unsigned int pin;
	struct ioapic *io = ioapic_for_gsi(gsi, &pin);
	u32 lo = (IRQ_VECTOR_BASE + gsi) | (level ? RTE_LEVEL : 0) |
		 (active_low ? RTE_ACTIVE_LOW : 0);
	u32 dest = lapic_read(LAPIC_ID) >> 24;

	ioapic_write(io, IOAPIC_REDTBL(pin) + 1, dest << 24);
	ioapic_write(io, IOAPIC_REDTBL(pin), lo);
}

/* A line exists on the IOAPICs, or (without them) on the PICs. */
static bool irq_line_exists(unsigned int gsi)
{
	unsigned int pin;

	if (pic_mode)
		return gsi < PIC_NR_IRQS;
	return gsi < MAX_GSI && ioapic_for_gsi(gsi, &pin);
}

/* The PICs know no polarity: an ISA line is active high. */
static void line_route(unsigned int gsi, bool level, bool active_low)
{
	if (pic_mode) {
		pic_set_level(gsi, level);
		pic_unmask(gsi);
		return;
	}
	ioapic_route(gsi, level, active_low);
}

static void line_mask(unsigned int gsi)
{
	unsigned int pin;
	struct ioapic *io;

	if (pic_mode) {
		pic_mask(gsi);
		return;
	}
	io = ioapic_for_gsi(gsi, &pin);
	if (io)
		ioapic_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
}

/*
 * Lines below 16 are ISA IRQ numbers, which the MADT's source overrides may
 * move and re-polarize (ACPI 6.4, 5.2.12.5); a PCI device that the firmware
 * routed to such a line inherits what the override says. Lines 16 and up
 * are PCI INTx wired straight to the IOAPIC: level-triggered, active low.
 */
static int request_msi_irq(unsigned int irq, irq_handler_t handler,
			   unsigned long flags, const char *name, void *dev)
{
	unsigned int vector = irq - MSI_IRQ_BASE;
	struct irq_line *line;
	struct irq_action *a;
	unsigned long iflags;

	if (vector >= NR_VECTORS)
		return -EINVAL;
	a = kzalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->handler = handler;
	a->dev = dev;
	a->name = name;
	line = &msi_lines[vector];
	spin_lock_irqsave(&irq_lock, iflags);
	if (!msi_allocated[vector] ||
	    (line->actions && !(flags & IRQF_SHARED))) {
		bool allocated = msi_allocated[vector];

		spin_unlock_irqrestore(&irq_lock, iflags);
		kfree(a);
		return allocated ? -EBUSY : -EINVAL;
	}
	a->next = line->actions;
	line->actions = a;
	set_vector_handler(vector, msi_dispatch);
	spin_unlock_irqrestore(&irq_lock, iflags);
	printk("irq: %s on MSI vector %#x (edge, to APIC id %u)\n", name, vector,
	       lapic_read(LAPIC_ID) >> 24);
	return 0;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev)
{
	struct irq_action *a;
	struct irq_line *line;
	unsigned long iflags;
	unsigned int gsi = irq;
	bool level = irq >= 16, active_low = irq >= 16;

	if (irq_is_msi(irq))
		return request_msi_irq(irq, handler, flags, name, dev);
	if (irq < 16)
		gsi = acpi_isa_irq_to_gsi(irq, &level, &active_low);
	if (flags & IRQF_TRIGGER_MASK) {
		level = flags & (IRQF_TRIGGER_HIGH | IRQF_TRIGGER_LOW);
		active_low = flags & (IRQF_TRIGGER_LOW | IRQF_TRIGGER_FALLING);
	}
	if (!irq_line_exists(gsi))
		return -EINVAL;
	a = kzalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->handler = handler;
	a->dev = dev;
	a->name = name;
	line = &irq_lines[gsi];
	spin_lock_irqsave(&irq_lock, iflags);
	if (line->actions && !(flags & IRQF_SHARED)) {
		spin_unlock_irqrestore(&irq_lock, iflags);
		kfree(a);
		return -EBUSY;
	}
	a->next = line->actions;
	line->actions = a;
	line->level = level;
	set_vector_handler(IRQ_VECTOR_BASE + gsi, irq_dispatch);
	line_route(gsi, level, active_low);
	spin_unlock_irqrestore(&irq_lock, iflags);
	printk("irq: %s on %s %u (vector %#x, %s, active %s)\n", name,
	       pic_mode ? "8259 IRQ" : "GSI", gsi, IRQ_VECTOR_BASE + gsi,
	       level ? "level" : "edge", active_low && !pic_mode ? "low" : "high");
	return 0;
}

int request_isa_irq(unsigned int isa_irq, irq_handler_t handler,
		    const char *name, void *dev)
{
	return request_irq(isa_irq, handler, 0, name, dev);
}

/* Unhook dev's action from a line; returns it (the caller frees it) or NULL. */
static struct irq_action *irq_unhook(struct irq_line *line, void *dev)
{
	for (struct irq_action **pp = &line->actions; *pp; pp = &(*pp)->next) {
		if ((*pp)->dev == dev) {
			struct irq_action *found = *pp;

			*pp = found->next;
			return found;
		}
	}
	return NULL;
}

void free_irq(unsigned int irq, void *dev)
{
	unsigned long flags;
	unsigned int gsi = irq;
	bool level, active_low;
	struct irq_action *found;

	if (irq_is_msi(irq)) {
		if (irq - MSI_IRQ_BASE >= NR_VECTORS)
			return;
		spin_lock_irqsave(&irq_lock, flags);
		found = irq_unhook(&msi_lines[irq - MSI_IRQ_BASE], dev);
		spin_unlock_irqrestore(&irq_lock, flags);
		kfree(found);
		return;
	}
	if (irq < 16)
		gsi = acpi_isa_irq_to_gsi(irq, &level, &active_low);
	if (!irq_line_exists(gsi))
		return;
	spin_lock_irqsave(&irq_lock, flags);
	found = irq_unhook(&irq_lines[gsi], dev);
	if (!irq_lines[gsi].actions)
		line_mask(gsi);
	spin_unlock_irqrestore(&irq_lock, flags);
	kfree(found);
}

/* The first vector above every IOAPIC (or PIC) line's (IRQ_VECTOR_BASE + GSI). */
static unsigned int msi_vector_floor(void)
{
	unsigned int end = pic_mode ? PIC_NR_IRQS : 0;

	for (int i = 0; i < nr_ioapics; i++)
		end = max(end, ioapics[i].gsi_base + ioapics[i].nr_lines);
	return IRQ_VECTOR_BASE + min(end, (unsigned int)MAX_GSI);
}

/*
 * SDM Vol. 3A 10.11.1: address 0xFEE00000 with the destination APIC id in
 * bits 19:12 (physical destination mode, no redirection hint); 10.11.2:
 * data is the vector with fixed delivery, edge trigger (bits 15:8 zero).
 */
void msi_compose_msg(unsigned int irq, struct msi_msg *msg)
{
	msg->address = MSI_ADDR_BASE |
		       (lapic_read(LAPIC_ID) >> 24) << MSI_ADDR_DEST_SHIFT;
	msg->data = (irq - MSI_IRQ_BASE) & MSI_DATA_VECTOR_MASK;
}

int msi_irq_alloc(struct msi_msg *msg)
{
	unsigned int floor = msi_vector_floor();
	unsigned long flags;
	int irq = -ENOSPC;

	spin_lock_irqsave(&irq_lock, flags);
	for (unsigned int v = MSI_VECTOR_TOP; v >= floor; v--) {
		if (!msi_allocated[v]) {
			msi_allocated[v] = true;
			msi_lines[v].count = 0;
			irq = MSI_IRQ_BASE + v;
			break;
		}
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	if (irq >= 0 && msg)
		msi_compose_msg(irq, msg);
	return irq;
}

void msi_irq_free(unsigned int irq)
{
	unsigned int v = irq - MSI_IRQ_BASE;
	unsigned long flags;

	if (!irq_is_msi(irq) || v >= NR_VECTORS)
		return;
	spin_lock_irqsave(&irq_lock, flags);
	if (msi_allocated[v] && !msi_lines[v].actions) {
		msi_allocated[v] = false;
		set_vector_handler(v, NULL);
	}
	spin_unlock_irqrestore(&irq_lock, flags);
}

int irq_get_stats(struct irq_stats_entry *out, int n)
{
	int k = 0;

	if (k < n)
		out[k++] = (struct irq_stats_entry){ 0, TIMER_VECTOR, "lapic-timer",
						     timer_irq_count };
	for (unsigned int g = 0; g < MAX_GSI && k < n; g++) {
		if (!irq_lines[g].actions)
			continue;
		out[k++] = (struct irq_stats_entry){ g, IRQ_VECTOR_BASE + g,
			irq_lines[g].actions->name, irq_lines[g].count };
	}
	for (unsigned int v = MSI_VECTOR_TOP; v >= IRQ_VECTOR_BASE && k < n; v--) {
		if (!msi_lines[v].actions)
			continue;
		out[k++] = (struct irq_stats_entry){ MSI_IRQ_BASE + v, v,
			msi_lines[v].actions->name, msi_lines[v].count };
	}
	return k;
}

/*
 * Count LAPIC timer ticks (divide by 16) against the TSC-based clock over
 * LAPIC_CALIBRATE_MS, then run the timer periodically at hz. Both counters
 * are read as they stand, so 2 ms give the rate to a tenth of a percent,
 * which is all a tick needs (jiffies come from the TSC, not the tick).
 */
void lapic_timer_start(unsigned int hz)
{
	u64 t0, t1;
	u32 ticks;

	lapic_write(LAPIC_TIMER_DIV, 0x3);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	t0 = ktime_get_ns();
	while (ktime_get_ns() - t0 < LAPIC_CALIBRATE_MS * NSEC_PER_MSEC)
		cpu_relax();
	ticks = 0xffffffff - lapic_read(LAPIC_TIMER_CUR);
	t1 = ktime_get_ns();
	ticks = (u64)ticks * NSEC_PER_SEC / (t1 - t0) / hz;
	if (ticks == 0)
		ticks = 1;
	set_vector_handler(TIMER_VECTOR, timer_interrupt);
	lapic_write(LAPIC_LVT_TIMER, TIMER_VECTOR | LVT_TIMER_PERIODIC);
	lapic_write(LAPIC_TIMER_INIT, ticks);
	printk("apic: timer at %u Hz (%u bus ticks/16 per tick)\n", hz, ticks);
}

static void ioapic_setup(const struct acpi_madt_info *m)
{
	for (int i = 0; i < m->nioapic && nr_ioapics < (int)ARRAY_SIZE(ioapics); i++) {
		struct ioapic *io = &ioapics[nr_ioapics];

		io->base = ioremap(m->ioapic[i].addr, PAGE_SIZE);
		if (!io->base)
			continue;
		io->id = m->ioapic[i].id;
		io->gsi_base = m->ioapic[i].gsi_base;
		io->nr_lines = ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xff) + 1;
		for (u32 pin = 0; pin < io->nr_lines; pin++)
			ioapic_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
		printk("apic: IOAPIC %u at %#x, GSI %u-%u\n", io->id,
		       m->ioapic[i].addr, io->gsi_base,
		       io->gsi_base + io->nr_lines - 1);
		nr_ioapics++;
	}
}

void apic_init(void)
{
	const struct acpi_madt_info *m = acpi_madt();
	u64 base = rdmsr(MSR_IA32_APICBASE);
	phys_addr_t lapic_pa = m && m->lapic_addr ? m->lapic_addr : (base & ~0xfffULL);

	pic_mode = !m || m->nioapic == 0;
	if (pic_mode && !pic_present())
		panic("no IOAPIC described by ACPI and no 8259 PIC: "
		      "no way to receive device interrupts");
	pic_init(pic_mode ? IRQ_VECTOR_BASE : PIC_MASKED_VECTORS);
	wrmsr(MSR_IA32_APICBASE, (base & ~0xfffULL) | MSR_IA32_APICBASE_ENABLE | (lapic_pa & ~0xfffULL));
	lapic = ioremap(lapic_pa, PAGE_SIZE);
	if (!lapic)
		panic("apic: cannot map the local APIC");
	lapic_write(LAPIC_LVT_LINT0, pic_mode ? LVT_DELIVERY_EXTINT : LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_DELIVERY_NMI);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	set_vector_handler(SPURIOUS_VECTOR, spurious_interrupt);
	lapic_write(LAPIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
	lapic_eoi();
	printk("apic: local APIC id %u at %#llx, %s\n", lapic_read(LAPIC_ID) >> 24,
	       (unsigned long long)lapic_pa,
	       pic_mode ? "no IOAPIC: device interrupts through the 8259 PIC (virtual wire)" :
			  "legacy PIC masked");
	if (!pic_mode)
		ioapic_setup(m);
}
