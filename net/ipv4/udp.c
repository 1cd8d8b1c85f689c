/*
 * UDP (RFC 768, RFC 1122 section 4.1; Linux net/ipv4/udp.c): the port
 * table, receive (udp_rcv) with checksum and length checks, demux to one
 * socket or, for broadcasts, to every listening one; ICMP errors back to
 * connected sockets (udp_err); send (udp_sendmsg) and receive
 * (udp_recvmsg) for the socket layer. Every drop is counted in the UDP
 * MIB under its cause.
 */
#include <kernel/random.h>
#include <kernel/slab.h>
#include <kernel/ratelimit.h>
#include <kernel/file.h>
#include <net/udp.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/checksum.h>
#include <stddef.h>
#include <net/filter.h>
#include <net/inet_utils.h>
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>

/* Linux's default net.ipv4.ip_local_port_range. */
u16 sysctl_ip_local_port_min = 32768, sysctl_ip_local_port_max = 60999;

/* Sockets by local port; a chain holds every socket bound to its ports. */
static struct hlist_head udp_hash[UDP_HTABLE_SIZE];

static struct hlist_head *udp_hashslot(u16 num)
{
	return &udp_hash[num & (UDP_HTABLE_SIZE - 1)];
}

/* ---- binding ---- */

/*
 * Would sk on port num clash with a bound socket (Linux's
 * udp_lib_lport_inuse)? Not if they are on different devices or
 * different specific addresses, or both asked for SO_REUSEADDR, or both
 * for SO_REUSEPORT.
 */
static bool udp_lib_lport_inuse(const struct sock *sk, u16 num)
{
	struct sock *sk2;

	hlist_for_each_entry(sk2, udp_hashslot(num), sk_node) {
		if (sk2 == sk || sk2->sk_num != num)
			continue;
		if (sk2->sk_bound_dev_if && sk->sk_bound_dev_if &&
		    sk2->sk_bound_dev_if != sk->sk_bound_dev_if)
			continue;
		if (sk2->sk_rcv_saddr && sk->sk_rcv_saddr &&
		    sk2->sk_rcv_saddr != sk->sk_rcv_saddr)
			continue;
		if ((sk->sk_reuse && sk2->sk_reuse) ||
		    (sk->sk_reuseport && sk2->sk_reuseport))
			continue;
		return true;
	}
	return false;
}

static bool udp_port_unused(u16 num)
{
	struct sock *sk2;

	hlist_for_each_entry(sk2, udp_hashslot(num), sk_node)
		if (sk2->sk_num == num)
			return false;
	return true;
}

/*
 * RFC 6056 section 3.3.3, Algorithm 3 "Simple Hash-Based": start at an
 * offset F(local address, remote address, remote port, secret) into the
 * range and walk it with a global counter, taking the first port no
 * socket uses. The offset hides the sequence from anyone who does not
 * share our endpoints; the counter spreads successive choices.
 */
static u16 udp_ephemeral_port(const struct sock *sk)
{
	static u64 secret[2];
	static u32 next_ephemeral;
	static bool ready;
	u32 num_ephemeral = (u32)sysctl_ip_local_port_max -
			    sysctl_ip_local_port_min + 1;
	struct {
		__be32 laddr, faddr;
		__be16 fport;
		u16 pad;
	} key = { sk->sk_rcv_saddr, sk->sk_daddr, sk->sk_dport, 0 };
	u32 offset, count;

	if (!ready) {
		get_random_bytes(secret, sizeof(secret));
		next_ephemeral = get_random_u32();
		ready = true;
	}
	offset = (u32)siphash(&key, sizeof(key), secret);
	for (count = num_ephemeral; count > 0; count--) {
		u16 port = (u16)(sysctl_ip_local_port_min +
				 (next_ephemeral + offset) % num_ephemeral);

		next_ephemeral++;
		if (udp_port_unused(port))
			return port;
	}
	return 0;
}

/* proto->get_port: 0 with sk hashed on its port, or 1 (in use / none free). */
static int udp_v4_get_port(struct sock *sk, unsigned short snum)
{
	int err = 1;

	local_bh_disable();
	if (!snum)
		snum = udp_ephemeral_port(sk);
	else if (udp_lib_lport_inuse(sk, snum))
		snum = 0;
	if (snum) {
		sk->sk_num = snum;
		hlist_add_head(&sk->sk_node, udp_hashslot(snum));
		err = 0;
	}
	local_bh_enable();
	return err;
}

static void udp_lib_unhash(struct sock *sk)
{
	local_bh_disable();
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		sk->sk_num = 0;
	}
	local_bh_enable();
}

/* ---- lookup ---- */

/* Linux's compute_score: -1 if sk cannot take the datagram, else how exactly it matches. */
static int compute_score(const struct sock *sk, __be32 saddr, __be16 sport,
			 __be32 daddr, u16 hnum, int dif)
{
	int score = 0;

	if (sk->sk_num != hnum)
		return -1;
	if (sk->sk_rcv_saddr) {
		if (sk->sk_rcv_saddr != daddr)
			return -1;
		score += 4;
	}
	if (sk->sk_daddr) {
		if (sk->sk_daddr != saddr)
			return -1;
		score += 4;
	}
	if (sk->sk_dport) {
		if (sk->sk_dport != sport)
			return -1;
		score += 4;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return -1;
		score += 4;
	}
	return score;
}

struct sock *__udp4_lib_lookup(__be32 saddr, __be16 sport, __be32 daddr,
			       __be16 dport, int dif)
{
	u16 hnum = ntohs(dport);
	struct sock *sk, *result = NULL;
	int score, best = -1;

	hlist_for_each_entry(sk, udp_hashslot(hnum), sk_node) {
		score = compute_score(sk, saddr, sport, daddr, hnum, dif);
		if (score > best) {
			best = score;
			result = sk;
		}
	}
	return result;
}

/* ---- receive ---- */

/* debug=udp: a datagram to port dport of daddr that nobody could take. */
static void udp_trace_drop(const char *why, const struct sk_buff *skb,
			   const struct udphdr *uh)
{
	const struct iphdr *iph = ip_hdr(skb);
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

	pr_trace_ratelimited(TRACE_UDP, "udp: %s: %s:%u > %s:%u, %u bytes\n", why,
			     in4_ntop(iph->saddr, s), ntohs(uh->source),
			     in4_ntop(iph->daddr, d), ntohs(uh->dest),
			     ntohs(uh->len) - UDP_HLEN);
}

/*
 * Pull the UDP header. While the checksum is still to be verified, the
 * header's bytes join the pending sum in skb->csum (the pseudo header's
 * so far), so recvmsg can check the rest as it copies it out.
 */
static void udp_pull_header(struct sk_buff *skb)
{
	if (!skb_csum_unnecessary(skb))
		skb->csum = csum_partial(skb->data, UDP_HLEN, skb->csum);
	skb_pull(skb, UDP_HLEN);
}

/*
 * skb->data at the UDP header, where the socket's filter starts reading
 * (Linux's udp_queue_rcv_one_skb; it may trim the payload, never the
 * header). Consumes skb.
 */
static int udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	const struct udphdr *uh = udp_hdr(skb);

	/* A filter may trim the datagram: verify its checksum first (Linux). */
	if (sk->sk_filter && !skb_csum_unnecessary(skb) && __skb_checksum_complete(skb)) {
		UDP_INC_STATS(INCSUMERRORS);
		UDP_INC_STATS(INERRORS);
		sk->sk_drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_UDP_CSUM);
		return NET_RX_DROP;
	}
	if (sk_filter_trim_cap(sk, skb, UDP_HLEN)) {
		UDP_INC_STATS(INERRORS);
		sk->sk_drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_FILTER);
		return NET_RX_DROP;
	}
	udp_pull_header(skb);
	/* Linux's udp_mem refusal: a datagram holds its memory until read. */
	if (sock_mem_low()) {
		UDP_INC_STATS(MEMERRORS);
		UDP_INC_STATS(INERRORS);
		sk->sk_drops++;
		udp_trace_drop("memory low", skb, uh);
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return NET_RX_DROP;
	}
	if (sock_queue_rcv_skb(sk, skb)) {
		UDP_INC_STATS(RCVBUFERRORS);
		UDP_INC_STATS(INERRORS);
		udp_trace_drop("receive buffer full", skb, uh);
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_RCVBUFF);
		return NET_RX_DROP;
	}
	return NET_RX_SUCCESS;
}

/*
 * A broadcast (or multicast) goes to every socket whose binding accepts
 * it (Linux's __udp4_lib_mcast_deliver); a socket bound to a unicast
 * address does not see broadcasts. Nobody listening is not an error: no
 * ICMP (RFC 1122 3.2.2), just IgnoredMulti. Consumes skb.
 */
static int udp4_lib_mcast_deliver(struct sk_buff *skb, const struct udphdr *uh,
				  __be32 saddr, __be32 daddr, int dif)
{
	u16 hnum = ntohs(uh->dest);
	struct sock *sk, *first = NULL;
	struct sk_buff *nskb;

	hlist_for_each_entry(sk, udp_hashslot(hnum), sk_node) {
		if (compute_score(sk, saddr, uh->source, daddr, hnum, dif) < 0)
			continue;
		if (!first) {
			first = sk;
			continue;
		}
		nskb = skb_clone(skb);
		if (!nskb) {
			UDP_INC_STATS(RCVBUFERRORS);
			UDP_INC_STATS(INERRORS);
			sk->sk_drops++;
			continue;
		}
		udp_queue_rcv_skb(sk, nskb);
	}
	if (first)
		return udp_queue_rcv_skb(first, skb);
	UDP_INC_STATS(IGNOREDMULTI);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

/*
 * The IPPROTO_UDP handler: skb->data at the UDP header, network header at
 * the IP header of the whole (reassembled) datagram. Consumes skb.
 */
/*
 * RFC 768 / RFC 1122 4.1.3.4: a zero checksum field means the sender
 * computed none. A device's sum of the datagram (CHECKSUM_COMPLETE)
 * settles it with the pseudo header added. Otherwise, unless the device
 * vouched for it, the sum is left pending in skb->csum (the pseudo header
 * so far): a datagram for a socket is verified as recvmsg copies it
 * (Linux's udp4_csum_init).
 */
static void udp_csum_init(struct sk_buff *skb, const struct iphdr *iph,
			  const struct udphdr *uh, unsigned int ulen)
{
	if (!uh->check) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	} else if (skb->ip_summed == CHECKSUM_COMPLETE &&
		   !csum_tcpudp_magic(iph->saddr, iph->daddr, ulen, IPPROTO_UDP, skb->csum)) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	} else if (!skb_csum_unnecessary(skb)) {
		skb->ip_summed = CHECKSUM_NONE;
		skb->csum = csum_tcpudp_nofold(iph->saddr, iph->daddr, ulen,
					       IPPROTO_UDP, 0);
	}
}

/* Verify a pending checksum now (skb->data at the UDP header); true if it fails. */
static bool udp_lib_checksum_complete(struct sk_buff *skb)
{
	return !skb_csum_unnecessary(skb) && __skb_checksum_complete(skb);
}

static int udp_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph;
	const struct udphdr *uh;
	struct sock *sk;
	unsigned int ulen;
	int dif = skb->dev ? skb->dev->ifindex : 0;
	u16 type;

	if (!pskb_may_pull(skb, UDP_HLEN))
		goto short_packet;
	uh = udp_hdr(skb);
	ulen = ntohs(uh->len);
	/* RFC 768: the length covers header and data; IP may carry padding. */
	if (ulen < UDP_HLEN || ulen > skb->len || pskb_trim_rcsum(skb, ulen))
		goto short_packet;
	iph = ip_hdr(skb);	/* reloaded: pulls and trims may move the head */
	uh = udp_hdr(skb);
	udp_csum_init(skb, iph, uh, ulen);
	type = skb_rtable(skb)->rt_type;
	if (type == RTN_BROADCAST || type == RTN_MULTICAST)
		return udp4_lib_mcast_deliver(skb, uh, iph->saddr, iph->daddr, dif);
	sk = __udp4_lib_lookup(iph->saddr, uh->source, iph->daddr, uh->dest, dif);
	if (sk)
		return udp_queue_rcv_skb(sk, skb);
	/* Nobody to defer to: a corrupt datagram earns no ICMP error. */
	if (udp_lib_checksum_complete(skb))
		goto csum_error;
	UDP_INC_STATS(NOPORTS);
	udp_trace_drop("no socket", skb, uh);
	/* RFC 1122 4.1.3.1: tell the sender nobody is listening. */
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	kfree_skb_reason(skb, SKB_DROP_REASON_NO_SOCKET);
	return NET_RX_DROP;
short_packet:
	UDP_INC_STATS(INERRORS);
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	return NET_RX_DROP;
csum_error:
	UDP_INC_STATS(INCSUMERRORS);
	UDP_INC_STATS(INERRORS);
	kfree_skb_reason(skb, SKB_DROP_REASON_UDP_CSUM);
	return NET_RX_DROP;
}

/* ICMP destination unreachable codes as errors (Linux's icmp_err_convert). */
static const struct {
	int errno_val;
	bool fatal;
} icmp_err_convert[] = {
	{ ENETUNREACH, false },		/* ICMP_NET_UNREACH */
	{ EHOSTUNREACH, false },	/* ICMP_HOST_UNREACH */
	{ ENOPROTOOPT, true },		/* ICMP_PROT_UNREACH */
	{ ECONNREFUSED, true },		/* ICMP_PORT_UNREACH */
	{ EMSGSIZE, false },		/* ICMP_FRAG_NEEDED */
	{ EOPNOTSUPP, false },		/* ICMP_SR_FAILED */
	{ ENETUNREACH, true },		/* ICMP_NET_UNKNOWN */
	{ EHOSTDOWN, true },		/* ICMP_HOST_UNKNOWN */
	{ ENONET, true },		/* ICMP_HOST_ISOLATED */
	{ ENETUNREACH, true },		/* ICMP_NET_ANO */
	{ EHOSTUNREACH, true },		/* ICMP_HOST_ANO */
	{ ENETUNREACH, false },		/* ICMP_NET_UNR_TOS */
	{ EHOSTUNREACH, false },	/* ICMP_HOST_UNR_TOS */
	{ EHOSTUNREACH, true },		/* ICMP_PKT_FILTERED */
	{ EHOSTUNREACH, true },		/* ICMP_PREC_VIOLATION */
	{ EHOSTUNREACH, true },		/* ICMP_PREC_CUTOFF */
};

/*
 * An ICMP error quoting a datagram we sent: skb->data at the quoted IP
 * header, which with 8 octets of UDP header icmp.c has checked is there.
 * As Linux without IP_RECVERR: only hard errors, and only to a connected
 * socket (RFC 1122 4.1.3.3 leaves it to the application, and an
 * unconnected socket cannot tell which of its peers the error is about).
 * Does not consume skb.
 */
static void udp_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct udphdr *uh = (const struct udphdr *)(skb->data + ip_hdrlen_of(iph));
	const struct icmphdr *icmph = icmp_hdr(skb);
	int dif = skb->dev ? skb->dev->ifindex : 0;
	bool harderr = false;
	struct sock *sk;
	int err;

	sk = __udp4_lib_lookup(iph->daddr, uh->dest, iph->saddr, uh->source, dif);
	if (!sk) {
		ICMP_INC_STATS(INERRORS);
		return;		/* no socket sent it */
	}
	switch (icmph->type) {
	case ICMP_DEST_UNREACH:
		if (icmph->code >= ARRAY_SIZE(icmp_err_convert))
			return;
		err = icmp_err_convert[icmph->code].errno_val;
		harderr = icmp_err_convert[icmph->code].fatal;
		break;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		harderr = true;
		break;
	default:
		return;		/* time exceeded: soft, never reported */
	}
	if (!harderr || sk->sk_state != TCP_ESTABLISHED)
		return;
	sk->sk_err = err;
	sk->sk_error_report(sk);
}

/* ---- the socket side ---- */

/*
 * Header, checksum (RFC 768: a computed zero goes out as all ones), send:
 * a device that sums TCP/UDP gets the pseudo header's sum to finish
 * (CHECKSUM_PARTIAL; skb_checksum_help does it when the datagram must be
 * fragmented or goes elsewhere). Consumes skb.
 */
static int udp_send_skb(struct sock *sk, struct sk_buff *skb, struct rtable *rt,
			__be32 saddr, __be32 daddr, __be16 dport)
{
	struct inet_sock *inet = inet_sk(sk);
	unsigned int len = skb->len;
	struct udphdr *uh = skb_push(skb, UDP_HLEN);
	u8 ttl = inet->uc_ttl < 0 ? sysctl_ip_default_ttl : (u8)inet->uc_ttl;
	int err;

	uh->source = inet->inet_sport;
	uh->dest = dport;
	uh->len = htons((u16)(len + UDP_HLEN));
	if (rt->dst.dev->features & NETIF_F_CSUM_MASK) {
		uh->check = (__sum16)~csum_tcpudp_magic(saddr, daddr, len + UDP_HLEN,
							IPPROTO_UDP, 0);
		skb_partial_csum_set(skb, 0, offsetof(struct udphdr, check));
	} else {
		uh->check = 0;
		uh->check = csum_tcpudp_magic(saddr, daddr, len + UDP_HLEN, IPPROTO_UDP,
					      csum_partial(uh, len + UDP_HLEN, 0));
		if (!uh->check)
			uh->check = 0xffff;
	}
	local_bh_disable();
	err = ip_build_and_send_pkt(skb, rt, saddr, daddr, IPPROTO_UDP,
				    inet->tos, ttl, false);
	local_bh_enable();
	if (err > 0)		/* NET_XMIT_DROP: a full queue took it */
		err = -ENOBUFS;
	return err;
}

static int udp_sendmsg(struct sock *sk, struct kmsghdr *msg, size_t len)
{
	struct sockaddr_in *usin = msg->msg_name;
	struct inet_sock *inet = inet_sk(sk);
	bool connected = false;
	struct rtable *rt = NULL;
	struct sk_buff *skb;
	__be32 daddr, saddr;
	__be16 dport;
	int err;

	if (len > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (usin) {
		if (msg->msg_namelen < (int)sizeof(*usin))
			return -EINVAL;
		if (usin->sin_family != AF_INET && usin->sin_family != AF_UNSPEC)
			return -EAFNOSUPPORT;
		daddr = usin->sin_addr.s_addr;
		dport = usin->sin_port;
		if (!dport)
			return -EINVAL;
	} else {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = inet->inet_daddr;
		dport = inet->inet_dport;
		connected = true;
	}
	err = ip4_datagram_route(sk, daddr, connected, &rt, &saddr);
	if (err)
		return err;
	skb = sock_alloc_send_skb(sk, MAX_HEADER + UDP_HLEN + (unsigned int)len,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb) {
		if (err == -ENOBUFS || err == -EAGAIN)
			UDP_INC_STATS(SNDBUFERRORS);
		goto out;
	}
	skb_reserve(skb, MAX_HEADER + UDP_HLEN);
	if (copy_from_iter(skb_put(skb, (unsigned int)len), len,
			   &msg->msg_iter) != len) {
		kfree_skb_reason(skb, SKB_DROP_REASON_SKB_UCOPY_FAULT);
		err = -EFAULT;
		goto out;
	}
	err = udp_send_skb(sk, skb, rt, saddr, daddr, dport);
	if (err) {
		if (err == -ENOBUFS)
			UDP_INC_STATS(SNDBUFERRORS);
		goto out;
	}
	UDP_INC_STATS(OUTDATAGRAMS);
	sk->sk_tx_packets++;
	err = (int)len;
out:
	ip_rt_put(rt);
	return err;
}

/*
 * A datagram whose checksum failed when it was read (Linux's
 * csum_copy_err): counted and dropped, a peeked one taken off the queue.
 */
static void udp_drop_csum_error(struct sock *sk, struct sk_buff *skb, int flags)
{
	if (flags & MSG_PEEK) {
		lock_sock(sk);
		if (skb_peek(&sk->sk_receive_queue) == skb) {
			skb_unlink(skb, &sk->sk_receive_queue);
			consume_skb(skb);	/* the queue's reference */
		}
		release_sock(sk);
	}
	UDP_INC_STATS(INCSUMERRORS);
	UDP_INC_STATS(INERRORS);
	sk->sk_drops++;
	kfree_skb_reason(skb, SKB_DROP_REASON_UDP_CSUM);
}

/*
 * Copy copied bytes of the datagram out, verifying a pending checksum:
 * in the same pass when the whole datagram goes out, else first (a
 * partial copy cannot tell). 0, -EINVAL (bad checksum) or -EFAULT.
 */
static int udp_copy_datagram(struct sk_buff *skb, struct kmsghdr *msg,
			     size_t copied, int flags)
{
	if (skb_csum_unnecessary(skb))
		return skb_copy_datagram_iter(skb, 0, &msg->msg_iter, (unsigned int)copied);
	if (copied < skb->len || (flags & MSG_PEEK)) {
		if (__skb_checksum_complete(skb))
			return -EINVAL;
		return skb_copy_datagram_iter(skb, 0, &msg->msg_iter, (unsigned int)copied);
	}
	return skb_copy_and_csum_datagram_iter(skb, 0, &msg->msg_iter);
}

static int udp_recvmsg(struct sock *sk, struct kmsghdr *msg, size_t len,
		       int flags, int *addr_len)
{
	struct sockaddr_in *sin = msg->msg_name;
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* The error queue is fed only with IP_RECVERR, which Skiff lacks. */
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
try_again:
	skb = skb_recv_datagram(sk, (unsigned int)flags, &err);
	if (!skb)
		return err;
	copied = skb->len;
	if (copied > len) {
		copied = len;
		msg->msg_flags |= MSG_TRUNC;
	}
	err = udp_copy_datagram(skb, msg, copied, flags);
	if (err == -EINVAL) {
		udp_drop_csum_error(sk, skb, flags);
		msg->msg_flags &= ~MSG_TRUNC;
		goto try_again;
	}
	/* As Linux: a datagram taken off the queue and not copied out is lost. */
	if (err) {
		if (!(flags & MSG_PEEK)) {
			UDP_INC_STATS(INERRORS);
			sk->sk_drops++;
		}
		kfree_skb_reason(skb, SKB_DROP_REASON_SKB_UCOPY_FAULT);
		return -EFAULT;
	}
	if (!(flags & MSG_PEEK))
		UDP_INC_STATS(INDATAGRAMS);
	if (sin) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		sin->sin_port = udp_hdr(skb)->source;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
		*addr_len = sizeof(*sin);
	}
	ip_cmsg_recv(sk, msg, skb);
	err = (flags & MSG_TRUNC) ? (int)skb->len : (int)copied;
	consume_skb(skb);
	return err;
}

/*
 * The length of the first datagram whose checksum holds, dropping the
 * ones before it that fail; -1 if none (Linux's first_packet_length).
 */
static int udp_first_packet_length(struct sock *sk)
{
	struct sk_buff *skb;
	int len = -1;

	lock_sock(sk);
	while ((skb = skb_peek(&sk->sk_receive_queue)) != NULL) {
		if (skb_csum_unnecessary(skb) || !__skb_checksum_complete(skb)) {
			len = (int)skb->len;
			break;
		}
		skb_unlink(skb, &sk->sk_receive_queue);
		UDP_INC_STATS(INCSUMERRORS);
		UDP_INC_STATS(INERRORS);
		sk->sk_drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_UDP_CSUM);
	}
	release_sock(sk);
	return len;
}

/* Linux's datagram_poll. */
static __poll_t udp_poll(struct file *file, struct socket *sock,
			 poll_table *wait)
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
	/* A blocking reader told "readable" must not then block on a corrupt datagram (Linux). */
	if ((mask & EPOLLRDNORM) && !(file->f_flags & O_NONBLOCK) &&
	    !(sk->sk_shutdown & RCV_SHUTDOWN) && udp_first_packet_length(sk) == -1)
		mask &= ~(EPOLLIN | EPOLLRDNORM);
	if (sock_writeable(sk))
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	return mask;
}

/* FIONREAD (SIOCINQ): the size of the next good datagram, as Linux's udp_ioctl. */
static int udp_ioctl(struct sock *sk, int cmd, int *karg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	*karg = max(udp_first_packet_length(sk), 0);
	return 0;
}

static void udp_lib_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

static int udp_setsockopt(struct sock *sk, int level, int optname,
			  sockptr_t optval, unsigned int optlen)
{
	if (level == IPPROTO_UDP)
		return -ENOPROTOOPT;	/* no UDP-level options (UDP_CORK...) */
	return ip_setsockopt(sk, level, optname, optval, optlen);
}

static int udp_getsockopt(struct sock *sk, int level, int optname,
			  sockptr_t optval, int *optlen)
{
	if (level == IPPROTO_UDP)
		return -ENOPROTOOPT;
	return ip_getsockopt(sk, level, optname, optval, optlen);
}

/* ---- /proc/net/udp, stats.json's sockets, sockstat ---- */

/*
 * Linux's udp4_format_sock, column for column, per hash slot ("sl" is
 * the slot). No inodes, uids or kernel pointers: 0, as Linux shows them
 * to a reader without the privilege.
 */
static void show_udp4(struct seq_buf *s)
{
	struct sock *sk;

	seq_setwidth(s, 127);
	seq_puts(s, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
		    "retrnsmt   uid  timeout inode ref pointer drops");
	seq_pad(s, '\n');
	local_bh_disable();
	for (unsigned int i = 0; i < UDP_HTABLE_SIZE; i++) {
		hlist_for_each_entry(sk, &udp_hash[i], sk_node) {
			seq_setwidth(s, 127);
			seq_printf(s, "%5u: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %016x %u",
				   i, sk->sk_rcv_saddr, sk->sk_num, sk->sk_daddr,
				   ntohs(sk->sk_dport), sk->sk_state, sk->sk_wmem_alloc - 1,
				   sk->sk_rmem_alloc, 0, 0UL, 0, 0, 0, 0, (int)refcount_read(&sk->sk_refcnt), 0,
				   sk->sk_drops);
			seq_pad(s, '\n');
		}
	}
	local_bh_enable();
}
PROC_ENTRY(net_udp, "/proc/net/udp", show_udp4);

static void udp_sockets_json(struct json_list *l)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	struct sock *sk;

	local_bh_disable();
	for (unsigned int i = 0; i < UDP_HTABLE_SIZE; i++) {
		hlist_for_each_entry(sk, &udp_hash[i], sk_node) {
			json_sep(l);
			seq_printf(l->s, "{\"proto\":\"udp\",\"state\":\"%s\",\"local\":\"%s:%u\","
				   "\"remote\":\"%s:%u\",\"rx_queue\":%u,\"tx_queue\":%u}",
				   sk->sk_dport ? "ESTABLISHED" : "UNCONN",
				   in4_ntop(sk->sk_rcv_saddr, a), sk->sk_num,
				   in4_ntop(sk->sk_daddr, b), ntohs(sk->sk_dport),
				   sk->sk_rmem_alloc, sk->sk_wmem_alloc - 1);
		}
	}
	local_bh_enable();
}
STATS_JSON(udp_sockets, "sockets", '[', udp_sockets_json);

void udp_sockstat(struct proto_sockstat *st)
{
	struct sock *sk;

	*st = (struct proto_sockstat){ 0 };
	for (unsigned int i = 0; i < UDP_HTABLE_SIZE; i++) {
		hlist_for_each_entry(sk, &udp_hash[i], sk_node) {
			st->inuse++;
			st->mem_bytes += sk->sk_rmem_alloc + sk->sk_wmem_alloc - 1;
		}
	}
}

struct proto udp_prot = {
	.name = "UDP",
	.obj_size = sizeof(struct udp_sock),
	.close = udp_lib_close,
	.connect = ip4_datagram_connect,
	.disconnect = __udp_disconnect,
	.poll = udp_poll,
	.ioctl = udp_ioctl,
	.setsockopt = udp_setsockopt,
	.getsockopt = udp_getsockopt,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.get_port = udp_v4_get_port,
	.unhash = udp_lib_unhash,
};

static const struct net_protocol udp_protocol = {
	.handler = udp_rcv,
	.err_handler = udp_err,
};

void udp_init(void)
{
	BUG_ON(inet_add_protocol(&udp_protocol, IPPROTO_UDP));
}
