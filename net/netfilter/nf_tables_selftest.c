/*
 * In-kernel self-tests of netfilter (cmdline `selftest`): a ruleset on the
 * real hooks, seen by an ICMP echo socket over loopback - a drop and its
 * counter, conntrack labelling the echo and its reply, and the hooks empty
 * again once the ruleset is flushed.
 */
#include <kernel/selftest.h>
#include <kernel/net.h>
#include <net/netfilter/nf_tables.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/byteorder.h>
#include <net/icmp.h>
#include <netinet/in.h>
#include <sys/time.h>
#include <string.h>

static char st_out[4096], st_err[160];

static int st_nft(const char *text)
{
	return nft_run(text, st_out, sizeof(st_out), st_err, sizeof(st_err));
}

/* count echo requests to 127.0.0.1 from a ping socket: how many replies came back. */
static unsigned int ping_lo(unsigned int count)
{
	struct sockaddr_in lo = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	struct timeval tv = { .tv_usec = 300000 };
	u8 req[ICMP_HLEN + 56], rep[ICMP_HLEN + 57];
	struct icmphdr *h = (struct icmphdr *)req;
	unsigned int got = 0;
	struct socket *sock;

	if (sock_create_kern(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &sock))
		return 0;
	kernel_setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(req, 0, sizeof(req));
	h->type = ICMP_ECHO;
	for (unsigned int i = 0; i < count; i++) {
		struct msghdr m = { .msg_name = &lo, .msg_namelen = sizeof(lo) };
		struct kvec v = { req, sizeof(req) };
		struct msghdr r = { 0 };
		struct kvec rv = { rep, sizeof(rep) };

		h->un.echo.sequence = htons((u16)(i + 1));
		if (kernel_sendmsg(sock, &m, &v, 1, sizeof(req)) == (int)sizeof(req) &&
		    kernel_recvmsg(sock, &r, &rv, 1, sizeof(rep), 0) == (int)sizeof(req))
			got++;
	}
	sock_release(sock);
	return got;
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
