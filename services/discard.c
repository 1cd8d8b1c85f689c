/*
 * discard - the Discard Protocol (RFC 863) over UDP, port 9: datagrams are
 * read and thrown away. Every REPORT_SECS, if anything arrived since the
 * last report, one line says how much.
 */
#include <stdio.h>
#include <sys/epoll.h>

#include "svc.h"

#define DISCARD_PORT	9
#define REPORT_SECS	10

static unsigned char buf[65507];

struct discard_stats {
	unsigned long long datagrams, bytes;		/* since start */
	unsigned long long last_datagrams, last_bytes;	/* at the last report */
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

static void report(struct discard_stats *s)
{
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
