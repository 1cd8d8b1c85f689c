/*
 * System call definitions. SYSCALL_DEFINEn(name, type, arg, ...) defines
 * sys_name with typed arguments and the entry __x64_sys_name that takes
 * them from the saved registers (Linux x86-64 ABI: rdi, rsi, rdx, r10,
 * r8, r9), as Linux's <linux/syscalls.h> does; kernel/syscall_table.c
 * maps the Linux numbers to the entries.
 */
#ifndef _KERNEL_SYSCALLS_H
#define _KERNEL_SYSCALLS_H

#include <kernel/types.h>
#include <asm/ptrace.h>

typedef long (*syscall_fn_t)(const struct pt_regs *regs);

/* Log "PREFIXin system call NR (six arguments)" for a thread's saved entry frame. */
void print_syscall(const char *prefix, const struct pt_regs *regs);

#define __SC_ARG0(r) (r)->rdi
#define __SC_ARG1(r) (r)->rsi
#define __SC_ARG2(r) (r)->rdx
#define __SC_ARG3(r) (r)->r10
#define __SC_ARG4(r) (r)->r8
#define __SC_ARG5(r) (r)->r9

#define SYSCALL_DEFINE0(name)						\
	long sys_##name(void);						\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{ return sys_##name(); }					\
	long sys_##name(void)

#define SYSCALL_DEFINE1(name, t0, a0)					\
	long sys_##name(t0 a0);						\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{ return sys_##name((t0)__SC_ARG0(regs)); }			\
	long sys_##name(t0 a0)

#define SYSCALL_DEFINE2(name, t0, a0, t1, a1)				\
	long sys_##name(t0 a0, t1 a1);					\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{ return sys_##name((t0)__SC_ARG0(regs), (t1)__SC_ARG1(regs)); } \
	long sys_##name(t0 a0, t1 a1)

#define SYSCALL_DEFINE3(name, t0, a0, t1, a1, t2, a2)			\
	long sys_##name(t0 a0, t1 a1, t2 a2);				\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{ return sys_##name((t0)__SC_ARG0(regs), (t1)__SC_ARG1(regs),	\
			    (t2)__SC_ARG2(regs)); }			\
	long sys_##name(t0 a0, t1 a1, t2 a2)

#define SYSCALL_DEFINE4(name, t0, a0, t1, a1, t2, a2, t3, a3)		\
	long sys_##name(t0 a0, t1 a1, t2 a2, t3 a3);			\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{ return sys_##name((t0)__SC_ARG0(regs), (t1)__SC_ARG1(regs),	\
			    (t2)__SC_ARG2(regs), (t3)__SC_ARG3(regs)); } \
	long sys_##name(t0 a0, t1 a1, t2 a2, t3 a3)

#define SYSCALL_DEFINE5(name, t0, a0, t1, a1, t2, a2, t3, a3, t4, a4)	\
	long sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4);		\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{ return sys_##name((t0)__SC_ARG0(regs), (t1)__SC_ARG1(regs),	\
			    (t2)__SC_ARG2(regs), (t3)__SC_ARG3(regs),	\
			    (t4)__SC_ARG4(regs)); }			\
	long sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4)

#define SYSCALL_DEFINE6(name, t0, a0, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	long sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);	\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{ return sys_##name((t0)__SC_ARG0(regs), (t1)__SC_ARG1(regs),	\
			    (t2)__SC_ARG2(regs), (t3)__SC_ARG3(regs),	\
			    (t4)__SC_ARG4(regs), (t5)__SC_ARG5(regs)); } \
	long sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)

#endif
