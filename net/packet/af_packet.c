/*
 * AF_PACKET sockets (Linux net/packet/af_packet.c, packet(7)): frames
 * straight from and to the device layer, what tcpdump and DHCP clients
 * are built on.
 *
 * A socket hooks a packet_type into the device layer for one EtherType
 * or for ETH_P_ALL (then it is a tap: every frame received, and every
 * frame sent as it leaves the qdisc, PACKET_OUTGOING), on one interface
 * or all. SOCK_RAW sees and sends whole frames; SOCK_DGRAM sees them from
 * the network header and sends with the link header built for it from
 * sll_addr and sll_protocol (dev_hard_header). The socket's filter
 * (SO_ATTACH_FILTER) runs before anything is cloned or queued; a frame
 * that matches but finds the receive buffer full is dropped and counted
 * (PACKET_STATISTICS, reset when read, as Linux).
 *
 * Skiff has no credentials: every program may open one, where Linux asks
 * for CAP_NET_RAW. Locking: one CPU; lock_sock (bottom halves off) keeps
 * the receive path out while a socket is bound, hooked or released.
 */
#include <kernel/init.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <net/sock.h>
#include <net/filter.h>
#include <net/netdevice.h>
#include <net/inet_sock.h>
#include <net/packet.h>
#include <net/byteorder.h>
#include <net/proto/arp.h>
#include <linux/if_packet.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/time.h>
#include <errno.h>
#include <string.h>

struct packet_sock {
	struct sock sk;			/* first: sk_alloc sizes by obj_size */
	struct packet_type prot_hook;	/* our handler in the device layer */
	struct list_head node;		/* on packet_sklist */
	__be16 num;			/* EtherType bound to; 0: none yet */
	int ifindex;			/* 0: every interface; -1: it went away */
	bool running;			/* prot_hook is registered */
	struct tpacket_stats stats;	/* since PACKET_STATISTICS last read */
	u64 stamp;			/* tstamp of the last frame read (SIOCGSTAMP) */
};

/* What packet_rcv learnt of a frame, for recvmsg (Linux's packet_skb_cb). */
struct packet_skb_cb {
	struct sockaddr_ll sll;
};

#define PACKET_SKB_CB(skb)	((struct packet_skb_cb *)(skb)->cb)

static LIST_HEAD(packet_sklist);	/* every packet socket, for device events */

static struct packet_sock *pkt_sk(struct sock *sk)
{
	return container_of(sk, struct packet_sock, sk);
}

/* ---- the hook into the device layer ---- */

static void register_prot_hook(struct packet_sock *po)
{
	if (po->running)
		return;
	dev_add_pack(&po->prot_hook);
	po->running = true;
}

static void unregister_prot_hook(struct packet_sock *po)
{
	if (!po->running)
		return;
	dev_remove_pack(&po->prot_hook);
	po->running = false;
}

/*
 * Linux's packet_rcv. The skb may be shared with the stack and the other
 * taps, so its view is moved (the link header pushed back for SOCK_RAW)
 * only for as long as the filter runs, and a clone is taken only for a
 * frame the filter accepts ("lazy cloning in the hope that most packets
 * are discarded by BPF"). Unlike Linux, the buffer is checked after the
 * clone: a frame this socket has no room for is then its own copy,
 * dropped and counted under its reason, while the stack's goes on.
 * Consumes one reference to skb.
 */
static int packet_rcv(struct sk_buff *skb, struct net_device *dev,
		      struct packet_type *pt)
{
	struct sock *sk = pt->af_packet_priv;
	struct packet_sock *po = pkt_sk(sk);
	unsigned char *skb_head = skb->data;
	u32 skb_len = skb->len, snaplen, res;
	struct sockaddr_ll *sll;

	if (dev->header_ops && skb_mac_header_was_set(skb)) {
		if (sk->sk_type != SOCK_DGRAM)
			skb_push(skb, (unsigned int)(skb->data - skb_mac_header(skb)));
		else if (skb->pkt_type == PACKET_OUTGOING)
			skb_pull(skb, (unsigned int)skb_network_offset(skb));
	}
	snaplen = skb->len;
	res = sk->sk_filter ? bpf_prog_run_skb(sk->sk_filter, skb) : snaplen;
	if (!res)
		goto restore;		/* not for us: no drop */
	snaplen = min(snaplen, res);
	if (skb_shared(skb)) {
		struct sk_buff *nskb = skb_clone(skb);

		skb->data = skb_head;
		skb->len = skb_len;
		if (!nskb) {		/* no memory: this socket's copy never was */
			po->stats.tp_drops++;
			sk->sk_drops++;
			goto consume;
		}
		consume_skb(skb);
		skb = nskb;
	}
	if (sk->sk_rmem_alloc >= (u32)sk->sk_rcvbuf) {
		po->stats.tp_drops++;
		sk->sk_drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_PACKET_SOCK_ERROR);
		return NET_RX_DROP;
	}
	sll = &PACKET_SKB_CB(skb)->sll;
	memset(sll, 0, sizeof(*sll));
	sll->sll_hatype = dev->type;
	sll->sll_pkttype = skb->pkt_type;
	sll->sll_ifindex = dev->ifindex;
	sll->sll_halen = (unsigned char)dev_parse_header(skb, sll->sll_addr);
	/* A frame in page frags or a chain (a driver's RX pages, TCP's
	 * sends through SG/TSO) is cut as Linux's packet_rcv does: pskb_trim,
	 * which owns a clone's shared frags before it cuts them. */
	if (pskb_trim(skb, snaplen)) {
		po->stats.tp_drops++;
		sk->sk_drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return NET_RX_DROP;
	}
	skb_set_owner_r(skb, sk);
	skb->dev = NULL;
	skb_dst_drop(skb);
	po->stats.tp_packets++;
	skb_queue_tail(&sk->sk_receive_queue, skb);
	sk->sk_data_ready(sk);
	return NET_RX_SUCCESS;

restore:
	if (skb_shared(skb)) {
		skb->data = skb_head;
		skb->len = skb_len;
	}
consume:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

/*
 * Linux's packet_do_bind: hook for proto on ifindex (0: every
 * interface). A device that is down takes the hook once it comes up; till
 * then the socket reports ENETDOWN.
 */
static int packet_do_bind(struct sock *sk, int ifindex, __be16 proto)
{
	struct packet_sock *po = pkt_sk(sk);
	struct net_device *dev = NULL;

	if (ifindex) {
		dev = dev_get_by_index(ifindex);
		if (!dev)
			return -ENODEV;
	}
	lock_sock(sk);
	if (po->num != proto || po->prot_hook.dev != dev) {
		unregister_prot_hook(po);
		po->num = proto;
		po->prot_hook.type = proto;
		po->prot_hook.dev = dev;
		po->ifindex = ifindex;
	}
	if (proto && !po->running) {
		if (!dev || (dev->flags & IFF_UP)) {
			register_prot_hook(po);
		} else {
			sk->sk_err = ENETDOWN;
			sk->sk_error_report(sk);
		}
	}
	release_sock(sk);
	return 0;
}

static int packet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	const struct sockaddr_ll *sll = (const struct sockaddr_ll *)uaddr;

	if (addr_len < (int)sizeof(*sll) || sll->sll_family != AF_PACKET)
		return -EINVAL;
	return packet_do_bind(sock->sk, sll->sll_ifindex,
			      sll->sll_protocol ? sll->sll_protocol : pkt_sk(sock->sk)->num);
}

static int packet_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	lock_sock(sk);
	unregister_prot_hook(pkt_sk(sk));
	list_del_init(&pkt_sk(sk)->node);
	release_sock(sk);
	sock_orphan(sk);
	sock->sk = NULL;
	sock_put(sk);		/* sk_free purges what was never read */
	return 0;
}

/* ---- sending ---- */

/* The device and protocol to send on: the address given, or the binding. */
static struct net_device *packet_snd_dev(struct socket *sock, struct kmsghdr *msg,
					 __be16 *proto, const u8 **addr, int *err)
{
	const struct sockaddr_ll *saddr = msg->msg_name;
	struct packet_sock *po = pkt_sk(sock->sk);
	struct net_device *dev;

	*err = -EINVAL;
	if (!saddr) {
		*proto = po->num;
		dev = po->ifindex > 0 ? dev_get_by_index(po->ifindex) : NULL;
	} else {
		if (msg->msg_namelen < (int)sizeof(*saddr) ||
		    msg->msg_namelen < (int)offsetof(struct sockaddr_ll, sll_addr) +
				       saddr->sll_halen)
			return NULL;
		*proto = saddr->sll_protocol;
		dev = dev_get_by_index(saddr->sll_ifindex);
		if (sock->type == SOCK_DGRAM) {
			if (dev && msg->msg_namelen <
			    (int)offsetof(struct sockaddr_ll, sll_addr) + dev->addr_len)
				return NULL;
			*addr = saddr->sll_addr;
		}
	}
	*err = -ENXIO;
	if (!dev)
		return NULL;
	*err = -ENETDOWN;
	if (!(dev->flags & IFF_UP))
		return NULL;
	*err = 0;
	return dev;
}

/*
 * Lay the frame out: SOCK_DGRAM gets the link header built in front of
 * the data (network header at the data); SOCK_RAW brings its own. A
 * frame longer than the MTU allows is -EMSGSIZE unless an 802.1Q tag
 * accounts for the difference (Linux's packet_extra_vlan_len_allowed).
 */
static int packet_snd_frame(struct socket *sock, struct sk_buff *skb,
			    struct net_device *dev, __be16 proto,
			    const u8 *addr, struct kmsghdr *msg, size_t len)
{
	void *data;

	skb_reset_network_header(skb);
	if (sock->type == SOCK_DGRAM) {
		if (dev_hard_header(skb, dev, ntohs(proto), addr, NULL,
				    (unsigned int)len) < 0)
			return -EINVAL;
	}
	data = skb_put(skb, (unsigned int)len);
	if (copy_from_iter(data, len, &msg->msg_iter) != len)
		return -EFAULT;
	if (sock->type == SOCK_RAW) {
		skb_reset_mac_header(skb);
		skb_set_network_header(skb, dev->hard_header_len);
		/* Linux's packet_parse_headers: bound to every protocol, the
		 * frame's own EtherType says what it carries. */
		if ((!proto || proto == htons(ETH_P_ALL)) && dev->hard_header_len == ETH_HLEN)
			proto = ((const struct ethhdr *)data)->h_proto;
	}
	skb->protocol = proto;
	if (len > dev->mtu + (sock->type == SOCK_RAW ? dev->hard_header_len : 0) &&
	    !(dev->type == ARPHRD_ETHER &&
	      ((const struct ethhdr *)skb->data)->h_proto == htons(ETH_P_8021Q)))
		return -EMSGSIZE;
	return 0;
}

/* Linux's packet_snd. Returns len, or -errno with nothing sent. */
static int packet_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	const u8 *addr = NULL;
	struct net_device *dev;
	struct sk_buff *skb;
	__be16 proto;
	int err;

	dev = packet_snd_dev(sock, msg, &proto, &addr, &err);
	if (!dev)
		return err;
	/* No fragmentation at this level: a frame must fit the MTU; a raw one
	 * must at least fill the link header (Linux's dev_validate_header). */
	if (len > dev->mtu + (sock->type == SOCK_RAW ? dev->hard_header_len : 0) + VLAN_HLEN)
		return -EMSGSIZE;
	if (sock->type == SOCK_RAW && len < dev->hard_header_len)
		return -EINVAL;
	dev_hold(dev);
	skb = sock_alloc_send_skb(sk, LL_RESERVED_SPACE(dev) + (unsigned int)len,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		goto out_put;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	err = packet_snd_frame(sock, skb, dev, proto, addr, msg, len);
	if (err) {
		kfree_skb_reason(skb, err == -EFAULT ? SKB_DROP_REASON_SKB_UCOPY_FAULT :
				 err == -EMSGSIZE ? SKB_DROP_REASON_PKT_TOO_BIG :
				 SKB_DROP_REASON_DEV_HDR);
		goto out_put;
	}
	skb->dev = dev;
	skb->priority = 0;
	err = dev_queue_xmit(skb);	/* consumes skb */
	if (err == NET_XMIT_DROP)
		err = -ENOBUFS;
	if (err >= 0)
		err = (int)len;
out_put:
	dev_put(dev);
	return err;
}

/* ---- receiving ---- */

static int packet_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t len,
			  int flags)
{
	struct sock *sk = sock->sk;
	struct sockaddr_ll *sll;
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & ~(MSG_PEEK | MSG_DONTWAIT | MSG_TRUNC | MSG_ERRQUEUE))
		return -EINVAL;
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;		/* no transmit timestamps to report */
	skb = skb_recv_datagram(sk, (unsigned int)flags, &err);
	if (!skb)
		return err;
	/* "You lose any data beyond the buffer you gave" (Linux). */
	copied = min((size_t)skb->len, len);
	if (copied < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	/* Through the frags and the chain too (a frame from RX pages or SG). */
	if (skb_copy_datagram_iter(skb, 0, &msg->msg_iter, (unsigned int)copied)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_SKB_UCOPY_FAULT);
		return -EFAULT;
	}
	pkt_sk(sk)->stamp = skb->tstamp;
	if (msg->msg_name) {
		sll = msg->msg_name;
		*sll = PACKET_SKB_CB(skb)->sll;
		sll->sll_family = AF_PACKET;
		sll->sll_protocol = skb->protocol;
		msg->msg_namelen = sizeof(*sll);
	}
	err = (flags & MSG_TRUNC) ? (int)skb->len : (int)copied;
	consume_skb(skb);
	return err;
}

/* ---- the rest of the socket calls ---- */

static int packet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_ll *sll = (struct sockaddr_ll *)uaddr;
	struct packet_sock *po = pkt_sk(sock->sk);
	struct net_device *dev;

	if (peer)
		return -EOPNOTSUPP;
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_ifindex = po->ifindex;
	sll->sll_protocol = po->num;
	dev = po->ifindex > 0 ? dev_get_by_index(po->ifindex) : NULL;
	if (dev) {
		sll->sll_hatype = dev->type;
		sll->sll_halen = (unsigned char)min((unsigned int)dev->addr_len,
						    (unsigned int)sizeof(sll->sll_addr));
		memcpy(sll->sll_addr, dev->dev_addr, sll->sll_halen);
	}
	return (int)offsetof(struct sockaddr_ll, sll_addr) + sll->sll_halen;
}

/* SIOCGSTAMP: when the last frame read arrived, as wall-clock time. */
static int packet_gettstamp(struct packet_sock *po, void __user *arg)
{
	u64 ns;
	struct timeval tv;

	if (!po->stamp)
		return -ENOENT;
	ns = ktime_mono_to_real(po->stamp);
	tv.tv_sec = (time_t)(ns / NSEC_PER_SEC);
	tv.tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
	return copy_to_user(arg, &tv, sizeof(tv)) ? -EFAULT : 0;
}

/* SIOCGIFNAME: an interface's name from its index (Linux answers it for every socket). */
static int packet_ifname(void __user *arg)
{
	struct net_device *dev;
	struct ifreq ifr;

	if (copy_from_user(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	dev = dev_get_by_index(ifr.ifr_ifindex);
	if (!dev)
		return -ENODEV;
	memset(ifr.ifr_name, 0, sizeof(ifr.ifr_name));
	memcpy(ifr.ifr_name, dev->name, min(sizeof(ifr.ifr_name), sizeof(dev->name)));
	return copy_to_user(arg, &ifr, sizeof(ifr)) ? -EFAULT : 0;
}

static int packet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	int amount;

	switch (cmd) {
	case FIONREAD:		/* SIOCINQ: the next frame's length */
		lock_sock(sk);
		skb = skb_peek(&sk->sk_receive_queue);
		amount = skb ? (int)skb->len : 0;
		release_sock(sk);
		return put_user(amount, (int __user *)arg);
	case SIOCGSTAMP:
		return packet_gettstamp(pkt_sk(sk), (void __user *)arg);
	case SIOCGIFNAME:
		return packet_ifname((void __user *)arg);
	case SIOCGIFFLAGS:
	case SIOCGIFADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFINDEX:
		/* As Linux: the interface questions a capture asks, answered by inet. */
		return inet_ioctl(sock, cmd, arg);
	default:
		return -ENOTTY;
	}
}

static int packet_setsockopt(struct socket *sock, int level, int optname,
			     sockptr_t optval, unsigned int optlen)
{
	return -ENOPROTOOPT;	/* no SOL_PACKET option is settable here */
}

/* PACKET_STATISTICS: packets (queued or dropped) and drops since the last read. */
static int packet_getsockopt(struct socket *sock, int level, int optname,
			     sockptr_t optval, int *optlen)
{
	struct packet_sock *po = pkt_sk(sock->sk);
	struct tpacket_stats st;
	int len = *optlen;

	if (level != SOL_PACKET || optname != PACKET_STATISTICS)
		return -ENOPROTOOPT;
	if (len < 0)
		return -EINVAL;
	lock_sock(&po->sk);
	st = po->stats;
	memset(&po->stats, 0, sizeof(po->stats));
	release_sock(&po->sk);
	st.tp_packets += st.tp_drops;
	if (len > (int)sizeof(st))
		len = sizeof(st);
	if (copy_to_sockptr(optval, &st, (size_t)len))
		return -EFAULT;
	*optlen = len;
	return 0;
}

static const struct proto_ops packet_ops = {
	.family = AF_PACKET,
	.release = packet_release,
	.bind = packet_bind,
	.connect = sock_no_connect,
	.accept = sock_no_accept,
	.getname = packet_getname,
	.poll = datagram_poll,
	.ioctl = packet_ioctl,
	.listen = sock_no_listen,
	.shutdown = sock_no_shutdown,
	.setsockopt = packet_setsockopt,
	.getsockopt = packet_getsockopt,
	.sendmsg = packet_sendmsg,
	.recvmsg = packet_recvmsg,
};

static struct proto packet_proto = {
	.name = "PACKET",
	.obj_size = sizeof(struct packet_sock),
};

/* socket(AF_PACKET, SOCK_RAW or SOCK_DGRAM, htons(ETH_P_*)): hooked at once for a protocol. */
static int packet_create(struct socket *sock, int protocol, int kern)
{
	__be16 proto = (__be16)protocol;	/* "weird, but documented" (Linux) */
	struct packet_sock *po;
	struct sock *sk;

	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	sk = sk_alloc(AF_PACKET, &packet_proto, kern);
	if (!sk)
		return -ENOBUFS;
	sock->ops = &packet_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = ntohs(proto);
	po = pkt_sk(sk);
	po->num = proto;
	po->prot_hook.func = packet_rcv;
	po->prot_hook.af_packet_priv = sk;
	lock_sock(sk);
	list_add_tail(&po->node, &packet_sklist);
	if (proto) {
		po->prot_hook.type = proto;
		register_prot_hook(po);
	}
	release_sock(sk);
	return 0;
}

/*
 * Linux's packet_notifier: a device going down takes its sockets' hooks
 * (they report ENETDOWN), coming up gives them back; one going away
 * leaves its sockets bound to nothing (ifindex -1).
 */
static int packet_notifier(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = ptr;
	struct packet_sock *po;

	local_bh_disable();
	list_for_each_entry(po, &packet_sklist, node) {
		if (po->prot_hook.dev != dev)
			continue;
		switch (event) {
		case NETDEV_UNREGISTER:
		case NETDEV_DOWN:
			if (po->running) {
				unregister_prot_hook(po);
				po->sk.sk_err = ENETDOWN;
				if (!sock_flag(&po->sk, SOCK_DEAD))
					po->sk.sk_error_report(&po->sk);
			}
			if (event == NETDEV_UNREGISTER) {
				po->prot_hook.dev = NULL;
				po->ifindex = -1;
			}
			break;
		case NETDEV_UP:
			if (po->num)
				register_prot_hook(po);
			break;
		}
	}
	local_bh_enable();
	return 0;
}

static struct notifier_block packet_netdev_notifier = {
	.notifier_call = packet_notifier,
};

static const struct net_proto_family packet_family_ops = {
	.family = AF_PACKET,
	.create = packet_create,
};

int packet_init(void)
{
	int err = proto_register(&packet_proto);

	if (err)
		return err;
	register_netdevice_notifier(&packet_netdev_notifier);
	return sock_register(&packet_family_ops);
}
subsys_initcall(packet_init);
