/*
 * Spinlocks for a uniprocessor kernel. With one CPU a lock's job is to keep
 * preemption, bottom halves or interrupts out of a critical section, so
 * spin_lock disables preemption, spin_lock_bh also bottom halves, and
 * spin_lock_irqsave also interrupts. The lock word still records that it is
 * held, so recursion or an unbalanced unlock is caught at once.
 */
#ifndef _KERNEL_SPINLOCK_H
#define _KERNEL_SPINLOCK_H

#include <kernel/types.h>
#include <kernel/preempt.h>
#include <asm/irqflags.h>

typedef struct {
	volatile int locked;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED	{ 0 }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED

__noreturn void spin_lock_bug(spinlock_t *l, const char *what);

void local_bh_disable(void);
void local_bh_enable(void);

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
}

static inline void __spin_acquire(spinlock_t *l)
{
	if (unlikely(l->locked))
		spin_lock_bug(l, "recursive spin_lock");
	l->locked = 1;
	barrier();
}

static inline void __spin_release(spinlock_t *l)
{
	barrier();
	if (unlikely(!l->locked))
		spin_lock_bug(l, "spin_unlock of an unlocked lock");
	l->locked = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	__spin_acquire(l);
}

static inline void spin_unlock(spinlock_t *l)
{
	__spin_release(l);
	preempt_enable();
}

static inline void spin_lock_bh(spinlock_t *l)
{
	local_bh_disable();
	__spin_acquire(l);
}

static inline void spin_unlock_bh(spinlock_t *l)
{
	__spin_release(l);
	local_bh_enable();
}

#define spin_lock_irqsave(l, flags)			\
	do {						\
		(flags) = arch_local_irq_save();	\
		preempt_disable();			\
		__spin_acquire(l);			\
	} while (0)

#define spin_unlock_irqrestore(l, flags)		\
	do {						\
		__spin_release(l);			\
		preempt_enable_no_resched();		\
		arch_local_irq_restore(flags);		\
	} while (0)

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->locked;
}

#define local_irq_save(flags)	((flags) = arch_local_irq_save())
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_irq_disable()	arch_local_irq_disable()
#define local_irq_enable()	arch_local_irq_enable()
#define irqs_disabled()		arch_irqs_disabled()

#endif
