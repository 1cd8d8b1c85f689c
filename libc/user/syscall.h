/*
 * syscall.h - the user-mode system call primitives (private to libc/user).
 *
 * Linux x86-64 convention: the number in rax, arguments in rdi, rsi, rdx,
 * r10, r8, r9; the `syscall` instruction clobbers rcx (return address) and
 * r11 (rflags); the result comes back in rax, -4095..-1 meaning -errno.
 */
#ifndef SKIFF_USER_SYSCALL_H
#define SKIFF_USER_SYSCALL_H

#include <sys/syscall.h>

static inline long __syscall0(long n)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(n)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall1(long n, long a)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall2(long n, long a, long b)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall3(long n, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall6(long n, long a, long b, long c, long d, long e,
			      long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* A raw result as the C API wants it: -1 with errno set for -4095..-1. */
long __syscall_ret(long r);

#endif /* SKIFF_USER_SYSCALL_H */
