/*
 * test_pcap_filter.c - the filter compiler (libc/user/pcap_filter.c,
 * pcap_gen.c) and the interpreter (net/core/bpf.c) against tcpdump:
 * for each expression of tests/unit/bpf/golden.txt, tcpdump's own
 * program and the compiler's must both pass the checker and select,
 * from frames.pcap, exactly the frames tcpdump selected
 * (tests/unit/bpf/mkgolden.sh made the file with tcpdump -dd and -r).
 * Then malformed expressions, each refused with the word at fault named.
 */
/* links: libc/user/pcap_filter.c libc/user/pcap_gen.c net/core/bpf.c tests/unit/bpf/frames.c */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/filter.h>
#include <skiff/capture.h>

#include "frames.h"
#include "unit.h"

#define BPF_DIR		"tests/unit/bpf/"
#define MAX_EXPRS	64
#define MAX_INSNS	256

struct golden {
	char expr[128];
	struct sock_filter insns[MAX_INSNS];	/* tcpdump -dd */
	unsigned int len;
	bool match[FRAMES_MAX];			/* tcpdump -r selected it */
};

static struct frame frames[FRAMES_MAX];
static unsigned int nframes;
static struct golden golden[MAX_EXPRS];
static unsigned int ngolden;

static bool load_frames(void)
{
	int n = frames_load(FRAMES_PCAP, frames, FRAMES_MAX);

	nframes = n > 0 ? (unsigned int)n : 0;
	return n > 0;
}

/* "expr E", then "insn CODE JT JF K" lines, then "match N N ..." (from 1). */
static bool load_golden(void)
{
	FILE *f = fopen(BPF_DIR "golden.txt", "r");
	char line[512];
	struct golden *g = NULL;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		unsigned int code, jt, jf, k;

		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "expr ", 5) && ngolden < MAX_EXPRS) {
			g = &golden[ngolden++];
			snprintf(g->expr, sizeof(g->expr), "%.127s", line + 5);
		} else if (g && sscanf(line, "insn %x %u %u %x", &code, &jt, &jf, &k) == 4 &&
			   g->len < MAX_INSNS) {
			g->insns[g->len++] = (struct sock_filter){ (uint16_t)code, (uint8_t)jt,
								   (uint8_t)jf, k };
		} else if (g && !strncmp(line, "match", 5)) {
			for (char *p = line + 5, *end; *p; p = end) {
				unsigned long n = strtoul(p, &end, 10);

				if (end == p)
					break;
				if (n >= 1 && n <= FRAMES_MAX)
					g->match[n - 1] = true;
			}
		}
	}
	fclose(f);
	return ngolden > 0;
}

static bool load(void)
{
	static int loaded;

	if (!loaded)
		loaded = load_frames() && load_golden() ? 1 : -1;
	return loaded > 0;
}

/* tcpdump's programs for Ethernet read no ancillary data (frame_packet has none). */
static bool verdict(const struct sock_filter *insns, unsigned int len,
		    const struct frame *fr)
{
	struct frame_packet fp;

	frame_packet_init(&fp, fr);
	return bpf_run_classic(insns, len, &fp.pkt) != 0;
}

/* Frames where the program disagrees with tcpdump, as "3 17" (empty: none). */
static void disagreements(const struct golden *g, const struct sock_filter *insns,
			  unsigned int len, char *out, size_t outlen)
{
	size_t used = 0;

	out[0] = '\0';
	for (unsigned int i = 0; i < nframes && used < outlen; i++)
		if (verdict(insns, len, &frames[i]) != g->match[i])
			used += (size_t)snprintf(out + used, outlen - used, " %u", i + 1);
}

UNIT_TEST(golden_data_is_there_and_can_fail)
{
	ASSERT(load());
	EXPECT(nframes >= 30);
	EXPECT(ngolden >= 12);
	for (unsigned int i = 0; i < ngolden; i++) {
		unsigned int hits = 0;

		for (unsigned int j = 0; j < nframes; j++)
			hits += golden[i].match[j];
		/* Each expression splits the frames: a program could get it wrong. */
		EXPECT_MSG(hits > 0 && hits < nframes, "'%s' selects %u of %u frames",
			   golden[i].expr, hits, nframes);
		EXPECT_MSG(golden[i].len > 1, "'%s': no tcpdump program", golden[i].expr);
	}
}

UNIT_TEST(tcpdump_programs_pass_the_checker_and_select_as_tcpdump)
{
	char bad[256];

	ASSERT(load());
	for (unsigned int i = 0; i < ngolden; i++) {
		const struct golden *g = &golden[i];

		EXPECT_MSG(bpf_check_classic(g->insns, g->len) == 0,
			   "tcpdump's program for '%s' refused", g->expr);
		disagreements(g, g->insns, g->len, bad, sizeof(bad));
		EXPECT_MSG(!bad[0], "'%s' (tcpdump's program): frames%s differ", g->expr, bad);
	}
}

UNIT_TEST(compiled_programs_select_as_tcpdump)
{
	struct capture_filter f;
	char err[160], bad[256];

	ASSERT(load());
	for (unsigned int i = 0; i < ngolden; i++) {
		const struct golden *g = &golden[i];

		unit_seed("pcap_filter", g->expr, strlen(g->expr));
		if (!EXPECT_MSG(capture_filter_compile(g->expr, 262144, &f, err, sizeof(err)) == 0,
				"'%s': %s", g->expr, err))
			continue;
		EXPECT_MSG(bpf_check_classic(f.insns, f.len) == 0, "'%s' refused", g->expr);
		disagreements(g, f.insns, f.len, bad, sizeof(bad));
		EXPECT_MSG(!bad[0], "'%s' (compiled, %u insns): frames%s differ",
			   g->expr, f.len, bad);
	}
}

UNIT_TEST(empty_expression_keeps_everything)
{
	struct capture_filter f;
	char err[64];

	EXPECT_EQ_INT(capture_filter_compile("", 96, &f, err, sizeof(err)), 0);
	EXPECT_EQ_UINT(f.len, 1);
	EXPECT_EQ_UINT(f.insns[0].code, BPF_RET | BPF_K);
	EXPECT_EQ_UINT(f.insns[0].k, 96);
	EXPECT_EQ_INT(capture_filter_compile(" \t ", 96, &f, err, sizeof(err)), 0);
	EXPECT_EQ_INT(capture_filter_compile(NULL, 96, &f, err, sizeof(err)), 0);
	/* The snap length is what a match returns. */
	EXPECT_EQ_INT(capture_filter_compile("arp", 1500, &f, err, sizeof(err)), 0);
	EXPECT_EQ_UINT(f.insns[f.len - 2].k, 1500);
	EXPECT_EQ_UINT(f.insns[f.len - 1].k, 0);
}

UNIT_TEST(malformed_expressions_name_the_word)
{
	static const struct {
		const char *expr, *says;
	} bad[] = {
		{ "tcp port", "'port' needs a value, found 'end of expression'" },
		{ "host 10.0.0.256", "'10.0.0.256' is not an IPv4 address" },
		{ "port 70000", "'70000' is not a port number" },
		{ "port http", "expected a port number, found 'http'" },
		{ "(tcp or udp", "expected ')', found 'end of expression'" },
		{ "tcp)", "unexpected ')' after a complete expression" },
		{ "tcp udp", "unexpected 'udp' after a complete expression" },
		{ "tcp 80", "'tcp' cannot qualify 'host'" },
		{ "foo", "'foo' is not a filter keyword" },
		{ "10.0.0.1", "expected a primitive (such as 'host'), found '10.0.0.1'" },
		{ "tcp and", "expected a primitive (such as 'host'), found 'end of expression'" },
		{ "udp && || tcp", "found '||'" },
		{ "tcp host 10.0.0.1", "'tcp' cannot qualify 'host'" },
		{ "arp port 80", "'arp' cannot qualify 'port'" },
		{ "net 10.0.0.1/24", "non-network bits" },
		{ "net 10.0.0.0/33", "'10.0.0.0/33' has no prefix length 0..32" },
		{ "ether host 52:54:00:12:34", "'52:54:00:12:34' is not an Ethernet address" },
		{ "ether host 52:54:00:12:34:5g", "is not an Ethernet address" },
		{ "ether proto 1000", "ether proto 1000 is an 802.3 length" },
		{ "ip proto 256", "'256' is not a protocol number" },
		{ "ether", "'ether' alone is not a primitive" },
		{ "tcp $", "unexpected character '$'" },
		{ "less", "expected a length, found 'end of expression'" },
		{ "not", "found 'end of expression'" },
		{ "()", "found ')'" },
	};
	struct capture_filter f;
	char err[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		unit_seed("pcap_filter", bad[i].expr, strlen(bad[i].expr));
		EXPECT_MSG(capture_filter_compile(bad[i].expr, 65535, &f, err, sizeof(err)) == -1,
			   "'%s' compiled", bad[i].expr);
		EXPECT_MSG(strstr(err, bad[i].says) != NULL, "'%s': said \"%s\", not \"%s\"",
			   bad[i].expr, err, bad[i].says);
	}
}

UNIT_TEST(too_long_an_expression_is_refused)
{
	char expr[8192] = "host 10.0.0.1";
	struct capture_filter f;
	char err[160];
	int r = 0;

	/* Each host adds a dozen instructions: the jumps outgrow 8 bits. */
	for (int i = 2; i < 400 && r == 0; i++) {
		snprintf(expr + strlen(expr), sizeof(expr) - strlen(expr), " or 10.0.%d.%d",
			 i / 250, i % 250);
		r = capture_filter_compile(expr, 65535, &f, err, sizeof(err));
		if (r == 0)
			EXPECT_EQ_INT(bpf_check_classic(f.insns, f.len), 0);
	}
	EXPECT_EQ_INT(r, -1);
	EXPECT_MSG(strstr(err, "expression too long") != NULL, "said \"%s\"", err);
}

/* Random words from the grammar: whatever compiles passes the checker. */
UNIT_TEST(random_expressions_compile_or_are_refused)
{
	static const char *const words[] = {
		"tcp", "udp", "icmp", "arp", "ip", "ip6", "ether", "host", "net", "port",
		"src", "dst", "and", "or", "not", "(", ")", "!", "&&", "||", "10.0.0.1",
		"80", "10.0.0.0/8", "52:54:00:12:34:56", "proto", "17", "less", "greater",
		"mask", "255.0.0.0", "0x800", "rarp", "sctp", "x",
	};
	const size_t nw = sizeof(words) / sizeof(words[0]);
	struct capture_filter f;
	unsigned int compiled = 0;
	char expr[512], err[160];

	for (int i = 0; i < 3000; i++) {
		size_t used = 0;
		int n = 1 + (int)(unit_rand() % 12);

		expr[0] = '\0';
		for (int w = 0; w < n; w++)
			used += (size_t)snprintf(expr + used, sizeof(expr) - used, "%s ",
						 words[unit_rand() % nw]);
		unit_seed("pcap_filter", expr, strlen(expr));
		if (capture_filter_compile(expr, 65535, &f, err, sizeof(err)) == 0) {
			compiled++;
			if (!EXPECT_MSG(bpf_check_classic(f.insns, f.len) == 0, "'%s'", expr))
				break;
		} else if (!EXPECT_MSG(err[0] != '\0', "'%s' refused without a reason", expr)) {
			break;
		}
	}
	EXPECT(compiled > 50);
}
