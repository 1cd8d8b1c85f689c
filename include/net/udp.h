/*
 * UDP (RFC 768, RFC 1122 section 4.1): the socket, the port table and the
 * MIB (Linux include/net/udp.h). Wire format in net/proto/udp.h.
 */
#ifndef _NET_UDP_H
#define _NET_UDP_H

#include <kernel/types.h>
#include <net/inet_sock.h>
#include <net/proto/udp.h>
#include <net/snmp.h>

struct udp_sock {
	struct inet_sock inet;		/* first: a sock is a udp_sock */
};

static inline struct udphdr *udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_transport_header(skb);
}

/* The largest payload: 65535 - 20 (IP header) - 8 (UDP header). */
#define UDP_MAX_PAYLOAD	(IP_MAXPACKET - 20 - UDP_HLEN)

/* Local ports by number (Linux's udp_table), a power of two of chains. */
#define UDP_HTABLE_SIZE	256

/* Ephemeral ports: IANA's 49152-65535 is RFC 6056's advice; Linux's
 * default range (net.ipv4.ip_local_port_range) is used. */
extern u16 sysctl_ip_local_port_min, sysctl_ip_local_port_max;

extern struct proto udp_prot;

/*
 * The socket a datagram from saddr:sport to daddr:dport arriving on ifindex
 * dif belongs to: exact matches (connected, bound address, device) before
 * wildcards. Softirq context or bottom halves off. NULL if none.
 */
struct sock *__udp4_lib_lookup(__be32 saddr, __be16 sport, __be32 daddr,
			       __be16 dport, int dif);

/* /proc/net/sockstat's UDP figures (bottom halves off). */
void udp_sockstat(struct proto_sockstat *st);

void udp_init(void);

#endif
