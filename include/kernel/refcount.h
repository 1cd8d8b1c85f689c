/*
 * refcount_t: a reference count that never wraps, with Linux's semantics
 * (include/linux/refcount.h). An increment past INT_MAX, an increment from
 * zero (the object may already be freed) and a decrement below zero leave
 * the count saturated at REFCOUNT_SATURATED and WARN with a backtrace;
 * refcount_saturations counts them. A saturated count stays far from
 * zero, so the object is never freed again: a use-after-free becomes a
 * leak, reported, and the kernel keeps running. Atomic, not for other
 * CPUs (there is one) but so that a softirq's hold and put inside a
 * process-context update cannot lose one of them.
 */
#ifndef _KERNEL_REFCOUNT_H
#define _KERNEL_REFCOUNT_H

#include <kernel/types.h>

typedef struct {
	int refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ .refs = (n) }
#define REFCOUNT_SATURATED	((-__INT_MAX__ - 1) / 2)	/* INT_MIN / 2, without limits.h */

enum refcount_saturation_type {
	REFCOUNT_ADD_OVF,	/* an increment past INT_MAX */
	REFCOUNT_ADD_UAF,	/* an increment from zero */
	REFCOUNT_SUB_UAF,	/* a decrement below zero */
	REFCOUNT_DEC_LEAK,	/* refcount_dec to zero: nobody frees the object */
};

extern u64 refcount_saturations;

/* Saturate r and report how it got there (kernel/lib/refcount.c). */
void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t);

static inline void refcount_set(refcount_t *r, int n)
{
	__atomic_store_n(&r->refs, n, __ATOMIC_RELAXED);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return __atomic_load_n(&r->refs, __ATOMIC_RELAXED);
}

/* Old values are checked, so the common case costs one locked add and a branch. */
static inline void refcount_add(int i, refcount_t *r)
{
	int old = __atomic_fetch_add(&r->refs, i, __ATOMIC_RELAXED);

	if (unlikely(old == 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (unlikely(old < 0 || (int)((unsigned int)old + (unsigned int)i) < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

/* True when this was the last reference: the caller frees the object. */
static inline bool refcount_dec_and_test(refcount_t *r)
{
	int old = __atomic_fetch_sub(&r->refs, 1, __ATOMIC_RELEASE);

	if (old == 1) {
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		return true;
	}
	if (unlikely(old <= 0))
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF);
	return false;
}

/* Drop a reference that is never the last one. */
static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(__atomic_fetch_sub(&r->refs, 1, __ATOMIC_RELEASE) <= 1))
		refcount_warn_saturate(r, REFCOUNT_DEC_LEAK);
}

#endif
