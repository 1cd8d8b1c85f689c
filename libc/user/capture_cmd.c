/*
 * capture_cmd.c - the shell's `capture` command (skiff/capture.h): one
 * line per frame that matches a tcpdump-style expression, from an
 * AF_PACKET socket, until a count or a time limit. Each line leaves in
 * one write, so lines other programs print cannot cut into it.
 *
 *	capture [-i IF] [-c COUNT] [-t SECONDS] [EXPRESSION]
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <skiff/capture.h>

#define CMD_COUNT	20
#define CMD_COUNT_MAX	100000
#define CMD_SECONDS	30
#define CMD_SECONDS_MAX	3600
#define CMD_EXPR_MAX	512

struct capture_args {
	const char *ifname;
	unsigned long count, seconds;
	char expr[CMD_EXPR_MAX];
};

static bool arg_number(const char *opt, const char *s, unsigned long max,
		       unsigned long *v)
{
	char *end;

	if (s && *s >= '0' && *s <= '9') {
		*v = strtoul(s, &end, 10);
		if (!*end && *v >= 1 && *v <= max)
			return true;
	}
	printf("capture: %s wants a number from 1 to %lu\n", opt, max);
	return false;
}

/* Options first, then the expression: the rest of the words, joined as tcpdump does. */
static bool capture_parse_args(int argc, char **argv, struct capture_args *a)
{
	int i = 1;

	a->ifname = NULL;
	a->count = CMD_COUNT;
	a->seconds = CMD_SECONDS;
	a->expr[0] = '\0';
	for (; i < argc && argv[i][0] == '-' && argv[i][1] && !argv[i][2]; i += 2) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		switch (argv[i][1]) {
		case 'i':
			if (!val)
				goto usage;
			a->ifname = val;
			break;
		case 'c':
			if (!arg_number("-c", val, CMD_COUNT_MAX, &a->count))
				return false;
			break;
		case 't':
			if (!arg_number("-t", val, CMD_SECONDS_MAX, &a->seconds))
				return false;
			break;
		default:
			goto usage;
		}
	}
	for (size_t used = 0; i < argc; i++) {
		int n = snprintf(a->expr + used, sizeof(a->expr) - used, "%s%s",
				 used ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(a->expr) - used) {
			printf("capture: expression longer than %d bytes\n", CMD_EXPR_MAX - 1);
			return false;
		}
		used += (size_t)n;
	}
	return true;
usage:
	printf("usage: %s\n", CAPTURE_CMD_USAGE);
	return false;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Print frames until the count or the deadline; the number printed, or -1. */
static long capture_print(struct capture *c, const struct capture_args *a)
{
	uint8_t buf[2048];	/* the summary reads the headers only */
	long long deadline = now_ms() + (long long)a->seconds * 1000;
	unsigned long printed = 0;
	struct capture_frame fr;
	char line[200];

	while (printed < a->count) {
		long long left = deadline - now_ms();
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		int r;

		if (left <= 0)
			break;
		r = poll(&pfd, 1, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno != EINTR)
			return -1;
		while (r > 0 && printed < a->count &&
		       (r = capture_next(c, buf, sizeof(buf), &fr)) > 0) {
			capture_summary(&fr, capture_ifname(c, fr.sll.sll_ifindex),
					line, sizeof(line) - 1);
			strcat(line, "\n");
			fputs(line, stdout);
			fflush(stdout);
			printed++;
		}
		if (r < 0)
			return -1;
	}
	return (long)printed;
}

int capture_cmd(int argc, char **argv)
{
	struct capture_args a;
	struct capture_filter *f;
	struct tpacket_stats st = { 0 };
	struct capture c;
	char err[160];
	long n;

	if (!capture_parse_args(argc, argv, &a))
		return 1;
	f = malloc(sizeof(*f));
	if (!f || capture_filter_compile(a.expr, CAPTURE_SNAPLEN, f, err, sizeof(err)) < 0 ||
	    capture_open(&c, a.ifname, f, true, err, sizeof(err)) < 0) {
		printf("capture: %s\n", f ? err : "out of memory");
		free(f);
		return 1;
	}
	free(f);
	printf("capture: up to %lu packets on %s for %lu s%s%s\n", a.count,
	       a.ifname ? a.ifname : "every interface", a.seconds,
	       a.expr[0] ? " matching " : "", a.expr);
	fflush(stdout);
	n = capture_print(&c, &a);
	capture_stats(&c, &st);
	capture_close(&c);
	if (n < 0) {
		printf("capture: reading: %s\n", strerror(errno));
		return 1;
	}
	printf("capture: %ld packets shown, %u dropped by the kernel\n", n, st.tp_drops);
	return 0;
}
