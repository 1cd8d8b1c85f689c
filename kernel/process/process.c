/*
 * User-mode processes: each service gets its own address space (the
 * kernel half shared with every other, the user half its own), built from
 * a static ELF embedded in the image. Text and read-only data pages are
 * mapped straight from the image, read-only; data, bss, heap and stack are
 * fresh pages. A fault in user mode is reported and ends the process, never
 * the kernel.
 *
 * User layout: ELF segments from 0x400000 (the services are static, not
 * position-independent, so their text stays where it was linked, as a
 * non-PIE program's does under Linux); the heap (brk) at a random page in
 * the 1 GiB after the highest segment; the stack at a random page in the
 * 16 GiB below USER_TOP, its initial rsp a random 0..4080 bytes further
 * down (Linux's ranges for x86-64: arch_randomize_brk, STACK_RND_MASK,
 * arch_align_stack). Below the stack and above the heap's limit nothing is
 * mapped. Only text is executable: stack, heap and every writable segment
 * are NX.
 */
#include <kernel/process.h>
#include <kernel/process_internal.h>
#include <kernel/file.h>
#include <kernel/page.h>
#include <kernel/procfs.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/irq_internal.h>
#include <asm/ptrace.h>
#include <asm/special_insns.h>
#include <asm/trap_pf.h>
#include <errno.h>
#include <string.h>
#include <kernel/selftest.h>
#include <kernel/time.h>
#include <kernel/wait.h>
#include <kernel/random.h>
#include <sys/auxv.h>
#include "elf.h"

#define USER_BASE	0x400000UL
#define STACK_SIZE	(64 * 1024)
#define STACK_TOP_MAX	(USER_TOP - PAGE_SIZE)	/* one unmapped page above, too */
#define STACK_RND_PAGES	(1U << 22)		/* 16 GiB */
#define STACK_TOP_MIN	(STACK_TOP_MAX - (u64)(STACK_RND_PAGES - 1) * PAGE_SIZE)
#define BRK_RND_PAGES	(1U << 18)		/* 1 GiB */
#define HEAP_MAX	(64UL << 20)
/* The highest an image may reach: its heap, however placed, ends below any stack. */
#define IMAGE_TOP	(STACK_TOP_MIN - STACK_SIZE - HEAP_MAX - (u64)BRK_RND_PAGES * PAGE_SIZE)
#define MAX_ARGS	16

static LIST_HEAD(processes);
static int next_pid = 1;
static u64 user_pages_live;	/* pages owned by address spaces (not tables) */
extern u64 user_table_pages;

struct process *current_process(void)
{
	return current ? current->proc : NULL;
}

void process_mem_stats(u64 *orphan_pages, u64 *orphan_tables)
{
	struct process *p;
	unsigned long flags;
	u64 pages = 0, tables = 0;

	local_irq_save(flags);
	list_for_each_entry(p, &processes, list) {
		pages += p->mm.nr_pages;
		tables += p->mm.nr_tables;
	}
	*orphan_pages = user_pages_live - pages;
	*orphan_tables = user_table_pages - tables;
	local_irq_restore(flags);
}

/* map_user_page for mm, counting the page-table pages it adds to mm's. */
static int mm_map(struct mm_struct *mm, u64 va, phys_addr_t pa, u64 flags)
{
	unsigned long irq;
	u64 before;
	int err;

	local_irq_save(irq);
	before = user_table_pages;
	err = map_user_page(mm->pml4, va, pa, flags);
	mm->nr_tables += user_table_pages - before;
	local_irq_restore(irq);
	return err;
}

struct files_struct *current_files(void)
{
	return current && current->proc ? current->proc->files : NULL;
}

/* A fresh, zeroed page owned by mm and mapped at va. */
static int mm_add_page(struct mm_struct *mm, u64 va, u64 flags, void **kva)
{
	phys_addr_t pa = alloc_pages(0);
	struct page *pg;

	if (!pa)
		return -ENOMEM;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	if (mm_map(mm, va, pa, flags) < 0) {
		free_pages(pa, 0);
		return -ENOMEM;
	}
	pg = pfn_to_page(pa >> PAGE_SHIFT);
	list_add_tail(&pg->lru, &mm->pages);
	mm->nr_pages++;
	user_pages_live++;
	if (kva)
		*kva = phys_to_virt(pa);
	return 0;
}

static void mm_release(struct mm_struct *mm)
{
	/* A spawn that failed before or in mm_init left nothing to give back. */
	if (!mm->pml4)
		return;
	while (!list_empty(&mm->pages)) {
		struct page *pg = list_first_entry(&mm->pages, struct page, lru);

		list_del_init(&pg->lru);
		free_pages(page_to_pfn(pg) << PAGE_SHIFT, 0);
		user_pages_live--;
	}
	free_user_tables(mm->pml4);
	free_pages(mm->pml4_pa, 0);
	mm->pml4 = NULL;
}

static int mm_init(struct mm_struct *mm)
{
	u64 *pml4 = get_zeroed_pages(0);

	if (!pml4)
		return -ENOMEM;
	/* The kernel half: the same lower tables in every address space. */
	memcpy(pml4 + 256, kernel_pgd() + 256, 256 * sizeof(u64));
	mm->pml4 = pml4;
	mm->pml4_pa = virt_to_phys(pml4);
	INIT_LIST_HEAD(&mm->pages);
	return 0;
}

/* W^X: a writable segment is never executable, whatever its flags ask. */
static bool segment_exec(const struct elf64_phdr *ph)
{
	return (ph->p_flags & (PF_X | PF_W)) == PF_X;
}

/* Read-only segments: map the image's own pages; writable ones: copy. */
static int load_segment(struct mm_struct *mm, const struct service_image *img,
			const struct elf64_phdr *ph)
{
	u64 start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	u64 end = ALIGN(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	u64 flags = segment_exec(ph) ? 0 : UPAGE_NX;

	pr_trace(TRACE_PROC, "%s: segment %#llx-%#llx %c%c%c\n", img->name,
		 (unsigned long long)start, (unsigned long long)end,
		 ph->p_flags & PF_R ? 'r' : '-', ph->p_flags & PF_W ? 'w' : '-',
		 ph->p_flags & PF_X ? 'x' : '-');

	if (!(ph->p_flags & PF_W)) {
		for (u64 va = start; va < end; va += PAGE_SIZE) {
			u64 off = ph->p_offset - (ph->p_vaddr - va);

			if (off >= (u64)(img->end - img->start))
				return -ENOEXEC;
			if (mm_map(mm, va, virt_to_phys(img->start + off), flags) < 0)
				return -ENOMEM;
		}
		return 0;
	}
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		void *kva;
		u64 lo = max(va, ph->p_vaddr), hi = min(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
		int err = mm_add_page(mm, va, flags | UPAGE_WRITE, &kva);

		if (err)
			return err;
		if (lo < hi)
			memcpy((u8 *)kva + (lo - va), img->start + ph->p_offset + (lo - ph->p_vaddr), hi - lo);
	}
	return 0;
}

static int load_image(struct process *p)
{
	const struct elf64_hdr *eh = (const void *)p->image->start;
	u64 top = USER_BASE;
	int err = elf_check(p->image->start, p->image->end - p->image->start, USER_BASE,
			    IMAGE_TOP);

	if (err)
		return err;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(p->image->start, i);

		if (ph->p_type != PT_LOAD)
			continue;
		err = load_segment(&p->mm, p->image, ph);
		if (err)
			return err;
		top = max(top, ALIGN(ph->p_vaddr + ph->p_memsz, PAGE_SIZE));
	}
	top += (u64)get_random_u32_below(BRK_RND_PAGES) * PAGE_SIZE;
	p->mm.brk_start = p->mm.brk = p->mm.brk_mapped = top;
	p->mm.brk_max = top + HEAP_MAX;
	p->mm.stack_top = STACK_TOP_MAX - (u64)get_random_u32_below(STACK_RND_PAGES) * PAGE_SIZE;
	p->mm.stack_bottom = p->mm.stack_top - STACK_SIZE;
	for (u64 va = p->mm.stack_bottom; va < p->mm.stack_top; va += PAGE_SIZE) {
		err = mm_add_page(&p->mm, va, UPAGE_WRITE | UPAGE_NX, NULL);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The SysV initial stack (x86-64 psABI 3.4.1), stored with copy_to_user
 * like every kernel write to user memory (CR3 is the process's here). From
 * the top: a random 0..4080 bytes left unused, the 16 random bytes
 * AT_RANDOM points to (the service's stack canary, libc/user/start.c), the
 * argument strings, then at a 16-byte aligned rsp: argc, argv[], NULL, an
 * empty environment's NULL, and the auxiliary vector {AT_RANDOM, AT_NULL}.
 * Returns rsp, or 0 if the stack could not be written.
 */
static u64 setup_stack(struct process *p, const char *const argv[], int argc)
{
	u64 sp = p->mm.stack_top - (u64)get_random_u32_below(PAGE_SIZE / 16) * 16;
	u64 vec[1 + MAX_ARGS + 1 + 1 + 4], at_random;
	u8 bytes[16];
	int n = 0;

	get_random_bytes(bytes, sizeof(bytes));
	sp -= sizeof(bytes);
	at_random = sp;
	if (copy_to_user((void __user *)sp, bytes, sizeof(bytes)))
		return 0;
	vec[n++] = argc;
	n += argc;
	for (int i = argc - 1; i >= 0; i--) {
		size_t len = strlen(argv[i]) + 1;

		sp -= len;
		if (copy_to_user((void __user *)sp, argv[i], len))
			return 0;
		vec[1 + i] = sp;
	}
	vec[n++] = 0;					/* argv's end */
	vec[n++] = 0;					/* envp's end */
	vec[n++] = AT_RANDOM;
	vec[n++] = at_random;
	vec[n++] = AT_NULL;
	vec[n++] = 0;
	sp = ALIGN_DOWN(sp - n * sizeof(u64), 16);
	if (copy_to_user((void __user *)sp, vec, n * sizeof(u64)))
		return 0;
	return sp;
}

struct spawn_args {
	const char *argv[MAX_ARGS];
	char buf[256];
	int argc;
};

static int process_start(void *arg)
{
	struct process *p = current->proc;
	struct spawn_args *a = arg;
	const struct elf64_hdr *eh = (const void *)p->image->start;
	u64 sp = setup_stack(p, a->argv, a->argc);

	kfree(a);
	if (!sp) {
		printk("service %s: cannot write its initial stack\n", p->name);
		do_exit(128 + 11);
	}
	pr_trace(TRACE_PROC, "%s: entering user mode at %#llx, sp %#llx\n", p->name,
		 (unsigned long long)eh->e_entry, (unsigned long long)sp);
	enter_user(eh->e_entry, sp);
}

static const struct service_image *find_image(const char *name)
{
	for (u64 i = 0; i < service_images_count; i++)
		if (!strcmp(service_images[i].name, name))
			return &service_images[i];
	return NULL;
}

static int copy_args(struct spawn_args *a, const char *name, const char *const argv[])
{
	size_t used = 0;

	a->argc = 0;
	for (int i = -1; i < MAX_ARGS - 1 && (i < 0 || (argv && argv[i])); i++) {
		const char *s = i < 0 ? name : argv[i];
		size_t n = strlen(s) + 1;

		if (used + n > sizeof(a->buf))
			return -E2BIG;
		memcpy(a->buf + used, s, n);
		a->argv[a->argc++] = a->buf + used;
		used += n;
	}
	return 0;
}

static void process_free(struct process *p)
{
	mm_release(&p->mm);
	if (p->files)
		files_release(p->files);
	kfree(p);
}

/* The FXSAVE image of a fresh FPU: x87 control word 0x37f, MXCSR 0x1f80. */
static void *fpu_alloc(void)
{
	u8 *f = kzalloc(512);

	if (f) {
		*(u16 *)f = 0x037f;
		*(u32 *)(f + 24) = 0x1f80;
	}
	return f;
}

struct process *process_spawn(const char *name, const char *image, const char *const argv[],
			      bool terminal, void (*on_exit)(struct process *p), void *owner)
{
	const struct service_image *img = find_image(image);
	struct spawn_args *a = NULL;
	struct process *p = NULL;
	struct task_struct *t;
	void *fpu = NULL;
	int err = -ENOMEM;

	if (!img) {
		printk("service %s: no program %s in this image\n", name, image);
		return NULL;
	}
	p = kzalloc(sizeof(*p));
	a = kzalloc(sizeof(*a));
	fpu = fpu_alloc();
	if (!p || !a || !fpu || mm_init(&p->mm) < 0)
		goto fail;
	err = copy_args(a, name, argv);
	if (err)
		goto fail;
	p->image = img;
	p->on_exit = on_exit;
	p->owner = owner;
	strlcpy(p->name, name, sizeof(p->name));
	err = load_image(p);
	if (err)
		goto fail;
	err = -ENOMEM;
	p->files = files_alloc();
	if (!p->files || console_open_stdio(p, terminal) < 0)
		goto fail;
	t = kthread_create(process_start, a, name);
	if (!t)
		goto fail;
	t->fpu = fpu;
	t->proc = p;
	t->pml4_pa = p->mm.pml4_pa;
	p->task = t;
	p->pid = next_pid++;
	list_add_tail(&p->list, &processes);
	printk("service %s: started (pid %d, %llu KiB private)\n", name, p->pid,
	       (unsigned long long)(p->mm.nr_pages * PAGE_SIZE / 1024));
	wake_up_process(t);
	return p;
fail:
	printk("service %s: cannot start: %d\n", name, err);
	if (p)
		process_free(p);
	kfree(a);
	kfree(fpu);
	return NULL;
}

void process_thread_exit(struct task_struct *t, int code)
{
	struct process *p = t->proc;

	/* Leave the address space before freeing it. */
	load_kernel_cr3();
	t->pml4_pa = 0;
	t->proc = NULL;
	fpu_release(t);
	list_del(&p->list);
	p->exit_code = code;
	if (p->on_exit)
		p->on_exit(p);
	printk("service %s (pid %d): exited with status %d\n", p->name, p->pid, code);
	process_free(p);
}

void user_fault(struct pt_regs *regs, const char *what)
{
	struct process *p = current_process();

	printk("\nservice %s (pid %d) killed: %s (vector %llu, error code %#llx)\n",
	       p ? p->name : current->name, p ? p->pid : -1, what,
	       (unsigned long long)regs->vector, (unsigned long long)regs->error_code);
	if (regs->vector == 14)
		describe_page_fault(regs);
	show_regs(regs);
	if (p) {
		p->faulted = true;
		p->fault_vector = regs->vector;
		p->fault_error = regs->error_code;
		p->fault_addr = regs->vector == 14 ? read_cr2() : 0;
	}
	local_irq_enable();
	do_exit(128 + 11);	/* as a shell reports death by SIGSEGV */
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit(code & 0xff);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_exit(code & 0xff);
}

SYSCALL_DEFINE0(getpid)
{
	return current->proc ? current->proc->pid : 0;
}

SYSCALL_DEFINE0(gettid)
{
	return current->tid;
}

/*
 * brk(2), Linux semantics: returns the new break, or the unchanged one
 * when the request is out of range or memory runs out; a heap does not
 * grow into the pages kept back for the kernel (page_alloc_low). Pages
 * are mapped (zeroed) as the break first grows over them and stay mapped
 * if it shrinks, ready for the next growth.
 */
SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	struct mm_struct *mm = &current->proc->mm;

	if (addr < mm->brk_start || addr > mm->brk_max)
		return mm->brk;
	while (mm->brk_mapped < ALIGN(addr, PAGE_SIZE)) {
		if (page_alloc_low() ||
		    mm_add_page(mm, mm->brk_mapped, UPAGE_WRITE | UPAGE_NX, NULL) < 0)
			return mm->brk;
		mm->brk_mapped += PAGE_SIZE;
	}
	mm->brk = addr;
	return mm->brk;
}

static void maps_line(struct seq_buf *s, u64 start, u64 end, const char *perms,
		      u64 offset, const char *name)
{
	seq_printf(s, "%08llx-%08llx %s %08llx 00:00 0          %s\n",
		   (unsigned long long)start, (unsigned long long)end, perms,
		   (unsigned long long)offset, name);
}

/*
 * /proc/self/maps, Linux's format (proc(5)): the reading process's
 * mappings, one a line. A service sees its own layout (the heap and stack
 * lines move from run to run); a kernel thread has none, so the file is
 * empty.
 */
static void show_self_maps(struct seq_buf *s)
{
	const struct process *p = current_process();
	const struct elf64_hdr *eh;

	if (!p)
		return;
	eh = (const void *)p->image->start;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(p->image->start, i);
		char perms[5] = "---p";

		if (ph->p_type != PT_LOAD)
			continue;
		perms[0] = ph->p_flags & PF_R ? 'r' : '-';
		perms[1] = ph->p_flags & PF_W ? 'w' : '-';
		perms[2] = segment_exec(ph) ? 'x' : '-';
		maps_line(s, ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE),
			  ALIGN(ph->p_vaddr + ph->p_memsz, PAGE_SIZE), perms,
			  ALIGN_DOWN(ph->p_offset, PAGE_SIZE), p->image->name);
	}
	if (p->mm.brk_mapped > p->mm.brk_start)
		maps_line(s, p->mm.brk_start, p->mm.brk_mapped, "rw-p", 0, "[heap]");
	maps_line(s, p->mm.stack_bottom, p->mm.stack_top, "rw-p", 0, "[stack]");
}
PROC_ENTRY(self_maps, "/proc/self/maps", show_self_maps);

/* Self-tests: the test programs embedded in the image, run as real processes. */
struct st_run {
	wait_queue_head_t wq;
	volatile bool done;
	int status;
	bool faulted;
	u64 fault_vector, fault_error, fault_addr;
	u64 stack_bottom, stack_top, brk_start;
};

static void st_exited(struct process *p)
{
	struct st_run *r = p->owner;

	r->status = p->exit_code;
	r->faulted = p->faulted;
	r->fault_vector = p->fault_vector;
	r->fault_error = p->fault_error;
	r->fault_addr = p->fault_addr;
	r->stack_bottom = p->mm.stack_bottom;
	r->stack_top = p->mm.stack_top;
	r->brk_start = p->mm.brk_start;
	r->done = true;
	wake_up(&r->wq);
}

/* Run program 'name' to its end (at most timeout_ms); false if it never ended. */
static bool st_run_argv(const char *name, const char *const argv[], struct st_run *r,
			u64 timeout_ms)
{
	init_waitqueue_head(&r->wq);
	r->done = false;
	if (!process_spawn(name, name, argv, false, st_exited, r))
		return false;
	return wait_event_timeout(r->wq, r->done, msecs_to_jiffies(timeout_ms)) != 0;
}

static bool st_run_program(const char *name, struct st_run *r, u64 timeout_ms)
{
	return st_run_argv(name, NULL, r, timeout_ms);
}

SELFTEST(user_fault_ends_only_that_process)
{
	struct st_run r;

	if (!find_image("faulttest"))
		ST_SKIP("faulttest is only in the test image (build/skiff-test.elf)");
	ST_ASSERT(st_run_program("faulttest", &r, 10000));
	ST_ASSERT(r.faulted);
	ST_EQ(r.status, 128 + 11);
}

SELFTEST(user_mode_socket_calls)
{
	struct st_run r;

	if (!find_image("sockettest"))
		ST_SKIP("sockettest is only in the test image (build/skiff-test.elf)");
	ST_ASSERT(st_run_program("sockettest", &r, 120000));
	ST_ASSERT(!r.faulted);
	ST_EQ(r.status, 0);
}

/* Counted, not inferred from the free-page total, which the network moves. */
SELFTEST(process_memory_returns)
{
	u64 pages = user_pages_live, tables = user_table_pages;
	struct st_run r;

	if (!find_image("faulttest"))
		ST_SKIP("faulttest is only in the test image (build/skiff-test.elf)");
	ST_ASSERT(st_run_program("faulttest", &r, 10000));
	ST_EQ(user_pages_live, pages);
	ST_EQ(user_table_pages, tables);
}

/*
 * The hardening, broken on purpose from user mode (tests/programs/hardentest.c):
 * each way must end hardentest with the fault named here, and only it.
 */
static const char *st_harden(const char *way, u64 addr, struct st_run *r)
{
	char hex[20];
	const char *argv[] = { way, addr ? hex : NULL, NULL };

	snprintf(hex, sizeof(hex), "%llx", (unsigned long long)addr);
	if (!st_run_argv("hardentest", argv, r, 10000))
		return "hardentest did not end";
	if (!r->faulted)
		return "hardentest was not killed by a fault";
	return NULL;
}

#define ST_HARDEN(way, addr, r)						\
	do {								\
		const char *__why;					\
									\
		if (!find_image("hardentest"))				\
			ST_SKIP("hardentest is only in the test image (build/skiff-test.elf)"); \
		__why = st_harden(way, addr, r);			\
		if (__why)						\
			ST_FAIL("%s: %s", way, __why);			\
	} while (0)

SELFTEST(user_call_into_kernel_text_is_killed)
{
	struct st_run r;

	ST_HARDEN("exec-kernel", (u64)panic, &r);
	ST_EQ(r.fault_vector, 14);
	ST_EQ(r.fault_error, X86_PF_PROT | X86_PF_USER | X86_PF_INSTR);
	ST_EQ(r.fault_addr, (u64)panic);
}

SELFTEST(user_read_of_kernel_data_is_killed)
{
	struct st_run r;

	ST_HARDEN("read-kernel", (u64)&next_pid, &r);
	ST_EQ(r.fault_vector, 14);
	ST_EQ(r.fault_error, X86_PF_PROT | X86_PF_USER);
	ST_EQ(r.fault_addr, (u64)&next_pid);
}

SELFTEST(user_stack_is_not_executable)
{
	struct st_run r;

	ST_HARDEN("exec-stack", 0, &r);
	ST_EQ(r.fault_vector, 14);
	ST_EQ(r.fault_error, X86_PF_PROT | X86_PF_USER | X86_PF_INSTR);
	ST_ASSERT(r.fault_addr >= r.stack_bottom && r.fault_addr < r.stack_top);
}

SELFTEST(user_heap_is_not_executable)
{
	struct st_run r;

	ST_HARDEN("exec-heap", 0, &r);
	ST_EQ(r.fault_vector, 14);
	ST_EQ(r.fault_error, X86_PF_PROT | X86_PF_USER | X86_PF_INSTR);
	ST_ASSERT(r.fault_addr >= r.brk_start && r.fault_addr < r.brk_start + HEAP_MAX);
}

/* The report is the service's own (libc/user/start.c); the kernel sees its abort. */
SELFTEST(user_stack_smash_is_caught_by_the_canary)
{
	static const char report[] = "hardentest: *** stack smashing detected ***";
	char *log = kmalloc(4096);
	bool reported;
	struct st_run r;

	ST_ASSERT(log != NULL);
	if (!find_image("hardentest")) {
		kfree(log);
		ST_SKIP("hardentest is only in the test image (build/skiff-test.elf)");
	}
	reported = !st_harden("smash", 0, &r);
	log_read_tail(log, 4096);
	reported = reported && strstr(log, report);
	kfree(log);
	ST_ASSERT(reported);
	ST_EQ(r.fault_vector, 6);	/* abort()'s ud2, not a wild return (#GP or #PF) */
}

/*
 * Three runs: each base must move at least once. With 2^22 stack and 2^18
 * heap positions, three equal draws happen once in 2^36 runs, not in a
 * test's lifetime.
 */
SELFTEST(user_stack_and_heap_bases_are_random)
{
	struct st_run r[3];

	if (!find_image("hardentest"))
		ST_SKIP("hardentest is only in the test image (build/skiff-test.elf)");
	for (int i = 0; i < 3; i++) {
		ST_ASSERT(st_run_program("hardentest", &r[i], 10000));
		ST_ASSERT(!r[i].faulted);
		ST_EQ(r[i].status, 0);	/* its own layout checks passed */
		ST_ASSERT(r[i].stack_top >= STACK_TOP_MIN && r[i].stack_top <= STACK_TOP_MAX);
		ST_ASSERT(r[i].brk_start + HEAP_MAX <= r[i].stack_bottom);
	}
	ST_ASSERT(r[0].stack_top != r[1].stack_top || r[1].stack_top != r[2].stack_top);
	ST_ASSERT(r[0].brk_start != r[1].brk_start || r[1].brk_start != r[2].brk_start);
}
