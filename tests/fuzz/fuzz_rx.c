/*
 * libFuzzer target: arbitrary bytes as Ethernet frames into the receive
 * path of a host with eth0 10.0.0.2/24 and eth1 192.168.1.2/24, forwarding
 * on, a default route via 10.0.0.1. After each input every timer is run
 * out, and the skb pools, all allocations and the timer list must be back
 * where they started: nothing a peer sends may leak or crash.
 *
 * A UDP socket is bound to 10.0.0.2:7 for each input, so datagrams that
 * survive IP reach a socket's receive queue; it is drained and closed
 * before the pools are checked.
 *
 * Every input runs three times, its frames handed up as linear skbs, as
 * a short head with page frags, and as a head with a frag_list chain
 * (tests/unit/shim/nettest/skb_layout.h); the pools, pages included, are
 * checked after each run. The fuzzer picks the cut points too. Frames
 * reach the stack as a NIC's do, through NAPI and GRO: the frames of
 * records between two clock steps arrive in one poll, so GRO merges what
 * it can of them.
 *
 * Input: byte 0 selects the mode. Bit 7 clear: the rest is one frame for
 * the device in bit 0, cut where bits 1-6 say. Bit 7 set: the rest is a
 * sequence of records [dev|delay byte][cut: 4 bits, length: 12 bits,
 * big-endian][frame], so fragment trains and ARP exchanges can be
 * expressed; the low 7 bits of the first record byte advance the clock by
 * that many 100 ms steps first (the frames before go up first).
 */
/* links: net */
#include <kernel/slab.h>
#include <kernel/timer.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <kernel/net.h>
#include <netinet/in.h>
#include "shim.h"
#include "nettest/skb_layout.h"
#include "nettest/napi_rx.h"
#include "nettest/pools.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct net_device *devs[2];
static struct nt_pools base;

static netdev_tx_t fuzz_xmit(struct sk_buff *skb, struct net_device *dev)
{
	(void)dev;
	consume_skb(skb);	/* the wire */
	return NETDEV_TX_OK;
}

static const struct net_device_ops fuzz_ops = {
	.ndo_start_xmit = fuzz_xmit,
};

static struct net_device *fuzz_dev(u8 last, __be32 addr)
{
	u8 mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, last };
	struct net_device *dev = nt_napi_etherdev(&fuzz_ops, mac);

	if (inet_addr_add(dev, addr, 24))
		abort();
	return dev;
}

static void fuzz_setup(void)
{
	struct fib_route def = { .gateway = htonl(0x0a000001),
				 .protocol = RTPROT_STATIC };

	shim_printk_quiet = true;
	net_dev_init();
	inet_init();
	devs[0] = fuzz_dev(0x56, htonl(0x0a000002));
	devs[1] = fuzz_dev(0x57, htonl(0xc0a80102));
	if (ip_route_add(&def))
		abort();
	ipv4_forward = true;
	shim_run_softirqs();
	rt_cache_flush();
	nt_pools_get(&base);
}

static void fuzz_inject(struct net_device *dev, const u8 *data, size_t len,
			enum nt_layout layout, u32 cut)
{
	struct sk_buff *skb = nt_skb_layout(dev, data, len, layout,
					    cut * 2654435761u + (u32)len);

	if (!skb)
		abort();
	nt_napi_rx_queue(netdev_priv(dev), skb);
}

/* Both devices' queued frames up, each device's in one NAPI poll. */
static void fuzz_poll(void)
{
	nt_napi_rx_poll(netdev_priv(devs[0]));
	nt_napi_rx_poll(netdev_priv(devs[1]));
}

static void fuzz_records(const u8 *p, size_t n, enum nt_layout layout)
{
	while (n >= 3) {
		size_t len = (size_t)(p[1] & 0x0f) << 8 | p[2];
		u32 cut = p[1] >> 4;

		if (p[0] & 0x7f) {
			fuzz_poll();
			shim_advance_ms((u64)(p[0] & 0x7f) * 100);
		}
		p += 3;
		n -= 3;
		len = len < n ? len : n;
		fuzz_inject(devs[p[-3] >> 7], p, len, layout, cut);
		p += len;
		n -= len;
	}
}

/*
 * Everything a datagram can leave behind expires within 200 s; the input
 * routes cached meanwhile are let go (they would be at the next route
 * change).
 */
static void fuzz_check_baseline(void)
{
	shim_advance_ms(200000);
	rt_cache_flush();
	page_frag_release(&current->task_frag);	/* the block writes copied into */
	if (!nt_pools_back(&base))
		abort();
}

static struct socket *fuzz_udp_socket(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(7),
				   .sin_addr.s_addr = htonl(0x0a000002) };
	struct socket *sock;

	if (sock_create_kern(AF_INET, SOCK_DGRAM, IPPROTO_UDP, &sock) ||
	    kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin)))
		abort();
	return sock;
}

/* Read what arrived (exercising recvmsg on it), then close. */
static void fuzz_udp_close(struct socket *sock)
{
	static u8 buf[65536];
	struct sockaddr_in from;
	struct kvec v = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &from };

	while (kernel_recvmsg(sock, &m, &v, 1, sizeof(buf), MSG_DONTWAIT) >= 0)
		;
	sock_release(sock);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct socket *sock;

	if (!ready) {
		fuzz_setup();
		ready = 1;
	}
	if (size < 1)
		return 0;
	for (enum nt_layout l = NT_LINEAR; l < NT_LAYOUTS; l++) {
		sock = fuzz_udp_socket();
		if (data[0] & 0x80)
			fuzz_records(data + 1, size - 1, l);
		else
			fuzz_inject(devs[data[0] & 1], data + 1, size - 1, l,
				    (data[0] >> 1) & 0x3f);
		fuzz_poll();
		fuzz_udp_close(sock);
		fuzz_check_baseline();
	}
	return 0;
}
