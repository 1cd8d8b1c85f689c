/* test_netfault.c - net/core/netfault.c: the fault layer's parsing, decisions and hooks. */
/* links: net */
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/netfault.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"

#define ETH_P_FAULT 0x88b6	/* IEEE 802 local experimental EtherType */
#define FRAME_LEN 64

static struct sk_buff_head rxq;

static int fault_rcv(struct sk_buff *skb, struct net_device *dev,
		     struct packet_type *pt)
{
	(void)dev;
	(void)pt;
	skb_queue_tail(&rxq, skb);
	return NET_RX_SUCCESS;
}

static struct packet_type fault_ptype = {
	.type = __constant_htons(ETH_P_FAULT),
	.func = fault_rcv,
};

static void setup(void)
{
	static bool done;

	if (!done) {
		nettest_init();
		skb_queue_head_init(&rxq);
		dev_add_pack(&fault_ptype);
		done = true;
	}
}

static void configure(const char *spec)
{
	struct netfault_config cfg;

	if (!EXPECT_EQ_INT(netfault_parse(spec, &cfg), 0))
		return;
	netfault_configure(&cfg);
}

/* A frame of our EtherType whose payload is the byte n repeated. */
static size_t frame(u8 *buf, u8 n)
{
	size_t len = nt_eth(buf, nt_mac_us, nt_mac_peer, ETH_P_FAULT);

	memset(buf + len, n, FRAME_LEN - len);
	return FRAME_LEN;
}

static void inject(struct net_device *dev, u8 n)
{
	u8 buf[FRAME_LEN];

	nettest_inject(dev, buf, frame(buf, n));
}

static void xmit(struct net_device *dev, u8 n)
{
	struct sk_buff *skb = alloc_skb(FRAME_LEN);

	frame(skb_put(skb, FRAME_LEN), n);
	skb->dev = dev;
	EXPECT_EQ_INT(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
}

/* The payload tag of the next received frame, -1 if none; frees it. */
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

UNIT_TEST(netfault_parse_accepts_the_documented_forms)
{
	struct netfault_config c;

	EXPECT_EQ_INT(netfault_parse("loss=5,dup=5,reorder=25,corrupt=1,delay=10ms,seed=42", &c), 0);
	EXPECT_EQ_UINT(c.loss, 500);
	EXPECT_EQ_UINT(c.dup, 500);
	EXPECT_EQ_UINT(c.reorder, 2500);
	EXPECT_EQ_UINT(c.corrupt, 100);
	EXPECT_EQ_UINT(c.delay_ms, 10);
	EXPECT_EQ_UINT(c.seed, 42);
	EXPECT_EQ_UINT(c.dirs, NETFAULT_RX | NETFAULT_TX);
	EXPECT_EQ_INT(netfault_parse("loss=0.5,corrupt=12.25%,dir=rx", &c), 0);
	EXPECT_EQ_UINT(c.loss, 50);
	EXPECT_EQ_UINT(c.corrupt, 1225);
	EXPECT_EQ_UINT(c.dirs, NETFAULT_RX);
	EXPECT_EQ_INT(netfault_parse("reorder=10", &c), 0);
	EXPECT_EQ_UINT(c.delay_ms, 10);		/* a default hold time */
	EXPECT_EQ_INT(netfault_parse("reorder=10,delay=1s,dir=tx", &c), 0);
	EXPECT_EQ_UINT(c.delay_ms, 1000);
	EXPECT_EQ_UINT(c.dirs, NETFAULT_TX);
	EXPECT_EQ_INT(netfault_parse("loss=100", &c), 0);
	EXPECT_EQ_UINT(c.loss, 10000);
	EXPECT_EQ_INT(netfault_parse("off", &c), 0);
	EXPECT_EQ_UINT(c.loss | c.dup | c.reorder | c.corrupt, 0);
}

UNIT_TEST(netfault_parse_rejects_nonsense)
{
	static const char *const bad[] = {
		"loss", "loss=", "loss=101", "loss=abc", "loss=5x", "jitter=5",
		"delay=5min", "delay=", "seed=12z", "dir=up", "loss=5,,dup", "=5",
		"loss=1.234", "loss=-1",
	};
	struct netfault_config c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_MSG(netfault_parse(bad[i], &c) == -EINVAL, "accepted \"%s\"", bad[i]);
	EXPECT_EQ_INT(netfault_parse(NULL, &c), -EINVAL);
}

UNIT_TEST(netfault_decisions_follow_the_rates)
{
	struct netfault_config c;
	struct netfault_rng r = { 7 };
	unsigned int n[4] = { 0 }, draws = 200000;

	netfault_parse("loss=5,corrupt=1,dup=10,reorder=25", &c);
	for (unsigned int i = 0; i < draws; i++) {
		u32 f = netfault_decide(&c, &r);

		n[0] += !!(f & NETFAULT_DROP);
		n[1] += !!(f & NETFAULT_CORRUPT);
		n[2] += !!(f & NETFAULT_DUP);
		n[3] += !!(f & NETFAULT_HOLD);
	}
	/* Within a few standard deviations of the expectation. */
	EXPECT_MSG(n[0] > 9400 && n[0] < 10600, "loss %u of 200000", n[0]);
	EXPECT_MSG(n[1] > 1700 && n[1] < 2300, "corrupt %u of 200000", n[1]);
	EXPECT_MSG(n[2] > 19200 && n[2] < 20800, "dup %u of 200000", n[2]);
	EXPECT_MSG(n[3] > 49000 && n[3] < 51000, "reorder %u of 200000", n[3]);

	netfault_parse("loss=0,dup=100", &c);
	for (unsigned int i = 0; i < 1000; i++)
		if (!EXPECT_EQ_UINT(netfault_decide(&c, &r), NETFAULT_DUP))
			break;
}

UNIT_TEST(netfault_same_seed_same_decisions)
{
	struct netfault_config c;
	struct netfault_rng a = { 42 }, b = { 42 }, other = { 43 };
	unsigned int differ = 0;

	netfault_parse("loss=30,corrupt=30,dup=30,reorder=30", &c);
	for (int i = 0; i < 1000; i++) {
		u32 fa = netfault_decide(&c, &a);

		if (!EXPECT_EQ_UINT(fa, netfault_decide(&c, &b)))
			break;
		differ += fa != netfault_decide(&c, &other);
	}
	EXPECT_MSG(differ > 100, "seeds 42 and 43 differ on only %u frames", differ);
	for (int i = 0; i < 1000; i++) {
		u32 off = netfault_corrupt_offset(&a, 14, 60);

		if (!EXPECT(off >= 14 && off < 60))
			break;
	}
}

UNIT_TEST(netfault_rx_loss_drops_and_counts)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u64 before = netfault_mib[NETFAULT_MIB_RXDROPPED];

	setup();
	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	configure("loss=100,seed=1");
	for (int i = 0; i < 10; i++)
		inject(dev, i);
	EXPECT_EQ_INT(next_rx(), -1);
	EXPECT_EQ_UINT(netfault_mib[NETFAULT_MIB_RXDROPPED] - before, 10);
	/* TX is untouched by dir=rx. */
	configure("loss=100,dir=rx,seed=1");
	xmit(dev, 1);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 1);
	configure("off");
	inject(dev, 11);
	EXPECT_EQ_INT(next_rx(), 11);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(netfault_rx_dup_delivers_each_frame_twice)
{
	struct nettest_baseline b;
	struct net_device *dev;

	setup();
	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	configure("dup=100,seed=2");
	inject(dev, 1);
	inject(dev, 2);
	EXPECT_EQ_INT(next_rx(), 1);
	EXPECT_EQ_INT(next_rx(), 1);
	EXPECT_EQ_INT(next_rx(), 2);
	EXPECT_EQ_INT(next_rx(), 2);
	EXPECT_EQ_INT(next_rx(), -1);
	configure("off");
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(netfault_reorder_swaps_pairs_and_the_timer_lets_go)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u64 releases = netfault_mib[NETFAULT_MIB_TIMERRELEASES];

	setup();
	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	configure("reorder=100,delay=20ms,seed=3");
	/* 1 is held, 2 overtakes it and lets it go; the same for 3 and 4. */
	for (int i = 1; i <= 4; i++)
		inject(dev, i);
	EXPECT_EQ_INT(next_rx(), 2);
	EXPECT_EQ_INT(next_rx(), 1);
	EXPECT_EQ_INT(next_rx(), 4);
	EXPECT_EQ_INT(next_rx(), 3);
	/* A frame with nothing behind it waits for the delay. */
	inject(dev, 5);
	shim_advance_ms(19);
	EXPECT_EQ_INT(next_rx(), -1);
	shim_advance_ms(2);
	EXPECT_EQ_INT(next_rx(), 5);
	EXPECT_EQ_UINT(netfault_mib[NETFAULT_MIB_TIMERRELEASES] - releases, 1);
	/* The same on transmit. */
	xmit(dev, 6);
	xmit(dev, 7);
	shim_run_softirqs();
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 2);
	if (fake_eth_txlen(dev) == 2) {
		struct sk_buff *x = fake_eth_pop(dev), *y = fake_eth_pop(dev);

		EXPECT_EQ_UINT(x->data[ETH_HLEN], 7);
		EXPECT_EQ_UINT(y->data[ETH_HLEN], 6);
		kfree_skb(x);
		kfree_skb(y);
	}
	/* Switching off lets a held frame go. */
	xmit(dev, 8);
	configure("off");
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 1);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(netfault_corrupt_flips_one_byte_past_the_ethernet_header)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u8 want[FRAME_LEN];
	struct sk_buff *skb, *orig;
	int changed;

	setup();
	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	frame(want, 9);
	configure("corrupt=100,seed=4");
	inject(dev, 9);
	skb = skb_dequeue(&rxq);
	ASSERT(skb != NULL);
	EXPECT_EQ_UINT(skb->len, FRAME_LEN - ETH_HLEN);
	changed = 0;
	for (unsigned int i = 0; i < skb->len; i++)
		changed += skb->data[i] != want[ETH_HLEN + i];
	EXPECT_EQ_INT(changed, 1);
	EXPECT_EQ_UINT(skb->ip_summed, CHECKSUM_NONE);
	kfree_skb(skb);

	/* On transmit a clone's shared data is left alone: the copy is damaged. */
	orig = alloc_skb(FRAME_LEN);
	frame(skb_put(orig, FRAME_LEN), 9);
	orig->dev = dev;
	skb = skb_clone(orig);
	EXPECT_EQ_INT(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	EXPECT_EQ_MEM(orig->data, want, FRAME_LEN);
	skb = fake_eth_pop(dev);
	ASSERT(skb != NULL);
	EXPECT_EQ_MEM(skb->data, want, ETH_HLEN);
	changed = 0;
	for (unsigned int i = 0; i < FRAME_LEN; i++)
		changed += skb->data[i] != want[i];
	EXPECT_EQ_INT(changed, 1);
	kfree_skb(skb);
	kfree_skb(orig);
	configure("off");
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(netfault_spares_loopback)
{
	setup();
	configure("loss=100,seed=5");
	EXPECT(!netfault_applies(loopback_dev, NETFAULT_RX));
	EXPECT(!netfault_applies(loopback_dev, NETFAULT_TX));
	configure("off");
	EXPECT_EQ_UINT(netfault_dirs, 0);
}

/* The tags delivered for 300 frames under mixed faults with one seed. */
static void mixed_run(struct net_device *dev, u8 *out, int *n)
{
	int t;

	configure("loss=10,dup=10,reorder=25,corrupt=0,delay=5ms,seed=77");
	*n = 0;
	for (int i = 0; i < 300; i++) {
		inject(dev, (u8)i);
		while ((t = next_rx()) >= 0 && *n < 600)
			out[(*n)++] = (u8)t;
	}
	configure("off");
	while ((t = next_rx()) >= 0 && *n < 600)
		out[(*n)++] = (u8)t;
}

UNIT_TEST(netfault_a_seed_replays_a_run)
{
	struct nettest_baseline b;
	struct net_device *dev;
	u8 a[600], c[600];
	int na, nc, in_order = 0;

	setup();
	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	mixed_run(dev, a, &na);
	mixed_run(dev, c, &nc);
	EXPECT_EQ_INT(na, nc);
	EXPECT_EQ_MEM(a, c, (size_t)(na < nc ? na : nc));
	for (int i = 1; i < na; i++)
		in_order += a[i] == (u8)(a[i - 1] + 1);
	/* Some frames were lost, some doubled, some out of order. */
	EXPECT_MSG(na > 250 && na < 320 && in_order < na - 30,
		   "%d delivered, %d in sequence", na, in_order);
	fake_eth_destroy(dev);
	nettest_end(&b);
}
