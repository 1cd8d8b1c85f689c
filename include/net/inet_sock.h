/*
 * struct inet_sock: an IPv4 socket (Linux include/net/inet_sock.h), the
 * sock plus what IP needs to send: the source address and port, TTL, TOS.
 * inet_create() builds one per socket; udp_sock and tcp_sock extend it.
 */
#ifndef _NET_INET_SOCK_H
#define _NET_INET_SOCK_H

#include <net/sock.h>
#include <netinet/in.h>

struct inet_sock {
	struct sock sk;			/* first: a sock is an inet_sock */
#define inet_daddr	sk.sk_daddr
#define inet_rcv_saddr	sk.sk_rcv_saddr
#define inet_dport	sk.sk_dport
#define inet_num	sk.sk_num
	__be32 inet_saddr;		/* source of what we send, 0 = by route */
	__be16 inet_sport;		/* htons(inet_num) */
	s16 uc_ttl;			/* IP_TTL; -1 = sysctl_ip_default_ttl */
	u8 tos;				/* IP_TOS */
	u8 cmsg_flags;			/* IP_CMSG_*: what recvmsg reports */
};

#define IP_CMSG_TTL	0x1		/* IP_RECVTTL */

static inline struct inet_sock *inet_sk(const struct sock *sk)
{
	return (struct inet_sock *)sk;
}

/* A table entry for inet_create(): socket type and protocol -> operations. */
struct inet_protosw {
	struct list_head list;
	unsigned short type;		/* SOCK_DGRAM, SOCK_STREAM */
	unsigned short protocol;	/* IPPROTO_UDP; IPPROTO_IP = wildcard */
	struct proto *prot;
	const struct proto_ops *ops;
};

/* Add p to inetsw (TCP registers SOCK_STREAM/IPPROTO_TCP here). */
void inet_register_protosw(struct inet_protosw *p);
void inet_unregister_protosw(struct inet_protosw *p);

extern const struct proto_ops inet_dgram_ops;
extern const struct proto_ops inet_stream_ops;

/* Shared proto_ops entries, Linux's names. */
int inet_release(struct socket *sock);
int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len);
int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer);
int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int inet_shutdown(struct socket *sock, int how);
int inet_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t size);
int inet_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size,
		 int flags);
/* Bind an unbound socket to an ephemeral port: 0 or -EAGAIN. */
int inet_autobind(struct sock *sk);
/* Validate a sockaddr_in from a caller: 0, -EINVAL or -EAFNOSUPPORT. */
int inet_check_addr(const struct sockaddr *uaddr, int addr_len,
		    bool allow_unspec);

/* What datagram sockets share (net/ipv4/datagram.c): UDP's and ping's connect(). */
int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
struct rtable;
/*
 * The route for a datagram to daddr: a connected socket's cached one, or
 * a new lookup (cached when connected). 0 with *rtp held (ip_rt_put) and
 * the source in *saddr; -ENETUNREACH, or -EACCES for a broadcast without
 * SO_BROADCAST.
 */
int ip4_datagram_route(struct sock *sk, __be32 daddr, bool connected,
		       struct rtable **rtp, __be32 *saddr);
/* connect(AF_UNSPEC) for UDP and ping sockets (Linux's __udp_disconnect). */
int __udp_disconnect(struct sock *sk, int flags);

/* IPPROTO_IP options (net/ipv4/ip_sockglue.c): IP_TTL, IP_TOS, IP_RECVTTL. */
int ip_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		  unsigned int optlen);
int ip_getsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		  int *optlen);
/* The cmsgs the socket asked for (IP_RECVTTL) about a received skb (Linux's ip_cmsg_recv). */
void ip_cmsg_recv(struct sock *sk, struct kmsghdr *msg, const struct sk_buff *skb);

/* Interface and route ioctls (net/ipv4/inet_ioctl.c) on kernel copies. */
struct ifreq;
struct rtentry;
int devinet_ioctl(unsigned int cmd, struct ifreq *ifr);
int ip_rt_ioctl(unsigned int cmd, const struct rtentry *rt, const char *devname);

/* Register the inet family, udp_prot and inetsw; from inet_init(). */
void inet_sock_init(void);

#endif
