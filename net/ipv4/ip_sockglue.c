/*
 * IPPROTO_IP socket options (Linux net/ipv4/ip_sockglue.c): the TTL and
 * TOS of what the socket sends, and IP_RECVTTL, the TTL of what it
 * receives as a cmsg (ping prints it). Others are not offered: -ENOPROTOOPT.
 */
#include <net/inet_sock.h>
#include <net/ip.h>
#include <errno.h>

int ip_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		  unsigned int optlen)
{
	struct inet_sock *inet = inet_sk(sk);
	int val;

	if (level != IPPROTO_IP)
		return -ENOPROTOOPT;
	if (optname != IP_TTL && optname != IP_TOS && optname != IP_RECVTTL)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	if (optname == IP_TTL) {
		/* -1 restores the default; RFC 791: 0 is never sent. */
		if (val != -1 && (val < 1 || val > 255))
			return -EINVAL;
		inet->uc_ttl = (s16)val;
	} else if (optname == IP_RECVTTL) {
		inet->cmsg_flags = val ? inet->cmsg_flags | IP_CMSG_TTL :
				   inet->cmsg_flags & ~IP_CMSG_TTL;
	} else {
		inet->tos = (u8)val;
	}
	return 0;
}

int ip_getsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		  int *optlen)
{
	struct inet_sock *inet = inet_sk(sk);
	int val;

	if (level != IPPROTO_IP)
		return -ENOPROTOOPT;
	switch (optname) {
	case IP_TTL:
		val = inet->uc_ttl < 0 ? sysctl_ip_default_ttl : inet->uc_ttl;
		break;
	case IP_TOS:
		val = inet->tos;
		break;
	case IP_RECVTTL:
		val = !!(inet->cmsg_flags & IP_CMSG_TTL);
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (*optlen < 0)
		return -EINVAL;
	if (*optlen > (int)sizeof(val))
		*optlen = sizeof(val);
	return copy_to_sockptr(optval, &val, (size_t)*optlen) ? -EFAULT : 0;
}

void ip_cmsg_recv(struct sock *sk, struct kmsghdr *msg, const struct sk_buff *skb)
{
	int ttl = ip_hdr(skb)->ttl;

	if (inet_sk(sk)->cmsg_flags & IP_CMSG_TTL)
		put_cmsg(msg, IPPROTO_IP, IP_TTL, sizeof(ttl), &ttl);
}
