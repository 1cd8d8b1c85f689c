/* Kernel symbol lookup from the table embedded at link time (tools/kallsyms.sh). */
#ifndef _KERNEL_KSYMS_H
#define _KERNEL_KSYMS_H

#include <kernel/types.h>

/* Name of the function containing addr and the offset into it; NULL if unknown. */
const char *ksym_lookup(u64 addr, u64 *offset, u64 *size);
/* Print "name+0x1f/0x80" (or the bare address). */
void print_symbol(u64 addr);
/* Walk the frame-pointer chain from rbp, printing each return address. */
void print_backtrace(u64 rip, u64 rbp);
/* Backtrace of the caller. */
void dump_stack(void);

#endif
