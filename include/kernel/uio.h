/*
 * I/O vectors and iov_iter, as Linux's: the socket layer copies between
 * skbs and a caller's buffers without knowing whether they are a service's
 * (copied with copy_from_user, which may fail with -EFAULT) or the
 * kernel's own (self-tests, in-kernel clients).
 */
#ifndef _KERNEL_UIO_H
#define _KERNEL_UIO_H

#include <kernel/types.h>
#include <kernel/uaccess.h>

#include <sys/uio.h>		/* struct iovec: the user ABI layout */

struct kvec {
	void *iov_base;
	size_t iov_len;
};

#define UIO_MAXIOV	1024

enum iter_type { ITER_IOVEC, ITER_KVEC };

struct iov_iter {
	enum iter_type type;
	const struct iovec *iov;	/* kernel copy of the vector (ITER_IOVEC) */
	const struct kvec *kvec;	/* ITER_KVEC */
	unsigned long nr_segs;
	size_t iov_offset;		/* into the current segment */
	size_t count;			/* bytes left in all segments */
};

void iov_iter_init(struct iov_iter *i, const struct iovec *iov,
		   unsigned long nr_segs, size_t count);
void iov_iter_kvec(struct iov_iter *i, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count);
/* Copy up to n bytes and advance; returns bytes copied (short on a fault). */
size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i);
size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i);
void iov_iter_advance(struct iov_iter *i, size_t n);
static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/*
 * Copy a user iovec array (at most UIO_MAXIOV entries) into *iov (a
 * kernel array, kmalloc'ed when fast[] is too small: the caller frees
 * *iov if it differs from fast) and set up the iterator; checks every
 * segment with access_ok and the total against SSIZE_MAX. 0 or -errno.
 */
int import_iovec(const struct iovec __user *uvec, unsigned long nr_segs,
		 struct iovec *fast, unsigned long fast_n, struct iovec **iov,
		 struct iov_iter *i);
int import_single_range(void __user *buf, size_t len, struct iovec *iov,
			struct iov_iter *i);

#endif
