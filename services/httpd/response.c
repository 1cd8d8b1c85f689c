/*
 * response.c - routes and answers: the dashboard's assets, /api/stats,
 * /capture.pcap (for who shows the capture token), and the error
 * statuses (RFC 9110 section 15).
 *
 * Every answer has Date, Content-Type and Content-Length (the capture
 * stream, delimited by the close, has no length); a connection that is not
 * to persist gets "Connection: close" and is closed after it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "httpd.h"

#define CAPTURE_MAX_COUNT	10000
#define CAPTURE_DEFAULT_COUNT	100

#define TYPE_TEXT	"text/plain; charset=utf-8"
#define TYPE_JSON	"application/json"
#define TYPE_PCAP	"application/vnd.tcpdump.pcap"

/* Bodies up to this size are copied next to their head; larger are referenced. */
#define COPY_BODY_MAX	512

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}

static int open_rdonly(const char *path)
{
	return open(path, O_RDONLY | O_CLOEXEC);
}

/*
 * Queues the head of a response: the status line (HTTP/1.1 whatever the
 * request's minor version, RFC 9110 6.2), Date, Server, the given fields
 * (each ending in CRLF), Content-Type, Content-Length unless len < 0,
 * Connection. Returns false if it did not fit (never, with the room
 * conn_process reserves).
 */
static bool put_head(struct server *s, struct conn *c, int status,
		     const char *type, long long len, const char *fields,
		     bool keep_alive_10)
{
	char length[48] = "";
	const char *connection = "";
	size_t room;
	char *p = conn_out_tail(s, c, &room);
	int n;

	if (!p)
		return false;
	if (len >= 0)
		snprintf(length, sizeof(length), "Content-Length: %lld\r\n", len);
	if (c->close_after)
		connection = "Connection: close\r\n";
	else if (keep_alive_10)
		connection = "Connection: keep-alive\r\n";	/* RFC 9112 9.3 */
	n = snprintf(p, room,
		     "HTTP/1.1 %d %s\r\n"
		     "Date: %s\r\n"
		     "Server: skiff-httpd\r\n"
		     "%s"
		     "Content-Type: %s\r\n"
		     "%s%s\r\n",
		     status, reason(status), httpd_date(s), fields, type, length,
		     connection);
	if (n < 0 || (size_t)n >= room)
		return false;
	conn_out_commit(c, n);
	if (status >= 500)
		s->stats.errors_5xx++;
	else if (status >= 400)
		s->stats.errors_4xx++;
	return true;
}

/* Queues a body: copied when small, else referenced (owned: freed after). */
static void put_body(struct server *s, struct conn *c, const char *body,
		     size_t len, void *owned)
{
	size_t room;
	char *p;

	if (len <= COPY_BODY_MAX && (p = conn_out_tail(s, c, &room)) &&
	    room >= len) {
		memcpy(p, body, len);
		conn_out_commit(c, len);
		free(owned);
		return;
	}
	conn_out_ref(c, body, len, owned);
}

/* A small text answer, with a line saying why if there is one. */
static void respond_why(struct server *s, struct conn *c, int status,
			const char *fields, bool head, bool keep_alive_10,
			const char *why)
{
	char body[320];
	int n = snprintf(body, sizeof(body), "%d %s\n%s%s", status, reason(status),
			 why ? why : "", why ? "\n" : "");

	if (n < 0 || (size_t)n >= sizeof(body))
		n = (int)strlen(body);
	if (!put_head(s, c, status, TYPE_TEXT, n, fields, keep_alive_10))
		return;
	if (!head)
		put_body(s, c, body, n, NULL);
}

static void respond_text(struct server *s, struct conn *c, int status,
			 const char *fields, bool head, bool keep_alive_10)
{
	char body[96];
	int n = snprintf(body, sizeof(body), "%d %s\n", status, reason(status));

	if (!put_head(s, c, status, TYPE_TEXT, n, fields, keep_alive_10))
		return;
	if (!head)
		put_body(s, c, body, n, NULL);
}

void http_respond_error(struct server *s, struct conn *c, int status,
			bool head)
{
	c->close_after = true;
	c->must_linger = true;	/* the rest of its request may be on its way */
	respond_text(s, c, status, "", head, false);
}

/*
 * Reads a whole file (a /proc file is generated at open: one read loop
 * gives one consistent snapshot). Returns a malloc'd buffer or NULL.
 */
char *httpd_read_file(const char *path, size_t *lenp)
{
	size_t cap = 16384, len = 0;
	char *buf = NULL;
	int fd = open_rdonly(path);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (len == cap || !buf) {
			char *nb;

			if (buf)
				cap *= 2;
			if (cap > HTTPD_MAX_STATS || !(nb = realloc(buf, cap)))
				goto fail;
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		len += n;
	}
	close(fd);
	*lenp = len;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* /api/stats: the kernel's JSON as it is, never cached. */
static void respond_stats(struct server *s, struct conn *c, bool head,
			  bool ka10)
{
	size_t len;
	char *json = httpd_read_file(s->cfg.stats_path, &len);

	if (!json) {
		static const char err[] = "{\"error\":\"stats unavailable\"}\n";

		if (put_head(s, c, 503, TYPE_JSON, sizeof(err) - 1,
			     "Cache-Control: no-store\r\n", ka10) && !head)
			put_body(s, c, err, sizeof(err) - 1, NULL);
		return;
	}
	if (!put_head(s, c, 200, TYPE_JSON, len, "Cache-Control: no-store\r\n",
		      ka10) || head || len == 0) {
		free(json);
		return;
	}
	put_body(s, c, json, len, json);
}

/* /api/firewall: the ruleset and the conntrack table (firewall.c), never cached. */
static void respond_firewall(struct server *s, struct conn *c, bool head, bool ka10)
{
	size_t len;
	char *json = firewall_json(&s->cfg, &len);

	if (!json) {
		static const char err[] = "{\"error\":\"out of memory\"}\n";

		if (put_head(s, c, 503, TYPE_JSON, sizeof(err) - 1,
			     "Cache-Control: no-store\r\n", ka10) && !head)
			put_body(s, c, err, sizeof(err) - 1, NULL);
		return;
	}
	if (!put_head(s, c, 200, TYPE_JSON, len, "Cache-Control: no-store\r\n",
		      ka10) || head) {
		free(json);
		return;
	}
	put_body(s, c, json, len, json);
}

/* /api/httpd: the server's own counters. */
static void respond_self(struct server *s, struct conn *c, bool head, bool ka10)
{
	const struct httpd_counters *k = &s->stats;
	char body[512];
	int n = snprintf(body, sizeof(body),
			 "{\"connections\":%u,\"max_connections\":%u,"
			 "\"accepted\":%llu,\"refused\":%llu,\"evicted\":%llu,"
			 "\"requests\":%llu,\"timeouts\":%llu,"
			 "\"errors_4xx\":%llu,\"errors_5xx\":%llu,"
			 "\"captures\":%u}\n",
			 s->nconns, s->cfg.max_conns, k->accepted, k->refused,
			 k->evicted, k->requests, k->timeouts, k->errors_4xx,
			 k->errors_5xx, s->captures);

	if (n < 0 || (size_t)n >= sizeof(body))
		n = 0;
	if (put_head(s, c, 200, TYPE_JSON, n, "Cache-Control: no-store\r\n",
		     ka10) && !head)
		put_body(s, c, body, n, NULL);
}

/* count=N of /capture.pcap: 1..10000, default 100; -1 if invalid. */
static int capture_count(struct http_span query)
{
	struct http_span v;
	int n = 0;

	if (!http_query_param(query, "count", &v))
		return CAPTURE_DEFAULT_COUNT;
	if (v.len == 0 || v.len > 5)
		return -1;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
		n = n * 10 + (v.p[i] - '0');
	}
	return n >= 1 && n <= CAPTURE_MAX_COUNT ? n : -1;
}

/*
 * The capture's own connection, as a filter: a capture records every
 * frame on the interfaces, so without this its own transfer to the
 * client would soon fill it. Linux has no socket option to exclude a
 * flow from a packet socket; the filter is where tcpdump users put it.
 */
static int own_connection(int fd, char *out, size_t outlen)
{
	struct sockaddr_in me, peer;
	socklen_t ml = sizeof(me), pl = sizeof(peer);
	char m[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN];
	int n;

	if (getsockname(fd, (struct sockaddr *)&me, &ml) < 0 ||
	    getpeername(fd, (struct sockaddr *)&peer, &pl) < 0 ||
	    me.sin_family != AF_INET || peer.sin_family != AF_INET)
		return -1;
	inet_ntop(AF_INET, &me.sin_addr, m, sizeof(m));
	inet_ntop(AF_INET, &peer.sin_addr, p, sizeof(p));
	n = snprintf(out, outlen,
		     "tcp and ((src host %s and src port %u and dst host %s and dst port %u) or "
		     "(src host %s and src port %u and dst host %s and dst port %u))",
		     m, ntohs(me.sin_port), p, ntohs(peer.sin_port),
		     p, ntohs(peer.sin_port), m, ntohs(me.sin_port));
	return n > 0 && (size_t)n < outlen ? 0 : -1;
}

/*
 * The capture's filter: the client's filter=EXPR (tcpdump's syntax,
 * compiled alone first so an error names the client's words) and not the
 * capture's own connection. 400 (message in why) or 503, or 0.
 */
static int capture_filter(struct conn *c, const struct http_request *req,
			  struct capture_filter *f, char *why, size_t whylen)
{
	char user[HTTPD_FILTER_MAX], own[256], all[HTTPD_FILTER_MAX + 300];
	struct http_span v;

	user[0] = '\0';
	if (http_query_param(req->query, "filter", &v) &&
	    !http_query_decode(v, user, sizeof(user))) {
		snprintf(why, whylen, "filter: a malformed or overlong query value");
		return 400;
	}
	if (capture_filter_compile(user, CAPTURE_SNAPLEN, f, why, whylen) < 0)
		return 400;
	if (own_connection(c->fd, own, sizeof(own)) < 0) {
		snprintf(why, whylen, "the connection's addresses are unknown");
		return 503;
	}
	snprintf(all, sizeof(all), user[0] ? "(%s) and not (%s)" : "%snot (%s)", user, own);
	if (capture_filter_compile(all, CAPTURE_SNAPLEN, f, why, whylen) < 0)
		return 400;
	return 0;
}

/* The capture socket with its filter; 0, or a status with a message in why. */
static int capture_start(struct conn *c, const struct http_request *req,
			 struct capture *cap, char *why, size_t whylen)
{
	struct capture_filter *f = malloc(sizeof(*f));
	int status;

	if (!f) {
		snprintf(why, whylen, "out of memory");
		return 503;
	}
	status = capture_filter(c, req, f, why, whylen);
	if (!status && capture_open(cap, NULL, f, true, why, whylen) < 0)
		status = 503;
	free(f);
	return status;
}

/*
 * /capture.pcap?count=N&filter=EXPR: a pcap file of the next N frames
 * (both directions, every interface) that match EXPR, sent as they come
 * (conn_poll_streams) until N or the client leaves. Only for who shows
 * the capture token (auth.c): 401 otherwise. Its end is the close: no
 * Content-Length (RFC 9112 6.3 (8)).
 */
static void respond_capture(struct server *s, struct conn *c,
			    const struct http_request *req, bool head)
{
	static const char fields[] =
		"Cache-Control: no-store\r\n"
		"Content-Disposition: attachment; filename=\"skiff.pcap\"\r\n";
	int count = capture_count(req->query), status;
	struct capture cap;
	char why[200];
	size_t room;
	char *p;

	c->close_after = true;
	if (!auth_capture_allowed(s->token, req)) {
		/* RFC 9110 15.5.2, RFC 6750 3: say which scheme would do. */
		respond_text(s, c, 401, "WWW-Authenticate: Bearer realm=\"skiff capture\"\r\n",
			     head, false);
		return;
	}
	if (count < 0) {
		respond_why(s, c, 400, "", head, false, "count: 1 to 10000");
		return;
	}
	if (head) {
		put_head(s, c, 200, TYPE_PCAP, -1, fields, false);
		return;
	}
	if (s->captures >= HTTPD_MAX_CAPTURES) {
		respond_text(s, c, 503, "Retry-After: 10\r\n", false, false);
		return;
	}
	status = capture_start(c, req, &cap, why, sizeof(why));
	if (status) {
		respond_why(s, c, status, "", false, false, why);
		return;
	}
	if (!conn_stream_start(s, c, &cap, (unsigned long)count)) {
		capture_close(&cap);
		respond_text(s, c, 503, "", false, false);
		return;
	}
	c->close_after = false;		/* until the stream ends */
	/* The room conn_process reserved holds the head and the file header. */
	if (put_head(s, c, 200, TYPE_PCAP, -1, fields, false) &&
	    (p = conn_out_tail(s, c, &room)) && room >= PCAP_FILE_HDR_LEN) {
		capture_pcap_file_header((uint8_t *)p, CAPTURE_SNAPLEN);
		conn_out_commit(c, PCAP_FILE_HDR_LEN);
	}
}

static const struct asset *find_asset(struct http_span path)
{
	if (http_span_eq(path, "/index.html"))
		path.len = 1;		/* "/" */
	for (size_t i = 0; i < httpd_asset_count; i++)
		if (http_span_eq(path, httpd_assets[i].path))
			return &httpd_assets[i];
	return NULL;
}

void http_respond(struct server *s, struct conn *c,
		  const struct http_request *req)
{
	bool head = req->method == HTTP_METHOD_HEAD;
	bool ka10 = req->keep_alive && req->minor == 0;
	const struct asset *a;

	if (!req->keep_alive)
		c->close_after = true;
	if (req->method == HTTP_METHOD_OTHER) {
		/* RFC 9110 15.5.6: 405 lists what the resource allows. */
		respond_text(s, c, 405, "Allow: GET, HEAD\r\n", false, ka10);
		return;
	}
	if (http_span_eq(req->path, "/api/stats")) {
		respond_stats(s, c, head, ka10);
	} else if (http_span_eq(req->path, "/api/firewall")) {
		respond_firewall(s, c, head, ka10);
	} else if (http_span_eq(req->path, "/api/httpd")) {
		respond_self(s, c, head, ka10);
	} else if (http_span_eq(req->path, "/capture.pcap")) {
		respond_capture(s, c, req, head);
	} else if ((a = find_asset(req->path))) {
		if (put_head(s, c, 200, a->type, a->len,
			     "Cache-Control: no-cache\r\n", ka10) && !head)
			put_body(s, c, a->body, a->len, NULL);
	} else {
		respond_text(s, c, 404, "", head, ka10);
	}
}

/*
 * Out of connection slots: a best-effort 503 on the fresh socket, then
 * close. It is non-blocking and new, so the send fits or is dropped.
 */
void http_refuse(struct server *s, int fd)
{
	char msg[256];
	int n = snprintf(msg, sizeof(msg),
			 "HTTP/1.1 503 Service Unavailable\r\n"
			 "Date: %s\r\n"
			 "Content-Type: " TYPE_TEXT "\r\n"
			 "Content-Length: 24\r\n"
			 "Retry-After: 1\r\n"
			 "Connection: close\r\n\r\n"
			 "503 Service Unavailable\n", httpd_date(s));

	if (n > 0 && (size_t)n < sizeof(msg))
		send(fd, msg, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}
