/*
 * stream.c - the data streams of a test.
 *
 * TCP: each stream is its own connection, opened by the client with the
 * test's cookie (main.c checks it); the server reads and counts, or writes
 * random blocks (-R, and the second half of the streams with --bidir).
 *
 * UDP: one unconnected socket on the server's port serves every stream;
 * a stream is the client address that sent the 4-byte hello, answered
 * with the reply magic (proto.h). Received datagrams carry a timestamp
 * and a packet number: loss and reordering come from the numbers, jitter
 * from the timestamps as RFC 3550 A.8 computes it. Sent datagrams are
 * paced to the client's -b per stream.
 *
 * Counters restart when omitting (-O) ends; what the client is told
 * (results.c) is what came after.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iperf3.h"

#define NEVER		INT64_MAX
#define IO_BURST	16	/* reads or writes per stream per wakeup */
#define UDP_BURST	64	/* datagrams per stream (or socket) per wakeup */
#define DRAIN_READS	256	/* at TEST_END: what is queued, at most this */

static bool again(void)
{
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Stream i (counting from 0) of a test; iperf3 numbers them 1, 3, 4, 5... */
static struct stream *stream_new(struct test *t)
{
	int i = t->nstreams;
	struct stream *s = &t->streams[i];

	memset(s, 0, sizeof(*s));
	s->id = i == 0 ? 1 : i + 2;
	s->fd = -1;
	s->open = true;
	/* --bidir: the first half of the streams send to us, the rest receive. */
	s->sender = t->p.reverse || (t->p.bidir && i >= t->p.parallel);
	t->nstreams++;
	return s;
}

static void tcp_options(const struct test *t, const struct stream *s)
{
	int one = 1, w = t->p.window;

	if (w) {
		setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &w, sizeof(w));
		setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &w, sizeof(w));
	}
	if (t->p.nodelay && s->sender)
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* A TCP data connection with the right cookie; -1 if the test has enough. */
int stream_add_tcp(struct server *srv, int fd)
{
	struct test *t = &srv->test;
	struct stream *s;

	if (t->nstreams >= t->want_streams)
		return -1;
	s = stream_new(t);
	s->fd = fd;
	tcp_options(t, s);
	if (t->nstreams == t->want_streams)
		control_streams_ready(srv);
	return 0;
}

void stream_tcp_input(struct server *srv, struct stream *s)
{
	struct test *t = &srv->test;

	for (int k = 0; k < IO_BURST; k++) {
		ssize_t n = recv(s->fd, srv->rxbuf, sizeof(srv->rxbuf), 0);

		if (n > 0) {
			s->bytes += n;
			t->rx_total += n;
			t->progress_ns = srv->now;
			continue;
		}
		if (n < 0 && again())
			return;
		s->open = false;	/* EOF or reset: the client is done with it */
		return;
	}
}

/*
 * How far stream s is behind the pace of -b (bytes, at least 1 when a
 * block or datagram is due); 0 if ahead, UINT64_MAX without -b.
 */
static uint64_t pace_allowance(const struct test *t, const struct stream *s,
			       int64_t now)
{
	double allowed;

	if (!t->p.bandwidth)
		return UINT64_MAX;
	allowed = (double)t->p.bandwidth / 8.0 *
		  (double)(now - t->run_start_ns) / (double)NSEC_PER_SEC;
	return allowed > (double)s->paced_bytes ?
	       (uint64_t)(allowed - (double)s->paced_bytes) + 1 : 0;
}

/*
 * Whether the server, as sender, is done: -n or -k reached, or -O + -t
 * over (as iperf3's server, it stops on its own clock and does not wait
 * for TEST_END, so nothing of ours is in flight when the client stops).
 */
static bool limit_reached(const struct test *t, int64_t now)
{
	if (t->p.duration &&
	    now - t->run_start_ns >= (t->p.omit + t->p.duration) * NSEC_PER_SEC)
		return true;
	return t->send_limit && t->sent_total >= t->send_limit;
}

void stream_tcp_output(struct server *srv, struct stream *s)
{
	struct test *t = &srv->test;

	for (int k = 0; k < IO_BURST && s->open && !limit_reached(t, srv->now); k++) {
		uint64_t allow = pace_allowance(t, s, srv->now);
		size_t n = sizeof(srv->txbuf);
		ssize_t r;

		if (allow == 0)
			return;
		if (t->p.bandwidth && n > t->p.len)
			n = t->p.len;	/* paced: a block whenever one is due */
		if (t->send_limit && n > t->send_limit - t->sent_total)
			n = t->send_limit - t->sent_total;
		r = send(s->fd, srv->txbuf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0) {
			if (again())
				s->blocked = true;
			else
				s->open = false;
			return;
		}
		s->bytes += r;
		s->paced_bytes += r;
		t->sent_total += r;
		t->progress_ns = srv->now;
	}
}

/*
 * One datagram of stream s: the header (time, packet number) over the
 * random payload, len bytes in all. 1 sent, 0 would block, -1 failed.
 */
static int udp_send_one(struct server *srv, struct stream *s)
{
	struct test *t = &srv->test;
	uint8_t *h = srv->txbuf;
	int64_t now = now_ns();
	uint64_t seq = s->next_seq + 1;
	ssize_t r;

	put_be32(h + UDP_HDR_SEC, (uint32_t)(now / NSEC_PER_SEC));
	put_be32(h + UDP_HDR_USEC, (uint32_t)(now % NSEC_PER_SEC / 1000));
	if (t->p.udp64) {
		put_be32(h + UDP_HDR_SEQ, (uint32_t)(seq >> 32));
		put_be32(h + UDP_HDR_SEQ + 4, (uint32_t)seq);
	} else {
		put_be32(h + UDP_HDR_SEQ, (uint32_t)seq);
	}
	r = sendto(t->udp_fd, h, t->p.len, MSG_DONTWAIT,
		   (struct sockaddr *)&s->peer, sizeof(s->peer));
	if (r < 0)
		return again() || errno == ENOBUFS ? 0 : -1;
	s->next_seq = seq;
	s->bytes += r;
	s->paced_bytes += r;
	t->sent_total++;
	t->progress_ns = srv->now;
	return 1;
}

/* Sends what is due on every stream the server sends on. */
void streams_send(struct server *srv)
{
	struct test *t = &srv->test;

	if (t->phase != PH_RUNNING)
		return;
	for (int i = 0; i < t->nstreams; i++) {
		struct stream *s = &t->streams[i];

		if (!s->sender || !s->open || limit_reached(t, srv->now))
			continue;
		if (!t->p.udp) {
			if (!s->blocked)
				stream_tcp_output(srv, s);
			continue;
		}
		for (int k = 0; k < UDP_BURST && !t->udp_blocked &&
			       !limit_reached(t, srv->now); k++) {
			int r;

			if (pace_allowance(t, s, srv->now) == 0)
				break;
			r = udp_send_one(srv, s);
			if (r == 0)
				t->udp_blocked = true;
			if (r < 0)
				s->open = false;
			if (r <= 0)
				break;
		}
	}
}

/* When the next stream may send (pacing), or NEVER if none waits on time. */
int64_t streams_next_due(const struct test *t, int64_t now)
{
	int64_t next = NEVER;

	if (t->phase != PH_RUNNING || limit_reached(t, now))
		return NEVER;
	for (int i = 0; i < t->nstreams; i++) {
		const struct stream *s = &t->streams[i];
		int64_t due;

		if (!s->sender || !s->open || s->blocked ||
		    (t->p.udp && t->udp_blocked))
			continue;
		if (!t->p.bandwidth)
			return now;
		due = t->run_start_ns + 1 + (int64_t)((double)s->paced_bytes *
				8.0 * (double)NSEC_PER_SEC / (double)t->p.bandwidth);
		if (due < next)
			next = due;
	}
	return next;
}

static struct stream *udp_stream_of(struct test *t, const struct sockaddr_in *from)
{
	for (int i = 0; i < t->nstreams; i++) {
		struct stream *s = &t->streams[i];

		if (s->peer.sin_addr.s_addr == from->sin_addr.s_addr &&
		    s->peer.sin_port == from->sin_port)
			return s;
	}
	return NULL;
}

/* A UDP hello from a new address while streams are being set up. */
static void udp_hello(struct server *srv, const struct sockaddr_in *from)
{
	struct test *t = &srv->test;
	struct stream *s;

	if (t->phase != PH_STREAMS || t->nstreams >= t->want_streams)
		return;
	s = stream_new(t);
	s->peer = *from;
	sendto(t->udp_fd, UDP_CONNECT_REPLY, UDP_CONNECT_SIZE, MSG_DONTWAIT,
	       (const struct sockaddr *)from, sizeof(*from));
	if (t->nstreams == t->want_streams)
		control_streams_ready(srv);
}

/*
 * A data datagram of stream s, arrived at now. Loss: a packet number past
 * the next expected one means the ones between are lost, until they turn
 * up late (then they count as out of order and not lost). Jitter: RFC
 * 3550 A.8, J += (|D| - J) / 16 over the differences D of successive
 * transit times; the sender's clock need not match ours, as only
 * differences count.
 */
static void udp_account(struct test *t, struct stream *s, const uint8_t *d,
			size_t n, int64_t now)
{
	size_t hdr = t->p.udp64 ? UDP_HDR_SIZE64 : UDP_HDR_SIZE32;
	uint64_t seq;
	int64_t sent_us, transit;

	if (n < hdr) {
		t->short_dgrams++;
		return;
	}
	sent_us = (int64_t)get_be32(d + UDP_HDR_SEC) * 1000000 +
		  get_be32(d + UDP_HDR_USEC);
	seq = t->p.udp64 ? (uint64_t)get_be32(d + UDP_HDR_SEQ) << 32 |
			   get_be32(d + UDP_HDR_SEQ + 4) :
			   get_be32(d + UDP_HDR_SEQ);
	s->bytes += n;
	t->rx_total += n;
	t->progress_ns = now;
	if (seq > s->max_seq) {
		s->lost += seq - s->max_seq - 1;
		s->max_seq = seq;
	} else {
		s->outoforder++;
		if (s->lost)
			s->lost--;
	}
	transit = now / 1000 - sent_us;
	if (s->have_transit) {
		int64_t dt = transit - s->prev_transit_us;

		if (dt < 0)
			dt = -dt;
		s->jitter += ((double)dt / 1e6 - s->jitter) / 16.0;
	}
	s->prev_transit_us = transit;
	s->have_transit = true;
}

/* Reads up to max datagrams from the test's UDP socket. */
static void udp_read(struct server *srv, int max)
{
	struct test *t = &srv->test;

	for (int k = 0; k < max && t->udp_fd >= 0; k++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(t->udp_fd, srv->rxbuf, sizeof(srv->rxbuf),
				     MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		struct stream *s;

		if (n < 0) {
			/* ICMP errors of earlier sends surface here: go on. */
			if (again())
				return;
			continue;
		}
		if (fl < sizeof(from) || from.sin_family != AF_INET)
			continue;
		s = udp_stream_of(t, &from);
		if (n == UDP_CONNECT_SIZE &&
		    !memcmp(srv->rxbuf, UDP_CONNECT_MSG, UDP_CONNECT_SIZE)) {
			if (!s)
				udp_hello(srv, &from);
			else	/* the client sent it again: our reply got lost */
				sendto(t->udp_fd, UDP_CONNECT_REPLY, UDP_CONNECT_SIZE,
				       MSG_DONTWAIT, (struct sockaddr *)&from,
				       sizeof(from));
			continue;
		}
		if (s && !s->sender &&
		    (t->phase == PH_RUNNING || t->phase == PH_FINISHING))
			udp_account(t, s, srv->rxbuf, n, now_ns());
	}
}

void udp_input(struct server *srv)
{
	udp_read(srv, UDP_BURST);
}

/* The end of -O: what was counted so far does not count. */
void streams_end_omit(struct test *t, int64_t now)
{
	for (int i = 0; i < t->nstreams; i++) {
		struct stream *s = &t->streams[i];

		s->bytes = 0;
		s->seq_base = s->max_seq;
		s->lost_base = s->lost;
		s->ooo_base = s->outoforder;
		s->sent_base = s->next_seq;
	}
	t->start_ns = now;
	t->cpu_start_ns = cpu_ns();
	t->omitting = false;
}

/* At TEST_END: what the kernel already holds for us still counts. */
void streams_drain(struct server *srv)
{
	struct test *t = &srv->test;

	srv->now = now_ns();
	for (int i = 0; i < t->nstreams; i++) {
		struct stream *s = &t->streams[i];

		for (int k = 0; k < DRAIN_READS / IO_BURST && s->open &&
			       !s->sender && s->fd >= 0; k++) {
			uint64_t before = s->bytes;

			stream_tcp_input(srv, s);
			if (s->bytes == before)
				break;
		}
	}
	if (t->udp_fd >= 0)
		udp_read(srv, DRAIN_READS);
}

void streams_close(struct test *t)
{
	for (int i = 0; i < t->nstreams; i++) {
		struct stream *s = &t->streams[i];

		if (s->fd >= 0)
			close(s->fd);
		s->fd = -1;
		s->open = false;
	}
	if (t->udp_fd >= 0)
		close(t->udp_fd);
	t->udp_fd = -1;
	t->udp_blocked = false;
}

/* The UDP socket of a test: the server's port, every stream's datagrams. */
int udp_open(struct server *srv)
{
	struct test *t = &srv->test;
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(srv->port),
		.sin_addr = srv->bind_addr,
	};
	int one = 1, rcvbuf = 4 * 1024 * 1024;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    set_nonblock(fd) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	t->udp_fd = fd;
	return 0;
}

uint64_t stream_packets(const struct stream *s)
{
	if (s->sender)
		return s->next_seq - s->sent_base;
	return s->max_seq > s->seq_base ? s->max_seq - s->seq_base : 0;
}

uint64_t stream_errors(const struct stream *s)
{
	if (s->sender)
		return s->peer_errors;
	return s->lost > s->lost_base ? s->lost - s->lost_base : 0;
}
