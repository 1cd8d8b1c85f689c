/*
 * sys/auxv.h - the auxiliary vector the kernel leaves above a new
 * program's environment (x86-64 psABI 3.4.3; Linux's
 * include/uapi/linux/auxvec.h numbers).
 */
#ifndef SKIFF_SYS_AUXV_H
#define SKIFF_SYS_AUXV_H

#define AT_NULL		0	/* the end of the vector */
#define AT_RANDOM	25	/* address of 16 random bytes (the stack canary's source) */

#ifndef __KERNEL__
/* The value of an auxv entry, or 0 if the kernel passed none of that type. */
unsigned long getauxval(unsigned long type);
#endif

#endif /* SKIFF_SYS_AUXV_H */
