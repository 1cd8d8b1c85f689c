/*
 * libFuzzer target: arbitrary TCP segments into a listening socket and an
 * established connection. The host is 10.0.0.2 with a listener on port
 * 80; each input first completes a handshake from 10.0.0.1:1234 (so
 * there is an established connection with known sequence numbers), then
 * injects its segments, and finally closes everything and runs every
 * timer out: the skb pools, all allocations, the timers and the TCP
 * socket and TIME-WAIT counts must be back where they started.
 *
 * Every input runs three times, its segments handed up as linear skbs,
 * as a short head with page frags, and as a head with a frag_list chain
 * (tests/unit/shim/nettest/skb_layout.h), pages counted in the pools.
 * They arrive through NAPI and GRO (with DF, as TCP sends them): the
 * segments between two clock steps or socket calls in one poll, so TCP
 * also meets what GRO makes of them.
 *
 * Input: a sequence of records
 *	[ctl][cut: 4 bits, len: 12 bits][segment: len octets, a TCP header
 *	and payload]
 * ctl bit 0: rewrite seq/ack relative to the connection (so the fuzzer
 * reaches in-window processing), bit 1: from port 1234 (else the
 * segment's own source port), bit 2: keep the fuzzed checksum, bits 3-7:
 * advance the clock by that many 50 ms steps first. The cut bits choose
 * where the segment's frame is split into frags or chained skbs. A
 * zero-length segment instead reads from the connection and writes 1000
 * bytes to it.
 */
/* links: net */
#include <kernel/net.h>
#include <kernel/timer.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/inetdevice.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <fcntl.h>
#include "shim.h"
#include "nettest/skb_layout.h"
#include "nettest/napi_rx.h"
#include "nettest/pools.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define US	htonl(0x0a000002)
#define PEER	htonl(0x0a000001)
#define PEER_PORT 1234

static struct net_device *dev;
static struct nt_pools base;
static u32 our_isn, peer_isn = 5000;
static const u8 mac_us[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const u8 mac_peer[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };

/* The wire: remember the ISN of a SYN-ACK to the peer's port, drop the rest. */
static netdev_tx_t fuzz_xmit(struct sk_buff *skb, struct net_device *d)
{
	const struct iphdr *iph = (const struct iphdr *)(skb->data + ETH_HLEN);

	if (skb->len >= ETH_HLEN + 40 && iph->protocol == IPPROTO_TCP) {
		const struct tcphdr *th = (const struct tcphdr *)((const u8 *)iph +
								  ip_hdrlen_of(iph));

		if ((th->flags & TCPHDR_SYN) && th->dest == htons(PEER_PORT))
			our_isn = ntohl(th->seq);
	}
	consume_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fuzz_ops = {
	.ndo_start_xmit = fuzz_xmit,
};

static void fuzz_setup(void)
{
	shim_printk_quiet = true;
	net_dev_init();
	inet_init();
	dev = nt_napi_etherdev(&fuzz_ops, mac_us);
	if (inet_addr_add(dev, US, 24) || neigh_add_permanent(dev, PEER, mac_peer))
		abort();
	shim_run_softirqs();
	rt_cache_flush();
	nt_pools_get(&base);
}

/*
 * One TCP segment from the peer (th already in network order; len of
 * header + data), its frame laid out as layout and cut says.
 */
static void inject(u8 *seg, size_t len, bool keep_csum, enum nt_layout layout,
		   u32 cut)
{
	static u8 p[ETH_HLEN + 20 + 4096];
	struct iphdr *iph;
	struct tcphdr *th = (struct tcphdr *)seg;
	struct sk_buff *skb;

	if (!keep_csum && len >= TCP_HLEN_MIN) {
		th->check = 0;
		th->check = csum_tcpudp_magic(PEER, US, (u32)len, IPPROTO_TCP,
					      csum_partial(seg, (unsigned int)len, 0));
	}
	memcpy(p, mac_us, ETH_ALEN);
	memcpy(p + ETH_ALEN, mac_peer, ETH_ALEN);
	p[12] = 0x08;
	p[13] = 0x00;
	iph = (struct iphdr *)(p + ETH_HLEN);
	memset(iph, 0, 20);
	ip_set_version_ihl(iph, 5);
	iph->tot_len = htons((u16)(20 + len));
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = PEER;
	iph->daddr = US;
	ip_send_check(iph);
	memcpy(p + ETH_HLEN + 20, seg, len);
	skb = nt_skb_layout(dev, p, ETH_HLEN + 20 + len, layout,
			    cut * 2654435761u + (u32)len);
	if (!skb)
		abort();
	nt_napi_rx_queue(netdev_priv(dev), skb);
}

/* The segments queued so far go up, in one NAPI poll. */
static void fuzz_poll(void)
{
	nt_napi_rx_poll(netdev_priv(dev));
}

static void ctl_segment(u8 flags, u32 seq, u32 ack, const u8 *opts, size_t olen)
{
	u8 seg[60] = { 0 };
	struct tcphdr *th = (struct tcphdr *)seg;

	th->source = htons(PEER_PORT);
	th->dest = htons(80);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->flags = flags;
	th->window = htons(65535);
	tcp_set_doff(th, (unsigned int)(20 + olen) / 4);
	if (olen)
		memcpy(seg + 20, opts, olen);
	inject(seg, 20 + olen, false, NT_LINEAR, 0);
	fuzz_poll();
}

static void sock_io(struct socket *s)
{
	static u8 buf[4096];
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec v = { buf, sizeof(buf) };

	kernel_recvmsg(s, &msg, &v, 1, sizeof(buf), MSG_DONTWAIT);
	v.iov_len = 1000;
	kernel_sendmsg(s, &msg, &v, 1, 1000);
}

/* The input once, its segments in layout; everything must be back at the end. */
static void fuzz_run(const uint8_t *data, size_t size, enum nt_layout layout)
{
	static const u8 syn_opts[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1,
				       0, 0, 0, 0, 1, 3, 3, 7 };
	static u8 seg[4096];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct socket *lsock, *csock = NULL;

	if (sock_create_kern(AF_INET, SOCK_STREAM, IPPROTO_TCP, &lsock))
		abort();
	if (kernel_bind(lsock, (struct sockaddr *)&sin, sizeof(sin)) ||
	    kernel_listen(lsock, 4))
		abort();
	/* The established connection every input starts from. */
	ctl_segment(TCPHDR_SYN, peer_isn, 0, syn_opts, sizeof(syn_opts));
	ctl_segment(TCPHDR_ACK, peer_isn + 1, our_isn + 1, NULL, 0);
	kernel_accept(lsock, &csock, O_NONBLOCK);

	while (size >= 3) {
		u8 ctl = data[0];
		size_t len = (size_t)(data[1] & 0x0f) << 8 | data[2];
		u32 cut = data[1] >> 4;

		data += 3;
		size -= 3;
		len = len < size ? len : size;
		if (ctl >> 3 || !len)
			fuzz_poll();
		shim_advance_ms((u64)(ctl >> 3) * 50);
		if (!len) {
			if (csock)
				sock_io(csock);
			continue;
		}
		memcpy(seg, data, len);
		data += len;
		size -= len;
		if (len >= TCP_HLEN_MIN) {
			struct tcphdr *th = (struct tcphdr *)seg;

			th->dest = htons(80);
			if (ctl & 2)
				th->source = htons(PEER_PORT);
			if (ctl & 1) {
				th->seq = htonl(peer_isn + 1 + (ntohl(th->seq) & 0xffff));
				th->ack_seq = htonl(our_isn + (ntohl(th->ack_seq) & 0xffff));
			}
		}
		inject(seg, len, ctl & 4, layout, cut);
	}
	fuzz_poll();

	if (csock)
		sock_release(csock);
	sock_release(lsock);
	shim_advance_ms(3600 * 1000);
	rt_cache_flush();	/* the input routes cached meanwhile */
	page_frag_release(&current->task_frag);	/* the block writes copied into */
	if (!nt_pools_back(&base) || tcp_sock_count() || tcp_tw_count())
		abort();
	peer_isn += 100000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		fuzz_setup();
		ready = 1;
	}
	for (enum nt_layout l = NT_LINEAR; l < NT_LAYOUTS; l++)
		fuzz_run(data, size, l);
	return 0;
}
