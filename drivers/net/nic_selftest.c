/* The self-tests every NIC driver registers with NIC_SELFTESTS (see nic_selftest.h). */
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/softirq.h>
#include <kernel/printk.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <net/byteorder.h>
#include <string.h>
#include "nic_selftest.h"

/* Gigabit autonegotiation takes up to about 3 s on real PHYs. */
#define ST_WAIT_LINK_MS		5000
#define ST_WAIT_REPLY_MS	2000
#define ST_WAIT_IDLE_MS		500
#define ST_SETTLE_MS		50
#define ST_MIN_BURST_REPLIES	256	/* one RX ring's worth */

bool nic_selftest_wait(bool (*cond)(const void *arg), const void *arg, u64 ms)
{
	u64 end = jiffies + msecs_to_jiffies(ms);

	while (!cond(arg)) {
		if (time_after(jiffies, end))
			return false;
		msleep(10);
	}
	return true;
}

struct net_device *nic_selftest_find(const struct nic_selftest *nt)
{
	struct net_device *dev;

	for_each_netdev(dev)
		if (nt->match(dev))
			return dev;
	printk("%s: no device, nothing to test\n", nt->name);
	return NULL;
}

/* No device of this kind here: the test is skipped, not passed. */
static void st_skip_no_device(struct selftest_ctx *st_ctx, const struct nic_selftest *nt)
{
	st_ctx->skipped = true;
	snprintf(st_ctx->reason, sizeof(st_ctx->reason), "no %s NIC", nt->name);
}

struct st_dev_arg {
	const struct nic_selftest *nt;
	const struct net_device *dev;
};

static bool st_link_up(const void *arg)
{
	const struct st_dev_arg *a = arg;

	return a->nt->link_up(a->dev);
}

void nic_selftest_probe(struct selftest_ctx *st_ctx, const struct nic_selftest *nt)
{
	struct net_device *dev = nic_selftest_find(nt);
	struct st_dev_arg arg = { .nt = nt, .dev = dev };

	if (!dev) {
		st_skip_no_device(st_ctx, nt);
		return;
	}
	ST_ASSERT(is_valid_ether_addr(dev->dev_addr));
	if (nt->check_probe) {
		nt->check_probe(st_ctx, dev);
		if (st_ctx->failed)
			return;
	}
	if (nt->link_up)
		ST_ASSERT(nic_selftest_wait(st_link_up, &arg, ST_WAIT_LINK_MS));
}

/* who-has 10.0.2.2 tell 10.0.2.15; our MAC goes in at offsets 6 and 22. */
static const u8 st_arp_request[ETH_HLEN + ARP_ETH_IPV4_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* destination: broadcast */
	0, 0, 0, 0, 0, 0,			/* source */
	0x08, 0x06,				/* EtherType ARP */
	0x00, 0x01, 0x08, 0x00, 6, 4,		/* Ethernet, IPv4, lengths */
	0x00, 0x01,				/* request */
	0, 0, 0, 0, 0, 0, 10, 0, 2, 15,	/* sender: us, 10.0.2.15 */
	0, 0, 0, 0, 0, 0, 10, 0, 2, 2,		/* target: ?, 10.0.2.2 */
};

struct st_arp_probe {
	struct packet_type tap;		/* ETH_P_ALL on the device under test */
	struct net_device *dev;
	u32 requests;			/* sent */
	volatile u32 replies;		/* seen */
	u8 gw_mac[ETH_ALEN];		/* the answering gateway's */
};

/*
 * A tap (ETH_P_ALL) sees every received frame before the EtherType
 * demux, so the reply is seen even when ARP's own handler takes it. It
 * gets its own reference to the shared skb and keeps nothing.
 */
static int st_arp_tap(struct sk_buff *skb, struct net_device *dev,
		      struct packet_type *pt)
{
	struct st_arp_probe *p = container_of(pt, struct st_arp_probe, tap);
	const struct arp_eth_ipv4 *arp = (const void *)skb->data;
	static const u8 gw[4] = { 10, 0, 2, 2 }, us[4] = { 10, 0, 2, 15 };

	if (skb->pkt_type != PACKET_OUTGOING && skb->protocol == htons(ETH_P_ARP) &&
	    skb->len >= ARP_ETH_IPV4_LEN && arp->hdr.ar_op == htons(ARPOP_REPLY) &&
	    !memcmp(&arp->ar_sip, gw, 4) && !memcmp(&arp->ar_tip, us, 4) &&
	    ether_addr_equal(arp->ar_tha, dev->dev_addr)) {
		ether_addr_copy(p->gw_mac, arp->ar_sha);
		p->replies++;
	}
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static bool st_all_replied(const void *arg)
{
	const struct st_arp_probe *p = arg;

	return p->replies >= p->requests;
}

static bool st_carrier(const void *arg)
{
	return netif_carrier_ok(arg);
}

struct sk_buff *nic_selftest_arp_request(struct net_device *dev)
{
	unsigned int hr = LL_RESERVED_SPACE(dev);
	struct sk_buff *skb = alloc_skb(hr + sizeof(st_arp_request));
	u8 *frame;

	if (!skb)
		return NULL;
	skb_reserve(skb, hr);
	frame = skb_put_data(skb, st_arp_request, sizeof(st_arp_request));
	ether_addr_copy(frame + 6, dev->dev_addr);
	ether_addr_copy(frame + 22, dev->dev_addr);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_ARP);
	return skb;
}

/*
 * Queue count ARP requests on dev, back to back: more than a ring's worth
 * makes the driver stop and wake its queue and wrap both rings. Returns
 * how many the qdisc took.
 */
static u32 st_send_arp(struct net_device *dev, u32 count)
{
	u32 sent = 0;

	for (u32 i = 0; i < count; i++) {
		struct sk_buff *skb = nic_selftest_arp_request(dev);

		if (!skb)
			break;
		if (dev_queue_xmit(skb) == NET_XMIT_SUCCESS)	/* consumes skb */
			sent++;
	}
	return sent;
}

bool nic_selftest_gateway(struct net_device *dev, u8 *mac)
{
	struct st_arp_probe probe = {
		.tap = { .type = htons(ETH_P_ALL), .dev = dev, .func = st_arp_tap },
		.dev = dev,
	};
	bool replied;

	dev_add_pack(&probe.tap);
	probe.requests = st_send_arp(dev, 1);
	replied = probe.requests && nic_selftest_wait(st_all_replied, &probe,
						      ST_WAIT_REPLY_MS);
	dev_remove_pack(&probe.tap);
	if (replied)
		ether_addr_copy(mac, probe.gw_mac);
	return replied;
}

/* With bottom halves off, so no poll moves the rings while we look. */
static bool st_rings_ok(const struct nic_selftest *nt, const struct net_device *dev)
{
	bool ok;

	local_bh_disable();
	ok = nt->rings_ok(dev);
	local_bh_enable();
	return ok;
}

static bool st_tx_idle(const void *arg)
{
	const struct st_dev_arg *a = arg;

	return a->nt->tx_idle(a->dev);
}

/* No more sk_buffs or data areas live than at the baseline. */
static bool st_pools_back(const void *arg)
{
	const struct skb_stats *base = arg;
	struct skb_stats now;

	skb_get_stats(&now);
	return now.live_heads <= base->live_heads && now.live_data <= base->live_data;
}

void nic_selftest_arp(struct selftest_ctx *st_ctx, const struct nic_selftest *nt,
		      bool reopen, u32 count)
{
	struct net_device *dev = nic_selftest_find(nt);
	struct st_arp_probe probe = {
		.tap = { .type = htons(ETH_P_ALL), .dev = dev, .func = st_arp_tap },
		.dev = dev,
	};
	struct st_dev_arg idle_arg = { .nt = nt, .dev = dev };
	struct skb_stats before, after;
	struct net_device_stats st;
	bool was_up, down_ok = true;
	bool link, rings_ok, replied, idle, pools_back;
	struct net_device_stats st0;
	u64 tx0, rx0, tx1, rx1, missed;
	int err = 0;

	if (!dev) {
		st_skip_no_device(st_ctx, nt);
		return;
	}
	was_up = dev->flags & IFF_UP;
	if (was_up && reopen) {
		dev_close(dev);
		down_ok = !netif_carrier_ok(dev) && nt->tx_idle(dev);
	}
	if (!(dev->flags & IFF_UP))
		err = dev_open(dev);
	ST_EQ(err, 0);

	/* Measure with the device up, restore its state, then judge. */
	link = nic_selftest_wait(st_carrier, dev, ST_WAIT_LINK_MS);
	/* The stack announces itself when the link comes up (a deferred
	 * NETDEV_CHANGE): let that go out before taking the baseline. */
	msleep(ST_SETTLE_MS);
	nic_selftest_wait(st_tx_idle, &idle_arg, ST_WAIT_IDLE_MS);
	rings_ok = st_rings_ok(nt, dev);
	skb_get_stats(&before);
	st0 = *dev_get_stats(dev);
	tx0 = st0.tx_packets;
	rx0 = st0.rx_packets;
	dev_add_pack(&probe.tap);
	/* One first: QEMU's e1000 holds back receives for a second after
	 * RCTL is written, and a burst answered all at once then overruns. */
	probe.requests = st_send_arp(dev, 1);
	replied = nic_selftest_wait(st_all_replied, &probe, ST_WAIT_REPLY_MS);
	if (replied && count > 1) {
		probe.requests += st_send_arp(dev, count - 1);
		replied = nic_selftest_wait(st_all_replied, &probe, ST_WAIT_REPLY_MS);
	}
	idle = nic_selftest_wait(st_tx_idle, &idle_arg, ST_WAIT_IDLE_MS);
	dev_remove_pack(&probe.tap);
	/* The rest of the stack runs meanwhile (a boot-time ping may sit in
	 * ARP's queue at the baseline): wait for at most the baseline. */
	pools_back = nic_selftest_wait(st_pools_back, &before, ST_WAIT_IDLE_MS);
	skb_get_stats(&after);
	st = *dev_get_stats(dev);
	tx1 = st.tx_packets;
	rx1 = st.rx_packets;
	rings_ok = rings_ok && st_rings_ok(nt, dev);
	if (!was_up)
		dev_close(dev);

	ST_ASSERT(down_ok);
	ST_ASSERT(link);
	ST_ASSERT(rings_ok);
	ST_EQ(probe.requests, count);
	/*
	 * A burst larger than the RX ring, with no flow control, may overrun
	 * it when the host is busy: that is allowed, losing frames silently is
	 * not. Every reply is received or counted as missed by the NIC, and at
	 * least a ring's worth arrives.
	 */
	missed = st.rx_missed_errors - st0.rx_missed_errors;
	if (!replied && (probe.replies + missed < count ||
			 probe.replies < min(count, (unsigned int)ST_MIN_BURST_REPLIES)))
		ST_FAIL("%u of %u ARP requests answered, %llu counted as missed",
			probe.replies, count, (unsigned long long)missed);
	ST_ASSERT(idle);
	ST_ASSERT(tx1 - tx0 >= count);
	ST_ASSERT(rx1 - rx0 >= probe.replies);
	if (!pools_back)
		ST_FAIL("skbs live %llu (baseline %llu), data areas %llu (baseline %llu)",
			(unsigned long long)after.live_heads,
			(unsigned long long)before.live_heads,
			(unsigned long long)after.live_data,
			(unsigned long long)before.live_data);
}
