/*
 * httpd.h - the HTTP/1.1 server's shared state: the server, its
 * connections, their output queues and idle timers.
 *
 * One thread, one epoll loop, non-blocking sockets (main.c); a connection
 * is a small state machine (conn.c) that parses requests one after another
 * from its input buffer (parse.c) and queues the answers in order
 * (response.c). The same source builds as a Skiff service and, for
 * testing, against glibc on Linux.
 */
#ifndef SKIFF_HTTPD_H
#define SKIFF_HTTPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <skiff/capture.h>

#include "parse.h"

#define HTTPD_DEFAULT_PORT	80
#define HTTPD_DEFAULT_STATS	"/proc/skiff/stats.json"
#define HTTPD_DEFAULT_TOKEN	"/proc/skiff/httpd_token"
#define HTTPD_DEFAULT_CONNTRACK	"/proc/net/nf_conntrack"
#define HTTPD_TOKEN_MAX		64	/* the capture token's longest */
#define HTTPD_DEFAULT_MAX_CONNS	10240

/*
 * Input and output buffers come from one pool of this size. The input
 * buffer must hold the largest head the parser accepts (a 2 KiB target
 * and 8 KiB of fields, http_default_limits) with room to spare.
 */
#define HTTPD_BUF_SIZE		16384
#define HTTPD_POOL_KEEP		64	/* free buffers kept for reuse */
#define HTTPD_CONN_KEEP		256	/* free struct conn kept for reuse */
#define HTTPD_MAX_CAPTURES	2	/* concurrent /capture.pcap streams */
/* Room a response head (and a small body) needs in the output buffer. */
#define HTTPD_RESP_ROOM		1024
#define HTTPD_MAX_SEGS		8	/* output segments per connection */
/* A request body (of a method we refuse) larger than this closes instead. */
#define HTTPD_MAX_DISCARD	(1024 * 1024)
#define HTTPD_MAX_STATS		(4 * 1024 * 1024)

/* Timeouts, milliseconds. */
#define HTTPD_IDLE_MS		75000	/* keep-alive with nothing pending: close (nginx's keepalive_timeout) */
#define HTTPD_REQUEST_MS	10000	/* a request not complete by then: 408 */
#define HTTPD_WRITE_MS		30000	/* no write progress: close */
#define HTTPD_STREAM_MS		10000	/* capture stream without data: end it */
#define HTTPD_LINGER_MS		2000	/* after our FIN, wait for the client's */
#define HTTPD_CAPTURE_POLL_MS	20	/* how often a capture stream is polled */
#define HTTPD_FILTER_MAX	512	/* the longest filter expression, decoded */

/* Each connection waits on exactly one of these lists, with its timeout. */
enum conn_timer {
	CT_IDLE,	/* nothing buffered, nothing to send */
	CT_REQUEST,	/* part of a request buffered (stamp: when it began) */
	CT_WRITE,	/* output pending (stamp: last progress) */
	CT_STREAM,	/* a capture stream (stamp: last data or progress) */
	CT_LINGER,	/* our side closed; draining the client's (stamp: FIN) */
	CT_COUNT,
	CT_NONE = CT_COUNT,
};

/* A piece of output: in the connection's out buffer, static, or owned. */
struct out_seg {
	const char *p;
	size_t len;
	void *owned;		/* freed once sent, or NULL */
};

struct conn {
	int fd;
	uint32_t events;		/* the epoll interest registered now */
	struct conn *prev, *next;	/* on server.timers[timer] */
	enum conn_timer timer;
	long long stamp;		/* ms; meaning by timer (above) */

	char *in;			/* pool buffer or NULL when idle */
	size_t in_len;
	unsigned long long discard;	/* request body bytes still to drop */

	char *out;			/* pool buffer for heads and small bodies */
	size_t out_used;
	struct out_seg segs[HTTPD_MAX_SEGS];
	unsigned int seg_head, seg_tail;	/* queued: segs[head..tail) */
	bool write_blocked;		/* the last send returned EAGAIN */

	bool peer_eof;			/* the client sent FIN */
	bool close_after;		/* close once the queued output is sent */
	bool must_linger;		/* the client may still be sending (an error) */
	bool lingering;			/* shutdown(SHUT_WR) done */
	struct stream *stream;		/* a /capture.pcap stream, or NULL */
};

/* A capture being streamed (conn.c): the socket, and a frame waiting for room. */
struct stream {
	struct capture cap;
	unsigned long left;		/* frames still to send */
	size_t pending;			/* bytes of the record in rec, 0: none */
	unsigned char rec[];		/* record header + frame (CAPTURE_SNAPLEN) */
};

struct timer_list {
	struct conn *head, *tail;
	long long timeout_ms;
};

struct httpd_config {
	const char *bind_addr;		/* dotted quad; NULL = any */
	int port;
	const char *stats_path;
	const char *token_path;		/* where the capture token is read at start */
	const char *conntrack_path;	/* /api/firewall's conntrack table */
	const char *ruleset_path;	/* NULL: the ruleset from the kernel (nft) */
	unsigned int max_conns;
	bool quiet;
};

struct httpd_counters {
	unsigned long long accepted, refused, evicted, requests, timeouts;
	unsigned long long errors_4xx, errors_5xx;
};

struct server {
	struct httpd_config cfg;
	int epfd, listen_fd;
	bool listen_paused;		/* out of descriptors: accept later */
	long long listen_resume_ms;
	unsigned int nconns;
	struct timer_list timers[CT_COUNT];
	void *free_bufs;		/* pool: a singly-linked list */
	unsigned int nfree_bufs;
	struct conn *free_conns;	/* struct conn kept for reuse */
	unsigned int nfree_conns;
	/* Closed during this loop turn: reused only after it (stale events). */
	struct conn *dead;
	unsigned int captures;		/* /capture.pcap streams running */
	char token[HTTPD_TOKEN_MAX + 1];	/* the capture token; "" refuses every capture */
	/* The clocks are read once per loop turn: each read is a system call. */
	long long now_ms;		/* CLOCK_MONOTONIC at the turn's start */
	bool wall_read;			/* time() read in this turn */
	time_t date_sec;		/* when date[] was formatted */
	char date[40];			/* IMF-fixdate (RFC 9110 5.6.7) */
	struct httpd_counters stats;
};

/* main.c */
long long httpd_now_ms(void);
const char *httpd_date(struct server *s);

/* conn.c */
void conn_accept_all(struct server *s);
void conn_ready(struct server *s, struct conn *c, uint32_t events);
void conn_expire(struct server *s, long long now);
void conn_poll_streams(struct server *s);
void conn_reap(struct server *s);
void conn_close(struct server *s, struct conn *c);
int conn_next_timeout(struct server *s, long long now);
/* Output queue: false if there is no room (the caller waits for a drain). */
bool conn_out_room(struct conn *c, size_t bytes, unsigned int segs);
char *conn_out_tail(struct server *s, struct conn *c, size_t *room);
void conn_out_commit(struct conn *c, size_t len);
void conn_out_ref(struct conn *c, const char *p, size_t len, void *owned);
/* Starts streaming a capture opened for c (which takes it over); false if out of memory. */
bool conn_stream_start(struct server *s, struct conn *c, const struct capture *cap,
		       unsigned long count);

/* response.c */
void http_respond(struct server *s, struct conn *c,
		  const struct http_request *req);
void http_respond_error(struct server *s, struct conn *c, int status,
			bool head);
void http_refuse(struct server *s, int fd);
/* A whole file in a malloc'd buffer (at most HTTPD_MAX_STATS), or NULL with errno. */
char *httpd_read_file(const char *path, size_t *lenp);

/* firewall.c: /api/firewall's JSON (malloc'd), or NULL if out of memory. */
char *firewall_json(const struct httpd_config *cfg, size_t *lenp);

/* assets.c (generated from assets/ by assets/mkassets.sh) */
struct asset {
	const char *path;
	const char *type;
	const char *body;
	size_t len;
};
extern const struct asset httpd_assets[];
extern const size_t httpd_asset_count;

#endif /* SKIFF_HTTPD_H */
