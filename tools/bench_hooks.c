/*
 * The cost of netfilter on the forwarding path, on the host (tools/bench_hooks.sh):
 * UDP datagrams forwarded from one fake Ethernet device to another through
 * the stack's receive, route, forward and output path, CPU time per
 * datagram (median of 9 rounds of ROUNDS datagrams). Built against this
 * tree and against the tree before netfilter (the same nettest helpers), so
 * the empty hooks can be compared with no hooks at all; with NFT_RULES=FILE
 * (this tree only) a ruleset is loaded first.
 */
#include <net/ip.h>
#include <net/arp.h>
#include <net/inetdevice.h>
#include <net/proto/ip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef WITH_NFT
#include <net/netfilter/nf_tables.h>
#endif

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define ROUNDS	200000
#define NSAMPLES 9

static double cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#ifdef WITH_NFT
static void load_rules(const char *path)
{
	static char text[1 << 20], out[4096], err[256];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	if (nft_run(text, out, sizeof(out), err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", path, err);
		exit(1);
	}
}
#endif

UNIT_TEST(forward_cost)
{
	static const u8 wan_mac[6] = { 0x02, 0, 0, 0, 0, 0x22 };
	static const u8 far_mac[6] = { 0x02, 0, 0, 0, 0, 0x77 };
	static u8 frame[256], l4[128];
	double samples[NSAMPLES];
	struct net_device *lan, *wan;
	size_t n;

	nettest_init();
	shim_printk_quiet = true;
	lan = fake_eth_create(nt_mac_us);
	wan = fake_eth_create(wan_mac);
	if (inet_addr_add(lan, NT_IP(10, 0, 0, 2), 24) || inet_addr_add(wan, NT_IP(10, 1, 0, 1), 24) ||
	    neigh_add_permanent(wan, NT_IP(10, 1, 0, 2), far_mac))
		abort();
	ipv4_forward = true;
#ifdef WITH_NFT
	if (getenv("NFT_RULES"))
		load_rules(getenv("NFT_RULES"));
#endif
	n = nt_udp(l4, NT_IP(10, 0, 0, 1), NT_IP(10, 1, 0, 2), 4000, 5000, "0123456789abcdef", 16, true);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, NT_IP(10, 0, 0, 1), NT_IP(10, 1, 0, 2),
			IPPROTO_UDP, 1, 0, 64, l4, n);
	for (int s = -1; s < NSAMPLES; s++) {
		double t0 = cpu_ns();

		for (int i = 0; i < ROUNDS; i++) {
			nettest_inject(lan, frame, n);
			consume_skb(fake_eth_pop(wan));
		}
		if (s >= 0)	/* round -1 warms the caches and makes the connection */
			samples[s] = (cpu_ns() - t0) / ROUNDS;
	}
	qsort(samples, NSAMPLES, sizeof(samples[0]), cmp_double);
	printf("ns/datagram %.1f (min %.1f, max %.1f)\n", samples[NSAMPLES / 2], samples[0],
	       samples[NSAMPLES - 1]);
	EXPECT(fake_eth_txlen(wan) == 0);
}
