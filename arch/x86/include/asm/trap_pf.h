/* The page fault error code's bits (Intel SDM Vol. 3A 4.7, Figure 4-12), as Linux names them. */
#ifndef _ASM_X86_TRAP_PF_H
#define _ASM_X86_TRAP_PF_H

#define X86_PF_PROT	(1ULL << 0)	/* a protection violation, not an absent page */
#define X86_PF_WRITE	(1ULL << 1)	/* a write, not a read */
#define X86_PF_USER	(1ULL << 2)	/* from user mode */
#define X86_PF_RSVD	(1ULL << 3)	/* a reserved bit set in a paging entry */
#define X86_PF_INSTR	(1ULL << 4)	/* an instruction fetch */

#endif
