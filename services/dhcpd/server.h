/*
 * server.h - dhcpd's decisions (RFC 2131 4.3): what a client's message
 * does to the pool and what, if anything, goes back. No sockets here:
 * the message comes in as bytes with the time, the reply goes out as
 * bytes with its destination, so the host tests and the fuzzer drive it.
 */
#ifndef DHCPD_SERVER_H
#define DHCPD_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "pool.h"

/* One Ethernet frame's worth (1500 less IP and UDP headers); more is dropped. */
#define DHCPD_MSG_MAX		1472
#define DHCPD_OFFER_HOLD	30	/* s an offered address waits for its REQUEST */
#define DHCPD_DECLINE_HOLD	600	/* s a declined address stays out of use */
/* Replies per second on one interface, and the burst allowed above it. */
#define DHCPD_REPLY_RATE	20
#define DHCPD_REPLY_BURST	40

/*
 * What dhcpd counts, each under its name in /proc/skiff/dhcpd: messages
 * by type, replies, and every message dropped, by why.
 */
enum dhcpd_counter {
	DHCPD_RX_DISCOVER, DHCPD_RX_REQUEST, DHCPD_RX_DECLINE,
	DHCPD_RX_RELEASE, DHCPD_RX_INFORM,
	DHCPD_TX_OFFER, DHCPD_TX_ACK, DHCPD_TX_NAK,
	DHCPD_DROP_OVERSIZE,		/* longer than DHCPD_MSG_MAX */
	DHCPD_DROP_SHORT,		/* shorter than the fixed part and cookie */
	DHCPD_DROP_NOT_REQUEST,		/* op is not BOOTREQUEST */
	DHCPD_DROP_HWTYPE,		/* not Ethernet */
	DHCPD_DROP_NO_COOKIE,		/* BOOTP, or not DHCP at all */
	DHCPD_DROP_NO_TYPE,		/* no option 53 */
	DHCPD_DROP_BAD_TYPE,		/* a server's type, or an unknown one */
	DHCPD_DROP_RELAYED,		/* giaddr set: relays are not served */
	DHCPD_DROP_BAD_FIELDS,		/* fields or options its type must (not) have */
	DHCPD_DROP_NOT_OURS,		/* DECLINE/RELEASE of an address not the client's */
	DHCPD_DROP_RATELIMITED,		/* over DHCPD_REPLY_RATE */
	DHCPD_NO_ADDRESS,		/* DISCOVER with the pool exhausted */
	DHCPD_OTHER_SERVER,		/* the client chose another server */
	DHCPD_UNKNOWN_CLIENT,		/* INIT-REBOOT from a client without a record */
	DHCPD_BAD_OPTIONS,		/* malformed options ignored */
	DHCPD_TRUNCATED,		/* messages whose options ran past their field */
	DHCPD_LEASES_EXPIRED,
	DHCPD_ADDRS_DECLINED,
	DHCPD_LEASES_RELEASED,
	DHCPD_NCOUNTERS,
};

struct dhcpd_counters {
	uint64_t v[DHCPD_NCOUNTERS];
};

const char *dhcpd_counter_name(unsigned int c);

/* One interface served: its settings, its pool, its reply budget. */
struct dhcpd_if {
	struct dhcpd_config cfg;
	uint32_t addr, mask;		/* the interface's own: server id, subnet */
	uint32_t router;		/* option 3, or 0 */
	struct pool pool;
	int64_t tokens_ms;		/* the rate limit's budget, in ms of replies */
	int64_t tokens_at;		/* when it was last topped up (ms) */
	struct dhcpd_counters *ctr;	/* shared by all interfaces */
};

/*
 * Sets up ifc for cfg on an interface with address addr and netmask mask
 * (network byte order, checked by dhcpd_config_check). -1 if out of memory.
 */
int dhcpd_if_init(struct dhcpd_if *ifc, const struct dhcpd_config *cfg,
		  uint32_t addr, uint32_t mask, struct dhcpd_counters *ctr);
void dhcpd_if_destroy(struct dhcpd_if *ifc);

/* What dhcpd_input decided. */
struct dhcpd_out {
	size_t len;			/* the reply's length; 0 for none */
	uint32_t dst;			/* where it goes (network order) */
	bool changed;			/* the lease table changed */
	char log[200];			/* a line for the console, "" for none */
	uint8_t buf[DHCP_REPLY_MAX];
};

/*
 * One datagram of len bytes that came to port 67 on ifc's interface at
 * now_ms (monotonic). At most DHCPD_MSG_MAX bytes of msg are read: a
 * longer datagram is dropped unread, so msg may hold only that many.
 */
void dhcpd_input(struct dhcpd_if *ifc, const uint8_t *msg, size_t len,
		 int64_t now_ms, struct dhcpd_out *out);

/*
 * Moves the leases whose time has come (pool_expire), counting and
 * logging each through log(arg, line). Returns how many moved.
 */
unsigned int dhcpd_expire(struct dhcpd_if *ifc, int64_t now_ms,
			  void (*log)(void *arg, const char *line), void *arg);

#endif
