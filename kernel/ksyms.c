/*
 * Symbolized backtraces. The symbol table is generated from the image's own
 * text symbols at link time (tools/kallsyms.sh) and searched by bisection;
 * the stack is walked along the frame-pointer chain (the kernel is built
 * with -fno-omit-frame-pointer), each step checked against the page tables
 * so that a corrupt chain ends the walk instead of faulting again.
 */
#include <kernel/ksyms.h>
#include <kernel/printk.h>
#include <kernel/page.h>
#include <string.h>

extern const u64 kallsyms_count;
extern const u64 kallsyms_addrs[];
extern const u32 kallsyms_name_offs[];
extern const char kallsyms_names[];
extern const char _stext[], _etext[];

#define BACKTRACE_MAX	32

const char *ksym_lookup(u64 addr, u64 *offset, u64 *size)
{
	u64 lo = 0, hi = kallsyms_count;

	if (addr < (u64)_stext || addr >= (u64)_etext || kallsyms_count == 0)
		return NULL;
	/* Find the last symbol at or below addr. */
	while (hi - lo > 1) {
		u64 mid = lo + (hi - lo) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addrs[lo] > addr)
		return NULL;
	if (offset)
		*offset = addr - kallsyms_addrs[lo];
	if (size)
		*size = (lo + 1 < kallsyms_count ? kallsyms_addrs[lo + 1] :
			 (u64)_etext) - kallsyms_addrs[lo];
	return kallsyms_names + kallsyms_name_offs[lo];
}

void print_symbol(u64 addr)
{
	u64 off, size;
	const char *name = ksym_lookup(addr, &off, &size);

	if (name)
		printk("%s+%#llx/%#llx", name, (unsigned long long)off,
		       (unsigned long long)size);
	else
		printk("%#llx", (unsigned long long)addr);
}

void print_backtrace(u64 rip, u64 rbp)
{
	printk("  [<%016llx>] ", (unsigned long long)rip);
	print_symbol(rip);
	printk("\n");
	for (int i = 0; i < BACKTRACE_MAX && rbp; i++) {
		const u64 *frame = (const u64 *)rbp;
		u64 ret;

		if (!IS_ALIGNED(rbp, 8) || !kernel_addr_mapped(rbp) ||
		    !kernel_addr_mapped(rbp + 8))
			break;
		ret = frame[1];
		if (!ksym_lookup(ret, NULL, NULL))
			break;
		/* The return address points after the call; name the call itself. */
		printk("  [<%016llx>] ", (unsigned long long)ret);
		print_symbol(ret - 1);
		printk("\n");
		if (frame[0] <= rbp)
			break;	/* frames grow upward; anything else is a corrupt chain */
		rbp = frame[0];
	}
}

void dump_stack(void)
{
	print_backtrace((u64)dump_stack, (u64)__builtin_frame_address(0));
}
