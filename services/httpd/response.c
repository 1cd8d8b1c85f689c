/*
 * response.c - routes and answers: the dashboard's assets, /api/stats,
 * /capture.pcap, and the error statuses (RFC 9110 section 15).
 *
 * Every answer has Date, Content-Type and Content-Length (the capture
 * stream, delimited by the close, has no length); a connection that is not
 * to persist gets "Connection: close" and is closed after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httpd.h"

#if defined(SKIFF_USER) && __has_include(<skiff/capture.h>)
#include <skiff/capture.h>
#endif
#ifndef CAPTURE_SET_COUNT
#define CAPTURE_SET_COUNT	0x4301	/* ioctl: packets to capture, then EOF */
#endif
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

/* A small text answer; errors among them close the connection when asked. */
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
static char *read_file(const char *path, size_t *lenp)
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
	char *json = read_file(s->cfg.stats_path, &len);

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
 * /capture.pcap?count=N: the capture device's pcap stream, sent as it
 * comes (conn_poll_streams) until N packets or the client leaves. Its end
 * is the close: no Content-Length (RFC 9112 6.3 (8)).
 */
static void respond_capture(struct server *s, struct conn *c,
			    const struct http_request *req, bool head)
{
	static const char fields[] =
		"Cache-Control: no-store\r\n"
		"Content-Disposition: attachment; filename=\"skiff.pcap\"\r\n";
	int count = capture_count(req->query);
	int fd;

	c->close_after = true;
	if (count < 0) {
		respond_text(s, c, 400, "", head, false);
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
	fd = open_rdonly(s->cfg.capture_path);
	if (fd < 0) {
		respond_text(s, c, 503, "", false, false);
		return;
	}
	/* A plain file (the host tests' stand-in) has no count: ENOTTY. */
	if (ioctl(fd, CAPTURE_SET_COUNT, (unsigned long)count) < 0 &&
	    errno != ENOTTY) {
		close(fd);
		respond_text(s, c, 503, "", false, false);
		return;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (!put_head(s, c, 200, TYPE_PCAP, -1, fields, false)) {
		close(fd);
		return;
	}
	c->close_after = false;		/* until the stream ends */
	c->cap_fd = fd;
	s->captures++;
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
