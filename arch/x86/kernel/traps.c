/*
 * The IDT and the C side of every trap: exceptions are reported with the
 * registers, CR2 and a symbolized backtrace, then the machine stops;
 * interrupts go to their vector's handler and leave through irq_exit(),
 * where softirqs and preemption happen.
 */
#include <asm/desc.h>
#include <asm/special_insns.h>
#include <asm/ptrace.h>
#include <asm/trap_pf.h>
#include <kernel/printk.h>
#include <kernel/irq_internal.h>
#include <kernel/ksyms.h>
#include <kernel/sched.h>
#include <kernel/preempt.h>
#include <kernel/softirq.h>
#include <kernel/page.h>
#include <asm/irqflags.h>
#include <kernel/process.h>
#include <kernel/process_internal.h>
#include <kernel/uaccess.h>

struct idt_entry {
	u16 off_lo;
	u16 sel;
	u8 ist;
	u8 type;
	u16 off_mid;
	u32 off_hi;
	u32 zero;
} __packed;

static struct idt_entry idt[256] __aligned(16);
static vector_handler_t vector_handlers[256];
extern const u64 vector_stub_table[256];

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"BOUND range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization exception",
	"control protection exception", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "hypervisor injection",
	"VMM communication", "security exception", "reserved",
};

/* Intel SDM Vol. 3A 6.14.1: a 64-bit interrupt gate (type 0xE), DPL 0. */
static void set_gate(unsigned int v, u64 addr, u8 ist)
{
	idt[v].off_lo = addr & 0xffff;
	idt[v].sel = GDT_KERNEL_CS;
	idt[v].ist = ist;
	idt[v].type = 0x8e;
	idt[v].off_mid = (addr >> 16) & 0xffff;
	idt[v].off_hi = addr >> 32;
	idt[v].zero = 0;
}

void set_vector_handler(unsigned int vector, vector_handler_t fn)
{
	vector_handlers[vector] = fn;
}

void idt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed desc = { sizeof(idt) - 1, (u64)idt };

	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, vector_stub_table[v], 0);
	idt[2].ist = IST_NMI;
	idt[8].ist = IST_DOUBLE_FAULT;
	idt[18].ist = IST_MCE;
	__asm__ __volatile__("lidt %0" : : "m"(desc));
}

void show_regs(const struct pt_regs *r)
{
	printk("RIP: %04llx:%016llx  ", (unsigned long long)r->cs,
	       (unsigned long long)r->rip);
	print_symbol(r->rip);
	printk("\nRSP: %04llx:%016llx  RFLAGS: %08llx\n",
	       (unsigned long long)r->ss, (unsigned long long)r->rsp,
	       (unsigned long long)r->rflags);
	printk("RAX: %016llx RBX: %016llx RCX: %016llx\n",
	       (unsigned long long)r->rax, (unsigned long long)r->rbx,
	       (unsigned long long)r->rcx);
	printk("RDX: %016llx RSI: %016llx RDI: %016llx\n",
	       (unsigned long long)r->rdx, (unsigned long long)r->rsi,
	       (unsigned long long)r->rdi);
	printk("RBP: %016llx R08: %016llx R09: %016llx\n",
	       (unsigned long long)r->rbp, (unsigned long long)r->r8,
	       (unsigned long long)r->r9);
	printk("R10: %016llx R11: %016llx R12: %016llx\n",
	       (unsigned long long)r->r10, (unsigned long long)r->r11,
	       (unsigned long long)r->r12);
	printk("R13: %016llx R14: %016llx R15: %016llx\n",
	       (unsigned long long)r->r13, (unsigned long long)r->r14,
	       (unsigned long long)r->r15);
	printk("CR2: %016llx CR3: %016llx\n", (unsigned long long)read_cr2(),
	       (unsigned long long)read_cr3());
}

/*
 * A kernel data access to a present user page with EFLAGS.AC clear: what
 * SMAP forbids (SDM Vol. 3A 4.6.1). A user copy runs with AC set, so this
 * is never one of its faults: it is a kernel bug even where the faulting
 * instruction has a fixup, and it is reported, not fixed up.
 */
static bool smap_violation(const struct pt_regs *r)
{
	u64 ec = r->error_code;

	return (read_cr4() & X86_CR4_SMAP) && !(ec & (X86_PF_USER | X86_PF_INSTR)) &&
	       (ec & X86_PF_PROT) && read_cr2() < USER_TOP && !(r->rflags & X86_EFLAGS_AC);
}

void describe_page_fault(const struct pt_regs *r)
{
	u64 ec = r->error_code;
	u64 cr2 = read_cr2();
	bool user = ec & X86_PF_USER;

	printk("page fault at %016llx: %s %s in %s mode%s\n",
	       (unsigned long long)cr2,
	       (ec & X86_PF_INSTR) ? "instruction fetch from" : (ec & X86_PF_WRITE) ? "write to" : "read from",
	       (ec & X86_PF_PROT) ? "a protected page" : "an unmapped page",
	       user ? "user" : "kernel",
	       (ec & X86_PF_RSVD) ? " (reserved bit set)" : "");
	if (cr2 < PAGE_SIZE)
		printk("(a NULL pointer dereference)\n");
	else if (is_stack_guard(cr2))
		printk("(the guard page below a kernel stack: stack overflow)\n");
	else if (user && cr2 >= USER_TOP)
		printk("(a kernel address: user mode may not touch the kernel half)\n");
	else if (!user && (ec & X86_PF_INSTR) && (ec & X86_PF_PROT) && cr2 < USER_TOP &&
		 (read_cr4() & X86_CR4_SMEP))
		printk("(SMEP violation: the kernel tried to execute a user page)\n");
	else if (smap_violation(r))
		printk("(SMAP violation: the kernel touched user memory outside a user copy)\n");
	else if ((ec & X86_PF_INSTR) && (ec & X86_PF_PROT))
		printk("(the page is not executable: NX)\n");
}

static __noreturn void die(struct pt_regs *r)
{
	const char *name = r->vector < 32 ? exception_names[r->vector] : "trap";

	printk("\n*** %s (vector %llu, error code %#llx) in %s\n", name,
	       (unsigned long long)r->vector, (unsigned long long)r->error_code,
	       current ? current->name : "boot");
	if (r->vector == 14)
		describe_page_fault(r);
	show_regs(r);
	printk("Backtrace:\n");
	print_backtrace(r->rip, r->rbp);
	panic("fatal %s", name);
}

void do_trap(struct pt_regs *regs)
{
	unsigned int v = regs->vector;

	if (v < 32) {
		/* A fault in copy_from_user/copy_to_user resumes at its fixup. */
		if (v == 14 && !user_mode(regs) && !smap_violation(regs) &&
		    fixup_exception(regs))
			return;
		if (user_mode(regs)) {
			user_fault(regs, exception_names[v]);
			return;
		}
		die(regs);
	}
	irq_enter();
	if (vector_handlers[v])
		vector_handlers[v](regs);
	else if (v != SPURIOUS_VECTOR)
		printk("irq: unexpected vector %u\n", v);
	irq_exit();
	/* Preempt on the way out when the interrupted code allows it. */
	if (preempt_count() == 0 && need_resched_flag &&
	    (regs->rflags & X86_EFLAGS_IF))
		preempt_schedule_irq();
}
