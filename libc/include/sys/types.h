/* sys/types.h - POSIX system data types, with Linux x86-64 sizes. */
#ifndef SKIFF_SYS_TYPES_H
#define SKIFF_SYS_TYPES_H

#include <stddef.h>

/* The signed type of the same width as size_t (POSIX: ssize_t holds -1). */
typedef __PTRDIFF_TYPE__ ssize_t;
/* File offsets are 64-bit, as in the Linux x86-64 syscall ABI. */
typedef __INT64_TYPE__ off_t;
typedef int pid_t;

#endif /* SKIFF_SYS_TYPES_H */
