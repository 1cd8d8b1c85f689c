/*
 * Strict string-to-number conversion (Linux's lib/kstrtox.c): the whole
 * string must be the number, unlike strtoul's, which stops at the first
 * stranger and reads "" as 0. For command-line options and /proc writes.
 */
#ifndef _KERNEL_KSTRTOX_H
#define _KERNEL_KSTRTOX_H

#include <kernel/types.h>

/*
 * s in base (0: "0x" hex, "0" octal, else decimal; 16 also takes "0x"),
 * an optional '+' first and one '\n' last. 0 and *res set; -EINVAL for
 * anything else (empty, a sign, a stray character); -ERANGE past the type.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);

#endif
