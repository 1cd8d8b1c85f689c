/*
 * test_dhcpd.c - services/dhcpd: the server's decisions for every message
 * type and client state (RFC 2131 4.3), the pool (exhaustion, stickiness,
 * expiry, DECLINE), hostile messages, the rate limit, the configuration
 * keys, and the lease file written and read back. Replies are read with
 * the client's own parser, dhcp_parse.
 */
/* links: services/dhcpd/server.c services/dhcpd/pool.c services/dhcpd/config.c services/dhcpd/leasefile.c libc/user/dhcp_msg.c libc/dhcp_lease.c */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leasefile.h"
#include "server.h"
#include "unit.h"

#define XID		0x5eed0001u
#define T0_MS		1000000		/* the clock when a test starts: 1000 s */
#define LEASE		600

static uint32_t ip(const char *s)
{
	return inet_addr(s);
}

/* What a test client puts in a message; addresses as dotted strings, NULL for none. */
struct msg {
	uint8_t type;
	uint8_t client;			/* the MAC is 02:00:00:00:00:client */
	const char *ciaddr, *requested, *server_id, *giaddr;
	const char *client_id;		/* bytes; NULL: none */
	const char *hostname;
	const uint8_t *params;		/* option 55; NULL: none */
	size_t nparams;
};

static void mac_of(uint8_t client, uint8_t mac[6])
{
	memcpy(mac, "\x02\0\0\0\0", 5);
	mac[5] = client;
}

static uint8_t *put_opt(uint8_t *p, uint8_t code, const void *v, size_t len)
{
	*p++ = code;
	*p++ = (uint8_t)len;
	memcpy(p, v, len);
	return p + len;
}

static uint8_t *put_addr_opt(uint8_t *p, uint8_t code, const char *a)
{
	uint32_t v;

	if (!a)
		return p;
	v = ip(a);
	return put_opt(p, code, &v, 4);
}

static size_t build(uint8_t *buf, const struct msg *m)
{
	uint8_t *p = buf + DHCP_OFF_OPTIONS;
	uint32_t v;

	memset(buf, 0, DHCP_MIN_MSG);
	buf[DHCP_OFF_OP] = BOOTREQUEST;
	buf[DHCP_OFF_HTYPE] = 1;
	buf[DHCP_OFF_HLEN] = 6;
	v = htonl(XID);
	memcpy(buf + DHCP_OFF_XID, &v, 4);
	v = m->ciaddr ? ip(m->ciaddr) : 0;
	memcpy(buf + DHCP_OFF_CIADDR, &v, 4);
	v = m->giaddr ? ip(m->giaddr) : 0;
	memcpy(buf + DHCP_OFF_GIADDR, &v, 4);
	mac_of(m->client, buf + DHCP_OFF_CHADDR);
	memcpy(buf + DHCP_OFF_COOKIE, "\x63\x82\x53\x63", 4);
	p = put_opt(p, DHO_MESSAGE_TYPE, &m->type, 1);
	p = put_addr_opt(p, DHO_REQUESTED_IP, m->requested);
	p = put_addr_opt(p, DHO_SERVER_ID, m->server_id);
	if (m->client_id)
		p = put_opt(p, DHO_CLIENT_ID, m->client_id, strlen(m->client_id));
	if (m->hostname)
		p = put_opt(p, DHO_HOSTNAME, m->hostname, strlen(m->hostname));
	if (m->params)
		p = put_opt(p, DHO_PARAM_REQUEST, m->params, m->nparams);
	*p++ = DHO_END;
	return (size_t)(p - buf) < DHCP_MIN_MSG ? DHCP_MIN_MSG : (size_t)(p - buf);
}

struct env {
	struct dhcpd_counters ctr;
	struct dhcpd_if ifc;
	struct dhcpd_out out;
	int64_t now_ms;
};

/* Serves eth1 = 10.1.0.1/24 with the pool and options spec gives. */
static bool env_init(struct env *e, const char *spec)
{
	struct dhcpd_config cfg;
	char why[128];

	memset(e, 0, sizeof(*e));
	e->now_ms = T0_MS;
	if (!EXPECT_MSG(dhcpd_config_parse("eth1", spec, &cfg, why, sizeof(why)), "%s", why) ||
	    !EXPECT_MSG(dhcpd_config_check(&cfg, ip("10.1.0.1"), ip("255.255.255.0"), why,
					   sizeof(why)), "%s", why))
		return false;
	return EXPECT(dhcpd_if_init(&e->ifc, &cfg, ip("10.1.0.1"), ip("255.255.255.0"),
				    &e->ctr) == 0);
}

static void env_free(struct env *e)
{
	dhcpd_if_destroy(&e->ifc);
}

/* Expiry first, as dhcpd's loop does, then the message; returns the reply's length. */
static size_t send_msg(struct env *e, const struct msg *m)
{
	uint8_t buf[DHCPD_MSG_MAX];
	size_t len = build(buf, m);

	dhcpd_expire(&e->ifc, e->now_ms, NULL, NULL);
	dhcpd_input(&e->ifc, buf, len, e->now_ms, &e->out);
	e->now_ms += 10;
	return e->out.len;
}

/* The reply to client as its parser reads it; false if there was none. */
static bool reply_to(struct env *e, uint8_t client, struct dhcp_reply *r)
{
	uint8_t mac[6];

	mac_of(client, mac);
	return e->out.len && dhcp_parse(e->out.buf, e->out.len, XID, mac, r) == DHCP_OK;
}

/* DISCOVER then REQUEST (SELECTING): the address client is bound to, or 0. */
static uint32_t lease_for(struct env *e, uint8_t client, const char *hostname)
{
	struct msg d = { .type = DHCPDISCOVER, .client = client, .hostname = hostname };
	struct dhcp_reply r;
	char a[INET_ADDRSTRLEN];

	if (!send_msg(e, &d) || !reply_to(e, client, &r) || r.type != DHCPOFFER)
		return 0;
	inet_ntop(AF_INET, &r.yiaddr, a, sizeof(a));
	struct msg q = { .type = DHCPREQUEST, .client = client, .requested = a,
			 .server_id = "10.1.0.1", .hostname = hostname };
	if (!send_msg(e, &q) || !reply_to(e, client, &r) || r.type != DHCPACK)
		return 0;
	return r.yiaddr;
}

static struct lease *slot(struct env *e, const char *a)
{
	return pool_lease(&e->ifc.pool, ip(a));
}

/* ---- the exchange of RFC 2131 3.1 ---- */

UNIT_TEST(discover_is_offered_with_every_option_a_client_needs)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 1, .hostname = "alpha" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102,lease=10m,dns=10.1.0.53,dns=9.9.9.9"));
	ASSERT(send_msg(&e, &d) >= DHCP_MIN_MSG);
	ASSERT(reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPOFFER);
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	EXPECT_EQ_UINT(r.server_id, ip("10.1.0.1"));
	EXPECT_EQ_UINT(r.lease_secs, LEASE);
	EXPECT_EQ_UINT(r.t1_secs, LEASE / 2);		/* RFC 2131 4.4.5 */
	EXPECT_EQ_UINT(r.t2_secs, LEASE * 7 / 8);
	EXPECT_EQ_UINT(r.subnet_mask, ip("255.255.255.0"));
	EXPECT_EQ_UINT(r.router, ip("10.1.0.1"));	/* the interface itself */
	EXPECT_EQ_UINT(r.ndns, 2);
	EXPECT_EQ_UINT(r.dns[0], ip("10.1.0.53"));
	EXPECT_EQ_UINT(e.out.dst, ip("255.255.255.255"));
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_OFFERED);
	EXPECT_EQ_INT(slot(&e, "10.1.0.100")->ends, T0_MS / 1000 + DHCPD_OFFER_HOLD);
	EXPECT(e.out.changed);
	EXPECT_EQ_STR(e.out.log, "dhcpd: eth1 DHCPOFFER 10.1.0.100 to 02:00:00:00:00:01 (alpha)");
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_RX_DISCOVER], 1);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_TX_OFFER], 1);
	env_free(&e);
}

UNIT_TEST(selecting_request_is_acknowledged_and_bound)
{
	struct env e;
	struct dhcp_reply r;
	struct lease *l;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102,lease=600"));
	ASSERT(lease_for(&e, 1, "alpha") == ip("10.1.0.100"));
	ASSERT(reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.lease_secs, LEASE);
	EXPECT_EQ_UINT(e.out.dst, ip("255.255.255.255"));	/* no ciaddr yet */
	l = slot(&e, "10.1.0.100");
	EXPECT_EQ_UINT(l->state, DHCP_LEASE_BOUND);
	EXPECT_EQ_STR(l->hostname, "alpha");
	EXPECT_EQ_INT(l->ends, (e.now_ms - 10) / 1000 + LEASE);
	EXPECT_EQ_STR(e.out.log, "dhcpd: eth1 DHCPACK 10.1.0.100 to 02:00:00:00:00:01 (alpha), lease 600 s");
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_TX_ACK], 1);
	env_free(&e);
}

UNIT_TEST(two_clients_get_distinct_addresses)
{
	struct env e;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	EXPECT_EQ_UINT(lease_for(&e, 1, NULL), ip("10.1.0.100"));
	EXPECT_EQ_UINT(lease_for(&e, 2, NULL), ip("10.1.0.101"));
	/* The first asks again (a reboot that forgot): its own address. */
	EXPECT_EQ_UINT(lease_for(&e, 1, NULL), ip("10.1.0.100"));
	env_free(&e);
}

/* RFC 2131 4.2: the client identifier, when sent, is who the client is. */
UNIT_TEST(client_identifier_names_the_client)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 1, .client_id = "\x01id-one" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(send_msg(&e, &d) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	d.client_id = "\x01id-two";		/* same MAC, another client */
	ASSERT(send_msg(&e, &d) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.101"));
	d.client_id = "\x01id-one";
	d.client = 9;				/* same identifier, another NIC */
	ASSERT(send_msg(&e, &d) && reply_to(&e, 9, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	env_free(&e);
}

UNIT_TEST(requested_address_is_honoured_when_free)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 1, .requested = "10.1.0.102" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(send_msg(&e, &d) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.102"));
	d.client = 2;				/* held for client 1 now */
	ASSERT(send_msg(&e, &d) && reply_to(&e, 2, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	d.client = 3;
	d.requested = "10.1.7.7";		/* outside the pool */
	ASSERT(send_msg(&e, &d) && reply_to(&e, 3, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.101"));
	env_free(&e);
}

UNIT_TEST(request_for_another_server_frees_our_offer)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 1 };
	struct msg q = { .type = DHCPREQUEST, .client = 1, .requested = "10.1.0.100",
			 .server_id = "10.1.0.254" };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(send_msg(&e, &d));
	EXPECT_EQ_UINT(send_msg(&e, &q), 0);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_EXPIRED);
	EXPECT(e.out.changed);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_OTHER_SERVER], 1);
	env_free(&e);
}

UNIT_TEST(selecting_request_for_an_address_not_offered_is_nakked)
{
	struct env e;
	struct msg q = { .type = DHCPREQUEST, .client = 2, .requested = "10.1.0.100",
			 .server_id = "10.1.0.1" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(lease_for(&e, 1, NULL) == ip("10.1.0.100"));
	ASSERT(send_msg(&e, &q) && reply_to(&e, 2, &r));
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	EXPECT_EQ_UINT(r.yiaddr, 0);
	EXPECT_EQ_UINT(r.have, DHCP_HAVE_SERVER_ID);	/* table 3: no lease, no parameters */
	EXPECT_EQ_STR(r.message, "address not offered to this client");
	EXPECT_EQ_UINT(e.out.dst, ip("255.255.255.255"));
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_BOUND);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_TX_NAK], 1);
	/* A never used address the client asks for directly is fine. */
	q.requested = "10.1.0.102";
	ASSERT(send_msg(&e, &q) && reply_to(&e, 2, &r));
	EXPECT_EQ_UINT(r.type, DHCPACK);
	env_free(&e);
}

UNIT_TEST(selecting_request_without_its_fields_is_dropped)
{
	struct env e;
	struct msg q = { .type = DHCPREQUEST, .client = 1, .server_id = "10.1.0.1" };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	EXPECT_EQ_UINT(send_msg(&e, &q), 0);		/* no option 50 */
	q.requested = "10.1.0.100";
	q.ciaddr = "10.1.0.100";			/* ciaddr MUST be 0 */
	EXPECT_EQ_UINT(send_msg(&e, &q), 0);
	q.server_id = NULL;
	EXPECT_EQ_UINT(send_msg(&e, &q), 0);		/* both ciaddr and 50: no state */
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_BAD_FIELDS], 3);
	env_free(&e);
}

/* ---- INIT-REBOOT, RENEWING, REBINDING (RFC 2131 4.3.2) ---- */

UNIT_TEST(init_reboot_acks_the_clients_own_address)
{
	struct env e;
	struct msg q = { .type = DHCPREQUEST, .client = 1, .requested = "10.1.0.100" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(lease_for(&e, 1, NULL) == ip("10.1.0.100"));
	ASSERT(send_msg(&e, &q) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPACK);
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	EXPECT(strstr(e.out.log, "(INIT-REBOOT)"));
	q.requested = "10.1.0.101";			/* not its address */
	ASSERT(send_msg(&e, &q) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	q.requested = "192.168.1.20";			/* moved from another network */
	ASSERT(send_msg(&e, &q) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	EXPECT_EQ_STR(r.message, "wrong network");
	env_free(&e);
}

UNIT_TEST(init_reboot_of_an_unknown_client_gets_no_answer)
{
	struct env e;
	struct msg q = { .type = DHCPREQUEST, .client = 7, .requested = "10.1.0.101" };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	EXPECT_EQ_UINT(send_msg(&e, &q), 0);		/* "MUST remain silent" */
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_UNKNOWN_CLIENT], 1);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.101")->state, DHCP_LEASE_FREE);
	env_free(&e);
}

UNIT_TEST(renewal_extends_the_lease_by_unicast)
{
	struct env e;
	struct msg q = { .type = DHCPREQUEST, .client = 1, .ciaddr = "10.1.0.100" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102,lease=600"));
	ASSERT(lease_for(&e, 1, NULL) == ip("10.1.0.100"));
	e.now_ms += LEASE / 2 * 1000;			/* T1 */
	ASSERT(send_msg(&e, &q) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPACK);
	EXPECT_EQ_UINT(e.out.dst, ip("10.1.0.100"));
	EXPECT_EQ_MEM(e.out.buf + DHCP_OFF_CIADDR, "\x0a\x01\x00\x64", 4);
	EXPECT_EQ_INT(slot(&e, "10.1.0.100")->ends, (e.now_ms - 10) / 1000 + LEASE);
	EXPECT(strstr(e.out.log, "(renewal)"));
	/* Rebinding after the lease ran out: still its address, bound again. */
	e.now_ms += (LEASE + 5) * 1000;
	ASSERT(send_msg(&e, &q) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPACK);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_LEASES_EXPIRED], 1);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_BOUND);
	env_free(&e);
}

UNIT_TEST(renewal_of_someone_elses_address_is_nakked)
{
	struct env e;
	struct msg q = { .type = DHCPREQUEST, .client = 2, .ciaddr = "10.1.0.100" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(lease_for(&e, 1, NULL) == ip("10.1.0.100"));
	ASSERT(send_msg(&e, &q) && reply_to(&e, 2, &r));
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	EXPECT_EQ_UINT(e.out.dst, ip("255.255.255.255"));	/* RFC 2131 4.1: NAKs broadcast */
	q.ciaddr = "10.1.0.50";					/* on the subnet, not the pool */
	ASSERT(send_msg(&e, &q) && reply_to(&e, 2, &r));
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	q.ciaddr = "10.2.0.100";
	ASSERT(send_msg(&e, &q) && reply_to(&e, 2, &r));
	EXPECT_EQ_STR(r.message, "wrong network");
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_BOUND);
	env_free(&e);
}

/* ---- the pool ---- */

UNIT_TEST(exhausted_pool_makes_no_offer)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 3 };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.101"));
	ASSERT(lease_for(&e, 1, NULL) && lease_for(&e, 2, NULL));
	EXPECT_EQ_UINT(send_msg(&e, &d), 0);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_NO_ADDRESS], 1);
	EXPECT_EQ_STR(e.out.log, "dhcpd: eth1 DHCPDISCOVER from 02:00:00:00:00:03: "
		      "no free address in the pool (2 addresses)");
	/* An INIT-REBOOT for a taken address is refused. */
	struct msg q = { .type = DHCPREQUEST, .client = 1, .requested = "10.1.0.101" };
	ASSERT(send_msg(&e, &q) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	env_free(&e);
}

UNIT_TEST(unrequested_offers_lapse_and_free_the_pool)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 1 };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.100"));
	ASSERT(send_msg(&e, &d));
	d.client = 2;
	EXPECT_EQ_UINT(send_msg(&e, &d), 0);		/* held for client 1 */
	e.now_ms += (DHCPD_OFFER_HOLD + 1) * 1000;
	ASSERT(send_msg(&e, &d) && reply_to(&e, 2, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_LEASES_EXPIRED], 1);
	env_free(&e);
}

UNIT_TEST(released_address_comes_back_to_its_client_first)
{
	struct env e;
	struct msg rel = { .type = DHCPRELEASE, .client = 1, .ciaddr = "10.1.0.100",
			   .server_id = "10.1.0.1" };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(lease_for(&e, 1, "alpha") == ip("10.1.0.100"));
	EXPECT_EQ_UINT(send_msg(&e, &rel), 0);		/* RELEASE has no reply */
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_RELEASED);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_LEASES_RELEASED], 1);
	EXPECT_EQ_STR(e.out.log, "dhcpd: eth1 DHCPRELEASE of 10.1.0.100 from 02:00:00:00:00:01");
	EXPECT_EQ_UINT(lease_for(&e, 2, NULL), ip("10.1.0.101"));	/* never used first */
	EXPECT_EQ_UINT(lease_for(&e, 1, NULL), ip("10.1.0.100"));	/* sticky */
	EXPECT_EQ_STR(slot(&e, "10.1.0.100")->hostname, "alpha");
	env_free(&e);
}

UNIT_TEST(free_addresses_are_reused_longest_unused_first)
{
	struct env e;
	struct msg rel = { .type = DHCPRELEASE, .client = 1, .ciaddr = "10.1.0.100",
			   .server_id = "10.1.0.1" };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.101"));
	ASSERT(lease_for(&e, 1, "alpha") && lease_for(&e, 2, NULL));
	send_msg(&e, &rel);
	e.now_ms += 5000;
	rel.client = 2;
	rel.ciaddr = "10.1.0.101";
	send_msg(&e, &rel);
	/* Both free: a new client gets the one released first, with no old name. */
	EXPECT_EQ_UINT(lease_for(&e, 3, NULL), ip("10.1.0.100"));
	EXPECT_EQ_STR(slot(&e, "10.1.0.100")->hostname, "");
	EXPECT_EQ_UINT(lease_for(&e, 1, NULL), ip("10.1.0.101"));
	env_free(&e);
}

UNIT_TEST(release_must_be_the_clients_own)
{
	struct env e;
	struct msg rel = { .type = DHCPRELEASE, .client = 2, .ciaddr = "10.1.0.100",
			   .server_id = "10.1.0.1" };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(lease_for(&e, 1, NULL));
	send_msg(&e, &rel);				/* someone else's */
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_NOT_OURS], 1);
	rel.client = 1;
	rel.server_id = NULL;				/* table 5: option 54 MUST */
	send_msg(&e, &rel);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_BAD_FIELDS], 1);
	rel.server_id = "10.1.0.2";
	send_msg(&e, &rel);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_OTHER_SERVER], 1);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_BOUND);
	env_free(&e);
}

struct log_lines {
	char last[160];
	unsigned int n;
};

static void collect(void *arg, const char *line)
{
	struct log_lines *l = arg;

	snprintf(l->last, sizeof(l->last), "%s", line);
	l->n++;
}

UNIT_TEST(bound_lease_expires_at_its_end)
{
	struct env e;
	struct log_lines log = { .n = 0 };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102,lease=60"));
	ASSERT(lease_for(&e, 1, NULL));
	EXPECT_EQ_INT(pool_next_event(&e.ifc.pool), (e.now_ms - 10) / 1000 + 60);
	EXPECT_EQ_UINT(dhcpd_expire(&e.ifc, e.now_ms + 58000, NULL, NULL), 0);
	EXPECT_EQ_UINT(dhcpd_expire(&e.ifc, e.now_ms + 61000, collect, &log), 1);
	EXPECT_EQ_UINT(log.n, 1);
	EXPECT_EQ_STR(log.last, "dhcpd: eth1 the lease of 02:00:00:00:00:01 expired (10.1.0.100)");
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_EXPIRED);
	EXPECT_EQ_INT(pool_next_event(&e.ifc.pool), POOL_NEVER);
	EXPECT_EQ_UINT(dhcpd_expire(&e.ifc, e.now_ms + 99000, NULL, NULL), 0);
	env_free(&e);
}

/* ---- DECLINE (RFC 2131 4.3.3) and INFORM (4.3.5) ---- */

UNIT_TEST(declined_address_stays_out_of_the_pool_for_a_while)
{
	struct env e;
	struct msg dec = { .type = DHCPDECLINE, .client = 1, .requested = "10.1.0.100",
			   .server_id = "10.1.0.1" };
	struct msg d = { .type = DHCPDISCOVER, .client = 1 };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.101"));
	ASSERT(lease_for(&e, 1, NULL) == ip("10.1.0.100"));
	EXPECT_EQ_UINT(send_msg(&e, &dec), 0);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_DECLINED);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_ADDRS_DECLINED], 1);
	EXPECT(strstr(e.out.log, "DHCPDECLINE of 10.1.0.100 from 02:00:00:00:00:01"));
	/* The client starts over and gets the other address ... */
	ASSERT(send_msg(&e, &d) && reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.101"));
	/* ... and nobody gets the declined one, even with the pool exhausted. */
	d.client = 2;
	d.requested = "10.1.0.100";
	EXPECT_EQ_UINT(send_msg(&e, &d), 0);
	e.now_ms += (DHCPD_DECLINE_HOLD + 1) * 1000;
	ASSERT(send_msg(&e, &d) && reply_to(&e, 2, &r));
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	env_free(&e);
}

UNIT_TEST(decline_must_be_for_the_clients_own_offer)
{
	struct env e;
	struct msg dec = { .type = DHCPDECLINE, .client = 2, .requested = "10.1.0.100",
			   .server_id = "10.1.0.1" };

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(lease_for(&e, 1, NULL));
	send_msg(&e, &dec);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_NOT_OURS], 1);
	dec.requested = NULL;
	send_msg(&e, &dec);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_NOT_OURS], 2);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_BOUND);
	env_free(&e);
}

UNIT_TEST(inform_gets_parameters_without_a_lease)
{
	struct env e;
	struct msg inf = { .type = DHCPINFORM, .client = 5, .ciaddr = "10.1.0.20" };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102,dns=10.1.0.53,router=10.1.0.254"));
	ASSERT(send_msg(&e, &inf) && reply_to(&e, 5, &r));
	EXPECT_EQ_UINT(r.type, DHCPACK);
	EXPECT_EQ_UINT(r.yiaddr, 0);
	EXPECT(!(r.have & (DHCP_HAVE_LEASE | DHCP_HAVE_T1 | DHCP_HAVE_T2)));
	EXPECT_EQ_UINT(r.router, ip("10.1.0.254"));
	EXPECT_EQ_UINT(r.dns[0], ip("10.1.0.53"));
	EXPECT_EQ_UINT(e.out.dst, ip("10.1.0.20"));
	EXPECT(!e.out.changed);
	inf.ciaddr = NULL;
	EXPECT_EQ_UINT(send_msg(&e, &inf), 0);
	inf.ciaddr = "172.16.0.1";
	EXPECT_EQ_UINT(send_msg(&e, &inf), 0);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_BAD_FIELDS], 2);
	env_free(&e);
}

UNIT_TEST(router_none_sends_no_router_option)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 1 };
	struct dhcp_reply r;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102,router=none"));
	ASSERT(send_msg(&e, &d) && reply_to(&e, 1, &r));
	EXPECT(!(r.have & DHCP_HAVE_ROUTER));
	EXPECT(r.have & DHCP_HAVE_MASK);
	env_free(&e);
}

/* ---- hostile and malformed messages ---- */

UNIT_TEST(each_malformed_message_is_dropped_under_its_name)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 1 };
	uint8_t buf[DHCPD_MSG_MAX + 100];
	size_t len;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	len = build(buf, &d);
	dhcpd_input(&e.ifc, buf, DHCPD_MSG_MAX + 1, T0_MS, &e.out);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_OVERSIZE], 1);
	dhcpd_input(&e.ifc, buf, DHCP_OFF_OPTIONS - 1, T0_MS, &e.out);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_SHORT], 1);
	buf[DHCP_OFF_OP] = BOOTREPLY;
	dhcpd_input(&e.ifc, buf, len, T0_MS, &e.out);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_NOT_REQUEST], 1);
	len = build(buf, &d);
	buf[DHCP_OFF_HLEN] = 20;
	dhcpd_input(&e.ifc, buf, len, T0_MS, &e.out);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_HWTYPE], 1);
	len = build(buf, &d);
	buf[DHCP_OFF_COOKIE] = 0;
	dhcpd_input(&e.ifc, buf, len, T0_MS, &e.out);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_NO_COOKIE], 1);
	len = build(buf, &d);
	buf[DHCP_OFF_OPTIONS] = DHO_PAD;		/* type option gone */
	buf[DHCP_OFF_OPTIONS + 1] = DHO_PAD;
	buf[DHCP_OFF_OPTIONS + 2] = DHO_PAD;
	dhcpd_input(&e.ifc, buf, len, T0_MS, &e.out);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_NO_TYPE], 1);
	for (uint8_t t = DHCPOFFER; t; t = t == DHCPOFFER ? DHCPACK : t == DHCPACK ? DHCPNAK :
						 t == DHCPNAK ? 9 : t == 9 ? 255 : 0) {
		d.type = t;
		EXPECT_EQ_UINT(send_msg(&e, &d), 0);
	}
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_BAD_TYPE], 5);
	d.type = DHCPDISCOVER;
	d.giaddr = "10.9.0.1";
	EXPECT_EQ_UINT(send_msg(&e, &d), 0);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_RELAYED], 1);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_TX_OFFER], 0);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_FREE);
	env_free(&e);
}

UNIT_TEST(bad_and_truncated_options_are_counted)
{
	struct env e;
	static const uint8_t opts[] = {
		53, 1, DHCPDISCOVER,
		53, 1, DHCPRELEASE,		/* a second type: ignored, counted */
		61, 1, 7,			/* client id of one byte */
		12, 200, 'x',			/* runs past the datagram */
	};
	uint8_t full[DHCP_MIN_MSG], *exact = malloc(DHCP_OFF_OPTIONS + sizeof(opts));
	struct dhcp_reply r;

	ASSERT(exact && env_init(&e, "10.1.0.100-10.1.0.102"));
	build(full, &(struct msg){ .type = DHCPDISCOVER, .client = 1 });
	memcpy(exact, full, DHCP_OFF_OPTIONS);
	memcpy(exact + DHCP_OFF_OPTIONS, opts, sizeof(opts));	/* ASan sees any read past it */
	dhcpd_input(&e.ifc, exact, DHCP_OFF_OPTIONS + sizeof(opts), T0_MS, &e.out);
	free(exact);
	ASSERT(reply_to(&e, 1, &r));
	EXPECT_EQ_UINT(r.type, DHCPOFFER);		/* still a DISCOVER */
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_BAD_OPTIONS], 2);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_TRUNCATED], 1);
	env_free(&e);
}

UNIT_TEST(replies_are_rate_limited)
{
	struct env e;
	struct msg d = { .type = DHCPDISCOVER, .client = 2 };
	struct msg rel = { .type = DHCPRELEASE, .client = 1, .ciaddr = "10.1.0.100",
			   .server_id = "10.1.0.1" };
	uint8_t buf[DHCP_REPLY_MAX];
	size_t len = build(buf, &d);
	unsigned int replies = 0;
	int64_t t;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.102"));
	ASSERT(lease_for(&e, 1, NULL));
	t = e.now_ms + 10000;				/* a full budget again */
	for (int i = 0; i < 100; i++) {
		dhcpd_input(&e.ifc, buf, len, t, &e.out);	/* all in one instant */
		replies += e.out.len > 0;
	}
	EXPECT_EQ_UINT(replies, DHCPD_REPLY_BURST);
	EXPECT_EQ_UINT(e.ctr.v[DHCPD_DROP_RATELIMITED], 100 - DHCPD_REPLY_BURST);
	/* RELEASE (and DECLINE) have no reply: the empty budget does not stop them. */
	len = build(buf, &rel);
	dhcpd_input(&e.ifc, buf, len, t, &e.out);
	EXPECT_EQ_UINT(slot(&e, "10.1.0.100")->state, DHCP_LEASE_RELEASED);
	len = build(buf, &d);
	dhcpd_input(&e.ifc, buf, len, t + 1000 / DHCPD_REPLY_RATE, &e.out);
	EXPECT(e.out.len > 0);				/* the budget refills */
	env_free(&e);
}

/* Random bytes after a valid header, from a few clients: never a crash, only valid replies. */
UNIT_TEST(random_messages_keep_the_pool_consistent)
{
	struct env e;
	uint8_t buf[DHCPD_MSG_MAX];
	struct dhcp_reply r;
	unsigned int replies = 0;

	ASSERT(env_init(&e, "10.1.0.100-10.1.0.103,lease=30"));
	for (int n = 0; n < 20000; n++) {
		static const uint8_t codes[] = { 53, 50, 54, 61, 12, 55, 52, 0, 255 };
		struct msg m = { .type = (uint8_t)(1 + unit_rand() % 8), .client = unit_rand() % 6 };
		size_t len = build(buf, &m), extra = unit_rand() % 64;
		uint8_t *p = buf + DHCP_OFF_OPTIONS + 3;

		for (size_t i = 0; i < extra && p + 6 < buf + sizeof(buf); i++) {
			*p++ = codes[unit_rand() % sizeof(codes)];
			*p++ = (uint8_t)(unit_rand() % 8);
			*p++ = 10;
			*p++ = 1;
			*p++ = 0;
			*p++ = (uint8_t)(99 + unit_rand() % 6);
		}
		if ((size_t)(p - buf) > len)
			len = (size_t)(p - buf);
		if (n % 7 == 0)
			memcpy(buf + DHCP_OFF_CIADDR, (uint8_t[]){ 10, 1, 0, (uint8_t)(99 + unit_rand() % 6) }, 4);
		e.now_ms += unit_rand() % 2000;
		dhcpd_expire(&e.ifc, e.now_ms, NULL, NULL);
		dhcpd_input(&e.ifc, buf, len, e.now_ms, &e.out);
		if (!e.out.len)
			continue;
		replies++;
		if (!EXPECT(e.out.len <= DHCP_REPLY_MAX && reply_to(&e, buf[DHCP_OFF_CHADDR + 5], &r)))
			break;
		if (r.type != DHCPNAK && r.yiaddr &&
		    !EXPECT(pool_lease(&e.ifc.pool, r.yiaddr) != NULL))
			break;
	}
	EXPECT(replies > 100);
	/* However it went, no client holds two addresses. */
	for (uint8_t c = 0; c < 6; c++) {
		struct client_key k = { .mac = { 2, 0, 0, 0, 0, c } };
		unsigned int held = 0;

		for (unsigned int i = 0; i < e.ifc.pool.size; i++) {
			const struct lease *l = &e.ifc.pool.leases[i];

			held += (l->state == DHCP_LEASE_BOUND || l->state == DHCP_LEASE_OFFERED) &&
				lease_owned_by(l, &k) && !l->client.id_len;
		}
		EXPECT_MSG(held <= 1, "client %u holds %u addresses", c, held);
	}
	env_free(&e);
}

/* ---- configuration ---- */

UNIT_TEST(configuration_keys_parse)
{
	struct dhcpd_config c;
	char why[128];

	ASSERT(dhcpd_config_parse("eth1", "10.1.0.100-10.1.0.199", &c, why, sizeof(why)));
	EXPECT_EQ_STR(c.ifname, "eth1");
	EXPECT_EQ_UINT(c.first, ip("10.1.0.100"));
	EXPECT_EQ_UINT(c.last, ip("10.1.0.199"));
	EXPECT_EQ_UINT(c.lease_secs, DHCPD_LEASE_DEFAULT);
	EXPECT(!c.router_given && c.ndns == 0);
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.5,lease=7d,router=none,dns=1.1.1.1,dns=9.9.9.9",
				  &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 7 * 86400);
	EXPECT(c.router_given && c.router == 0);
	EXPECT_EQ_UINT(c.ndns, 2);
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.9,lease=30s,router=10.1.0.254",
				  &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 30);
	EXPECT_EQ_UINT(c.router, ip("10.1.0.254"));
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.9,lease=10m", &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 600);
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.9,lease=12h", &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 12 * 3600);
}

UNIT_TEST(bad_configuration_says_why)
{
	static const struct { const char *spec, *why; } bad[] = {
		{ "10.1.0.100", "'10.1.0.100' is not a range FIRST-LAST" },
		{ "10.1.0.199-10.1.0.100", "'10.1.0.199-10.1.0.100' is not a range FIRST-LAST" },
		{ "10.1.0.1-10.1.0.300", "'10.1.0.1-10.1.0.300' is not a range FIRST-LAST" },
		{ "10.1.0.1-10.1.0.3,lease=9", "lease=9: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=366d", "lease=366d: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=1w", "lease=1w: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=-5", "lease=-5: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=99999999999999999999", "lease=99999999999999999999: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,router=x", "router=x: want an address or none" },
		{ "10.1.0.1-10.1.0.3,dns=1.1.1.1,dns=1.1.1.2,dns=1.1.1.3,dns=1.1.1.4", "at most 3 dns= servers" },
		{ "10.1.0.1-10.1.0.3,gateway=10.1.0.1", "unknown option 'gateway' (lease, router, dns)" },
		{ "10.1.0.1-10.1.0.3,lease", "'lease' is not KEY=VALUE" },
	};
	struct dhcpd_config c;
	char why[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		EXPECT_MSG(!dhcpd_config_parse("eth1", bad[i].spec, &c, why, sizeof(why)),
			   "accepted %s", bad[i].spec);
		EXPECT_EQ_STR(why, bad[i].why);
	}
	EXPECT(!dhcpd_config_parse("an-interface-name", "10.1.0.1-10.1.0.3", &c, why, sizeof(why)));
}

UNIT_TEST(configuration_is_checked_against_the_interface)
{
	static const struct { const char *spec, *why; } bad[] = {
		{ "10.2.0.100-10.2.0.199", "the pool is not on eth1's subnet" },
		{ "10.1.0.100-10.1.1.10", "the pool is not on eth1's subnet" },
		{ "10.1.0.0-10.1.0.10", "the pool holds the subnet's network or broadcast address" },
		{ "10.1.0.200-10.1.0.255", "the pool holds the subnet's network or broadcast address" },
		{ "10.1.0.1-10.1.0.10", "the pool holds eth1's own address" },
		{ "10.1.0.100-10.1.0.110,router=10.9.0.1", "router= is not on eth1's subnet" },
	};
	struct dhcpd_config c;
	char why[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT(dhcpd_config_parse("eth1", bad[i].spec, &c, why, sizeof(why)));
		EXPECT(!dhcpd_config_check(&c, ip("10.1.0.1"), ip("255.255.255.0"), why, sizeof(why)));
		EXPECT_EQ_STR(why, bad[i].why);
	}
	ASSERT(dhcpd_config_parse("eth1", "10.0.0.2-10.0.4.2", &c, why, sizeof(why)));
	EXPECT(!dhcpd_config_check(&c, ip("10.0.0.1"), ip("255.0.0.0"), why, sizeof(why)));
	EXPECT_EQ_STR(why, "the pool has 1025 addresses, at most 1024");
	EXPECT(!dhcpd_config_check(&c, 0, 0, why, sizeof(why)));
	EXPECT_EQ_STR(why, "eth1 has no address (set ip.eth1=ADDR/PREFIX)");
	ASSERT(dhcpd_config_parse("eth1", "10.0.0.2-10.0.4.1", &c, why, sizeof(why)));
	EXPECT(dhcpd_config_check(&c, ip("10.0.0.1"), ip("255.0.0.0"), why, sizeof(why)));
}

UNIT_TEST(command_line_gives_the_dhcpd_keys_only)
{
	struct dhcpd_config c[DHCPD_IFACES_MAX];
	const char *cmdline = "ip.eth1=10.1.0.1/24 dhcpd.eth1=10.1.0.100-10.1.0.199,lease=1h "
			      "dhcpd=x dhcpd.eth2=bad dhcpd.eth1=10.1.0.2-10.1.0.3 forward=1 "
			      "dhcpd.eth3=10.3.0.10-10.3.0.20,dns=10.3.0.1\n";

	ASSERT(dhcpd_config_from_cmdline(cmdline, c, DHCPD_IFACES_MAX) == 2);
	EXPECT_EQ_STR(c[0].ifname, "eth1");
	EXPECT_EQ_UINT(c[0].first, ip("10.1.0.100"));	/* the first eth1 holds */
	EXPECT_EQ_UINT(c[0].lease_secs, 3600);
	EXPECT_EQ_STR(c[1].ifname, "eth3");
	EXPECT_EQ_UINT(c[1].ndns, 1);
	EXPECT_EQ_INT(dhcpd_config_from_cmdline("selftest", c, DHCPD_IFACES_MAX), 0);
	EXPECT_EQ_INT(dhcpd_config_from_cmdline(cmdline, c, 1), 1);
}

/* ---- the lease file ---- */

UNIT_TEST(lease_file_written_then_read_restores_the_table)
{
	char path[] = "/tmp/test_dhcpd_leasesXXXXXX";
	struct env a, b;
	struct dhcpd_if other;
	struct dhcpd_config cfg;
	struct msg dec = { .type = DHCPDECLINE, .client = 2, .requested = "10.1.0.101",
			   .server_id = "10.1.0.1" };
	unsigned int skipped;
	char why[64], *text;
	int fd = mkstemp(path);

	ASSERT(fd >= 0);
	close(fd);
	ASSERT(env_init(&a, "10.1.0.100-10.1.0.103"));
	ASSERT(lease_for(&a, 1, "alpha") && lease_for(&a, 2, NULL) && lease_for(&a, 3, NULL));
	send_msg(&a, &dec);
	ASSERT(dhcpd_config_parse("eth2", "10.2.0.10-10.2.0.10", &cfg, why, sizeof(why)));
	ASSERT(dhcpd_if_init(&other, &cfg, ip("10.2.0.1"), ip("255.255.255.0"), &a.ctr) == 0);
	ASSERT(lease_for(&a, 4, NULL));
	EXPECT_EQ_INT(leasefile_write(path, &a.ifc, 1, &a.ctr), 0);
	text = read_file(path);
	ASSERT(text);
	EXPECT(strstr(text, "lease eth1 10.1.0.100 02:00:00:00:00:01 bound "));
	EXPECT(strstr(text, " alpha\n"));
	EXPECT(strstr(text, "lease eth1 10.1.0.101 02:00:00:00:00:02 declined "));
	EXPECT(strstr(text, "counter rx_decline 1\n"));
	EXPECT(!strstr(text, "10.1.0.104"));
	free(text);

	/* A restarted dhcpd, with a smaller pool and one more interface. */
	ASSERT(env_init(&b, "10.1.0.100-10.1.0.102"));
	EXPECT_EQ_INT(leasefile_load(path, &b.ifc, 1, &b.ctr, &skipped), 3);
	EXPECT_EQ_UINT(skipped, 1);			/* 10.1.0.103 is no longer in the pool */
	EXPECT_EQ_UINT(slot(&b, "10.1.0.100")->state, DHCP_LEASE_BOUND);
	EXPECT_EQ_STR(slot(&b, "10.1.0.100")->hostname, "alpha");
	EXPECT_EQ_INT(slot(&b, "10.1.0.100")->ends, slot(&a, "10.1.0.100")->ends);
	EXPECT_EQ_UINT(slot(&b, "10.1.0.101")->state, DHCP_LEASE_DECLINED);
	EXPECT_EQ_UINT(b.ctr.v[DHCPD_RX_DISCOVER], a.ctr.v[DHCPD_RX_DISCOVER]);
	/* It still knows its clients: an INIT-REBOOT is answered, the address is kept. */
	b.now_ms = a.now_ms;
	EXPECT_EQ_UINT(lease_for(&b, 1, NULL), ip("10.1.0.100"));
	EXPECT_EQ_UINT(lease_for(&b, 5, NULL), 0);	/* 100, 102 bound, 101 declined */
	dhcpd_if_destroy(&other);
	env_free(&a);
	env_free(&b);
	unlink(path);
	EXPECT_EQ_INT(leasefile_load(path, &b.ifc, 0, &b.ctr, &skipped), -1);
}
