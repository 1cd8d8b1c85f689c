/* test_nft.c - net/netfilter/nf_tables_{parse,print,api,core}.c and nft_reject.c: nft's language in, listings out, rules on packets. */
/* links: net */
#include <net/netfilter/nf_tables.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/inetdevice.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/proto/tcp.h>
#include <net/proto/udp.h>
#include <skiff/nft.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"

static char out[65536], err[256];

static int nft(const char *text)
{
	unit_seed("nft", text, strlen(text));
	return nft_run(text, out, sizeof(out), err, sizeof(err));
}

/* The listing of the ruleset in force. */
static const char *listing(void)
{
	static char l[65536];

	if (nft("list ruleset"))
		return "(list failed)";
	memcpy(l, out, sizeof(l));
	return l;
}

/* Equal texts, or the first line where they part named in the failure. */
static bool same_text(const char *got, const char *want)
{
	unsigned int line = 1;
	const char *g = got, *w = want;

	while (*g && *g == *w) {
		if (*g == '\n') {
			line++;
			got = g + 1;
			want = w + 1;
		}
		g++;
		w++;
	}
	return EXPECT_MSG(*g == *w, "line %u differs:\n  got  '%.*s'\n  want '%.*s'", line,
			  (int)strcspn(got, "\n"), got, (int)strcspn(want, "\n"), want);
}

/* Every form the parser knows, written the way the listing writes it back. */
UNIT_TEST(nft_every_form_lists_back_as_written)
{
	static const char text[] =
		"table ip filter {\n"
		"\tchain input {\n"
		"\t\ttype filter hook input priority filter; policy drop;\n"
		"\t\tct state established,related accept\n"
		"\t\tct state { new, untracked } accept\n"
		"\t\tct state != established counter packets 0 bytes 0 drop\n"
		"\t\tiifname \"lo\" accept\n"
		"\t\tiifname != \"eth1\" ip saddr 10.0.0.0/8 tcp dport 22 accept\n"
		"\t\toifname { \"eth0\", \"eth1\" } accept\n"
		"\t\tip saddr 192.168.1.10-192.168.1.20 ip daddr != 10.1.2.3 drop\n"
		"\t\tip daddr { 10.0.0.1, 172.16.0.0/12 } accept\n"
		"\t\tmeta l4proto { tcp, udp } accept\n"
		"\t\tmeta l4proto 47 drop\n"
		"\t\ttcp sport 1024-65535 tcp dport { 22, 80, 443, 8000-8080 } accept\n"
		"\t\tudp dport 53 accept\n"
		"\t\ttcp flags syn,ack drop\n"
		"\t\ttcp flags == syn accept\n"
		"\t\ttcp flags & (fin|syn|rst|ack) == syn accept\n"
		"\t\ttcp flags & (syn|rst) != 0 drop\n"
		"\t\ticmp type echo-request accept\n"
		"\t\ticmp type { echo-reply, destination-unreachable, time-exceeded } accept\n"
		"\t\tlog prefix \"in: \" drop\n"
		"\t\tlog accept\n"
		"\t\ttcp dport 23 reject with tcp reset\n"
		"\t\tudp dport 69 reject\n"
		"\t\tudp dport 70 reject with icmp type host-unreachable\n"
		"\t\tudp dport 71 reject with icmp type admin-prohibited\n"
		"\t\tjump logdrop\n"
		"\t\tgoto logdrop\n"
		"\t\tcounter packets 0 bytes 0\n"
		"\t}\n"
		"\n"
		"\tchain logdrop {\n"
		"\t\tlog prefix \"dropped: \" counter packets 0 bytes 0 drop\n"
		"\t\treturn\n"
		"\t}\n"
		"\n"
		"\tchain fwd {\n"
		"\t\ttype filter hook forward priority filter + 10; policy accept;\n"
		"\t}\n"
		"\n"
		"\tchain out {\n"
		"\t\ttype filter hook output priority -50; policy accept;\n"
		"\t}\n"
		"}\n"
		"table ip nat {\n"
		"\tchain pre {\n"
		"\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
		"\t\tiifname \"eth1\" tcp dport 8080 dnat ip to 10.0.0.2:80\n"
		"\t\tudp dport 5000-5010 dnat ip to 10.0.0.3\n"
		"\t}\n"
		"\n"
		"\tchain post {\n"
		"\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
		"\t\toifname \"eth1\" ip saddr 10.0.0.0/24 masquerade\n"
		"\t\toifname \"eth2\" masquerade to :1024-2047\n"
		"\t\toifname \"eth3\" snat ip to 192.0.2.1\n"
		"\t\toifname \"eth4\" snat ip to 192.0.2.2:4000-4100\n"
		"\t}\n"
		"}\n";
	struct nettest_baseline b;

	nettest_begin(&b);
	if (!EXPECT_MSG(nft(text) == 0, "refused: %s", err))
		return;
	same_text(listing(), text);
	/* The listing is itself a ruleset file: it loads to the same listing. */
	{
		static char again[65536];

		snprintf(again, sizeof(again), "flush ruleset\n%s", listing());
		EXPECT_MSG(nft(again) == 0, "relisting refused: %s", err);
		same_text(listing(), text);
	}
	EXPECT(nf_conntrack_enabled());
	EXPECT_EQ_INT(nft("flush ruleset"), 0);
	EXPECT_EQ_STR(listing(), "");
	EXPECT(!nf_conntrack_enabled());
	nettest_end(&b);
}

/* A quoted name lists bare, and the listing loads again (fuzz_nft found one that did not). */
UNIT_TEST(nft_quoted_names_list_bare_and_load_again)
{
	struct nettest_baseline b;
	static char first[65536];

	nettest_begin(&b);
	ASSERT(nft("add table inet \"q_1\"\nadd chain inet q_1 \"c.2-x/y\"\n") == 0);
	snprintf(first, sizeof(first), "%s", listing());
	EXPECT(strstr(first, "table inet q_1 {") && strstr(first, "chain c.2-x/y {"));
	EXPECT_EQ_INT(nft("flush ruleset"), 0);
	EXPECT_EQ_INT(nft(first), 0);
	same_text(listing(), first);
	EXPECT_EQ_INT(nft("flush ruleset"), 0);
	nettest_end(&b);
}

UNIT_TEST(nft_malformed_input_names_the_token_and_changes_nothing)
{
	static const struct { const char *text, *err; } bad[] = {
		{ "add rule ip filter input tcp dport 70000 accept", "'70000'" },
		{ "add rule ip filter input tcp dport 22-x accept", "'22-x'" },
		{ "add rule ip filter input ip saddr 10.0.0.300 drop", "'10.0.0.300'" },
		{ "add rule ip filter input ip saddr 10.0.0.0/33 drop", "'10.0.0.0/33'" },
		{ "add rule ip filter input ip frob 1 drop", "'frob'" },
		{ "add rule ip filter input tcp flags syn,bogus drop", "'bogus'" },
		{ "add rule ip filter input ct state fresh accept", "'fresh'" },
		{ "add rule ip filter input icmp type echo-nothing accept", "'echo-nothing'" },
		{ "add rule ip filter input tcp dport { 22, 80 accept", "'accept'" },
		{ "add rule ip filter input tcp dport { 22, 80", "expected ',' or '}'" },
		{ "add rule ip filter input accept drop", "'drop'" },
		{ "add rule ip filter input frobnicate", "'frobnicate'" },
		{ "add rule ip filter input jump nowhere", "'nowhere' does not exist" },
		{ "add rule ip filter input reject with icmp type bogus", "'bogus'" },
		{ "add rule ip filter input dnat to 10.0.0.2", "needs a nat chain" },
		{ "add rule ip filter nochain accept", "does not exist" },
		{ "add rule ip nosuch input accept", "does not exist" },
		{ "add chain ip filter c2 { type filter hook sideways priority 0; }", "'sideways'" },
		{ "add chain ip filter c2 { type nat hook forward priority 0; }", "cannot hook forward" },
		{ "add chain ip filter c2 { type filter hook input priority x; }", "'x'" },
		{ "add rule ip filter input log prefix \"open", "unterminated string" },
		{ "delete rule ip filter input handle 999", "handle 999 not found" },
		{ "frob ruleset", "'frob'" },
		{ "table ip t2 { chain c { type filter hook input priority 0; policy maybe; } }", "'maybe'" },
		{ "table ip t2 { chain c {", "end of input" },
		{ "add rule ip filter input tcp dport", "end of input" },
		/* Names list bare: one that would not load again is refused, quoted or not. */
		{ "add table inet \")\"", "')', expected a table name" },
		{ "add table ip \"a b\"", "'a b', expected a table name" },
		{ "add chain ip filter \"#c\"", "'#c', expected a chain name" },
		{ "add table ip \"\"", "expected a table name" },
		{ "add table ip 1t", "'1t', expected a table name" },
		{ "table ip n { chain a { type nat hook postrouting priority 100; }\n"
		  "chain b { type nat hook postrouting priority 100; }\n"
		  "chain c { type nat hook postrouting priority 100; }\n"
		  "chain d { type nat hook postrouting priority 100; }\n"
		  "chain e { type nat hook postrouting priority 100; } }", "more than 4 nat chains" },
	};
	struct nettest_baseline b;
	static char before[65536];

	nettest_begin(&b);
	ASSERT(nft("table ip filter {\n chain input {\n type filter hook input priority 0; policy accept;\n"
		   " tcp dport 22 accept\n }\n}\n") == 0);
	snprintf(before, sizeof(before), "%s", listing());
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_MSG(nft(bad[i].text) == -EINVAL || nft(bad[i].text) < 0,
			   "accepted \"%s\"", bad[i].text);
		EXPECT_MSG(strstr(err, bad[i].err), "\"%s\": error \"%s\" does not name %s",
			   bad[i].text, err, bad[i].err);
		same_text(listing(), before);
	}
	/* A batch with one bad line changes nothing, not even its good lines. */
	EXPECT(nft("add rule ip filter input udp dport 53 accept\n"
		   "add rule ip filter input udp dport 99999 accept\n") < 0);
	EXPECT(strstr(err, "line 2") && strstr(err, "'99999'"));
	same_text(listing(), before);
	/* A jump loop is refused at commit. */
	EXPECT(nft("add chain ip filter a\nadd chain ip filter b\n"
		   "add rule ip filter a jump b\nadd rule ip filter b jump a\n"
		   "add rule ip filter input jump a\n") == -ELOOP);
	EXPECT(strstr(err, "loop") != NULL);
	same_text(listing(), before);
	EXPECT_EQ_INT(nft("flush ruleset"), 0);
	nettest_end(&b);
}

UNIT_TEST(nft_commands_add_insert_delete_by_handle)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	ASSERT(nft("add table ip f") == 0);
	ASSERT(nft("add chain ip f in { type filter hook input priority 0 \\; policy accept \\; }") == 0);
	ASSERT(nft("add rule ip f in tcp dport 1 accept") == 0);	/* handle 2 */
	ASSERT(nft("add rule ip f in tcp dport 3 accept") == 0);	/* handle 3 */
	ASSERT(nft("insert rule ip f in tcp dport 0 accept") == 0);	/* 4, first */
	ASSERT(nft("add rule ip f in position 2 tcp dport 2 accept") == 0);	/* 5, after 2 */
	ASSERT(nft("insert rule ip f in position 3 udp dport 9 drop") == 0);	/* 6, before 3 */
	ASSERT(nft("-a list ruleset") == 0);
	/* Table handles count across tables (as Linux's); the rest is this table's. */
	EXPECT(!strncmp(out, "table ip f { # handle ", 22));
	same_text(strchr(out, '\n') + 1,
		  "\tchain in { # handle 1\n"
		  "\t\ttype filter hook input priority filter; policy accept;\n"
		  "\t\ttcp dport 0 accept # handle 4\n"
		  "\t\ttcp dport 1 accept # handle 2\n"
		  "\t\ttcp dport 2 accept # handle 5\n"
		  "\t\tudp dport 9 drop # handle 6\n"
		  "\t\ttcp dport 3 accept # handle 3\n"
		  "\t}\n"
		  "}\n");
	ASSERT(nft("delete rule ip f in handle 5") == 0);
	ASSERT(nft("list table ip f") == 0);
	EXPECT(!strstr(out, "dport 2 "));
	ASSERT(nft("flush chain ip f in") == 0);
	ASSERT(nft("list table f") == 0);
	EXPECT(!strstr(out, "dport"));
	ASSERT(nft("delete chain ip f in") == 0);
	ASSERT(nft("delete table ip f") == 0);
	EXPECT_EQ_STR(listing(), "");
	nettest_end(&b);
}

/* The shell's path: words as the console splits them, through libc's request builder. */
static int nft_words(const char *line)
{
	static struct nft_req req;
	static char words[1024];
	char *argv[64];
	int argc = 0;

	snprintf(words, sizeof(words), "%s", line);
	for (char *p = strtok(words, " "); p && argc < 64; p = strtok(NULL, " "))
		argv[argc++] = p;
	if (nft_build_request(argc, argv, &req, err, sizeof(err)))
		return -1;
	if (!EXPECT_EQ_UINT(req.n.nlmsg_type, NFT_MSG_SKIFF_CMD) ||
	    !EXPECT(req.n.nlmsg_len == NLMSG_LENGTH(strlen(req.text) + 1)))
		return -1;
	return nft(req.text);
}

UNIT_TEST(nft_shell_words_make_the_same_commands)
{
	struct nettest_baseline b;
	char *bad[] = { "add", "rule", "x\"y" };

	nettest_begin(&b);
	EXPECT_EQ_INT(nft_words("add table inet filter"), 0);
	EXPECT_EQ_INT(nft_words("add chain inet filter input { type filter hook input priority 0 ; "
				"policy accept ; }"), 0);
	EXPECT_EQ_INT(nft_words("add chain inet filter out { type filter hook output priority 0 \\; }"), 0);
	EXPECT_EQ_INT(nft_words("add rule inet filter input tcp dport {22,80} counter drop"), 0);
	EXPECT_EQ_INT(nft_words("add rule inet filter input log prefix \"in:\" accept"), 0);
	ASSERT(nft("list table inet filter") == 0);
	EXPECT(strstr(out, "tcp dport { 22, 80 } counter packets 0 bytes 0 drop") != NULL);
	EXPECT(strstr(out, "log prefix \"in:\" accept") != NULL);
	EXPECT(strstr(out, "chain out {\n\t\ttype filter hook output priority filter; policy accept;") != NULL);
	/* Quotes inside a word cannot be passed on; an empty command is refused. */
	EXPECT_EQ_INT(nft_build_request(3, bad, &(struct nft_req){ 0 }, err, sizeof(err)), -1);
	EXPECT(strstr(err, "x\"y") != NULL);
	EXPECT_EQ_INT(nft_build_request(0, bad, &(struct nft_req){ 0 }, err, sizeof(err)), -1);
	EXPECT_EQ_INT(nft("flush ruleset"), 0);
	nettest_end(&b);
}
