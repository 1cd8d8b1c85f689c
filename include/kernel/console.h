/* Console devices: the serial port and the screen. */
#ifndef _KERNEL_CONSOLE_H
#define _KERNEL_CONSOLE_H

#include <kernel/types.h>

bool serial_init(void);
bool serial_available(void);
int serial_getc(void);
void serial_enable_rx_irq(void);

/* VGA text mode at 0xb8000, when the boot left the screen in text mode. */
bool vga_init(void);

#endif
