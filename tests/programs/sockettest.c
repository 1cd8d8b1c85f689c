/*
 * sockettest - the socket system calls exercised from user mode over
 * loopback (127.0.0.1): each call, its Linux error cases, blocking and
 * non-blocking behaviour, timeouts, poll and epoll readiness, ICMP errors
 * reported to connected sockets, and the largest datagram through the
 * fragmentation path.
 *
 * Output is TAP: "ok N - name" or "not ok N - name: reason", then
 * "sockettest: N passed, N failed"; the exit status is 0 if all passed.
 * The expected errors are what Linux returns for the same calls.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD_PTR		((void *)1)
#define KERNEL_PTR	((void *)0xffffffff80100000UL)
#define MAX_UDP		65507		/* 65535 - 20 (IP) - 8 (UDP) */

static int n_tests, n_failed;

static void pass(const char *name)
{
	printf("ok %d - %s\n", ++n_tests, name);
}

static void fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(const char *name, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	n_failed++;
	printf("not ok %d - %s: %s\n", ++n_tests, name, why);
}

/* The reason's arguments are evaluated only when the check fails. */
#define result(ok, name, ...) ((ok) ? pass(name) : fail(name, __VA_ARGS__))

static const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EBADF, "EBADF" }, { ENOTSOCK, "ENOTSOCK" },
		{ EFAULT, "EFAULT" }, { EINVAL, "EINVAL" },
		{ EADDRINUSE, "EADDRINUSE" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ EMSGSIZE, "EMSGSIZE" }, { EAGAIN, "EAGAIN" },
		{ ECONNREFUSED, "ECONNREFUSED" }, { ENOTCONN, "ENOTCONN" },
		{ EEXIST, "EEXIST" }, { ENOENT, "ENOENT" }, { ENOSYS, "ENOSYS" },
		{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ENOPROTOOPT, "ENOPROTOOPT" }, { EDESTADDRREQ, "EDESTADDRREQ" },
		{ EACCES, "EACCES" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ EDOM, "EDOM" }, { EINTR, "EINTR" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return strerror(e);
}

/* The call returned -1 with errno err. */
static void expect_err(long r, int err, const char *name)
{
	int e = errno;

	if (r == -1 && e == err)
		pass(name);
	else if (r == -1)
		fail(name, "errno %s, expected %s", errname(e), errname(err));
	else
		fail(name, "returned %ld, expected -1 (%s)", r, errname(err));
}

/* The call succeeded (returned >= 0). */
static void expect_ok(long r, const char *name)
{
	if (r >= 0)
		pass(name);
	else
		fail(name, "-1, errno %s", errname(errno));
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct sockaddr_in loopback(uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	return sin;
}

#define SA(p) ((struct sockaddr *)(p))

/* A UDP socket bound to 127.0.0.1 and an ephemeral port; *port gets it. */
static int udp_socket(uint16_t *port, int flags)
{
	struct sockaddr_in sin = loopback(0);
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_DGRAM | flags, 0);

	if (fd < 0 || bind(fd, SA(&sin), sizeof(sin)) < 0 ||
	    getsockname(fd, SA(&sin), &len) < 0) {
		printf("sockettest: cannot make a bound UDP socket: %s\n",
		       strerror(errno));
		exit(1);
	}
	if (port)
		*port = ntohs(sin.sin_port);
	return fd;
}

static ssize_t send_to_port(int fd, const void *buf, size_t len, uint16_t port)
{
	struct sockaddr_in to = loopback(port);

	return sendto(fd, buf, len, 0, SA(&to), sizeof(to));
}

static void set_rcvtimeo(int fd, long ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void test_socket_creation(void)
{
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	expect_ok(fd, "socket(AF_INET, SOCK_DGRAM)");
	close(fd);
	expect_err(socket(12345, SOCK_DGRAM, 0), EAFNOSUPPORT,
		   "socket: unknown family is EAFNOSUPPORT");
	expect_err(socket(AF_INET, 99, 0), EINVAL,
		   "socket: unknown type is EINVAL");
	expect_err(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT,
		   "socket: SOCK_DGRAM with IPPROTO_TCP is EPROTONOSUPPORT");
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	result(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK), "SOCK_NONBLOCK sets O_NONBLOCK",
	       "F_GETFL 0x%x", fd >= 0 ? fcntl(fd, F_GETFL) : -1);
	close(fd);
}

static void test_bad_descriptors(void)
{
	struct sockaddr_in sin = loopback(9);
	socklen_t len = sizeof(sin);
	char c = 0;
	int one = 1;

	expect_err(bind(999, SA(&sin), sizeof(sin)), EBADF, "bind: fd 999 is EBADF");
	expect_err(sendto(-1, &c, 1, 0, SA(&sin), sizeof(sin)), EBADF,
		   "sendto: fd -1 is EBADF");
	expect_err(recv(999, &c, 1, MSG_DONTWAIT), EBADF, "recv: fd 999 is EBADF");
	expect_err(close(999), EBADF, "close: fd 999 is EBADF");
	expect_err(bind(1, SA(&sin), sizeof(sin)), ENOTSOCK,
		   "bind: the console (fd 1) is ENOTSOCK");
	expect_err(sendto(1, &c, 1, 0, SA(&sin), sizeof(sin)), ENOTSOCK,
		   "sendto: fd 1 is ENOTSOCK");
	expect_err(getsockname(1, SA(&sin), &len), ENOTSOCK,
		   "getsockname: fd 1 is ENOTSOCK");
	expect_err(setsockopt(1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)),
		   ENOTSOCK, "setsockopt: fd 1 is ENOTSOCK");
	expect_err(listen(1, 1), ENOTSOCK, "listen: fd 1 is ENOTSOCK");
}

static void test_bad_pointers(void)
{
	uint16_t port;
	int fd = udp_socket(&port, 0), raw = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sin = loopback(port);
	socklen_t len = sizeof(sin);
	struct epoll_event ev = { .events = EPOLLIN };
	int one = 1, epfd = epoll_create1(0);
	char buf[16];

	expect_err(bind(raw, BAD_PTR, sizeof(sin)), EFAULT, "bind: address (void *)1 is EFAULT");
	expect_err(bind(raw, KERNEL_PTR, sizeof(sin)), EFAULT,
		   "bind: a kernel address is EFAULT");
	expect_err(connect(raw, KERNEL_PTR, sizeof(sin)), EFAULT,
		   "connect: a kernel address is EFAULT");
	expect_err(sendto(fd, BAD_PTR, 10, 0, SA(&sin), sizeof(sin)), EFAULT,
		   "sendto: buffer (void *)1 is EFAULT");
	expect_err(sendto(fd, KERNEL_PTR, 10, 0, SA(&sin), sizeof(sin)), EFAULT,
		   "sendto: a kernel buffer is EFAULT");
	expect_err(sendto(fd, buf, 10, 0, KERNEL_PTR, sizeof(sin)), EFAULT,
		   "sendto: a kernel destination address is EFAULT");
	send_to_port(fd, "x", 1, port);
	expect_err(recv(fd, KERNEL_PTR, sizeof(buf), 0), EFAULT,
		   "recv: into a kernel buffer is EFAULT");
	send_to_port(fd, "x", 1, port);
	expect_err(recvfrom(fd, buf, sizeof(buf), 0, SA(&sin), BAD_PTR), EFAULT,
		   "recvfrom: address length (void *)1 is EFAULT");
	expect_err(getsockname(fd, BAD_PTR, &len), EFAULT,
		   "getsockname: address (void *)1 is EFAULT");
	expect_err(getsockname(fd, SA(&sin), KERNEL_PTR), EFAULT,
		   "getsockname: a kernel length pointer is EFAULT");
	expect_err(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, BAD_PTR, sizeof(one)),
		   EFAULT, "setsockopt: value (void *)1 is EFAULT");
	expect_err(getsockopt(fd, SOL_SOCKET, SO_TYPE, buf, KERNEL_PTR), EFAULT,
		   "getsockopt: a kernel length pointer is EFAULT");
	expect_err(poll(BAD_PTR, 1, 0), EFAULT, "poll: fds (void *)1 is EFAULT");
	expect_err(epoll_ctl(epfd, EPOLL_CTL_ADD, fd, KERNEL_PTR), EFAULT,
		   "epoll_ctl: a kernel event pointer is EFAULT");
	epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
	send_to_port(fd, "x", 1, port);
	expect_err(epoll_wait(epfd, KERNEL_PTR, 1, 1000), EFAULT,
		   "epoll_wait: a kernel events array is EFAULT");
	expect_err(clock_gettime(CLOCK_MONOTONIC, BAD_PTR), EFAULT,
		   "clock_gettime: (void *)1 is EFAULT");
	expect_err(write(1, KERNEL_PTR, 8), EFAULT,
		   "write: a kernel buffer to the console is EFAULT");
	close(epfd);
	close(raw);
	close(fd);
}

static void test_bind(void)
{
	uint16_t port;
	int a = udp_socket(&port, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sin = loopback(port);

	expect_err(bind(b, SA(&sin), sizeof(sin)), EADDRINUSE,
		   "bind: a port in use is EADDRINUSE");
	sin = loopback(0);
	sin.sin_addr.s_addr = inet_addr("10.99.99.99");
	expect_err(bind(b, SA(&sin), sizeof(sin)), EADDRNOTAVAIL,
		   "bind: a non-local address is EADDRNOTAVAIL");
	sin = loopback(0);
	expect_err(bind(b, SA(&sin), sizeof(sin) - 1), EINVAL,
		   "bind: a short address length is EINVAL");
	sin.sin_family = AF_INET6;
	expect_err(bind(b, SA(&sin), sizeof(sin)), EAFNOSUPPORT,
		   "bind: another family is EAFNOSUPPORT");
	sin = loopback(0);
	sin = loopback(0);
	expect_err(bind(a, SA(&sin), sizeof(sin)), EINVAL,
		   "bind: a bound socket again is EINVAL");
	close(a);
	close(b);
}

static void test_send_recv_errors(void)
{
	static char big[MAX_UDP + 1];
	uint16_t port;
	int fd = udp_socket(&port, 0), nb = udp_socket(NULL, SOCK_NONBLOCK);
	struct sockaddr_in bcast = loopback(9);
	char c;

	expect_err(send_to_port(fd, big, MAX_UDP + 1, port), EMSGSIZE,
		   "sendto: 65508 bytes is EMSGSIZE");
	expect_err(recv(nb, &c, 1, 0), EAGAIN,
		   "recv: empty non-blocking socket is EAGAIN");
	expect_err(recv(fd, &c, 1, MSG_DONTWAIT), EAGAIN,
		   "recv: MSG_DONTWAIT on an empty socket is EAGAIN");
	expect_err(send(fd, "x", 1, 0), EDESTADDRREQ,
		   "send: unconnected without an address is EDESTADDRREQ");
	bcast.sin_addr.s_addr = htonl(INADDR_BROADCAST);
	expect_err(sendto(fd, "x", 1, 0, SA(&bcast), sizeof(bcast)), EACCES,
		   "sendto: broadcast without SO_BROADCAST is EACCES");
	expect_err(listen(fd, 1), EOPNOTSUPP, "listen: on UDP is EOPNOTSUPP");
	expect_err(accept(fd, NULL, NULL), EOPNOTSUPP,
		   "accept: on UDP is EOPNOTSUPP");
	close(fd);
	close(nb);
}

static void test_rcvtimeo(void)
{
	int fd = udp_socket(NULL, 0);
	struct timeval tv = { 0 };
	socklen_t len = sizeof(tv);
	long long t0;
	char c;
	long r;

	set_rcvtimeo(fd, 300);
	getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	result(tv.tv_sec == 0 && tv.tv_usec == 300000,
	       "SO_RCVTIMEO reads back as set", "%ld s %ld us", tv.tv_sec,
	       tv.tv_usec);
	t0 = now_ms();
	r = recv(fd, &c, 1, 0);
	expect_err(r, EAGAIN, "recv: SO_RCVTIMEO expires with EAGAIN");
	t0 = now_ms() - t0;
	result(t0 >= 300 && t0 < 3000, "recv: SO_RCVTIMEO waits at least 300 ms",
	       "waited %lld ms", t0);
	tv.tv_usec = 1000000;
	expect_err(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), EDOM,
		   "setsockopt: SO_RCVTIMEO with 1000000 us is EDOM");
	close(fd);
}

static void test_blocking_recv_and_addresses(void)
{
	uint16_t pa, pb;
	int a = udp_socket(&pa, 0), b = udp_socket(&pb, 0);
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	char buf[32] = "";
	long r;

	set_rcvtimeo(b, 5000);
	send_to_port(a, "wake up", 7, pb);
	r = recvfrom(b, buf, sizeof(buf), 0, SA(&from), &len);
	result(r == 7 && !memcmp(buf, "wake up", 7),
	       "blocking recvfrom is woken by a datagram", "returned %ld (%s)",
	       r, r < 0 ? errname(errno) : "data");
	result(len == sizeof(from) && from.sin_family == AF_INET &&
	       ntohs(from.sin_port) == pa &&
	       from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	       "recvfrom reports the sender 127.0.0.1:port", "%s:%u len %u",
	       inet_ntoa(from.sin_addr), ntohs(from.sin_port), len);
	len = 4;
	r = getsockname(a, SA(&from), &len);
	result(r == 0 && len == sizeof(from),
	       "getsockname with a short buffer reports the full length",
	       "returned %ld, len %u", r, len);
	expect_err(getpeername(a, SA(&from), &len), ENOTCONN,
		   "getpeername: unconnected is ENOTCONN");
	close(a);
	close(b);
}

static void test_msg_calls(void)
{
	uint16_t pa, pb;
	int a = udp_socket(&pa, 0), b = udp_socket(&pb, SOCK_NONBLOCK);
	struct sockaddr_in to = loopback(pb), from;
	char p1[] = "scatter", p2[] = "-", p3[] = "gather", r1[5], r2[20] = "";
	struct iovec out[3] = { { p1, 7 }, { p2, 1 }, { p3, 6 } };
	struct iovec in[2] = { { r1, sizeof(r1) }, { r2, sizeof(r2) } };
	struct msghdr m = { .msg_name = &to, .msg_namelen = sizeof(to),
			    .msg_iov = out, .msg_iovlen = 3 };
	char peek[4], small[4];
	long r;

	r = sendmsg(a, &m, 0);
	result(r == 14, "sendmsg gathers three iovecs", "returned %ld", r);
	memset(&m, 0, sizeof(m));
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_iov = in;
	m.msg_iovlen = 2;
	r = recvmsg(b, &m, 0);
	result(r == 14 && !memcmp(r1, "scatt", 5) && !memcmp(r2, "er-gather", 9) &&
	       ntohs(from.sin_port) == pa, "recvmsg scatters into two iovecs",
	       "returned %ld", r);
	send_to_port(a, "truncated", 9, pb);
	r = recv(b, peek, sizeof(peek), MSG_PEEK);
	result(r == 4 && !memcmp(peek, "trun", 4), "recv MSG_PEEK leaves the datagram",
	       "returned %ld", r);
	r = recv(b, small, sizeof(small), MSG_TRUNC);
	result(r == 9 && !memcmp(small, "trun", 4),
	       "recv MSG_TRUNC returns the datagram's real length", "returned %ld", r);
	expect_err(recv(b, small, sizeof(small), 0), EAGAIN,
		   "a truncated datagram is consumed whole");
	close(a);
	close(b);
}

static void test_poll(void)
{
	uint16_t port;
	int fd = udp_socket(&port, 0);
	struct pollfd p[3] = {
		{ .fd = fd, .events = POLLIN | POLLOUT },
		{ .fd = 999, .events = POLLIN },
		{ .fd = -1, .events = POLLIN },
	};
	long long t0;
	char c;
	int r;

	r = poll(p, 3, 0);
	result(r == 2 && p[0].revents == POLLOUT && p[1].revents == POLLNVAL &&
	       p[2].revents == 0, "poll: UDP is writable, fd 999 POLLNVAL, fd -1 skipped",
	       "returned %d, revents 0x%x 0x%x 0x%x", r, p[0].revents,
	       p[1].revents, p[2].revents);
	p[0].events = POLLIN;
	t0 = now_ms();
	r = poll(p, 1, 200);
	t0 = now_ms() - t0;
	result(r == 0 && t0 >= 200, "poll: times out after 200 ms on an empty socket",
	       "returned %d after %lld ms", r, t0);
	send_to_port(fd, "x", 1, port);
	r = poll(p, 1, 2000);
	result(r == 1 && (p[0].revents & POLLIN), "poll: POLLIN after a datagram",
	       "returned %d, revents 0x%x", r, p[0].revents);
	recv(fd, &c, 1, 0);
	close(fd);
}

static void test_epoll(void)
{
	uint16_t port;
	int fd = udp_socket(&port, 0), epfd = epoll_create1(0), other = udp_socket(NULL, 0);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL };
	struct epoll_event out[4];
	long long t0;
	char c;
	int r;

	expect_ok(epfd, "epoll_create1(0)");
	expect_err(epoll_create(0), EINVAL, "epoll_create: size 0 is EINVAL");
	expect_err(epoll_create1(12345), EINVAL, "epoll_create1: unknown flags are EINVAL");
	expect_ok(epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev), "epoll_ctl ADD");
	expect_err(epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev), EEXIST,
		   "epoll_ctl: ADD twice is EEXIST");
	expect_err(epoll_ctl(epfd, EPOLL_CTL_DEL, other, &ev), ENOENT,
		   "epoll_ctl: DEL of an unwatched fd is ENOENT");
	expect_err(epoll_ctl(epfd, EPOLL_CTL_MOD, other, &ev), ENOENT,
		   "epoll_ctl: MOD of an unwatched fd is ENOENT");
	expect_err(epoll_ctl(epfd, EPOLL_CTL_ADD, 999, &ev), EBADF,
		   "epoll_ctl: fd 999 is EBADF");
	expect_err(epoll_ctl(999, EPOLL_CTL_ADD, fd, &ev), EBADF,
		   "epoll_ctl: epfd 999 is EBADF");
	expect_err(epoll_ctl(other, EPOLL_CTL_ADD, fd, &ev), EINVAL,
		   "epoll_ctl: a socket as epfd is EINVAL");
	expect_err(epoll_ctl(epfd, EPOLL_CTL_ADD, epfd, &ev), EINVAL,
		   "epoll_ctl: an epoll fd watching itself is EINVAL");
	expect_err(epoll_wait(epfd, out, 0, 0), EINVAL,
		   "epoll_wait: maxevents 0 is EINVAL");
	t0 = now_ms();
	r = epoll_wait(epfd, out, 4, 200);
	t0 = now_ms() - t0;
	result(r == 0 && t0 >= 200, "epoll_wait: times out after 200 ms",
	       "returned %d after %lld ms", r, t0);
	send_to_port(fd, "x", 1, port);
	r = epoll_wait(epfd, out, 4, 2000);
	result(r == 1 && (out[0].events & EPOLLIN) &&
	       out[0].data.u64 == 0x1122334455667788ULL,
	       "epoll_wait: EPOLLIN after a datagram, with its data",
	       "returned %d, events 0x%x", r, r > 0 ? out[0].events : 0);
	recv(fd, &c, 1, 0);
	ev.events = EPOLLOUT;
	expect_ok(epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev), "epoll_ctl MOD to EPOLLOUT");
	r = epoll_wait(epfd, out, 4, 0);
	result(r == 1 && out[0].events == EPOLLOUT, "epoll_wait: UDP is writable",
	       "returned %d, events 0x%x", r, r > 0 ? out[0].events : 0);
	expect_ok(epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL), "epoll_ctl DEL");
	r = epoll_wait(epfd, out, 4, 0);
	result(r == 0, "epoll_wait: nothing after DEL", "returned %d", r);
	close(fd);
	close(other);
	close(epfd);
}

static void test_connected_udp(void)
{
	uint16_t pa, pb, pc, closed;
	int a = udp_socket(&pa, 0), b = udp_socket(&pb, 0), c = udp_socket(&pc, 0);
	int gone = udp_socket(&closed, 0);
	struct sockaddr_in sin = loopback(pb), peer;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	socklen_t len = sizeof(peer);
	struct pollfd p = { .events = POLLIN };
	int err = -1;
	char buf[8];
	long r;

	expect_ok(connect(a, SA(&sin), sizeof(sin)), "connect: UDP to 127.0.0.1");
	r = getpeername(a, SA(&peer), &len);
	result(r == 0 && ntohs(peer.sin_port) == pb, "getpeername: the connected peer",
	       "returned %ld, port %u", r, ntohs(peer.sin_port));
	expect_ok(send(a, "hi", 2, 0), "send on a connected UDP socket");
	set_rcvtimeo(b, 2000);
	r = recv(b, buf, sizeof(buf), 0);
	result(r == 2, "the peer receives it", "returned %ld", r);
	send_to_port(c, "no", 2, pa);
	send_to_port(b, "yes", 3, pa);
	set_rcvtimeo(a, 2000);
	r = recv(a, buf, sizeof(buf), 0);
	result(r == 3 && !memcmp(buf, "yes", 3),
	       "connected UDP receives only from its peer", "returned %ld", r);
	r = write(a, "via write", 9);
	result(r == 9 && recv(b, buf, sizeof(buf), 0) == 8,
	       "write/read on a socket descriptor", "write returned %ld", r);
	expect_ok(connect(a, &unspec, sizeof(unspec)), "connect AF_UNSPEC dissolves");
	expect_err(getpeername(a, SA(&peer), &len), ENOTCONN,
		   "getpeername: after AF_UNSPEC is ENOTCONN");

	/* RFC 1122 4.1.3.3: ICMP port unreachable reaches a connected socket. */
	close(gone);
	sin = loopback(closed);
	connect(c, SA(&sin), sizeof(sin));
	send(c, "anyone?", 7, 0);
	p.fd = c;
	poll(&p, 1, 2000);
	len = sizeof(err);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
	result(err == ECONNREFUSED, "SO_ERROR is ECONNREFUSED after sending to a closed port",
	       "SO_ERROR %d (%s), revents 0x%x", err, errname(err), p.revents);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
	result(err == 0, "SO_ERROR is cleared by reading it", "SO_ERROR %d", err);
	send(c, "anyone?", 7, 0);
	set_rcvtimeo(c, 2000);
	expect_err(recv(c, buf, sizeof(buf), 0), ECONNREFUSED,
		   "recv: ICMP port unreachable gives ECONNREFUSED");

	expect_err(shutdown(b, 99), EINVAL, "shutdown: how 99 is EINVAL");
	expect_err(shutdown(b, SHUT_RD), ENOTCONN, "shutdown: unconnected UDP is ENOTCONN");
	expect_ok(shutdown(c, SHUT_RD), "shutdown SHUT_RD on connected UDP");
	r = recv(c, buf, sizeof(buf), 0);
	result(r == 0, "recv after SHUT_RD returns 0 at once", "returned %ld", r);
	close(a);
	close(b);
	close(c);
}

static void test_fcntl_and_close(void)
{
	int fd = udp_socket(NULL, 0);
	int fl = fcntl(fd, F_GETFL);
	char c;

	result(fl >= 0 && !(fl & O_NONBLOCK), "fcntl F_GETFL: blocking by default",
	       "0x%x", fl);
	expect_ok(fcntl(fd, F_SETFL, fl | O_NONBLOCK), "fcntl F_SETFL O_NONBLOCK");
	fl = fcntl(fd, F_GETFL);
	result(fl >= 0 && (fl & O_NONBLOCK), "fcntl F_GETFL shows O_NONBLOCK", "0x%x", fl);
	expect_err(recv(fd, &c, 1, 0), EAGAIN, "recv after O_NONBLOCK is EAGAIN");
	expect_err(fcntl(999, F_GETFL), EBADF, "fcntl: fd 999 is EBADF");
	expect_ok(close(fd), "close");
	expect_err(close(fd), EBADF, "close: twice is EBADF");
	expect_err(recv(fd, &c, 1, 0), EBADF, "recv: a closed fd is EBADF");
}

static int get_int(int fd, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	return getsockopt(fd, SOL_SOCKET, name, &v, &len) < 0 ? -1 : v;
}

static void test_sockopts(void)
{
	int fd = udp_socket(NULL, 0), v = 4096, one = 1;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	result(get_int(fd, SO_RCVBUF) == 8192, "SO_RCVBUF 4096 reads back doubled",
	       "read %d", get_int(fd, SO_RCVBUF));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
	result(get_int(fd, SO_SNDBUF) == 8192, "SO_SNDBUF 4096 reads back doubled",
	       "read %d", get_int(fd, SO_SNDBUF));
	result(get_int(fd, SO_REUSEADDR) == 0, "SO_REUSEADDR is off by default",
	       "read %d", get_int(fd, SO_REUSEADDR));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	result(get_int(fd, SO_REUSEADDR) == 1, "SO_REUSEADDR round trip",
	       "read %d", get_int(fd, SO_REUSEADDR));
	setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one));
	result(get_int(fd, SO_BROADCAST) == 1, "SO_BROADCAST round trip",
	       "read %d", get_int(fd, SO_BROADCAST));
	result(get_int(fd, SO_ERROR) == 0, "SO_ERROR is 0 on a fresh socket",
	       "read %d", get_int(fd, SO_ERROR));
	result(get_int(fd, SO_TYPE) == SOCK_DGRAM, "SO_TYPE is SOCK_DGRAM",
	       "read %d", get_int(fd, SO_TYPE));
	expect_err(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, 2), EINVAL,
		   "setsockopt: a 2-byte int is EINVAL");
	expect_err(setsockopt(fd, SOL_SOCKET, 9999, &one, sizeof(one)), ENOPROTOOPT,
		   "setsockopt: unknown option is ENOPROTOOPT");
	close(fd);
}

static void test_unknown_syscall(void)
{
	expect_err(syscall(500), ENOSYS, "syscall 500 is ENOSYS");
}

/* A loopback TCP connection: listener *l, client *c, accepted end (returned; -1 on failure). */
static int tcp_loopback_pair(int *l, int *c)
{
	struct sockaddr_in sin = loopback(0);
	socklen_t len = sizeof(sin);

	*l = socket(AF_INET, SOCK_STREAM, 0);
	*c = socket(AF_INET, SOCK_STREAM, 0);
	if (bind(*l, SA(&sin), sizeof(sin)) || listen(*l, 1) ||
	    getsockname(*l, SA(&sin), &len) || connect(*c, SA(&sin), sizeof(sin)))
		return -1;
	return accept(*l, NULL, NULL);
}

/*
 * A copy to user memory that faults part way reports exactly how far it
 * got: TCP data received into a buffer whose last 40 bytes end at the
 * first unmapped page (just past the heap's break) gives 40 bytes, and
 * the next read the other 60. The break moves up one byte first, so the
 * page it ends in is mapped even if the heap was empty (with ASLR the heap
 * does not start next to the program's data).
 */
static void test_partial_copy(void)
{
	uintptr_t brk0 = (uintptr_t)syscall(__NR_brk, 0);
	uintptr_t top = ((uintptr_t)syscall(__NR_brk, brk0 + 1) + 4095) & ~(uintptr_t)4095;
	char *edge = (char *)top - 40;
	char msg[100], back[100];
	int l, c, a = tcp_loopback_pair(&l, &c);
	ssize_t r;

	for (int i = 0; i < (int)sizeof(msg); i++)
		msg[i] = (char)(i * 7 + 3);
	if (a < 0) {
		fail("partial copy: a loopback TCP connection", "%s", errname(errno));
		goto out;
	}
	set_rcvtimeo(a, 5000);
	/* Wait until all 100 bytes are queued: a peek copies, consumes nothing. */
	if (send(c, msg, sizeof(msg), 0) != (ssize_t)sizeof(msg) ||
	    recv(a, back, sizeof(back), MSG_PEEK | MSG_WAITALL) != (ssize_t)sizeof(back)) {
		fail("partial copy: 100 bytes over loopback TCP", "%s", errname(errno));
		goto out_a;
	}
	r = recv(a, edge, sizeof(msg), 0);
	if (r == 40 && !memcmp(edge, msg, 40))
		pass("recv into a buffer that runs into an unmapped page returns the 40 bytes that fit");
	else
		fail("recv into a buffer that runs into an unmapped page", "returned %ld (%s)",
		     (long)r, r < 0 ? errname(errno) : "bytes");
	r = recv(a, back, sizeof(back), 0);
	if (r == 60 && !memcmp(back, msg + 40, 60))
		pass("the next recv returns the other 60 bytes, none lost or repeated");
	else
		fail("the rest after a partial copy", "returned %ld", (long)r);
out_a:
	close(a);
out:
	close(c);
	close(l);
}

/*
 * MSG_PEEK | MSG_WAITALL with fewer bytes queued than asked waits for more
 * and, at the receive timeout, returns what it saw: the peeked bytes stay
 * queued, so a wait for "data queued" would spin forever instead (found by
 * syzfuzz: a fuzzer that never returned from recvmsg).
 */
static void test_peek_waitall_times_out(void)
{
	char back[100];
	int l, c, a = tcp_loopback_pair(&l, &c);
	long long t0, waited;
	ssize_t r;

	if (a < 0) {
		fail("peek and wait: a loopback TCP connection", "%s", errname(errno));
		goto out;
	}
	set_rcvtimeo(a, 200);
	t0 = now_ms();
	r = send(c, "0123456789", 10, 0) == 10 ?
	    recv(a, back, sizeof(back), MSG_PEEK | MSG_WAITALL) : -1;
	waited = now_ms() - t0;
	result(r == 10 && !memcmp(back, "0123456789", 10) && waited >= 150,
	       "recv MSG_PEEK|MSG_WAITALL of 100 with 10 queued returns the 10 at its 200 ms timeout",
	       "returned %ld (%s) after %lld ms", (long)r, r < 0 ? errname(errno) : "bytes",
	       waited);
	r = recv(a, back, sizeof(back), 0);
	result(r == 10 && !memcmp(back, "0123456789", 10),
	       "the peeked bytes are still there to read", "returned %ld", (long)r);
	close(a);
out:
	close(c);
	close(l);
}

/* The largest datagram, through fragmentation and reassembly on loopback. */
static void test_max_datagram(void)
{
	static unsigned char out[MAX_UDP], in[MAX_UDP + 1];
	uint16_t port;
	int fd = udp_socket(&port, 0), rcvbuf = 256 * 1024;
	long r;

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = i * 7 + (i >> 8);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	set_rcvtimeo(fd, 5000);
	r = send_to_port(fd, out, sizeof(out), port);
	result(r == MAX_UDP, "sendto: 65507 bytes", "returned %ld (%s)", r,
	       r < 0 ? errname(errno) : "short");
	r = recv(fd, in, sizeof(in), 0);
	result(r == MAX_UDP && !memcmp(in, out, MAX_UDP),
	       "a 65507-byte datagram comes back intact", "returned %ld (%s)", r,
	       r < 0 ? errname(errno) : "data");
	close(fd);
}

/* Past the descriptor table's first allocation (64): it grows, fds stay distinct. */
static void test_many_descriptors(void)
{
	enum { N = 300 };
	static int fds[N];
	int ok = 1, n;

	for (n = 0; n < N; n++) {
		fds[n] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fds[n] < 0 || (n && fds[n] != fds[n - 1] + 1)) {
			ok = 0;
			break;
		}
	}
	expect_ok(ok && n == N ? 0 : -1, "300 sockets open at once, consecutive descriptors");
	expect_ok(dup2(fds[0], 5000), "dup2 to descriptor 5000 grows the table");
	expect_ok(close(5000), "close(5000)");
	/* Linux: a target past the descriptor limit is EBADF. */
	expect_err(dup2(fds[0], 20000), EBADF, "dup2 past the 16384-descriptor limit is EBADF");
	for (int i = 0; i < n; i++)
		close(fds[i]);
}

int main(void)
{
	printf("sockettest: socket calls over loopback\n");
	test_socket_creation();
	test_bad_descriptors();
	test_bad_pointers();
	test_bind();
	test_send_recv_errors();
	test_rcvtimeo();
	test_blocking_recv_and_addresses();
	test_msg_calls();
	test_poll();
	test_epoll();
	test_connected_udp();
	test_fcntl_and_close();
	test_sockopts();
	test_unknown_syscall();
	test_max_datagram();
	test_partial_copy();
	test_peek_waitall_times_out();
	test_many_descriptors();
	printf("sockettest: %d passed, %d failed\n", n_tests - n_failed, n_failed);
	return n_failed ? 1 : 0;
}
