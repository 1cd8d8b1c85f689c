/*
 * The lines of dhcpd's lease file, /proc/skiff/dhcpd (libc/dhcp_lease.c).
 * Skiff has no file system: dhcpd writes these lines to the kernel, which
 * checks and keeps them, and dhcpd (after a restart), the shell's `dhcp`
 * and the dashboard read them back. A line for each address dhcpd knows
 * a client for, and one for each of its counters:
 *
 *	lease IFNAME ADDR MAC STATE ENDS CLIENTID HOSTNAME
 *	counter NAME VALUE
 *
 *	lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 01525400123456 laptop
 *	counter rx_discover 4
 *
 * ENDS is in seconds since boot (CLOCK_MONOTONIC): when the state ends
 * (offered, bound, declined), or when it began (released, expired: the
 * address is free again, remembered for its last client). CLIENTID is
 * option 61 in hex and HOSTNAME option 12, each "-" if the client sent
 * none. Fields are separated by one space; nothing else is accepted.
 */
#ifndef _SKIFF_DHCP_LEASE_H
#define _SKIFF_DHCP_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_LEASE_LINE_MAX	320	/* longer than any valid line */
#define DHCP_LEASE_IFNAMSIZ	16	/* IFNAMSIZ */
#define DHCP_LEASE_ID_MAX	64	/* DHCP_CLIENT_ID_MAX */
#define DHCP_LEASE_HOST_MAX	63	/* DHCP_HOSTNAME_MAX */
#define DHCP_COUNTER_NAME_MAX	31

enum dhcp_lease_state {
	DHCP_LEASE_FREE,		/* no client known: never written */
	DHCP_LEASE_OFFERED,
	DHCP_LEASE_BOUND,
	DHCP_LEASE_RELEASED,
	DHCP_LEASE_EXPIRED,
	DHCP_LEASE_DECLINED,
	DHCP_LEASE_NSTATES,
};

struct dhcp_lease_rec {
	char ifname[DHCP_LEASE_IFNAMSIZ];
	uint32_t addr;			/* network byte order */
	uint8_t mac[6];
	uint8_t state;			/* enum dhcp_lease_state, never FREE */
	uint64_t ends;			/* seconds since boot */
	uint8_t client_id[DHCP_LEASE_ID_MAX];
	uint8_t client_id_len;		/* 0: none */
	char hostname[DHCP_LEASE_HOST_MAX + 1];	/* "" if none */
};

struct dhcp_counter_rec {
	char name[DHCP_COUNTER_NAME_MAX + 1];
	uint64_t value;
};

enum dhcp_line_kind { DHCP_LINE_LEASE = 1, DHCP_LINE_COUNTER };

/*
 * Parses one line of len bytes (without its newline) strictly, every
 * field as above and nothing after the last. Returns DHCP_LINE_LEASE
 * with *lease filled, DHCP_LINE_COUNTER with *counter filled, or -1.
 */
int dhcp_lease_parse_line(const char *line, size_t len,
			  struct dhcp_lease_rec *lease,
			  struct dhcp_counter_rec *counter);

/*
 * The line for l, or for counter name = value, newline included, into
 * buf; returns its length, or 0 if it does not fit in size (the line is
 * then not written).
 */
size_t dhcp_lease_format(char *buf, size_t size, const struct dhcp_lease_rec *l);
size_t dhcp_counter_format(char *buf, size_t size, const char *name,
			   uint64_t value);

/* "bound", "offered", ...; "?" for a value out of range. */
const char *dhcp_lease_state_name(unsigned int state);

#endif
