/*
 * tc's qdisc grammar and text (iproute2 tc/tc_qdisc.c, q_fifo.c and the
 * units of tc_util.c), for Skiff's pfifo and netem: words to an rtnetlink
 * request, a qdisc message back to words. skiff/tc.h has the syntax;
 * netem's own options are in tc_netem.c.
 */
#include <skiff/tc.h>
#include <skiff/libnetlink.h>
#include <linux/gen_stats.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSEC_PER_SEC_U	1000000000ULL
#define TIME_MAX_NS	(3600ULL * NSEC_PER_SEC_U)	/* an hour: more is a typo */
#define PERCENT_UNITS	1000000ULL	/* 100% in steps of 0.0001% */
#define PROB_MAX	0xffffffffULL	/* "always" */

/* ---- units ---- */

/* Decimal digits at s into *v (at most max_digits of them); the count, 0 if none. */
static int get_digits(const char **s, __u64 *v, int max_digits)
{
	int n = 0;

	*v = 0;
	while (**s >= '0' && **s <= '9' && n < max_digits) {
		*v = *v * 10 + (__u64)(**s - '0');
		(*s)++;
		n++;
	}
	return n;
}

/* "NUMBER[.FRACTION]": the whole part and the fraction scaled by 10^frac_digits. */
static int get_decimal(const char **s, __u64 *whole, __u64 *frac, int frac_digits,
		       int max_whole_digits)
{
	int n;

	if (!get_digits(s, whole, max_whole_digits))
		return -1;
	*frac = 0;
	if (**s == '.') {
		(*s)++;
		n = get_digits(s, frac, frac_digits);
		if (!n)
			return -1;
		for (; n < frac_digits; n++)
			*frac *= 10;
	}
	return 0;
}

int get_time64(__u64 *ns, const char *s)
{
	static const struct { const char *name; __u64 ns; } units[] = {
		{ "s", NSEC_PER_SEC_U }, { "sec", NSEC_PER_SEC_U }, { "secs", NSEC_PER_SEC_U },
		{ "ms", 1000000 }, { "msec", 1000000 }, { "msecs", 1000000 },
		{ "us", 1000 }, { "usec", 1000 }, { "usecs", 1000 },
		{ "ns", 1 }, { "nsec", 1 }, { "nsecs", 1 },
		{ "", 1000 },	/* tc: a bare number is microseconds */
	};
	__u64 whole, frac;

	if (get_decimal(&s, &whole, &frac, 9, 13))
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s, units[i].name))
			continue;
		if (whole > TIME_MAX_NS / units[i].ns)
			return -1;
		*ns = whole * units[i].ns + frac * units[i].ns / NSEC_PER_SEC_U;
		return *ns > TIME_MAX_NS ? -1 : 0;
	}
	return -1;
}

int get_percent(__u32 *prob, const char *s)
{
	__u64 whole, frac, units;

	if (get_decimal(&s, &whole, &frac, 4, 3))
		return -1;
	if (*s == '%')
		s++;
	units = whole * 10000 + frac;
	if (*s || units > PERCENT_UNITS)
		return -1;
	*prob = (__u32)((units * PROB_MAX + PERCENT_UNITS / 2) / PERCENT_UNITS);
	return 0;
}

/* whole, then up to 'digits' decimals of frac/unit with trailing zeros dropped. */
static int sprint_decimal(char *buf, size_t len, __u64 whole, __u64 frac, __u64 unit,
			  int digits, const char *suffix)
{
	__u64 scale = 1, f;

	for (int i = 0; i < digits; i++)
		scale *= 10;
	f = (frac * scale + unit / 2) / unit;
	if (f == scale) {		/* rounded up to the next whole */
		whole++;
		f = 0;
	}
	while (f && f % 10 == 0) {
		f /= 10;
		digits--;
	}
	if (!f)
		return snprintf(buf, len, "%llu%s", (unsigned long long)whole, suffix);
	return snprintf(buf, len, "%llu.%0*llu%s", (unsigned long long)whole, digits,
			(unsigned long long)f, suffix);
}

int sprint_time64(char *buf, size_t len, __u64 ns)
{
	static const struct { __u64 unit; const char *name; } units[] = {
		{ NSEC_PER_SEC_U, "s" }, { 1000000, "ms" }, { 1000, "us" },
	};

	/* A unit is used from where three decimals of it round to 1. */
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (ns >= units[i].unit - units[i].unit / 2000)
			return sprint_decimal(buf, len, ns / units[i].unit, ns % units[i].unit,
					      units[i].unit, 3, units[i].name);
	return snprintf(buf, len, "%lluns", (unsigned long long)ns);
}

int sprint_percent(char *buf, size_t len, __u32 prob)
{
	__u64 units = ((__u64)prob * PERCENT_UNITS + PROB_MAX / 2) / PROB_MAX;

	return sprint_decimal(buf, len, units / 10000, units % 10000, 10000, 4, "%");
}

/* ---- parsing ---- */

int tc_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int get_u32(__u32 *v, const char *s)
{
	char *end;
	unsigned long long x;

	if (*s < '0' || *s > '9')
		return -1;
	x = strtoull(s, &end, 10);
	if (*end || x > 0xffffffffULL)
		return -1;
	*v = (__u32)x;
	return 0;
}

/* pfifo [limit PACKETS] */
static int fifo_parse_opt(int argc, char **argv, struct nlmsghdr *n, size_t maxlen,
			  char *err, size_t errlen)
{
	struct tc_fifo_qopt opt;

	if (argc == 0)
		return 0;
	if (argc != 2 || strcmp(argv[0], "limit") || get_u32(&opt.limit, argv[1]))
		return tc_error(err, errlen, "pfifo: want \"limit PACKETS\"");
	if (addattr_l(n, maxlen, TCA_OPTIONS, &opt, sizeof(opt)))
		return tc_error(err, errlen, "pfifo: request too long");
	return 0;
}

static int fifo_print_opt(const struct rtattr *opt, char *buf, size_t len)
{
	struct tc_fifo_qopt qopt;

	if (RTA_PAYLOAD(opt) < (int)sizeof(qopt))
		return -1;
	memcpy(&qopt, RTA_DATA(opt), sizeof(qopt));
	return snprintf(buf, len, " limit %up", qopt.limit);
}

struct qdisc_util {
	const char *id;
	int (*parse_qopt)(int argc, char **argv, struct nlmsghdr *n, size_t maxlen,
			  char *err, size_t errlen);
	int (*print_qopt)(const struct rtattr *opt, char *buf, size_t len);
	int (*print_xstats)(const struct rtattr *xstats, char *buf, size_t len);
};

static const struct qdisc_util qdisc_utils[] = {
	{ "pfifo", fifo_parse_opt, fifo_print_opt, NULL },
	{ "netem", netem_parse_opt, netem_print_opt, netem_print_xstats },
};

static const struct qdisc_util *get_qdisc_kind(const char *id)
{
	for (size_t i = 0; i < sizeof(qdisc_utils) / sizeof(qdisc_utils[0]); i++)
		if (!strcmp(qdisc_utils[i].id, id))
			return &qdisc_utils[i];
	return NULL;
}

/* "MAJOR:" in hex, as tc writes a qdisc handle (1: to fffe:). */
static int get_qdisc_handle(__u32 *h, const char *s)
{
	char *end;
	unsigned long maj = strtoul(s, &end, 16);

	if (end == s || strcmp(end, ":") || maj == 0 || maj >= 0xffff)
		return -1;
	*h = (__u32)maj << 16;
	return 0;
}

/* The words after add|replace|change|del (iproute2's tc_qdisc_modify). */
static int tc_qdisc_modify(int argc, char **argv, struct tc_args *a, bool need_kind,
			   char *err, size_t errlen)
{
	struct tc_req *req = &a->req;
	const struct qdisc_util *q = NULL;
	int i;

	for (i = 0; i < argc && !q; i++) {
		if (!strcmp(argv[i], "dev") && i + 1 < argc) {
			if (strlen(argv[++i]) >= TC_IFNAMSIZ)
				return tc_error(err, errlen, "\"%s\": interface names are shorter",
						argv[i]);
			strcpy(a->dev, argv[i]);
		} else if (!strcmp(argv[i], "handle") && i + 1 < argc) {
			if (get_qdisc_handle(&req->t.tcm_handle, argv[++i]))
				return tc_error(err, errlen, "handle \"%s\": want MAJOR: in hex, "
						"1: to fffe:", argv[i]);
		} else if (!strcmp(argv[i], "root") || !strcmp(argv[i], "ingress")) {
			if (req->t.tcm_parent)
				return tc_error(err, errlen, "root or ingress, once");
			req->t.tcm_parent = argv[i][0] == 'r' ? TC_H_ROOT : TC_H_INGRESS;
		} else if ((q = get_qdisc_kind(argv[i])) == NULL) {
			return tc_error(err, errlen, "\"%s\": not a qdisc kind here (pfifo, "
					"netem) nor dev, handle, root or ingress", argv[i]);
		}
	}
	if (!a->dev[0])
		return tc_error(err, errlen, "which interface? (dev IF)");
	if (!req->t.tcm_parent)
		return tc_error(err, errlen, "where? (root or ingress; Skiff's qdiscs have "
				"no classes)");
	if (req->t.tcm_parent == TC_H_INGRESS)
		req->t.tcm_handle = TC_H_MAKE(TC_H_INGRESS, 0);
	if (!q)
		return need_kind ? tc_error(err, errlen, "which qdisc? (pfifo or netem)") : 0;
	if (addattr_l(&req->n, sizeof(*req), TCA_KIND, q->id, strlen(q->id) + 1))
		return tc_error(err, errlen, "request too long");
	return q->parse_qopt(argc - i, argv + i, &req->n, sizeof(*req), err, errlen);
}

int tc_parse_args(int argc, char **argv, struct tc_args *a, char *err, size_t errlen)
{
	static const struct { const char *verb; int type, flags; } verbs[] = {
		{ "add", RTM_NEWQDISC, NLM_F_EXCL | NLM_F_CREATE },
		{ "replace", RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE },
		{ "change", RTM_NEWQDISC, 0 },
		{ "del", RTM_DELQDISC, 0 },
		{ "delete", RTM_DELQDISC, 0 },
	};
	struct tc_req *req = &a->req;
	int i = 0;

	memset(a, 0, sizeof(*a));
	req->n.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg));
	req->n.nlmsg_flags = NLM_F_REQUEST;
	req->t.tcm_family = AF_UNSPEC;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-s") && strcmp(argv[i], "-stats") &&
		    strcmp(argv[i], "-statistics"))
			return tc_error(err, errlen, "unknown option \"%s\" (-s only)", argv[i]);
		a->stats = true;
	}
	if (i >= argc || strcmp(argv[i], "qdisc"))
		return tc_error(err, errlen, "usage: " TC_USAGE);
	i++;
	for (size_t v = 0; i < argc && v < sizeof(verbs) / sizeof(verbs[0]); v++) {
		if (strcmp(argv[i], verbs[v].verb))
			continue;
		req->n.nlmsg_type = (__u16)verbs[v].type;
		req->n.nlmsg_flags |= (__u16)(verbs[v].flags | NLM_F_ACK);
		return tc_qdisc_modify(argc - i - 1, argv + i + 1, a,
				       verbs[v].type == RTM_NEWQDISC, err, errlen);
	}
	/* show, ls, list or nothing: every qdisc, or one interface's. */
	if (i < argc && (!strcmp(argv[i], "show") || !strcmp(argv[i], "ls") ||
			 !strcmp(argv[i], "list")))
		i++;
	req->n.nlmsg_type = RTM_GETQDISC;
	req->n.nlmsg_flags |= NLM_F_DUMP;
	if (i + 2 == argc && !strcmp(argv[i], "dev") && strlen(argv[i + 1]) < TC_IFNAMSIZ)
		strcpy(a->dev, argv[i + 1]);
	else if (i != argc)
		return tc_error(err, errlen, "usage: " TC_USAGE);
	return 0;
}

/* ---- printing ---- */

/* An output buffer that counts what would have been written, as snprintf. */
struct tc_out {
	char *buf;
	size_t len, pos;
};

static void out_add(struct tc_out *o, int n)
{
	if (n > 0)
		o->pos += (size_t)n;
}

static char *out_at(const struct tc_out *o, size_t *room)
{
	*room = o->pos < o->len ? o->len - o->pos : 0;
	return *room ? o->buf + o->pos : NULL;
}

static void out_printf(struct tc_out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	char *at = out_at(o, &room);

	va_start(ap, fmt);
	out_add(o, vsnprintf(at, room, fmt, ap));
	va_end(ap);
}

static void out_call(struct tc_out *o, int (*print)(const struct rtattr *, char *, size_t),
		     const struct rtattr *rta)
{
	size_t room;
	char *at = out_at(o, &room);

	out_add(o, print(rta, at, room));
}

/* The counters: TCA_STATS2's basic and queue parts, then the kind's own. */
static void print_tcstats2(struct tc_out *o, const struct qdisc_util *q, struct rtattr *stats2,
			   struct rtattr *xstats)
{
	struct rtattr *tb[TCA_STATS_MAX + 1];
	struct gnet_stats_basic bs = { 0 };
	struct gnet_stats_queue qs = { 0 };
	__u64 packets;

	if (parse_rtattr(tb, TCA_STATS_MAX, RTA_DATA(stats2), RTA_PAYLOAD(stats2)))
		return;
	if (tb[TCA_STATS_BASIC] && RTA_PAYLOAD(tb[TCA_STATS_BASIC]) >= (int)sizeof(bs))
		memcpy(&bs, RTA_DATA(tb[TCA_STATS_BASIC]), sizeof(bs));
	if (tb[TCA_STATS_QUEUE] && RTA_PAYLOAD(tb[TCA_STATS_QUEUE]) >= (int)sizeof(qs))
		memcpy(&qs, RTA_DATA(tb[TCA_STATS_QUEUE]), sizeof(qs));
	packets = bs.packets;
	if (tb[TCA_STATS_PKT64] && RTA_PAYLOAD(tb[TCA_STATS_PKT64]) >= 8)
		packets = rta_getattr_u64(tb[TCA_STATS_PKT64]);
	out_printf(o, " Sent %llu bytes %llu pkt (dropped %u, overlimits %u requeues %u)\n"
		   " backlog %ub %up requeues %u\n", (unsigned long long)bs.bytes,
		   (unsigned long long)packets, qs.drops, qs.overlimits, qs.requeues,
		   qs.backlog, qs.qlen, qs.requeues);
	if (q && q->print_xstats && xstats) {
		out_call(o, q->print_xstats, xstats);
		out_printf(o, "\n");
	}
}

int tc_print_qdisc(const struct nlmsghdr *n, const char *dev, bool stats,
		   char *buf, size_t len)
{
	struct tc_out o = { buf, len, 0 };
	struct rtattr *tb[TCA_MAX + 1];
	const struct qdisc_util *q;
	const struct tcmsg *t = NLMSG_DATA(n);
	int attrlen = (int)n->nlmsg_len - NLMSG_LENGTH(sizeof(*t));
	const char *kind;

	if (n->nlmsg_type != RTM_NEWQDISC || attrlen < 0 ||
	    parse_rtattr(tb, TCA_MAX, TCA_RTA(t), attrlen) || !tb[TCA_KIND])
		return -1;
	kind = RTA_DATA(tb[TCA_KIND]);
	if (RTA_PAYLOAD(tb[TCA_KIND]) < 1 || kind[RTA_PAYLOAD(tb[TCA_KIND]) - 1])
		return -1;
	if (len)
		buf[0] = '\0';
	out_printf(&o, "qdisc %s %x: dev %s ", kind, t->tcm_handle >> 16, dev);
	if (t->tcm_parent == TC_H_ROOT)
		out_printf(&o, "root");
	else if (t->tcm_parent == TC_H_INGRESS)
		out_printf(&o, "ingress");
	else
		out_printf(&o, "parent %x:%x", t->tcm_parent >> 16, t->tcm_parent & 0xffff);
	q = get_qdisc_kind(kind);
	if (q && tb[TCA_OPTIONS])
		out_call(&o, q->print_qopt, tb[TCA_OPTIONS]);
	out_printf(&o, "\n");
	if (stats && tb[TCA_STATS2])
		print_tcstats2(&o, q, tb[TCA_STATS2], tb[TCA_XSTATS]);
	return (int)o.pos;
}
