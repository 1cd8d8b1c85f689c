/*
 * parse.c - the HTTP/1.x request head parser (RFC 9112 sections 2-6).
 *
 * Strict where the RFC lets a server choose: one SP between the parts of
 * the request line, no whitespace before a field's colon, no obs-fold, no
 * CR except in a line ending; all of it 400. Stateless: the caller hands
 * the whole buffered head again after each read (it is at most ~10 KiB,
 * so rescanning is cheaper than keeping a resumable state machine).
 */
#include <string.h>
#include <skiff/hex.h>

#include "parse.h"

const struct http_limits http_default_limits = {
	.max_method = 32,
	.max_target = 2048,
	.max_fields = 8192,
	.max_field_count = 100,
};

/* Empty lines tolerated before a request line (RFC 9112 2.2 asks for one). */
#define MAX_LEADING_EMPTY	8
/* "HTTP/1.1" (RFC 9112 2.3), and a CR that may follow before the LF. */
#define VERSION_LEN		8

/* RFC 9110 5.6.2: tchar. */
static bool is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

bool http_span_eq(struct http_span a, const char *s)
{
	return strlen(s) == a.len && memcmp(a.p, s, a.len) == 0;
}

/* Field names and connection options are case-insensitive (RFC 9110 5.1, 7.6.1). */
static bool span_ieq(const char *p, size_t len, const char *s)
{
	size_t i;

	for (i = 0; i < len && s[i]; i++)
		if (ascii_lower(p[i]) != s[i])
			return false;
	return i == len && s[i] == '\0';
}

/*
 * The version (RFC 9112 2.3): exactly "HTTP/" DIGIT "." DIGIT, the name
 * case-sensitive. A major other than 1 is 505; a minor above 1 is served
 * as 1.1, the highest we speak (RFC 9110 6.2).
 */
static int parse_version(const char *v, const char *end,
			 struct http_request *req)
{
	if (end - v != VERSION_LEN || memcmp(v, "HTTP/", 5) != 0 ||
	    v[5] < '0' || v[5] > '9' || v[6] != '.' || v[7] < '0' || v[7] > '9')
		return -400;
	if (v[5] != '1')
		return -505;
	req->minor = v[7] == '0' ? 0 : 1;
	return 0;
}

/*
 * The request-target's forms (RFC 9112 3.2): origin-form is the common
 * one; absolute-form must be accepted by servers (3.2.2) and is reduced to
 * its path; asterisk-form and authority-form belong to OPTIONS and CONNECT,
 * which are answered 405, so they are malformed with GET or HEAD.
 */
static int parse_target(struct http_request *req)
{
	static const char root[] = "/";
	const char *t = req->target.p, *end = t + req->target.len;
	const char *q;
	size_t skip = 0;

	if (t[0] != '/') {
		if (req->target.len > 7 && span_ieq(t, 7, "http://"))
			skip = 7;
		else if (req->target.len > 8 && span_ieq(t, 8, "https://"))
			skip = 8;
		else if (req->method == HTTP_METHOD_OTHER)
			return 0;	/* "*" or host:port; the path stays empty */
		else
			return -400;
		for (t += skip; t < end && *t != '/' && *t != '?'; t++)
			;
	}
	q = memchr(t, '?', end - t);
	req->path.p = t;
	req->path.len = (q ? q : end) - t;
	if (q) {
		req->query.p = q + 1;
		req->query.len = end - (q + 1);
	}
	if (req->path.len == 0) {
		req->path.p = root;
		req->path.len = 1;
	}
	return 0;
}

/*
 * The request line, method SP request-target SP HTTP-version (RFC 9112 3),
 * in [p, end) without its line ending. When the line is not complete yet,
 * returns 0 if it may still become valid and an error as soon as one part
 * is over its limit or holds a byte it cannot hold.
 */
static int parse_request_line(const char *p, const char *end, bool complete,
			      const struct http_limits *lim,
			      struct http_request *req)
{
	const char *sp1, *sp2, *q;
	int err;

	sp1 = memchr(p, ' ', end - p);
	for (q = p; q < (sp1 ? sp1 : end); q++)
		if (!is_tchar(*q))
			return -400;
	if ((size_t)(q - p) > lim->max_method)
		return -501;	/* RFC 9112 3: longer than any we implement */
	if (!sp1)
		return complete ? -400 : 0;
	if (sp1 == p)
		return -400;
	req->method_name.p = p;
	req->method_name.len = sp1 - p;
	if (http_span_eq(req->method_name, "GET"))
		req->method = HTTP_METHOD_GET;
	else if (http_span_eq(req->method_name, "HEAD"))
		req->method = HTTP_METHOD_HEAD;
	else
		req->method = HTTP_METHOD_OTHER;

	p = sp1 + 1;
	sp2 = memchr(p, ' ', end - p);
	for (q = p; q < (sp2 ? sp2 : end); q++)
		if ((unsigned char)*q <= ' ' || (unsigned char)*q >= 0x7f)
			break;
	if ((size_t)(q - p) > lim->max_target)
		return -414;
	if (q < (sp2 ? sp2 : end) && (complete || *q != '\r' || q + 1 != end))
		return -400;	/* a control, space or non-ASCII byte */
	if (!sp2)
		return complete ? -400 : 0;	/* HTTP/0.9 has no version: 400 */
	if (sp2 == p)
		return -400;
	req->target.p = p;
	req->target.len = sp2 - p;

	p = sp2 + 1;
	if (!complete)
		return end - p > VERSION_LEN + 1 ? -400 : 0;
	err = parse_version(p, end, req);
	return err < 0 ? err : parse_target(req);
}

/* Content-Length (RFC 9110 8.6): 1*DIGIT; a repeated field must agree. */
static int parse_content_length(const char *v, size_t len,
				struct http_request *req)
{
	long long n = 0;

	if (len == 0 || len > 15)
		return -400;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -400;
		n = n * 10 + (v[i] - '0');
	}
	if (req->content_length >= 0 && req->content_length != n)
		return -400;	/* RFC 9112 6.3 (5): differing lengths */
	req->content_length = n;
	return 0;
}

/* Connection (RFC 9110 7.6.1): a comma-separated list of options. */
static void parse_connection(const char *v, size_t len,
			     struct http_request *req)
{
	const char *end = v + len;

	while (v < end) {
		const char *comma = memchr(v, ',', end - v);
		const char *te = comma ? comma : end;
		const char *ts = v;

		while (ts < te && is_ows(*ts))
			ts++;
		while (te > ts && is_ows(te[-1]))
			te--;
		if (span_ieq(ts, te - ts, "close"))
			req->conn_close = true;
		else if (span_ieq(ts, te - ts, "keep-alive"))
			req->conn_keep_alive = true;
		v = comma ? comma + 1 : end;
	}
}

/*
 * One field line, name ":" OWS value OWS (RFC 9112 5), in [p, end) without
 * its line ending. Whitespace first is obs-fold, or whitespace before the
 * first field (RFC 9112 5.2, 2.2); whitespace before the colon is 400 by
 * RFC 9112 5.1. Values hold VCHAR, obs-text, SP and HTAB (RFC 9110 5.5).
 */
static int parse_field(const char *p, const char *end, struct http_request *req)
{
	const char *colon, *v, *ve;

	for (colon = p; colon < end && *colon != ':'; colon++)
		if (!is_tchar(*colon))
			return -400;
	if (colon == p || colon == end)
		return -400;
	v = colon + 1;
	ve = end;
	while (v < ve && is_ows(*v))
		v++;
	while (ve > v && is_ows(ve[-1]))
		ve--;
	for (const char *q = v; q < ve; q++)
		if (((unsigned char)*q < ' ' && *q != '\t') || *q == 0x7f)
			return -400;

	if (span_ieq(p, colon - p, "host"))
		req->host_count++;
	else if (span_ieq(p, colon - p, "connection"))
		parse_connection(v, ve - v, req);
	else if (span_ieq(p, colon - p, "content-length"))
		return parse_content_length(v, ve - v, req);
	else if (span_ieq(p, colon - p, "transfer-encoding"))
		req->transfer_encoding = true;
	else if (span_ieq(p, colon - p, "authorization")) {
		req->authorization.p = v;
		req->authorization.len = ve - v;
		req->authorization_count++;
	}
	return 0;
}

/* [p, lf) without a CR before the LF. */
static const char *line_end(const char *p, const char *lf)
{
	return lf > p && lf[-1] == '\r' ? lf - 1 : lf;
}

/* Checks across fields once the head is complete; decides persistence. */
static int finish_head(struct http_request *req)
{
	/* RFC 9112 3.2: exactly one Host in 1.1; never more than one. */
	if (req->host_count > 1 || (req->minor >= 1 && req->host_count == 0))
		return -400;
	if (req->transfer_encoding) {
		/* RFC 9112 6.1: with Content-Length, or in 1.0, framing is faulty. */
		if (req->content_length >= 0 || req->minor == 0)
			return -400;
		return -501;	/* RFC 9112 6.1: chunked bodies are not read here */
	}
	/* RFC 9112 9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive". */
	if (req->minor >= 1)
		req->keep_alive = !req->conn_close;
	else
		req->keep_alive = req->conn_keep_alive && !req->conn_close;
	return 0;
}

int http_parse_request(const char *buf, size_t len,
		       const struct http_limits *lim, struct http_request *req)
{
	const char *p = buf, *end = buf + len, *lf, *fields;
	int err, empty = 0;

	memset(req, 0, sizeof(*req));
	req->content_length = -1;

	/* RFC 9112 2.2: ignore empty lines before the request line. */
	while (p < end && (*p == '\n' || *p == '\r')) {
		if (*p == '\r' && p + 1 == end)
			return 0;
		if (*p == '\r' && p[1] != '\n')
			return -400;
		p += *p == '\r' ? 2 : 1;
		if (++empty > MAX_LEADING_EMPTY)
			return -400;
	}

	lf = memchr(p, '\n', end - p);
	err = parse_request_line(p, lf ? line_end(p, lf) : end, lf != NULL,
				 lim, req);
	if (err < 0 || !lf)
		return err;

	fields = p = lf + 1;
	for (;;) {
		lf = memchr(p, '\n', end - p);
		if ((size_t)((lf ? lf + 1 : end) - fields) > lim->max_fields)
			return -431;
		if (!lf)
			return 0;
		if (line_end(p, lf) == p)
			break;		/* the empty line ending the head */
		if (req->field_count++ >= lim->max_field_count)
			return -431;
		err = parse_field(p, line_end(p, lf), req);
		if (err < 0)
			return err;
		p = lf + 1;
	}
	err = finish_head(req);
	if (err < 0)
		return err;
	req->head_len = lf + 1 - buf;
	return (int)req->head_len;
}

bool http_query_param(struct http_span query, const char *name,
		      struct http_span *value)
{
	const char *p = query.p, *end;
	size_t nlen = strlen(name);

	if (query.len == 0)
		return false;	/* p may be NULL: no arithmetic on it (C11 6.5.6) */
	end = p + query.len;
	while (p < end) {
		const char *amp = memchr(p, '&', end - p);
		const char *pe = amp ? amp : end;
		const char *eq = memchr(p, '=', pe - p);
		const char *ne = eq ? eq : pe;

		if ((size_t)(ne - p) == nlen && memcmp(p, name, nlen) == 0) {
			value->p = eq ? eq + 1 : pe;
			value->len = pe - value->p;
			return true;
		}
		p = amp ? amp + 1 : end;
	}
	return false;
}

bool http_query_decode(struct http_span value, char *out, size_t outlen)
{
	size_t n = 0;

	for (size_t i = 0; i < value.len; i++) {
		int c = (unsigned char)value.p[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (i + 2 >= value.len)
				return false;
			hi = hex_to_bin((unsigned char)value.p[i + 1]);
			lo = hex_to_bin((unsigned char)value.p[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			c = hi << 4 | lo;
			i += 2;
		}
		if (c < ' ' || c == 0x7f || n + 1 >= outlen)
			return false;
		out[n++] = (char)c;
	}
	if (outlen == 0)
		return false;
	out[n] = '\0';
	return true;
}
