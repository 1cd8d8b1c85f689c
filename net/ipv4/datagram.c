/*
 * connect() for datagram sockets (Linux net/ipv4/datagram.c): choose the
 * route and source address now, remember the peer, and cache the route
 * for the sends to come. RFC 1122 4.1.3.4: a connected UDP socket still
 * takes only datagrams from that peer (the lookup prefers it).
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
