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
	u64 stack_top;
	struct list_head pages;		/* user pages and page tables to free */
	u64 nr_pages;
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
	struct list_head list;
	void (*on_exit)(struct process *p);	/* the service manager's hook */
	void *owner;
};

/*
 * Start the embedded program 'name' as a new process, with on_exit (may be
 * NULL) called in the exiting thread with the process's final state; the
 * hook is in place before the process first runs. NULL on error (logged).
 */
struct process *process_spawn(const char *name, const char *const argv[],
			      void (*on_exit)(struct process *p), void *owner);
struct process *current_process(void);
/*
 * For leak checks: user pages that no live process owns (0 unless some
 * leaked; a process's own come and go with it), and the page-table pages
 * of every user address space.
 */
void process_mem_stats(u64 *orphan_pages, u64 *tables);

/* A fault in user mode: report it and end the process. Returns only if the
 * fault did not come from user mode. */
void user_fault(struct pt_regs *regs, const char *what);
/* Descriptors 0, 1, 2 of a new process on the console (kernel/console_file.c). */
int console_open_stdio(struct process *p);

#endif
