/*
 * ICMP (RFC 792, RFC 1122 section 3.2.2): the receive handler, error
 * generation with its rules and rate limit, and the kernel ping API.
 */
#ifndef _NET_ICMP_H
#define _NET_ICMP_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <net/skbuff.h>
#include <net/proto/icmp.h>

static inline struct icmphdr *icmp_hdr(const struct sk_buff *skb)
{
	return (struct icmphdr *)skb_transport_header(skb);
}

/*
 * Send an ICMP error about skb_in (network header at its IP header) to
 * its source, unless RFC 1122 3.2.2 forbids it or the rate limit is hit.
 * info: the MTU for ICMP_FRAG_NEEDED, the pointer (<< 24) for a parameter
 * problem, host order. Does not consume skb_in.
 */
void icmp_send(struct sk_buff *skb_in, int type, int code, u32 info);

/* Token bucket for errors: icmp_msgs_per_sec refill, icmp_msgs_burst deep. */
extern u32 icmp_msgs_per_sec;	/* 1000 */
extern u32 icmp_msgs_burst;	/* 50 */
extern bool icmp_echo_ignore_broadcasts;	/* true (RFC 1122 3.2.2.6 allows) */

/* A kernel pinger: register with an echo identifier, then send. */
struct ping_reply {
	__be32 from;
	u16 seq;
	unsigned int size;	/* payload octets (without the ICMP header) */
	u8 ttl;
	u64 rtt_ns;		/* from the timestamp in the payload (size >= 8) */
	bool payload_ok;	/* the pattern came back intact */
};

struct ping_ctx {
	u16 id;			/* echo identifier; 0 at registration: pick one */
	void (*on_reply)(struct ping_ctx *ctx, const struct ping_reply *r);
	/* Optional: an ICMP error quoting one of our echo requests. */
	void (*on_error)(struct ping_ctx *ctx, __be32 from, u8 type, u8 code,
			 u16 seq);
	void *priv;
	struct list_head list;
};

/* 0, or -EEXIST if ctx->id is taken. */
int icmp_ping_register(struct ping_ctx *ctx);
void icmp_ping_unregister(struct ping_ctx *ctx);
/*
 * Send one echo request of size payload octets (the first 8 carry the
 * send time) to daddr. 0, or -EMSGSIZE, -ENETUNREACH, -ENOMEM. Process or
 * softirq context.
 */
int icmp_ping_send(struct ping_ctx *ctx, __be32 daddr, u16 seq,
		   unsigned int size);
#define PING_MAX_PAYLOAD	(65535 - 20 - 8)

/* For icmp.c: an echo reply to deliver (skb->data at the ICMP header) and
 * the err_handler for errors quoting our echo requests. Neither consumes skb. */
void ping_rcv(struct sk_buff *skb);
void ping_err(struct sk_buff *skb, u32 info);

void icmp_init(void);

#endif
