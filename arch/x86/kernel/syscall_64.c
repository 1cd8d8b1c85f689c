/*
 * System call setup and dispatch. The numbers and register conventions are
 * Linux x86-64's, so services are ordinary POSIX programs; the table maps
 * a number to its __x64_sys_* entry (include/kernel/syscalls.h), anything
 * else is -ENOSYS.
 */
#include <kernel/syscalls.h>
#include <kernel/process_internal.h>
#include <kernel/printk.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <errno.h>

/* RFLAGS bits cleared on entry: IF (interrupts stay off until the frame is
 * built), TF, DF (the ABI wants it clear), AC, NT. */
#define SYSCALL_MASK	(X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF | \
			 X86_EFLAGS_AC | X86_EFLAGS_NT)

void entry_SYSCALL_64(void);
extern const syscall_fn_t sys_call_table[];
extern const unsigned int sys_call_table_size;

void syscall_init(void)
{
	/*
	 * STAR: kernel CS/SS from bits 47:32; SYSRET takes user SS = [63:48] + 8
	 * and CS = [63:48] + 16, which is why the GDT puts user data before
	 * user code.
	 */
	wrmsr(MSR_STAR, ((u64)(GDT_USER_DS - 8 - 3) << 48) | ((u64)GDT_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/* For a stall's report (the soft-lockup detector, syzfuzz): which call, with what. */
void print_syscall(const char *prefix, const struct pt_regs *regs)
{
	printk("%sin system call %llu (%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)\n", prefix,
	       (unsigned long long)regs->rax, (unsigned long long)__SC_ARG0(regs),
	       (unsigned long long)__SC_ARG1(regs), (unsigned long long)__SC_ARG2(regs),
	       (unsigned long long)__SC_ARG3(regs), (unsigned long long)__SC_ARG4(regs),
	       (unsigned long long)__SC_ARG5(regs));
}

void do_syscall_64(struct pt_regs *regs)
{
	u64 nr = regs->rax;
	long ret = -ENOSYS;

	current->syscall_regs = regs;
	if (nr < sys_call_table_size && sys_call_table[nr])
		ret = sys_call_table[nr](regs);
	current->syscall_regs = NULL;
	pr_trace(TRACE_SYSCALL, "%s: syscall %llu -> %ld\n", current->name,
		 (unsigned long long)nr, ret);
	regs->rax = ret;
	/* A preemption point on the way back to user mode. */
	if (need_resched_flag && preempt_count() == 0)
		schedule();
}
