/*
 * ICMP (RFC 792, RFC 1122 section 3.2.2): the receive handler, error
 * generation with its rules and rate limit, and the ICMP echo sockets.
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

/* ICMP echo sockets (net/ipv4/ping.c): SOCK_DGRAM, IPPROTO_ICMP. */
extern struct proto ping_prot;

/*
 * For icmp.c: an echo reply to deliver (skb->data at the ICMP header):
 * SKB_DROP_REASON_NO_SOCKET when no socket has its identifier (the caller
 * drops it), else 0; and the err_handler for errors quoting our echo
 * requests. Neither consumes skb.
 */
enum skb_drop_reason ping_rcv(struct sk_buff *skb);
void ping_err(struct sk_buff *skb, u32 info);

void icmp_init(void);

#endif
