/* test_netem.c - net/sched/sch_netem.c: each impairment injected, counted and replayable, on transmit and receive. */
/* links: net */
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/pkt_sched.h>
#include <linux/pkt_sched.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>

#include "unit.h"
#include "nettest/nettest.h"

#define ETH_P_NETEM 0x88b6	/* IEEE 802 local experimental EtherType */
#define FRAME_LEN 64

static struct sk_buff_head rxq;

static int netem_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt)
{
	skb_queue_tail(&rxq, skb);
	return NET_RX_SUCCESS;
}

static struct packet_type netem_ptype = {
	.type = __constant_htons(ETH_P_NETEM),
	.func = netem_rcv,
};

/* A fake Ethernet device, with our receive handler registered once. */
static struct net_device *setup(struct nettest_baseline *b)
{
	static bool done;

	if (!done) {
		nettest_init();
		skb_queue_head_init(&rxq);
		dev_add_pack(&netem_ptype);
		done = true;
	}
	nettest_begin(b);
	return fake_eth_create(nt_mac_us);
}

static void teardown(struct net_device *dev, struct nettest_baseline *b)
{
	skb_queue_purge(&rxq);
	fake_eth_destroy(dev);
	nettest_end(b);
}

/* "tc qdisc VERB dev DEV WHAT": 0 or the kernel's -errno. */
static int tc(struct net_device *dev, const char *verb, const char *what)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "qdisc %s dev %s %s", verb, dev->name, what);
	return nettest_tc(cmd);
}

/* A frame of our EtherType whose payload is the byte n repeated. */
static size_t frame(u8 *buf, u8 n)
{
	size_t len = nt_eth(buf, nt_mac_us, nt_mac_peer, ETH_P_NETEM);

	memset(buf + len, n, FRAME_LEN - len);
	return FRAME_LEN;
}

static int xmit(struct net_device *dev, u8 n)
{
	struct sk_buff *skb = alloc_skb(FRAME_LEN);

	frame(skb_put(skb, FRAME_LEN), n);
	skb->dev = dev;
	return dev_queue_xmit(skb);
}

static void inject(struct net_device *dev, u8 n)
{
	u8 buf[FRAME_LEN];

	nettest_inject(dev, buf, frame(buf, n));
}

/* The tag of the next frame the driver was given, -1 if none; frees it. */
static int next_tx(struct net_device *dev)
{
	struct sk_buff *skb = fake_eth_pop(dev);
	int n;

	if (!skb)
		return -1;
	n = skb->data[ETH_HLEN];
	kfree_skb(skb);
	return n;
}

/* The tag of the next frame delivered up the stack, -1 if none; frees it. */
static int next_rx(void)
{
	struct sk_buff *skb = skb_dequeue(&rxq);
	int n;

	if (!skb)
		return -1;
	n = skb->data[0];
	kfree_skb(skb);
	return n;
}

static struct tc_netem_xstats xstats(struct Qdisc *sch)
{
	struct tc_netem_xstats st = { 0 };
	struct gnet_dump d = { 0 };

	if (EXPECT(sch && sch->ops == &netem_qdisc_ops)) {
		sch->ops->dump_stats(sch, &d);
		memcpy(&st, d.xstats, sizeof(st));
	}
	return st;
}

UNIT_TEST(netem_loss_drops_counts_and_tells_the_sender_it_went)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);
	u64 reason = skb_drop_reason_count(SKB_DROP_REASON_NETEM);
	u64 mib = netem_mib[NETEM_MIB_LOST];
	int lost;

	ASSERT(tc(dev, "add", "root netem loss 100%") == 0);
	for (int i = 0; i < 10; i++)
		EXPECT_EQ_INT(xmit(dev, (u8)i), NET_XMIT_SUCCESS);
	EXPECT_EQ_INT(next_tx(dev), -1);
	EXPECT_EQ_UINT(xstats(dev->qdisc).lost, 10);
	EXPECT_EQ_UINT(dev->qdisc->qstats.drops, 10);
	EXPECT_EQ_UINT(netem_mib[NETEM_MIB_LOST] - mib, 10);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_NETEM) - reason, 10);
	EXPECT_EQ_UINT(dev->stats.tx_packets, 0);

	/* 30% of 3000, within a few standard deviations (25); a change keeps the counters. */
	ASSERT(tc(dev, "replace", "root netem loss 30% seed 9") == 0);
	for (int i = 0; i < 3000; i++)
		xmit(dev, (u8)i);
	lost = (int)xstats(dev->qdisc).lost - 10;
	EXPECT_MSG(lost > 800 && lost < 1000, "lost %d of 3000", lost);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 3000 - lost);
	EXPECT_EQ_UINT(dev->qdisc->bstats.packets, 3000 - lost);
	fake_eth_purge(dev);
	teardown(dev, &b);
}

UNIT_TEST(netem_duplicate_sends_each_frame_twice_never_thrice)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);

	ASSERT(tc(dev, "add", "root netem duplicate 100%") == 0);
	EXPECT_EQ_INT(xmit(dev, 1), NET_XMIT_SUCCESS);
	EXPECT_EQ_INT(xmit(dev, 2), NET_XMIT_SUCCESS);
	EXPECT_EQ_INT(next_tx(dev), 1);
	EXPECT_EQ_INT(next_tx(dev), 1);
	EXPECT_EQ_INT(next_tx(dev), 2);
	EXPECT_EQ_INT(next_tx(dev), 2);
	EXPECT_EQ_INT(next_tx(dev), -1);
	EXPECT_EQ_UINT(xstats(dev->qdisc).duplicated, 2);
	EXPECT_EQ_UINT(dev->qdisc->bstats.packets, 4);
	teardown(dev, &b);
}

UNIT_TEST(netem_delay_holds_frames_until_due_then_the_watchdog_sends_them)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);

	ASSERT(tc(dev, "add", "root netem delay 20ms") == 0);
	for (int i = 1; i <= 3; i++)
		xmit(dev, (u8)i);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	EXPECT_EQ_UINT(qdisc_qlen(dev->qdisc), 3);
	shim_advance_ms(19);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	shim_advance_ms(2);
	EXPECT_EQ_INT(next_tx(dev), 1);
	EXPECT_EQ_INT(next_tx(dev), 2);
	EXPECT_EQ_INT(next_tx(dev), 3);
	EXPECT_EQ_UINT(xstats(dev->qdisc).delayed, 3);
	EXPECT_EQ_UINT(qdisc_qlen(dev->qdisc), 0);
	teardown(dev, &b);
}

UNIT_TEST(netem_jitter_sends_in_time_order_within_the_spread)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);
	u64 start = shim_now_ms(), last = 0;
	int got = 0, out_of_order = 0, prev = -1;

	ASSERT(tc(dev, "add", "root netem delay 50ms 40ms seed 3") == 0);
	for (int i = 0; i < 100; i++)
		xmit(dev, (u8)i);
	/* Nothing before 10 ms, everything by 90 ms. */
	shim_advance_ms(9);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	for (int ms = 9; ms <= 91; ms++) {
		int t;

		while ((t = next_tx(dev)) >= 0) {
			got++;
			out_of_order += t < prev;
			prev = t;
			last = shim_now_ms() - start;
		}
		shim_advance_ms(1);
	}
	EXPECT_EQ_INT(got, 100);
	EXPECT_MSG(last <= 91, "the last frame left after %llu ms", (unsigned long long)last);
	/* Sent together, sent in a shuffled order: jitter reorders. */
	EXPECT_MSG(out_of_order > 20, "only %d frames overtaken", out_of_order);
	teardown(dev, &b);
}

UNIT_TEST(netem_reorder_sends_some_ahead_of_the_delayed)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);
	int early = 0;

	ASSERT(tc(dev, "add", "root netem delay 10ms reorder 25% seed 5") == 0);
	for (int i = 0; i < 400; i++)
		xmit(dev, (u8)i);
	early = (int)fake_eth_txlen(dev);
	EXPECT_MSG(early > 70 && early < 130, "%d of 400 went ahead", early);
	EXPECT_EQ_UINT(xstats(dev->qdisc).reordered, early);
	EXPECT_EQ_UINT(xstats(dev->qdisc).delayed, 400 - early);
	fake_eth_purge(dev);
	shim_advance_ms(11);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 400 - early);
	fake_eth_purge(dev);

	/* gap 5: the 5th, 10th, ... may go ahead; at 100% they all do. */
	ASSERT(tc(dev, "replace", "root netem delay 10ms reorder 100% gap 5") == 0);
	for (int i = 1; i <= 10; i++)
		xmit(dev, (u8)i);
	EXPECT_EQ_INT(next_tx(dev), 5);
	EXPECT_EQ_INT(next_tx(dev), 10);
	EXPECT_EQ_INT(next_tx(dev), -1);
	shim_advance_ms(11);
	for (int i = 1; i <= 9; i++)
		if (i != 5 && !EXPECT_EQ_INT(next_tx(dev), i))
			break;
	teardown(dev, &b);
}

UNIT_TEST(netem_corrupt_flips_one_bit_of_a_private_copy)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);
	struct sk_buff *orig, *skb;
	u8 want[FRAME_LEN];
	int bits = 0;

	ASSERT(tc(dev, "add", "root netem corrupt 100%") == 0);
	frame(want, 9);
	orig = alloc_skb(FRAME_LEN);
	skb_put_data(orig, want, FRAME_LEN);
	orig->dev = dev;
	/* A clone, as TCP sends: the retransmit queue's copy must stay intact. */
	EXPECT_EQ_INT(dev_queue_xmit(skb_clone(orig)), NET_XMIT_SUCCESS);
	EXPECT_EQ_MEM(orig->data, want, FRAME_LEN);
	skb = fake_eth_pop(dev);
	ASSERT(skb != NULL);
	EXPECT_EQ_UINT(skb->len, FRAME_LEN);
	for (unsigned int i = 0; i < skb->len; i++)
		bits += __builtin_popcount(skb->data[i] ^ want[i]);
	EXPECT_EQ_INT(bits, 1);
	EXPECT_EQ_UINT(skb->ip_summed, CHECKSUM_NONE);
	EXPECT_EQ_UINT(xstats(dev->qdisc).corrupted, 1);
	kfree_skb(skb);
	kfree_skb(orig);
	teardown(dev, &b);
}

UNIT_TEST(netem_limit_drops_the_excess_as_qdisc_drops)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);
	u64 reason = skb_drop_reason_count(SKB_DROP_REASON_QDISC_DROP);
	int drops = 0;

	ASSERT(tc(dev, "add", "root netem delay 1s limit 5") == 0);
	for (int i = 0; i < 8; i++)
		drops += xmit(dev, (u8)i) == NET_XMIT_DROP;
	EXPECT_EQ_INT(drops, 3);
	EXPECT_EQ_UINT(dev->qdisc->qstats.overlimits, 3);
	EXPECT_EQ_UINT(dev->qdisc->qstats.drops, 3);
	EXPECT_EQ_UINT(dev->stats.tx_dropped, 3);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_QDISC_DROP) - reason, 3);
	EXPECT_EQ_UINT(qdisc_qlen(dev->qdisc), 5);
	teardown(dev, &b);
}

UNIT_TEST(netem_correlation_makes_decisions_follow_the_last)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);
	u64 lost;

	/* 100% correlation: every decision is the first one, for all 500 frames. */
	ASSERT(tc(dev, "add", "root netem loss 50% 100% seed 11") == 0);
	for (int i = 0; i < 500; i++)
		xmit(dev, (u8)i);
	lost = xstats(dev->qdisc).lost;
	EXPECT_MSG(lost == 0 || lost == 500, "%llu of 500 lost", (unsigned long long)lost);
	fake_eth_purge(dev);
	ASSERT(tc(dev, "del", "root") == 0);
	ASSERT(tc(dev, "add", "root netem loss 50% seed 11") == 0);
	for (int i = 0; i < 500; i++)
		xmit(dev, (u8)i);
	lost = xstats(dev->qdisc).lost;
	EXPECT_MSG(lost > 200 && lost < 300, "%llu of 500 lost", (unsigned long long)lost);
	fake_eth_purge(dev);
	teardown(dev, &b);
}

/* The tags sent for 300 frames under every impairment with one seed. */
static int mixed_run(struct net_device *dev, const char *seed, u8 *out)
{
	char cmd[160];
	int n = 0, t;

	snprintf(cmd, sizeof(cmd), "root netem delay 5ms 5ms loss 10%% duplicate 10%% "
		 "reorder 25%% corrupt 5%% seed %s", seed);
	if (!EXPECT_EQ_INT(tc(dev, "replace", cmd), 0))
		return 0;
	for (int i = 0; i < 300; i++) {
		xmit(dev, (u8)i);
		shim_advance_ms(1);
		while ((t = next_tx(dev)) >= 0 && n < 600)
			out[n++] = (u8)t;
	}
	shim_advance_ms(20);
	while ((t = next_tx(dev)) >= 0 && n < 600)
		out[n++] = (u8)t;
	return n;
}

UNIT_TEST(netem_a_seed_replays_a_run_and_another_does_not)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);
	u8 a[600], c[600], d[600];
	int na, nc, nd, in_order = 0;

	na = mixed_run(dev, "77", a);
	nc = mixed_run(dev, "77", c);
	nd = mixed_run(dev, "78", d);
	EXPECT_EQ_INT(na, nc);
	EXPECT_EQ_MEM(a, c, (size_t)(na < nc ? na : nc));
	EXPECT(na != nd || memcmp(a, d, (size_t)na));
	for (int i = 1; i < na; i++)
		in_order += a[i] == (u8)(a[i - 1] + 1);
	/* Some frames were lost, some doubled, some out of order. */
	EXPECT_MSG(na > 250 && na < 330 && in_order < na - 30,
		   "%d sent, %d in sequence", na, in_order);
	teardown(dev, &b);
}

UNIT_TEST(netem_ingress_impairs_what_is_received)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);

	ASSERT(tc(dev, "add", "ingress netem loss 100%") == 0);
	EXPECT(dev->ingress_qdisc && (dev->ingress_qdisc->flags & TCQ_F_INGRESS));
	for (int i = 0; i < 5; i++)
		inject(dev, (u8)i);
	EXPECT_EQ_INT(next_rx(), -1);
	EXPECT_EQ_UINT(xstats(dev->ingress_qdisc).lost, 5);
	/* The transmit side is not touched. */
	EXPECT_EQ_INT(xmit(dev, 7), NET_XMIT_SUCCESS);
	EXPECT_EQ_INT(next_tx(dev), 7);

	ASSERT(tc(dev, "change", "ingress netem delay 10ms duplicate 100%") == 0);
	inject(dev, 1);
	EXPECT_EQ_INT(next_rx(), -1);
	shim_advance_ms(11);
	EXPECT_EQ_INT(next_rx(), 1);
	EXPECT_EQ_INT(next_rx(), 1);
	EXPECT_EQ_INT(next_rx(), -1);
	EXPECT_EQ_UINT(dev->ingress_qdisc->bstats.packets, 2);

	ASSERT(tc(dev, "del", "ingress") == 0);
	EXPECT(dev->ingress_qdisc == NULL);
	inject(dev, 3);
	EXPECT_EQ_INT(next_rx(), 3);
	teardown(dev, &b);
}

UNIT_TEST(netem_reset_and_destroy_free_every_held_frame)
{
	struct nettest_baseline b;
	struct net_device *dev = setup(&b);

	/* Down: what waits is dropped and counted; the watchdog is off (nettest_end counts timers). */
	ASSERT(tc(dev, "add", "root netem delay 1s") == 0);
	ASSERT(tc(dev, "add", "ingress netem delay 1s") == 0);
	for (int i = 0; i < 4; i++) {
		xmit(dev, (u8)i);
		inject(dev, (u8)i);
	}
	EXPECT_EQ_UINT(qdisc_qlen(dev->qdisc), 4);
	EXPECT_EQ_UINT(qdisc_qlen(dev->ingress_qdisc), 4);
	dev_close(dev);
	EXPECT_EQ_UINT(qdisc_qlen(dev->qdisc), 0);
	EXPECT_EQ_UINT(qdisc_qlen(dev->ingress_qdisc), 0);
	EXPECT_EQ_UINT(dev->stats.tx_dropped, 4);
	EXPECT_EQ_UINT(dev->stats.rx_dropped, 4);
	EXPECT_EQ_INT(dev_open(dev), 0);

	/* Deleted, replaced or unregistered with frames held: all freed. */
	for (int i = 0; i < 4; i++) {
		xmit(dev, (u8)i);
		inject(dev, (u8)i);
	}
	ASSERT(tc(dev, "del", "root") == 0);
	EXPECT(dev->qdisc->ops == &pfifo_qdisc_ops);
	ASSERT(tc(dev, "replace", "ingress pfifo") == 0);
	ASSERT(tc(dev, "replace", "ingress netem delay 1s") == 0);
	ASSERT(tc(dev, "replace", "root netem delay 1s") == 0);
	for (int i = 0; i < 4; i++) {
		xmit(dev, (u8)i);
		inject(dev, (u8)i);
	}
	EXPECT_EQ_INT(next_rx(), -1);
	EXPECT_EQ_INT(next_tx(dev), -1);
	teardown(dev, &b);
}
