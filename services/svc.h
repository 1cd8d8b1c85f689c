/*
 * svc.h - helpers shared by the small services (header only: each service
 * is its own program, linked with nothing but libc).
 */
#ifndef SKIFF_SVC_H
#define SKIFF_SVC_H

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * What epoll hands back for each descriptor a service watches: the
 * descriptor and the function that serves it. A service with a UDP and
 * a TCP half keeps one loop and one endpoint per socket: the UDP socket,
 * the listening TCP socket and each accepted connection (whose state
 * embeds its endpoint first).
 */
struct endpoint {
	int fd;
	void (*ready)(struct endpoint *e, uint32_t events);
};

/* A non-blocking UDP socket bound to 0.0.0.0:port; -1 (reported) on error. */
static inline int udp_bind_any(const char *name, uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	if (fd < 0) {
		printf("%s: socket: %s\n", name, strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		printf("%s: udp port %u: %s\n", name, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A non-blocking TCP socket listening on 0.0.0.0:port (the TCP half of the
 * small services, RFC 862/863/864); -1 (reported) on error.
 */
static inline int tcp_listen_any(const char *name, uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0) {
		printf("%s: socket: %s\n", name, strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, 1024) < 0) {
		printf("%s: tcp port %u: %s\n", name, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Changes what epoll watches e->fd for (EPOLLIN, EPOLLOUT or both). */
static inline int epoll_rearm(int epfd, struct endpoint *e, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = e };

	return epoll_ctl(epfd, EPOLL_CTL_MOD, e->fd, &ev);
}

/* Watches e->fd for input; epoll returns e itself. */
static inline int epoll_watch(int epfd, struct endpoint *e)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = e };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, e->fd, &ev);
}

/* Waits for and serves ready endpoints; returns epoll_wait's result. */
static inline int epoll_serve(int epfd, int timeout_ms)
{
	struct epoll_event evs[8];
	int n = epoll_wait(epfd, evs, 8, timeout_ms);

	for (int i = 0; i < n; i++) {
		struct endpoint *e = evs[i].data.ptr;

		e->ready(e, evs[i].events);
	}
	return n;
}

/*
 * A listening TCP socket and the connections accepted from it. accepted()
 * sets up and watches the state of a new (non-blocking) connection, or
 * returns -1 to have it closed. When descriptors run out the listener is
 * unwatched, leaving clients in the accept queue until a connection closes.
 */
struct tcp_listener {
	struct endpoint ep;		/* first: epoll hands back &ep */
	const char *name;
	int epfd;
	int conns;			/* open connections */
	bool paused;			/* out of descriptors: not watched */
	int (*accepted)(struct tcp_listener *l, int fd);
};

static inline void tcp_listener_ready(struct endpoint *e, uint32_t events)
{
	struct tcp_listener *l = (struct tcp_listener *)e;

	for (;;) {
		int fd = accept4(e->fd, NULL, NULL, SOCK_NONBLOCK);

		if (fd >= 0) {
			if (l->accepted(l, fd) < 0)
				close(fd);
			else
				l->conns++;
			continue;
		}
		if (errno == ECONNABORTED || errno == EINTR)
			continue;
		if (errno == EMFILE || errno == ENFILE || errno == ENOMEM) {
			epoll_ctl(l->epfd, EPOLL_CTL_DEL, e->fd, NULL);
			l->paused = true;
		} else if (errno != EAGAIN) {
			printf("%s: accept: %s\n", l->name, strerror(errno));
		}
		return;
	}
}

/* Closes a connection of l's (and resumes accepting if it had paused). */
static inline void tcp_conn_close(struct tcp_listener *l, int fd)
{
	close(fd);
	l->conns--;
	if (l->paused && epoll_watch(l->epfd, &l->ep) == 0)
		l->paused = false;
}

/* Starts l on port: listening, non-blocking, watched by epfd; -1 on error. */
static inline int tcp_listener_start(struct tcp_listener *l, int epfd,
				     uint16_t port)
{
	l->ep.ready = tcp_listener_ready;
	l->epfd = epfd;
	l->ep.fd = tcp_listen_any(l->name, port);
	return l->ep.fd < 0 ? -1 : epoll_watch(epfd, &l->ep);
}

static inline long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * A datagram from port 0 is bogus, and one from another small service
 * (echo 7, discard 9, daytime 13, chargen 19, time 37) is how two hosts
 * are set bouncing packets at each other forever with one spoofed
 * datagram (CERT CA-1996-01): answer neither, as inetd does.
 */
static inline bool udp_peer_may_get_reply(const struct sockaddr_in *from)
{
	switch (ntohs(from->sin_port)) {
	case 0: case 7: case 9: case 13: case 19: case 37:
		return false;
	default:
		return true;
	}
}

#endif /* SKIFF_SVC_H */
