/*
 * The two cascaded 8259A PICs (Intel 8259A datasheet; the PC/AT wiring:
 * slave on master line 2, ports 0x20/0xa0 and 0x21/0xa1, edge/level
 * control at 0x4d0/0x4d1). With an IOAPIC they are remapped out of the
 * way and masked; without one (QEMU's microvm with ACPI off) they deliver
 * the ISA lines through the local APIC's LINT0 in ExtINT mode, the
 * "virtual wire" of the MP specification (§3.6.2.2).
 */
#include <kernel/irq.h>
#include <asm/io.h>
#include "i8259.h"

#define PIC_MASTER_CMD		0x20
#define PIC_MASTER_DATA		0x21
#define PIC_SLAVE_CMD		0xa0
#define PIC_SLAVE_DATA		0xa1
#define PIC_ELCR_MASTER		0x4d0
#define PIC_ELCR_SLAVE		0x4d1

#define ICW1_INIT_ICW4		0x11	/* edge triggered (ELCR decides), cascade, ICW4 follows */
#define ICW3_MASTER_SLAVE_ON_2	0x04
#define ICW3_SLAVE_ID_2		0x02
#define ICW4_8086		0x01
#define OCW2_EOI		0x20	/* non-specific end of interrupt */
#define OCW3_READ_ISR		0x0b
#define PIC_CASCADE_IRQ		2

static u16 pic_masks = 0xffff;	/* what OCW1 last wrote, bit per ISA line */

static void pic_write_masks(void)
{
	outb(PIC_MASTER_DATA, (u8)pic_masks);
	outb(PIC_SLAVE_DATA, (u8)(pic_masks >> 8));
}

/* ICW1-4: vectors base..base+15, cascade on line 2, every line masked. */
void pic_init(u8 base)
{
	outb(PIC_MASTER_CMD, ICW1_INIT_ICW4); io_delay();
	outb(PIC_SLAVE_CMD, ICW1_INIT_ICW4); io_delay();
	outb(PIC_MASTER_DATA, base); io_delay();
	outb(PIC_SLAVE_DATA, base + 8); io_delay();
	outb(PIC_MASTER_DATA, ICW3_MASTER_SLAVE_ON_2); io_delay();
	outb(PIC_SLAVE_DATA, ICW3_SLAVE_ID_2); io_delay();
	outb(PIC_MASTER_DATA, ICW4_8086); io_delay();
	outb(PIC_SLAVE_DATA, ICW4_8086); io_delay();
	pic_masks = 0xffff;
	pic_write_masks();
}

/* OCW1 reads back what was written; with no PIC the port floats to all ones. */
bool pic_present(void)
{
	u8 saved = inb(PIC_MASTER_DATA);
	bool ok;

	outb(PIC_MASTER_DATA, 0xa5);
	ok = inb(PIC_MASTER_DATA) == 0xa5;
	outb(PIC_MASTER_DATA, saved);
	return ok;
}

/* A slave line needs the cascade line open on the master too. */
void pic_unmask(unsigned int irq)
{
	pic_masks &= (u16)~(1U << irq);
	if (irq >= 8)
		pic_masks &= (u16)~(1U << PIC_CASCADE_IRQ);
	pic_write_masks();
}

void pic_mask(unsigned int irq)
{
	pic_masks |= (u16)(1U << irq);
	pic_write_masks();
}

/* ELCR (the PIIX/ICH edge/level control registers): 1 = level. */
void pic_set_level(unsigned int irq, bool level)
{
	u16 port = irq < 8 ? PIC_ELCR_MASTER : PIC_ELCR_SLAVE;
	u8 bit = (u8)(1U << (irq & 7)), v = inb(port);

	outb(port, level ? v | bit : v & (u8)~bit);
}

static u8 pic_isr(u16 cmd)
{
	outb(cmd, OCW3_READ_ISR);
	return inb(cmd);
}

/*
 * 8259A datasheet, "Interrupt Sequence": a request that goes away before
 * the acknowledge is reported as line 7 of its PIC with no ISR bit set.
 * Such a spurious one gets no EOI (a slave's spurious still needs the
 * master's, for the cascade line).
 */
bool pic_spurious(unsigned int irq)
{
	if (irq == 7 && !(pic_isr(PIC_MASTER_CMD) & 0x80))
		return true;
	if (irq == 15 && !(pic_isr(PIC_SLAVE_CMD) & 0x80)) {
		outb(PIC_MASTER_CMD, OCW2_EOI);
		return true;
	}
	return false;
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC_SLAVE_CMD, OCW2_EOI);
	outb(PIC_MASTER_CMD, OCW2_EOI);
}
