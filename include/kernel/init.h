/*
 * Initcalls: subsystems that start after the core (network stack, drivers'
 * late setup, services) register a function here instead of being named in
 * main.c. They run in the init thread in level order, then link order.
 */
#ifndef _KERNEL_INIT_H
#define _KERNEL_INIT_H

#include <kernel/types.h>

typedef int (*initcall_t)(void);

#define __define_initcall(fn, level)					\
	static const initcall_t __initcall_##fn				\
	__section(".initcall." #level) __used __aligned(8) = fn

#define core_initcall(fn)	__define_initcall(fn, 1)	/* skb, net core */
#define subsys_initcall(fn)	__define_initcall(fn, 2)	/* protocols */
#define device_initcall(fn)	__define_initcall(fn, 3)	/* interface config */
#define late_initcall(fn)	__define_initcall(fn, 4)	/* services */

void do_initcalls(void);

/* kernel/time/time.c: the clock's origin at entry; its rate once ACPI is read. */
void time_early_init(void);
void time_init(void);

#endif
