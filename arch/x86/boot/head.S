/*
 * 32-bit entry from the multiboot loaders and PVH, early paging, and the
 * switch to long mode (Intel SDM Vol. 3A 9.8.5 "Initializing IA-32e Mode").
 *
 * On entry: protected mode, paging off, EAX = loader magic, EBX = physical
 * address of the boot information. The early page tables map:
 *   0 - 4 GiB  at 0                  (identity; the boot info lives here)
 *   0 - 4 GiB  at PAGE_OFFSET        (the direct map, as paging_init keeps it)
 *   0 - 1 GiB  at KERNEL_VMA         (the kernel image)
 * with 2 MiB pages. paging_init() replaces them with W^X tables.
 */

#include <asm/processor-flags.h>
#include <asm/msr-index.h>

#define KERNEL_VMA	0xffffffff80000000
#define PHYS(x)		((x) - KERNEL_VMA)

#define PTE_P		0x1
#define PTE_W		0x2
#define PTE_PS		0x80

#define COM1		0x3f8

/* xen/include/public/arch-x86/hvm/start_info.h: hvm_start_info.magic. */
#define XEN_HVM_START_MAGIC_VALUE	0x336ec578

	.section .boot.text, "ax"
	.code32
	/*
	 * PVH entry (xen/include/public/arch-x86/hvm/start_info.h, "x86/HVM
	 * direct boot ABI"): flat 32-bit protected mode, paging off, EBX = the
	 * hvm_start_info; every other register is undefined. EAX gets the
	 * protocol's magic, so kernel_main tells the three protocols apart the
	 * same way; bootinfo_parse() checks the structure's own magic too.
	 */
	.globl pvh_start32
pvh_start32:
	movl $XEN_HVM_START_MAGIC_VALUE, %eax
	jmp _start32

	.globl _start32
_start32:
	cli
	cld
	movl %eax, %ebp			/* magic and info survive the setup in EBP/ESI */
	movl %ebx, %esi

	/* Zero .bss: the a.out-kludge path leaves it to us, and the page
	 * tables and the boot stack live there. */
	movl $PHYS(_sbss), %edi
	movl $PHYS(_ebss), %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl $PHYS(boot_stack_top), %esp

	call check_cpu
	call setup_page_tables

	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4

	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3

	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NX), %eax
	wrmsr

	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_WP), %eax
	movl %eax, %cr0

	lgdt boot_gdt_desc
	ljmp $0x08, $start64_low

/* Long mode and NX are required; say so on serial and screen, then stop. */
check_cpu:
	pushfl				/* CPUID present? (EFLAGS.ID toggles) */
	popl %eax
	movl %eax, %ecx
	xorl $X86_EFLAGS_ID, %eax
	pushl %eax
	popfl
	pushfl
	popl %eax
	cmpl %eax, %ecx
	je no_long_mode
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx		/* LM */
	jz no_long_mode
	testl $(1 << 20), %edx		/* NX */
	jz no_nx
	ret

no_long_mode:
	movl $msg_no_lm, %ebx
	jmp early_fatal
no_nx:
	movl $msg_no_nx, %ebx
	/* fall through */

/* Print the NUL-terminated string at EBX to COM1 and VGA text, then halt. */
early_fatal:
	movl $0xb8000, %edi
1:	movb (%ebx), %al
	testb %al, %al
	jz 3f
	movw $(COM1 + 5), %dx		/* wait for THR empty, bounded */
	movl $100000, %ecx
2:	inb %dx, %al
	testb $0x20, %al
	jnz 4f
	loop 2b
4:	movb (%ebx), %al
	movw $COM1, %dx
	outb %al, %dx
	movb $0x4f, %ah			/* white on red */
	movw %ax, (%edi)
	addl $2, %edi
	incl %ebx
	jmp 1b
3:	cli
	hlt
	jmp 3b

setup_page_tables:
	/* Four page directories of 2 MiB pages cover 0 - 4 GiB. */
	movl $PHYS(boot_pd), %edi
	xorl %eax, %eax			/* physical address, low half */
	xorl %edx, %edx			/* high half */
	movl $2048, %ecx
1:	movl %eax, %ebx
	orl $(PTE_P | PTE_W | PTE_PS), %ebx
	movl %ebx, (%edi)
	movl %edx, 4(%edi)
	addl $0x200000, %eax
	adcl $0, %edx
	addl $8, %edi
	loop 1b

	/* PDPT for the identity and direct maps: four entries, one per GiB. */
	movl $PHYS(boot_pdpt_low), %edi
	movl $PHYS(boot_pd), %eax
	orl $(PTE_P | PTE_W), %eax
	movl $4, %ecx
2:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 2b

	/* PDPT for the top 2 GiB: entry 510 maps the first GiB. */
	movl $PHYS(boot_pd), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8

	movl $PHYS(boot_pdpt_low), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4)		/* entry 0: identity */
	movl %eax, PHYS(boot_pml4) + 256 * 8	/* entry 256: PAGE_OFFSET */
	movl $PHYS(boot_pdpt_high), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8	/* entry 511: KERNEL_VMA */
	ret

	.code64
start64_low:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $start64, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_desc:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

msg_no_lm:
	.asciz "Skiff: this CPU has no 64-bit long mode; Skiff needs an x86-64 CPU."
msg_no_nx:
	.asciz "Skiff: this CPU has no NX (execute-disable) bit; Skiff needs it for W^X."

	.text
	.code64
start64:
	movabsq $boot_stack_top, %rsp
	movl %ebp, %edi			/* kernel_main(magic, info), SysV ABI */
	xorl %ebp, %ebp			/* terminates the frame-pointer chain */
	call kernel_main
1:	cli
	hlt
	jmp 1b

	.bss
	.balign 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
	/* The boot stack, which becomes the idle thread's, with a guard page
	 * below it that paging_init() leaves unmapped. */
	.globl boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard: .skip 4096
boot_stack_bottom: .skip 16384
boot_stack_top:
