/*
 * tcpclienttest - Skiff as a TCP client of a real peer: it connects to an
 * echo server on the default gateway (from /proc/net/route), port 5007,
 * sends 10 MiB of a pseudo-random stream while reading the echo back,
 * checks every echoed byte against the stream, half-closes and expects
 * the server's EOF; and a connect to port 5008, where nothing listens,
 * must fail with ECONNREFUSED. tests/integration/test_tcp.sh runs the
 * server, which also hashes what it received for a check on its side.
 *
 * The stream: xorshift64 from STREAM_SEED, each state's 8 bytes
 * little-endian (tests/integration/tcp_peer.py makes the same).
 *
 * Output is TAP, then "tcpclienttest: N passed, N failed"; exit status 0
 * if all passed. Runs once (the service manager does not restart *test).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/route.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ECHO_PORT	5007
#define CLOSED_PORT	5008
#define TOTAL		(10u << 20)
#define STREAM_SEED	0x5eed5eed5eed5eedULL
#define TIMEOUT_MS	300000		/* the whole transfer, on a slow TCG host */

static int n_tests, n_failed;

static void result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok %d - %s\n", ++n_tests, name);
		return;
	}
	n_failed++;
	printf("not ok %d - %s: ", ++n_tests, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* The byte stream both ends agree on, generated 8 bytes at a time. */
struct stream {
	uint64_t state;
	unsigned char word[8];
	unsigned int used;		/* bytes of word handed out */
};

static void stream_init(struct stream *s)
{
	s->state = STREAM_SEED;
	s->used = 8;
}

static void stream_fill(struct stream *s, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s->used == 8) {
			s->state ^= s->state << 13;
			s->state ^= s->state >> 7;
			s->state ^= s->state << 17;
			for (int b = 0; b < 8; b++)
				s->word[b] = (unsigned char)(s->state >> (8 * b));
			s->used = 0;
		}
		out[i] = s->word[s->used++];
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * The default route's gateway from /proc/net/route (Linux's layout: Iface,
 * then Destination, Gateway and Flags in hex); 0 if there is none.
 */
static in_addr_t default_gateway(void)
{
	char text[4096], iface[17];
	int fd = open("/proc/net/route", O_RDONLY);
	unsigned int dst, gw, flags;
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	for (char *line = strchr(text, '\n'); line; line = strchr(line + 1, '\n'))
		if (sscanf(line + 1, "%16s %x %x %x", iface, &dst, &gw, &flags) == 4 &&
		    dst == 0 && (flags & RTF_GATEWAY))
			return gw;
	return 0;
}

static int connect_to(in_addr_t addr, uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = addr,
	};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * Send TOTAL bytes of the stream and read the echo alongside, comparing.
 * Returns the bytes echoed correctly before the first difference, EOF or
 * error; *sent says how much went out.
 */
static size_t transfer(int fd, size_t *sent)
{
	static unsigned char out[16384], in[16384], want[16384];
	struct stream tx, rx;
	size_t out_len = 0, out_off = 0, got = 0;
	long long deadline = now_ms() + TIMEOUT_MS;
	bool shut = false;

	stream_init(&tx);
	stream_init(&rx);
	*sent = 0;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (got < TOTAL && now_ms() < deadline) {
		struct pollfd p = { fd, POLLIN | (shut ? 0 : POLLOUT), 0 };

		if (poll(&p, 1, 1000) < 0 && errno != EINTR)
			break;
		if (!shut && (p.revents & POLLOUT)) {
			if (out_off == out_len) {
				out_len = TOTAL - *sent < sizeof(out) ? TOTAL - *sent : sizeof(out);
				stream_fill(&tx, out, out_len);
				out_off = 0;
			}
			ssize_t n = send(fd, out + out_off, out_len - out_off, MSG_NOSIGNAL);

			if (n > 0) {
				out_off += n;
				*sent += n;
			} else if (n < 0 && errno != EAGAIN) {
				break;
			}
			if (*sent == TOTAL) {
				shutdown(fd, SHUT_WR);
				shut = true;
			}
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = recv(fd, in, sizeof(in), 0);

			if (n == 0 || (n < 0 && errno != EAGAIN))
				break;
			if (n > 0) {
				stream_fill(&rx, want, n);
				if (memcmp(in, want, n)) {
					for (ssize_t i = 0; i < n && in[i] == want[i]; i++)
						got++;
					return got;
				}
				got += n;
			}
		}
	}
	return got;
}

/* After the half-close, the server's EOF (and nothing else) must come. */
static bool eof_follows(int fd)
{
	long long deadline = now_ms() + 30000;
	char c;

	while (now_ms() < deadline) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		poll(&p, 1, 1000);
		n = recv(fd, &c, 1, 0);
		if (n == 0)
			return true;
		if (n > 0 || errno != EAGAIN)
			return false;
	}
	return false;
}

int main(void)
{
	long long deadline = now_ms() + 20000, t0;
	in_addr_t gw = 0;
	size_t sent = 0, got;
	char a[INET_ADDRSTRLEN];
	int fd = -1;

	printf("tcpclienttest: Skiff as a TCP client of the gateway\n");
	while (!(gw = default_gateway()) && now_ms() < deadline)
		usleep(200000);
	result(gw != 0, "a default gateway in /proc/net/route", "none after 20 s");
	if (!gw)
		goto out;
	inet_ntop(AF_INET, &gw, a, sizeof(a));
	/* The peer may still be getting ready: retry a refused connect a while. */
	while ((fd = connect_to(gw, ECHO_PORT)) < 0 && now_ms() < deadline)
		usleep(500000);
	result(fd >= 0, "connect to the gateway's echo server, port 5007",
	       "%s:%d: %s", a, ECHO_PORT, strerror(errno));
	if (fd >= 0) {
		t0 = now_ms();
		got = transfer(fd, &sent);
		result(sent == TOTAL, "10 MiB sent", "%zu of %u bytes", sent, TOTAL);
		result(got == TOTAL, "the echo matches the stream byte for byte",
		       "%zu of %u bytes echoed correctly", got, TOTAL);
		if (got == TOTAL)
			printf("tcpclienttest: %u bytes each way in %lld ms\n", TOTAL,
			       now_ms() - t0);
		result(got == TOTAL && eof_follows(fd),
		       "after our half-close, the server's EOF", "no EOF");
		close(fd);
	}
	fd = connect_to(gw, CLOSED_PORT);
	result(fd < 0 && errno == ECONNREFUSED, "connect to a closed port: ECONNREFUSED",
	       "fd %d, %s", fd, fd < 0 ? strerror(errno) : "connected");
	if (fd >= 0)
		close(fd);
out:
	printf("tcpclienttest: %d passed, %d failed\n", n_tests - n_failed, n_failed);
	return n_failed ? 1 : 0;
}
