/*
 * libFuzzer target: arbitrary bytes as rtnetlink requests on a
 * NETLINK_ROUTE socket, to a host with lo (ifindex 1) and eth0 (ifindex
 * 2). Whatever qdiscs the requests leave are given traffic (frames sent
 * on both devices and received on eth0, the clock run on), every answer
 * is printed back with tc's printer (libc/tc.c, which reads what the
 * kernel sends), and then every qdisc goes back to the default: the skb
 * pools, all allocations and the timer list must be where they started.
 */
/* links: net */
#include <kernel/net.h>
#include <kernel/timer.h>
#include <net/netdevice.h>
#include <net/route.h>
#include <net/etherdevice.h>
#include <net/netlink.h>
#include <net/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <skiff/tc.h>
#include "shim.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct net_device *eth;
static struct skb_stats base_skb;
static u64 base_allocs;
static u32 base_timers;

static netdev_tx_t fuzz_xmit(struct sk_buff *skb, struct net_device *dev)
{
	consume_skb(skb);	/* the wire */
	return NETDEV_TX_OK;
}

static const struct net_device_ops fuzz_ops = {
	.ndo_start_xmit = fuzz_xmit,
};

static void fuzz_setup(void)
{
	static const u8 mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	shim_printk_quiet = true;
	net_dev_init();
	eth = alloc_etherdev(0);
	if (!eth)
		abort();
	eth->netdev_ops = &fuzz_ops;
	memcpy(eth->dev_addr, mac, ETH_ALEN);
	if (register_netdev(eth) || dev_open(eth))
		abort();
	netif_carrier_on(eth);
	shim_run_softirqs();
	rt_cache_flush();
	skb_get_stats(&base_skb);
	base_allocs = shim_live_allocs();
	base_timers = timers_pending_count();
}

/* Every answer through tc's printer, as the shell's tc would show it. */
static void fuzz_answers(struct socket *sock)
{
	static u8 buf[8192];
	static char text[1024];
	struct msghdr msg = { 0 };
	struct kvec v = { buf, sizeof(buf) };
	int len;

	while ((len = kernel_recvmsg(sock, &msg, &v, 1, sizeof(buf), MSG_DONTWAIT)) > 0)
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len))
			if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct tcmsg)))
				tc_print_qdisc(h, "eth0", true, text, sizeof(text));
}

static void fuzz_frame(struct net_device *dev, bool rx, u8 tag)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, 64);
	u8 *p;

	if (!skb)
		abort();
	p = skb_put_zero(skb, 64);
	memcpy(p, dev->dev_addr, ETH_ALEN);
	p[12] = 0x88;
	p[13] = 0xb6;		/* local experimental: nobody's protocol */
	p[14] = tag;
	local_bh_disable();
	if (rx) {
		preempt_count_add(SOFTIRQ_OFFSET);
		eth_receive_skb(skb, dev);
		preempt_count_sub(SOFTIRQ_OFFSET);
	} else {
		skb->dev = dev;
		dev_queue_xmit(skb);
	}
	local_bh_enable();
	shim_run_softirqs();
}

/* Back to the defaults: whatever is queued is dropped, every timer stops. */
static void fuzz_reset(struct net_device *dev)
{
	struct Qdisc *old;
	int err;

	local_bh_disable();
	old = dev_graft_qdisc(dev, TC_H_INGRESS, NULL, &err);
	if (old)
		qdisc_destroy(old);
	if (dev->qdisc && dev->qdisc->handle) {
		old = dev_graft_qdisc(dev, TC_H_ROOT, NULL, &err);
		if (err)
			abort();
		qdisc_destroy(old);
	}
	local_bh_enable();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static char text[1024];
	struct socket *sock;
	struct msghdr msg = { 0 };
	struct kvec v = { (void *)data, size };
	struct skb_stats now;

	if (!ready) {
		fuzz_setup();
		ready = 1;
	}
	if (size >= NLMSG_LENGTH(sizeof(struct tcmsg)) &&
	    ((const struct nlmsghdr *)data)->nlmsg_len <= size)
		tc_print_qdisc((const struct nlmsghdr *)data, "eth0", true, text, sizeof(text));
	if (sock_create_kern(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock))
		abort();
	kernel_sendmsg(sock, &msg, &v, 1, size);
	fuzz_answers(sock);
	sock_release(sock);
	for (u8 i = 0; i < 8; i++) {
		fuzz_frame(eth, false, i);
		fuzz_frame(eth, true, i);
		fuzz_frame(loopback_dev, false, i);
		shim_advance_ms(3);
	}
	shim_advance_ms(5000);
	fuzz_reset(eth);
	fuzz_reset(loopback_dev);
	shim_run_softirqs();
	rt_cache_flush();	/* the input routes cached meanwhile */
	skb_get_stats(&now);
	if (now.live_heads != base_skb.live_heads || now.live_data != base_skb.live_data ||
	    shim_live_allocs() != base_allocs || timers_pending_count() != base_timers)
		abort();
	return 0;
}
