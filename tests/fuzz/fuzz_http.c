/*
 * libFuzzer target: arbitrary bytes as an HTTP request head for httpd's
 * parser (services/httpd/parse.c), under httpd's limits and under tight
 * ones. libFuzzer's buffer is exactly the input, so ASan sees any read
 * past it. Beyond not crashing, the answer must be consistent:
 *
 * - an error is one of the statuses the header promises;
 * - a complete head has head_len == the return value, within the input,
 *   and every span (method, target, path, query) inside it;
 * - httpd calls the parser again on the whole buffer after every read
 *   (services/httpd/conn.c), so each shorter prefix of a valid head must
 *   say "more" (0), never an error or a different head.
 * Valid heads also go through http_query_param with names taken from the
 * query itself.
 */
/* links: services/httpd/parse.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static const struct http_limits tight = {
	.max_method = 4, .max_target = 16, .max_fields = 64, .max_field_count = 3,
};

static void check_span(struct http_span s, const char *buf, size_t len)
{
	if (s.len && (s.p < buf || s.p + s.len > buf + len))
		abort();
}

/* Every name the query holds must be found, inside it; a name it cannot hold must not. */
static void check_query(struct http_span query, const char *buf, size_t len)
{
	const char *p = query.p, *end = p ? p + query.len : NULL;
	struct http_span v;

	while (p < end) {
		const char *amp = memchr(p, '&', end - p);
		const char *eq = memchr(p, '=', (amp ? amp : end) - p);
		size_t n = (eq ? eq : amp ? amp : end) - p;
		char name[64];

		if (n < sizeof(name) && !memchr(p, '\0', n)) {
			memcpy(name, p, n);
			name[n] = '\0';
			if (!http_query_param(query, name, &v))
				abort();
			check_span(v, buf, len);
		}
		p = amp ? amp + 1 : end;
	}
	if (http_query_param(query, "\x01&", &v))
		abort();
}

static void check_valid(const char *buf, size_t len, int r, const struct http_request *req)
{
	if ((size_t)r != req->head_len || (size_t)r > len || req->minor < 0 || req->minor > 1 ||
	    req->content_length < -1 || req->host_count > req->field_count)
		abort();
	check_span(req->method_name, buf, r);
	check_span(req->target, buf, r);
	check_span(req->query, buf, r);
	if (!(req->path.len == 1 && req->path.p[0] == '/'))
		check_span(req->path, buf, r);
	check_query(req->query, buf, r);
}

static void check_prefixes(const char *buf, int head_len, const struct http_limits *lim)
{
	struct http_request req;
	int step = head_len / 32 + 1;

	for (int k = head_len - 1; k >= 0; k -= step)
		if (http_parse_request(buf, k, lim, &req) != 0)
			abort();
}

static void run(const char *buf, size_t len, const struct http_limits *lim)
{
	struct http_request req;
	int r = http_parse_request(buf, len, lim, &req);

	if (r > 0) {
		check_valid(buf, len, r, &req);
		check_prefixes(buf, r, lim);
	} else if (r != 0 && r != -400 && r != -414 && r != -431 && r != -501 && r != -505) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run((const char *)data, size, &http_default_limits);
	run((const char *)data, size, &tight);
	return 0;
}
