/*
 * Helpers for the net unit tests: one-time stack init, a leak check to
 * bracket each test, a fake Ethernet device whose transmit captures skbs,
 * and frame injection through the driver-facing receive path.
 */
#ifndef _NETTEST_H
#define _NETTEST_H

#include <kernel/types.h>
#include <net/skbuff.h>
#include <net/netdevice.h>
#include "shim.h"
#include "napi_rx.h"
#include <net/proto/ip.h>

/* skb_init, net_dev_init and inet_init, once per program. */
void nettest_init(void);

/* Pool state a test must leave behind as it found it. */
struct nettest_baseline {
	struct skb_stats skb;
	u64 live_allocs;
	u64 live_pages;
	u32 timers;
};

void nettest_begin(struct nettest_baseline *b);
/* EXPECTs that skb heads, data areas, all allocations, pages and timers are back to b. */
bool nettest_end(const struct nettest_baseline *b);

/* A registered, up Ethernet device with carrier whose ndo_start_xmit queues
 * every frame on a capture queue, and whose NAPI poll hands up, through
 * GRO, the frames queued for it. */
struct fake_eth {
	struct sk_buff_head txq;
	struct nt_napi_rx rx;
	bool busy;		/* answer NETDEV_TX_BUSY and stop the queue */
	unsigned int opens, stops;
};

struct net_device *fake_eth_create(const u8 mac[6]);
/* The same with another queue length: 0 gives no qdisc (noqueue, as lo). */
struct net_device *fake_eth_create_txqlen(const u8 mac[6], u32 txqlen);
void fake_eth_destroy(struct net_device *dev);
/* Next captured frame (with its Ethernet header), or NULL. Caller frees. */
struct sk_buff *fake_eth_pop(struct net_device *dev);
unsigned int fake_eth_txlen(struct net_device *dev);
void fake_eth_purge(struct net_device *dev);

/*
 * Frames for dev's NAPI poll: queued, then handed up in one poll
 * (napi_schedule and the NET_RX softirq, the driver's eth_napi_gro_receive
 * for each, GRO flushed at napi_complete_done), as a NIC's burst.
 */
void nettest_napi_queue(struct net_device *dev, const void *frame, size_t len);
void nettest_napi_queue_skb(struct net_device *dev, struct sk_buff *skb);
void nettest_napi_poll(struct net_device *dev);

/* Deliver a frame straight to netif_receive_skb (softirq context), then run softirqs. */
void nettest_inject(struct net_device *dev, const void *frame, size_t len);
/* Same, from an skb the test built (consumed). */
void nettest_inject_skb(struct net_device *dev, struct sk_buff *skb);

/* Frame builders: write into buf, return the length. Addresses in network order. */
#define NT_IP(a, b, c, d) htonl((u32)(a) << 24 | (u32)(b) << 16 | (u32)(c) << 8 | (d))
size_t nt_eth(u8 *buf, const u8 *dst, const u8 *src, u16 type);
/* Ethernet + IPv4 (20-octet header, valid checksum) + payload. */
size_t nt_ip_frame(u8 *buf, const u8 *dst_mac, const u8 *src_mac,
		   __be32 saddr, __be32 daddr, u8 proto, u16 id,
		   u16 frag_off, u8 ttl, const void *payload, size_t len);
/* ICMP message (header + data) with a valid checksum. */
size_t nt_icmp(u8 *buf, u8 type, u8 code, u16 id, u16 seq,
	       const void *data, size_t len);
/* A TCP segment (20-octet header, valid checksum) + data; flags TCPHDR_*. */
size_t nt_tcp(u8 *buf, __be32 saddr, __be32 daddr, u16 sport, u16 dport, u32 seq,
	      u32 ack, u8 flags, u16 win, const void *data, size_t len);
/* What an ICMP error quotes (RFC 792): a 20-octet IP header, then 8 zero octets. */
#define NT_QUOTE_LEN	28
size_t nt_icmp_quote(u8 *buf, __be32 saddr, __be32 daddr, u8 proto);
size_t nt_arp_frame(u8 *buf, const u8 *eth_dst, u16 op, const u8 *sha,
		    __be32 sip, const u8 *tha, __be32 tip);
/* The IPv4 header of a captured Ethernet frame. */
const struct iphdr *nt_iph(const struct sk_buff *skb);

extern const u8 nt_mac_us[6], nt_mac_peer[6], nt_mac_bcast[6];

/*
 * rtnetlink from a test, as a program does it: send req (its nlmsg_seq is
 * set) on a kernel NETLINK_ROUTE socket, pass every answer other than the
 * ACK, error or NLMSG_DONE to each (may be NULL), and return the kernel's
 * result: 0 or -errno (-EAGAIN when no ACK, error or NLMSG_DONE came).
 */
struct nlmsghdr;
int nettest_rtnl(struct nlmsghdr *req,
		 void (*each)(const struct nlmsghdr *n, void *arg), void *arg);
/*
 * A tc command, the words after "tc" ("qdisc add dev lo root netem loss
 * 5%"), parsed by libc's tc and sent with nettest_rtnl: 0 or -errno
 * (-EINVAL when tc's parser refuses it, -ENODEV for an unknown dev).
 */
int nettest_tc(const char *cmd);

/* Run fn(arg) in a child process; true if it died (panic/BUG_ON aborts). */
bool nettest_dies(void (*fn)(void *arg), void *arg);

#endif
