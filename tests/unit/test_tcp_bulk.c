/*
 * test_tcp_bulk.c - TCP moving bulk data to itself over loopback (MTU
 * 1500) through a netem qdisc on lo (net/sched/sch_netem.c, attached with
 * tc's words as the shell does): loss, reordering behind a 10 ms delay,
 * duplication and corruption. Random write and read sizes; the bytes must
 * arrive identical and every pool must return to its baseline.
 */
/* links: net */
#include <kernel/net.h>
#include <kernel/timer.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/netdevice.h>
#include <net/pkt_sched.h>
#include <linux/pkt_sched.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "nettest/nettest.h"

#define LO	NT_IP(127, 0, 0, 1)
#define PORT	5001

struct impair {
	unsigned int loss, reorder, dup, corrupt;	/* per mille */
	unsigned int mtu;				/* lo's MTU; 0: 1500 */
	u32 offloads_off;				/* NETIF_F_* switched off on lo */
	bool loss_over_runs;	/* the loss is checked over several runs, not each */
};

static bool impaired;
static u64 bulk_elapsed_ms;		/* simulated time of the last transfer */
static u64 bulk_lost;			/* what netem lost in it */

/* " WORD P%" for a per-mille chance, nothing for 0. */
static size_t netem_word(char *buf, size_t len, const char *word, unsigned int per_mille)
{
	if (!per_mille)
		return 0;
	return (size_t)snprintf(buf, len, " %s %u.%u%%", word, per_mille / 10, per_mille % 10);
}

/* netem on lo's transmit side; reordering needs a delay to go ahead of (10 ms, as before). */
static void impair_start(const struct impair *im)
{
	char cmd[256];
	size_t n;

	loopback_dev->mtu = im->mtu ? im->mtu : 1500;
	loopback_dev->wanted_features &= ~im->offloads_off;
	netdev_update_features(loopback_dev);
	impaired = im->loss || im->reorder || im->dup || im->corrupt;
	if (!impaired)
		return;
	n = (size_t)snprintf(cmd, sizeof(cmd), "qdisc add dev lo root netem%s seed %u",
			     im->reorder ? " delay 10ms" : "", unit_rand());
	n += netem_word(cmd + n, sizeof(cmd) - n, "loss", im->loss);
	n += netem_word(cmd + n, sizeof(cmd) - n, "reorder", im->reorder);
	n += netem_word(cmd + n, sizeof(cmd) - n, "duplicate", im->dup);
	netem_word(cmd + n, sizeof(cmd) - n, "corrupt", im->corrupt);
	EXPECT_EQ_INT(nettest_tc(cmd), 0);
}

/* What netem did on lo (zeros when it is not there). */
static struct tc_netem_xstats impair_counts(void)
{
	struct tc_netem_xstats st = { 0 };
	struct gnet_dump d = { 0 };
	struct Qdisc *q = loopback_dev->qdisc;

	if (q && q->ops->dump_stats) {
		q->ops->dump_stats(q, &d);
		memcpy(&st, d.xstats, sizeof(st));
	}
	return st;
}

static void impair_stop(void)
{
	if (impaired)
		EXPECT_EQ_INT(nettest_tc("qdisc del dev lo root"), 0);
	impaired = false;
	loopback_dev->mtu = 65536;
	loopback_dev->wanted_features = loopback_dev->hw_features;
	netdev_update_features(loopback_dev);
}

/*
 * A tap on lo counting the TSO skbs the driver is handed whole: lo
 * takes them while it has NETIF_F_TSO; without it validate_xmit_skb
 * cuts them before any tap or driver sees them.
 */
static u64 tso_frames;

static int tso_tap_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt)
{
	if (skb->pkt_type == PACKET_OUTGOING && skb_is_gso(skb))
		tso_frames++;
	consume_skb(skb);
	return 0;
}

static struct packet_type tso_tap = {
	.type = __constant_htons(ETH_P_ALL),
	.func = tso_tap_rcv,
};

static long sock_write(struct socket *s, const u8 *p, size_t n)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec v = { (void *)p, n };

	return kernel_sendmsg(s, &msg, &v, 1, n);
}

static long sock_read(struct socket *s, u8 *p, size_t n)
{
	struct msghdr msg = { 0 };
	struct kvec v = { p, n };

	return kernel_recvmsg(s, &msg, &v, 1, n, MSG_DONTWAIT);
}

/*
 * Move total bytes from a client to a server socket over lo under im.
 * Returns false (with EXPECT failures) if the transfer stalled or differed.
 */
static bool bulk_transfer(size_t total, const struct impair *im, const char *cc)
{
	u8 *tx = malloc(total), *rx = malloc(total);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(PORT),
				   .sin_addr.s_addr = LO };
	struct socket *lsock = NULL, *csock = NULL, *ssock = NULL;
	struct nettest_baseline b;
	struct tc_netem_xstats counts;
	struct skb_stats s0, s1;
	u64 segs0 = tcp_mib[TCP_MIB_OUTSEGS], segs;
	size_t sent = 0, got = 0;
	u64 idle = 0, start = shim_now_ms();
	bool ok = true;
	int one = 1;

	nettest_begin(&b);
	skb_get_stats(&s0);
	for (size_t i = 0; i < total; i++)
		tx[i] = (u8)unit_rand();
	impair_start(im);
	tso_frames = 0;
	tso_tap.dev = loopback_dev;
	dev_add_pack(&tso_tap);
	ok &= EXPECT_EQ_INT(sock_create_kern(AF_INET, SOCK_STREAM, 0, &lsock), 0);
	ok &= EXPECT_EQ_INT(sock_create_kern(AF_INET, SOCK_STREAM, 0, &csock), 0);
	if (!ok)
		goto out;
	kernel_setsockopt(lsock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ok &= EXPECT_EQ_INT(kernel_bind(lsock, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ok &= EXPECT_EQ_INT(kernel_listen(lsock, 8), 0);
	if (cc)
		kernel_setsockopt(csock, IPPROTO_TCP, TCP_CONGESTION, (void *)cc,
				  (unsigned int)strlen(cc));
	kernel_connect(csock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	while (ok && got < total) {
		long r;
		bool progress = false;

		shim_run_softirqs();
		if (!ssock && !kernel_accept(lsock, &ssock, O_NONBLOCK))
			progress = true;
		if (sent < total && csock->sk->sk_state == TCP_ESTABLISHED) {
			size_t want = 1 + unit_rand() % 65536;	/* min() evaluates twice */
			size_t n = min(total - sent, want);

			r = sock_write(csock, tx + sent, n);
			if (r > 0) {
				sent += (size_t)r;
				progress = true;
			}
		}
		if (ssock) {
			size_t want = 1 + unit_rand() % 65536;
			size_t n = min(total - got, want);

			r = sock_read(ssock, rx + got, n);
			if (r > 0) {
				got += (size_t)r;
				progress = true;
			}
			if (r == 0)
				break;
		}
		if (!progress) {
			shim_advance_ms(1 + unit_rand() % 10);
			if (++idle > 2000000)
				break;
		}
	}
	ok &= EXPECT_EQ_UINT(got, total);
	ok &= EXPECT(!memcmp(tx, rx, got));
	if (!ok || getenv("TCP_BULK_VERBOSE")) {
		printf("# stalled: sent %zu got %zu client state %d err %d\n", sent, got,
		       csock->sk->sk_state, csock->sk->sk_err);
		for (int i = 0; i < TCP_MIB_MAX; i++)
			if (tcp_mib[i])
				printf("#   %s=%llu\n", tcp_mib_names[i],
				       (unsigned long long)tcp_mib[i]);
	}
	counts = impair_counts();
	bulk_elapsed_ms = shim_now_ms() - start;
	bulk_lost = counts.lost;
	printf("# %zu bytes in %llu simulated ms: lost %llu reordered %llu dup %llu corrupt %llu\n",
	       total, (unsigned long long)(shim_now_ms() - start),
	       (unsigned long long)counts.lost, (unsigned long long)counts.reordered,
	       (unsigned long long)counts.duplicated, (unsigned long long)counts.corrupted);
	/* Each impairment asked for was injected, and counted by netem. */
	ok &= EXPECT(!im->loss || im->loss_over_runs || counts.lost > 0);
	ok &= EXPECT(!im->reorder || counts.reordered > 0);
	ok &= EXPECT(!im->dup || counts.duplicated > 0);
	ok &= EXPECT(!im->corrupt || counts.corrupted > 0);
	/*
	 * Each transmission is a clone of the queued skb pushing its headers
	 * into the headroom TCP released (fast clone, header release): no
	 * copy of the segment, only retransmissions while the previous copy
	 * is still held (pskb_copy) and netem's own copies (duplicates, corruption).
	 */
	skb_get_stats(&s1);
	segs = tcp_mib[TCP_MIB_OUTSEGS] - segs0;
	printf("# skb: %llu segments out, %llu clones (%llu fast), %llu copies, %llu heads expanded\n",
	       (unsigned long long)segs, (unsigned long long)(s1.clones - s0.clones),
	       (unsigned long long)(s1.fclones - s0.fclones),
	       (unsigned long long)(s1.copies - s0.copies),
	       (unsigned long long)(s1.expands - s0.expands));
	/*
	 * TCP sends bursts of MSS segments as one GSO skb where lo's MTU is
	 * below 64 KiB; lo takes them whole only while it has TSO.
	 */
	printf("# offloads off 0x%x: %llu TSO skbs reached lo whole\n", im->offloads_off,
	       (unsigned long long)tso_frames);
	if ((im->offloads_off & (NETIF_F_TSO | NETIF_F_SG | NETIF_F_HW_CSUM)) || im->mtu > 1500)
		ok &= EXPECT_EQ_UINT(tso_frames, 0);
	else
		ok &= EXPECT(tso_frames > 0);
	ok &= EXPECT_MSG(s1.expands - s0.expands <= segs / 100,
			 "%llu of %llu segments copied their head on transmit",
			 (unsigned long long)(s1.expands - s0.expands),
			 (unsigned long long)segs);
out:
	/* Orderly close from both ends, with the impairments still on. */
	if (csock)
		sock_release(csock);
	if (ssock) {
		for (int i = 0; i < 1000 && ssock->sk->sk_state == TCP_ESTABLISHED; i++)
			shim_advance_ms(10);
		sock_release(ssock);
	}
	if (lsock)
		sock_release(lsock);
	shim_advance_ms(30 * 60 * 1000);	/* FIN retries, TIME-WAIT */
	impair_stop();
	dev_remove_pack(&tso_tap);
	ok &= EXPECT_EQ_UINT(tcp_sock_count(), 0);
	ok &= EXPECT_EQ_UINT(tcp_tw_count(), 0);
	/* Every byte tcp_mem was charged, paged and GSO skbs, cut and trimmed ones too, given back. */
	ok &= EXPECT_EQ_INT(tcp_memory_allocated, 0);
	ok &= nettest_end(&b);
	free(tx);
	free(rx);
	return ok;
}

UNIT_TEST(tcp_bulk_clean_20mb)
{
	struct impair im = { 0 };

	bulk_transfer(20 << 20, &im, NULL);
}

/* lo's own MTU (65536): segments of 64 KiB, IP's limit. */
UNIT_TEST(tcp_bulk_clean_lo_mtu_20mb)
{
	struct impair im = { .mtu = 65536 };

	bulk_transfer(20 << 20, &im, NULL);
}

/* lo without TSO: TCP's GSO skbs are cut in software (validate_xmit_skb) before lo. */
UNIT_TEST(tcp_bulk_gso_software_20mb)
{
	struct impair im = { .offloads_off = NETIF_F_TSO };

	bulk_transfer(20 << 20, &im, NULL);
}

/* Every offload off (what offload=off does): linear skbs, checksums in TCP. */
UNIT_TEST(tcp_bulk_offloads_off_20mb)
{
	struct impair im = { .offloads_off = NETIF_F_ETHTOOL_MASK };

	bulk_transfer(20 << 20, &im, NULL);
}

/* Loss with the segments cut in software, and with nothing offloaded. */
UNIT_TEST(tcp_bulk_loss_5pct_gso_software)
{
	struct impair im = { .loss = 50, .offloads_off = NETIF_F_TSO };

	bulk_transfer(4 << 20, &im, NULL);
}

UNIT_TEST(tcp_bulk_loss_5pct_offloads_off)
{
	struct impair im = { .loss = 50, .offloads_off = NETIF_F_ETHTOOL_MASK };

	bulk_transfer(4 << 20, &im, NULL);
}

UNIT_TEST(tcp_bulk_loss_5pct)
{
	struct impair im = { .loss = 50 };

	bulk_transfer(4 << 20, &im, NULL);
}

UNIT_TEST(tcp_bulk_reorder_25pct)
{
	struct impair im = { .reorder = 250 };

	bulk_transfer(4 << 20, &im, NULL);
}

UNIT_TEST(tcp_bulk_dup_5pct)
{
	struct impair im = { .dup = 50 };

	bulk_transfer(4 << 20, &im, NULL);
}

UNIT_TEST(tcp_bulk_corrupt_1pct)
{
	struct impair im = { .corrupt = 10 };

	bulk_transfer(4 << 20, &im, NULL);
}

UNIT_TEST(tcp_bulk_all_impairments_reno)
{
	struct impair im = { .loss = 20, .reorder = 100, .dup = 20, .corrupt = 10 };

	bulk_transfer(2 << 20, &im, "reno");
}

/* Every impairment on single segments: with the offloads off netem sees no GSO skbs. */
UNIT_TEST(tcp_bulk_all_impairments_offloads_off)
{
	struct impair im = { .loss = 20, .reorder = 100, .dup = 20, .corrupt = 10,
			     .offloads_off = NETIF_F_ETHTOOL_MASK };

	bulk_transfer(2 << 20, &im, NULL);
}

UNIT_TEST(tcp_bulk_loss_20pct_1mb)
{
	struct impair im = { .loss = 200 };

	bulk_transfer(1 << 20, &im, NULL);
}

/*
 * Loss recovery speed, in simulated time: 1 MB at 1%, 5% and 10% loss,
 * five seeds each (a seed is how many unit_rand() values are skipped
 * first). The medians are printed; docs/testing.md records them before
 * and after RACK-TLP, PRR and F-RTO.
 */
static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * At 1% one run may lose nothing: 1 MB is a few hundred packets to netem,
 * a GSO skb on lo counting once. The five runs together must lose some.
 */
static void bulk_loss_seeds(unsigned int per_mille)
{
	u64 t[5], lost = 0;

	for (unsigned int seed = 0; seed < 5; seed++) {
		struct impair im = { .loss = per_mille, .loss_over_runs = true };

		for (unsigned int i = 0; i < seed * 1000; i++)
			unit_rand();
		if (!bulk_transfer(1 << 20, &im, NULL))
			return;
		t[seed] = bulk_elapsed_ms;
		lost += bulk_lost;
	}
	EXPECT(lost > 0);
	qsort(t, 5, sizeof(t[0]), cmp_u64);
	printf("# loss %u.%u%%: 1 MB in %llu %llu %llu %llu %llu simulated ms, median %llu\n",
	       per_mille / 10, per_mille % 10, (unsigned long long)t[0],
	       (unsigned long long)t[1], (unsigned long long)t[2],
	       (unsigned long long)t[3], (unsigned long long)t[4],
	       (unsigned long long)t[2]);
}

UNIT_TEST(tcp_bulk_loss_1pct_seeds)
{
	bulk_loss_seeds(10);
}

UNIT_TEST(tcp_bulk_loss_5pct_seeds)
{
	bulk_loss_seeds(50);
}

UNIT_TEST(tcp_bulk_loss_10pct_seeds)
{
	bulk_loss_seeds(100);
}
