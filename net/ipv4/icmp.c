/*
 * ICMP (Linux net/ipv4/icmp.c): RFC 792 messages, the RFC 1122 3.2.2
 * rules for when an error may be sent, and a global token bucket so a
 * flood of bad packets cannot turn us into a flood of errors.
 */
#include <kernel/time.h>
#include <kernel/printk.h>
#include <kernel/ratelimit.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
#include <net/inet_utils.h>
#include <errno.h>
#include <string.h>

u32 icmp_msgs_per_sec = 1000;
u32 icmp_msgs_burst = 50;
bool icmp_echo_ignore_broadcasts = true;

/* RFC 1812 4.3.2.3: quote as much of the offending datagram as fits in 576 octets. */
#define ICMP_ERR_MAX_LEN	576

static u64 icmp_tokens_milli;		/* thousandths of a message */
static u64 icmp_tokens_stamp;		/* ns of the last refill */
static bool icmp_tokens_ready;

/* Token bucket: refill at icmp_msgs_per_sec, hold at most icmp_msgs_burst. */
static bool icmp_global_allow(void)
{
	u64 now = ktime_get_ns(), elapsed, cap = (u64)icmp_msgs_burst * 1000;

	if (!icmp_tokens_ready) {
		icmp_tokens_ready = true;
		icmp_tokens_milli = cap;
		icmp_tokens_stamp = now;
	}
	elapsed = min(now - icmp_tokens_stamp, 60 * NSEC_PER_SEC);
	icmp_tokens_stamp = now;
	icmp_tokens_milli = min(cap, icmp_tokens_milli +
				elapsed * icmp_msgs_per_sec / NSEC_PER_MSEC);
	if (icmp_tokens_milli < 1000)
		return false;
	icmp_tokens_milli -= 1000;
	return true;
}

/* RFC 1122 3.2.2: the datagrams an ICMP error must never be sent about. */
static bool icmp_error_allowed(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = ip_hdrlen_of(iph);
	unsigned int saddr_type = inet_addr_type(iph->saddr);
	u8 inner_type, buf;
	const u8 *p;

	if (skb->pkt_type == PACKET_BROADCAST || skb->pkt_type == PACKET_MULTICAST)
		return false;
	if (inet_addr_type(iph->daddr) == RTN_BROADCAST ||
	    ipv4_is_multicast(iph->daddr))
		return false;
	/* The source must name a single host. */
	if (saddr_type == RTN_BROADCAST || saddr_type == RTN_MULTICAST)
		return false;
	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	if (iph->protocol == IPPROTO_ICMP) {
		p = skb_header_pointer(skb, skb_network_offset(skb) + (int)hlen, 1, &buf);
		if (!p)
			return false;
		inner_type = *p;
		if (inner_type > NR_ICMP_TYPES || icmp_is_err(inner_type))
			return false;
	}
	return true;
}

static void icmp_out_count(u8 type)
{
	ICMP_INC_STATS(OUTMSGS);
	icmpmsg_out[type]++;
	switch (type) {
	case ICMP_DEST_UNREACH:
		ICMP_INC_STATS(OUTDESTUNREACHS);
		break;
	case ICMP_TIME_EXCEEDED:
		ICMP_INC_STATS(OUTTIMEEXCDS);
		break;
	case ICMP_PARAMETERPROB:
		ICMP_INC_STATS(OUTPARMPROBS);
		break;
	case ICMP_ECHO:
		ICMP_INC_STATS(OUTECHOS);
		break;
	case ICMP_ECHOREPLY:
		ICMP_INC_STATS(OUTECHOREPS);
		break;
	}
}

/* RFC 792's names of the error messages, for debug=icmp. */
static const char *icmp_error_name(u8 type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
		return "destination unreachable";
	case ICMP_TIME_EXCEEDED:
		return "time exceeded";
	case ICMP_PARAMETERPROB:
		return "parameter problem";
	case ICMP_SOURCE_QUENCH:
		return "source quench";
	case ICMP_REDIRECT:
		return "redirect";
	default:
		return "message";
	}
}

/* debug=icmp: an error sent to, or received from, peer about the datagram at iph. */
static void icmp_trace_error(bool sent, u8 type, u8 code, __be32 peer,
			     const struct iphdr *iph)
{
	char p[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

	pr_trace_ratelimited(TRACE_ICMP,
			     "icmp: %s %s (type %u code %u) %s %s about %s > %s proto %u\n",
			     sent ? "sent" : "received", icmp_error_name(type), type,
			     code, sent ? "to" : "from", in4_ntop(peer, p),
			     in4_ntop(iph->saddr, s), in4_ntop(iph->daddr, d),
			     iph->protocol);
}

/* An ICMP message skb: header plus room for len more octets, with MAX_HEADER in front. */
static struct sk_buff *icmp_alloc(u8 type, u8 code, __be32 un, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + ICMP_HLEN + len);
	struct icmphdr *icmph;

	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER);
	icmph = skb_put(skb, ICMP_HLEN);
	icmph->type = type;
	icmph->code = code;
	icmph->checksum = 0;
	icmph->un.gateway = un;
	return skb;
}

static void icmp_finish(struct sk_buff *skb)
{
	struct icmphdr *icmph = (struct icmphdr *)skb->data;

	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(skb->data, skb->len);
}

/* Send an ICMP message built in skb. Consumes skb. */
static int icmp_push(struct sk_buff *skb, __be32 saddr, __be32 daddr, u8 tos)
{
	u8 type = skb->data[0];
	int err;

	icmp_finish(skb);
	icmp_out_count(type);
	err = ip_send_l4(skb, saddr, daddr, IPPROTO_ICMP, tos,
			 sysctl_ip_default_ttl, false);
	if (err)
		ICMP_INC_STATS(OUTERRORS);
	return err;
}

void icmp_send(struct sk_buff *skb_in, int type, int code, u32 info)
{
	const struct iphdr *iph;
	unsigned int quote;
	struct sk_buff *skb;
	__be32 saddr;

	/* The offending header must be whole in the linear part (Linux's check too). */
	if (skb_in->network_header == SKB_HDR_UNSET ||
	    skb_network_header(skb_in) + IP_HLEN_MIN > skb_tail_pointer(skb_in))
		return;
	iph = ip_hdr(skb_in);
	if (!icmp_error_allowed(skb_in)) {
		ICMP_INC_STATS(OUTERRSUPPRESSED);
		return;
	}
	if (!icmp_global_allow()) {
		ICMP_INC_STATS(OUTRATELIMITED);
		return;
	}
	quote = min(skb_network_len(skb_in), (unsigned int)ntohs(iph->tot_len));
	quote = min(quote, (unsigned int)(ICMP_ERR_MAX_LEN - IP_HLEN_MIN - ICMP_HLEN));
	skb = icmp_alloc((u8)type, (u8)code, htonl(info), quote);
	if (!skb) {
		ICMP_INC_STATS(OUTERRORS);
		return;
	}
	BUG_ON(skb_copy_bits(skb_in, skb_network_offset(skb_in),
			     skb_put(skb, quote), quote));
	/* RFC 1812 4.3.2.4: from the address the datagram was sent to, if ours. */
	saddr = inet_addr_type(iph->daddr) == RTN_LOCAL ? iph->daddr :
		inet_select_addr(skb_in->dev, iph->saddr, RT_SCOPE_UNIVERSE);
	icmp_trace_error(true, (u8)type, (u8)code, iph->saddr, iph);
	icmp_push(skb, saddr, iph->saddr,
		  (iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL);
}

/*
 * RFC 792 echo: the reply carries the request's identifier, sequence and
 * data. SKB_NOT_DROPPED_YET when answered, or why the request was not.
 */
static enum skb_drop_reason icmp_echo(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct sk_buff *reply;
	__be32 saddr = iph->daddr;

	if (skb_rtable(skb)->rt_type != RTN_LOCAL) {
		/* RFC 1122 3.2.2.6 lets a host ignore echo requests to a broadcast. */
		if (icmp_echo_ignore_broadcasts) {
			ICMP_INC_STATS(INBCASTECHOIGNORED);
			return SKB_DROP_REASON_INVALID_PROTO;
		}
		saddr = inet_select_addr(skb->dev, iph->saddr, RT_SCOPE_UNIVERSE);
	}
	reply = icmp_alloc(ICMP_ECHOREPLY, 0, 0, skb->len - ICMP_HLEN);
	if (!reply) {
		ICMP_INC_STATS(OUTERRORS);
		return SKB_DROP_REASON_NOMEM;
	}
	memcpy(reply->data + 4, skb->data + 4, 4);
	BUG_ON(skb_copy_bits(skb, ICMP_HLEN, skb_put(reply, skb->len - ICMP_HLEN),
			     skb->len - ICMP_HLEN));
	icmp_push(reply, saddr, iph->saddr, iph->tos);
	return SKB_NOT_DROPPED_YET;
}

/* RFC 1191 section 5: a router that sends no MTU gets a guess from the plateau table. */
static u32 icmp_mtu_plateau(u32 tot_len)
{
	static const u32 plateau[] = { 32000, 17914, 8166, 4352, 2002, 1492,
				       1006, 508, 296, 68 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(plateau); i++)
		if (plateau[i] < tot_len)
			return plateau[i];
	return 68;
}

/*
 * RFC 792: an error quotes the IP header plus 64 bits of the datagram it
 * is about; ours, or the error means nothing to us. skb->data at the
 * quoted header. SKB_NOT_DROPPED_YET, or why the error is no use.
 */
static enum skb_drop_reason icmp_quote_check(struct sk_buff *skb)
{
	const struct iphdr *inner;

	if (!pskb_may_pull(skb, IP_HLEN_MIN))
		return SKB_DROP_REASON_HDR_TRUNC;
	inner = (const struct iphdr *)skb->data;
	if (ip_version(inner) != IPVERSION || ip_ihl(inner) < 5)
		return SKB_DROP_REASON_INVALID_PROTO;
	if (!pskb_may_pull(skb, ip_hdrlen_of(inner) + 8))
		return SKB_DROP_REASON_HDR_TRUNC;
	inner = (const struct iphdr *)skb->data;	/* the pull may move the head */
	if (inet_addr_type(inner->saddr) != RTN_LOCAL)
		return SKB_DROP_REASON_INVALID_PROTO;
	return SKB_NOT_DROPPED_YET;
}

/*
 * Errors quoting one of our datagrams: learn the path MTU, then tell the
 * protocol that sent it. skb->data at the ICMP header. SKB_NOT_DROPPED_YET,
 * or why the error was thrown away.
 */
static enum skb_drop_reason icmp_unreach(struct sk_buff *skb)
{
	const struct net_protocol *prot;
	const struct icmphdr *icmph;
	enum skb_drop_reason reason;
	const struct iphdr *inner;
	u32 info = 0;

	skb_pull(skb, ICMP_HLEN);
	reason = icmp_quote_check(skb);
	if (reason) {
		ICMP_INC_STATS(INERRORS);
		return reason;
	}
	icmph = icmp_hdr(skb);
	inner = (const struct iphdr *)skb->data;
	icmp_trace_error(false, icmph->type, icmph->code, ip_hdr(skb)->saddr,
			 inner);
	if (icmph->type == ICMP_DEST_UNREACH && icmph->code == ICMP_FRAG_NEEDED) {
		info = ntohs(icmph->un.frag.mtu);
		if (!info)
			info = icmp_mtu_plateau(ntohs(inner->tot_len));
		ip_rt_update_pmtu(inner->daddr, info);
	} else if (icmph->type == ICMP_PARAMETERPROB) {
		info = ntohl(icmph->un.gateway) >> 24;
	}
	prot = inet_protos[inner->protocol];
	if (prot && prot->err_handler)
		prot->err_handler(skb, info);
	return SKB_NOT_DROPPED_YET;
}

/* Count an incoming message by type; false for types not in RFC 792. */
static bool icmp_in_count(u8 type)
{
	icmpmsg_in[type]++;
	switch (type) {
	case ICMP_ECHO:
		ICMP_INC_STATS(INECHOS);
		break;
	case ICMP_ECHOREPLY:
		ICMP_INC_STATS(INECHOREPS);
		break;
	case ICMP_DEST_UNREACH:
		ICMP_INC_STATS(INDESTUNREACHS);
		break;
	case ICMP_TIME_EXCEEDED:
		ICMP_INC_STATS(INTIMEEXCDS);
		break;
	case ICMP_PARAMETERPROB:
		ICMP_INC_STATS(INPARMPROBS);
		break;
	case ICMP_SOURCE_QUENCH:
		ICMP_INC_STATS(INSRCQUENCHS);
		break;
	case ICMP_REDIRECT:
		ICMP_INC_STATS(INREDIRECTS);
		break;
	default:
		return type <= NR_ICMP_TYPES;
	}
	return true;
}

/* The IPPROTO_ICMP handler: skb->data at the ICMP header. Consumes skb. */
static int icmp_rcv(struct sk_buff *skb)
{
	enum skb_drop_reason reason = SKB_NOT_DROPPED_YET;
	u8 type;

	ICMP_INC_STATS(INMSGS);
	if (!pskb_may_pull(skb, ICMP_HLEN)) {
		ICMP_INC_STATS(INERRORS);
		reason = SKB_DROP_REASON_PKT_TOO_SMALL;
		goto drop;
	}
	if (csum_fold(skb_checksum(skb, 0, skb->len, 0))) {
		ICMP_INC_STATS(INCSUMERRORS);
		ICMP_INC_STATS(INERRORS);
		reason = SKB_DROP_REASON_ICMP_CSUM;
		goto drop;
	}
	type = skb->data[0];
	if (!icmp_in_count(type)) {
		ICMP_INC_STATS(INERRORS);
		reason = SKB_DROP_REASON_UNHANDLED_PROTO;
		goto drop;
	}
	switch (type) {
	case ICMP_ECHO:
		reason = icmp_echo(skb);
		break;
	case ICMP_ECHOREPLY:
		reason = ping_rcv(skb);
		break;
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		reason = icmp_unreach(skb);
		break;
	default:
		/* Source quench (RFC 6633), redirects, timestamps: not acted on. */
		ICMP_INC_STATS(INIGNORED);
		break;
	}
	if (!reason) {
		consume_skb(skb);
		return NET_RX_SUCCESS;
	}
drop:
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

static const struct net_protocol icmp_protocol = {
	.handler = icmp_rcv,
	.err_handler = ping_err,
};

void icmp_init(void)
{
	BUG_ON(inet_add_protocol(&icmp_protocol, IPPROTO_ICMP));
}
