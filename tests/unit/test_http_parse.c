/* test_http_parse.c - services/httpd/parse.c: request heads, pipelines, limits, hostile input. */
/* links: services/httpd/parse.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "unit.h"

static const struct http_limits *lim = &http_default_limits;

/* Parses a NUL-terminated head (the NUL is not passed). */
static int parse(const char *s, struct http_request *req)
{
	unit_seed("http", s, strlen(s));
	return http_parse_request(s, strlen(s), lim, req);
}

static int status_of(const char *s)
{
	struct http_request req;

	return parse(s, &req);
}

static bool span_is(struct http_span a, const char *s)
{
	return http_span_eq(a, s);
}

UNIT_TEST(simple_get_parses)
{
	static const char s[] = "GET /api/stats HTTP/1.1\r\nHost: skiff\r\n\r\n";
	struct http_request req;

	EXPECT_EQ_INT(parse(s, &req), sizeof(s) - 1);
	EXPECT_EQ_INT(req.head_len, sizeof(s) - 1);
	EXPECT_EQ_INT(req.method, HTTP_METHOD_GET);
	EXPECT(span_is(req.method_name, "GET"));
	EXPECT(span_is(req.target, "/api/stats"));
	EXPECT(span_is(req.path, "/api/stats"));
	EXPECT_EQ_UINT(req.query.len, 0);
	EXPECT_EQ_INT(req.minor, 1);
	EXPECT(req.keep_alive);
	EXPECT_EQ_UINT(req.host_count, 1);
	EXPECT_EQ_UINT(req.field_count, 1);
	EXPECT_EQ_INT(req.content_length, -1);
}

UNIT_TEST(head_and_other_methods)
{
	struct http_request req;

	EXPECT(parse("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(req.method, HTTP_METHOD_HEAD);
	EXPECT(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc", &req) > 0);
	EXPECT_EQ_INT(req.method, HTTP_METHOD_OTHER);
	EXPECT_EQ_INT(req.content_length, 3);
	EXPECT(parse("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(req.method, HTTP_METHOD_OTHER);
	/* Methods are case-sensitive (RFC 9110 9.1): "get" is another method. */
	EXPECT(parse("get / HTTP/1.1\r\nHost: a\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(req.method, HTTP_METHOD_OTHER);
	/* OPTIONS * and CONNECT host:port are their methods' forms. */
	EXPECT(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", &req) > 0);
	EXPECT(parse("CONNECT skiff:443 HTTP/1.1\r\nHost: skiff:443\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(status_of("GET * HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET skiff:80 HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
}

UNIT_TEST(target_query_and_absolute_form)
{
	struct http_request req;
	struct http_span v;

	EXPECT(parse("GET /capture.pcap?count=20&x HTTP/1.1\r\nHost: a\r\n\r\n", &req) > 0);
	EXPECT(span_is(req.path, "/capture.pcap"));
	EXPECT(span_is(req.query, "count=20&x"));
	EXPECT(http_query_param(req.query, "count", &v) && span_is(v, "20"));
	EXPECT(http_query_param(req.query, "x", &v) && v.len == 0);
	EXPECT(!http_query_param(req.query, "coun", &v));
	EXPECT(!http_query_param(req.query, "y", &v));

	/* RFC 9112 3.2.2: servers accept the absolute form. */
	EXPECT(parse("GET http://skiff:8080/api/stats?a=1 HTTP/1.1\r\nHost: skiff\r\n\r\n", &req) > 0);
	EXPECT(span_is(req.path, "/api/stats"));
	EXPECT(span_is(req.query, "a=1"));
	EXPECT(parse("GET HTTP://skiff HTTP/1.1\r\nHost: skiff\r\n\r\n", &req) > 0);
	EXPECT(span_is(req.path, "/"));
	EXPECT(parse("GET https://skiff?q HTTP/1.1\r\nHost: skiff\r\n\r\n", &req) > 0);
	EXPECT(span_is(req.path, "/"));
	EXPECT(span_is(req.query, "q"));
}

UNIT_TEST(versions)
{
	struct http_request req;

	EXPECT(parse("GET / HTTP/1.0\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(req.minor, 0);
	EXPECT(!req.keep_alive);
	/* A higher minor is answered as 1.1 (RFC 9110 6.2). */
	EXPECT(parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(req.minor, 1);
	EXPECT_EQ_INT(status_of("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), -505);
	EXPECT_EQ_INT(status_of("GET / HTTP/0.9\r\n\r\n"), -505);
	EXPECT_EQ_INT(status_of("GET / HTTP/3.0\r\n\r\n"), -505);
	/* Malformed versions are 400: the name is case-sensitive (RFC 9112 2.3). */
	EXPECT_EQ_INT(status_of("GET / http/1.1\r\nHost: a\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1\r\nHost: a\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.10\r\nHost: a\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.x\r\nHost: a\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1 \r\nHost: a\r\n\r\n"), -400);
	/* HTTP/0.9's version-less request line. */
	EXPECT_EQ_INT(status_of("GET /\r\n\r\n"), -400);
}

UNIT_TEST(malformed_request_lines)
{
	static const char *const bad[] = {
		"\x01\x02\x03\r\n\r\n",
		"GARBAGE\r\n\r\n",
		" GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /  HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET / HTTP/1.1\r\r\nHost: a\r\n\r\n",
		"GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /a\x7f HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n",
		"G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n",
		"\r\r\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_MSG(status_of(bad[i]) == -400, "case %zu: %d", i,
			   status_of(bad[i]));
}

UNIT_TEST(malformed_lines_are_rejected_before_the_head_ends)
{
	/* No need to wait for the empty line once the request line is bad. */
	EXPECT_EQ_INT(status_of("GARBAGE\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/9.9\r\n"), -505);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nbad field\r\n"), -400);
	/* A bad byte in the method is seen before the line ends. */
	EXPECT_EQ_INT(status_of("\x16\x03\x01"), -400);		/* TLS to port 80 */
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1XX"), -400);
}

UNIT_TEST(incomplete_heads_ask_for_more)
{
	static const char full[] =
		"GET /dashboard.js HTTP/1.1\r\nHost: skiff\r\n"
		"Connection: keep-alive\r\nAccept: */*\r\n\r\n";
	struct http_request req;

	unit_seed("http", full, sizeof(full) - 1);
	/* Every prefix is "more, please"; the whole is a request. */
	for (size_t n = 0; n < sizeof(full) - 1; n++) {
		int r = http_parse_request(full, n, lim, &req);

		if (!EXPECT_MSG(r == 0, "prefix %zu: %d", n, r))
			break;
	}
	EXPECT_EQ_INT(http_parse_request(full, sizeof(full) - 1, lim, &req),
		      sizeof(full) - 1);
}

UNIT_TEST(bare_lf_line_endings_accepted)
{
	static const char s[] = "GET /x HTTP/1.1\nHost: a\nConnection: close\n\n";
	struct http_request req;

	/* RFC 9112 2.2: a recipient MAY take a bare LF as the line terminator. */
	EXPECT_EQ_INT(parse(s, &req), sizeof(s) - 1);
	EXPECT(span_is(req.path, "/x"));
	EXPECT(!req.keep_alive);
	EXPECT_EQ_INT(parse("GET / HTTP/1.1\r\nHost: a\n\r\n", &req),
		      strlen("GET / HTTP/1.1\r\nHost: a\n\r\n"));
}

UNIT_TEST(leading_empty_lines_skipped)
{
	static const char s[] = "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
	struct http_request req;

	/* RFC 9112 2.2: at least one empty line before the request line. */
	EXPECT_EQ_INT(parse(s, &req), sizeof(s) - 1);
	EXPECT(span_is(req.path, "/"));
	EXPECT_EQ_INT(status_of("\r\n"), 0);
	EXPECT_EQ_INT(status_of("\r"), 0);
	EXPECT_EQ_INT(status_of("\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n"), -400);
}

UNIT_TEST(pipelined_requests_parse_one_after_another)
{
	static const char s[] =
		"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
		"HEAD /2 HTTP/1.1\r\nHost: a\r\n\r\n"
		"POST /3 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
		"GET /4 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
		"GET /5 HTTP/1.1\r\nHo";
	static const char *const paths[] = { "/1", "/2", "/3", "/4" };
	const char *p = s, *end = s + sizeof(s) - 1;
	struct http_request req;

	unit_seed("http", s, sizeof(s) - 1);
	for (size_t i = 0; i < 4; i++) {
		int r = http_parse_request(p, end - p, lim, &req);

		if (!EXPECT_MSG(r > 0, "request %zu: %d", i, r))
			return;
		EXPECT(span_is(req.path, paths[i]));
		p += r;
		if (req.content_length > 0)
			p += req.content_length;	/* the body, as httpd skips it */
	}
	EXPECT(!req.keep_alive);
	/* The fifth is still on its way. */
	EXPECT_EQ_INT(http_parse_request(p, end - p, lim, &req), 0);
}

UNIT_TEST(header_names_case_insensitive)
{
	struct http_request req;

	EXPECT(parse("GET / HTTP/1.1\r\nhOsT: a\r\nCONNECTION: CLOSE\r\n"
		     "content-LENGTH: 0\r\n\r\n", &req) > 0);
	EXPECT_EQ_UINT(req.host_count, 1);
	EXPECT(req.conn_close);
	EXPECT(!req.keep_alive);
	EXPECT_EQ_INT(req.content_length, 0);
}

UNIT_TEST(connection_tokens)
{
	struct http_request req;

	EXPECT(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &req) > 0);
	EXPECT(req.keep_alive);
	EXPECT(req.conn_keep_alive);
	EXPECT(parse("GET / HTTP/1.0\r\nConnection: foo, keep-alive ,bar\r\n\r\n", &req) > 0);
	EXPECT(req.keep_alive);
	/* close wins over keep-alive, in any field line. */
	EXPECT(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", &req) > 0);
	EXPECT(!req.keep_alive);
	EXPECT(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade,\tClose\r\n\r\n", &req) > 0);
	EXPECT(!req.keep_alive);
	EXPECT(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed, xclose, ,\r\n\r\n", &req) > 0);
	EXPECT(req.keep_alive);
	EXPECT(!req.conn_close);
	EXPECT(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection:\r\n\r\n", &req) > 0);
	EXPECT(req.keep_alive);
	EXPECT(parse("GET / HTTP/1.0\r\nHost: a\r\n\r\n", &req) > 0);
	EXPECT(!req.keep_alive);
}

UNIT_TEST(field_syntax)
{
	struct http_request req;

	/* OWS around values is not part of them; empty values are fine. */
	EXPECT(parse("GET / HTTP/1.1\r\nHost:a\r\nX-Empty:\r\nX-Tab:\t v \t\r\n\r\n", &req) > 0);
	EXPECT_EQ_UINT(req.field_count, 3);
	/* obs-text in values is allowed (RFC 9110 5.5). */
	EXPECT(parse("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n", &req) > 0);

	/* Folding (RFC 9112 5.2) and whitespace before the colon (5.1): 400. */
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  continued\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\tcontinued\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\n Host: a\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\n: novalue\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nX\x01: b\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01" "b\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\x7f\r\n\r\n"), -400);
}

UNIT_TEST(nul_bytes_rejected)
{
	static const char s[] = "GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n";
	static const char f[] = "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n";
	struct http_request req;

	unit_seed("http", s, sizeof(s) - 1);
	unit_seed("http", f, sizeof(f) - 1);
	EXPECT_EQ_INT(http_parse_request(s, sizeof(s) - 1, lim, &req), -400);
	EXPECT_EQ_INT(http_parse_request(f, sizeof(f) - 1, lim, &req), -400);
}

UNIT_TEST(host_rules)
{
	/* RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one in 1.0. */
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), -400);
	EXPECT(status_of("GET / HTTP/1.1\r\nHost:\r\n\r\n") > 0);
	EXPECT(status_of("GET / HTTP/1.0\r\n\r\n") > 0);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n"), -400);
}

UNIT_TEST(message_framing)
{
	struct http_request req;

	EXPECT(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(req.content_length, 12);
	EXPECT(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n", &req) > 0);
	EXPECT_EQ_INT(req.content_length, 7);
	EXPECT(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999999999\r\n\r\n", &req) > 0);
	/* RFC 9112 6.3: invalid or differing lengths, or with Transfer-Encoding. */
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 7, 7\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 9999999999999999\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), -400);
	EXPECT_EQ_INT(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"), -501);
}

/* A request whose target is n bytes long ("/aaa..."), with or without its end. */
static char *long_target(size_t n, bool complete)
{
	char *s = malloc(n + 64);

	strcpy(s, "GET /");
	memset(s + 5, 'a', n - 1);
	strcpy(s + 4 + n, complete ? " HTTP/1.1\r\nHost: a\r\n\r\n" : "");
	return s;
}

UNIT_TEST(target_limit_is_414)
{
	char *ok = long_target(lim->max_target, true);
	char *too_long = long_target(lim->max_target + 1, true);
	char *partial = long_target(lim->max_target + 1, false);
	char *partial_ok = long_target(lim->max_target, false);

	EXPECT(status_of(ok) > 0);
	EXPECT_EQ_INT(status_of(too_long), -414);
	/* Known before the line ends: no need to wait for the rest. */
	EXPECT_EQ_INT(status_of(partial), -414);
	EXPECT_EQ_INT(status_of(partial_ok), 0);
	free(ok);
	free(too_long);
	free(partial);
	free(partial_ok);
}

UNIT_TEST(method_limit_is_501)
{
	char s[128];

	memset(s, 'M', 40);
	strcpy(s + 40, " / HTTP/1.1\r\nHost: a\r\n\r\n");
	EXPECT_EQ_INT(status_of(s), -501);
	s[40] = '\0';
	EXPECT_EQ_INT(status_of(s), -501);
	memset(s, 'M', 32);
	strcpy(s + 32, " / HTTP/1.1\r\nHost: a\r\n\r\n");
	EXPECT(status_of(s) > 0);
}

/* Request line, Host, then count fields of `each` bytes (CRLF included). */
static char *many_fields(unsigned int count, size_t each, bool complete)
{
	char *s = malloc(64 + count * each);
	size_t len = (size_t)sprintf(s, "GET / HTTP/1.1\r\nHost: a\r\n");

	for (unsigned int i = 0; i < count; i++) {
		int n = sprintf(s + len, "X-%05u: ", i);

		memset(s + len + n, 'v', each - n - 2);
		memcpy(s + len + each - 2, "\r\n", 2);
		len += each;
	}
	strcpy(s + len, complete ? "\r\n" : "");
	return s;
}

UNIT_TEST(field_section_limit_is_431)
{
	/* 8 KiB for the field lines: Host (9 bytes) and 81 of 100 fit. */
	char *ok = many_fields(81, 100, true);
	char *big = many_fields(82, 100, true);
	char *big_partial = many_fields(82, 100, false);
	char *one_huge = many_fields(1, 9000, true);

	EXPECT(status_of(ok) > 0);
	EXPECT_EQ_INT(status_of(big), -431);
	EXPECT_EQ_INT(status_of(big_partial), -431);
	EXPECT_EQ_INT(status_of(one_huge), -431);
	free(ok);
	free(big);
	free(big_partial);
	free(one_huge);
}

UNIT_TEST(field_count_limit_is_431)
{
	char *ok = many_fields(99, 12, true);		/* Host + 99 = 100 */
	char *too_many = many_fields(100, 12, true);
	char *too_many_partial = many_fields(100, 12, false);

	EXPECT(status_of(ok) > 0);
	EXPECT_EQ_INT(status_of(too_many), -431);
	/* Known from the count: no need to wait for the rest. */
	EXPECT_EQ_INT(status_of(too_many_partial), -431);
	free(ok);
	free(too_many);
	free(too_many_partial);
}

/* Random bytes and mutated requests: never a crash, never past the buffer. */
UNIT_TEST(random_input_never_crashes)
{
	static const char base[] =
		"GET /api/stats?count=3 HTTP/1.1\r\nHost: skiff\r\n"
		"Connection: keep-alive\r\nContent-Length: 0\r\n\r\n";
	static const char alphabet[] = "GET /HTP1.0\r\n: ,\t\x01\x7f\xff?=&";
	struct http_request req;

	for (int i = 0; i < 20000; i++) {
		size_t n = unit_rand() % 200;
		char *buf = malloc(n ? n : 1);
		int r;

		if (i % 2) {
			for (size_t k = 0; k < n; k++)
				buf[k] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		} else {
			n = n < sizeof(base) - 1 ? n : sizeof(base) - 1;
			memcpy(buf, base, n);
			if (n)
				buf[unit_rand() % n] = (char)unit_rand();
		}
		r = http_parse_request(buf, n, lim, &req);
		if (!EXPECT_MSG(r <= (int)n && (r >= 0 || r == -400 ||
				r == -414 || r == -431 || r == -501 ||
				r == -505), "input %d: %d", i, r)) {
			free(buf);
			break;
		}
		if (r > 0)
			EXPECT_EQ_UINT(req.head_len, (size_t)r);
		free(buf);
	}
}
