/* dhcpd against hostile and malformed messages: each drop counted, the rate limit, random input. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "unit.h"

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
