/* TCP (RFC 9293 section 3.1): wire format, accessors and flag bits. */
#ifndef _NET_PROTO_TCP_H
#define _NET_PROTO_TCP_H

#include <kernel/types.h>

#define TCPHDR_FIN	0x01
#define TCPHDR_SYN	0x02
#define TCPHDR_RST	0x04
#define TCPHDR_PSH	0x08
#define TCPHDR_ACK	0x10
#define TCPHDR_URG	0x20
#define TCPHDR_ECE	0x40
#define TCPHDR_CWR	0x80

struct tcphdr {
	__be16 source;
	__be16 dest;
	__be32 seq;
	__be32 ack_seq;
	u8 doff_res;		/* data offset (32-bit words) in the high nibble */
	u8 flags;		/* TCPHDR_* */
	__be16 window;
	__sum16 check;
	__be16 urg_ptr;
} __packed;

#define TCP_HLEN_MIN	20

static inline unsigned int tcp_doff(const struct tcphdr *th)
{
	return th->doff_res >> 4;
}

static inline void tcp_set_doff(struct tcphdr *th, unsigned int words)
{
	th->doff_res = (u8)(words << 4);
}

/* TCP options (RFC 9293 3.2, RFC 7323). */
#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_MSS		2
#define TCPOPT_WINDOW		3
#define TCPOPT_SACK_PERM	4
#define TCPOPT_SACK		5
#define TCPOPT_TIMESTAMP	8

#endif
