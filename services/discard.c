/*
 * discard - the Discard Protocol (RFC 863) on port 9: datagrams, and the
 * bytes of every TCP connection, are read and thrown away. Every
 * REPORT_SECS, if anything arrived since the last report, one line says
 * how much.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>

#include "svc.h"

#define DISCARD_PORT	9
#define REPORT_SECS	10

static unsigned char buf[65507];

struct discard_stats {
	unsigned long long datagrams, bytes;		/* since start */
	unsigned long long last_datagrams, last_bytes;	/* at the last report */
	unsigned long long tcp_conns, tcp_bytes;	/* since start */
	unsigned long long last_tcp_conns, last_tcp_bytes;
};

static struct discard_stats stats;

/* RFC 863 ("UDP Based Discard Service"): receive and do nothing else. */
static void udp_discard_ready(struct endpoint *e, uint32_t events)
{
	ssize_t n;

	while ((n = recv(e->fd, buf, sizeof(buf), 0)) >= 0) {
		stats.datagrams++;
		stats.bytes += n;
	}
	if (errno != EAGAIN && errno != EINTR)
		printf("discard: recv: %s\n", strerror(errno));
}

#define TCP_BURST	16	/* reads per wakeup, so one client cannot starve the rest */

static struct tcp_listener tcp = { .name = "discard" };

/* RFC 863 ("TCP Based Discard Service"): read until the client closes. */
static void tcp_discard_ready(struct endpoint *e, uint32_t events)
{
	for (int i = 0; i < TCP_BURST; i++) {
		ssize_t n = recv(e->fd, buf, sizeof(buf), 0);

		if (n > 0) {
			stats.tcp_bytes += n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		tcp_conn_close(&tcp, e->fd);	/* end of data, or an error */
		free(e);
		return;
	}
}

static int discard_accepted(struct tcp_listener *l, int fd)
{
	struct endpoint *c = malloc(sizeof(*c));

	if (!c)
		return -1;
	c->fd = fd;
	c->ready = tcp_discard_ready;
	if (epoll_watch(l->epfd, c) < 0) {
		free(c);
		return -1;
	}
	stats.tcp_conns++;
	return 0;
}

static void report_tcp(struct discard_stats *s)
{
	if (s->tcp_bytes == s->last_tcp_bytes && s->tcp_conns == s->last_tcp_conns)
		return;
	printf("discard: tcp: %llu bytes, %llu new connections in the last %d s "
	       "(%llu bytes, %llu connections in all)\n",
	       s->tcp_bytes - s->last_tcp_bytes, s->tcp_conns - s->last_tcp_conns,
	       REPORT_SECS, s->tcp_bytes, s->tcp_conns);
	s->last_tcp_bytes = s->tcp_bytes;
	s->last_tcp_conns = s->tcp_conns;
}

static void report(struct discard_stats *s)
{
	report_tcp(s);
	if (s->datagrams == s->last_datagrams)
		return;
	printf("discard: %llu datagrams, %llu bytes in the last %d s "
	       "(%llu datagrams, %llu bytes in all)\n",
	       s->datagrams - s->last_datagrams, s->bytes - s->last_bytes,
	       REPORT_SECS, s->datagrams, s->bytes);
	s->last_datagrams = s->datagrams;
	s->last_bytes = s->bytes;
}

int main(void)
{
	struct endpoint udp = { .ready = udp_discard_ready };
	int epfd = epoll_create1(0);
	long long next_report;

	if (epfd < 0) {
		printf("discard: epoll_create1: %s\n", strerror(errno));
		return 1;
	}
	udp.fd = udp_bind_any("discard", DISCARD_PORT);
	if (udp.fd < 0 || epoll_watch(epfd, &udp) < 0)
		return 1;
	printf("discard: listening on udp port %d\n", DISCARD_PORT);
	tcp.accepted = discard_accepted;
	if (tcp_listener_start(&tcp, epfd, DISCARD_PORT) < 0)
		return 1;
	printf("discard: listening on tcp port %d\n", DISCARD_PORT);
	next_report = monotonic_ms() + REPORT_SECS * 1000;
	for (;;) {
		long long now = monotonic_ms();

		if (now >= next_report) {
			report(&stats);
			next_report = now + REPORT_SECS * 1000;
		}
		if (epoll_serve(epfd, next_report - now) < 0 && errno != EINTR) {
			printf("discard: epoll_wait: %s\n", strerror(errno));
			return 1;
		}
	}
}
