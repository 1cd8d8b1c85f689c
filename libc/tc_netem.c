/*
 * netem's options in tc's words (iproute2 tc/q_netem.c, man tc-netem):
 * parsed into TCA_OPTIONS - struct tc_netem_qopt then TCA_NETEM_*
 * attributes - and printed back. The kernel side is
 * net/sched/sch_netem.c.
 */
#include <skiff/tc.h>
#include <skiff/libnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NETEM_LIMIT_DEFAULT	1000		/* packets, as tc */
#define NETEM_JITTER_MAX_NS	(1ULL << 31)	/* the kernel's bound on the spread */

struct netem_opts {
	struct tc_netem_qopt qopt;
	__u64 latency, jitter, seed;
	struct tc_netem_corr cor;
	struct tc_netem_reorder reorder;
	struct tc_netem_corrupt corrupt;
	bool has_cor, has_reorder, has_corrupt, has_seed;
};

/* tc's NEXT_IS_NUMBER: an optional value follows when the next word starts with a digit. */
static bool next_is_number(int i, int argc, char **argv)
{
	return i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9';
}

/* "PCT [CORR%]" at argv[*i + 1]: the probability, and the correlation if one follows. */
static int get_prob_corr(int *i, int argc, char **argv, __u32 *prob, __u32 *corr,
			 bool *has_corr)
{
	if (*i + 1 >= argc || get_percent(prob, argv[*i + 1]))
		return -1;
	(*i)++;
	if (next_is_number(*i, argc, argv)) {
		if (get_percent(corr, argv[*i + 1]))
			return -1;
		*has_corr = true;
		(*i)++;
	}
	return 0;
}

/* delay TIME [JITTER [CORR%]] */
static int get_delay(int *i, int argc, char **argv, struct netem_opts *o)
{
	if (*i + 1 >= argc || get_time64(&o->latency, argv[*i + 1]))
		return -1;
	(*i)++;
	if (!next_is_number(*i, argc, argv))
		return 0;
	if (get_time64(&o->jitter, argv[*i + 1]) || o->jitter > NETEM_JITTER_MAX_NS)
		return -1;
	(*i)++;
	if (!next_is_number(*i, argc, argv))
		return 0;
	o->has_cor = true;
	return get_percent(&o->cor.delay_corr, argv[++(*i)]);
}

static int get_number(int *i, int argc, char **argv, __u64 *v, __u64 max)
{
	char *end;

	if (*i + 1 >= argc || argv[*i + 1][0] < '0' || argv[*i + 1][0] > '9')
		return -1;
	*v = strtoull(argv[++(*i)], &end, 10);
	return *end || *v > max ? -1 : 0;
}

/* One option at argv[*i] and its values; *i ends on the last word taken. */
static int netem_parse_one(int *i, int argc, char **argv, struct netem_opts *o)
{
	const char *w = argv[*i];
	bool unused = false;
	__u64 v;

	if (!strcmp(w, "limit")) {
		if (get_number(i, argc, argv, &v, 0xffffffffULL))
			return -1;
		o->qopt.limit = (__u32)v;
		return 0;
	}
	if (!strcmp(w, "delay") || !strcmp(w, "latency"))
		return get_delay(i, argc, argv, o);
	if (!strcmp(w, "loss") || !strcmp(w, "drop")) {
		if (*i + 1 < argc && !strcmp(argv[*i + 1], "random"))
			(*i)++;
		return get_prob_corr(i, argc, argv, &o->qopt.loss, &o->cor.loss_corr, &o->has_cor);
	}
	if (!strcmp(w, "duplicate"))
		return get_prob_corr(i, argc, argv, &o->qopt.duplicate, &o->cor.dup_corr,
				     &o->has_cor);
	if (!strcmp(w, "reorder")) {
		o->has_reorder = true;
		return get_prob_corr(i, argc, argv, &o->reorder.probability,
				     &o->reorder.correlation, &unused);
	}
	if (!strcmp(w, "corrupt")) {
		o->has_corrupt = true;
		return get_prob_corr(i, argc, argv, &o->corrupt.probability,
				     &o->corrupt.correlation, &unused);
	}
	if (!strcmp(w, "gap")) {
		if (get_number(i, argc, argv, &v, 0xffffffffULL))
			return -1;
		o->qopt.gap = (__u32)v;
		return 0;
	}
	if (!strcmp(w, "seed")) {
		o->has_seed = true;
		return get_number(i, argc, argv, &o->seed, ~0ULL);
	}
	return -2;
}

static __u32 netem_ticks(__u64 ns)
{
	__u64 ticks = ns >> NETEM_TICK_SHIFT;

	return ticks > 0xffffffffULL ? 0xffffffffU : (__u32)ticks;
}

/* TCA_OPTIONS: the qopt as the attribute's own data, the TCA_NETEM_* nested after it. */
static int netem_put_opt(struct netem_opts *o, struct nlmsghdr *n, size_t maxlen)
{
	struct rtattr *tail = NLMSG_TAIL(n);

	o->qopt.latency = netem_ticks(o->latency);
	o->qopt.jitter = netem_ticks(o->jitter);
	if (addattr_l(n, maxlen, TCA_OPTIONS, &o->qopt, sizeof(o->qopt)) ||
	    (o->latency && addattr64(n, maxlen, TCA_NETEM_LATENCY64, o->latency)) ||
	    (o->jitter && addattr64(n, maxlen, TCA_NETEM_JITTER64, o->jitter)) ||
	    (o->has_cor && addattr_l(n, maxlen, TCA_NETEM_CORR, &o->cor, sizeof(o->cor))) ||
	    (o->has_reorder &&
	     addattr_l(n, maxlen, TCA_NETEM_REORDER, &o->reorder, sizeof(o->reorder))) ||
	    (o->has_corrupt &&
	     addattr_l(n, maxlen, TCA_NETEM_CORRUPT, &o->corrupt, sizeof(o->corrupt))) ||
	    (o->has_seed && addattr64(n, maxlen, TCA_NETEM_PRNG_SEED, o->seed)))
		return -1;
	tail->rta_len = (unsigned short)((char *)NLMSG_TAIL(n) - (char *)tail);
	return 0;
}

int netem_parse_opt(int argc, char **argv, struct nlmsghdr *n, size_t maxlen,
		    char *err, size_t errlen)
{
	struct netem_opts o = { .qopt.limit = NETEM_LIMIT_DEFAULT };

	for (int i = 0; i < argc; i++) {
		int at = i, rc = netem_parse_one(&i, argc, argv, &o);

		if (rc == -2)
			return tc_error(err, errlen, "netem: unknown option \"%s\" (limit, "
					"delay, loss, duplicate, reorder, gap, corrupt, seed)",
					argv[at]);
		if (rc)
			return tc_error(err, errlen, "netem: bad or missing value after \"%s\"",
					argv[at]);
	}
	/* tc-netem: reordering sends some packets ahead of delayed ones, so it needs a delay. */
	if (o.reorder.probability) {
		if (!o.latency)
			return tc_error(err, errlen, "netem: reorder needs a delay (delay TIME)");
		if (!o.qopt.gap)
			o.qopt.gap = 1;
	} else if (o.qopt.gap) {
		return tc_error(err, errlen, "netem: gap without reorder");
	}
	if (netem_put_opt(&o, n, maxlen))
		return tc_error(err, errlen, "netem: request too long");
	return 0;
}

/* ---- printing ---- */

/* Appends " WORD VALUE" to buf at *pos (counting what does not fit, as snprintf). */
static void put(char *buf, size_t len, size_t *pos, const char *fmt, const char *v)
{
	int n = snprintf(*pos < len ? buf + *pos : NULL, *pos < len ? len - *pos : 0, fmt, v);

	if (n > 0)
		*pos += (size_t)n;
}

static void put_prob(char *buf, size_t len, size_t *pos, const char *word, __u32 prob,
		     __u32 corr)
{
	char v[24];

	sprint_percent(v, sizeof(v), prob);
	put(buf, len, pos, word, v);
	if (corr) {
		sprint_percent(v, sizeof(v), corr);
		put(buf, len, pos, " %s", v);
	}
}

/* A fixed-size TCA_NETEM_* attribute into dst, if present and long enough. */
static void get_struct(void *dst, size_t size, const struct rtattr *rta)
{
	if (rta && RTA_PAYLOAD(rta) >= (int)size)
		memcpy(dst, RTA_DATA(rta), size);
}

static __u64 get_time(const struct rtattr *rta64, __u32 ticks)
{
	if (rta64 && RTA_PAYLOAD(rta64) >= 8)
		return rta_getattr_u64(rta64);
	return (__u64)ticks << NETEM_TICK_SHIFT;
}

int netem_print_opt(const struct rtattr *opt, char *buf, size_t len)
{
	struct rtattr *tb[TCA_NETEM_MAX + 1];
	struct netem_opts o = { 0 };
	size_t pos = 0;
	char v[32];

	if (RTA_PAYLOAD(opt) < (int)sizeof(o.qopt) ||
	    parse_rtattr_nested_compat(tb, TCA_NETEM_MAX, (struct rtattr *)opt, sizeof(o.qopt)))
		return -1;
	memcpy(&o.qopt, RTA_DATA(opt), sizeof(o.qopt));
	get_struct(&o.cor, sizeof(o.cor), tb[TCA_NETEM_CORR]);
	get_struct(&o.reorder, sizeof(o.reorder), tb[TCA_NETEM_REORDER]);
	get_struct(&o.corrupt, sizeof(o.corrupt), tb[TCA_NETEM_CORRUPT]);
	o.latency = get_time(tb[TCA_NETEM_LATENCY64], o.qopt.latency);
	o.jitter = get_time(tb[TCA_NETEM_JITTER64], o.qopt.jitter);
	if (len)
		buf[0] = '\0';
	snprintf(v, sizeof(v), "%u", o.qopt.limit);
	put(buf, len, &pos, " limit %s", v);
	if (o.latency) {
		sprint_time64(v, sizeof(v), o.latency);
		put(buf, len, &pos, " delay %s", v);
		if (o.jitter) {
			sprint_time64(v, sizeof(v), o.jitter);
			put(buf, len, &pos, " %s", v);
			if (o.cor.delay_corr)
				put_prob(buf, len, &pos, " %s", o.cor.delay_corr, 0);
		}
	}
	if (o.qopt.loss)
		put_prob(buf, len, &pos, " loss %s", o.qopt.loss, o.cor.loss_corr);
	if (o.qopt.duplicate)
		put_prob(buf, len, &pos, " duplicate %s", o.qopt.duplicate, o.cor.dup_corr);
	if (o.reorder.probability)
		put_prob(buf, len, &pos, " reorder %s", o.reorder.probability,
			 o.reorder.correlation);
	if (o.corrupt.probability)
		put_prob(buf, len, &pos, " corrupt %s", o.corrupt.probability,
			 o.corrupt.correlation);
	if (o.qopt.gap) {
		snprintf(v, sizeof(v), "%u", o.qopt.gap);
		put(buf, len, &pos, " gap %s", v);
	}
	if (tb[TCA_NETEM_PRNG_SEED] && RTA_PAYLOAD(tb[TCA_NETEM_PRNG_SEED]) >= 8) {
		snprintf(v, sizeof(v), "%llu",
			 (unsigned long long)rta_getattr_u64(tb[TCA_NETEM_PRNG_SEED]));
		put(buf, len, &pos, " seed %s", v);
	}
	return (int)pos;
}

int netem_print_xstats(const struct rtattr *xstats, char *buf, size_t len)
{
	struct tc_netem_xstats st;

	if (RTA_PAYLOAD(xstats) < (int)sizeof(st))
		return -1;
	memcpy(&st, RTA_DATA(xstats), sizeof(st));
	return snprintf(buf, len, " lost %llu duplicated %llu reordered %llu corrupted %llu "
			"delayed %llu", (unsigned long long)st.lost,
			(unsigned long long)st.duplicated, (unsigned long long)st.reordered,
			(unsigned long long)st.corrupted, (unsigned long long)st.delayed);
}
