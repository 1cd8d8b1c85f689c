/*
 * echo - the Echo Protocol (RFC 862) on port 7: over UDP every datagram is
 * sent back to its sender as it came; over TCP every byte a client sends
 * comes back on its connection until the client closes its side.
 *
 * One epoll loop serves the UDP socket, the TCP listener and each TCP
 * connection. A connection whose echo did not all fit in the send buffer
 * keeps the rest and stops reading until EPOLLOUT says it has gone, so a
 * client that does not read cannot make the service hold more than one
 * buffer for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <netinet/tcp.h>

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

#define TCP_BURST	16	/* reads per wakeup, so one client cannot starve the rest */

struct echo_conn {
	struct endpoint ep;	/* first: epoll hands back &ep */
	unsigned char *pending;	/* read, not yet sent (malloc'd), or NULL */
	size_t off, len;	/* pending[off, len) is still to send */
	bool eof;		/* the client has shut down its side */
	uint32_t watching;	/* EPOLLIN, or EPOLLOUT while pending */
};

static struct tcp_listener tcp = { .name = "echo" };

/* Sends what is pending; false if the connection has failed. */
static bool echo_flush(struct echo_conn *c)
{
	while (c->off < c->len) {
		ssize_t n = send(c->ep.fd, c->pending + c->off, c->len - c->off,
				 MSG_NOSIGNAL);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->off += n;
	}
	free(c->pending);
	c->pending = NULL;
	c->off = c->len = 0;
	return true;
}

/* Echoes n bytes of buf, keeping what the socket did not take. */
static bool echo_send(struct echo_conn *c, size_t n)
{
	ssize_t sent = send(c->ep.fd, buf, n, MSG_NOSIGNAL);

	if (sent < 0) {
		if (errno != EAGAIN && errno != EINTR)
			return false;
		sent = 0;
	}
	if ((size_t)sent == n)
		return true;
	c->pending = malloc(n - sent);
	if (!c->pending)
		return false;
	memcpy(c->pending, buf + sent, n - sent);
	c->off = 0;
	c->len = n - sent;
	return true;
}

static void echo_conn_close(struct echo_conn *c)
{
	tcp_conn_close(&tcp, c->ep.fd);
	free(c->pending);
	free(c);
}

/* RFC 862 ("TCP Based Echo Service"): send back whatever is received. */
static void tcp_echo_ready(struct endpoint *e, uint32_t events)
{
	struct echo_conn *c = (struct echo_conn *)e;
	uint32_t want;

	if ((events & EPOLLERR) || (c->pending && !echo_flush(c)))
		goto close;
	for (int i = 0; !c->pending && !c->eof && i < TCP_BURST; i++) {
		ssize_t n = recv(c->ep.fd, buf, sizeof(buf), 0);

		if (n == 0)
			c->eof = true;
		else if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		else if (n < 0 || !echo_send(c, n))
			goto close;
	}
	/* The echo is over once the client has finished and all went back. */
	if (c->eof && !c->pending)
		goto close;
	want = c->pending ? EPOLLOUT : EPOLLIN;
	if (want != c->watching && epoll_rearm(tcp.epfd, e, want) == 0)
		c->watching = want;
	return;
close:
	echo_conn_close(c);
}

static int echo_accepted(struct tcp_listener *l, int fd)
{
	struct echo_conn *c = calloc(1, sizeof(*c));
	int one = 1;

	if (!c)
		return -1;
	/* An echo answers what came, at once: no Nagle wait for the ACK of
	 * the last reply (RFC 896), which the peer may delay 40 ms. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->ep.fd = fd;
	c->ep.ready = tcp_echo_ready;
	c->watching = EPOLLIN;
	if (epoll_watch(l->epfd, &c->ep) < 0) {
		free(c);
		return -1;
	}
	return 0;
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
	tcp.accepted = echo_accepted;
	if (tcp_listener_start(&tcp, epfd, ECHO_PORT) < 0)
		return 1;
	printf("echo: listening on tcp port %d\n", ECHO_PORT);
	for (;;)
		if (epoll_serve(epfd, -1) < 0 && errno != EINTR) {
			printf("echo: epoll_wait: %s\n", strerror(errno));
			return 1;
		}
}
