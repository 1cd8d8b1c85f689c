/*
 * Copying received datagrams out (Linux's net/core/datagram.c): from an
 * skb's linear part, frags and frag_list to a caller's iov_iter, and the
 * checksum a device did not vouch for, verified while the bytes go out.
 */
#include <kernel/uio.h>
#include <net/skbuff.h>
#include <net/checksum.h>
#include <errno.h>

static int copy_piece_to_iter(void *p, unsigned int n, unsigned int pos, void *to)
{
	return copy_to_iter(p, n, to) == n ? 0 : -EFAULT;
}

int skb_copy_datagram_iter(const struct sk_buff *skb, int offset,
			   struct iov_iter *to, unsigned int len)
{
	return skb_walk_bytes(skb, offset, len, copy_piece_to_iter, to);
}

struct csum_copy {
	struct iov_iter *to;
	unsigned int base;	/* position of the walk's first byte in the sum */
	__wsum csum;
};

/* Each piece is summed and copied back to back, while it is in the cache. */
static int csum_copy_piece(void *p, unsigned int n, unsigned int pos, void *arg)
{
	struct csum_copy *c = arg;

	c->csum = csum_block_add(c->csum, csum_partial(p, n, 0), c->base + pos);
	return copy_to_iter(p, n, c->to) == n ? 0 : -EFAULT;
}

int skb_copy_and_csum_datagram_iter(const struct sk_buff *skb, int hlen,
				    struct iov_iter *to)
{
	struct iov_iter saved = *to;
	struct csum_copy c = { .to = to, .base = (unsigned int)hlen,
			       .csum = skb_checksum(skb, 0, (unsigned int)hlen, 0) };
	int err;

	err = skb_walk_bytes(skb, hlen, skb->len - (unsigned int)hlen,
			     csum_copy_piece, &c);
	if (err)
		return err;
	if (csum_fold(csum_add(c.csum, skb->csum))) {
		*to = saved;	/* what was copied is not a datagram */
		return -EINVAL;
	}
	return 0;
}

__sum16 __skb_checksum_complete(struct sk_buff *skb)
{
	__sum16 sum = csum_fold(skb_checksum(skb, 0, skb->len, skb->csum));

	if (!sum)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	return sum;
}
