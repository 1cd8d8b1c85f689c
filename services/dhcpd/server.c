/*
 * server.c - dhcpd's decisions (server.h): RFC 2131 4.3, one function
 * per message type, over the pool (pool.c) and the wire format
 * (libc/user/dhcp_msg.c).
 *
 * Replies go to the client's ciaddr when it has one (RENEWING,
 * REBINDING, INFORM); otherwise they are broadcast, as RFC 2131 4.1
 * allows where the server cannot unicast to an address the client does
 * not hold yet (that takes an ARP entry made by hand, which Skiff's
 * sockets do not offer). Relayed messages (giaddr set) are dropped:
 * dhcpd serves the links it is on.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "server.h"

static const char *const counter_names[DHCPD_NCOUNTERS] = {
	[DHCPD_RX_DISCOVER] = "rx_discover",
	[DHCPD_RX_REQUEST] = "rx_request",
	[DHCPD_RX_DECLINE] = "rx_decline",
	[DHCPD_RX_RELEASE] = "rx_release",
	[DHCPD_RX_INFORM] = "rx_inform",
	[DHCPD_TX_OFFER] = "tx_offer",
	[DHCPD_TX_ACK] = "tx_ack",
	[DHCPD_TX_NAK] = "tx_nak",
	[DHCPD_DROP_OVERSIZE] = "drop_oversize",
	[DHCPD_DROP_SHORT] = "drop_short",
	[DHCPD_DROP_NOT_REQUEST] = "drop_not_request",
	[DHCPD_DROP_HWTYPE] = "drop_hwtype",
	[DHCPD_DROP_NO_COOKIE] = "drop_no_cookie",
	[DHCPD_DROP_NO_TYPE] = "drop_no_type",
	[DHCPD_DROP_BAD_TYPE] = "drop_bad_type",
	[DHCPD_DROP_RELAYED] = "drop_relayed",
	[DHCPD_DROP_BAD_FIELDS] = "drop_bad_fields",
	[DHCPD_DROP_NOT_OURS] = "drop_not_ours",
	[DHCPD_DROP_RATELIMITED] = "drop_ratelimited",
	[DHCPD_NO_ADDRESS] = "no_address",
	[DHCPD_OTHER_SERVER] = "other_server",
	[DHCPD_UNKNOWN_CLIENT] = "unknown_client",
	[DHCPD_BAD_OPTIONS] = "bad_options",
	[DHCPD_TRUNCATED] = "truncated_options",
	[DHCPD_LEASES_EXPIRED] = "leases_expired",
	[DHCPD_ADDRS_DECLINED] = "addrs_declined",
	[DHCPD_LEASES_RELEASED] = "leases_released",
};

const char *dhcpd_counter_name(unsigned int c)
{
	return c < DHCPD_NCOUNTERS ? counter_names[c] : "?";
}

#define REPLY_COST_MS	(1000 / DHCPD_REPLY_RATE)
#define BUCKET_MS	(DHCPD_REPLY_BURST * REPLY_COST_MS)

int dhcpd_if_init(struct dhcpd_if *ifc, const struct dhcpd_config *cfg,
		  uint32_t addr, uint32_t mask, struct dhcpd_counters *ctr)
{
	memset(ifc, 0, sizeof(*ifc));
	ifc->cfg = *cfg;
	ifc->addr = addr;
	ifc->mask = mask;
	ifc->router = cfg->router_given ? cfg->router : addr;
	ifc->tokens_ms = BUCKET_MS;
	ifc->ctr = ctr;
	return pool_init(&ifc->pool, cfg->first, cfg->last);
}

void dhcpd_if_destroy(struct dhcpd_if *ifc)
{
	pool_destroy(&ifc->pool);
}

/* One message being answered. */
struct request {
	struct dhcpd_if *ifc;
	const struct dhcp_client_msg *m;
	struct client_key key;
	int64_t now;			/* seconds */
	struct dhcpd_out *out;
	char mac[18];
};

static void count(const struct request *r, enum dhcpd_counter c)
{
	r->ifc->ctr->v[c]++;
}

static const char *ip_str(uint32_t addr, char *buf)
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

/* The console line for r: "dhcpd: IFACE " and the rest. */
__attribute__((format(printf, 2, 3)))
static void say(const struct request *r, const char *fmt, ...)
{
	char *log = r->out->log;
	size_t size = sizeof(r->out->log);
	int n = snprintf(log, size, "dhcpd: %s ", r->ifc->cfg.ifname);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log + n, size - (size_t)n, fmt, ap);
	va_end(ap);
}

static bool in_subnet(const struct dhcpd_if *ifc, uint32_t addr)
{
	return (addr & ifc->mask) == (ifc->addr & ifc->mask);
}

/* RFC 2131 4.4.5: T1 at half the lease, T2 at seven eighths. */
static void reply(struct request *r, uint8_t type, uint32_t yiaddr,
		  bool with_lease, const char *message)
{
	const struct dhcpd_if *ifc = r->ifc;
	struct dhcp_server_msg s = {
		.type = type, .req = r->m, .server_id = ifc->addr,
		.yiaddr = yiaddr, .message = message,
	};

	/* RFC 2131 table 3: only an ACK carries the client's ciaddr. */
	if (type == DHCPACK)
		s.ciaddr = r->m->ciaddr;
	if (type != DHCPNAK) {
		s.subnet_mask = ifc->mask;
		s.router = ifc->router;
		s.ndns = ifc->cfg.ndns;
		memcpy(s.dns, ifc->cfg.dns, sizeof(s.dns));
	}
	if (with_lease) {
		s.lease_secs = ifc->cfg.lease_secs;
		s.t1_secs = s.lease_secs / 2;
		s.t2_secs = (uint32_t)((uint64_t)s.lease_secs * 7 / 8);
	}
	r->out->len = dhcp_build_reply(r->out->buf, sizeof(r->out->buf), &s);
	r->out->dst = s.ciaddr ? s.ciaddr : htonl(INADDR_BROADCAST);
	count(r, type == DHCPOFFER ? DHCPD_TX_OFFER :
		 type == DHCPACK ? DHCPD_TX_ACK : DHCPD_TX_NAK);
}

/* RFC 2131 4.3.2: a NAK, broadcast, with why in option 56. */
static void nak(struct request *r, uint32_t addr, const char *why)
{
	char a[INET_ADDRSTRLEN];

	reply(r, DHCPNAK, 0, false, why);
	say(r, "DHCPNAK to %s for %s: %s", r->mac, ip_str(addr, a), why);
}

/* l becomes the client's, in state until ends; a new client's name replaces the old. */
static void lease_take(struct request *r, struct lease *l, uint8_t state,
		       int64_t ends)
{
	if (!lease_owned_by(l, &r->key))
		memset(l->hostname, 0, sizeof(l->hostname));
	l->client = r->key;
	if (r->m->hostname[0])
		memcpy(l->hostname, r->m->hostname, sizeof(l->hostname));
	l->state = state;
	l->ends = ends;
	r->out->changed = true;
}

/* An address the client may have: its own (not declined), or one nobody ever had. */
static bool usable_by(const struct lease *l, const struct client_key *key)
{
	if (!l)
		return false;
	if (lease_owned_by(l, key))
		return l->state != DHCP_LEASE_DECLINED;
	return l->state == DHCP_LEASE_FREE;
}

static const char *host_of(const struct lease *l)
{
	return l->hostname[0] ? l->hostname : "-";
}

/* Binds l to the client and acknowledges; a client has one lease at a time. */
static void ack(struct request *r, struct lease *l, const char *how)
{
	struct pool *p = &r->ifc->pool;
	uint32_t addr = pool_addr(p, l);
	struct lease *other;
	char a[INET_ADDRSTRLEN];

	lease_take(r, l, DHCP_LEASE_BOUND, r->now + r->ifc->cfg.lease_secs);
	while ((other = pool_find_client(p, &r->key, 1u << DHCP_LEASE_OFFERED))) {
		other->state = DHCP_LEASE_EXPIRED;
		other->ends = r->now;
	}
	reply(r, DHCPACK, addr, true, NULL);
	say(r, "DHCPACK %s to %s (%s), lease %u s%s", ip_str(addr, a), r->mac,
	     host_of(l), r->ifc->cfg.lease_secs, how);
}

/* RFC 2131 4.3.1. */
static void on_discover(struct request *r)
{
	struct lease *l = pool_choose(&r->ifc->pool, &r->key, r->m->requested_ip);
	uint32_t addr;
	char a[INET_ADDRSTRLEN];

	if (!l) {
		count(r, DHCPD_NO_ADDRESS);
		say(r, "DHCPDISCOVER from %s: no free address in the pool (%u addresses)",
		     r->mac, r->ifc->pool.size);
		return;
	}
	/* A client's own binding stays bound; anything else is held for it. */
	if (l->state != DHCP_LEASE_BOUND)
		lease_take(r, l, DHCP_LEASE_OFFERED, r->now + DHCPD_OFFER_HOLD);
	addr = pool_addr(&r->ifc->pool, l);
	reply(r, DHCPOFFER, addr, true, NULL);
	say(r, "DHCPOFFER %s to %s (%s)", ip_str(addr, a), r->mac,
	     r->m->hostname[0] ? r->m->hostname : host_of(l));
}

/* SELECTING: the client names the server it chose (RFC 2131 4.3.2). */
static void request_selecting(struct request *r)
{
	const struct dhcp_client_msg *m = r->m;
	struct pool *p = &r->ifc->pool;
	struct lease *l;
	char a[INET_ADDRSTRLEN];

	if (m->server_id != r->ifc->addr) {
		/* Another server's offer was taken: ours is free again. */
		l = pool_find_client(p, &r->key, 1u << DHCP_LEASE_OFFERED);
		if (l) {
			l->state = DHCP_LEASE_EXPIRED;
			l->ends = r->now;
			r->out->changed = true;
		}
		count(r, DHCPD_OTHER_SERVER);
		say(r, "DHCPREQUEST from %s for server %s, not this one", r->mac,
		     ip_str(m->server_id, a));
		return;
	}
	if (!m->requested_ip || m->ciaddr) {
		count(r, DHCPD_DROP_BAD_FIELDS);	/* table 5: option 50 MUST, ciaddr MUST NOT */
		return;
	}
	l = pool_lease(p, m->requested_ip);
	if (usable_by(l, &r->key))
		ack(r, l, "");
	else
		nak(r, m->requested_ip, "address not offered to this client");
}

/* INIT-REBOOT: a client checks the address it remembers (RFC 2131 4.3.2). */
static void request_init_reboot(struct request *r)
{
	const unsigned int known = 1u << DHCP_LEASE_OFFERED | 1u << DHCP_LEASE_BOUND |
				   1u << DHCP_LEASE_RELEASED | 1u << DHCP_LEASE_EXPIRED;
	const struct dhcp_client_msg *m = r->m;
	struct lease *l;
	char a[INET_ADDRSTRLEN];

	if (!in_subnet(r->ifc, m->requested_ip)) {
		nak(r, m->requested_ip, "wrong network");
		return;
	}
	l = pool_find_client(&r->ifc->pool, &r->key, known);
	if (!l) {
		/* "MUST remain silent": another server may know the client. */
		count(r, DHCPD_UNKNOWN_CLIENT);
		say(r, "DHCPREQUEST from %s for %s: no record of this client, no answer",
		     r->mac, ip_str(m->requested_ip, a));
		return;
	}
	if (pool_addr(&r->ifc->pool, l) != m->requested_ip)
		nak(r, m->requested_ip, "not this client's address");
	else
		ack(r, l, " (INIT-REBOOT)");
}

/* RENEWING (unicast) or REBINDING (broadcast): ciaddr is the address. */
static void request_renewing(struct request *r)
{
	const struct dhcp_client_msg *m = r->m;
	struct lease *l = pool_lease(&r->ifc->pool, m->ciaddr);

	if (!in_subnet(r->ifc, m->ciaddr))
		nak(r, m->ciaddr, "wrong network");
	else if (!usable_by(l, &r->key))
		nak(r, m->ciaddr, "not this client's address");
	else
		ack(r, l, " (renewal)");
}

/* RFC 2131 4.3.2: which of the four states a REQUEST comes from. */
static void on_request(struct request *r)
{
	const struct dhcp_client_msg *m = r->m;

	if (m->server_id)
		request_selecting(r);
	else if (m->requested_ip && !m->ciaddr)
		request_init_reboot(r);
	else if (m->ciaddr && !m->requested_ip)
		request_renewing(r);
	else
		count(r, DHCPD_DROP_BAD_FIELDS);
}

/* DECLINE and RELEASE must name this server (table 5: option 54 MUST). */
static bool names_us(struct request *r)
{
	if (!r->m->server_id) {
		count(r, DHCPD_DROP_BAD_FIELDS);
		return false;
	}
	if (r->m->server_id != r->ifc->addr) {
		count(r, DHCPD_OTHER_SERVER);
		return false;
	}
	return true;
}

/* RFC 2131 4.3.3: the address is in use on the link; keep it out for a while. */
static void on_decline(struct request *r)
{
	struct lease *l;
	char a[INET_ADDRSTRLEN];

	if (!names_us(r))
		return;
	l = pool_lease(&r->ifc->pool, r->m->requested_ip);
	if (!l || !lease_owned_by(l, &r->key) ||
	    (l->state != DHCP_LEASE_OFFERED && l->state != DHCP_LEASE_BOUND)) {
		count(r, DHCPD_DROP_NOT_OURS);
		return;
	}
	l->state = DHCP_LEASE_DECLINED;
	l->ends = r->now + DHCPD_DECLINE_HOLD;
	r->out->changed = true;
	count(r, DHCPD_ADDRS_DECLINED);
	say(r, "DHCPDECLINE of %s from %s: in use on the link, out of the pool for %d s",
	     ip_str(r->m->requested_ip, a), r->mac, DHCPD_DECLINE_HOLD);
}

/* RFC 2131 4.3.4: free, and remembered for this client. */
static void on_release(struct request *r)
{
	struct lease *l;
	char a[INET_ADDRSTRLEN];

	if (!names_us(r))
		return;
	l = pool_lease(&r->ifc->pool, r->m->ciaddr);
	if (!l || !lease_owned_by(l, &r->key) || l->state != DHCP_LEASE_BOUND) {
		count(r, DHCPD_DROP_NOT_OURS);
		return;
	}
	l->state = DHCP_LEASE_RELEASED;
	l->ends = r->now;
	r->out->changed = true;
	count(r, DHCPD_LEASES_RELEASED);
	say(r, "DHCPRELEASE of %s from %s", ip_str(r->m->ciaddr, a), r->mac);
}

/* RFC 2131 4.3.5: parameters only, to the address the client has. */
static void on_inform(struct request *r)
{
	char a[INET_ADDRSTRLEN];

	if (!r->m->ciaddr || !in_subnet(r->ifc, r->m->ciaddr)) {
		count(r, DHCPD_DROP_BAD_FIELDS);
		return;
	}
	reply(r, DHCPACK, 0, false, NULL);
	say(r, "DHCPACK (INFORM) to %s (%s)", ip_str(r->m->ciaddr, a), r->mac);
}

/* A reply's worth of budget, if there is one (a token bucket in ms). */
static bool reply_budget(struct dhcpd_if *ifc, int64_t now_ms)
{
	int64_t elapsed = now_ms - ifc->tokens_at;

	if (elapsed > 0) {
		ifc->tokens_ms += elapsed;
		if (ifc->tokens_ms > BUCKET_MS)
			ifc->tokens_ms = BUCKET_MS;
		ifc->tokens_at = now_ms;
	}
	if (ifc->tokens_ms < REPLY_COST_MS)
		return false;
	ifc->tokens_ms -= REPLY_COST_MS;
	return true;
}

/* The counter of a message dhcp_parse_request refused. */
static enum dhcpd_counter parse_drop(enum dhcp_parse_err err)
{
	switch (err) {
	case DHCP_ENOTREQUEST: return DHCPD_DROP_NOT_REQUEST;
	case DHCP_EHWTYPE: return DHCPD_DROP_HWTYPE;
	case DHCP_ECOOKIE: return DHCPD_DROP_NO_COOKIE;
	case DHCP_ENOTYPE: return DHCPD_DROP_NO_TYPE;
	default: return DHCPD_DROP_SHORT;	/* DHCP_ESHORT */
	}
}

/* What each type counts, and whether it may be answered. */
static const struct {
	enum dhcpd_counter rx;
	bool replies;
	void (*handle)(struct request *r);
} handlers[] = {
	[DHCPDISCOVER] = { DHCPD_RX_DISCOVER, true, on_discover },
	[DHCPREQUEST] = { DHCPD_RX_REQUEST, true, on_request },
	[DHCPDECLINE] = { DHCPD_RX_DECLINE, false, on_decline },
	[DHCPRELEASE] = { DHCPD_RX_RELEASE, false, on_release },
	[DHCPINFORM] = { DHCPD_RX_INFORM, true, on_inform },
};

static void key_of(const struct dhcp_client_msg *m, struct client_key *k)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->mac, m->chaddr, sizeof(k->mac));
	memcpy(k->id, m->client_id, m->client_id_len);
	k->id_len = m->client_id_len;
}

void dhcpd_input(struct dhcpd_if *ifc, const uint8_t *msg, size_t len,
		 int64_t now_ms, struct dhcpd_out *out)
{
	struct dhcp_client_msg m;
	struct request r = { .ifc = ifc, .m = &m, .now = now_ms / 1000, .out = out };
	enum dhcp_parse_err err;
	const uint8_t *mac = m.chaddr;

	out->len = 0;
	out->changed = false;
	out->log[0] = '\0';
	if (len > DHCPD_MSG_MAX) {
		count(&r, DHCPD_DROP_OVERSIZE);
		return;
	}
	err = dhcp_parse_request(msg, len, &m);
	ifc->ctr->v[DHCPD_BAD_OPTIONS] += m.bad_options;
	if (m.truncated)
		count(&r, DHCPD_TRUNCATED);
	if (err != DHCP_OK) {
		count(&r, parse_drop(err));
		return;
	}
	if (m.type >= sizeof(handlers) / sizeof(handlers[0]) || !handlers[m.type].handle) {
		count(&r, DHCPD_DROP_BAD_TYPE);
		return;
	}
	count(&r, handlers[m.type].rx);
	if (m.giaddr) {
		count(&r, DHCPD_DROP_RELAYED);
		return;
	}
	if (handlers[m.type].replies && !reply_budget(ifc, now_ms)) {
		count(&r, DHCPD_DROP_RATELIMITED);
		return;
	}
	key_of(&m, &r.key);
	snprintf(r.mac, sizeof(r.mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	handlers[m.type].handle(&r);
}

struct expire_ctx {
	struct dhcpd_if *ifc;
	void (*log)(void *arg, const char *line);
	void *arg;
};

static void lease_expired(void *arg, const struct lease *l, uint8_t old)
{
	struct expire_ctx *x = arg;
	const uint8_t *mac = l->client.mac;
	char a[INET_ADDRSTRLEN], line[160];

	ip_str(pool_addr(&x->ifc->pool, l), a);
	if (old == DHCP_LEASE_DECLINED) {
		snprintf(line, sizeof(line), "dhcpd: %s %s is back in the pool after its DHCPDECLINE",
			 x->ifc->cfg.ifname, a);
	} else {
		x->ifc->ctr->v[DHCPD_LEASES_EXPIRED]++;
		snprintf(line, sizeof(line),
			 "dhcpd: %s %s of %02x:%02x:%02x:%02x:%02x:%02x expired (%s)",
			 x->ifc->cfg.ifname, old == DHCP_LEASE_OFFERED ? "the offer" : "the lease",
			 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], a);
	}
	if (x->log)
		x->log(x->arg, line);
}

unsigned int dhcpd_expire(struct dhcpd_if *ifc, int64_t now_ms,
			  void (*log)(void *arg, const char *line), void *arg)
{
	struct expire_ctx x = { ifc, log, arg };

	return pool_expire(&ifc->pool, now_ms / 1000, lease_expired, &x);
}
