/* Run the registered initcalls in level order (the linker sorts the sections). */
#include <kernel/init.h>
#include <kernel/printk.h>
#include <kernel/ksyms.h>

extern const initcall_t __initcalls_start[], __initcalls_end[];

void do_initcalls(void)
{
	for (const initcall_t *fn = __initcalls_start; fn < __initcalls_end; fn++) {
		int ret = (*fn)();

		if (ret < 0) {
			printk("init: ");
			print_symbol((u64)*fn);
			printk(" failed: %d\n", ret);
		}
	}
}
