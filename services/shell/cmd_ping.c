/*
 * ping, through an ICMP echo socket (socket(AF_INET, SOCK_DGRAM,
 * IPPROTO_ICMP)) as Linux's ping uses one: the kernel picks the echo
 * identifier and hands back only our replies; IP_RECVTTL gives their TTL.
 * Each request carries its send time in its first 8 data octets and a
 * counting pattern after them, checked on the way back. Output as
 * iputils' ping prints it. Ctrl-C on the console stops it.
 */
#include "shell.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#define PING_MAX_DATA	(65535 - 20 - 8)	/* an IP datagram, less the IP and ICMP headers */
#define PING_LINGER_MS	2000			/* for replies after the last request */

struct ping {
	int fd;
	uint32_t dst;
	char dst_str[INET_ADDRSTRLEN];
	unsigned int count, size, interval_ms;
	unsigned int sent, received, dups, errors;
	int64_t min_us, max_us, sum_us;
	uint8_t *seen;			/* a bit per sequence number */
	uint8_t *buf;
};

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int ping_send(struct ping *p)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = p->dst };
	struct icmphdr *h = (struct icmphdr *)p->buf;
	uint8_t *data = p->buf + sizeof(*h);
	int64_t t = now_us();
	unsigned int i = 0;

	memset(h, 0, sizeof(*h));
	h->type = ICMP_ECHO;
	h->un.echo.sequence = htons((uint16_t)(p->sent + 1));
	if (p->size >= sizeof(t)) {
		memcpy(data, &t, sizeof(t));
		i = sizeof(t);
	}
	for (; i < p->size; i++)
		data[i] = (uint8_t)i;
	if (sendto(p->fd, p->buf, sizeof(*h) + p->size, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	p->sent++;
	return 0;
}

static bool payload_ok(const uint8_t *data, unsigned int size)
{
	for (unsigned int i = 8; i < size; i++)
		if (data[i] != (uint8_t)i)
			return false;
	return true;
}

/* The TTL from the IP_TTL cmsg, or -1. */
static int reply_ttl(struct msghdr *m)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		int ttl;

		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
			memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
			return ttl;
		}
	}
	return -1;
}

static void ping_reply(struct ping *p)
{
	char control[CMSG_SPACE(sizeof(int))], from[INET_ADDRSTRLEN], ttl_str[16] = "";
	char time_str[32] = "";
	struct sockaddr_in sin;
	struct iovec iov = { p->buf, sizeof(struct icmphdr) + PING_MAX_DATA };
	struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof(sin), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = control,
			    .msg_controllen = sizeof(control) };
	struct icmphdr *h = (struct icmphdr *)p->buf;
	ssize_t n = recvmsg(p->fd, &m, MSG_DONTWAIT);
	unsigned int seq, size;
	bool dup;
	int ttl;

	if (n < 0) {
		if (errno != EAGAIN) {
			p->errors++;
			printf("From %s: %s\n", p->dst_str, strerror(errno));
		}
		return;
	}
	seq = ntohs(h->un.echo.sequence);
	if ((size_t)n < sizeof(*h) || h->type != ICMP_ECHOREPLY || seq == 0 || seq > p->sent)
		return;		/* not an answer to one of ours */
	size = (unsigned int)n - sizeof(*h);
	dup = p->seen[(seq - 1) / 8] & (1u << ((seq - 1) % 8));
	p->seen[(seq - 1) / 8] |= (uint8_t)(1u << ((seq - 1) % 8));
	if (dup) {
		p->dups++;
	} else {
		p->received++;
	}
	if (size >= 8) {
		int64_t sent_us, rtt;

		memcpy(&sent_us, p->buf + sizeof(*h), sizeof(sent_us));
		rtt = now_us() - sent_us;
		if (!dup) {
			p->sum_us += rtt;
			if (p->received == 1 || rtt < p->min_us)
				p->min_us = rtt;
			if (rtt > p->max_us)
				p->max_us = rtt;
		}
		snprintf(time_str, sizeof(time_str), " time=%lld.%03lld ms",
			 (long long)(rtt / 1000), (long long)(rtt % 1000));
	}
	ttl = reply_ttl(&m);
	if (ttl >= 0)
		snprintf(ttl_str, sizeof(ttl_str), " ttl=%d", ttl);
	inet_ntop(AF_INET, &sin.sin_addr, from, sizeof(from));
	printf("%u bytes from %s: icmp_seq=%u%s%s%s%s\n", (unsigned int)n, from, seq, ttl_str,
	       time_str, dup ? " (DUP!)" : "",
	       payload_ok(p->buf + sizeof(*h), size) ? "" : " (BAD PAYLOAD)");
}

/* Replies until deadline (ms); false if Ctrl-C asked to stop. */
static bool ping_wait(struct ping *p, int64_t deadline)
{
	struct pollfd fds[2] = {
		{ .fd = p->fd, .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};

	for (;;) {
		int64_t left = deadline - shell_now_ms();

		if (left <= 0 || (p->sent == p->count && p->received == p->sent))
			return true;
		if (poll(fds, 2, (int)left) < 0)
			return true;
		if (fds[0].revents & (POLLIN | POLLERR))
			ping_reply(p);
		if ((fds[1].revents & POLLIN) && shell_interrupted(0))
			return false;
	}
}

/* Each line in one write: as a service, every write is a line of the log. */
static void ping_summary(const struct ping *p, int64_t elapsed_ms)
{
	char line[160];
	int n;

	printf("--- %s ping statistics ---\n", p->dst_str);
	n = snprintf(line, sizeof(line), "%u packets transmitted, %u received", p->sent,
		     p->received);
	if (p->dups)
		n += snprintf(line + n, sizeof(line) - (size_t)n, ", +%u duplicates", p->dups);
	if (p->errors)
		n += snprintf(line + n, sizeof(line) - (size_t)n, ", +%u errors", p->errors);
	printf("%s, %u%% packet loss, time %lldms\n", line,
	       p->sent ? (p->sent - p->received) * 100 / p->sent : 0, (long long)elapsed_ms);
	if (p->received && p->size >= 8) {
		int64_t avg = p->sum_us / p->received;

		printf("rtt min/avg/max = %lld.%03lld/%lld.%03lld/%lld.%03lld ms\n",
		       (long long)(p->min_us / 1000), (long long)(p->min_us % 1000),
		       (long long)(avg / 1000), (long long)(avg % 1000),
		       (long long)(p->max_us / 1000), (long long)(p->max_us % 1000));
	}
}

static bool parse_opts(int argc, char **argv, struct ping *p, int *addr_arg)
{
	int i;

	for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		uint64_t v;

		if (!strcmp(argv[i], "-c") && shell_parse_uint("count", argv[i + 1], 1, 65535, &v))
			p->count = (unsigned int)v;
		else if (!strcmp(argv[i], "-s") &&
			 shell_parse_uint("size", argv[i + 1], 0, PING_MAX_DATA, &v))
			p->size = (unsigned int)v;
		else if (!strcmp(argv[i], "-i") &&
			 shell_parse_uint("interval", argv[i + 1], 1, 60000, &v))
			p->interval_ms = (unsigned int)v;
		else {
			/* shell_parse_uint said what was wrong with a known option's value. */
			if (strcmp(argv[i], "-c") && strcmp(argv[i], "-s") && strcmp(argv[i], "-i"))
				shell_usage(argv);
			return false;
		}
	}
	if (i != argc - 1) {
		shell_usage(argv);
		return false;
	}
	*addr_arg = i;
	return shell_parse_addr("ping", argv[i], &p->dst);
}

/* Send at the interval until count or Ctrl-C; 0 with replies, 1 without, 2 on error. */
static int ping_run(struct ping *p)
{
	int64_t start = shell_now_ms(), next = start;
	bool go_on = true;
	int one = 1, err = 0;

	setsockopt(p->fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one));
	printf("PING %s (%s) %u(%u) bytes of data.\n", p->dst_str, p->dst_str, p->size,
	       p->size + 28);
	while (go_on && p->sent < p->count) {
		err = ping_send(p);
		if (err) {
			errno = -err;
			shell_error("ping", "sendmsg");
			break;
		}
		next += p->interval_ms;
		go_on = ping_wait(p, p->sent < p->count ? next : shell_now_ms() + PING_LINGER_MS);
	}
	if (p->sent)
		ping_summary(p, shell_now_ms() - start);
	if (err && !p->sent)
		return 2;
	return p->received ? 0 : 1;
}

/* ping [-c COUNT] [-s SIZE] [-i INTERVAL_MS] ADDR */
static int cmd_ping(int argc, char **argv)
{
	struct ping p = { .count = 4, .size = 56, .interval_ms = 1000 };
	int addr_arg, ret;

	if (!parse_opts(argc, argv, &p, &addr_arg))
		return 2;
	inet_ntop(AF_INET, &p.dst, p.dst_str, sizeof(p.dst_str));
	p.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (p.fd < 0)
		return shell_error("ping", "socket") + 1;
	p.seen = calloc(p.count / 8 + 1, 1);
	p.buf = malloc(sizeof(struct icmphdr) + PING_MAX_DATA);
	if (!p.seen || !p.buf) {
		errno = ENOMEM;
		ret = shell_error("ping", argv[addr_arg]) + 1;
	} else {
		ret = ping_run(&p);
	}
	free(p.seen);
	free(p.buf);
	close(p.fd);
	return ret;
}
SHELL_CMD(ping, "ping", "ping [-c COUNT] [-s SIZE] [-i INTERVAL_MS] ADDR",
	  "ICMP echo: replies with round-trip times, then a summary (Ctrl-C stops it)", cmd_ping);
