/*
 * The AF_NETLINK socket family (Linux net/netlink/af_netlink.c, RFC 3549),
 * for NETLINK_ROUTE and NETLINK_NETFILTER: a program (or the kernel's own
 * shell) sends requests to the kernel, port 0, and reads the answers from
 * its socket.
 *
 * Skiff's subset: unicast between one socket and the kernel. A request is
 * handled while sendmsg runs, so its replies (and, for a dump, every part
 * and the closing NLMSG_DONE) are queued before sendmsg returns; there
 * are no multicast groups and no messages between sockets. A port ID only
 * labels the replies: the kernel answers the socket that asked.
 */
#include <kernel/net.h>
#include <kernel/slab.h>
#include <kernel/uio.h>
#include <net/sock.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/netfilter/nfnetlink.h>
#include <errno.h>
#include <string.h>

struct netlink_sock {
	struct sock sk;			/* first: a sock is a netlink_sock */
	u32 portid;
};

static struct proto netlink_proto = {
	.name = "NETLINK",
	.obj_size = sizeof(struct netlink_sock),
};

static u32 next_portid = 1;

static struct netlink_sock *nlk_sk(const struct sock *sk)
{
	return container_of(sk, struct netlink_sock, sk);
}

u32 netlink_portid(const struct sock *sk)
{
	return nlk_sk(sk)->portid;
}

void netlink_overrun(struct sock *sk)
{
	sk->sk_err = ENOBUFS;
	sk->sk_error_report(sk);
}

int netlink_unicast(struct sock *sk, struct sk_buff *skb)
{
	if (sock_queue_rcv_skb(sk, skb) == 0)
		return 0;
	kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_RCVBUFF);
	netlink_overrun(sk);
	return -ENOBUFS;
}

void netlink_ack(struct sock *sk, const struct nlmsghdr *nlh, int err)
{
	struct sk_buff *skb = nlmsg_new(sizeof(struct nlmsgerr));
	struct nlmsghdr *rep;
	struct nlmsgerr *e;

	if (!skb) {
		netlink_overrun(sk);
		return;
	}
	/* The request's header only, as Linux with NETLINK_CAP_ACK set. */
	rep = nlmsg_put(skb, netlink_portid(sk), nlh->nlmsg_seq, NLMSG_ERROR,
			sizeof(*e), NLM_F_CAPPED);
	e = nlmsg_data(rep);
	e->error = err;
	e->msg = *nlh;
	nlmsg_end(skb, rep);
	netlink_unicast(sk, skb);
}

/*
 * Run every message of a request buffer through rtnetlink (Linux's
 * netlink_rcv_skb): each is checked against the bytes left before it is
 * read; errors, and successes the sender asked for with NLM_F_ACK, are
 * answered with NLMSG_ERROR. A dump is answered by its parts instead.
 */
static void netlink_rcv(struct sock *sk, const u8 *buf, int len)
{
	while (len >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		int msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		int err;

		if (nlh->nlmsg_len < (u32)NLMSG_HDRLEN || nlh->nlmsg_len > (u32)len)
			return;
		if (msglen > len)
			msglen = len;
		/* Control messages and answers are not requests: nothing to do. */
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) && nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
			err = sk->sk_protocol == NETLINK_NETFILTER ? nfnetlink_rcv_msg(sk, nlh)
								   : rtnetlink_rcv_msg(sk, nlh);
			if (err != RTNL_DUMPED && (err || (nlh->nlmsg_flags & NLM_F_ACK)))
				netlink_ack(sk, nlh, err);
		}
		buf += msglen;
		len -= msglen;
	}
}

static int netlink_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct sockaddr_nl *addr = msg->msg_name;
	u8 *buf;

	if (addr) {
		if (msg->msg_namelen < (int)sizeof(*addr) || addr->nl_family != AF_NETLINK)
			return -EINVAL;
		if (addr->nl_pid != 0 || addr->nl_groups)
			return -ECONNREFUSED;	/* only the kernel listens */
	}
	if (len > (size_t)sk->sk_sndbuf - 32)
		return -EMSGSIZE;
	buf = kmalloc(len ? len : 1);
	if (!buf)
		return -ENOBUFS;
	if (copy_from_iter(buf, len, &msg->msg_iter) != len) {
		kfree(buf);
		return -EFAULT;
	}
	netlink_rcv(sk, buf, (int)len);
	kfree(buf);
	return (int)len;
}

static int netlink_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t len,
			   int flags)
{
	struct sock *sk = sock->sk;
	struct sockaddr_nl *addr = msg->msg_name;
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & (MSG_OOB | MSG_ERRQUEUE))
		return -EOPNOTSUPP;
	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;
	copied = min((size_t)skb->len, len);
	if (copied < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	if (copy_to_iter(skb->data, copied, &msg->msg_iter) != copied) {
		consume_skb(skb);
		return -EFAULT;
	}
	if (addr) {
		memset(addr, 0, sizeof(*addr));
		addr->nl_family = AF_NETLINK;	/* from the kernel, port 0 */
		msg->msg_namelen = sizeof(*addr);
	}
	/* MSG_TRUNC asks for the real size (iproute2 sizes its buffer so). */
	err = (flags & MSG_TRUNC) ? (int)skb->len : (int)copied;
	consume_skb(skb);
	return err;
}

static int netlink_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	struct sockaddr_nl *addr = (struct sockaddr_nl *)uaddr;

	if (len < (int)sizeof(*addr) || addr->nl_family != AF_NETLINK)
		return -EINVAL;
	if (addr->nl_groups)
		return -EOPNOTSUPP;	/* no multicast groups (no notifications) */
	if (addr->nl_pid)
		nlk_sk(sock->sk)->portid = addr->nl_pid;
	return 0;
}

/* The only peer there is: the kernel. */
static int netlink_connect(struct socket *sock, struct sockaddr *uaddr, int len,
			   int flags)
{
	struct sockaddr_nl *addr = (struct sockaddr_nl *)uaddr;

	if (len < (int)sizeof(*addr) || addr->nl_family != AF_NETLINK)
		return -EINVAL;
	return addr->nl_pid || addr->nl_groups ? -ECONNREFUSED : 0;
}

static int netlink_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_nl *addr = (struct sockaddr_nl *)uaddr;

	memset(addr, 0, sizeof(*addr));
	addr->nl_family = AF_NETLINK;
	if (!peer)
		addr->nl_pid = netlink_portid(sock->sk);
	return sizeof(*addr);
}

static __poll_t netlink_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &sk->sk_wq, wait);
	if (sk->sk_err)
		mask |= EPOLLERR;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static int netlink_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	sock->sk = NULL;
	sk_common_release(sk);
	return 0;
}

static int netlink_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static int netlink_shutdown(struct socket *sock, int how)
{
	return -EOPNOTSUPP;
}

/* NETLINK_EXT_ACK, NETLINK_CAP_ACK...: none is offered (iproute2 goes on without). */
static int netlink_setsockopt(struct socket *sock, int level, int optname,
			      sockptr_t optval, unsigned int optlen)
{
	return -ENOPROTOOPT;
}

static int netlink_getsockopt(struct socket *sock, int level, int optname,
			      sockptr_t optval, int *optlen)
{
	return -ENOPROTOOPT;
}

static const struct proto_ops netlink_ops = {
	.family = AF_NETLINK,
	.release = netlink_release,
	.bind = netlink_bind,
	.connect = netlink_connect,
	.accept = sock_no_accept,
	.getname = netlink_getname,
	.poll = netlink_poll,
	.ioctl = netlink_ioctl,
	.listen = sock_no_listen,
	.shutdown = netlink_shutdown,
	.setsockopt = netlink_setsockopt,
	.getsockopt = netlink_getsockopt,
	.sendmsg = netlink_sendmsg,
	.recvmsg = netlink_recvmsg,
};

static int netlink_create(struct socket *sock, int protocol, int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_ROUTE && protocol != NETLINK_NETFILTER)
		return -EPROTONOSUPPORT;
	sk = sk_alloc(AF_NETLINK, &netlink_proto, kern);
	if (!sk)
		return -ENOMEM;
	sock->ops = &netlink_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = (u16)protocol;
	nlk_sk(sk)->portid = next_portid++;
	return 0;
}

static const struct net_proto_family netlink_family_ops = {
	.family = AF_NETLINK,
	.create = netlink_create,
};

void netlink_proto_init(void)
{
	sock_init();		/* the socket layer, whichever family comes first */
	BUG_ON(proto_register(&netlink_proto));
	BUG_ON(sock_register(&netlink_family_ops));
	rtnetlink_init();
}
