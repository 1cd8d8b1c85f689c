/*
 * The stack protector's canary (gcc -fstack-protector-strong with
 * -mstack-protector-guard=global): kernel/stackprotector.c.
 */
#ifndef _KERNEL_STACKPROTECTOR_H
#define _KERNEL_STACKPROTECTOR_H

#include <kernel/types.h>

/*
 * For a function whose frame is live while the canary changes: its
 * check would compare the old value with the new one.
 */
#define __no_stack_protector	__attribute__((no_stack_protector))

extern u64 __stack_chk_guard;

/*
 * Set the canary from the random generator, once, early in kernel_main:
 * every protected function that runs before returns before, and
 * kernel_main itself never returns.
 */
void boot_init_stack_canary(void);

#endif
