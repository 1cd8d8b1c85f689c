/* brk.h - the raw program break, between malloc.c and the syscall layer. */
#ifndef SKIFF_USER_BRK_H
#define SKIFF_USER_BRK_H

#include <stdint.h>

/*
 * brk(2) as the Linux kernel implements it: asks for a break at addr and
 * returns the break now in force (the old one when the request was refused;
 * addr 0 just asks). unistd.c makes the system call; the host unit test of
 * malloc.c supplies a fake over a static arena.
 */
uintptr_t __sys_brk(uintptr_t addr);

#endif /* SKIFF_USER_BRK_H */
