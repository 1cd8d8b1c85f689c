/*
 * What every datagram socket shares (Linux net/core/datagram.c): taking
 * the next datagram off the receive queue, waiting for one as the socket's
 * timeout allows, copying one out (from the linear part, frags and
 * frag_list, verifying the checksum a device did not vouch for on the
 * way), and the poll mask of a queue of whole datagrams. UDP, ICMP ping,
 * netlink and AF_PACKET use them.
 */
#include <kernel/poll.h>
#include <kernel/uio.h>
#include <net/sock.h>
#include <net/skbuff.h>
#include <net/checksum.h>
#include <errno.h>

struct sk_buff *skb_recv_datagram(struct sock *sk, unsigned int flags, int *err)
{
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	struct sk_buff *skb;

	for (;;) {
		*err = sock_error(sk);
		if (*err)
			return NULL;
		lock_sock(sk);
		skb = skb_peek(&sk->sk_receive_queue);
		if (skb) {
			if (flags & MSG_PEEK)
				skb_get(skb);
			else
				skb_unlink(skb, &sk->sk_receive_queue);
		}
		release_sock(sk);
		if (skb)
			return skb;
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			return NULL;
		*err = -EAGAIN;
		if (!timeo)
			return NULL;
		sk_wait_event(sk, &timeo,
			      !skb_queue_empty(&sk->sk_receive_queue) ||
			      sk->sk_err || (sk->sk_shutdown & RCV_SHUTDOWN));
	}
}

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

int skb_copy_datagram_msg(const struct sk_buff *skb, struct kmsghdr *msg, size_t len)
{
	size_t copied = skb->len;

	if (copied > len) {
		copied = len;
		msg->msg_flags |= MSG_TRUNC;
	}
	if (skb_copy_datagram_iter(skb, 0, &msg->msg_iter, (unsigned int)copied))
		return -EFAULT;
	return (int)copied;
}

__poll_t datagram_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;

	poll_wait(file, &sk->sk_wq, wait);
	if (sk->sk_err || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (sock_writeable(sk))
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	return mask;
}
