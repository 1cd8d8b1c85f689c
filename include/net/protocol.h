/*
 * The IPv4 protocol table: ip_local_deliver() hands each datagram to
 * inet_protos[iph->protocol]->handler, icmp_rcv() hands each ICMP error to
 * the err_handler of the protocol the quoted datagram was for.
 */
#ifndef _NET_PROTOCOL_H
#define _NET_PROTOCOL_H

#include <kernel/types.h>

struct sk_buff;

struct net_protocol {
	/*
	 * skb->data at the L4 header (transport header set), network header
	 * at the IP header. Consumes skb; returns 0 or a negative errno.
	 */
	int (*handler)(struct sk_buff *skb);
	/*
	 * An ICMP error about a datagram we sent: skb->data at the quoted IP
	 * header, with that header and 8 octets of L4 header present (RFC 792);
	 * icmp_hdr(skb) is the ICMP header. info is the next-hop MTU for
	 * ICMP_FRAG_NEEDED (RFC 1191), else 0. Does not consume skb.
	 */
	void (*err_handler)(struct sk_buff *skb, u32 info);
};

#define MAX_INET_PROTOS 256
extern const struct net_protocol *inet_protos[MAX_INET_PROTOS];

/* 0, or -EBUSY if the slot is taken. */
int inet_add_protocol(const struct net_protocol *prot, u8 num);
int inet_del_protocol(const struct net_protocol *prot, u8 num);

#endif
