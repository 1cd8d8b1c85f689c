/*
 * conn.c - a connection's life: accept, read, parse requests in order,
 * queue and write answers, time out, close.
 *
 * Every socket is non-blocking and epoll is level-triggered. A connection
 * asks for EPOLLIN while it can take input and for EPOLLOUT only while a
 * send would block, so a slow or idle client costs nothing but its
 * descriptor, a struct conn and (only while it has bytes in flight) a pool
 * buffer. Each connection waits on exactly one timer list (httpd.h): the
 * lists have fixed timeouts, so appending keeps them sorted and expiry is
 * a look at their heads.
 */
/* glibc: accept4 (Skiff's libc has it unconditionally). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httpd.h"

/* ---- buffer pool ---- */

static char *buf_get(struct server *s)
{
	void *b = s->free_bufs;

	if (b) {
		s->free_bufs = *(void **)b;
		s->nfree_bufs--;
		return b;
	}
	return malloc(HTTPD_BUF_SIZE);
}

static void buf_put(struct server *s, char *b)
{
	if (!b)
		return;
	if (s->nfree_bufs >= HTTPD_POOL_KEEP) {
		free(b);
		return;
	}
	*(void **)b = s->free_bufs;
	s->free_bufs = b;
	s->nfree_bufs++;
}

/* ---- timer lists ---- */

static void timer_unlink(struct server *s, struct conn *c)
{
	struct timer_list *l;

	if (c->timer == CT_NONE)
		return;
	l = &s->timers[c->timer];
	if (c->prev)
		c->prev->next = c->next;
	else
		l->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		l->tail = c->prev;
	c->prev = c->next = NULL;
	c->timer = CT_NONE;
}

/* Puts c at the tail of list t stamped now; keeps its place if already there. */
static void timer_set(struct server *s, struct conn *c, enum conn_timer t,
		      long long now, bool touch)
{
	struct timer_list *l = &s->timers[t];

	if (c->timer == t && !touch)
		return;
	timer_unlink(s, c);
	c->timer = t;
	c->stamp = now;
	c->prev = l->tail;
	if (l->tail)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
}

int conn_next_timeout(struct server *s, long long now)
{
	long long next = now + 1000;

	for (int t = 0; t < CT_COUNT; t++) {
		struct conn *h = s->timers[t].head;

		if (h && h->stamp + s->timers[t].timeout_ms < next)
			next = h->stamp + s->timers[t].timeout_ms;
	}
	if (s->timers[CT_STREAM].head && now + HTTPD_CAPTURE_POLL_MS < next)
		next = now + HTTPD_CAPTURE_POLL_MS;
	if (s->listen_paused && s->listen_resume_ms < next)
		next = s->listen_resume_ms;
	return next <= now ? 0 : (int)(next - now);
}

/* ---- output queue ---- */

static bool out_pending(const struct conn *c)
{
	return c->seg_head < c->seg_tail;
}

bool conn_out_room(struct conn *c, size_t bytes, unsigned int segs)
{
	return c->seg_tail + segs <= HTTPD_MAX_SEGS &&
	       (!c->out || c->out_used + bytes <= HTTPD_BUF_SIZE);
}

/*
 * Where the next bytes of the out buffer go, and how many fit; takes a
 * pool buffer if the connection has none. NULL when out of memory.
 */
char *conn_out_tail(struct server *s, struct conn *c, size_t *room)
{
	*room = 0;
	if (!c->out && !(c->out = buf_get(s)))
		return NULL;
	*room = HTTPD_BUF_SIZE - c->out_used;
	return c->out + c->out_used;
}

/* Queues len bytes written at conn_out_tail(); merges with the last segment. */
void conn_out_commit(struct conn *c, size_t len)
{
	const char *p = c->out + c->out_used;
	struct out_seg *last = c->seg_tail ? &c->segs[c->seg_tail - 1] : NULL;

	if (!len)
		return;
	c->out_used += len;
	if (out_pending(c) && last->p + last->len == p && !last->owned) {
		last->len += len;
		return;
	}
	conn_out_ref(c, p, len, NULL);
}

/* Queues [p, p+len); owned (malloc'd) memory is freed once sent. */
void conn_out_ref(struct conn *c, const char *p, size_t len, void *owned)
{
	struct out_seg *sg;

	if (len == 0) {
		free(owned);	/* an empty segment would never drain */
		return;
	}
	/* conn_out_room() was asked first: a full queue here is a bug. */
	if (c->seg_tail >= HTTPD_MAX_SEGS)
		abort();
	sg = &c->segs[c->seg_tail++];

	sg->p = p;
	sg->len = len;
	sg->owned = owned;
}

static void out_reset(struct server *s, struct conn *c)
{
	while (c->seg_head < c->seg_tail)
		free(c->segs[c->seg_head++].owned);
	c->seg_head = c->seg_tail = 0;
	c->out_used = 0;
	c->write_blocked = false;
	buf_put(s, c->out);
	c->out = NULL;
}

/*
 * Sends what is queued, gathering the segments in one sendmsg. Returns
 * false if the connection failed (the caller closes it).
 */
static bool conn_flush(struct server *s, struct conn *c, long long now)
{
	while (out_pending(c)) {
		struct iovec iov[HTTPD_MAX_SEGS];
		struct msghdr msg = { .msg_iov = iov };
		ssize_t n;

		for (unsigned int i = c->seg_head; i < c->seg_tail; i++) {
			iov[msg.msg_iovlen].iov_base = (void *)c->segs[i].p;
			iov[msg.msg_iovlen++].iov_len = c->segs[i].len;
		}
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				c->write_blocked = true;
				return true;
			}
			return false;
		}
		c->write_blocked = false;
		if (c->timer == CT_WRITE || c->timer == CT_STREAM)
			timer_set(s, c, c->timer, now, true);
		while (n > 0) {
			struct out_seg *sg = &c->segs[c->seg_head];
			size_t k = (size_t)n < sg->len ? (size_t)n : sg->len;

			sg->p += k;
			sg->len -= k;
			n -= k;
			if (sg->len == 0) {
				free(sg->owned);
				c->seg_head++;
			}
		}
	}
	out_reset(s, c);
	return true;
}

/* ---- life and death ---- */

static void stream_end(struct server *s, struct conn *c);

void conn_close(struct server *s, struct conn *c)
{
	if (c->fd < 0)
		return;
	close(c->fd);		/* epoll forgets it with its last descriptor */
	c->fd = -1;
	if (c->stream)
		stream_end(s, c);
	out_reset(s, c);
	buf_put(s, c->in);
	c->in = NULL;
	timer_unlink(s, c);
	s->nconns--;
	c->next = s->dead;
	s->dead = c;
}

/* Recycles the connections closed in this loop turn (their events are gone). */
void conn_reap(struct server *s)
{
	while (s->dead) {
		struct conn *c = s->dead;

		s->dead = c->next;
		if (s->nfree_conns >= HTTPD_CONN_KEEP) {
			free(c);
			continue;
		}
		c->next = s->free_conns;
		s->free_conns = c;
		s->nfree_conns++;
	}
}

static struct conn *conn_alloc(struct server *s)
{
	struct conn *c = s->free_conns;

	if (c) {
		s->free_conns = c->next;
		s->nfree_conns--;
	} else {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
	}
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->timer = CT_NONE;
	return c;
}

/* Closes the connection idle the longest; false if none is idle. */
static bool evict_idle(struct server *s)
{
	struct conn *c = s->timers[CT_IDLE].head;

	if (!c)
		return false;
	s->stats.evicted++;
	conn_close(s, c);
	return true;
}

static void conn_new(struct server *s, int fd, long long now)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct conn *c;
	int one = 1;

	if (s->nconns >= s->cfg.max_conns && !evict_idle(s)) {
		s->stats.refused++;
		http_refuse(s, fd);
		return;
	}
	c = conn_alloc(s);
	if (!c) {
		s->stats.refused++;
		http_refuse(s, fd);
		return;
	}
	c->fd = fd;
	ev.data.ptr = c;
	if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		close(fd);
		c->next = s->free_conns;	/* never seen by epoll: reuse now */
		s->free_conns = c;
		s->nfree_conns++;
		return;
	}
	c->events = EPOLLIN;
	/* Answers go out whole in one send; Nagle would only delay them. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->nconns++;
	s->stats.accepted++;
	timer_set(s, c, CT_IDLE, now, false);
}

/* Stops accepting for a while: out of descriptors or memory. */
static void listen_pause(struct server *s, long long now)
{
	struct epoll_event ev = { .events = 0, .data.ptr = NULL };

	if (s->listen_paused)
		return;
	epoll_ctl(s->epfd, EPOLL_CTL_MOD, s->listen_fd, &ev);
	s->listen_paused = true;
	s->listen_resume_ms = now + 100;
}

void conn_accept_all(struct server *s)
{
	long long now = s->now_ms;

	/* Bounded, so a connection storm cannot starve established clients. */
	for (int i = 0; i < 64; i++) {
		int fd = accept4(s->listen_fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd >= 0) {
			conn_new(s, fd, now);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			if (evict_idle(s))
				continue;
			listen_pause(s, now);
		} else if (errno != EAGAIN && errno != EWOULDBLOCK && !s->cfg.quiet) {
			printf("httpd: accept: %s\n", strerror(errno));
		}
		return;
	}
}

/* ---- reading and parsing ---- */

/* Reads what the socket has; false if the connection failed. */
static bool conn_read(struct server *s, struct conn *c)
{
	char scratch[512];
	char *dst = scratch;
	size_t room = sizeof(scratch);
	ssize_t n;

	/* Lingering or streaming: the client's bytes only matter for EOF. */
	if (!c->lingering && !c->stream) {
		if (!c->in && !(c->in = buf_get(s)))
			return false;
		dst = c->in + c->in_len;
		room = HTTPD_BUF_SIZE - c->in_len;
		if (room == 0)
			return true;
	}
	n = recv(c->fd, dst, room, MSG_DONTWAIT);
	if (n == 0) {
		c->peer_eof = true;
		return true;
	}
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
	if (dst != scratch)
		c->in_len += n;
	return true;
}

static void in_consume(struct conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
}

/*
 * Answers the complete requests in the input buffer, in order, while the
 * output queue has room (RFC 9112 9.3.2: pipelined responses in order).
 * Returns true if it stopped for lack of room, with requests left over.
 */
static bool conn_process(struct server *s, struct conn *c)
{
	while (!c->close_after && !c->stream && c->in_len > 0) {
		struct http_request req;
		int r;

		if (c->discard) {
			size_t k = c->discard < c->in_len ? c->discard : c->in_len;

			in_consume(c, k);
			c->discard -= k;
			continue;
		}
		if (!conn_out_room(c, HTTPD_RESP_ROOM, 2))
			return true;	/* resumed when the queue drains */
		r = http_parse_request(c->in, c->in_len, &http_default_limits,
				       &req);
		if (r == 0)
			return false;
		if (r < 0) {
			/* The framing is lost: answer, then close (RFC 9112 9.6). */
			http_respond_error(s, c, -r, false);
			c->in_len = 0;
			return false;
		}
		s->stats.requests++;
		if (req.content_length > HTTPD_MAX_DISCARD)
			req.keep_alive = false;
		http_respond(s, c, &req);
		in_consume(c, r);
		if (req.content_length > 0 && !c->close_after)
			c->discard = req.content_length;
		/* Activity: the idle and request clocks start again. */
		if (c->timer != CT_WRITE)
			timer_unlink(s, c);
	}
	return false;
}

/* ---- state after each event ---- */

static void conn_watch(struct server *s, struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (events == c->events)
		return;
	if (epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0)
		c->events = events;
}

/*
 * Decides what the connection waits for next, and on which timer list;
 * closes it when nothing is left to do. Called after every event.
 */
static void conn_settle(struct server *s, struct conn *c, long long now)
{
	uint32_t ev = 0;
	enum conn_timer t;

	if (!out_pending(c)) {
		out_reset(s, c);
		if (c->close_after && !c->lingering) {
			/*
			 * RFC 9112 9.6: when the client may have sent more than
			 * we read (pipelined requests, a body, a request we
			 * refused halfway), close our half first and read until
			 * it closes, so unread bytes cannot turn into a reset
			 * that destroys our last answer. Otherwise close now.
			 */
			bool linger = c->must_linger || c->in_len || c->discard;

			if (c->peer_eof || !linger || shutdown(c->fd, SHUT_WR) < 0) {
				conn_close(s, c);
				return;
			}
			c->lingering = true;
		}
	}
	if (c->lingering || c->stream) {
		if (c->peer_eof) {
			conn_close(s, c);
			return;
		}
		t = c->lingering ? CT_LINGER : CT_STREAM;
		ev = EPOLLIN | (c->write_blocked ? EPOLLOUT : 0);
	} else if (out_pending(c)) {
		t = CT_WRITE;
		ev = c->write_blocked ? EPOLLOUT : 0;
		if (!c->peer_eof && c->in_len < HTTPD_BUF_SIZE)
			ev |= EPOLLIN;
	} else if (c->peer_eof) {
		conn_close(s, c);	/* nothing to answer: a partial request at most */
		return;
	} else if (c->in_len || c->discard) {
		t = CT_REQUEST;
		ev = EPOLLIN;
	} else {
		t = CT_IDLE;
		ev = EPOLLIN;
		buf_put(s, c->in);
		c->in = NULL;
	}
	timer_set(s, c, t, now, false);
	conn_watch(s, c, ev);
}

/*
 * After any change: answer what can be answered and send it; again while
 * the queue drains at once and buffered (pipelined) requests wait for
 * room; then settle.
 */
static void conn_run(struct server *s, struct conn *c, long long now)
{
	for (;;) {
		bool full = conn_process(s, c);

		if (!conn_flush(s, c, now)) {
			conn_close(s, c);
			return;
		}
		if (!full || out_pending(c))
			break;
	}
	conn_settle(s, c, now);
}

void conn_ready(struct server *s, struct conn *c, uint32_t events)
{
	long long now = s->now_ms;

	if (c->fd < 0)
		return;		/* closed earlier in this turn */
	if (events & EPOLLERR) {
		conn_close(s, c);
		return;
	}
	if ((events & (EPOLLIN | EPOLLHUP)) && !conn_read(s, c)) {
		conn_close(s, c);
		return;
	}
	if ((events & EPOLLHUP) && !(events & EPOLLIN)) {
		conn_close(s, c);	/* both directions gone: nobody to answer */
		return;
	}
	conn_run(s, c, now);
}

/* ---- timeouts ---- */

static void conn_timeout(struct server *s, struct conn *c, enum conn_timer t,
			 long long now)
{
	switch (t) {
	case CT_REQUEST:
		/* RFC 9110 15.5.9: 408, then close. */
		s->stats.timeouts++;
		c->in_len = 0;
		c->discard = 0;
		timer_unlink(s, c);
		http_respond_error(s, c, 408, false);
		conn_run(s, c, now);
		return;
	case CT_STREAM:
		if (!out_pending(c)) {
			/* No packet for a while: end the capture cleanly. */
			stream_end(s, c);
			timer_unlink(s, c);
			conn_run(s, c, now);
			return;
		}
		break;
	default:
		break;
	}
	conn_close(s, c);
}

void conn_expire(struct server *s, long long now)
{
	for (int t = 0; t < CT_COUNT; t++) {
		struct timer_list *l = &s->timers[t];

		while (l->head && l->head->stamp + l->timeout_ms <= now)
			conn_timeout(s, l->head, t, now);
	}
}

/* ---- capture streams ---- */

/*
 * A capture goes out as it comes: its filter leaves out the connection
 * carrying it (response.c), so there is nothing to hold back. Frames are
 * taken off the capture socket while the output queue has room; a client
 * slower than the traffic lets the socket's buffer fill, and the kernel
 * drops (and counts) what does not fit.
 */

bool conn_stream_start(struct server *s, struct conn *c, const struct capture *cap,
		       unsigned long count)
{
	struct stream *st = malloc(sizeof(*st) + PCAP_REC_HDR_LEN + CAPTURE_SNAPLEN);

	if (!st)
		return false;
	st->cap = *cap;
	st->left = count;
	st->pending = 0;
	c->stream = st;
	s->captures++;
	return true;
}

/* Closes the capture; the connection closes once what is queued is sent. */
static void stream_end(struct server *s, struct conn *c)
{
	capture_close(&c->stream->cap);
	free(c->stream);
	c->stream = NULL;
	s->captures--;
	c->close_after = true;
}

/* Queues the pending record: copied into the out buffer, or (large) as its own segment. */
static bool stream_queue(struct server *s, struct conn *c)
{
	struct stream *st = c->stream;
	size_t room;
	char *p;

	if (st->pending <= HTTPD_BUF_SIZE) {
		if (!conn_out_room(c, st->pending, 1) ||
		    !(p = conn_out_tail(s, c, &room)) || room < st->pending)
			return false;
		memcpy(p, st->rec, st->pending);
		conn_out_commit(c, st->pending);
		return true;
	}
	if (!conn_out_room(c, 0, 1) || !(p = malloc(st->pending)))
		return false;
	memcpy(p, st->rec, st->pending);
	conn_out_ref(c, p, st->pending, p);
	return true;
}

/*
 * Moves frames from the capture to the output queue, as many as fit.
 * Returns 1 if any moved, 0 if not, -1 if the capture ended (count
 * reached, or the socket failed).
 */
static int stream_move(struct server *s, struct conn *c, long long now)
{
	struct stream *st = c->stream;
	struct capture_frame fr;
	int moved = 0, r;

	for (int i = 0; i < 64; i++) {
		if (!st->pending) {
			r = capture_next(&st->cap, st->rec + PCAP_REC_HDR_LEN, CAPTURE_SNAPLEN, &fr);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
			capture_pcap_record_header(st->rec, &fr);
			st->pending = PCAP_REC_HDR_LEN + fr.caplen;
		}
		if (!stream_queue(s, c))
			break;
		st->pending = 0;
		moved = 1;
		timer_set(s, c, CT_STREAM, now, true);
		if (--st->left == 0)
			return -1;
	}
	return moved;
}

static void stream_pull(struct server *s, struct conn *c, long long now)
{
	for (int i = 0; i < 16 && c->stream; i++) {
		int r = stream_move(s, c, now);

		if (r < 0)
			stream_end(s, c);	/* count reached: the file is complete */
		if (!conn_flush(s, c, now)) {
			conn_close(s, c);
			return;
		}
		if (r <= 0 || out_pending(c))
			break;
	}
	conn_run(s, c, now);
}

void conn_poll_streams(struct server *s)
{
	struct conn *streams[HTTPD_MAX_CAPTURES];
	unsigned int n = 0;
	long long now = s->now_ms;

	/* Pulling moves a stream to its list's tail: take the set first. */
	for (struct conn *c = s->timers[CT_STREAM].head;
	     c && n < HTTPD_MAX_CAPTURES; c = c->next)
		streams[n++] = c;
	for (unsigned int i = 0; i < n; i++)
		if (streams[i]->fd >= 0 && streams[i]->stream)
			stream_pull(s, streams[i], now);
}
