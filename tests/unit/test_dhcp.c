/*
 * test_dhcp.c - libc/user/dhcp_msg.c: the client's side (crafted and
 * hostile replies, built requests) and the server's (crafted and hostile
 * requests, built replies).
 */
/* links: libc/user/dhcp_msg.c */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <skiff/dhcp_msg.h>
#include "unit.h"

#define XID	0x1234abcdu

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* The options of a typical ACK (dnsmasq's order), ending with END. */
static const uint8_t ack_opts[] = {
	53, 1, DHCPACK,
	54, 4, 10, 0, 0, 1,
	51, 4, 0x00, 0x01, 0x51, 0x80,		/* 86400 s */
	58, 4, 0x00, 0x00, 0x00, 0x0a,		/* T1 10 s */
	59, 4, 0x00, 0x00, 0x00, 0x14,		/* T2 20 s */
	1, 4, 255, 255, 255, 0,
	3, 8, 10, 0, 0, 1, 10, 0, 0, 254,	/* two routers: the first wins */
	6, 16, 10, 0, 0, 3, 8, 8, 8, 8, 1, 1, 1, 1, 9, 9, 9, 9,
	0, 0,					/* PAD */
	255,
};

/* A BOOTREPLY for XID and mac offering 10.0.0.50, then opts; returns its length. */
static size_t make_reply(uint8_t *buf, const uint8_t *opts, size_t optlen)
{
	memset(buf, 0, DHCP_OFF_OPTIONS);
	buf[DHCP_OFF_OP] = BOOTREPLY;
	buf[DHCP_OFF_HTYPE] = 1;
	buf[DHCP_OFF_HLEN] = 6;
	memcpy(buf + DHCP_OFF_XID, (uint8_t[]){ 0x12, 0x34, 0xab, 0xcd }, 4);
	memcpy(buf + DHCP_OFF_YIADDR, (uint8_t[]){ 10, 0, 0, 50 }, 4);
	memcpy(buf + DHCP_OFF_CHADDR, mac, 6);
	memcpy(buf + DHCP_OFF_COOKIE, (uint8_t[]){ 99, 130, 83, 99 }, 4);
	memcpy(buf + DHCP_OFF_OPTIONS, opts, optlen);
	return DHCP_OFF_OPTIONS + optlen;
}

/*
 * Parses a heap copy of exactly len bytes, so that ASan reports any read
 * past the datagram.
 */
static enum dhcp_parse_err parse_exact(const uint8_t *buf, size_t len,
				       struct dhcp_reply *r)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum dhcp_parse_err err;

	unit_seed("dhcp", buf, len);
	memcpy(copy, buf, len);
	err = dhcp_parse(copy, len, XID, mac, r);
	free(copy);
	return err;
}

static uint32_t ip(const char *s)
{
	return inet_addr(s);
}

UNIT_TEST(full_ack_is_parsed)
{
	uint8_t buf[600];
	size_t len = make_reply(buf, ack_opts, sizeof(ack_opts));
	struct dhcp_reply r;

	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(r.type, DHCPACK);
	EXPECT_EQ_UINT(r.yiaddr, ip("10.0.0.50"));
	EXPECT_EQ_UINT(r.server_id, ip("10.0.0.1"));
	EXPECT_EQ_UINT(r.subnet_mask, ip("255.255.255.0"));
	EXPECT_EQ_UINT(r.router, ip("10.0.0.1"));
	EXPECT_EQ_UINT(r.ndns, 3);
	EXPECT_EQ_UINT(r.dns[0], ip("10.0.0.3"));
	EXPECT_EQ_UINT(r.dns[2], ip("1.1.1.1"));
	EXPECT_EQ_UINT(r.lease_secs, 86400);
	EXPECT_EQ_UINT(r.t1_secs, 10);
	EXPECT_EQ_UINT(r.t2_secs, 20);
	EXPECT_EQ_UINT(r.have, DHCP_HAVE_MASK | DHCP_HAVE_ROUTER |
		       DHCP_HAVE_LEASE | DHCP_HAVE_SERVER_ID | DHCP_HAVE_T1 |
		       DHCP_HAVE_T2);
	EXPECT(!r.truncated);
	EXPECT_EQ_UINT(r.bad_options, 0);
}

UNIT_TEST(short_datagrams_are_rejected)
{
	uint8_t buf[600];
	struct dhcp_reply r;

	make_reply(buf, ack_opts, sizeof(ack_opts));
	for (size_t n = 0; n < DHCP_OFF_OPTIONS; n++)
		if (!EXPECT_EQ_INT(parse_exact(buf, n, &r), DHCP_ESHORT))
			break;
	/* The fixed part and cookie alone: valid, but no message type. */
	EXPECT_EQ_INT(parse_exact(buf, DHCP_OFF_OPTIONS, &r), DHCP_ENOTYPE);
}

/* Whether the first n bytes of ack_opts end between two options. */
static bool at_option_boundary(size_t n)
{
	size_t i = 0;

	while (i < n)
		i += ack_opts[i] == 0 || ack_opts[i] == 255 ? 1 : 2 + ack_opts[i + 1];
	return i == n;
}

/* Every prefix of a valid ACK: never a read past it, never a wrong field. */
UNIT_TEST(every_truncation_stays_inside_the_datagram)
{
	uint8_t buf[600];
	struct dhcp_reply r;

	make_reply(buf, ack_opts, sizeof(ack_opts));
	for (size_t n = 0; n <= sizeof(ack_opts); n++) {
		enum dhcp_parse_err err = parse_exact(buf, DHCP_OFF_OPTIONS + n, &r);

		EXPECT_EQ_INT(err, n < 3 ? DHCP_ENOTYPE : DHCP_OK);
		if (!EXPECT_MSG(r.truncated == !at_option_boundary(n),
				"cut after %zu option bytes: truncated %d", n,
				r.truncated))
			break;
		if (r.have & DHCP_HAVE_LEASE)
			EXPECT_EQ_UINT(r.lease_secs, 86400);
	}
}

UNIT_TEST(header_checks_name_the_failure)
{
	uint8_t buf[600];
	size_t len;
	struct dhcp_reply r;

	len = make_reply(buf, ack_opts, sizeof(ack_opts));
	buf[DHCP_OFF_OP] = BOOTREQUEST;
	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_ENOTREPLY);
	len = make_reply(buf, ack_opts, sizeof(ack_opts));
	buf[DHCP_OFF_HLEN] = 16;
	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_EHWTYPE);
	len = make_reply(buf, ack_opts, sizeof(ack_opts));
	buf[DHCP_OFF_XID + 3] ^= 1;
	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_EXID);
	len = make_reply(buf, ack_opts, sizeof(ack_opts));
	buf[DHCP_OFF_CHADDR + 5] ^= 1;
	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_ECHADDR);
	len = make_reply(buf, ack_opts, sizeof(ack_opts));
	buf[DHCP_OFF_COOKIE] = 0;		/* plain BOOTP, or garbage */
	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_ECOOKIE);
	EXPECT_EQ_STR(dhcp_parse_strerror(DHCP_ECOOKIE), "no DHCP magic cookie");
}

UNIT_TEST(missing_end_option_is_tolerated)
{
	uint8_t buf[600];
	size_t len = make_reply(buf, ack_opts, sizeof(ack_opts) - 1);
	struct dhcp_reply r;

	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(r.ndns, 3);
	EXPECT(!r.truncated);
}

UNIT_TEST(overflowing_length_ends_parsing_and_keeps_what_came_before)
{
	static const uint8_t opts[] = {
		53, 1, DHCPOFFER,
		54, 4, 10, 0, 0, 1,
		51, 200, 0, 0, 0, 60,		/* says 200 bytes: past the end */
		1, 4, 255, 0, 0, 0,
		255,
	};
	uint8_t buf[600];
	size_t len = make_reply(buf, opts, sizeof(opts));
	struct dhcp_reply r;

	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(r.type, DHCPOFFER);
	EXPECT(r.have & DHCP_HAVE_SERVER_ID);
	EXPECT(!(r.have & (DHCP_HAVE_LEASE | DHCP_HAVE_MASK)));
	EXPECT(r.truncated);

	/* An option code as the very last byte: no length byte to read. */
	len = make_reply(buf, (const uint8_t[]){ 53, 1, DHCPOFFER, 51 }, 4);
	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT(r.truncated);
}

UNIT_TEST(wrong_option_lengths_are_ignored_and_counted)
{
	static const uint8_t opts[] = {
		53, 2, DHCPACK, 0,		/* type must be one byte */
		1, 3, 255, 255, 255,		/* mask must be four */
		3, 6, 1, 2, 3, 4, 5, 6,		/* router list of 4n bytes */
		6, 0,				/* empty DNS list */
		51, 5, 0, 0, 0, 0, 1,
		255,
	};
	uint8_t buf[600];
	size_t len = make_reply(buf, opts, sizeof(opts));
	struct dhcp_reply r;

	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_ENOTYPE);
	EXPECT_EQ_UINT(r.bad_options, 5);
	EXPECT_EQ_UINT(r.have, 0);
	EXPECT_EQ_UINT(r.ndns, 0);

	len = make_reply(buf, (const uint8_t[]){ 53, 1, 9, 255 }, 4);
	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_ENOTYPE);	/* no type 9 */
}

UNIT_TEST(nak_with_message_is_parsed_and_sanitized)
{
	static const uint8_t opts[] = {
		53, 1, DHCPNAK,
		54, 4, 10, 0, 0, 1,
		56, 12, 'w', 'r', 'o', 'n', 'g', ' ', 'n', 'e', 't', '\n', 0x1b, '!',
		255,
	};
	uint8_t buf[600];
	size_t len = make_reply(buf, opts, sizeof(opts));
	struct dhcp_reply r;

	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	EXPECT_EQ_STR(r.message, "wrong net?" "?!");
	EXPECT_EQ_STR(dhcp_type_name(r.type), "DHCPNAK");
	EXPECT_EQ_STR(dhcp_type_name(200), "?");
}

UNIT_TEST(long_message_is_cut_to_the_buffer)
{
	uint8_t opts[3 + 2 + 255 + 1] = { 53, 1, DHCPNAK, 56, 255 };
	uint8_t buf[800];
	struct dhcp_reply r;
	size_t len;

	memset(opts + 5, 'x', 255);
	opts[sizeof(opts) - 1] = 255;
	len = make_reply(buf, opts, sizeof(opts));
	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(strlen(r.message), sizeof(r.message) - 1);
}

/* RFC 2132 9.3: option 52 moves options into file (first) and sname. */
UNIT_TEST(overloaded_file_and_sname_fields_are_parsed)
{
	static const uint8_t opts[] = { 52, 1, 3, 54, 4, 10, 0, 0, 1, 255 };
	uint8_t buf[600];
	size_t len = make_reply(buf, opts, sizeof(opts));
	struct dhcp_reply r;

	memcpy(buf + DHCP_OFF_FILE, (uint8_t[]){ 53, 1, DHCPOFFER, 52, 1, 3,
		 51, 4, 0, 0, 0, 100, 255 }, 13);
	/* sname: a router, then an option running past the 64-byte field. */
	memcpy(buf + DHCP_OFF_SNAME, (uint8_t[]){ 3, 4, 10, 0, 0, 254 }, 6);
	buf[DHCP_OFF_SNAME + 62] = 1;
	buf[DHCP_OFF_SNAME + 63] = 4;
	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(r.type, DHCPOFFER);
	EXPECT_EQ_UINT(r.lease_secs, 100);
	EXPECT_EQ_UINT(r.router, ip("10.0.0.254"));
	EXPECT_EQ_UINT(r.bad_options, 1);	/* 52 inside file */
	EXPECT(r.truncated);
	EXPECT(!(r.have & DHCP_HAVE_MASK));

	/* Without option 52 the same fields are not options. */
	len = make_reply(buf, opts + 3, sizeof(opts) - 3);
	EXPECT_EQ_INT(parse_exact(buf, len, &r), DHCP_ENOTYPE);
}

/* Random option bytes after a valid header: whatever comes, no over-read. */
UNIT_TEST(random_options_never_read_out_of_bounds)
{
	uint8_t opts[400], buf[700];
	struct dhcp_reply r;

	for (int n = 0; n < 20000; n++) {
		size_t optlen = unit_rand() % sizeof(opts), len;

		for (size_t i = 0; i < optlen; i++)
			opts[i] = unit_rand() % 3 ? unit_rand() % 64 : unit_rand();
		if (optlen >= 3 && n % 2) {
			opts[0] = 53;
			opts[1] = 1;
			opts[2] = 1 + unit_rand() % 8;
		}
		len = make_reply(buf, opts, optlen);
		if (n % 4 == 0)
			memset(buf + DHCP_OFF_SNAME, unit_rand(), 192);
		parse_exact(buf, len, &r);
		if (!EXPECT(r.ndns <= DHCP_MAX_DNS && strlen(r.message) <
			    sizeof(r.message)))
			break;
	}
}

static const uint8_t *find_option(const uint8_t *buf, size_t len, uint8_t code)
{
	for (size_t i = DHCP_OFF_OPTIONS; i + 1 < len && buf[i] != 255;
	     i += 2 + buf[i + 1])
		if (buf[i] == code)
			return buf + i;
	return NULL;
}

UNIT_TEST(discover_has_the_rfc_2131_fields_and_options)
{
	struct dhcp_request req = {
		.type = DHCPDISCOVER, .xid = XID, .secs = 3, .broadcast = true,
	};
	uint8_t buf[DHCP_BUILD_MAX];
	const uint8_t *o;
	size_t len;

	memcpy(req.chaddr, mac, 6);
	EXPECT_EQ_UINT(dhcp_build(buf, sizeof(buf) - 1, &req), 0);
	len = dhcp_build(buf, sizeof(buf), &req);
	ASSERT(len == DHCP_MIN_MSG);
	EXPECT_EQ_UINT(buf[DHCP_OFF_OP], BOOTREQUEST);
	EXPECT_EQ_UINT(buf[DHCP_OFF_HTYPE], 1);
	EXPECT_EQ_UINT(buf[DHCP_OFF_HLEN], 6);
	EXPECT_EQ_MEM(buf + DHCP_OFF_XID, "\x12\x34\xab\xcd", 4);
	EXPECT_EQ_MEM(buf + DHCP_OFF_SECS, "\x00\x03\x80\x00", 4);
	EXPECT_EQ_MEM(buf + DHCP_OFF_CIADDR, "\0\0\0\0", 4);
	EXPECT_EQ_MEM(buf + DHCP_OFF_CHADDR, mac, 6);
	EXPECT_EQ_MEM(buf + DHCP_OFF_COOKIE, "\x63\x82\x53\x63", 4);
	o = find_option(buf, len, 53);
	ASSERT(o);
	EXPECT_EQ_MEM(o, "\x35\x01\x01", 3);
	o = find_option(buf, len, 61);
	ASSERT(o);
	EXPECT_EQ_MEM(o, "\x3d\x07\x01\x52\x54\x00\x12\x34\x56", 9);
	o = find_option(buf, len, 55);
	ASSERT(o);
	EXPECT_EQ_MEM(o, "\x37\x06\x01\x03\x06\x33\x3a\x3b", 8);
	EXPECT(!find_option(buf, len, 50) && !find_option(buf, len, 54));
}

UNIT_TEST(requests_carry_what_their_state_requires)
{
	struct dhcp_request req = {
		.type = DHCPREQUEST, .xid = XID,
		.requested_ip = inet_addr("10.0.0.50"),
		.server_id = inet_addr("10.0.0.1"),
	};
	uint8_t buf[DHCP_BUILD_MAX];
	const uint8_t *o;
	size_t len;

	memcpy(req.chaddr, mac, 6);
	len = dhcp_build(buf, sizeof(buf), &req);
	o = find_option(buf, len, 50);
	ASSERT(o);
	EXPECT_EQ_MEM(o, "\x32\x04\x0a\x00\x00\x32", 6);
	o = find_option(buf, len, 54);
	ASSERT(o);
	EXPECT_EQ_MEM(o, "\x36\x04\x0a\x00\x00\x01", 6);
	EXPECT_EQ_UINT(buf[DHCP_OFF_FLAGS], 0);

	/* RENEWING: ciaddr set, neither option 50 nor 54 (RFC 2131 table 5). */
	req.requested_ip = req.server_id = 0;
	req.ciaddr = inet_addr("10.0.0.50");
	len = dhcp_build(buf, sizeof(buf), &req);
	EXPECT_EQ_MEM(buf + DHCP_OFF_CIADDR, "\x0a\x00\x00\x32", 4);
	EXPECT(!find_option(buf, len, 50) && !find_option(buf, len, 54));
}

/* ---- the server's side ---- */

/* A BOOTREQUEST from mac with xid XID, then opts; returns its length. */
static size_t make_request(uint8_t *buf, const uint8_t *opts, size_t optlen)
{
	size_t len = make_reply(buf, opts, optlen);

	buf[DHCP_OFF_OP] = BOOTREQUEST;
	memset(buf + DHCP_OFF_YIADDR, 0, 4);
	return len;
}

static enum dhcp_parse_err parse_request_exact(const uint8_t *buf, size_t len,
					       struct dhcp_client_msg *m)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum dhcp_parse_err err;

	memcpy(copy, buf, len);
	err = dhcp_parse_request(copy, len, m);
	free(copy);
	return err;
}

UNIT_TEST(request_fields_and_options_are_parsed)
{
	static const uint8_t opts[] = {
		53, 1, DHCPREQUEST,
		61, 7, 1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		50, 4, 10, 1, 0, 100,
		54, 4, 10, 1, 0, 1,
		12, 7, 'l', 'a', 'p', 't', 'o', 'p', 0,	/* a counted NUL */
		55, 3, 6, 3, 1,
		57, 2, 5, 220,				/* not used: skipped */
		255,
	};
	uint8_t buf[600];
	size_t len = make_request(buf, opts, sizeof(opts));
	struct dhcp_client_msg m;

	buf[DHCP_OFF_FLAGS] = 0x80;
	memcpy(buf + DHCP_OFF_CIADDR, (uint8_t[]){ 10, 1, 0, 7 }, 4);
	memcpy(buf + DHCP_OFF_GIADDR, (uint8_t[]){ 10, 9, 0, 1 }, 4);
	ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
	EXPECT_EQ_UINT(m.type, DHCPREQUEST);
	EXPECT_EQ_UINT(m.xid, XID);
	EXPECT_EQ_UINT(m.flags, DHCP_FLAG_BROADCAST);
	EXPECT_EQ_UINT(m.ciaddr, ip("10.1.0.7"));
	EXPECT_EQ_UINT(m.giaddr, ip("10.9.0.1"));
	EXPECT_EQ_MEM(m.chaddr, mac, 6);
	EXPECT_EQ_UINT(m.client_id_len, 7);
	EXPECT_EQ_MEM(m.client_id, "\x01\x52\x54\x00\x12\x34\x56", 7);
	EXPECT_EQ_UINT(m.requested_ip, ip("10.1.0.100"));
	EXPECT_EQ_UINT(m.server_id, ip("10.1.0.1"));
	EXPECT_EQ_STR(m.hostname, "laptop");
	EXPECT(m.has_params);
	EXPECT_EQ_UINT(m.nparams, 3);
	EXPECT_EQ_MEM(m.params, "\x06\x03\x01", 3);
	EXPECT_EQ_UINT(m.bad_options, 0);
	EXPECT(!m.truncated);
}

UNIT_TEST(request_header_checks_name_the_failure)
{
	static const uint8_t opts[] = { 53, 1, DHCPDISCOVER, 255 };
	uint8_t buf[600];
	size_t len;
	struct dhcp_client_msg m;

	len = make_request(buf, opts, sizeof(opts));
	ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
	for (size_t n = 0; n < DHCP_OFF_OPTIONS; n++)
		if (!EXPECT_EQ_INT(parse_request_exact(buf, n, &m), DHCP_ESHORT))
			break;
	buf[DHCP_OFF_OP] = BOOTREPLY;
	EXPECT_EQ_INT(parse_request_exact(buf, len, &m), DHCP_ENOTREQUEST);
	EXPECT_EQ_STR(dhcp_parse_strerror(DHCP_ENOTREQUEST), "not a BOOTREQUEST");
	len = make_request(buf, opts, sizeof(opts));
	buf[DHCP_OFF_HTYPE] = 6;		/* IEEE 802 */
	EXPECT_EQ_INT(parse_request_exact(buf, len, &m), DHCP_EHWTYPE);
	len = make_request(buf, opts, sizeof(opts));
	buf[DHCP_OFF_COOKIE + 3] = 0;
	EXPECT_EQ_INT(parse_request_exact(buf, len, &m), DHCP_ECOOKIE);
	len = make_request(buf, (const uint8_t[]){ 53, 0, 255 }, 3);
	EXPECT_EQ_INT(parse_request_exact(buf, len, &m), DHCP_ENOTYPE);
	EXPECT_EQ_UINT(m.bad_options, 1);
	/* Any one-byte type parses: which ones a server serves is its business. */
	len = make_request(buf, (const uint8_t[]){ 53, 1, 200, 255 }, 4);
	EXPECT_EQ_INT(parse_request_exact(buf, len, &m), DHCP_OK);
	EXPECT_EQ_UINT(m.type, 200);
}

UNIT_TEST(repeated_or_malformed_request_options_are_ignored_and_counted)
{
	static const uint8_t opts[] = {
		53, 1, DHCPDISCOVER,
		53, 1, DHCPRELEASE,		/* a second type: ignored */
		50, 3, 10, 1, 0,		/* requested IP of 3 bytes */
		54, 5, 10, 1, 0, 1, 0,
		61, 1, 1,			/* client id under 2 bytes */
		12, 0,				/* empty host name */
		50, 4, 10, 1, 0, 101,		/* the first valid 50 after a bad one */
		50, 4, 10, 1, 0, 102,		/* ... and a repeat */
		255,
	};
	uint8_t buf[600];
	size_t len = make_request(buf, opts, sizeof(opts));
	struct dhcp_client_msg m;

	ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
	EXPECT_EQ_UINT(m.type, DHCPDISCOVER);
	EXPECT_EQ_UINT(m.requested_ip, 0);
	EXPECT_EQ_UINT(m.server_id, 0);
	EXPECT_EQ_UINT(m.client_id_len, 0);
	EXPECT_EQ_STR(m.hostname, "");
	EXPECT_EQ_UINT(m.bad_options, 7);
}

UNIT_TEST(client_id_and_hostname_limits)
{
	uint8_t opts[3 + 2 + 255 + 1] = { 53, 1, DHCPDISCOVER, 61, 65 };
	uint8_t buf[900];
	struct dhcp_client_msg m;
	size_t len;

	memset(opts + 5, 0xee, 65);
	opts[70] = 255;
	len = make_request(buf, opts, 71);
	ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
	EXPECT_EQ_UINT(m.client_id_len, 0);	/* over DHCP_CLIENT_ID_MAX: known by chaddr */
	EXPECT_EQ_UINT(m.bad_options, 1);
	opts[4] = 64;
	opts[69] = 255;
	len = make_request(buf, opts, 70);
	ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
	EXPECT_EQ_UINT(m.client_id_len, 64);

	/* Host names: cut at the domain, refused with a space or a control
	 * byte, or a hyphen at either end (which "-", the lease file's word
	 * for no name, would be). */
	static const struct { const char *sent; const char *kept; } names[] = {
		{ "pc.example.org", "pc" }, { "DESKTOP-AB_1", "DESKTOP-AB_1" },
		{ "my laptop", "" }, { "a\x1b[2J", "" }, { ".example", "" },
		{ "-", "" }, { "-pc", "" }, { "pc-", "" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i].sent);
		uint8_t o[80] = { 53, 1, DHCPDISCOVER, 12, (uint8_t)n };

		memcpy(o + 5, names[i].sent, n);
		o[5 + n] = 255;
		len = make_request(buf, o, 6 + n);
		ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
		EXPECT_EQ_STR(m.hostname, names[i].kept);
	}
	memset(opts + 5, 'h', 64);
	opts[3] = 12;
	opts[4] = 64;
	opts[69] = 255;
	len = make_request(buf, opts, 70);
	ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
	EXPECT_EQ_STR(m.hostname, "");		/* a label is at most 63 */
}

UNIT_TEST(request_options_overloaded_into_file_and_sname)
{
	static const uint8_t opts[] = { 52, 1, 3, 53, 1, DHCPDISCOVER, 255 };
	uint8_t buf[600];
	size_t len = make_request(buf, opts, sizeof(opts));
	struct dhcp_client_msg m;

	memcpy(buf + DHCP_OFF_FILE, (uint8_t[]){ 50, 4, 10, 1, 0, 150, 255 }, 7);
	memcpy(buf + DHCP_OFF_SNAME, (uint8_t[]){ 12, 2, 'p', 'c', 52, 1, 1, 255 }, 8);
	ASSERT(parse_request_exact(buf, len, &m) == DHCP_OK);
	EXPECT_EQ_UINT(m.requested_ip, ip("10.1.0.150"));
	EXPECT_EQ_STR(m.hostname, "pc");
	EXPECT_EQ_UINT(m.bad_options, 1);	/* 52 inside sname */
}

UNIT_TEST(random_requests_never_read_out_of_bounds)
{
	uint8_t opts[400], buf[700];
	struct dhcp_client_msg m;

	for (int n = 0; n < 20000; n++) {
		size_t optlen = unit_rand() % sizeof(opts), len;

		for (size_t i = 0; i < optlen; i++)
			opts[i] = unit_rand() % 3 ? unit_rand() % 64 : unit_rand();
		len = make_request(buf, opts, optlen);
		if (n % 4 == 0) {
			buf[DHCP_OFF_OPTIONS] = 52;
			buf[DHCP_OFF_OPTIONS + 1] = 1;
			buf[DHCP_OFF_OPTIONS + 2] = 3;
			memset(buf + DHCP_OFF_SNAME, unit_rand(), 192);
		}
		parse_request_exact(buf, len, &m);
		if (!EXPECT(m.client_id_len <= DHCP_CLIENT_ID_MAX &&
			    strlen(m.hostname) <= DHCP_HOSTNAME_MAX))
			break;
	}
}

static const struct dhcp_client_msg *discover_msg(struct dhcp_client_msg *m,
						  const uint8_t *params, size_t n)
{
	memset(m, 0, sizeof(*m));
	m->type = DHCPDISCOVER;
	m->xid = XID;
	m->flags = DHCP_FLAG_BROADCAST;
	memcpy(m->chaddr, mac, 6);
	m->client_id_len = 3;
	memcpy(m->client_id, "\x00\xab\xcd", 3);
	if (params) {
		m->has_params = true;
		m->nparams = (uint8_t)n;
		memcpy(m->params, params, n);
	}
	return m;
}

/* What a server builds, the client's own parser reads back. */
UNIT_TEST(built_offer_reads_back_with_the_client_parser)
{
	struct dhcp_client_msg req;
	struct dhcp_server_msg s = {
		.type = DHCPOFFER, .req = discover_msg(&req, NULL, 0),
		.yiaddr = ip("10.1.0.100"), .server_id = ip("10.1.0.1"),
		.lease_secs = 600, .t1_secs = 300, .t2_secs = 525,
		.subnet_mask = ip("255.255.255.0"), .router = ip("10.1.0.1"),
		.dns = { ip("10.1.0.53"), ip("9.9.9.9") }, .ndns = 2,
	};
	uint8_t buf[DHCP_REPLY_MAX];
	struct dhcp_reply r;
	const uint8_t *o;
	size_t len;

	EXPECT_EQ_UINT(dhcp_build_reply(buf, sizeof(buf) - 1, &s), 0);
	len = dhcp_build_reply(buf, sizeof(buf), &s);
	ASSERT(len >= DHCP_MIN_MSG && len <= DHCP_REPLY_MAX);
	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(r.type, DHCPOFFER);
	EXPECT_EQ_UINT(r.yiaddr, ip("10.1.0.100"));
	EXPECT_EQ_UINT(r.server_id, ip("10.1.0.1"));
	EXPECT_EQ_UINT(r.lease_secs, 600);
	EXPECT_EQ_UINT(r.t1_secs, 300);
	EXPECT_EQ_UINT(r.t2_secs, 525);
	EXPECT_EQ_UINT(r.subnet_mask, ip("255.255.255.0"));
	EXPECT_EQ_UINT(r.router, ip("10.1.0.1"));
	EXPECT_EQ_UINT(r.ndns, 2);
	EXPECT_EQ_UINT(r.dns[1], ip("9.9.9.9"));
	EXPECT_EQ_UINT(buf[DHCP_OFF_OP], BOOTREPLY);
	EXPECT_EQ_MEM(buf + DHCP_OFF_FLAGS, "\x80\x00", 2);
	EXPECT_EQ_MEM(buf + DHCP_OFF_CIADDR, "\0\0\0\0", 4);
	o = find_option(buf, len, DHO_CLIENT_ID);	/* RFC 6842: echoed */
	ASSERT(o);
	EXPECT_EQ_MEM(o, "\x3d\x03\x00\xab\xcd", 5);
	EXPECT(!find_option(buf, len, DHO_MESSAGE));
}

/* RFC 2132 9.8 and 3.3: the client's order, but the mask first; only what was asked. */
UNIT_TEST(reply_parameters_follow_the_request_list)
{
	struct dhcp_client_msg req;
	struct dhcp_server_msg s = {
		.type = DHCPACK, .yiaddr = ip("10.1.0.100"), .server_id = ip("10.1.0.1"),
		.subnet_mask = ip("255.255.255.0"), .router = ip("10.1.0.1"),
		.dns = { ip("10.1.0.53") }, .ndns = 1,
	};
	uint8_t buf[DHCP_REPLY_MAX];
	size_t len, i;

	s.req = discover_msg(&req, (const uint8_t[]){ 6, 42, 3, 6, 1 }, 5);
	len = dhcp_build_reply(buf, sizeof(buf), &s);
	i = DHCP_OFF_OPTIONS + 3 + 6;		/* after 53 and 54, no lease options */
	EXPECT_EQ_UINT(buf[i], DHO_SUBNET_MASK);
	EXPECT_EQ_UINT(buf[i + 6], DHO_DNS);
	EXPECT_EQ_UINT(buf[i + 12], DHO_ROUTER);
	EXPECT_EQ_UINT(buf[i + 18], DHO_CLIENT_ID);
	EXPECT(!find_option(buf, len, DHO_LEASE_TIME));

	s.req = discover_msg(&req, (const uint8_t[]){ 3 }, 1);
	len = dhcp_build_reply(buf, sizeof(buf), &s);
	EXPECT(find_option(buf, len, DHO_ROUTER));
	EXPECT(!find_option(buf, len, DHO_SUBNET_MASK) && !find_option(buf, len, DHO_DNS));
}

UNIT_TEST(nak_carries_no_configuration)
{
	struct dhcp_client_msg req;
	struct dhcp_server_msg s = {
		.type = DHCPNAK, .server_id = ip("10.1.0.1"), .message = "wrong network",
		.subnet_mask = ip("255.255.255.0"), .router = ip("10.1.0.1"),
	};
	uint8_t buf[DHCP_REPLY_MAX];
	struct dhcp_reply r;
	size_t len;

	s.req = discover_msg(&req, NULL, 0);
	req.type = DHCPREQUEST;
	len = dhcp_build_reply(buf, sizeof(buf), &s);
	ASSERT(parse_exact(buf, len, &r) == DHCP_OK);
	EXPECT_EQ_UINT(r.type, DHCPNAK);
	EXPECT_EQ_UINT(r.yiaddr, 0);
	EXPECT_EQ_UINT(r.have, DHCP_HAVE_SERVER_ID);
	EXPECT_EQ_STR(r.message, "wrong network");
}
