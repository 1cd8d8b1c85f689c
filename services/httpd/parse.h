/*
 * parse.h - the HTTP/1.x request head parser (RFC 9112 sections 2-6,
 * RFC 9110 section 5). Pure: no sockets, no allocation, no state between
 * calls, so the host unit tests drive it directly and a hostile request
 * can only make it say "no".
 */
#ifndef SKIFF_HTTPD_PARSE_H
#define SKIFF_HTTPD_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/* What a request may be; only GET and HEAD are served (RFC 9110 9.1). */
enum http_method {
	HTTP_METHOD_GET,
	HTTP_METHOD_HEAD,
	HTTP_METHOD_OTHER,	/* a valid token we do not implement: 405 */
};

/* A piece of the caller's buffer (not NUL-terminated). */
struct http_span {
	const char *p;
	size_t len;
};

/* Limits of one request head; the parser refuses anything larger. */
struct http_limits {
	size_t max_method;	/* longest method token: longer is 501 */
	size_t max_target;	/* longest request-target: longer is 414 */
	size_t max_fields;	/* bytes of the field lines (after the request line): 431 */
	size_t max_field_count;	/* number of field lines: 431 */
};

/* The defaults httpd uses: 32-byte methods, 2 KiB targets, 8 KiB / 100 fields. */
extern const struct http_limits http_default_limits;

/*
 * The parsed head. Spans point into the buffer handed to
 * http_parse_request(), which must outlive them.
 */
struct http_request {
	enum http_method method;
	struct http_span method_name;
	struct http_span target;	/* as sent */
	struct http_span path;		/* origin-form path; "/" for absolute-form without one */
	struct http_span query;		/* after '?', without it; empty if none */
	int minor;			/* HTTP/1.minor: 0 or 1 (1.2+ are treated as 1.1) */
	bool keep_alive;		/* the version's default, then Connection tokens */
	bool conn_close;		/* "close" was among the Connection tokens */
	bool conn_keep_alive;		/* "keep-alive" was among them */
	unsigned int host_count;	/* Host field lines seen */
	unsigned int field_count;
	struct http_span authorization;	/* the Authorization field's value; empty if none */
	unsigned int authorization_count;
	long long content_length;	/* -1 when absent */
	bool transfer_encoding;		/* a Transfer-Encoding field was present */
	size_t head_len;		/* bytes up to and including the empty line */
};

/*
 * Parses the request head at the start of buf[0..len). Returns:
 *   > 0   the head is complete and valid: its length (req->head_len);
 *         the body, if any, follows (req->content_length bytes);
 *   0     more bytes are needed, and none of the limits is exceeded yet;
 *   < 0   minus the status code to answer before closing: -400 (malformed),
 *         -414 (target too long), -431 (fields too large or too many),
 *         -501 (method too long, or an unsupported Transfer-Encoding),
 *         -505 (not HTTP/1.x).
 * Empty lines before the request line are skipped (RFC 9112 2.2) and count
 * in the head length. Lines may end in CRLF or a bare LF (RFC 9112 2.2);
 * a CR anywhere else is malformed.
 */
int http_parse_request(const char *buf, size_t len,
		       const struct http_limits *lim, struct http_request *req);

/* True if the span equals the NUL-terminated s exactly. */
bool http_span_eq(struct http_span a, const char *s);

/*
 * Looks up name in a query string ("a=1&count=20"): the value's span and
 * true if present (an empty value for "name" alone).
 */
bool http_query_param(struct http_span query, const char *name,
		      struct http_span *value);

/*
 * Decodes a query value (RFC 3986 2.1 percent-encoding, and "+" as a
 * space, as HTML forms send it) into out as a C string. False if it is
 * malformed (a "%" without two hex digits), would hold a NUL or a control
 * character, or does not fit in outlen bytes.
 */
bool http_query_decode(struct http_span value, char *out, size_t outlen);

#endif /* SKIFF_HTTPD_PARSE_H */
