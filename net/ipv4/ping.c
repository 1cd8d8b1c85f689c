/*
 * ICMP echo sockets (Linux net/ipv4/ping.c): socket(AF_INET, SOCK_DGRAM,
 * IPPROTO_ICMP) sends echo requests whose header the caller writes and
 * receives the matching replies, without raw sockets. The socket's "port"
 * is the echo identifier: bind() may choose it, the first send picks a
 * free one, and the kernel writes it into every request, so replies are
 * demultiplexed by identifier as UDP datagrams are by port.
 */
#include <kernel/random.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/snmp.h>
#include <net/inet_sock.h>
#include <net/checksum.h>
#include <errno.h>
#include <string.h>

#define PING_HTABLE_SIZE	64

/* Sockets by identifier, as Linux's ping_table. */
static struct hlist_head ping_table[PING_HTABLE_SIZE];

static struct hlist_head *ping_hashslot(u16 ident)
{
	return &ping_table[ident & (PING_HTABLE_SIZE - 1)];
}

static bool ping_ident_used(u16 ident)
{
	struct sock *sk;

	hlist_for_each_entry(sk, ping_hashslot(ident), sk_node)
		if (sk->sk_num == ident)
			return true;
	return false;
}

/*
 * proto->get_port: 0 with sk hashed under ident, or 1 when it is taken or
 * none is free. An identifier of 0 asks for any: a random start then the
 * next free one, so that two pingers rarely guess each other's.
 */
static int ping_get_port(struct sock *sk, unsigned short ident)
{
	int err = 1;

	local_bh_disable();
	if (!ident) {
		u16 start = (u16)get_random_u32();

		for (u32 i = 0; i < 0x10000 && !ident; i++) {
			u16 cand = (u16)(start + i);

			if (cand && !ping_ident_used(cand))
				ident = cand;
		}
	} else if (ping_ident_used(ident)) {
		ident = 0;
	}
	if (ident) {
		sk->sk_num = ident;
		hlist_add_head(&sk->sk_node, ping_hashslot(ident));
		err = 0;
	}
	local_bh_enable();
	return err;
}

static void ping_unhash(struct sock *sk)
{
	local_bh_disable();
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		sk->sk_num = 0;
	}
	local_bh_enable();
}

/* Linux's ping_lookup: the identifier, then the bound address and device. */
static struct sock *ping_lookup(u16 ident, __be32 daddr, int dif)
{
	struct sock *sk;

	hlist_for_each_entry(sk, ping_hashslot(ident), sk_node) {
		if (sk->sk_num != ident)
			continue;
		if (sk->sk_rcv_saddr && sk->sk_rcv_saddr != daddr)
			continue;
		if (sk->sk_bound_dev_if && sk->sk_bound_dev_if != dif)
			continue;
		return sk;
	}
	return NULL;
}

enum skb_drop_reason ping_rcv(struct sk_buff *skb)
{
	const struct icmphdr *icmph = (const struct icmphdr *)skb->data;
	int dif = skb->dev ? skb->dev->ifindex : 0;
	struct sk_buff *clone;
	struct sock *sk;

	sk = ping_lookup(ntohs(icmph->un.echo.id), ip_hdr(skb)->daddr, dif);
	if (!sk) {
		ICMP_INC_STATS(INECHOREPUNMATCHED);
		return SKB_DROP_REASON_NO_SOCKET;
	}
	clone = skb_clone(skb);
	if (!clone) {
		sk->sk_drops++;
		return SKB_DROP_REASON_NOMEM;
	}
	if (sock_queue_rcv_skb(sk, clone)) {
		sk->sk_drops++;
		kfree_skb_reason(clone, SKB_DROP_REASON_SOCKET_RCVBUFF);
	}
	return SKB_NOT_DROPPED_YET;
}

/*
 * An ICMP error quoting one of our requests; skb->data at the quoted IP
 * header. As Linux without IP_RECVERR: only hard errors, and only to a
 * connected socket, which can tell which peer they are about.
 */
void ping_err(struct sk_buff *skb, u32 info __unused)
{
	const struct iphdr *inner = (const struct iphdr *)skb->data;
	const struct icmphdr *req = (const struct icmphdr *)(skb->data + ip_hdrlen_of(inner));
	const struct icmphdr *err = icmp_hdr(skb);
	int dif = skb->dev ? skb->dev->ifindex : 0;
	struct sock *sk;

	if (req->type != ICMP_ECHO)
		return;
	sk = ping_lookup(ntohs(req->un.echo.id), inner->saddr, dif);
	if (!sk || sk->sk_state != TCP_ESTABLISHED || sk->sk_daddr != inner->daddr)
		return;
	/* RFC 1122 3.2.2.1: net and host unreachable are the hard ones here. */
	if (err->type == ICMP_DEST_UNREACH && err->code == ICMP_NET_UNREACH)
		sk->sk_err = ENETUNREACH;
	else if (err->type == ICMP_DEST_UNREACH && err->code == ICMP_HOST_UNREACH)
		sk->sk_err = EHOSTUNREACH;
	else
		return;
	sk->sk_error_report(sk);
}

/* The destination: msg_name, or the connected peer. */
static int ping_daddr(struct sock *sk, struct kmsghdr *msg, __be32 *daddr, bool *connected)
{
	struct sockaddr_in *usin = msg->msg_name;

	*connected = false;
	if (usin) {
		if (msg->msg_namelen < (int)sizeof(*usin))
			return -EINVAL;
		if (usin->sin_family != AF_INET)
			return -EAFNOSUPPORT;
		*daddr = usin->sin_addr.s_addr;
		return 0;
	}
	if (sk->sk_state != TCP_ESTABLISHED)
		return -EDESTADDRREQ;
	*daddr = sk->sk_daddr;
	*connected = true;
	return 0;
}

/*
 * Linux's ping_v4_sendmsg: the caller's echo request (header and data),
 * its identifier replaced by the socket's and its checksum computed.
 * EINVAL: shorter than an ICMP header, or not an echo request (type 8,
 * code 0). EMSGSIZE: more than an IP datagram holds.
 */
static int ping_v4_sendmsg(struct sock *sk, struct kmsghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	u8 ttl = inet->uc_ttl < 0 ? sysctl_ip_default_ttl : (u8)inet->uc_ttl;
	struct rtable *rt = NULL;
	struct icmphdr user, *icmph;
	struct sk_buff *skb;
	__be32 daddr, saddr;
	bool connected;
	int err;

	if (len > IP_MAXPACKET - 20)
		return -EMSGSIZE;
	if (len < ICMP_HLEN)
		return -EINVAL;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (copy_from_iter(&user, ICMP_HLEN, &msg->msg_iter) != ICMP_HLEN)
		return -EFAULT;
	if (user.type != ICMP_ECHO || user.code != 0)
		return -EINVAL;
	err = ping_daddr(sk, msg, &daddr, &connected);
	if (err)
		return err;
	err = ip4_datagram_route(sk, daddr, connected, &rt, &saddr);
	if (err)
		return err;
	skb = sock_alloc_send_skb(sk, MAX_HEADER + (unsigned int)len,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		goto out;
	skb_reserve(skb, MAX_HEADER);
	icmph = skb_put(skb, (unsigned int)len);
	*icmph = user;
	if (copy_from_iter(icmph + 1, len - ICMP_HLEN, &msg->msg_iter) != len - ICMP_HLEN) {
		kfree_skb_reason(skb, SKB_DROP_REASON_SKB_UCOPY_FAULT);
		err = -EFAULT;
		goto out;
	}
	icmph->un.echo.id = inet->inet_sport;
	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(icmph, (int)len);
	local_bh_disable();
	ICMP_INC_STATS(OUTMSGS);
	ICMP_INC_STATS(OUTECHOS);
	icmpmsg_out[ICMP_ECHO]++;
	err = ip_build_and_send_pkt(skb, rt, saddr, daddr, IPPROTO_ICMP, inet->tos, ttl,
				    false);
	local_bh_enable();
	if (err > 0)		/* NET_XMIT_DROP: a full queue took it */
		err = -ENOBUFS;
	if (!err) {
		sk->sk_tx_packets++;
		err = (int)len;
	}
out:
	ip_rt_put(rt);
	return err;
}

/* The echo reply from its ICMP header on; the sender in msg_name (port 0). */
static int ping_recvmsg(struct sock *sk, struct kmsghdr *msg, size_t len,
			int flags, int *addr_len)
{
	struct sockaddr_in *sin = msg->msg_name;
	struct sk_buff *skb;
	int copied, err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (flags & MSG_ERRQUEUE)	/* fed only with IP_RECVERR, which Skiff lacks */
		return -EAGAIN;
	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;
	copied = skb_copy_datagram_msg(skb, msg, len);
	/* As UDP: a reply taken off the queue and not copied out is lost. */
	if (copied < 0) {
		if (!(flags & MSG_PEEK))
			sk->sk_drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_SKB_UCOPY_FAULT);
		return -EFAULT;
	}
	if (sin) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
		*addr_len = sizeof(*sin);
	}
	ip_cmsg_recv(sk, msg, skb);
	err = (flags & MSG_TRUNC) ? (int)skb->len : copied;
	consume_skb(skb);
	return err;
}

static void ping_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

static int ping_setsockopt(struct sock *sk, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	return ip_setsockopt(sk, level, optname, optval, optlen);
}

static int ping_getsockopt(struct sock *sk, int level, int optname,
			   sockptr_t optval, int *optlen)
{
	return ip_getsockopt(sk, level, optname, optval, optlen);
}

struct proto ping_prot = {
	.name = "PING",
	.obj_size = sizeof(struct inet_sock),
	.close = ping_close,
	.connect = ip4_datagram_connect,
	.disconnect = __udp_disconnect,
	.poll = datagram_poll,
	.setsockopt = ping_setsockopt,
	.getsockopt = ping_getsockopt,
	.sendmsg = ping_v4_sendmsg,
	.recvmsg = ping_recvmsg,
	.get_port = ping_get_port,
	.unhash = ping_unhash,
};
