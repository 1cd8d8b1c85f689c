/* UDP (RFC 768): wire format only. */
#ifndef _NET_PROTO_UDP_H
#define _NET_PROTO_UDP_H

#include <kernel/types.h>

struct udphdr {
	__be16 source;
	__be16 dest;
	__be16 len;		/* header plus data */
	__sum16 check;		/* 0 = none sent (RFC 768) */
} __packed;

#define UDP_HLEN	8

#endif
