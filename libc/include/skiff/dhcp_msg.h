/*
 * DHCP messages on the wire (RFC 2131 section 2, RFC 2132 options;
 * libc/user/dhcp_msg.c): the client's side (dhcpc) builds requests and
 * parses servers' replies, the server's side (dhcpd) parses requests and
 * builds replies, both over one option walker. No sockets and no state
 * here, so the host unit tests and the fuzzer drive it directly.
 */
#ifndef _SKIFF_DHCP_MSG_H
#define _SKIFF_DHCP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68

/* RFC 2131 figure 1: offsets of the fixed fields; options follow the cookie. */
#define DHCP_OFF_OP		0
#define DHCP_OFF_HTYPE		1
#define DHCP_OFF_HLEN		2
#define DHCP_OFF_XID		4
#define DHCP_OFF_SECS		8
#define DHCP_OFF_FLAGS		10
#define DHCP_OFF_CIADDR		12
#define DHCP_OFF_YIADDR		16
#define DHCP_OFF_SIADDR		20
#define DHCP_OFF_GIADDR		24
#define DHCP_OFF_CHADDR		28
#define DHCP_OFF_SNAME		44
#define DHCP_OFF_FILE		108
#define DHCP_OFF_COOKIE		236
#define DHCP_OFF_OPTIONS	240
#define DHCP_SNAME_LEN		64
#define DHCP_FILE_LEN		128

#define BOOTREQUEST		1
#define BOOTREPLY		2
#define DHCP_HTYPE_ETHER	1	/* RFC 1700 hardware type */
#define DHCP_FLAG_BROADCAST	0x8000	/* RFC 2131 2, figure 2 */
#define DHCP_MAGIC_COOKIE	0x63825363u	/* RFC 2131 3, RFC 2132 2 */
/* RFC 1542 2.1: relay agents may drop BOOTP messages under 300 octets. */
#define DHCP_MIN_MSG		300
#define DHCP_BUILD_MAX		DHCP_MIN_MSG

/* RFC 2132 option codes used here. */
#define DHO_PAD			0
#define DHO_SUBNET_MASK		1
#define DHO_ROUTER		3
#define DHO_DNS			6
#define DHO_HOSTNAME		12
#define DHO_REQUESTED_IP	50
#define DHO_LEASE_TIME		51
#define DHO_OVERLOAD		52
#define DHO_MESSAGE_TYPE	53
#define DHO_SERVER_ID		54
#define DHO_PARAM_REQUEST	55
#define DHO_MESSAGE		56
#define DHO_RENEWAL_TIME	58	/* T1 */
#define DHO_REBINDING_TIME	59	/* T2 */
#define DHO_CLIENT_ID		61
#define DHO_END			255

/* RFC 2132 9.6: option 53 values. */
enum dhcp_msg_type {
	DHCPDISCOVER = 1, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK,
	DHCPNAK, DHCPRELEASE, DHCPINFORM,
};

#define DHCP_LEASE_INFINITE	0xffffffffu	/* RFC 2131 3.3 */
#define DHCP_MAX_DNS		3

/*
 * RFC 2131 2: every client takes a 576-octet datagram, so a reply of at
 * most 548 bytes (576 less the IP and UDP headers) needs no option 57.
 */
#define DHCP_REPLY_MAX		548
/* RFC 2132 9.14: at least 2 bytes; Skiff's bound above, see dhcp_parse_request. */
#define DHCP_CLIENT_ID_MIN	2
#define DHCP_CLIENT_ID_MAX	64
#define DHCP_HOSTNAME_MAX	63	/* RFC 1035 2.3.4: one label */

/* What the client puts in a message; addresses in network byte order. */
struct dhcp_request {
	uint8_t type;			/* DHCPDISCOVER, DHCPREQUEST, ... */
	uint32_t xid;
	uint16_t secs;			/* since the exchange began */
	bool broadcast;			/* ask for broadcast replies */
	uint32_t ciaddr;		/* 0 unless BOUND/RENEWING/REBINDING */
	uint32_t requested_ip;		/* option 50, or 0 for none */
	uint32_t server_id;		/* option 54, or 0 for none */
	uint8_t chaddr[6];
};

/* Which options a reply carried (struct dhcp_reply.have). */
#define DHCP_HAVE_MASK		0x01
#define DHCP_HAVE_ROUTER	0x02
#define DHCP_HAVE_LEASE		0x04
#define DHCP_HAVE_SERVER_ID	0x08
#define DHCP_HAVE_T1		0x10
#define DHCP_HAVE_T2		0x20

/* A parsed reply; addresses in network byte order, times in seconds. */
struct dhcp_reply {
	uint8_t type;			/* option 53; 0 if absent */
	uint32_t yiaddr;
	uint32_t server_id, subnet_mask, router;
	uint32_t dns[DHCP_MAX_DNS];
	unsigned int ndns;
	uint32_t lease_secs, t1_secs, t2_secs;
	unsigned int have;		/* DHCP_HAVE_* */
	char message[64];		/* option 56, printable ASCII only */
	unsigned int bad_options;	/* options of a wrong length, ignored */
	bool truncated;			/* an option ran past its field */
};

enum dhcp_parse_err {
	DHCP_OK = 0,
	DHCP_ESHORT,			/* shorter than the fixed part + cookie */
	DHCP_ENOTREPLY,			/* op is not BOOTREPLY */
	DHCP_EHWTYPE,			/* not Ethernet, 6-byte addresses */
	DHCP_EXID,			/* not our transaction */
	DHCP_ECHADDR,			/* not our hardware address */
	DHCP_ECOOKIE,			/* no magic cookie: BOOTP or garbage */
	DHCP_ENOTYPE,			/* no valid option 53 */
	DHCP_ENOTREQUEST,		/* op is not BOOTREQUEST */
};

/*
 * Builds req into buf (at least DHCP_BUILD_MAX bytes) and returns the
 * message length, or 0 if size is too small.
 */
size_t dhcp_build(uint8_t *buf, size_t size, const struct dhcp_request *req);

/*
 * Parses and validates a datagram of len bytes as a reply to the exchange
 * xid of the client chaddr. Options are read strictly inside the datagram
 * (and inside sname/file when option 52 overloads them): an option whose
 * length runs past its field ends the parsing there, with what came before
 * kept and r->truncated set; a missing END option is tolerated the same
 * way. Returns DHCP_OK or the first check that failed.
 */
enum dhcp_parse_err dhcp_parse(const uint8_t *buf, size_t len, uint32_t xid,
			       const uint8_t chaddr[6], struct dhcp_reply *r);

/*
 * A client's message as the server parsed it; addresses in network byte
 * order. An option the message lacked is 0, "" or a zero length.
 */
struct dhcp_client_msg {
	uint8_t type;			/* option 53 as sent: any value */
	uint32_t xid;
	uint16_t flags;
	uint32_t ciaddr, giaddr;
	uint8_t chaddr[6];
	uint8_t client_id[DHCP_CLIENT_ID_MAX];	/* option 61 */
	uint8_t client_id_len;
	uint32_t requested_ip;		/* option 50 */
	uint32_t server_id;		/* option 54 */
	char hostname[DHCP_HOSTNAME_MAX + 1];	/* option 12 */
	uint8_t params[255];		/* option 55, in the client's order */
	uint8_t nparams;
	bool has_params;		/* option 55 was there (it may be empty) */
	unsigned int bad_options;	/* malformed, or repeated, ignored */
	bool truncated;			/* an option ran past its field */
};

/*
 * Parses a datagram of len bytes sent to the server's port. The header
 * checks are dhcp_parse's, with BOOTREQUEST instead of BOOTREPLY and no
 * xid or chaddr to match; options are read the same bounded way. An
 * option the server uses (50, 54, 61, 12, 55) with a wrong length, or a
 * second copy of one, is ignored and counted in bad_options; so is a
 * client identifier longer than DHCP_CLIENT_ID_MAX (RFC 2132 allows 255:
 * such a client is known by its chaddr instead), and a host name of
 * other than letters, digits, '-' and '_' (RFC 1123 2.1 and what Windows
 * sends). A host name is cut at its first dot (the domain a client may
 * append) and trailing NULs are dropped (some clients count one).
 */
enum dhcp_parse_err dhcp_parse_request(const uint8_t *buf, size_t len,
				       struct dhcp_client_msg *m);

/* What the server puts in a reply; addresses in network byte order. */
struct dhcp_server_msg {
	uint8_t type;			/* DHCPOFFER, DHCPACK or DHCPNAK */
	const struct dhcp_client_msg *req;	/* the message answered */
	uint32_t ciaddr, yiaddr, server_id;
	uint32_t lease_secs, t1_secs, t2_secs;	/* all 0: no lease options */
	uint32_t subnet_mask, router;	/* 0: not sent */
	uint32_t dns[DHCP_MAX_DNS];
	unsigned int ndns;
	const char *message;		/* option 56, or NULL */
};

/*
 * Builds the reply m describes into buf (at least DHCP_REPLY_MAX bytes)
 * and returns its length, at least DHCP_MIN_MSG; 0 if size is too small.
 * The fields the reply copies from the request (RFC 2131 table 3: xid,
 * flags, giaddr, chaddr) come from m->req, and so does the client
 * identifier, echoed as RFC 6842 asks.
 */
size_t dhcp_build_reply(uint8_t *buf, size_t size,
			const struct dhcp_server_msg *m);

const char *dhcp_parse_strerror(enum dhcp_parse_err err);
const char *dhcp_type_name(unsigned int type);

#endif
