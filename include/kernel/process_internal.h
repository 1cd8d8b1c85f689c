/* Hooks between the scheduler, traps and the process code. */
#ifndef _KERNEL_PROCESS_INTERNAL_H
#define _KERNEL_PROCESS_INTERNAL_H

#include <kernel/types.h>

struct task_struct;
struct pt_regs;

/* A user thread is ending: close its files and free its address space. */
void process_thread_exit(struct task_struct *t, int code);
void fpu_init(void);
void fpu_release(struct task_struct *t);
/* Give the FPU registers to next if it runs user code (scheduler). */
void fpu_switch_to(struct task_struct *next);
void syscall_init(void);
void do_syscall_64(struct pt_regs *regs);
bool fixup_exception(struct pt_regs *regs);
void enter_user(u64 rip, u64 rsp) __noreturn;
/* The kernel's own page tables, the template of every address space. */
u64 *kernel_pgd(void);
/* Map one page in an address space; 0 or -ENOMEM. */
int map_user_page(u64 *pml4, u64 va, phys_addr_t pa, u64 flags);
/* Free every page-table page of the user half of pml4 (not the mapped pages). */
void free_user_tables(u64 *pml4);
void load_kernel_cr3(void);

/* Leaf flags for map_user_page. */
#define UPAGE_WRITE	(1ULL << 1)
#define UPAGE_NX	(1ULL << 63)

#endif
