/*
 * dhcpc - a DHCP client (RFC 2131) for one interface: `dhcpc [IFNAME]`,
 * eth0 by default.
 *
 * The states and transitions are RFC 2131 figure 5 without INIT-REBOOT:
 *
 *	INIT -> SELECTING	DHCPDISCOVER broadcast
 *	SELECTING -> REQUESTING	the first acceptable DHCPOFFER: DHCPREQUEST
 *	REQUESTING -> BOUND	DHCPACK: configure address, mask, route
 *	BOUND -> RENEWING	T1: DHCPREQUEST unicast to the leasing server
 *	RENEWING -> REBINDING	T2: DHCPREQUEST broadcast to any server
 *	RENEWING/REBINDING -> BOUND	DHCPACK: the lease is extended
 *	REQUESTING/RENEWING/REBINDING -> INIT	DHCPNAK (address removed)
 *	REBINDING -> INIT	lease expired: the address is removed
 *
 * Retransmissions follow RFC 2131 4.1: 4 s, 8 s, 16 s, ... capped at 64 s,
 * each randomized by -1..+1 s; in RENEWING and REBINDING the wait is half
 * the time left to T2 or to expiry, at least 60 s (RFC 2131 4.4.5).
 *
 * When no server answers: DISCOVERs go out at about 0, 4, 12 and 28 s and
 * at GIVEUP_MS after the first the client prints
 *	dhcpc: no DHCP server answered on eth0 after 4 DHCPDISCOVERs (32 s); ...
 * and exits with status 2, leaving the interface as it found it (with
 * whatever fallback address the kernel gave it). The kernel decides what
 * follows (its service manager restarts a service that failed, with a
 * growing delay, so the client tries again later).
 *
 * All waiting is one epoll_wait with the time to the next timer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <skiff/dhcp_msg.h>
#include "netcfg.h"

#define GIVEUP_MS		32000	/* no offer this long after the first DISCOVER */
#define REQUEST_TRIES		4	/* REQUESTs in REQUESTING before INIT again */
#define NAK_RESTART_MS		2000	/* pause before INIT after a NAK */
#define RENEW_MIN_WAIT_MS	60000	/* RFC 2131 4.4.5 */
#define NEVER			LLONG_MAX

enum dhcp_state { INIT, SELECTING, REQUESTING, BOUND, RENEWING, REBINDING };

static const char *const state_names[] = {
	"INIT", "SELECTING", "REQUESTING", "BOUND", "RENEWING", "REBINDING",
};

/* The lease in force; addresses in network byte order. */
struct lease {
	uint32_t addr, mask, router, server;
	uint32_t dns[DHCP_MAX_DNS];
	unsigned int ndns;
	uint32_t secs;
	long long t1, t2, expiry;	/* monotonic ms, NEVER if infinite */
};

struct dhcpc {
	const char *ifname;
	int fd, epfd;
	uint8_t mac[6];
	enum dhcp_state state;
	uint32_t xid;
	unsigned int tries;		/* transmissions in this exchange */
	long long started;		/* monotonic ms: the exchange began */
	long long timer;		/* monotonic ms: next action, or NEVER */
	uint32_t offer_addr, offer_server;	/* the offer being requested */
	struct lease lease;
	bool configured;		/* lease.addr is on the interface */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static uint32_t random_u32(void)
{
	uint32_t v;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		v = (uint32_t)now_ms() * 2654435761u;
	return v;
}

static const char *ip_str(uint32_t addr, char *buf)
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

/* A new transaction: fresh xid (RFC 2131 4.4.1), tries and secs from zero. */
static void new_exchange(struct dhcpc *c)
{
	c->xid = random_u32();
	c->tries = 0;
	c->started = now_ms();
}

/* RFC 2131 4.1: 4 s doubling to 64 s, randomized by -1..+1 s. */
static long long backoff_ms(unsigned int tries)
{
	long long base = 4000LL << (tries < 5 ? tries - 1 : 4);

	return base - 1000 + random_u32() % 2001;
}

static void send_msg(struct dhcpc *c, uint8_t type, uint32_t dst)
{
	struct dhcp_request req = {
		.type = type,
		.xid = c->xid,
		.broadcast = c->state == SELECTING || c->state == REQUESTING,
	};
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_SERVER_PORT),
		.sin_addr.s_addr = dst,
	};
	long long secs = (now_ms() - c->started) / 1000;
	uint8_t buf[DHCP_BUILD_MAX];
	char a[INET_ADDRSTRLEN];
	size_t len;

	memcpy(req.chaddr, c->mac, 6);
	req.secs = secs > 0xffff ? 0xffff : secs;
	/* RFC 2131 4.3.2 and table 5: what each state's REQUEST carries. */
	if (c->state == REQUESTING) {
		req.requested_ip = c->offer_addr;
		req.server_id = c->offer_server;
	} else if (c->state == RENEWING || c->state == REBINDING) {
		req.ciaddr = c->lease.addr;
	}
	len = dhcp_build(buf, sizeof(buf), &req);
	c->tries++;
	if (sendto(c->fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		printf("dhcpc: %s: sending %s to %s: %s\n", c->ifname,
		       dhcp_type_name(type), ip_str(dst, a), strerror(errno));
}

static void start_discovery(struct dhcpc *c)
{
	new_exchange(c);
	c->state = SELECTING;
	send_msg(c, DHCPDISCOVER, INADDR_BROADCAST);
	c->timer = now_ms() + backoff_ms(c->tries);
}

static void unconfigure(struct dhcpc *c)
{
	if (!c->configured)
		return;
	if (c->lease.router)
		netcfg_default_route(c->fd, c->ifname, c->lease.router, false);
	if (netcfg_set_addr(c->fd, c->ifname, INADDR_ANY, 0) < 0)
		printf("dhcpc: %s: removing the address: %s\n", c->ifname,
		       strerror(errno));
	c->configured = false;
}

static int prefix_len(uint32_t mask)
{
	uint32_t m = ntohl(mask);
	int n = 0;

	while (m & 0x80000000u) {
		m <<= 1;
		n++;
	}
	return n;
}

/* A mask is ones then zeros (RFC 950 2.1 allowed others; nobody uses them). */
static bool contiguous(uint32_t mask)
{
	uint32_t m = ~ntohl(mask);

	return (m & (m + 1)) == 0;
}

/* No option 1, or a bad one: the address's class mask (RFC 791 3.2). */
static uint32_t default_mask(uint32_t addr)
{
	uint32_t a = ntohl(addr);

	if (a < 0x80000000u)
		return htonl(0xff000000u);
	if (a < 0xc0000000u)
		return htonl(0xffff0000u);
	return htonl(0xffffff00u);
}

/*
 * The lease an ACK grants. RFC 2131 4.4.5: T1 defaults to half the lease
 * and T2 to 0.875 of it; given values out of order are replaced by those.
 * An ACK without a lease time (table 3 says it MUST have one) gets an hour.
 */
static void lease_from_ack(struct lease *l, const struct dhcp_reply *r,
			   uint32_t server)
{
	long long now = now_ms();
	uint32_t secs = r->have & DHCP_HAVE_LEASE ? r->lease_secs : 3600;
	uint32_t t1 = secs / 2, t2 = secs / 8 * 7;

	memset(l, 0, sizeof(*l));
	l->addr = r->yiaddr;
	l->mask = r->have & DHCP_HAVE_MASK && contiguous(r->subnet_mask) ?
		  r->subnet_mask : default_mask(r->yiaddr);
	l->router = r->have & DHCP_HAVE_ROUTER ? r->router : 0;
	l->server = r->have & DHCP_HAVE_SERVER_ID ? r->server_id : server;
	l->ndns = r->ndns;
	memcpy(l->dns, r->dns, sizeof(l->dns));
	l->secs = secs;
	if (secs == DHCP_LEASE_INFINITE) {
		l->t1 = l->t2 = l->expiry = NEVER;
		return;
	}
	if ((r->have & DHCP_HAVE_T1) && (r->have & DHCP_HAVE_T2) &&
	    r->t1_secs < r->t2_secs && r->t2_secs < secs) {
		t1 = r->t1_secs;
		t2 = r->t2_secs;
	} else if ((r->have & DHCP_HAVE_T1) && r->t1_secs < t2) {
		t1 = r->t1_secs;
	}
	l->t1 = now + t1 * 1000LL;
	l->t2 = now + t2 * 1000LL;
	l->expiry = now + secs * 1000LL;
}

static void print_lease(const struct dhcpc *c, const char *verb)
{
	const struct lease *l = &c->lease;
	char a[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];
	char dns[3 * (INET_ADDRSTRLEN + 1)] = "none";
	size_t off = 0;

	for (unsigned int i = 0; i < l->ndns; i++) {
		char d[INET_ADDRSTRLEN];

		off += snprintf(dns + off, sizeof(dns) - off, "%s%s",
				i ? " " : "", ip_str(l->dns[i], d));
	}
	printf("dhcpc: %s %s %s/%d from %s, router %s, dns %s, lease %lu s\n",
	       c->ifname, verb, ip_str(l->addr, a), prefix_len(l->mask),
	       ip_str(l->server, s), l->router ? ip_str(l->router, r) : "none",
	       dns, (unsigned long)l->secs);
}

/* Puts the lease on the interface, changing only what differs. */
static void configure(struct dhcpc *c, const struct lease *old)
{
	bool same = c->configured && old->addr == c->lease.addr &&
		    old->mask == c->lease.mask;

	if (!same && netcfg_set_addr(c->fd, c->ifname, c->lease.addr,
				     c->lease.mask) < 0) {
		printf("dhcpc: %s: setting the address: %s\n", c->ifname,
		       strerror(errno));
		return;
	}
	if (same && old->router == c->lease.router)
		goto out;
	if (c->configured && old->router)
		netcfg_default_route(c->fd, c->ifname, old->router, false);
	if (c->lease.router &&
	    netcfg_default_route(c->fd, c->ifname, c->lease.router, true) < 0 &&
	    errno != EEXIST)
		printf("dhcpc: %s: adding the default route: %s\n", c->ifname,
		       strerror(errno));
out:
	c->configured = true;
}

static void bind_lease(struct dhcpc *c, const struct dhcp_reply *r)
{
	struct lease old = c->lease;
	bool renewal = c->state == RENEWING || c->state == REBINDING;
	uint32_t server = c->state == REQUESTING ? c->offer_server
						 : c->lease.server;

	lease_from_ack(&c->lease, r, server);
	configure(c, &old);
	if (renewal)
		print_lease(c, c->state == RENEWING ? "renewed (RENEWING)"
						   : "renewed (REBINDING)");
	else
		print_lease(c, "leased");
	c->state = BOUND;
	c->timer = c->lease.t1;
}

/*
 * An address a server may hand out: not 0.0.0.0, loopback (127/8),
 * multicast, reserved or broadcast (224/3), RFC 1122 3.2.1.3.
 */
static bool usable_addr(uint32_t addr)
{
	uint32_t a = ntohl(addr);

	return a != 0 && a >> 24 != 127 && a < 0xe0000000u;
}

/* SELECTING: RFC 2131 4.4.1, the first usable offer is taken. */
static void on_offer(struct dhcpc *c, const struct dhcp_reply *r)
{
	char a[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN];

	if (!usable_addr(r->yiaddr) || !(r->have & DHCP_HAVE_SERVER_ID))
		return;		/* table 3: an OFFER MUST name its server */
	c->offer_addr = r->yiaddr;
	c->offer_server = r->server_id;
	printf("dhcpc: %s offered %s by %s\n", c->ifname, ip_str(r->yiaddr, a),
	       ip_str(r->server_id, s));
	c->state = REQUESTING;
	c->tries = 0;
	send_msg(c, DHCPREQUEST, INADDR_BROADCAST);
	c->timer = now_ms() + backoff_ms(c->tries);
}

/* RFC 2131 3.1 step 5 and 4.4.5: a NAK means the address must go. */
static void on_nak(struct dhcpc *c, const struct dhcp_reply *r)
{
	char s[INET_ADDRSTRLEN];

	printf("dhcpc: %s DHCPNAK from %s in %s%s%s; restarting\n", c->ifname,
	       ip_str(r->server_id, s), state_names[c->state],
	       r->message[0] ? ": " : "", r->message);
	unconfigure(c);
	c->state = INIT;
	c->timer = now_ms() + NAK_RESTART_MS;
}

static void on_reply(struct dhcpc *c, const struct dhcp_reply *r)
{
	bool from_our_server;

	if (c->state == SELECTING) {
		if (r->type == DHCPOFFER)
			on_offer(c, r);
		return;
	}
	if (c->state != REQUESTING && c->state != RENEWING &&
	    c->state != REBINDING)
		return;
	/* A reply naming another server answers someone else's choice. */
	from_our_server = !(r->have & DHCP_HAVE_SERVER_ID) ||
			  c->state == REBINDING ||
			  r->server_id == (c->state == REQUESTING ?
					   c->offer_server : c->lease.server);
	if (!from_our_server)
		return;
	if (r->type == DHCPACK && usable_addr(r->yiaddr))
		bind_lease(c, r);
	else if (r->type == DHCPNAK)
		on_nak(c, r);
}

static void receive(struct dhcpc *c)
{
	uint8_t buf[1500];

	for (;;) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		struct dhcp_reply r;
		enum dhcp_parse_err err;
		ssize_t n = recvfrom(c->fd, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &fromlen);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				printf("dhcpc: %s: recvfrom: %s\n", c->ifname,
				       strerror(errno));
			return;
		}
		if (fromlen < sizeof(from) ||
		    from.sin_port != htons(DHCP_SERVER_PORT))
			continue;
		err = dhcp_parse(buf, n, c->xid, c->mac, &r);
		if (err == DHCP_OK)
			on_reply(c, &r);
		else if (err != DHCP_EXID && err != DHCP_ECHADDR)
			printf("dhcpc: %s: ignored a datagram: %s\n", c->ifname,
			       dhcp_parse_strerror(err));
	}
}

/* RFC 2131 4.4.5: half the time left until deadline, at least 60 s. */
static long long renew_wait(long long now, long long deadline)
{
	long long wait = (deadline - now) / 2;

	if (wait < RENEW_MIN_WAIT_MS)
		wait = RENEW_MIN_WAIT_MS;
	return now + wait < deadline ? now + wait : deadline;
}

/* SELECTING: retransmit, or give up GIVEUP_MS after the first DISCOVER. */
static int selecting_timeout(struct dhcpc *c, long long now)
{
	char a[INET_ADDRSTRLEN];
	uint32_t addr;

	if (now - c->started < GIVEUP_MS) {
		send_msg(c, DHCPDISCOVER, INADDR_BROADCAST);
		c->timer = now + backoff_ms(c->tries);
		if (c->timer > c->started + GIVEUP_MS)
			c->timer = c->started + GIVEUP_MS;
		return 0;
	}
	if (netcfg_get_addr(c->fd, c->ifname, &addr) < 0)
		addr = 0;
	/* One printf: the console logs each write(2) as its own line. */
	printf("dhcpc: no DHCP server answered on %s after %u DHCPDISCOVERs "
	       "(%lld s); %s%s (exit 2)\n", c->ifname, c->tries,
	       (now - c->started) / 1000,
	       addr ? "keeping the fallback address " : "no fallback address",
	       addr ? ip_str(addr, a) : "");
	return 2;
}

/* Returns 0, or the exit status when the client gives up. */
static int on_timer(struct dhcpc *c)
{
	long long now = now_ms();
	char a[INET_ADDRSTRLEN];

	switch (c->state) {
	case INIT:
		start_discovery(c);
		return 0;
	case SELECTING:
		return selecting_timeout(c, now);
	case REQUESTING:
		if (c->tries >= REQUEST_TRIES) {
			printf("dhcpc: %s: no answer to DHCPREQUEST; restarting\n",
			       c->ifname);
			start_discovery(c);
			return 0;
		}
		send_msg(c, DHCPREQUEST, INADDR_BROADCAST);
		c->timer = now + backoff_ms(c->tries);
		return 0;
	case BOUND:
		new_exchange(c);
		c->state = RENEWING;
		printf("dhcpc: %s T1: RENEWING, DHCPREQUEST to %s\n", c->ifname,
		       ip_str(c->lease.server, a));
		/* fall through */
	case RENEWING:
		if (now < c->lease.t2) {
			send_msg(c, DHCPREQUEST, c->lease.server);
			c->timer = renew_wait(now, c->lease.t2);
			return 0;
		}
		new_exchange(c);
		c->state = REBINDING;
		printf("dhcpc: %s T2: REBINDING, DHCPREQUEST broadcast\n",
		       c->ifname);
		/* fall through */
	case REBINDING:
		if (now < c->lease.expiry) {
			send_msg(c, DHCPREQUEST, INADDR_BROADCAST);
			c->timer = renew_wait(now, c->lease.expiry);
			return 0;
		}
		printf("dhcpc: %s lease of %s expired; address removed, "
		       "restarting\n", c->ifname, ip_str(c->lease.addr, a));
		unconfigure(c);
		start_discovery(c);
		return 0;
	}
	return 0;
}

/* RFC 2131 4.1: the client listens on 68, broadcasting from 0.0.0.0. */
static int open_socket(struct dhcpc *c)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_CLIENT_PORT),
		.sin_addr.s_addr = INADDR_ANY,
	};
	struct epoll_event ev = { .events = EPOLLIN };
	int one = 1;

	c->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (c->fd < 0)
		return -1;
	if (setsockopt(c->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(c->fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
	    setsockopt(c->fd, SOL_SOCKET, SO_BINDTODEVICE, c->ifname,
		       strlen(c->ifname) + 1) < 0 ||
	    bind(c->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return -1;
	c->epfd = epoll_create1(0);
	if (c->epfd < 0)
		return -1;
	ev.data.fd = c->fd;
	return epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->fd, &ev);
}

int main(int argc, char **argv)
{
	struct dhcpc c = { .ifname = argc > 1 ? argv[1] : "eth0" };

	if (strlen(c.ifname) >= IFNAMSIZ) {
		printf("dhcpc: interface name '%s' too long\n", c.ifname);
		return 1;
	}
	if (open_socket(&c) < 0) {
		printf("dhcpc: %s: socket setup: %s\n", c.ifname, strerror(errno));
		return 1;
	}
	if (netcfg_get_hwaddr(c.fd, c.ifname, c.mac) < 0) {
		printf("dhcpc: %s: no hardware address: %s\n", c.ifname,
		       strerror(errno));
		return 1;
	}
	printf("dhcpc: %s (%02x:%02x:%02x:%02x:%02x:%02x): DHCPDISCOVER\n",
	       c.ifname, c.mac[0], c.mac[1], c.mac[2], c.mac[3], c.mac[4],
	       c.mac[5]);
	start_discovery(&c);
	for (;;) {
		struct epoll_event ev;
		int timeout = -1, n, status;

		if (c.timer != NEVER) {
			long long wait = c.timer - now_ms();

			timeout = wait < 0 ? 0 : wait > INT_MAX ? INT_MAX : wait;
		}
		n = epoll_wait(c.epfd, &ev, 1, timeout);
		if (n < 0 && errno != EINTR) {
			printf("dhcpc: %s: epoll_wait: %s\n", c.ifname,
			       strerror(errno));
			return 1;
		}
		if (n > 0)
			receive(&c);
		if (c.timer != NEVER && now_ms() >= c.timer &&
		    (status = on_timer(&c)) != 0)
			return status;
	}
}
