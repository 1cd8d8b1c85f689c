/* ICMP (RFC 792): wire format and message types. */
#ifndef _NET_PROTO_ICMP_H
#define _NET_PROTO_ICMP_H

#include <kernel/types.h>

#define ICMP_ECHOREPLY		0
#define ICMP_DEST_UNREACH	3
#define ICMP_SOURCE_QUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIME_EXCEEDED	11
#define ICMP_PARAMETERPROB	12
#define ICMP_TIMESTAMP		13
#define ICMP_TIMESTAMPREPLY	14
#define ICMP_INFO_REQUEST	15
#define ICMP_INFO_REPLY		16
#define ICMP_ADDRESS		17
#define ICMP_ADDRESSREPLY	18
#define NR_ICMP_TYPES		18

/* Codes for ICMP_DEST_UNREACH. */
#define ICMP_NET_UNREACH	0
#define ICMP_HOST_UNREACH	1
#define ICMP_PROT_UNREACH	2
#define ICMP_PORT_UNREACH	3
#define ICMP_FRAG_NEEDED	4	/* next-hop MTU in un.frag.mtu (RFC 1191) */
#define ICMP_SR_FAILED		5
#define ICMP_NET_UNKNOWN	6
#define ICMP_HOST_UNKNOWN	7
#define ICMP_PKT_FILTERED	13

/* Codes for ICMP_TIME_EXCEEDED. */
#define ICMP_EXC_TTL		0
#define ICMP_EXC_FRAGTIME	1

struct icmphdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	union {
		struct {
			__be16 id;
			__be16 sequence;
		} echo;
		__be32 gateway;
		struct {
			__be16 unused;
			__be16 mtu;
		} frag;
		u8 reserved[4];	/* parameter problem: reserved[0] is the pointer */
	} un;
} __packed;

#define ICMP_HLEN	8

/* True for the error types that must never be answered with an error (RFC 1122 3.2.2). */
static inline bool icmp_is_err(u8 type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	}
	return false;
}

#endif
