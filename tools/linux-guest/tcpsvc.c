/*
 * tcpsvc - TCP echo (RFC 862, port 7), discard (RFC 863, port 9) and
 * chargen (RFC 864, port 19) for the Linux guest of `make bench
 * BASELINE=linux`, in one single-threaded epoll loop like Skiff's
 * services, so that connections per second measure the kernel and not a
 * fork per connection (busybox has no inetd; `nc -ll -e` forks).
 * Built statically by tools/linux-guest/build.sh with the host's gcc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum kind { ECHO, DISCARD, CHARGEN };

struct conn {
	int fd;
	enum kind kind;
	int listener;
	size_t off, len;		/* echo: unsent bytes in buf */
	size_t pos;			/* chargen: offset in the pattern */
	char buf[65536];
};

static char pattern[95 * 74];	/* 95 lines of 72 characters and CRLF */
static int ep;

static void make_pattern(void)
{
	for (int l = 0; l < 95; l++) {
		for (int i = 0; i < 72; i++)
			pattern[l * 74 + i] = (char)(32 + (l + i) % 95);
		pattern[l * 74 + 72] = '\r';
		pattern[l * 74 + 73] = '\n';
	}
}

static void arm(struct conn *c, unsigned int ev, int op)
{
	struct epoll_event e = { .events = ev, .data.ptr = c };

	epoll_ctl(ep, op, c->fd, &e);
}

static void drop(struct conn *c)
{
	close(c->fd);
	free(c);
}

static void listen_on(int port, enum kind kind)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct conn *c = calloc(1, sizeof(*c));

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4096)) {
		perror("tcpsvc: bind/listen");
		exit(1);
	}
	c->fd = fd;
	c->kind = kind;
	c->listener = 1;
	arm(c, EPOLLIN, EPOLL_CTL_ADD);
}

static void accept_all(struct conn *l)
{
	for (;;) {
		int one = 1, fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK);
		struct conn *c;

		if (fd < 0)
			return;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = malloc(sizeof(*c));
		c->fd = fd;
		c->kind = l->kind;
		c->listener = 0;
		c->off = c->len = c->pos = 0;
		arm(c, l->kind == CHARGEN ? EPOLLIN | EPOLLOUT : EPOLLIN, EPOLL_CTL_ADD);
	}
}

/* Returns 0 when the connection is closed and freed. */
static int serve(struct conn *c, unsigned int ev)
{
	ssize_t n;

	if (c->kind == CHARGEN && (ev & EPOLLOUT)) {
		for (;;) {
			size_t len = sizeof(pattern) - c->pos;

			n = write(c->fd, pattern + c->pos, len);
			if (n < 0) {
				if (errno == EAGAIN)
					break;
				drop(c);
				return 0;
			}
			c->pos = (c->pos + n) % sizeof(pattern);
		}
	}
	if (c->kind == ECHO && c->len) {	/* flush what the peer would not take */
		n = write(c->fd, c->buf + c->off, c->len - c->off);
		if (n < 0 && errno != EAGAIN) {
			drop(c);
			return 0;
		}
		if (n > 0)
			c->off += n;
		if (c->off < c->len)
			return 1;
		c->off = c->len = 0;
		arm(c, EPOLLIN, EPOLL_CTL_MOD);
	}
	if (!(ev & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return 1;
	for (;;) {
		n = read(c->fd, c->buf, sizeof(c->buf));
		if (n == 0 || (n < 0 && errno != EAGAIN)) {
			drop(c);
			return 0;
		}
		if (n < 0)
			return 1;
		if (c->kind != ECHO)
			continue;
		ssize_t w = write(c->fd, c->buf, n);

		if (w < 0 && errno != EAGAIN) {
			drop(c);
			return 0;
		}
		if (w < n) {
			c->off = w < 0 ? 0 : w;
			c->len = n;
			arm(c, EPOLLOUT, EPOLL_CTL_MOD);
			return 1;
		}
	}
}

int main(void)
{
	struct epoll_event evs[64];

	signal(SIGPIPE, SIG_IGN);
	make_pattern();
	ep = epoll_create1(0);
	listen_on(7, ECHO);
	listen_on(9, DISCARD);
	listen_on(19, CHARGEN);
	printf("tcpsvc: listening on tcp ports 7, 9, 19\n");
	fflush(stdout);
	for (;;) {
		int n = epoll_wait(ep, evs, 64, -1);

		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;

			if (c->listener)
				accept_all(c);
			else
				serve(c, evs[i].events);
		}
	}
}
