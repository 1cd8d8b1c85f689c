/*
 * test_tcp_bulk.c - TCP moving bulk data to itself over loopback (MTU
 * 1500) through a fault-injecting wrapper around the loopback transmit:
 * loss, reordering with delay, duplication and corruption. Random write
 * and read sizes; the bytes must arrive identical and every pool must
 * return to its baseline.
 */
/* links: net */
#include <kernel/net.h>
#include <kernel/timer.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/netdevice.h>
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
};

static const struct net_device_ops *lo_ops;
static struct net_device_ops fault_ops;
static struct impair cur;
static struct sk_buff *held;		/* a frame held back to be reordered */
static struct timer_list held_timer;
static u64 n_lost, n_reordered, n_dup, n_corrupt;

static bool chance(unsigned int per_mille)
{
	return per_mille && unit_rand() % 1000 < per_mille;
}

static void release_held(void)
{
	struct sk_buff *skb = held;

	held = NULL;
	if (skb)
		lo_ops->ndo_start_xmit(skb, loopback_dev);
}

static void held_timer_fn(struct timer_list *t)
{
	release_held();
}

/* Consumes skb, as an ndo_start_xmit does. */
static netdev_tx_t fault_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct sk_buff *copy;

	if (chance(cur.loss)) {
		n_lost++;
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	if (chance(cur.corrupt) && skb->len > ETH_HLEN + 40) {
		/* A flipped bit past the IP header: only the TCP checksum can see it. */
		struct sk_buff *c = skb_copy(skb);

		if (c) {
			c->data[ETH_HLEN + 20 + unit_rand() % (c->len - ETH_HLEN - 20)] ^=
				(u8)(1u << (unit_rand() % 8));
			kfree_skb(skb);
			skb = c;
			n_corrupt++;
		}
	}
	if (chance(cur.dup) && (copy = skb_copy(skb))) {
		n_dup++;
		lo_ops->ndo_start_xmit(copy, dev);
	}
	if (!held && chance(cur.reorder)) {
		/* Hold it back until the next frame or 10 ms. */
		n_reordered++;
		held = skb;
		mod_timer(&held_timer, jiffies + 10);
		return NETDEV_TX_OK;
	}
	lo_ops->ndo_start_xmit(skb, dev);
	if (held) {
		del_timer(&held_timer);
		release_held();
	}
	return NETDEV_TX_OK;
}

static void impair_start(const struct impair *im)
{
	cur = *im;
	lo_ops = loopback_dev->netdev_ops;
	fault_ops = *lo_ops;
	fault_ops.ndo_start_xmit = fault_xmit;
	loopback_dev->netdev_ops = &fault_ops;
	loopback_dev->mtu = im->mtu ? im->mtu : 1500;
	timer_setup(&held_timer, held_timer_fn, 0);
	n_lost = n_reordered = n_dup = n_corrupt = 0;
}

static void impair_stop(void)
{
	del_timer(&held_timer);
	if (held) {
		kfree_skb(held);
		held = NULL;
	}
	loopback_dev->netdev_ops = lo_ops;
	loopback_dev->mtu = 65536;
}

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
	printf("# %zu bytes in %llu simulated ms: lost %llu reordered %llu dup %llu corrupt %llu\n",
	       total, (unsigned long long)(shim_now_ms() - start),
	       (unsigned long long)n_lost, (unsigned long long)n_reordered,
	       (unsigned long long)n_dup, (unsigned long long)n_corrupt);
	/*
	 * Each transmission is a clone of the queued skb pushing its headers
	 * into the headroom TCP released (fast clone, header release): no
	 * copy of the segment, only retransmissions while the previous copy
	 * is still held (pskb_copy) and the fault injector's own copies.
	 */
	skb_get_stats(&s1);
	segs = tcp_mib[TCP_MIB_OUTSEGS] - segs0;
	printf("# skb: %llu segments out, %llu clones (%llu fast), %llu copies, %llu heads expanded\n",
	       (unsigned long long)segs, (unsigned long long)(s1.clones - s0.clones),
	       (unsigned long long)(s1.fclones - s0.fclones),
	       (unsigned long long)(s1.copies - s0.copies),
	       (unsigned long long)(s1.expands - s0.expands));
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
	ok &= EXPECT_EQ_UINT(tcp_sock_count(), 0);
	ok &= EXPECT_EQ_UINT(tcp_tw_count(), 0);
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

UNIT_TEST(tcp_bulk_loss_20pct_1mb)
{
	struct impair im = { .loss = 200 };

	bulk_transfer(1 << 20, &im, NULL);
}
