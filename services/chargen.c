/*
 * chargen - the Character Generator Protocol (RFC 864) on port 19. Over
 * UDP each datagram is answered with a random number (0 to 512) of
 * characters of the RFC's pattern, the received data being ignored. Over
 * TCP the pattern flows from the first line on, as fast as the client
 * takes it, until the client closes the connection; what it sends is
 * read and thrown away.
 *
 * The pattern (RFC 864, "The Data"): lines of 72 characters taken from
 * the 95 printable ASCII characters (space to '~') in order, each line
 * starting one character further along the circle than the one before,
 * and ending with CR LF. Successive answers continue the rotation: each
 * starts on the line after the one the previous answer started on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/random.h>

#include "svc.h"

#define CHARGEN_PORT	19
#define LINE_CHARS	72
#define PRINTABLE	95		/* ' ' (32) to '~' (126) */
#define MAX_REPLY	512

static unsigned char buf[512];

/* Lengths need no more than a fast generator seeded from getrandom(2). */
static uint64_t rng_state;

static uint64_t xorshift64(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Writes n bytes of the pattern, starting at the beginning of line 'line'. */
static void fill_pattern(char *out, size_t n, unsigned int line)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int row = line + i / (LINE_CHARS + 2);
		unsigned int col = i % (LINE_CHARS + 2);

		if (col == LINE_CHARS)
			out[i] = '\r';
		else if (col == LINE_CHARS + 1)
			out[i] = '\n';
		else
			out[i] = ' ' + (row + col) % PRINTABLE;
	}
}

static void udp_chargen_ready(struct endpoint *e, uint32_t events)
{
	static unsigned int line;
	char reply[MAX_REPLY];

	for (;;) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		size_t n;

		if (recvfrom(e->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen) < 0) {
			if (errno != EAGAIN && errno != EINTR)
				printf("chargen: recvfrom: %s\n", strerror(errno));
			return;
		}
		if (fromlen < sizeof(from) || from.sin_family != AF_INET ||
		    !udp_peer_may_get_reply(&from))
			continue;
		n = xorshift64() % (MAX_REPLY + 1);
		fill_pattern(reply, n, line);
		line = (line + 1) % PRINTABLE;
		sendto(e->fd, reply, n, MSG_DONTWAIT, (struct sockaddr *)&from,
		       sizeof(from));
	}
}

/*
 * The TCP stream repeats every PRINTABLE lines. PERIOD_COPIES periods laid
 * end to end let any send start at (offset % PERIOD) and run contiguously
 * for up to (PERIOD_COPIES - 1) periods.
 */
#define PERIOD		(PRINTABLE * (LINE_CHARS + 2))	/* 7030 bytes */
#define PERIOD_COPIES	10
#define TCP_BURST	16	/* sends per wakeup, so one client cannot starve the rest */

static char stream[PERIOD * PERIOD_COPIES];

struct chargen_conn {
	struct endpoint ep;	/* first: epoll hands back &ep */
	unsigned int pos;	/* offset of the next byte within a period */
};

static struct tcp_listener tcp = { .name = "chargen" };

/* RFC 864 ("TCP Based Character Generator Service"): send until closed. */
static void tcp_chargen_ready(struct endpoint *e, uint32_t events)
{
	struct chargen_conn *c = (struct chargen_conn *)e;

	if (events & EPOLLERR)
		goto close;
	if (events & EPOLLIN) {
		ssize_t n = recv(e->fd, buf, sizeof(buf), 0);

		/* After the client's EOF, stop watching for input that cannot come. */
		if (n == 0)
			epoll_rearm(tcp.epfd, e, EPOLLOUT);
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			goto close;
	}
	for (int i = 0; (events & EPOLLOUT) && i < TCP_BURST; i++) {
		ssize_t n = send(e->fd, stream + c->pos,
				 PERIOD * (PERIOD_COPIES - 1), MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n < 0)
			goto close;	/* the client has gone (EPIPE, ECONNRESET) */
		c->pos = (c->pos + n) % PERIOD;
	}
	return;
close:
	tcp_conn_close(&tcp, e->fd);
	free(c);
}

static int chargen_accepted(struct tcp_listener *l, int fd)
{
	struct chargen_conn *c = calloc(1, sizeof(*c));
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };

	if (!c)
		return -1;
	c->ep.fd = fd;
	c->ep.ready = tcp_chargen_ready;
	ev.data.ptr = &c->ep;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(c);
		return -1;
	}
	return 0;
}

int main(void)
{
	struct endpoint udp = { .ready = udp_chargen_ready };
	int epfd = epoll_create1(0);

	if (getrandom(&rng_state, sizeof(rng_state), 0) != sizeof(rng_state) ||
	    rng_state == 0)
		rng_state = 0x9e3779b97f4a7c15ULL ^ (uint64_t)monotonic_ms();
	if (epfd < 0) {
		printf("chargen: epoll_create1: %s\n", strerror(errno));
		return 1;
	}
	udp.fd = udp_bind_any("chargen", CHARGEN_PORT);
	if (udp.fd < 0 || epoll_watch(epfd, &udp) < 0)
		return 1;
	printf("chargen: listening on udp port %d\n", CHARGEN_PORT);
	fill_pattern(stream, sizeof(stream), 0);
	tcp.accepted = chargen_accepted;
	if (tcp_listener_start(&tcp, epfd, CHARGEN_PORT) < 0)
		return 1;
	printf("chargen: listening on tcp port %d\n", CHARGEN_PORT);
	for (;;)
		if (epoll_serve(epfd, -1) < 0 && errno != EINTR) {
			printf("chargen: epoll_wait: %s\n", strerror(errno));
			return 1;
		}
}
