/*
 * IPv4 start-up, the MIB counters and the AF_INET socket family (Linux
 * net/ipv4/af_inet.c, net/ipv4/proc.c): registers IP and ARP with the
 * device layer and ICMP and UDP with the protocol table, gives lo its
 * 127.0.0.1/8, and builds inet sockets: inet_create() picks proto_ops and
 * proto from inetsw by type and protocol, and the inet_*_ops entries do
 * the address-family work before handing over to sk->sk_prot.
 */
#include <kernel/printk.h>
#include <kernel/file.h>
#include <net/inet_sock.h>
#include <net/udp.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/ethtool.h>
#include <net/gso.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
#include <net/proto/ethernet.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <net/rtentry.h>
#include <net/if_arp.h>
#include <kernel/slab.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>

u64 ip_mib[IPSTATS_MIB_MAX];
u64 icmp_mib[ICMP_MIB_MAX];
u64 icmpmsg_in[256], icmpmsg_out[256];
u64 arp_mib[ARP_MIB_MAX];
u64 udp_mib[UDP_MIB_MAX];

#define __MIB_NAME(e, name) #name,
const char *const ip_mib_names[IPSTATS_MIB_MAX] = { IPSTATS_MIB_LIST(__MIB_NAME) };
const char *const icmp_mib_names[ICMP_MIB_MAX] = { ICMP_MIB_LIST(__MIB_NAME) };
const char *const arp_mib_names[ARP_MIB_MAX] = { ARP_MIB_LIST(__MIB_NAME) };
const char *const udp_mib_names[UDP_MIB_MAX] = { UDP_MIB_LIST(__MIB_NAME) };

static struct packet_type ip_packet_type = {
	.type = __constant_htons(ETH_P_IP),
	.func = ip_rcv,
};

void inet_init(void)
{
	ip_rt_init();
	devinet_init();
	arp_init();
	ipfrag_init();
	icmp_init();
	dev_add_pack(&ip_packet_type);
	ip_offload_init();
	inet_sock_init();
	if (loopback_dev &&
	    inet_addr_add(loopback_dev, htonl(0x7f000001), 8))
		printk("inet: cannot configure 127.0.0.1 on lo\n");
}

/* ---- the AF_INET socket family ---- */

static struct list_head inetsw[SOCK_MAX];

void inet_register_protosw(struct inet_protosw *p)
{
	list_add_tail(&p->list, &inetsw[p->type]);
}

void inet_unregister_protosw(struct inet_protosw *p)
{
	list_del_init(&p->list);
}

/*
 * Linux's lookup: an exact protocol match, or IPPROTO_IP (0) on either
 * side as a wildcard. No entry for the type at all is -ESOCKTNOSUPPORT
 * (SOCK_STREAM until TCP registers), entries but no match -EPROTONOSUPPORT.
 */
static struct inet_protosw *inetsw_find(int type, int *protocol, int *err)
{
	struct inet_protosw *answer;

	*err = -ESOCKTNOSUPPORT;
	list_for_each_entry(answer, &inetsw[type], list) {
		*err = 0;
		if (*protocol == answer->protocol) {
			if (*protocol != IPPROTO_IP)
				return answer;
		} else {
			if (*protocol == IPPROTO_IP) {
				*protocol = answer->protocol;
				return answer;
			}
			if (answer->protocol == IPPROTO_IP)
				return answer;
		}
		*err = -EPROTONOSUPPORT;
	}
	if (!*err)
		*err = -EPROTONOSUPPORT;
	return NULL;
}

static int inet_create(struct socket *sock, int protocol, int kern)
{
	struct inet_protosw *answer;
	struct inet_sock *inet;
	struct sock *sk;
	int err;

	if (protocol < 0 || protocol > IPPROTO_RAW)
		return -EINVAL;
	sock->state = SS_UNCONNECTED;
	answer = inetsw_find(sock->type, &protocol, &err);
	if (!answer)
		return err;
	sock->ops = answer->ops;
	sk = sk_alloc(AF_INET, answer->prot, kern);
	if (!sk)
		return -ENOMEM;
	sock_init_data(sock, sk);
	sk->sk_protocol = (u16)protocol;
	inet = inet_sk(sk);
	inet->uc_ttl = -1;
	if (sk->sk_prot->init) {
		err = sk->sk_prot->init(sk);
		if (err) {
			sock->sk = NULL;
			sk_common_release(sk);
			return err;
		}
	}
	return 0;
}

int inet_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	long timeout = 0;

	if (!sk)
		return 0;
	if (sock_flag(sk, SOCK_LINGER))
		timeout = sk->sk_lingertime;
	sock->sk = NULL;
	sk->sk_prot->close(sk, timeout);
	return 0;
}

int inet_check_addr(const struct sockaddr *uaddr, int addr_len,
		    bool allow_unspec)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)uaddr;

	if (addr_len < (int)sizeof(*sin))
		return -EINVAL;
	if (sin->sin_family == AF_INET)
		return 0;
	/* Linux's compatibility game: AF_UNSPEC binds only INADDR_ANY. */
	if (allow_unspec && sin->sin_family == AF_UNSPEC &&
	    sin->sin_addr.s_addr == htonl(INADDR_ANY))
		return 0;
	return -EAFNOSUPPORT;
}

int inet_autobind(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	int err = 0;

	lock_sock(sk);
	if (!inet->inet_num) {
		if (sk->sk_prot->get_port(sk, 0))
			err = -EAGAIN;
		else
			inet->inet_sport = htons(inet->inet_num);
	}
	release_sock(sk);
	return err;
}

/*
 * RFC 1122 4.1.3.1 / Linux's __inet_bind: a local, broadcast or multicast
 * address (or INADDR_ANY) and a port the protocol agrees to. Skiff has no
 * credentials, so Linux's EACCES for ports below 1024 without
 * CAP_NET_BIND_SERVICE does not arise: every service holds it.
 */
int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *addr = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);
	unsigned int chk_addr_ret;
	u16 snum;
	int err;

	err = inet_check_addr(uaddr, addr_len, true);
	if (err)
		return err;
	chk_addr_ret = inet_addr_type(addr->sin_addr.s_addr);
	if (addr->sin_addr.s_addr != htonl(INADDR_ANY) &&
	    chk_addr_ret != RTN_LOCAL && chk_addr_ret != RTN_MULTICAST &&
	    chk_addr_ret != RTN_BROADCAST)
		return -EADDRNOTAVAIL;
	snum = ntohs(addr->sin_port);
	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || inet->inet_num)
		goto out;
	inet->inet_rcv_saddr = inet->inet_saddr = addr->sin_addr.s_addr;
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST)
		inet->inet_saddr = 0;	/* send from the device's address */
	if (sk->sk_prot->get_port(sk, snum)) {
		inet->inet_saddr = inet->inet_rcv_saddr = 0;
		err = -EADDRINUSE;
		goto out;
	}
	if (inet->inet_rcv_saddr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	inet->inet_sport = htons(inet->inet_num);
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	sk_dst_reset(sk);
	err = 0;
out:
	release_sock(sk);
	return err;
}

static int inet_dgram_connect(struct socket *sock, struct sockaddr *uaddr,
			      int addr_len, int flags)
{
	struct sock *sk = sock->sk;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC)
		return sk->sk_prot->disconnect(sk, flags);
	if (!inet_sk(sk)->inet_num && inet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->connect(sk, uaddr, addr_len);
}

int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (peer) {
		if (!inet->inet_dport || sk->sk_state == TCP_CLOSE ||
		    sk->sk_state == TCP_SYN_SENT)
			return -ENOTCONN;
		sin->sin_port = inet->inet_dport;
		sin->sin_addr.s_addr = inet->inet_daddr;
	} else {
		sin->sin_port = inet->inet_sport;
		sin->sin_addr.s_addr = inet->inet_rcv_saddr ? inet->inet_rcv_saddr :
				       inet->inet_saddr;
	}
	return sizeof(*sin);
}

int inet_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t size)
{
	struct sock *sk = sock->sk;

	if (!inet_sk(sk)->inet_num && inet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->sendmsg(sk, msg, size);
}

int inet_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size,
		 int flags)
{
	struct sock *sk = sock->sk;
	int addr_len = 0;
	int err;

	err = sk->sk_prot->recvmsg(sk, msg, size, flags, &addr_len);
	if (err >= 0)
		msg->msg_namelen = addr_len;
	return err;
}

/* Linux's inet_shutdown: how 0/1/2 become RCV/SEND/both; wakes sleepers. */
int inet_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++;
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	lock_sock(sk);
	if (sock->state == SS_CONNECTING)
		sock->state = sk->sk_state == TCP_ESTABLISHED ? SS_CONNECTED :
			      SS_DISCONNECTING;
	switch (sk->sk_state) {
	case TCP_LISTEN:
	case TCP_SYN_SENT:
		err = sk->sk_prot->disconnect(sk, O_NONBLOCK);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		break;
	case TCP_CLOSE:
		err = -ENOTCONN;
		/* Linux sets the bits anyway: it unblocks a waiting recv. */
		/* fall through */
	default:
		sk->sk_shutdown |= (u8)how;
		if (sk->sk_prot->shutdown)
			sk->sk_prot->shutdown(sk, how);
		break;
	}
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

/* Interface ioctls on a copy of the user's ifreq (Linux's dev_ioctl path). */
static int inet_ifreq_ioctl(unsigned int cmd, void __user *arg)
{
	struct ifreq ifr;
	int err;

	if (copy_from_user(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	err = devinet_ioctl(cmd, &ifr);
	if (err)
		return err;
	switch (cmd) {
	case SIOCSIFADDR:
	case SIOCSIFNETMASK:
	case SIOCSIFFLAGS:
	case SIOCSIFMTU:
		return 0;
	}
	return copy_to_user(arg, &ifr, sizeof(ifr)) ? -EFAULT : 0;
}

/* SIOCGIFCONF (Linux's dev_ifconf): as many addresses as fit, or the size needed. */
static int inet_ifconf_ioctl(void __user *arg)
{
	struct ifconf ifc;
	struct ifreq *buf;
	int total, n;

	if (copy_from_user(&ifc, arg, sizeof(ifc)))
		return -EFAULT;
	total = inet_gifconf(NULL, 0);
	if (!ifc.ifc_buf) {
		ifc.ifc_len = total * (int)sizeof(struct ifreq);
		return copy_to_user(arg, &ifc, sizeof(ifc)) ? -EFAULT : 0;
	}
	if (ifc.ifc_len < 0)
		return -EINVAL;
	n = min(total, ifc.ifc_len / (int)sizeof(struct ifreq));
	buf = kcalloc(n ? n : 1, sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	n = min(n, inet_gifconf(buf, n));
	ifc.ifc_len = n * (int)sizeof(struct ifreq);
	if (copy_to_user((void __user *)ifc.ifc_buf, buf, ifc.ifc_len) ||
	    copy_to_user(arg, &ifc, sizeof(ifc))) {
		kfree(buf);
		return -EFAULT;
	}
	kfree(buf);
	return 0;
}

static int inet_arp_ioctl(unsigned int cmd, void __user *arg)
{
	struct arpreq r;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	return arp_ioctl(cmd, &r);
}

static int inet_rt_ioctl(unsigned int cmd, void __user *arg)
{
	char devname[IFNAMSIZ];
	struct rtentry rt;
	long n;

	if (copy_from_user(&rt, arg, sizeof(rt)))
		return -EFAULT;
	if (!rt.rt_dev)
		return ip_rt_ioctl(cmd, &rt, NULL);
	n = strncpy_from_user(devname, rt.rt_dev, sizeof(devname));
	if (n == -ENAMETOOLONG)
		return -ENODEV;		/* no device has such a name */
	if (n < 0)
		return (int)n;
	return ip_rt_ioctl(cmd, &rt, devname);
}

/* SIOCETHTOOL (Linux's dev_ioctl): the ifreq names the device, ifr_data the command. */
static int inet_ethtool_ioctl(void __user *arg)
{
	struct net_device *dev;
	struct ifreq ifr;

	if (copy_from_user(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	ifr.ifr_name[IFNAMSIZ - 1] = '\0';
	dev = dev_get_by_name(ifr.ifr_name);
	if (!dev)
		return -ENODEV;
	return dev_ethtool(dev, ifr.ifr_ifru.ifru_data);
}

int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	int err, karg;

	switch (cmd) {
	case SIOCADDRT:
	case SIOCDELRT:
		return inet_rt_ioctl(cmd, (void __user *)arg);
	case SIOCGIFCONF:
		return inet_ifconf_ioctl((void __user *)arg);
	case SIOCDARP:
		return inet_arp_ioctl(cmd, (void __user *)arg);
	case SIOCGIFADDR:
	case SIOCSIFADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCSIFNETMASK:
	case SIOCGIFFLAGS:
	case SIOCSIFFLAGS:
	case SIOCGIFMTU:
	case SIOCSIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFINDEX:
		return inet_ifreq_ioctl(cmd, (void __user *)arg);
	case SIOCETHTOOL:
		return inet_ethtool_ioctl((void __user *)arg);
	}
	if (!sk->sk_prot->ioctl)
		return -ENOTTY;
	err = sk->sk_prot->ioctl(sk, (int)cmd, &karg);
	if (err)
		return err;
	return put_user(karg, (int __user *)arg);
}

static int sock_common_setsockopt(struct socket *sock, int level, int optname,
				  sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;

	if (!sk->sk_prot->setsockopt)
		return -ENOPROTOOPT;
	return sk->sk_prot->setsockopt(sk, level, optname, optval, optlen);
}

static int sock_common_getsockopt(struct socket *sock, int level, int optname,
				  sockptr_t optval, int *optlen)
{
	struct sock *sk = sock->sk;

	if (!sk->sk_prot->getsockopt)
		return -ENOPROTOOPT;
	return sk->sk_prot->getsockopt(sk, level, optname, optval, optlen);
}

static __poll_t inet_poll(struct file *file, struct socket *sock,
			  poll_table *wait)
{
	return sock->sk->sk_prot->poll(file, sock, wait);
}

const struct proto_ops inet_dgram_ops = {
	.family = AF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_dgram_connect,
	.accept = sock_no_accept,
	.getname = inet_getname,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.listen = sock_no_listen,
	.shutdown = inet_shutdown,
	.setsockopt = sock_common_setsockopt,
	.getsockopt = sock_common_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
};

/*
 * Stream sockets: the protocol (TCP) does the connection work through
 * sk_prot->connect/listen/accept and reports progress in sk_state; these
 * entries add what every stream protocol shares (Linux's inet_stream_connect,
 * inet_listen, inet_accept).
 */
static int inet_stream_connect(struct socket *sock, struct sockaddr *uaddr,
			       int addr_len, int flags)
{
	struct sock *sk = sock->sk;
	long timeo;
	int err;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC) {
		err = sk->sk_prot->disconnect(sk, flags);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		return err;
	}
	switch (sock->state) {
	case SS_CONNECTED:
		return -EISCONN;
	case SS_CONNECTING:
		return sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EALREADY;
	default:
		if (sk->sk_state != TCP_CLOSE)
			return -EISCONN;
		err = sk->sk_prot->connect(sk, uaddr, addr_len);
		if (err)
			return err;
		sock->state = SS_CONNECTING;
	}
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	while (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV) {
		if (!timeo)
			return -EINPROGRESS;
		sk_wait_event(sk, &timeo, sk->sk_state != TCP_SYN_SENT &&
			      sk->sk_state != TCP_SYN_RECV);
		if (!timeo && (sk->sk_state == TCP_SYN_SENT ||
			       sk->sk_state == TCP_SYN_RECV))
			return -ETIMEDOUT;
	}
	if (sk->sk_state == TCP_CLOSE) {
		sock->state = SS_UNCONNECTED;
		err = sock_error(sk);
		return err ? err : -ECONNABORTED;
	}
	sock->state = SS_CONNECTED;
	return 0;
}

static int inet_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	int err = -EINVAL;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		goto out;
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN)
		goto out;
	sk->sk_max_ack_backlog = backlog;
	err = 0;
	if (sk->sk_state != TCP_LISTEN)
		err = sk->sk_prot->listen(sk, backlog);
out:
	release_sock(sk);
	return err;
}

static int inet_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct sock *sk1 = sock->sk, *sk2;
	int err = -EINVAL;

	sk2 = sk1->sk_prot->accept(sk1, flags, &err);
	if (!sk2)
		return err;
	lock_sock(sk2);
	sk2->sk_socket = newsock;
	newsock->sk = sk2;
	newsock->state = SS_CONNECTED;
	release_sock(sk2);
	return 0;
}

const struct proto_ops inet_stream_ops = {
	.family = AF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_stream_connect,
	.accept = inet_accept,
	.getname = inet_getname,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.listen = inet_listen,
	.shutdown = inet_shutdown,
	.setsockopt = sock_common_setsockopt,
	.getsockopt = sock_common_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
};

static const struct net_proto_family inet_family_ops = {
	.family = AF_INET,
	.create = inet_create,
};

static struct inet_protosw udp_protosw = {
	.type = SOCK_DGRAM,
	.protocol = IPPROTO_UDP,
	.prot = &udp_prot,
	.ops = &inet_dgram_ops,
};

/* After UDP: SOCK_DGRAM with protocol 0 means UDP, as in Linux. */
static struct inet_protosw ping_protosw = {
	.type = SOCK_DGRAM,
	.protocol = IPPROTO_ICMP,
	.prot = &ping_prot,
	.ops = &inet_dgram_ops,
};

void inet_sock_init(void)
{
	unsigned int i;

	sock_init();
	for (i = 0; i < SOCK_MAX; i++)
		INIT_LIST_HEAD(&inetsw[i]);
	BUG_ON(proto_register(&udp_prot));
	udp_init();
	inet_register_protosw(&udp_protosw);
	BUG_ON(proto_register(&ping_prot));
	inet_register_protosw(&ping_protosw);
	tcp_v4_init();		/* TCP registers tcp_prot and SOCK_STREAM itself */
	BUG_ON(sock_register(&inet_family_ops));
}
