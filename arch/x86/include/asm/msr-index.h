/* Model-specific register numbers by name (Intel SDM Vol. 4, "Model-Specific Registers"). */
#ifndef _ASM_X86_MSR_INDEX_H
#define _ASM_X86_MSR_INDEX_H

#define MSR_IA32_APICBASE	0x0000001b
#define MSR_IA32_APICBASE_BSP	(1 << 8)
#define MSR_IA32_APICBASE_ENABLE (1 << 11)
#define MSR_IA32_MISC_ENABLE	0x000001a0
#define MSR_PLATFORM_INFO	0x000000ce	/* Intel: max non-turbo ratio in bits 15:8 */

#define MSR_EFER		0xc0000080
#define MSR_STAR		0xc0000081	/* SYSCALL/SYSRET segment bases */
#define MSR_LSTAR		0xc0000082	/* SYSCALL entry point, 64-bit mode */
#define MSR_SYSCALL_MASK	0xc0000084	/* RFLAGS bits SYSCALL clears */
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

#endif
