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
 * (later) a TCP half keeps one loop and one endpoint per socket.
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
