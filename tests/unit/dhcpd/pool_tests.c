/*
 * dhcpd's pool: exhaustion, offers that lapse, stickiness, reuse, RELEASE
 * and expiry; DECLINE and INFORM (RFC 2131 4.3.3, 4.3.5).
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "unit.h"

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
