/* Kernel threads and the preemptive round-robin scheduler. */
#ifndef _KERNEL_SCHED_H
#define _KERNEL_SCHED_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/timer.h>
#include <kernel/page_frag.h>

enum task_state {
	TASK_RUNNING,		/* on the run queue or current */
	TASK_INTERRUPTIBLE,	/* asleep on a wait queue or timer */
	TASK_DEAD,		/* exited; reaped by the idle thread */
};

#define TASK_NAME_LEN 16

struct task_struct {
	u64 rsp;			/* saved kernel stack pointer */
	enum task_state state;
	int tid;
	char name[TASK_NAME_LEN];
	struct list_head run_list;	/* on the run queue when runnable */
	bool on_rq;			/* queued on run_list (current never is) */
	struct list_head tasks;		/* on the list of all tasks */
	void *stack;			/* lowest mapped byte of the kernel stack */
	size_t stack_size;
	struct timer_list sleep_timer;	/* wakes a task sleeping with a timeout */
	int (*fn)(void *arg);
	void *arg;
	int exit_code;
	u64 runtime_ns;			/* CPU time consumed */
	u64 last_switch_ns;
	u64 switches;
	void *priv;			/* owner data */
	struct process *proc;		/* the user-mode process this thread runs, or NULL */
	phys_addr_t pml4_pa;		/* its page tables; 0: a kernel thread, any CR3 will do */
	void *fpu;			/* FXSAVE area (512 bytes) for threads that run user code */
	const struct pt_regs *syscall_regs;	/* in a system call: its number and arguments
						 * (Linux's /proc/PID/syscall), else NULL */
	struct page_frag task_frag;	/* where its socket writes copy to (sk_page_frag) */
};

struct process;

extern struct task_struct *current;
/* Top of the current thread's kernel stack: where syscall entry switches to. */
extern u64 cpu_kernel_rsp;

struct task_struct *kthread_create(int (*fn)(void *), void *arg,
				   const char *name);
void wake_up_process(struct task_struct *t);
struct task_struct *kthread_run(int (*fn)(void *), void *arg,
				const char *name);
__noreturn void do_exit(int code);

/* Give up the CPU; current must have set its state first if it means to sleep. */
void schedule(void);
/* Sleep for at most 'timeout' jiffies; returns the jiffies left (0 = timed out). */
u64 schedule_timeout(u64 timeout);
void msleep(u64 ms);
void yield(void);

/* Called from the tick to charge the current thread and request preemption. */
void scheduler_tick(void);
/* The thread that runs (and halts) when nothing else can. */
bool is_idle_task(const struct task_struct *t);
void sched_init(void);
/* Turn the boot flow into the idle thread; never returns. */
__noreturn void cpu_idle_loop(void);

/* Visit every task, for ps; fn returns nonzero to stop. */
void for_each_task(int (*fn)(struct task_struct *t, void *arg), void *arg);
u32 nr_tasks(void);

#endif
