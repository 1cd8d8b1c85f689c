/*
 * Why a packet was dropped, as Linux's enum skb_drop_reason
 * (include/net/dropreason-core.h): every place that frees a packet because
 * something went wrong names the reason with kfree_skb_reason(), and the
 * count per reason is in /proc/net/drop_reasons, on the dashboard and in
 * the shell's dropwatch. A name is the suffix after SKB_DROP_REASON_.
 */
#ifndef _NET_DROPREASON_H
#define _NET_DROPREASON_H

#define DEFINE_DROP_REASON(FN)						\
	FN(NOT_SPECIFIED)	/* a cause nobody named yet */		\
	FN(NO_SOCKET)		/* no socket for the destination port */ \
	FN(PKT_TOO_SMALL)	/* shorter than its headers say */	\
	FN(PKT_TOO_BIG)		/* longer than the MTU allows, DF set */ \
	FN(HDR_TRUNC)		/* a header cut short */		\
	FN(IP_CSUM)		/* bad IPv4 header checksum */		\
	FN(IP_INHDR)		/* bad IPv4 header (version, IHL, length) */ \
	FN(IP_INADDRERRORS)	/* bad destination address */		\
	FN(IP_INVALID_SOURCE)	/* a source no datagram may have (martian) */ \
	FN(IP_LOCALNET)		/* 127/8 on a wire */			\
	FN(UNICAST_IN_L2_MULTICAST) /* IP unicast in a link broadcast */ \
	FN(IP_SOURCE_ROUTE)	/* source-routed, not forwarded */	\
	FN(IP_NOPROTO)		/* no handler for the IP protocol */	\
	FN(IP_OUTNOROUTES)	/* no route to send by */		\
	FN(IP_INNOROUTES)	/* no route for a received packet */	\
	FN(IP_TTL_EXPIRED)	/* TTL ran out while forwarding */	\
	FN(IP_FORWARD_DISABLED)	/* not for us, and forwarding is off */	\
	FN(OTHERHOST)		/* link-layer address not ours */	\
	FN(FRAG_REASM_TIMEOUT)	/* a fragment's datagram never completed */ \
	FN(FRAG_OVERLAP)	/* fragments that overlap (RFC 5722) */	\
	FN(DUP_FRAG)		/* a fragment already queued */		\
	FN(FRAG_TOO_FAR)	/* reassembly limits exceeded */	\
	FN(FRAG_FAILED)		/* could not fragment on output */	\
	FN(UDP_CSUM)							\
	FN(TCP_CSUM)							\
	FN(ICMP_CSUM)							\
	FN(INVALID_PROTO)	/* breaks its protocol's rules */	\
	FN(SOCKET_RCVBUFF)	/* the socket's receive buffer is full */ \
	FN(SOCKET_FILTER)	/* the socket's filter (SO_ATTACH_FILTER) refused it */ \
	FN(SOCKET_CLOSE)	/* the socket closed with data unread or unsent */ \
	FN(PROTO_MEM)		/* the protocol's memory limit */	\
	FN(TCP_FLAGS)		/* a flag combination the state rejects */ \
	FN(TCP_ZEROWINDOW)	/* data beyond a zero window */		\
	FN(TCP_OLD_DATA)	/* data already received */		\
	FN(TCP_OVERWINDOW)	/* data beyond the window */		\
	FN(TCP_OFOMERGE)	/* out-of-order data already queued */	\
	FN(TCP_RFC7323_PAWS)	/* an old timestamp (PAWS) */		\
	FN(TCP_OLD_SEQUENCE)	/* wholly before the window: a duplicate */ \
	FN(TCP_INVALID_SEQUENCE) /* sequence number beyond the window */ \
	FN(TCP_RESET)		/* a RST the state does not accept */	\
	FN(TCP_INVALID_SYN)	/* a SYN the state cannot take */	\
	FN(TCP_CLOSE)		/* segment for a closed connection */	\
	FN(TCP_OLD_ACK)		/* an old ACK where only a new one will do */ \
	FN(TCP_TOO_OLD_ACK)	/* an ACK older than a window (RFC 5961 5.2) */ \
	FN(TCP_ACK_UNSENT_DATA)	/* an ACK of data never sent */		\
	FN(TCP_INVALID_ACK_SEQUENCE) /* a SYN-ACK acking what our SYN did not send */ \
	FN(TCP_OFO_DROP)	/* out-of-order data received since */	\
	FN(TCP_OFO_QUEUE_PRUNE)	/* out-of-order data freed for memory */ \
	FN(TCP_ABORT_ON_DATA)	/* data for a socket closed for reading: RST */ \
	FN(TCP_LISTEN_OVERFLOW)	/* accept or SYN queue full */		\
	FN(TCP_SYNCOOKIE)	/* a cookie that does not check out */	\
	FN(NEIGH_FAILED)	/* ARP resolution failed */		\
	FN(NEIGH_QUEUEFULL)	/* too many packets waiting for ARP */	\
	FN(NEIGH_CREATEFAIL)	/* no memory for a neighbour */		\
	FN(NEIGH_DEAD)		/* its neighbour entry was removed */	\
	FN(ARP_INVALID)		/* a malformed or unusable ARP packet */ \
	FN(QDISC_DROP)		/* the device's queue is full */	\
	FN(DEV_READY)		/* the device is down */		\
	FN(FULL_RING)		/* the driver's ring is full */		\
	FN(TX_ABORTED)		/* the device gave up sending it (collisions) */ \
	FN(RX_FRAME_ERR)	/* the device received it damaged (CRC, symbols) */ \
	FN(CPU_BACKLOG)		/* the receive backlog is full */	\
	FN(UNHANDLED_PROTO)	/* no handler for the EtherType */	\
	FN(NOMEM)		/* out of memory */			\
	FN(SKB_UCOPY_FAULT)	/* a bad user buffer (copy failed) */	\
	FN(QUEUE_PURGE)		/* a queue emptied in bulk */		\
	FN(DEV_HDR)		/* a link-layer header the device cannot take */ \
	FN(NETEM)		/* dropped on purpose by netem */	\
	FN(PACKET_SOCK_ERROR)	/* a packet socket could not take what its filter matched */ \
	FN(NETFILTER_DROP)	/* a netfilter hook (a ruleset) dropped it */ \
	FN(MAX)

#define __DROP_REASON_ENUM(x) SKB_DROP_REASON_##x,

enum skb_drop_reason {
	/* No verdict yet: what a check returns when the packet may go on. */
	SKB_NOT_DROPPED_YET,
	/* Not a drop: the packet was used (consume_skb). */
	SKB_CONSUMED,
	DEFINE_DROP_REASON(__DROP_REASON_ENUM)
};

#undef __DROP_REASON_ENUM

/* "NO_SOCKET" for SKB_DROP_REASON_NO_SOCKET; "?" for out of range. */
const char *drop_reason_name(enum skb_drop_reason reason);

#endif
