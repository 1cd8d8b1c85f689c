/*
 * proto.h - the iperf3 protocol on the wire: control states, the cookie,
 * message framing and the UDP stream formats. Constants only; every value
 * here was checked against Debian's iperf3 3.12 client (docs/iperf3.md
 * tells how).
 */
#ifndef SKIFF_IPERF3_PROTO_H
#define SKIFF_IPERF3_PROTO_H

#define IPERF3_PORT		5201

/*
 * The control connection carries single signed bytes naming the next
 * state; the server drives PARAM_EXCHANGE .. DISPLAY_RESULTS, the client
 * sends TEST_END, IPERF_DONE and CLIENT_TERMINATE.
 */
enum iperf_state {
	TEST_START		= 1,
	TEST_RUNNING		= 2,
	TEST_END		= 4,	/* client: the test time or count is done */
	PARAM_EXCHANGE		= 9,
	CREATE_STREAMS		= 10,
	SERVER_TERMINATE	= 11,
	CLIENT_TERMINATE	= 12,
	EXCHANGE_RESULTS	= 13,
	DISPLAY_RESULTS		= 14,
	IPERF_DONE		= 16,	/* client: results shown, goodbye */
	ACCESS_DENIED		= -1,	/* 0xff: busy with another client's test */
	SERVER_ERROR		= -2,	/* 0xfe, then two 32-bit big-endian ints */
};

/*
 * Every connection, control or stream, opens with the client's cookie:
 * 36 characters (base32: a-z, 2-7) and a NUL. Streams of a test carry the
 * cookie of its control connection.
 */
#define COOKIE_SIZE		37

/* JSON messages: a 32-bit big-endian length, then that many bytes. */
#define MSG_LEN_SIZE		4

/*
 * SERVER_ERROR is followed by the iperf error number (i_errno) and an
 * errno, each 32-bit big-endian; the client prints "error - <its text for
 * i_errno>: <strerror(errno)>". The numbers the server uses, with the
 * 3.12 client's texts:
 */
#define IE_RECV_PARAMS		114	/* "unable to receive parameters from client" */
#define IE_CREATE_STREAM	200	/* "unable to create a new stream" */

/*
 * UDP streams open with a 4-byte datagram from the client, answered by the
 * server; both are written by iperf3 as a host-order (little-endian) int,
 * so on the wire they are the ASCII bytes "9876" and "6789".
 */
#define UDP_CONNECT_MSG		"9876"	/* 0x36373839 little-endian */
#define UDP_CONNECT_REPLY	"6789"	/* 0x39383736 little-endian */
#define UDP_CONNECT_SIZE	4

/*
 * A UDP data datagram starts with the sender's clock and a packet number
 * counted from 1, all big-endian: sec (32), usec (32), then the number in
 * 32 bits, or 64 when the client sets "udp_counters_64bit".
 */
#define UDP_HDR_SEC		0
#define UDP_HDR_USEC		4
#define UDP_HDR_SEQ		8
#define UDP_HDR_SIZE32		12
#define UDP_HDR_SIZE64		16

/* Limits of the client (iperf3 -P and -l) the server also enforces. */
#define MAX_STREAMS		128
#define MAX_TCP_BLOCK		(1024 * 1024)
#define MAX_UDP_BLOCK		65507	/* 65535 - IPv4 and UDP headers */

#endif /* SKIFF_IPERF3_PROTO_H */
