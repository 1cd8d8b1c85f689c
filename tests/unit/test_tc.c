/* test_tc.c - libc/tc.c, tc_netem.c and libnetlink.c: tc's words to rtnetlink requests and qdisc messages back to words. */
/* links: net */
#include <skiff/tc.h>
#include <skiff/libnetlink.h>
#include <linux/pkt_sched.h>
#include <linux/gen_stats.h>
#include <string.h>
#include <stdio.h>

#include "unit.h"

#define PROB(pct) ((__u32)(((unsigned long long)(pct) * 0xffffffffULL + 50) / 100))

static struct tc_args a;
static char err[200];

/* Parse a command line (the words after "tc"); 0 or -1 with err set. */
static int parse(const char *line)
{
	static char words[512];
	char *argv[48];
	int argc = 0;

	snprintf(words, sizeof(words), "%s", line);
	for (char *p = strtok(words, " "); p && argc < 48; p = strtok(NULL, " "))
		argv[argc++] = p;
	err[0] = '\0';
	return tc_parse_args(argc, argv, &a, err, sizeof(err));
}

/* The request's attributes, and netem's nested in TCA_OPTIONS. */
static void attrs(struct rtattr **tca, struct rtattr **netem)
{
	int len = (int)a.req.n.nlmsg_len - NLMSG_LENGTH(sizeof(struct tcmsg));

	EXPECT_EQ_INT(parse_rtattr(tca, TCA_MAX, TCA_RTA(&a.req.t), len), 0);
	if (netem && EXPECT(tca[TCA_OPTIONS] != NULL))
		EXPECT_EQ_INT(parse_rtattr_nested_compat(netem, TCA_NETEM_MAX, tca[TCA_OPTIONS],
							 sizeof(struct tc_netem_qopt)), 0);
}

UNIT_TEST(tc_times_parse_in_tc_units)
{
	static const struct { const char *s; __u64 ns; } ok[] = {
		{ "10ms", 10000000 }, { "1s", 1000000000 }, { "1.5s", 1500000000 },
		{ "250us", 250000 }, { "100", 100000 } /* bare: microseconds */,
		{ "7ns", 7 }, { "2msec", 2000000 }, { "0.25ms", 250000 }, { "3secs", 3000000000 },
		{ "3600s", 3600000000000ULL },
	};
	static const char *const bad[] = {
		"", "ms", "10m", "10 ms", "1.s", ".5s", "-1ms", "3601s", "99999999999999s", "1e3ms",
	};
	__u64 ns;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (EXPECT_MSG(get_time64(&ns, ok[i].s) == 0, "refused \"%s\"", ok[i].s))
			EXPECT_EQ_UINT(ns, ok[i].ns);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_MSG(get_time64(&ns, bad[i]) == -1, "accepted \"%s\"", bad[i]);
}

UNIT_TEST(tc_percentages_parse_and_print_back)
{
	static const char *const round_trip[] = {
		"0%", "5%", "100%", "0.5%", "12.25%", "0.0001%", "33.3333%",
	};
	static const char *const bad[] = {
		"", "%", "101%", "100.0001%", "5.12345%", "abc", "5%%", "-1%", "1000%",
	};
	char buf[32];
	__u32 p;

	EXPECT_EQ_INT(get_percent(&p, "100%"), 0);
	EXPECT_EQ_UINT(p, 0xffffffffU);
	EXPECT_EQ_INT(get_percent(&p, "5"), 0);		/* the sign is optional */
	EXPECT_EQ_UINT(p, PROB(5));
	for (size_t i = 0; i < sizeof(round_trip) / sizeof(round_trip[0]); i++) {
		if (!EXPECT_MSG(get_percent(&p, round_trip[i]) == 0, "refused \"%s\"", round_trip[i]))
			continue;
		sprint_percent(buf, sizeof(buf), p);
		EXPECT_EQ_STR(buf, round_trip[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_MSG(get_percent(&p, bad[i]) == -1, "accepted \"%s\"", bad[i]);
}

UNIT_TEST(tc_times_print_in_the_largest_unit)
{
	static const struct { __u64 ns; const char *s; } cases[] = {
		{ 10000000, "10ms" }, { 1500000000, "1.5s" }, { 250000, "250us" },
		{ 7, "7ns" }, { 2000, "2us" }, { 1234567, "1.235ms" }, { 999999999, "1s" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sprint_time64(buf, sizeof(buf), cases[i].ns);
		EXPECT_EQ_STR(buf, cases[i].s);
	}
}

UNIT_TEST(tc_netem_words_become_linux_netem_options)
{
	struct rtattr *tca[TCA_MAX + 1], *ne[TCA_NETEM_MAX + 1];
	struct tc_netem_qopt q;
	struct tc_netem_corr cor;
	struct tc_netem_reorder ro;
	struct tc_netem_corrupt co;

	ASSERT(parse("qdisc add dev eth0 root netem delay 10ms 2ms 25% loss random 5% 10% "
		     "duplicate 1% reorder 25% 50% gap 5 corrupt 0.1% seed 42 limit 100") == 0);
	EXPECT_EQ_UINT(a.req.n.nlmsg_type, RTM_NEWQDISC);
	EXPECT_EQ_UINT(a.req.n.nlmsg_flags,
		       NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE);
	EXPECT_EQ_STR(a.dev, "eth0");
	EXPECT_EQ_UINT(a.req.t.tcm_parent, TC_H_ROOT);
	EXPECT_EQ_UINT(a.req.t.tcm_handle, 0);
	attrs(tca, ne);
	ASSERT(tca[TCA_KIND] != NULL);
	EXPECT_EQ_STR(RTA_DATA(tca[TCA_KIND]), "netem");
	memcpy(&q, RTA_DATA(tca[TCA_OPTIONS]), sizeof(q));
	EXPECT_EQ_UINT(q.limit, 100);
	EXPECT_EQ_UINT(q.latency, 10000000 >> NETEM_TICK_SHIFT);
	EXPECT_EQ_UINT(q.jitter, 2000000 >> NETEM_TICK_SHIFT);
	EXPECT_EQ_UINT(q.loss, PROB(5));
	EXPECT_EQ_UINT(q.duplicate, PROB(1));
	EXPECT_EQ_UINT(q.gap, 5);
	ASSERT(ne[TCA_NETEM_LATENCY64] && ne[TCA_NETEM_JITTER64] && ne[TCA_NETEM_CORR] &&
	       ne[TCA_NETEM_REORDER] && ne[TCA_NETEM_CORRUPT] && ne[TCA_NETEM_PRNG_SEED]);
	EXPECT_EQ_UINT(rta_getattr_u64(ne[TCA_NETEM_LATENCY64]), 10000000);
	EXPECT_EQ_UINT(rta_getattr_u64(ne[TCA_NETEM_JITTER64]), 2000000);
	EXPECT_EQ_UINT(rta_getattr_u64(ne[TCA_NETEM_PRNG_SEED]), 42);
	memcpy(&cor, RTA_DATA(ne[TCA_NETEM_CORR]), sizeof(cor));
	EXPECT_EQ_UINT(cor.delay_corr, PROB(25));
	EXPECT_EQ_UINT(cor.loss_corr, PROB(10));
	EXPECT_EQ_UINT(cor.dup_corr, 0);
	memcpy(&ro, RTA_DATA(ne[TCA_NETEM_REORDER]), sizeof(ro));
	EXPECT_EQ_UINT(ro.probability, PROB(25));
	EXPECT_EQ_UINT(ro.correlation, PROB(50));
	memcpy(&co, RTA_DATA(ne[TCA_NETEM_CORRUPT]), sizeof(co));
	EXPECT_EQ_UINT(co.probability, (__u32)((1000ULL * 0xffffffffULL + 500000) / 1000000));
	/* The attributes end where the message ends. */
	EXPECT_EQ_UINT((char *)NLMSG_TAIL(&a.req.n) - (char *)tca[TCA_OPTIONS],
		       RTA_ALIGN(tca[TCA_OPTIONS]->rta_len));
}

UNIT_TEST(tc_verbs_places_and_kinds)
{
	struct rtattr *tca[TCA_MAX + 1], *ne[TCA_NETEM_MAX + 1];
	struct tc_fifo_qopt fifo;

	ASSERT(parse("qdisc replace dev lo ingress netem loss 1%") == 0);
	EXPECT_EQ_UINT(a.req.n.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	EXPECT_EQ_UINT(a.req.t.tcm_parent, TC_H_INGRESS);
	EXPECT_EQ_UINT(a.req.t.tcm_handle, 0xffff0000);
	attrs(tca, ne);
	EXPECT(ne[TCA_NETEM_LATENCY64] == NULL && ne[TCA_NETEM_PRNG_SEED] == NULL);

	ASSERT(parse("qdisc change dev eth1 handle 1a: root pfifo limit 7") == 0);
	EXPECT_EQ_UINT(a.req.n.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_EQ_UINT(a.req.t.tcm_handle, 0x1a0000);
	attrs(tca, NULL);
	EXPECT_EQ_STR(RTA_DATA(tca[TCA_KIND]), "pfifo");
	ASSERT(tca[TCA_OPTIONS] && RTA_PAYLOAD(tca[TCA_OPTIONS]) == sizeof(fifo));
	memcpy(&fifo, RTA_DATA(tca[TCA_OPTIONS]), sizeof(fifo));
	EXPECT_EQ_UINT(fifo.limit, 7);

	ASSERT(parse("qdisc del dev eth0 root") == 0);
	EXPECT_EQ_UINT(a.req.n.nlmsg_type, RTM_DELQDISC);
	attrs(tca, NULL);
	EXPECT(tca[TCA_KIND] == NULL);

	ASSERT(parse("-s qdisc show dev eth0") == 0);
	EXPECT(a.stats);
	EXPECT_EQ_UINT(a.req.n.nlmsg_type, RTM_GETQDISC);
	EXPECT_EQ_UINT(a.req.n.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_EQ_STR(a.dev, "eth0");
	ASSERT(parse("qdisc") == 0);
	EXPECT(!a.stats && a.dev[0] == '\0');
	EXPECT_EQ_UINT(a.req.n.nlmsg_type, RTM_GETQDISC);
}

UNIT_TEST(tc_refuses_what_tc_refuses_and_says_why)
{
	static const struct { const char *line, *why; } bad[] = {
		{ "qdisc add dev eth0 root netem reorder 25%", "needs a delay" },
		{ "qdisc add dev eth0 root netem delay 10ms gap 5", "gap without reorder" },
		{ "qdisc add root netem loss 1%", "which interface" },
		{ "qdisc add dev eth0 netem loss 1%", "root or ingress" },
		{ "qdisc add dev eth0 root", "which qdisc" },
		{ "qdisc add dev eth0 root fq_codel", "not a qdisc kind" },
		{ "qdisc add dev eth0 root netem rate 1mbit", "unknown option \"rate\"" },
		{ "qdisc add dev eth0 root netem delay 10ms 3s", "bad or missing value after \"delay\"" },
		{ "qdisc add dev eth0 root netem loss", "bad or missing value after \"loss\"" },
		{ "qdisc add dev eth0 root netem loss 101%", "after \"loss\"" },
		{ "qdisc add dev eth0 root netem seed x", "after \"seed\"" },
		{ "qdisc add dev eth0 root netem limit 99999999999", "after \"limit\"" },
		{ "qdisc add dev eth0 root root netem", "once" },
		{ "qdisc add dev eth0 handle ffff: root netem", "handle" },
		{ "qdisc add dev eth0 handle 1:2 root netem", "handle" },
		{ "qdisc add dev averyveryverylongname root netem", "shorter" },
		{ "qdisc add dev eth0 root pfifo limit", "pfifo" },
		{ "-x qdisc", "unknown option" },
		{ "class show", "usage" },
		{ "qdisc show dev", "usage" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!EXPECT_MSG(parse(bad[i].line) == -1, "accepted \"%s\"", bad[i].line))
			continue;
		EXPECT_MSG(strstr(err, bad[i].why) != NULL, "\"%s\": said \"%s\"", bad[i].line, err);
	}
}

/* The request as the kernel would echo it in a dump: an RTM_NEWQDISC with stats. */
static void as_reply(struct gnet_stats_basic *bs, struct gnet_stats_queue *qs,
		     struct tc_netem_xstats *xs)
{
	struct rtattr *nest;

	a.req.n.nlmsg_type = RTM_NEWQDISC;
	nest = NLMSG_TAIL(&a.req.n);
	ASSERT(addattr_l(&a.req.n, sizeof(a.req), TCA_STATS2, NULL, 0) == 0);
	ASSERT(addattr_l(&a.req.n, sizeof(a.req), TCA_STATS_BASIC, bs, sizeof(*bs)) == 0);
	ASSERT(addattr_l(&a.req.n, sizeof(a.req), TCA_STATS_QUEUE, qs, sizeof(*qs)) == 0);
	nest->rta_len = (unsigned short)((char *)NLMSG_TAIL(&a.req.n) - (char *)nest);
	ASSERT(addattr_l(&a.req.n, sizeof(a.req), TCA_XSTATS, xs, sizeof(*xs)) == 0);
}

UNIT_TEST(tc_prints_a_qdisc_as_tc_does)
{
	struct gnet_stats_basic bs = { .bytes = 1500, .packets = 10 };
	struct gnet_stats_queue qs = { .qlen = 2, .backlog = 128, .drops = 3, .requeues = 1 };
	struct tc_netem_xstats xs = { .lost = 3, .duplicated = 1, .delayed = 11 };
	char buf[512];
	int n, full;

	ASSERT(parse("qdisc add dev eth0 handle 8001: root netem delay 10ms 1.5ms loss 5% 25% "
		     "reorder 10% gap 3 corrupt 0.5% duplicate 2% seed 7") == 0);
	as_reply(&bs, &qs, &xs);
	n = tc_print_qdisc(&a.req.n, "eth0", false, buf, sizeof(buf));
	EXPECT_EQ_STR(buf, "qdisc netem 8001: dev eth0 root limit 1000 delay 10ms 1.5ms loss 5% 25% "
		      "duplicate 2% reorder 10% corrupt 0.5% gap 3 seed 7\n");
	EXPECT_EQ_INT(n, (int)strlen(buf));
	full = tc_print_qdisc(&a.req.n, "eth0", true, buf, sizeof(buf));
	EXPECT_EQ_INT(full, (int)strlen(buf));
	EXPECT(strstr(buf, "\n Sent 1500 bytes 10 pkt (dropped 3, overlimits 0 requeues 1)\n"
		      " backlog 128b 2p requeues 1\n"
		      " lost 3 duplicated 1 reordered 0 corrupted 0 delayed 11\n") != NULL);
	/* Truncated output keeps snprintf's rules: the full length, a terminated prefix. */
	EXPECT_EQ_INT(tc_print_qdisc(&a.req.n, "eth0", true, buf, 20), full);
	EXPECT_EQ_UINT(strlen(buf), 19);
	/* Not a qdisc message, or a broken one. */
	a.req.n.nlmsg_type = RTM_NEWLINK;
	EXPECT_EQ_INT(tc_print_qdisc(&a.req.n, "eth0", false, buf, sizeof(buf)), -1);
	a.req.n.nlmsg_type = RTM_NEWQDISC;
	a.req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg)) + 3;
	EXPECT_EQ_INT(tc_print_qdisc(&a.req.n, "eth0", false, buf, sizeof(buf)), -1);
}

UNIT_TEST(tc_libnetlink_stays_inside_its_buffer)
{
	struct {
		struct nlmsghdr n;
		char buf[16];
	} req = { .n = { .nlmsg_len = NLMSG_LENGTH(0) } };
	struct rtattr *tb[4], *rta;
	char big[32] = { 0 };

	EXPECT_EQ_INT(addattr32(&req.n, sizeof(req), 1, 7), 0);
	EXPECT_EQ_INT(addattr_l(&req.n, sizeof(req), 2, big, sizeof(big)), -1);
	EXPECT_EQ_INT(addattr32(&req.n, sizeof(req), 3, 9), 0);
	EXPECT_EQ_INT(addattr32(&req.n, sizeof(req), 3, 9), -1);
	EXPECT_EQ_UINT(req.n.nlmsg_len, sizeof(req));
	rta = (struct rtattr *)NLMSG_DATA(&req.n);
	EXPECT_EQ_INT(parse_rtattr(tb, 3, rta, 16), 0);
	EXPECT(tb[1] && tb[3] && !tb[2]);
	EXPECT_EQ_UINT(rta_getattr_u32(tb[3]), 9);
	/* A length past the end, or bytes that are not a whole attribute. */
	rta->rta_len = 40;
	EXPECT_EQ_INT(parse_rtattr(tb, 3, rta, 16), -1);
	EXPECT(tb[1] == NULL);
	rta->rta_len = 8;
	EXPECT_EQ_INT(parse_rtattr(tb, 3, rta, 10), -1);
	/* Nested after a leading struct: it must fit the attribute. */
	EXPECT_EQ_INT(parse_rtattr_nested_compat(tb, 3, rta, 4), 0);
	EXPECT_EQ_INT(parse_rtattr_nested_compat(tb, 3, rta, 8), -1);
}
