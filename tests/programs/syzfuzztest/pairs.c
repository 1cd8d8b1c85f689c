/*
 * pairs.c - connected sockets for the fuzzed calls to work on. Random
 * calls seldom line up a bind, a listen, a connect and an accept on the
 * right descriptors, so now and then the fuzzer connects sockets itself:
 * a TCP connection (listener, client and accepted end) over loopback or
 * to its own address, or two UDP sockets connected to each other. They
 * join the pool like any other descriptor, and the fuzzed calls send,
 * receive, shut down, reconfigure and close them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "syzfuzz.h"

#define SETUP_WAIT_MS	1000	/* for the handshake, under load and TCG */

/* A step of the setup failed: unexplained, unless for want of memory or descriptors. */
static bool failed(const char *what)
{
	if (errno != EMFILE && errno != ENOMEM)
		setup_unexplained(what, errno);
	return false;
}

static int new_socket(int type, enum fd_kind kind)
{
	int fd = socket(AF_INET, type | SOCK_NONBLOCK, 0);

	if (fd < 0) {
		failed("socket");
		return -1;
	}
	fd_opened(fd, kind);
	if (!sock_timeouts(fd))
		failed("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)");
	return fd;
}

/* Bound to a free port of the loopback or our own address; its address in *sin. */
static bool bind_any(int fd, struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);

	sin->sin_family = AF_INET;
	sin->sin_port = 0;
	sin->sin_addr.s_addr = one_in(2) ? htonl(INADDR_LOOPBACK) : own_addr;
	if (bind(fd, (struct sockaddr *)sin, sizeof(*sin)))
		return failed("bind to port 0");
	if (getsockname(fd, (struct sockaddr *)sin, &len))
		return failed("getsockname of a bound socket");
	port_learned(ntohs(sin->sin_port));
	return true;
}

static bool ready(int fd, short events, const char *what)
{
	struct pollfd p = { fd, events, 0 };
	int n = poll(&p, 1, SETUP_WAIT_MS);

	if (n == 1 && (p.revents & events))
		return true;
	if (n >= 0)
		errno = ETIMEDOUT;
	return failed(what);
}

static void tcp_pair(void)
{
	struct sockaddr_in sin;
	int l = new_socket(SOCK_STREAM, FD_TCP), c, a;

	if (l < 0 || !bind_any(l, &sin))
		return;
	if (listen(l, 4)) {
		failed("listen");
		return;
	}
	c = new_socket(SOCK_STREAM, FD_TCP);
	if (c < 0)
		return;
	if (connect(c, (struct sockaddr *)&sin, sizeof(sin)) && errno != EINPROGRESS) {
		failed("connect to our own listener");
		return;
	}
	if (!ready(c, POLLOUT, "the connection to our own listener within 1 s") ||
	    !ready(l, POLLIN, "a connection to accept within 1 s"))
		return;
	if (one_in(2))
		return;		/* left for a fuzzed accept, or the listener's close */
	a = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	if (a < 0) {
		failed("accept of a pending connection");
		return;
	}
	fd_opened(a, FD_TCP);
	if (!sock_timeouts(a))
		failed("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)");
}

static void udp_pair(void)
{
	struct sockaddr_in sa, sb;
	int a = new_socket(SOCK_DGRAM, FD_UDP), b;

	if (a < 0 || !bind_any(a, &sa))
		return;
	b = new_socket(SOCK_DGRAM, FD_UDP);
	if (b < 0 || !bind_any(b, &sb))
		return;
	if (connect(a, (struct sockaddr *)&sb, sizeof(sb)) ||
	    connect(b, (struct sockaddr *)&sa, sizeof(sa)))
		failed("connect of a UDP socket");
}

void make_pair(void)
{
	if (one_in(2))
		tcp_pair();
	else
		udp_pair();
}
