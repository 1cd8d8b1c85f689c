/* test_httpd_auth.c - services/httpd/auth.c and the query decoding of parse.c: who may have a capture. */
/* links: services/httpd/auth.c services/httpd/parse.c */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "parse.h"
#include "unit.h"

static const char secret[] = "0123456789abcdef0123456789abcdef";

/* Parse a GET of target with one extra field line (or none). */
static bool request(struct http_request *req, char *buf, size_t size,
		    const char *target, const char *field)
{
	int n = snprintf(buf, size, "GET %s HTTP/1.1\r\nHost: x\r\n%s%s\r\n", target,
			 field ? field : "", field ? "\r\n" : "");

	return n > 0 && http_parse_request(buf, (size_t)n, &http_default_limits, req) == n;
}

UNIT_TEST(token_equal_needs_every_byte_and_the_length)
{
	EXPECT(auth_token_equal(secret, secret, strlen(secret)));
	EXPECT(!auth_token_equal(secret, secret, strlen(secret) - 1));	/* a prefix */
	EXPECT(!auth_token_equal(secret, "0123456789abcdef0123456789abcdefX", 33));
	EXPECT(!auth_token_equal(secret, "1123456789abcdef0123456789abcdef", 32));
	EXPECT(!auth_token_equal(secret, "0123456789abcdef0123456789abcdeF", 32));
	EXPECT(!auth_token_equal(secret, "", 0));
	EXPECT(!auth_token_equal("", "", 0));		/* no secret: nothing matches */
	/* The guess is read no further than its length says. */
	EXPECT(!auth_token_equal(secret, "0123", 4));
}

UNIT_TEST(bearer_credentials)
{
	struct http_span field = { "Bearer abc.def", 14 }, t;

	EXPECT(auth_bearer(field, &t) && t.len == 7 && !memcmp(t.p, "abc.def", 7));
	field = (struct http_span){ "bEaReR   tok", 12 };	/* scheme case-insensitive */
	EXPECT(auth_bearer(field, &t) && t.len == 3 && !memcmp(t.p, "tok", 3));
	field = (struct http_span){ "Basic dG9rOg==", 14 };
	EXPECT(!auth_bearer(field, &t));
	field = (struct http_span){ "Bearer", 6 };
	EXPECT(!auth_bearer(field, &t));
	field = (struct http_span){ "Bearer ", 7 };
	EXPECT(!auth_bearer(field, &t));
	field = (struct http_span){ "Bearertok", 9 };
	EXPECT(!auth_bearer(field, &t));
}

UNIT_TEST(capture_allowed_by_query_or_bearer_only)
{
	struct http_request req;
	char buf[512], target[128], field[128];

	snprintf(target, sizeof(target), "/capture.pcap?count=3&token=%s", secret);
	ASSERT(request(&req, buf, sizeof(buf), target, NULL));
	EXPECT(auth_capture_allowed(secret, &req));
	EXPECT(!auth_capture_allowed("", &req));		/* no secret loaded */
	ASSERT(request(&req, buf, sizeof(buf), "/capture.pcap?token=nope", NULL));
	EXPECT(!auth_capture_allowed(secret, &req));
	ASSERT(request(&req, buf, sizeof(buf), "/capture.pcap?tok=0123456789abcdef0123456789abcdef", NULL));
	EXPECT(!auth_capture_allowed(secret, &req));
	snprintf(field, sizeof(field), "Authorization: Bearer %s", secret);
	ASSERT(request(&req, buf, sizeof(buf), "/capture.pcap", field));
	EXPECT(auth_capture_allowed(secret, &req));
	EXPECT(req.authorization_count == 1);
	ASSERT(request(&req, buf, sizeof(buf), "/capture.pcap", "Authorization: Bearer wrong"));
	EXPECT(!auth_capture_allowed(secret, &req));
	/* Two Authorization fields: neither is believed. */
	snprintf(field, sizeof(field), "Authorization: Bearer %s\r\nAuthorization: Bearer %s",
		 secret, secret);
	ASSERT(request(&req, buf, sizeof(buf), "/capture.pcap", field));
	EXPECT_EQ_UINT(req.authorization_count, 2);
	EXPECT(!auth_capture_allowed(secret, &req));
}

UNIT_TEST(query_values_decode)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "tcp%20port%2080", "tcp port 80" },
		{ "host+10.0.0.1+and+not+arp", "host 10.0.0.1 and not arp" },
		{ "%28udp%7C%7Cicmp%29", "(udp||icmp)" },
		{ "a%2Bb%2fc", "a+b/c" },
		{ "", "" },
	};
	static const char *const bad[] = { "%", "%2", "%zz", "a%0a", "%00", "%7f", "x%2" };
	char out[32];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct http_span v = { ok[i].in, strlen(ok[i].in) };

		EXPECT_MSG(http_query_decode(v, out, sizeof(out)) && !strcmp(out, ok[i].out),
			   "'%s'", ok[i].in);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct http_span v = { bad[i], strlen(bad[i]) };

		EXPECT_MSG(!http_query_decode(v, out, sizeof(out)), "'%s' decoded", bad[i]);
	}
	{
		struct http_span v = { "0123456789", 10 };

		EXPECT(http_query_decode(v, out, 11));
		EXPECT(!http_query_decode(v, out, 10));	/* no room for the NUL */
		EXPECT(!http_query_decode(v, out, 0));
	}
}
