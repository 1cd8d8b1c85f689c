/*
 * tc, the traffic-control tool of Linux's iproute2, for Skiff's qdiscs:
 * tc's words turned into an rtnetlink request (RTM_NEWQDISC,
 * RTM_DELQDISC, RTM_GETQDISC; see docs/netem.md), and the kernel's qdisc
 * messages turned back into tc's text. No I/O here: the shell's `tc`
 * sends and receives, the kernel uses the same code for its command line
 * (netem.IF=) and /proc/net/qdisc.
 *
 *	tc [-s] qdisc [show] [dev IF]
 *	tc qdisc add|replace|change dev IF [handle MAJOR:] root|ingress KIND [OPTIONS]
 *	tc qdisc del dev IF root|ingress
 *
 * KIND: pfifo [limit PACKETS]
 *       netem [limit PACKETS] [delay TIME [JITTER [CORR%]]]
 *             [loss [random] PCT [CORR%]] [duplicate PCT [CORR%]]
 *             [reorder PCT [CORR%] [gap DISTANCE]] [corrupt PCT [CORR%]] [seed N]
 * TIME: a number with s, ms, us or ns (a bare number is microseconds, as
 * tc); PCT: a percentage, "5%" or "5", up to four decimals.
 */
#ifndef _SKIFF_TC_H
#define _SKIFF_TC_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/rtnetlink.h>
#include <linux/pkt_sched.h>

#define TC_USAGE \
	"tc [-s] qdisc [show] [dev IF] | tc qdisc add|replace|change dev IF " \
	"[handle MAJOR:] root|ingress pfifo|netem [OPTIONS] | tc qdisc del dev IF root|ingress"

#define TC_IFNAMSIZ	16
#define TC_REQ_ROOM	1024	/* attribute bytes a request may carry */

/* A request, with room for its attributes (iproute2's struct of the same shape). */
struct tc_req {
	struct nlmsghdr n;
	struct tcmsg t;
	char buf[TC_REQ_ROOM];
};

struct tc_args {
	bool stats;			/* -s: show the counters too */
	char dev[TC_IFNAMSIZ];		/* the dev argument, "" if none */
	struct tc_req req;		/* tcm_ifindex is left 0: the caller resolves dev */
};

/*
 * Parse tc's words after "tc" (argv[0] is "-s" or "qdisc"). 0 with *a
 * filled, or -1 with a message in err (at most errlen bytes).
 */
int tc_parse_args(int argc, char **argv, struct tc_args *a, char *err, size_t errlen);

/*
 * netem's options (the words after "netem"), appended to n as its
 * TCA_OPTIONS, as iproute2's netem_parse_opt. 0 or -1 with a message.
 */
int netem_parse_opt(int argc, char **argv, struct nlmsghdr *n, size_t maxlen,
		    char *err, size_t errlen);

/*
 * tc's text for one RTM_NEWQDISC message of interface dev: the qdisc line
 * and, with stats, its counters (several lines, each ending in '\n').
 * Returns the length written (snprintf's truncation rules), or -1 if the
 * message is malformed.
 */
int tc_print_qdisc(const struct nlmsghdr *n, const char *dev, bool stats,
		   char *buf, size_t len);
/* netem's options in tc's words (" limit 1000 delay 10ms ..."), as iproute2's netem_print_opt. */
int netem_print_opt(const struct rtattr *opt, char *buf, size_t len);
/* netem's own counters (TCA_XSTATS) as one line. */
int netem_print_xstats(const struct rtattr *xstats, char *buf, size_t len);

/* Write the message into err (at most errlen bytes) and return -1, for the parsers. */
int tc_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* tc's units (iproute2 tc_util.c): 0 and the value, or -1. */
int get_time64(__u64 *ns, const char *s);
int get_percent(__u32 *prob, const char *s);
/* Print a time ("10ms", "1.5s") or a probability ("5%") into buf. */
int sprint_time64(char *buf, size_t len, __u64 ns);
int sprint_percent(char *buf, size_t len, __u32 prob);

#endif
