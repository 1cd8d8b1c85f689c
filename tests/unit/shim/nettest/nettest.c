/* Net unit-test helpers: see nettest.h. */
#include "nettest.h"
#include "unit.h"
#include <net/etherdevice.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/packet.h>
#include <net/checksum.h>
#include <net/proto/arp.h>
#include <net/proto/icmp.h>
#include <kernel/net.h>
#include <linux/rtnetlink.h>
#include <skiff/tc.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <net/proto/tcp.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void nettest_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	shim_printk_quiet = getenv("NETTEST_VERBOSE") == NULL;
	net_dev_init();
	inet_init();
	if (packet_init())
		abort();
	shim_run_softirqs();
}

void nettest_begin(struct nettest_baseline *b)
{
	nettest_init();
	shim_run_softirqs();
	rt_cache_flush();	/* the input routes cached by earlier tests */
	page_frag_release(&current->task_frag);	/* the block earlier writes copied into */
	skb_get_stats(&b->skb);
	b->live_allocs = shim_live_allocs();
	b->live_pages = shim_live_pages();
	b->timers = timers_pending_count();
}

bool nettest_end(const struct nettest_baseline *b)
{
	struct skb_stats now;
	bool ok = true;

	shim_run_softirqs();
	rt_cache_flush();	/* the input routes this test cached */
	page_frag_release(&current->task_frag);	/* the block this test's writes copied into */
	skb_get_stats(&now);
	ok &= EXPECT_EQ_UINT(now.live_heads, b->skb.live_heads);
	ok &= EXPECT_EQ_UINT(now.live_data, b->skb.live_data);
	ok &= EXPECT_EQ_UINT(shim_live_allocs(), b->live_allocs);
	ok &= EXPECT_EQ_UINT(shim_live_pages(), b->live_pages);
	ok &= EXPECT_EQ_UINT(timers_pending_count(), b->timers);
	ok &= EXPECT(!arch_irqs_disabled());
	ok &= EXPECT_EQ_UINT(preempt_count(), 0);
	ok &= EXPECT_EQ_UINT(refcount_saturations, 0);	/* no refcount_t went wrong */
	return ok;
}

static int fake_open(struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);

	fe->opens++;
	napi_enable(&fe->rx.napi);
	netif_start_queue(dev);
	return 0;
}

static int fake_stop(struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);

	fe->stops++;
	napi_disable(&fe->rx.napi);
	netif_stop_queue(dev);
	return 0;
}


static netdev_tx_t fake_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);

	if (fe->busy) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	skb_queue_tail(&fe->txq, skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_ops = {
	.ndo_open = fake_open,
	.ndo_stop = fake_stop,
	.ndo_start_xmit = fake_xmit,
};

struct net_device *fake_eth_create(const u8 mac[6])
{
	return fake_eth_create_txqlen(mac, 1000);
}

struct net_device *fake_eth_create_txqlen(const u8 mac[6], u32 txqlen)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct fake_eth));
	struct fake_eth *fe;

	if (!dev)
		abort();
	dev->tx_queue_len = txqlen;
	fe = netdev_priv(dev);
	skb_queue_head_init(&fe->txq);
	nt_napi_rx_init(&fe->rx, dev);
	dev->netdev_ops = &fake_ops;
	memcpy(dev->dev_addr, mac, ETH_ALEN);
	if (register_netdev(dev))
		abort();
	netif_carrier_on(dev);
	if (dev_open(dev))
		abort();
	shim_run_softirqs();
	return dev;
}

/* The captured frames went out on the "wire": consumed, not drops. */
void fake_eth_purge(struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&fe->txq)) != NULL)
		consume_skb(skb);
}

void fake_eth_destroy(struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);

	unregister_netdev(dev);
	shim_run_softirqs();
	fake_eth_purge(dev);
	nt_napi_rx_del(&fe->rx);
	free_netdev(dev);
}

struct sk_buff *fake_eth_pop(struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);

	return skb_dequeue(&fe->txq);
}

unsigned int fake_eth_txlen(struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);

	return skb_queue_len(&fe->txq);
}

void nettest_napi_queue_skb(struct net_device *dev, struct sk_buff *skb)
{
	struct fake_eth *fe = netdev_priv(dev);

	nt_napi_rx_queue(&fe->rx, skb);
}

void nettest_napi_queue(struct net_device *dev, const void *frame, size_t len)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, (unsigned int)len);

	if (!skb)
		abort();
	skb_put_data(skb, frame, (unsigned int)len);
	nettest_napi_queue_skb(dev, skb);
}

void nettest_napi_poll(struct net_device *dev)
{
	struct fake_eth *fe = netdev_priv(dev);

	nt_napi_rx_poll(&fe->rx);
}

void nettest_inject_skb(struct net_device *dev, struct sk_buff *skb)
{
	local_bh_disable();
	preempt_count_add(SOFTIRQ_OFFSET);
	eth_receive_skb(skb, dev);
	preempt_count_sub(SOFTIRQ_OFFSET);
	local_bh_enable();
	shim_run_softirqs();
}

void nettest_inject(struct net_device *dev, const void *frame, size_t len)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, (unsigned int)len);

	if (!skb)
		abort();
	skb_put_data(skb, frame, (unsigned int)len);
	nettest_inject_skb(dev, skb);
}

bool nettest_dies(void (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* The child's panic is expected: keep its report off the TAP output. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		fn(arg);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	return WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

const u8 nt_mac_us[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
const u8 nt_mac_peer[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
const u8 nt_mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

size_t nt_eth(u8 *buf, const u8 *dst, const u8 *src, u16 type)
{
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = (u8)(type >> 8);
	buf[13] = (u8)type;
	return ETH_HLEN;
}

size_t nt_ip_frame(u8 *buf, const u8 *dst_mac, const u8 *src_mac,
		   __be32 saddr, __be32 daddr, u8 proto, u16 id,
		   u16 frag_off, u8 ttl, const void *payload, size_t len)
{
	size_t off = nt_eth(buf, dst_mac, src_mac, ETH_P_IP);
	struct iphdr iph = { 0 };

	ip_set_version_ihl(&iph, 5);
	iph.tot_len = htons((u16)(20 + len));
	iph.id = htons(id);
	iph.frag_off = htons(frag_off);
	iph.ttl = ttl;
	iph.protocol = proto;
	iph.saddr = saddr;
	iph.daddr = daddr;
	iph.check = ip_fast_csum(&iph, 5);
	memcpy(buf + off, &iph, 20);
	if (len)
		memcpy(buf + off + 20, payload, len);
	return off + 20 + len;
}

size_t nt_icmp(u8 *buf, u8 type, u8 code, u16 id, u16 seq,
	       const void *data, size_t len)
{
	struct icmphdr h = { 0 };

	h.type = type;
	h.code = code;
	h.un.echo.id = htons(id);
	h.un.echo.sequence = htons(seq);
	memcpy(buf, &h, 8);
	if (len)
		memcpy(buf + 8, data, len);
	h.checksum = ip_compute_csum(buf, (unsigned int)(8 + len));
	memcpy(buf + 2, &h.checksum, 2);
	return 8 + len;
}

size_t nt_tcp(u8 *buf, __be32 saddr, __be32 daddr, u16 sport, u16 dport, u32 seq,
	      u32 ack, u8 flags, u16 win, const void *data, size_t len)
{
	struct tcphdr th = { 0 };
	size_t n = TCP_HLEN_MIN + len;

	th.source = htons(sport);
	th.dest = htons(dport);
	th.seq = htonl(seq);
	th.ack_seq = htonl(ack);
	tcp_set_doff(&th, 5);
	th.flags = flags;
	th.window = htons(win);
	memcpy(buf, &th, TCP_HLEN_MIN);
	if (len)
		memcpy(buf + TCP_HLEN_MIN, data, len);
	th.check = csum_tcpudp_magic(saddr, daddr, (u32)n, IPPROTO_TCP,
				     csum_partial(buf, (unsigned int)n, 0));
	memcpy(buf + 16, &th.check, 2);
	return n;
}

size_t nt_icmp_quote(u8 *buf, __be32 saddr, __be32 daddr, u8 proto)
{
	struct iphdr iph = { 0 };

	ip_set_version_ihl(&iph, 5);
	iph.tot_len = htons(NT_QUOTE_LEN);
	iph.ttl = 64;
	iph.protocol = proto;
	iph.saddr = saddr;
	iph.daddr = daddr;
	iph.check = ip_fast_csum(&iph, 5);
	memcpy(buf, &iph, 20);
	memset(buf + 20, 0, 8);
	return NT_QUOTE_LEN;
}

size_t nt_arp_frame(u8 *buf, const u8 *eth_dst, u16 op, const u8 *sha,
		    __be32 sip, const u8 *tha, __be32 tip)
{
	size_t off = nt_eth(buf, eth_dst, sha, ETH_P_ARP);
	struct arp_eth_ipv4 a;

	a.hdr.ar_hrd = htons(ARPHRD_ETHER);
	a.hdr.ar_pro = htons(ETH_P_IP);
	a.hdr.ar_hln = 6;
	a.hdr.ar_pln = 4;
	a.hdr.ar_op = htons(op);
	memcpy(a.ar_sha, sha, 6);
	a.ar_sip = sip;
	memcpy(a.ar_tha, tha, 6);
	a.ar_tip = tip;
	memcpy(buf + off, &a, sizeof(a));
	return off + sizeof(a);
}

const struct iphdr *nt_iph(const struct sk_buff *skb)
{
	return (const struct iphdr *)(skb->data + ETH_HLEN);
}

/* Answers of one request, as they come off the socket (one message each). */
static int rtnl_answers(struct socket *sock, u32 seq,
			void (*each)(const struct nlmsghdr *n, void *arg), void *arg)
{
	static u8 buf[8192];
	struct msghdr msg = { 0 };
	struct kvec v = { buf, sizeof(buf) };
	int len;

	while ((len = kernel_recvmsg(sock, &msg, &v, 1, sizeof(buf), MSG_DONTWAIT)) > 0) {
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			int err;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type != NLMSG_ERROR && h->nlmsg_type != NLMSG_DONE) {
				if (each)
					each(h, arg);
				continue;
			}
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
				return -EPROTO;
			memcpy(&err, NLMSG_DATA(h), sizeof(err));
			return err;
		}
	}
	return len < 0 ? len : -EPROTO;
}

int nettest_rtnl(struct nlmsghdr *req,
		 void (*each)(const struct nlmsghdr *n, void *arg), void *arg)
{
	static u32 seq;
	struct msghdr msg = { 0 };
	struct kvec v = { req, req->nlmsg_len };
	struct socket *sock;
	int err = sock_create_kern(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock);

	if (err)
		return err;
	req->nlmsg_seq = ++seq;
	err = kernel_sendmsg(sock, &msg, &v, 1, req->nlmsg_len);
	if (err >= 0)
		err = rtnl_answers(sock, seq, each, arg);
	sock_release(sock);
	return err;
}

int nettest_tc(const char *cmd)
{
	static struct tc_args a;
	char words[512], err[160], *argv[48];
	struct net_device *dev;
	int argc = 0;

	snprintf(words, sizeof(words), "%s", cmd);
	for (char *p = strtok(words, " "); p && argc < 48; p = strtok(NULL, " "))
		argv[argc++] = p;
	if (tc_parse_args(argc, argv, &a, err, sizeof(err))) {
		printf("# tc %s: %s\n", cmd, err);
		return -EINVAL;
	}
	if (a.dev[0]) {
		dev = dev_get_by_name(a.dev);
		if (!dev)
			return -ENODEV;
		a.req.t.tcm_ifindex = dev->ifindex;
	}
	return nettest_rtnl(&a.req.n, NULL, NULL);
}
