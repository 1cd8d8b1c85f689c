/*
 * In-kernel self-tests of netfilter (cmdline `selftest`): a ruleset on the
 * real hooks, seen by the kernel's own ping over loopback - a drop and its
 * counter, conntrack labelling the echo and its reply, and the hooks empty
 * again once the ruleset is flushed.
 */
#include <kernel/selftest.h>
#include <net/netfilter/nf_tables.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/byteorder.h>
#include <net/kping.h>
#include <string.h>

static char st_out[4096], st_err[160];

static int st_nft(const char *text)
{
	return nft_run(text, st_out, sizeof(st_out), st_err, sizeof(st_err));
}

static unsigned int ping_lo(unsigned int count)
{
	struct kping_opts o = { .count = count, .size = 56, .interval_ms = 1,
				.linger_ms = 300, .quiet = true };
	struct kping_stats st = { 0 };

	kping(htonl(0x7f000001), &o, &st);
	return st.received;
}

/* The packets of the first rule listed with text, or -1. */
static long rule_packets(const char *text)
{
	const char *p;
	long n = 0;

	if (st_nft("list ruleset") || !(p = strstr(st_out, text)) ||
	    !(p = strstr(p, "counter packets ")))
		return -1;
	for (p += strlen("counter packets "); *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

SELFTEST(nft_input_drop_counts_then_flush_empties_hooks)
{
	if (st_nft("table ip st {\n chain in { type filter hook input priority 0; policy accept;\n"
		   "  iifname \"lo\" icmp type echo-request counter drop\n } }"))
		ST_FAIL("ruleset refused: %s", st_err);
	if (ping_lo(3) != 0) {
		st_nft("flush ruleset");
		ST_FAIL("echo replies came back through the drop rule");
	}
	if (rule_packets("echo-request counter") != 3) {
		st_nft("flush ruleset");
		ST_FAIL("the drop rule counted %ld of 3 requests", rule_packets("echo-request counter"));
	}
	ST_EQ(st_nft("flush ruleset"), 0);
	for (unsigned int h = 0; h < NF_INET_NUMHOOKS; h++)
		ST_ASSERT(nf_hooks_ipv4[h] == NULL);
	ST_EQ(ping_lo(2), 2);
}

SELFTEST(nft_conntrack_labels_loopback_ping)
{
	long n;

	if (st_nft("table ip st {\n chain in { type filter hook input priority 0; policy accept;\n"
		   "  ct state new counter accept\n  ct state established counter accept\n } }"))
		ST_FAIL("ruleset refused: %s", st_err);
	ST_ASSERT(nf_conntrack_enabled());
	if (ping_lo(2) != 2) {
		st_nft("flush ruleset");
		ST_FAIL("no replies with conntrack on");
	}
	/* The first request is new; its reply and the second exchange are established. */
	n = rule_packets("ct state new counter");
	if (n != 1) {
		st_nft("flush ruleset");
		ST_FAIL("%ld packets counted new, not 1", n);
	}
	n = rule_packets("ct state established counter");
	st_nft("flush ruleset");
	ST_EQ(n, 3);
	ST_ASSERT(!nf_conntrack_enabled());
}
