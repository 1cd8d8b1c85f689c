/*
 * main.c - iperf3: a server for the iperf3 client (iperf 3.x), on TCP port
 * 5201 by default: TCP and UDP tests in either direction or both
 * (-R, --bidir), parallel streams (-P), omitted seconds (-O), tests ended
 * by time, bytes or blocks (-t, -n, -k), and the client's
 * --get-server-output. docs/iperf3.md describes the protocol.
 *
 *	usage: iperf3 [-p PORT] [-B ADDR]
 *
 * This file owns the listening socket, the connections that have not yet
 * sent their cookie, and the loop: one poll(2) over every descriptor, with
 * a timeout from the nearest timer (a phase deadline, the end of omitting,
 * the next paced datagram). Every connection starts as a pending one; its
 * 37-byte cookie decides what it is: a new test's control connection when
 * the server is idle, a data stream of the running test when it matches
 * that test's cookie, and otherwise a second client, who is turned away
 * with ACCESS_DENIED as iperf3 does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "iperf3.h"

#define NEVER		INT64_MAX
#define ACCEPT_BURST	16	/* connections accepted per wakeup */

static struct server server;

int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* CPU time of this process (Skiff: of the service's thread). */
int64_t cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return 0;
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* One line to the log (Skiff: the kernel console), in one write. */
void log_msg(const char *fmt, ...)
{
	char line[320] = "iperf3: ";
	size_t n = strlen(line);
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	n += (size_t)r < sizeof(line) - n - 1 ? (size_t)r : sizeof(line) - n - 2;
	line[n++] = '\n';
	if (write(STDOUT_FILENO, line, n) < 0)
		return;
}

int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL, 0);

	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

const char *addr_str(const struct sockaddr_in *sin, char *buf, size_t size)
{
	if (!inet_ntop(AF_INET, &sin->sin_addr, buf, size))
		snprintf(buf, size, "?");
	return buf;
}

static int listen_open(struct server *srv)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(srv->port),
		.sin_addr = srv->bind_addr,
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0) {
		log_msg("socket: %s", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, 32) < 0 || set_nonblock(fd) < 0) {
		log_msg("tcp port %u: %s", srv->port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void pending_close(struct server *srv, int i)
{
	close(srv->pending[i].fd);
	srv->pending[i].fd = -1;
}

static void pending_accept(struct server *srv)
{
	for (int k = 0; k < ACCEPT_BURST; k++) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int fd = accept(srv->listen_fd, (struct sockaddr *)&peer, &len);
		int i;

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_msg("accept: %s", strerror(errno));
			return;
		}
		for (i = 0; i < MAX_PENDING && srv->pending[i].fd >= 0; i++)
			;
		if (i == MAX_PENDING || set_nonblock(fd) < 0) {
			/* Bounded: the oldest waiters keep their places. */
			close(fd);
			continue;
		}
		srv->pending[i].fd = fd;
		srv->pending[i].got = 0;
		srv->pending[i].peer = peer;
		srv->pending[i].deadline_ns = srv->now + COOKIE_WAIT_NS;
	}
}

/* iperf3 cookies are 36 printable characters and a NUL. */
static bool cookie_valid(const char *c)
{
	for (int i = 0; i < COOKIE_SIZE - 1; i++)
		if (c[i] < 0x21 || c[i] > 0x7e)
			return false;
	return c[COOKIE_SIZE - 1] == '\0';
}

/* ACCESS_DENIED, as iperf3 answers a client while another one's test runs. */
static void deny(int fd)
{
	uint8_t b = (uint8_t)ACCESS_DENIED;

	send(fd, &b, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

/* A whole cookie arrived on pending connection i: hand the socket on. */
static void pending_dispatch(struct server *srv, int i)
{
	struct test *t = &srv->test;
	int fd = srv->pending[i].fd;
	const char *cookie = srv->pending[i].cookie;
	char a[INET_ADDRSTRLEN];

	srv->pending[i].fd = -1;
	addr_str(&srv->pending[i].peer, a, sizeof(a));
	if (!cookie_valid(cookie)) {
		log_msg("%s port %u: not an iperf3 cookie, closed", a,
			ntohs(srv->pending[i].peer.sin_port));
		close(fd);
	} else if (t->phase == PH_IDLE) {
		control_start(srv, fd, &srv->pending[i].peer, cookie);
	} else if (test_cookie_matches(t, cookie)) {
		if (t->phase != PH_STREAMS || t->p.udp || stream_add_tcp(srv, fd) < 0) {
			log_msg("test %llu: unexpected stream connection, closed",
				(unsigned long long)t->number);
			close(fd);
		}
	} else {
		log_msg("%s port %u: busy with test %llu, access denied", a,
			ntohs(srv->pending[i].peer.sin_port),
			(unsigned long long)t->number);
		deny(fd);
	}
}

static void pending_input(struct server *srv, int i)
{
	ssize_t n = recv(srv->pending[i].fd,
			 srv->pending[i].cookie + srv->pending[i].got,
			 COOKIE_SIZE - srv->pending[i].got, 0);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		pending_close(srv, i);
		return;
	}
	srv->pending[i].got += n;
	if (srv->pending[i].got == COOKIE_SIZE)
		pending_dispatch(srv, i);
}

static void pending_timers(struct server *srv)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (srv->pending[i].fd >= 0 &&
		    srv->now >= srv->pending[i].deadline_ns)
			pending_close(srv, i);
}

/* What each pollfd entry is, to dispatch its events. */
enum fd_kind { FD_LISTEN, FD_PENDING, FD_CTRL, FD_UDP, FD_STREAM };

struct poll_set {
	struct pollfd fds[3 + MAX_PENDING + MAX_STREAMS];
	uint8_t kind[3 + MAX_PENDING + MAX_STREAMS];
	uint8_t index[3 + MAX_PENDING + MAX_STREAMS];
	nfds_t n;
};

static void watch(struct poll_set *ps, int fd, short events, enum fd_kind kind,
		  int index)
{
	ps->fds[ps->n] = (struct pollfd){ .fd = fd, .events = events };
	ps->kind[ps->n] = kind;
	ps->index[ps->n] = index;
	ps->n++;
}

static void build_poll_set(struct server *srv, struct poll_set *ps)
{
	struct test *t = &srv->test;

	ps->n = 0;
	watch(ps, srv->listen_fd, POLLIN, FD_LISTEN, 0);
	for (int i = 0; i < MAX_PENDING; i++)
		if (srv->pending[i].fd >= 0)
			watch(ps, srv->pending[i].fd, POLLIN, FD_PENDING, i);
	if (t->ctrl_fd >= 0)
		watch(ps, t->ctrl_fd, POLLIN, FD_CTRL, 0);
	if (t->udp_fd >= 0)
		watch(ps, t->udp_fd, POLLIN | (t->udp_blocked ? POLLOUT : 0),
		      FD_UDP, 0);
	if (t->phase != PH_RUNNING && t->phase != PH_FINISHING)
		return;
	for (int i = 0; i < t->nstreams; i++) {
		struct stream *s = &t->streams[i];

		if (s->fd < 0 || !s->open)
			continue;
		if (!s->sender)
			watch(ps, s->fd, POLLIN, FD_STREAM, i);
		else if (s->blocked && t->phase == PH_RUNNING)
			watch(ps, s->fd, POLLOUT, FD_STREAM, i);
	}
}

/* Milliseconds to the nearest timer, for poll; -1 if none. */
static int poll_timeout(struct server *srv)
{
	int64_t next = control_next_timer(&srv->test), due, ms;

	for (int i = 0; i < MAX_PENDING; i++)
		if (srv->pending[i].fd >= 0 && srv->pending[i].deadline_ns < next)
			next = srv->pending[i].deadline_ns;
	due = streams_next_due(&srv->test, srv->now);
	if (due < next)
		next = due;
	if (next == NEVER)
		return -1;
	if (next <= srv->now)
		return 0;
	ms = (next - srv->now + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * Serves the events of one poll. Data first, then the control connection
 * (so bytes that arrived with TEST_END are counted), then new connections.
 * A reset in between closes descriptors later entries name: gen tells.
 */
static void dispatch(struct server *srv, struct poll_set *ps)
{
	struct test *t = &srv->test;
	unsigned int gen = t->gen;
	static const uint8_t order[] = { FD_STREAM, FD_UDP, FD_CTRL, FD_PENDING, FD_LISTEN };

	for (size_t o = 0; o < sizeof(order); o++) {
		for (nfds_t i = 0; i < ps->n; i++) {
			short ev = ps->fds[i].revents;
			int k = ps->index[i];

			if (!ev || ps->kind[i] != order[o])
				continue;
			switch (ps->kind[i]) {
			case FD_STREAM:
				if (gen != t->gen || t->streams[k].fd != ps->fds[i].fd)
					break;
				if (t->streams[k].sender) {
					t->streams[k].blocked = false;
					stream_tcp_output(srv, &t->streams[k]);
				} else {
					stream_tcp_input(srv, &t->streams[k]);
				}
				break;
			case FD_UDP:
				if (gen != t->gen || t->udp_fd != ps->fds[i].fd)
					break;
				if (ev & POLLOUT)
					t->udp_blocked = false;
				udp_input(srv);
				break;
			case FD_CTRL:
				if (gen == t->gen && t->ctrl_fd == ps->fds[i].fd)
					control_input(srv);
				break;
			case FD_PENDING:
				if (srv->pending[k].fd == ps->fds[i].fd)
					pending_input(srv, k);
				break;
			case FD_LISTEN:
				pending_accept(srv);
				break;
			}
		}
	}
}

/* The payload: random, so that no link compression flatters the figures. */
static void fill_payload(unsigned char *buf, size_t size)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = getrandom(buf + got, size - got, 0);

		if (n <= 0)
			break;
		got += n;
	}
	for (uint32_t x = 0x9e3779b9u; got < size; got++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[got] = x;
	}
}

static int parse_args(struct server *srv, int argc, char **argv)
{
	srv->port = IPERF3_PORT;
	srv->bind_addr.s_addr = htonl(INADDR_ANY);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (!strcmp(arg, "-s")) {
			continue;	/* iperf3's "server mode": always */
		} else if (!strcmp(arg, "-p") && val) {
			unsigned long port = strtoul(val, &end, 10);

			if (*end || port == 0 || port > 65535)
				goto usage;
			srv->port = port;
			i++;
		} else if (!strcmp(arg, "-B") && val) {
			if (inet_pton(AF_INET, val, &srv->bind_addr) != 1)
				goto usage;
			i++;
		} else {
			goto usage;
		}
	}
	return 0;
usage:
	log_msg("usage: iperf3 [-s] [-p PORT] [-B ADDR]");
	return -1;
}

int main(int argc, char **argv)
{
	struct server *srv = &server;
	static struct poll_set ps;

	if (parse_args(srv, argc, argv) < 0)
		return 2;
	for (int i = 0; i < MAX_PENDING; i++)
		srv->pending[i].fd = -1;
	test_init(&srv->test);
	fill_payload(srv->txbuf, sizeof(srv->txbuf));
	srv->listen_fd = listen_open(srv);
	if (srv->listen_fd < 0)
		return 1;
	log_msg("listening on tcp port %u", srv->port);
	for (;;) {
		int n;

		srv->now = now_ns();
		pending_timers(srv);
		control_timers(srv);
		streams_send(srv);
		build_poll_set(srv, &ps);
		n = poll(ps.fds, ps.n, poll_timeout(srv));
		srv->now = now_ns();
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_msg("poll: %s", strerror(errno));
			return 1;
		}
		if (n > 0)
			dispatch(srv, &ps);
	}
}
