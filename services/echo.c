/*
 * echo - the Echo Protocol (RFC 862) over UDP, port 7: every datagram is
 * sent back to its sender as it came.
 *
 * One epoll loop serves a set of endpoints, so the TCP half of RFC 862
 * joins as a listening endpoint (and one per connection) beside the UDP one.
 */
#include <stdio.h>
#include <sys/epoll.h>

#include "svc.h"

#define ECHO_PORT	7

/* The largest UDP payload over IPv4: 65535 - 20 (IP) - 8 (UDP). */
static unsigned char buf[65507];

/* RFC 862 ("UDP Based Echo Service"): send back the data of each datagram. */
static void udp_echo_ready(struct endpoint *e, uint32_t events)
{
	for (;;) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(e->fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fromlen);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				printf("echo: recvfrom: %s\n", strerror(errno));
			return;
		}
		if (fromlen < sizeof(from) || from.sin_family != AF_INET ||
		    !udp_peer_may_get_reply(&from))
			continue;
		/* A full send buffer drops the echo, as an overloaded link would. */
		sendto(e->fd, buf, n, MSG_DONTWAIT, (struct sockaddr *)&from,
		       sizeof(from));
	}
}

int main(void)
{
	struct endpoint udp = { .ready = udp_echo_ready };
	int epfd = epoll_create1(0);

	if (epfd < 0) {
		printf("echo: epoll_create1: %s\n", strerror(errno));
		return 1;
	}
	udp.fd = udp_bind_any("echo", ECHO_PORT);
	if (udp.fd < 0 || epoll_watch(epfd, &udp) < 0)
		return 1;
	printf("echo: listening on udp port %d\n", ECHO_PORT);
	for (;;)
		if (epoll_serve(epfd, -1) < 0 && errno != EINTR) {
			printf("echo: epoll_wait: %s\n", strerror(errno));
			return 1;
		}
}
