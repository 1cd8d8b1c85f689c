/*
 * Host shim for <asm/io.h>: memory-mapped accessors on ordinary memory and
 * compiler barriers. Port I/O is deliberately absent: code that needs it
 * has no business running on the host.
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <kernel/types.h>

static inline u8 readb(const volatile void *a) { return *(const volatile u8 *)a; }
static inline u16 readw(const volatile void *a) { return *(const volatile u16 *)a; }
static inline u32 readl(const volatile void *a) { return *(const volatile u32 *)a; }
static inline u64 readq(const volatile void *a) { return *(const volatile u64 *)a; }
static inline void writeb(u8 v, volatile void *a) { *(volatile u8 *)a = v; }
static inline void writew(u16 v, volatile void *a) { *(volatile u16 *)a = v; }
static inline void writel(u32 v, volatile void *a) { *(volatile u32 *)a = v; }
static inline void writeq(u64 v, volatile void *a) { *(volatile u64 *)a = v; }

#define mb()		__sync_synchronize()
#define rmb()		__sync_synchronize()
#define wmb()		__sync_synchronize()
#define dma_wmb()	barrier()
#define dma_rmb()	barrier()

static inline void cpu_relax(void)
{
	barrier();
}

#endif
