/*
 * I/O vector iterators (Linux lib/iov_iter.c, two flavours only): a user
 * iovec, copied with the fault-catching user copies, or a kernel kvec.
 */
#include <kernel/uio.h>
#include <kernel/slab.h>
#include <errno.h>
#include <string.h>

#define MAX_RW_COUNT	((size_t)0x7ffff000)	/* Linux: INT_MAX & PAGE_MASK */

void iov_iter_init(struct iov_iter *i, const struct iovec *iov,
		   unsigned long nr_segs, size_t count)
{
	*i = (struct iov_iter){ .type = ITER_IOVEC, .iov = iov,
				.nr_segs = nr_segs, .count = count };
}

void iov_iter_kvec(struct iov_iter *i, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count)
{
	*i = (struct iov_iter){ .type = ITER_KVEC, .kvec = kvec,
				.nr_segs = nr_segs, .count = count };
}

/* Base and length of the current segment, from iov_offset on. */
static void iter_segment(const struct iov_iter *i, char **base, size_t *len)
{
	if (i->type == ITER_KVEC) {
		*base = (char *)i->kvec->iov_base + i->iov_offset;
		*len = i->kvec->iov_len - i->iov_offset;
	} else {
		*base = (char *)i->iov->iov_base + i->iov_offset;
		*len = i->iov->iov_len - i->iov_offset;
	}
}

static void iter_next_segment(struct iov_iter *i)
{
	if (i->type == ITER_KVEC)
		i->kvec++;
	else
		i->iov++;
	i->nr_segs--;
	i->iov_offset = 0;
}

void iov_iter_advance(struct iov_iter *i, size_t n)
{
	n = min(n, i->count);
	i->count -= n;
	while (i->nr_segs) {
		char *base;
		size_t len;

		iter_segment(i, &base, &len);
		if (n < len) {
			i->iov_offset += n;
			return;
		}
		n -= len;
		iter_next_segment(i);
		if (!n && !i->count)
			return;
	}
}

/*
 * Move up to n bytes between buf and the iterator's segments; to_iter
 * gives the direction. Stops short at the first user fault, having
 * counted every byte copied before it.
 */
static size_t iter_copy(struct iov_iter *i, void *buf, size_t n, bool to_iter)
{
	size_t done = 0;

	n = min(n, i->count);
	while (done < n && i->nr_segs) {
		char *base;
		size_t len, left = 0;

		iter_segment(i, &base, &len);
		len = min(len, n - done);
		if (i->type == ITER_KVEC) {
			if (to_iter)
				memcpy(base, (char *)buf + done, len);
			else
				memcpy((char *)buf + done, base, len);
		} else if (to_iter) {
			left = raw_copy_to_user((void __user *)base, (char *)buf + done, len);
		} else {
			left = raw_copy_from_user((char *)buf + done, (const void __user *)base, len);
		}
		done += len - left;
		iov_iter_advance(i, len - left);
		if (left)
			break;
		/* Skip empty segments so the next round sees data. */
		while (i->nr_segs && i->count) {
			iter_segment(i, &base, &len);
			if (len)
				break;
			iter_next_segment(i);
		}
	}
	return done;
}

size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i)
{
	return iter_copy(i, dst, n, false);
}

size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i)
{
	return iter_copy(i, (void *)src, n, true);
}

/*
 * Linux's import_iovec: a short total is fine, a segment beyond the user
 * half is -EFAULT, more than UIO_MAXIOV segments -EINVAL; the total is
 * capped at MAX_RW_COUNT as Linux does.
 */
int import_iovec(const struct iovec __user *uvec, unsigned long nr_segs,
		 struct iovec *fast, unsigned long fast_n, struct iovec **iov,
		 struct iov_iter *i)
{
	struct iovec *vec = fast;
	size_t total = 0;
	unsigned long s;

	*iov = fast;
	if (nr_segs > UIO_MAXIOV)
		return -EINVAL;
	if (nr_segs > fast_n) {
		vec = kmalloc(nr_segs * sizeof(*vec));
		if (!vec)
			return -ENOMEM;
	}
	if (nr_segs && copy_from_user(vec, uvec, nr_segs * sizeof(*vec)))
		goto fault;
	for (s = 0; s < nr_segs; s++) {
		size_t len = vec[s].iov_len;

		if ((ssize_t)len < 0) {
			if (vec != fast)
				kfree(vec);
			return -EINVAL;
		}
		if (!access_ok(vec[s].iov_base, len))
			goto fault;
		if (len > MAX_RW_COUNT - total) {
			len = MAX_RW_COUNT - total;
			vec[s].iov_len = len;
		}
		total += len;
	}
	iov_iter_init(i, vec, nr_segs, total);
	*iov = vec;
	return 0;
fault:
	if (vec != fast)
		kfree(vec);
	return -EFAULT;
}

int import_single_range(void __user *buf, size_t len, struct iovec *iov,
			struct iov_iter *i)
{
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!access_ok(buf, len))
		return -EFAULT;
	iov->iov_base = buf;
	iov->iov_len = len;
	iov_iter_init(i, iov, 1, len);
	return 0;
}
