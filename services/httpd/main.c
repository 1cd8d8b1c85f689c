/*
 * httpd - an HTTP/1.1 server (RFC 9110, RFC 9112) for Skiff's status
 * dashboard, /api/stats, /api/firewall and /capture.pcap: one epoll loop,
 * non-blocking sockets, many clients.
 *
 *	httpd [-a ADDR] [-p PORT] [-s STATSFILE] [-k TOKENFILE] [-n MAXCONNS]
 *	      [-c CONNTRACKFILE] [-r RULESETFILE] [-q]
 *
 * In Skiff the defaults are what the service needs (port 80, the kernel's
 * /proc/skiff/stats.json, /proc/skiff/httpd_token, /proc/net/nf_conntrack
 * and the ruleset listed over NETLINK_NETFILTER); the options (or the
 * variables HTTPD_PORT, HTTPD_STATS, HTTPD_TOKEN_FILE where there is an
 * environment) let the same program run on a Linux host for testing, where
 * -r names a file holding what `nft list ruleset` printed.
 * Captures are AF_PACKET sockets either way.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"

#define EVENTS_PER_WAIT	64

static struct server server;

long long httpd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * The Date field's IMF-fixdate (RFC 9110 5.6.7): the wall clock is read at
 * most once per loop turn and the text formatted once a second.
 */
const char *httpd_date(struct server *s)
{
	time_t now;
	struct tm tm;

	if (s->wall_read && s->date[0])
		return s->date;
	s->wall_read = true;
	now = time(NULL);
	if (now != s->date_sec || !s->date[0]) {
		s->date_sec = now;
		if (!gmtime_r(&now, &tm) ||
		    !strftime(s->date, sizeof(s->date),
			      "%a, %d %b %Y %H:%M:%S GMT", &tm))
			strcpy(s->date, "Thu, 01 Jan 1970 00:00:00 GMT");
	}
	return s->date;
}

static void usage(void)
{
	printf("usage: httpd [-a ADDR] [-p PORT] [-s STATSFILE] "
	       "[-k TOKENFILE] [-n MAXCONNS] [-c CONNTRACKFILE] [-r RULESETFILE] [-q]\n");
}

/* A decimal in [lo, hi], or -1. */
static long parse_num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	return *end || v < lo || v > hi ? -1 : v;
}

static int parse_args(struct httpd_config *cfg, int argc, char **argv)
{
	const char *env;

	cfg->port = HTTPD_DEFAULT_PORT;
	cfg->stats_path = HTTPD_DEFAULT_STATS;
	cfg->token_path = HTTPD_DEFAULT_TOKEN;
	cfg->conntrack_path = HTTPD_DEFAULT_CONNTRACK;
	cfg->max_conns = HTTPD_DEFAULT_MAX_CONNS;
	if ((env = getenv("HTTPD_PORT")))
		cfg->port = (int)parse_num(env, 1, 65535);
	if ((env = getenv("HTTPD_STATS")))
		cfg->stats_path = env;
	if ((env = getenv("HTTPD_TOKEN_FILE")))
		cfg->token_path = env;

	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		long v;

		if (!strcmp(opt, "-q")) {
			cfg->quiet = true;
			continue;
		}
		if (!val || opt[0] != '-' || !opt[1] || opt[2]) {
			usage();
			return -1;
		}
		i++;
		switch (opt[1]) {
		case 'a':
			cfg->bind_addr = val;
			break;
		case 'p':
			cfg->port = (int)parse_num(val, 1, 65535);
			break;
		case 's':
			cfg->stats_path = val;
			break;
		case 'k':
			cfg->token_path = val;
			break;
		case 'c':
			cfg->conntrack_path = val;
			break;
		case 'r':
			cfg->ruleset_path = val;
			break;
		case 'n':
			v = parse_num(val, 1, 1000000);
			if (v < 0) {
				usage();
				return -1;
			}
			cfg->max_conns = (unsigned int)v;
			break;
		default:
			usage();
			return -1;
		}
	}
	if (cfg->port < 0) {
		usage();
		return -1;
	}
	return 0;
}

/* The listening socket, non-blocking; -1 (reported) on error. */
static int listen_on(const struct httpd_config *cfg)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)cfg->port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1;
	int fd;

	if (cfg->bind_addr && inet_pton(AF_INET, cfg->bind_addr,
					&sin.sin_addr) != 1) {
		printf("httpd: bad address '%s'\n", cfg->bind_addr);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		printf("httpd: socket: %s\n", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, SOMAXCONN) < 0) {
		printf("httpd: tcp port %d: %s\n", cfg->port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The capture token: the first line of the token file (in Skiff the
 * kernel's, made at boot or given as httpd.token=). Without one no
 * capture is handed out.
 */
static void load_token(struct server *s)
{
	int fd = open(s->cfg.token_path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, s->token, sizeof(s->token) - 1);

	if (fd >= 0)
		close(fd);
	s->token[n > 0 ? n : 0] = '\0';
	s->token[strcspn(s->token, "\r\n")] = '\0';
	if (!s->token[0])
		printf("httpd: no capture token in %s: /capture.pcap refuses every request\n",
		       s->cfg.token_path);
}

static void server_init(struct server *s)
{
	static const long long timeouts[CT_COUNT] = {
		[CT_IDLE] = HTTPD_IDLE_MS,
		[CT_REQUEST] = HTTPD_REQUEST_MS,
		[CT_WRITE] = HTTPD_WRITE_MS,
		[CT_STREAM] = HTTPD_STREAM_MS,
		[CT_LINGER] = HTTPD_LINGER_MS,
	};

	for (int t = 0; t < CT_COUNT; t++)
		s->timers[t].timeout_ms = timeouts[t];
}

/* Accepting again after a pause for descriptors. */
static void listen_resume(struct server *s, long long now)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	if (!s->listen_paused || now < s->listen_resume_ms)
		return;
	if (epoll_ctl(s->epfd, EPOLL_CTL_MOD, s->listen_fd, &ev) == 0)
		s->listen_paused = false;
}

static int serve(struct server *s)
{
	struct epoll_event evs[EVENTS_PER_WAIT];

	s->now_ms = httpd_now_ms();
	for (;;) {
		int n = epoll_wait(s->epfd, evs, EVENTS_PER_WAIT,
				   conn_next_timeout(s, s->now_ms));

		if (n < 0 && errno != EINTR) {
			printf("httpd: epoll_wait: %s\n", strerror(errno));
			return 1;
		}
		s->now_ms = httpd_now_ms();
		s->wall_read = false;
		for (int i = 0; i < n; i++) {
			if (evs[i].data.ptr)
				conn_ready(s, evs[i].data.ptr, evs[i].events);
			else
				conn_accept_all(s);
		}
		conn_poll_streams(s);
		conn_expire(s, s->now_ms);
		listen_resume(s, s->now_ms);
		conn_reap(s);
	}
}

int main(int argc, char **argv)
{
	struct server *s = &server;
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	if (parse_args(&s->cfg, argc, argv) < 0)
		return 2;
	server_init(s);
	load_token(s);
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0) {
		printf("httpd: epoll_create1: %s\n", strerror(errno));
		return 1;
	}
	s->listen_fd = listen_on(&s->cfg);
	if (s->listen_fd < 0)
		return 1;
	if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->listen_fd, &ev) < 0) {
		printf("httpd: epoll_ctl: %s\n", strerror(errno));
		return 1;
	}
	printf("httpd: listening on tcp port %d\n", s->cfg.port);
	fflush(stdout);
	return serve(s);
}
