/*
 * What every datagram socket shares (Linux net/core/datagram.c): taking
 * the next datagram off the receive queue, waiting for one as the socket's
 * timeout allows, copying one out, and the poll mask of a queue of whole
 * datagrams. UDP, ICMP ping, netlink and AF_PACKET use them.
 */
#include <kernel/poll.h>
#include <net/sock.h>
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

int skb_copy_datagram_msg(const struct sk_buff *skb, struct kmsghdr *msg, size_t len)
{
	size_t copied = skb->len;

	if (copied > len) {
		copied = len;
		msg->msg_flags |= MSG_TRUNC;
	}
	if (copy_to_iter(skb->data, copied, &msg->msg_iter) != copied)
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
