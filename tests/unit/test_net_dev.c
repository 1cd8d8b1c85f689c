/* test_net_dev.c - net/core/dev.c, napi.c, qdisc.c, loopback.c and net/ethernet/eth.c. */
/* links: net */
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/sch_generic.h>
#include <kernel/softirq.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"

#define ETH_P_TEST 0x88b5	/* IEEE 802 local experimental EtherType */

static struct sk_buff_head test_rx;

static int test_rcv(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt)
{
	(void)dev;
	(void)pt;
	skb_queue_tail(&test_rx, skb);
	return NET_RX_SUCCESS;
}

static struct packet_type test_ptype = {
	.type = __constant_htons(ETH_P_TEST),
	.func = test_rcv,
};

static void ptype_setup(void)
{
	static bool done;

	if (!done) {
		skb_queue_head_init(&test_rx);
		dev_add_pack(&test_ptype);
		done = true;
	}
}

UNIT_TEST(dev_register_names_and_lookup)
{
	static const u8 mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct nettest_baseline b;
	struct net_device *a, *c, *d;

	nettest_begin(&b);
	EXPECT(loopback_dev != NULL);
	EXPECT_EQ_STR(loopback_dev->name, "lo");
	EXPECT(dev_get_by_name("lo") == loopback_dev);
	a = fake_eth_create(mac);
	c = fake_eth_create(mac);
	EXPECT_EQ_STR(a->name, "eth0");
	EXPECT_EQ_STR(c->name, "eth1");
	EXPECT(a->ifindex != c->ifindex);
	EXPECT(dev_get_by_index(c->ifindex) == c);
	EXPECT(dev_get_by_name("eth1") == c);
	EXPECT(a->flags & IFF_UP);
	EXPECT(a->flags & IFF_RUNNING);
	EXPECT_EQ_UINT(a->mtu, 1500);
	fake_eth_destroy(a);
	/* The freed number is reused. */
	d = fake_eth_create(mac);
	EXPECT_EQ_STR(d->name, "eth0");
	EXPECT(dev_get_by_name("nope") == NULL);
	fake_eth_destroy(c);
	fake_eth_destroy(d);
	nettest_end(&b);
}

UNIT_TEST(dev_qdisc_busy_requeues_and_wake_resumes)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct fake_eth *fe;
	u8 frame[60];
	int i;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	fe = netdev_priv(dev);
	memset(frame, 0, sizeof(frame));
	fe->busy = true;
	for (i = 0; i < 3; i++) {
		struct sk_buff *skb = alloc_skb(64);

		skb_put_data(skb, frame, sizeof(frame));
		skb->dev = dev;
		EXPECT_EQ_INT(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	}
	EXPECT(netif_queue_stopped(dev));
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	EXPECT_EQ_UINT(qdisc_qlen(dev->qdisc), 3);
	EXPECT_EQ_UINT(dev->qdisc->qstats.requeues, 1);
	/* TX completion: the driver wakes the queue from its IRQ; NET_TX sends. */
	fe->busy = false;
	netif_wake_queue(dev);
	EXPECT(shim_softirq_pending() & (1UL << NET_TX_SOFTIRQ));
	shim_run_softirqs();
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 3);
	EXPECT_EQ_UINT(dev->stats.tx_packets, 3);
	EXPECT_EQ_UINT(dev->stats.tx_bytes, 180);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(dev_qdisc_overflow_drops_and_counts)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct fake_eth *fe;
	int i, drops = 0;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	fe = netdev_priv(dev);
	fe->busy = true;
	dev->qdisc->limit = 5;
	for (i = 0; i < 8; i++) {
		struct sk_buff *skb = alloc_skb(64);

		skb_put_zero(skb, 60);
		skb->dev = dev;
		if (dev_queue_xmit(skb) == NET_XMIT_DROP)
			drops++;
	}
	EXPECT_EQ_INT(drops, 3);
	EXPECT_EQ_UINT(dev->qdisc->qstats.drops, 3);
	EXPECT_EQ_UINT(dev->stats.tx_dropped, 3);
	/* Down: the queue is flushed (counted) and xmit refuses. */
	dev_close(dev);
	EXPECT_EQ_UINT(dev->stats.tx_dropped, 8);
	{
		struct sk_buff *skb = alloc_skb(64);

		skb_put_zero(skb, 60);
		skb->dev = dev;
		EXPECT_EQ_INT(dev_queue_xmit(skb), -ENETDOWN);
	}
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(dev_rx_demux_nohandler_and_runts)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct sk_buff *skb;
	u8 frame[64];

	nettest_begin(&b);
	ptype_setup();
	dev = fake_eth_create(nt_mac_us);
	memset(frame, 0x5a, sizeof(frame));
	nt_eth(frame, nt_mac_us, nt_mac_peer, ETH_P_TEST);
	nettest_inject(dev, frame, sizeof(frame));
	skb = skb_dequeue(&test_rx);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->len, 50);
	EXPECT_EQ_UINT(skb->pkt_type, PACKET_HOST);
	EXPECT(skb->protocol == htons(ETH_P_TEST));
	EXPECT_EQ_MEM(eth_hdr(skb)->h_source, nt_mac_peer, 6);
	EXPECT(skb->dev == dev);
	consume_skb(skb);
	EXPECT_EQ_UINT(dev->stats.rx_packets, 1);
	EXPECT_EQ_UINT(dev->stats.rx_bytes, 64);
	/* Broadcast and other-host classification. */
	nt_eth(frame, nt_mac_bcast, nt_mac_peer, ETH_P_TEST);
	nettest_inject(dev, frame, sizeof(frame));
	skb = skb_dequeue(&test_rx);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->pkt_type, PACKET_BROADCAST);
	consume_skb(skb);
	nt_eth(frame, nt_mac_peer, nt_mac_peer, ETH_P_TEST);
	nettest_inject(dev, frame, sizeof(frame));
	skb = skb_dequeue(&test_rx);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->pkt_type, PACKET_OTHERHOST);
	consume_skb(skb);
	/* Unknown EtherType, then an 802.3 length field. */
	nt_eth(frame, nt_mac_us, nt_mac_peer, 0x1234);
	nettest_inject(dev, frame, sizeof(frame));
	nt_eth(frame, nt_mac_us, nt_mac_peer, 46);
	nettest_inject(dev, frame, sizeof(frame));
	EXPECT_EQ_UINT(dev->stats.rx_nohandler, 2);
	/* Runt and giant. */
	nettest_inject(dev, frame, 13);
	{
		static u8 big[1600];

		nettest_inject(dev, big, sizeof(big));
	}
	EXPECT_EQ_UINT(dev->stats.rx_length_errors, 2);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(dev_loopback_returns_frames_via_backlog)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	u64 rx0 = loopback_dev->stats.rx_packets;

	nettest_begin(&b);
	ptype_setup();
	skb = alloc_skb(128);
	skb_reserve(skb, 16);
	skb_put_data(skb, "ping over lo", 12);
	skb->dev = loopback_dev;
	dev_hard_header(skb, loopback_dev, ETH_P_TEST, loopback_dev->dev_addr,
			NULL, skb->len);
	local_bh_disable();
	EXPECT_EQ_INT(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	EXPECT(skb_queue_empty(&test_rx));	/* not before the softirq */
	local_bh_enable();
	skb = skb_dequeue(&test_rx);
	ASSERT(skb);
	EXPECT_EQ_MEM(skb->data, "ping over lo", 12);
	EXPECT(skb->dev == loopback_dev);
	EXPECT_EQ_UINT(skb->pkt_type, PACKET_HOST);
	consume_skb(skb);
	EXPECT_EQ_UINT(loopback_dev->stats.rx_packets, rx0 + 1);
	nettest_end(&b);
}

struct test_napi {
	struct napi_struct napi;
	int backlog;		/* packets "in the ring" */
	int polls;
	int irq_enabled;
};

static int test_poll(struct napi_struct *napi, int budget)
{
	struct test_napi *t = container_of(napi, struct test_napi, napi);
	int work = min(budget, t->backlog);

	t->polls++;
	t->backlog -= work;
	if (work < budget && napi_complete_done(napi, work))
		t->irq_enabled = 1;
	return work;
}

UNIT_TEST(napi_budget_and_completion)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct test_napi t = { .backlog = 1000 };
	struct softnet_stats s0, s1;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	netif_napi_add(dev, &t.napi, test_poll, 64);
	/* Disabled until enabled, as in Linux. */
	EXPECT(!napi_schedule(&t.napi));
	napi_enable(&t.napi);
	softnet_get_stats(&s0);
	/* The IRQ handler masks the device and schedules. */
	EXPECT(napi_schedule(&t.napi));
	EXPECT(!napi_schedule(&t.napi));
	EXPECT(shim_softirq_pending() & (1UL << NET_RX_SOFTIRQ));
	/* One NET_RX run stops at the 300-packet budget and re-raises itself. */
	preempt_count_add(SOFTIRQ_OFFSET);
	{
		extern void net_rx_action(void);

		net_rx_action();
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
	EXPECT_EQ_INT(t.polls, 5);
	EXPECT_EQ_INT(t.backlog, 1000 - 5 * 64);
	EXPECT(shim_softirq_pending() & (1UL << NET_RX_SOFTIRQ));
	softnet_get_stats(&s1);
	EXPECT_EQ_UINT(s1.time_squeeze, s0.time_squeeze + 1);
	shim_run_softirqs();
	EXPECT_EQ_INT(t.backlog, 0);
	EXPECT_EQ_INT(t.irq_enabled, 1);
	EXPECT_EQ_INT(t.polls, 16);	/* 15 full polls, one that completed */
	EXPECT(napi_schedule(&t.napi));
	shim_run_softirqs();
	EXPECT_EQ_INT(t.polls, 17);
	netif_napi_del(&t.napi);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/*
 * A tap (ETH_P_ALL) that keeps what it is given, to look at it
 * afterwards: a clone when others share the skb, as a tap must before
 * queueing it (skb_share_check).
 */
struct tap_keep {
	struct packet_type pt;
	struct sk_buff_head kept;
	const struct sk_buff *seen;	/* the last skb it was handed */
	bool shared_rx;		/* an RX skb arrived shared with the stack */
};

static int keep_tap(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt)
{
	struct tap_keep *t = container_of(pt, struct tap_keep, pt);

	(void)dev;
	t->seen = skb;
	if (skb->pkt_type != PACKET_OUTGOING && skb_shared(skb))
		t->shared_rx = true;
	skb = skb_share_check(skb);
	if (skb)
		skb_queue_tail(&t->kept, skb);
	return NET_RX_SUCCESS;
}

static void tap_setup(struct tap_keep *t, struct net_device *dev)
{
	memset(t, 0, sizeof(*t));
	t->pt.type = htons(ETH_P_ALL);
	t->pt.dev = dev;
	t->pt.func = keep_tap;
	skb_queue_head_init(&t->kept);
	dev_add_pack(&t->pt);
}

static struct sk_buff *test_frame_skb(struct net_device *dev, const u8 *frame,
				      size_t len)
{
	struct sk_buff *skb = alloc_skb(128);

	skb_put_data(skb, frame, len);
	skb->dev = dev;
	return skb;
}

/*
 * Linux's deliver_skb and dev_queue_xmit_nit: on receive the tap holds a
 * reference to the very skb the protocol handler gets (so the handler
 * sees it shared); on transmit a clone marked PACKET_OUTGOING with
 * skb->data at the link header, taken as the frame leaves the qdisc: a
 * frame the driver refuses (busy) is not seen until it really goes.
 */
UNIT_TEST(dev_taps_share_rx_and_see_tx_leave_the_qdisc)
{
	struct nettest_baseline b;
	struct tap_keep t, other;
	struct net_device *dev, *dev2;
	struct fake_eth *fe;
	struct sk_buff *skb, *rx;
	u8 frame[60] = { 0 };

	nettest_begin(&b);
	ptype_setup();
	dev = fake_eth_create(nt_mac_us);
	dev2 = fake_eth_create(nt_mac_us);
	fe = netdev_priv(dev);
	tap_setup(&t, dev);
	tap_setup(&other, dev2);
	nt_eth(frame, nt_mac_us, nt_mac_peer, ETH_P_TEST);
	frame[20] = 0x5a;
	nettest_inject(dev, frame, sizeof(frame));
	rx = skb_dequeue(&test_rx);
	skb = skb_dequeue(&t.kept);
	ASSERT(rx && skb);
	EXPECT(t.seen == rx);		/* the same skb, by reference */
	EXPECT(t.shared_rx);
	EXPECT(skb->data == rx->data);	/* its clone shares the data */
	EXPECT(skb->pkt_type == PACKET_HOST);
	EXPECT_EQ_INT(skb->data - skb_mac_header(skb), ETH_HLEN);
	consume_skb(rx);
	consume_skb(skb);

	fe->busy = true;
	EXPECT_EQ_INT(dev_queue_xmit(test_frame_skb(dev, frame, sizeof(frame))),
		      NET_XMIT_SUCCESS);
	/* Offered once and refused: the tap saw that attempt, as in Linux. */
	EXPECT_EQ_UINT(skb_queue_len(&t.kept), 1);
	skb_queue_purge(&t.kept);
	fe->busy = false;
	netif_wake_queue(dev);
	shim_run_softirqs();
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 1);
	skb = skb_dequeue(&t.kept);
	ASSERT(skb);
	EXPECT(skb->pkt_type == PACKET_OUTGOING);
	EXPECT(skb->cloned);
	EXPECT(skb_mac_header(skb) == skb->data);
	EXPECT_EQ_UINT(skb->len, sizeof(frame));
	EXPECT_EQ_INT(skb->data[20], 0x5a);
	consume_skb(skb);
	EXPECT(skb_queue_empty(&other.kept));	/* bound to another device */

	dev_remove_pack(&t.pt);
	dev_remove_pack(&other.pt);
	fake_eth_purge(dev);
	fake_eth_destroy(dev);
	fake_eth_destroy(dev2);
	nettest_end(&b);
}

/* Linux's skb_loop_sk: the socket that sent a frame is not shown it. */
UNIT_TEST(dev_tap_skips_its_own_socket)
{
	struct nettest_baseline b;
	struct tap_keep t;
	struct net_device *dev;
	struct sk_buff *skb;
	u8 frame[60] = { 0 };
	int owner;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	tap_setup(&t, dev);
	t.pt.af_packet_priv = &owner;
	skb = test_frame_skb(dev, frame, sizeof(frame));
	skb->sk = (struct sock *)&owner;
	dev_queue_xmit(skb);
	EXPECT(skb_queue_empty(&t.kept));
	dev_queue_xmit(test_frame_skb(dev, frame, sizeof(frame)));
	EXPECT_EQ_UINT(skb_queue_len(&t.kept), 1);
	skb_queue_purge(&t.kept);
	dev_remove_pack(&t.pt);
	fake_eth_purge(dev);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

static int carrier_events;

static int carrier_cb(struct notifier_block *nb, unsigned long ev, void *ptr)
{
	(void)nb;
	(void)ptr;
	if (ev == NETDEV_CHANGE)
		carrier_events++;
	return 0;
}

UNIT_TEST(dev_carrier_notifies_from_softirq)
{
	struct nettest_baseline b;
	struct notifier_block nb = { .notifier_call = carrier_cb };
	struct net_device *dev;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	register_netdevice_notifier(&nb);
	carrier_events = 0;
	netif_carrier_off(dev);
	EXPECT(!(dev->flags & IFF_RUNNING));
	EXPECT_EQ_INT(carrier_events, 0);	/* deferred */
	shim_run_softirqs();
	EXPECT_EQ_INT(carrier_events, 1);
	netif_carrier_on(dev);
	netif_carrier_on(dev);
	shim_run_softirqs();
	EXPECT_EQ_INT(carrier_events, 2);
	EXPECT(dev->flags & IFF_RUNNING);
	unregister_netdevice_notifier(&nb);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(eth_helpers)
{
	struct nettest_baseline b;
	u8 a[6];
	struct sk_buff *skb;

	nettest_begin(&b);
	eth_random_addr(a);
	EXPECT(is_valid_ether_addr(a));
	EXPECT(a[0] & 0x02);
	EXPECT(!is_valid_ether_addr(nt_mac_bcast));
	EXPECT(is_broadcast_ether_addr(nt_mac_bcast));
	memset(a, 0, 6);
	EXPECT(!is_valid_ether_addr(a));
	skb = alloc_skb(64);
	skb_put_data(skb, "tiny", 4);
	EXPECT_EQ_INT(skb_put_padto(skb, ETH_ZLEN), 0);
	EXPECT_EQ_UINT(skb->len, ETH_ZLEN);
	consume_skb(skb);
	nettest_end(&b);
}

static int timeouts;

static void wd_timeout(struct net_device *dev)
{
	timeouts++;
	netif_wake_queue(dev);
}

static netdev_tx_t wd_xmit(struct sk_buff *skb, struct net_device *dev)
{
	(void)dev;
	consume_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops wd_ops = {
	.ndo_start_xmit = wd_xmit,
	.ndo_tx_timeout = wd_timeout,
};

UNIT_TEST(dev_watchdog_fires_on_stalled_queue)
{
	struct nettest_baseline b;
	struct net_device *dev;

	nettest_begin(&b);
	dev = alloc_etherdev(0);
	ASSERT(dev);
	dev->netdev_ops = &wd_ops;
	dev->watchdog_timeo = 5000;
	memcpy(dev->dev_addr, nt_mac_us, 6);
	ASSERT(register_netdev(dev) == 0);
	ASSERT(dev_open(dev) == 0);
	shim_advance_ms(20000);
	EXPECT_EQ_INT(timeouts, 0);		/* running queue: fine */
	netif_stop_queue(dev);
	shim_advance_ms(11000);
	EXPECT_EQ_INT(timeouts, 1);
	EXPECT_EQ_UINT(dev->stats.tx_timeout, 1);
	EXPECT(!netif_queue_stopped(dev));
	unregister_netdev(dev);
	free_netdev(dev);
	nettest_end(&b);
}
