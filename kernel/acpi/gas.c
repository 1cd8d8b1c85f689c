/* Registers an ACPI Generic Address Structure names (ACPI 6.5 §5.2.3.2), in system I/O or memory space. */
#include <kernel/acpi.h>
#include <kernel/mm.h>
#include <asm/io.h>
#include <errno.h>
#include "internal.h"

/* Access width of a register in bytes: its GAS bit width, else dflt. */
static int gas_bytes(const struct acpi_gas *g, int dflt)
{
	switch (g->bit_width) {
	case 8:
		return 1;
	case 16:
		return 2;
	case 32:
		return 4;
	}
	return dflt;
}

/* ACPI 6.5 §5.2.3.2: registers in system I/O or system memory space. */
int acpi_gas_read(const struct acpi_gas *g, int dflt, u64 *val)
{
	int n = gas_bytes(g, dflt);
	void *m;

	if (g->space_id == ACPI_SPACE_IO && g->address <= 0x10000U - n) {
		*val = n == 1 ? inb(g->address) : n == 2 ? inw(g->address) :
							   inl(g->address);
		return 0;
	}
	if (g->space_id != ACPI_SPACE_MEMORY)
		return -EOPNOTSUPP;
	m = ioremap(g->address, n);
	if (!m)
		return -ENOMEM;
	*val = n == 1 ? readb(m) : n == 2 ? readw(m) : readl(m);
	return 0;
}

int acpi_gas_write(const struct acpi_gas *g, int dflt, u64 val)
{
	int n = gas_bytes(g, dflt);
	void *m;

	if (g->space_id == ACPI_SPACE_IO && g->address <= 0x10000U - n) {
		if (n == 1)
			outb(g->address, val);
		else if (n == 2)
			outw(g->address, val);
		else
			outl(g->address, val);
		return 0;
	}
	if (g->space_id != ACPI_SPACE_MEMORY)
		return -EOPNOTSUPP;
	m = ioremap(g->address, n);
	if (!m)
		return -ENOMEM;
	if (n == 1)
		writeb(val, m);
	else if (n == 2)
		writew(val, m);
	else
		writel(val, m);
	return 0;
}
