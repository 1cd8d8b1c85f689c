/*
 * The kernel's own pinger: echo requests carrying their send time, and
 * replies (or ICMP errors about the requests) dispatched by echo
 * identifier to whoever registered it, like Linux's ping sockets.
 */
#include <kernel/random.h>
#include <kernel/softirq.h>
#include <kernel/time.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/snmp.h>
#include <errno.h>
#include <string.h>

static LIST_HEAD(ping_list);

static struct ping_ctx *ping_lookup(u16 id)
{
	struct ping_ctx *ctx;

	list_for_each_entry(ctx, &ping_list, list)
		if (ctx->id == id)
			return ctx;
	return NULL;
}

int icmp_ping_register(struct ping_ctx *ctx)
{
	int err = 0;

	local_bh_disable();
	if (!ctx->id) {
		do {
			ctx->id = (u16)get_random_u32();
		} while (!ctx->id || ping_lookup(ctx->id));
	} else if (ping_lookup(ctx->id)) {
		err = -EEXIST;
	}
	if (!err)
		list_add_tail(&ctx->list, &ping_list);
	local_bh_enable();
	return err;
}

void icmp_ping_unregister(struct ping_ctx *ctx)
{
	local_bh_disable();
	list_del_init(&ctx->list);
	local_bh_enable();
}

/* Payload: the send time (8 octets, host order) then bytes counting up from 8. */
static void ping_fill(u8 *p, unsigned int size)
{
	u64 now = ktime_get_ns();
	unsigned int i = 0;

	if (size >= sizeof(now)) {
		memcpy(p, &now, sizeof(now));
		i = sizeof(now);
	}
	for (; i < size; i++)
		p[i] = (u8)i;
}

/* A piece of a reply's payload at offset pos: past the send time, bytes count up. */
static int ping_check_piece(void *p, unsigned int n, unsigned int pos,
			    void *arg __unused)
{
	const u8 *b = p;

	for (unsigned int i = 0; i < n; i++)
		if (pos + i >= sizeof(u64) && b[i] != (u8)(pos + i))
			return -EINVAL;
	return 0;
}

int icmp_ping_send(struct ping_ctx *ctx, __be32 daddr, u16 seq,
		   unsigned int size)
{
	struct icmphdr *icmph;
	struct sk_buff *skb;
	int err;

	if (size > PING_MAX_PAYLOAD)
		return -EMSGSIZE;
	skb = alloc_skb(MAX_HEADER + ICMP_HLEN + size);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, MAX_HEADER);
	icmph = skb_put(skb, ICMP_HLEN);
	icmph->type = ICMP_ECHO;
	icmph->code = 0;
	icmph->un.echo.id = htons(ctx->id);
	icmph->un.echo.sequence = htons(seq);
	ping_fill(skb_put(skb, size), size);
	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(skb->data, skb->len);
	local_bh_disable();
	ICMP_INC_STATS(OUTMSGS);
	ICMP_INC_STATS(OUTECHOS);
	icmpmsg_out[ICMP_ECHO]++;
	err = ip_send_l4(skb, 0, daddr, IPPROTO_ICMP, 0, sysctl_ip_default_ttl,
			 false);
	local_bh_enable();
	return err;
}

void ping_rcv(struct sk_buff *skb)
{
	const struct icmphdr *icmph = (const struct icmphdr *)skb->data;
	struct ping_reply r = { 0 };
	struct ping_ctx *ctx = ping_lookup(ntohs(icmph->un.echo.id));
	u64 sent;

	if (!ctx) {
		ICMP_INC_STATS(INECHOREPUNMATCHED);
		return;
	}
	r.from = ip_hdr(skb)->saddr;
	r.ttl = ip_hdr(skb)->ttl;
	r.seq = ntohs(icmph->un.echo.sequence);
	r.size = skb->len - ICMP_HLEN;
	if (r.size >= sizeof(sent)) {
		BUG_ON(skb_copy_bits(skb, ICMP_HLEN, &sent, sizeof(sent)));
		r.rtt_ns = ktime_get_ns() >= sent ? ktime_get_ns() - sent : 0;
	}
	r.payload_ok = !skb_walk_bytes(skb, ICMP_HLEN, r.size, ping_check_piece, NULL);
	ctx->on_reply(ctx, &r);
}

/* skb->data at the quoted IP header of one of our echo requests. */
void ping_err(struct sk_buff *skb, u32 info __unused)
{
	const struct iphdr *inner = (const struct iphdr *)skb->data;
	const struct icmphdr *req;
	const struct icmphdr *err = icmp_hdr(skb);
	struct ping_ctx *ctx;

	req = (const struct icmphdr *)(skb->data + ip_hdrlen_of(inner));
	if (req->type != ICMP_ECHO)
		return;
	ctx = ping_lookup(ntohs(req->un.echo.id));
	if (ctx && ctx->on_error)
		ctx->on_error(ctx, ip_hdr(skb)->saddr, err->type, err->code,
			      ntohs(req->un.echo.sequence));
}
