/*
 * daytime - the Daytime Protocol (RFC 867) over UDP, port 13: any datagram
 * is answered with the current date and time as one line of ASCII.
 *
 * RFC 867 leaves the syntax open and suggests the forms
 * "Weekday, Month Day, Year Time-Zone"; this service answers in that
 * form, in UTC, e.g. "Tuesday, February 22, 1982 17:37:43-UTC\r\n".
 */
#include <stdio.h>
#include <sys/epoll.h>
#include <time.h>

#include "svc.h"

#define DAYTIME_PORT	13

/* The received data is ignored (RFC 867); this only drains it. */
static unsigned char buf[512];

static size_t format_daytime(char *out, size_t size)
{
	struct tm tm;
	time_t now = time(NULL);

	if (!gmtime_r(&now, &tm))
		return 0;
	return strftime(out, size, "%A, %B %d, %Y %H:%M:%S-UTC\r\n", &tm);
}

static void udp_daytime_ready(struct endpoint *e, uint32_t events)
{
	char line[64];

	for (;;) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		size_t n;

		if (recvfrom(e->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen) < 0) {
			if (errno != EAGAIN && errno != EINTR)
				printf("daytime: recvfrom: %s\n", strerror(errno));
			return;
		}
		if (fromlen < sizeof(from) || from.sin_family != AF_INET ||
		    !udp_peer_may_get_reply(&from))
			continue;
		n = format_daytime(line, sizeof(line));
		if (n)
			sendto(e->fd, line, n, MSG_DONTWAIT,
			       (struct sockaddr *)&from, sizeof(from));
	}
}

int main(void)
{
	struct endpoint udp = { .ready = udp_daytime_ready };
	int epfd = epoll_create1(0);

	if (epfd < 0) {
		printf("daytime: epoll_create1: %s\n", strerror(errno));
		return 1;
	}
	udp.fd = udp_bind_any("daytime", DAYTIME_PORT);
	if (udp.fd < 0 || epoll_watch(epfd, &udp) < 0)
		return 1;
	printf("daytime: listening on udp port %d\n", DAYTIME_PORT);
	for (;;)
		if (epoll_serve(epfd, -1) < 0 && errno != EINTR) {
			printf("daytime: epoll_wait: %s\n", strerror(errno));
			return 1;
		}
}
