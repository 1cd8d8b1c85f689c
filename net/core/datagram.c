/*
 * Receiving whole datagrams from a socket's receive queue (Linux
 * net/core/datagram.c), shared by the message-oriented sockets: UDP and
 * netlink.
 */
#include <net/sock.h>
#include <errno.h>

struct sk_buff *skb_recv_datagram(struct sock *sk, int flags, int *err)
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
