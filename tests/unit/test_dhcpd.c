/*
 * test_dhcpd.c - services/dhcpd: the server's decisions for every message
 * type and client state (RFC 2131 4.3). Linked into the same program: the
 * pool, DECLINE and INFORM (dhcpd/pool_tests.c), hostile messages and the
 * rate limit (dhcpd/hostile_tests.c), the configuration keys and the lease
 * file written and read back (dhcpd/config_tests.c). dhcpd/harness.c builds
 * a client's messages and reads the replies with the client's own parser,
 * dhcp_parse.
 */
/* links: services/dhcpd/server.c services/dhcpd/pool.c services/dhcpd/config.c services/dhcpd/leasefile.c libc/user/dhcp_msg.c libc/dhcp_lease.c tests/unit/dhcpd/harness.c tests/unit/dhcpd/pool_tests.c tests/unit/dhcpd/hostile_tests.c tests/unit/dhcpd/config_tests.c */
#include <arpa/inet.h>
#include <string.h>

#include "harness.h"
#include "unit.h"

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
