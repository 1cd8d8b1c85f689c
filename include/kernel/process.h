/*
 * Processes: a user-mode service with its own address space (the kernel
 * half shared, the user half its own), descriptor table and main thread.
 */
#ifndef _KERNEL_PROCESS_H
#define _KERNEL_PROCESS_H

#include <kernel/types.h>
#include <kernel/list.h>

/* A service program embedded in the image (tools/embed-services.sh). */
struct service_image {
	const char *name;
	const u8 *start, *end;		/* a static x86-64 ELF executable */
};
extern const struct service_image service_images[];
extern const u64 service_images_count;

struct files_struct;
struct task_struct;
struct pt_regs;

struct mm_struct {
	u64 *pml4;			/* this process's top-level table */
	phys_addr_t pml4_pa;
	u64 brk_start, brk, brk_max;	/* the heap, grown by brk(2) */
	u64 brk_mapped;			/* pages are mapped up to here */
	u64 stack_bottom, stack_top;	/* the stack's pages, both randomized */
	struct list_head pages;		/* user pages and page tables to free */
	u64 nr_pages;
	u64 nr_tables;			/* page-table pages mapping them */
};

struct process {
	int pid;
	char name[16];
	const struct service_image *image;
	struct mm_struct mm;
	struct files_struct *files;
	struct task_struct *task;	/* the main (only) thread */
	int exit_code;
	bool faulted;			/* ended by a fault, not exit() */
	u64 fault_vector, fault_error;	/* that fault's exception and error code */
	u64 fault_addr;			/* and, for a page fault, its address (CR2) */
	struct list_head list;
	void (*on_exit)(struct process *p);	/* the service manager's hook */
	void *owner;
};

/*
 * Start the embedded program image as a new process called name (its
 * argv[0]; argv holds the arguments after it), on the console terminal
 * or the log, with on_exit (may be NULL) called in the exiting thread
 * with the process's final state; the hook is in place before the process
 * first runs. NULL on error (logged).
 */
struct process *process_spawn(const char *name, const char *image, const char *const argv[],
			      bool terminal, void (*on_exit)(struct process *p), void *owner);
struct process *current_process(void);
/*
 * For leak checks: user pages, and page-table pages of user address
 * spaces, that no live process owns (a process's own come and go with
 * it; the rest is constant unless something leaked).
 */
void process_mem_stats(u64 *orphan_pages, u64 *orphan_tables);

/* A fault in user mode: report it and end the process. Returns only if the
 * fault did not come from user mode. */
void user_fault(struct pt_regs *regs, const char *what);
/*
 * Descriptors 0, 1, 2 of a new process on the console (kernel/fs/console_file.c):
 * the log (lines prefixed with the name), or for terminal the console
 * terminal itself (raw input from serial and keyboard, raw output).
 */
int console_open_stdio(struct process *p, bool terminal);

#endif
