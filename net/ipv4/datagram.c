/*
 * What IPv4 datagram sockets (UDP, ICMP ping) share (Linux
 * net/ipv4/datagram.c): connect() chooses the route and source address
 * now, remembers the peer and caches the route for the sends to come
 * (RFC 1122 4.1.3.4: a connected UDP socket still takes only datagrams
 * from that peer, the lookup prefers it); the route of each send;
 * connect(AF_UNSPEC).
 */
#include <net/inet_sock.h>
#include <net/route.h>
#include <net/ip.h>
#include <errno.h>

int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	struct flowi4 fl4 = { 0 };
	struct rtable *rt;
	int err;

	if (addr_len < (int)sizeof(*usin))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	lock_sock(sk);
	sk_dst_reset(sk);
	fl4.daddr = usin->sin_addr.s_addr;
	fl4.saddr = inet->inet_saddr;
	fl4.oif = sk->sk_bound_dev_if;
	fl4.tos = inet->tos;
	err = ip_route_output(&fl4, &rt);
	if (err)
		goto out;
	if (rt->rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST)) {
		ip_rt_put(rt);
		err = -EACCES;
		goto out;
	}
	if (!inet->inet_saddr)
		inet->inet_saddr = fl4.saddr;
	if (!inet->inet_rcv_saddr)
		inet->inet_rcv_saddr = fl4.saddr;
	inet->inet_daddr = fl4.daddr;
	inet->inet_dport = usin->sin_port;
	sk->sk_state = TCP_ESTABLISHED;
	sk_dst_set(sk, &rt->dst);
out:
	release_sock(sk);
	return err;
}

int ip4_datagram_route(struct sock *sk, __be32 daddr, bool connected,
		       struct rtable **rtp, __be32 *saddr)
{
	struct inet_sock *inet = inet_sk(sk);
	struct flowi4 fl4 = { .daddr = daddr, .saddr = inet->inet_saddr,
			      .oif = sk->sk_bound_dev_if, .tos = inet->tos };
	int err;

	if (connected) {
		*rtp = (struct rtable *)sk_dst_check(sk);
		*saddr = inet->inet_saddr;
		if (*rtp)
			return 0;
	}
	err = ip_route_output(&fl4, rtp);
	if (err)
		return err;
	/* Broadcasts only from sockets that asked (SO_BROADCAST), as BSD. */
	if ((*rtp)->rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST)) {
		ip_rt_put(*rtp);
		*rtp = NULL;
		return -EACCES;
	}
	if (connected)
		sk_dst_set(sk, dst_clone(&(*rtp)->dst));
	*saddr = fl4.saddr;
	return 0;
}

/*
 * connect(AF_UNSPEC) (Linux's __udp_disconnect): forget the peer, and
 * what connect() chose for us, the port (through the protocol's unhash)
 * unless bind() chose it.
 */
int __udp_disconnect(struct sock *sk, int flags)
{
	struct inet_sock *inet = inet_sk(sk);

	lock_sock(sk);
	sk->sk_state = TCP_CLOSE;
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet->inet_rcv_saddr = inet->inet_saddr = 0;
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		sk->sk_prot->unhash(sk);
		inet->inet_sport = 0;
	}
	sk_dst_reset(sk);
	release_sock(sk);
	return 0;
}
