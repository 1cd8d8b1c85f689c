/*
 * A test device's NAPI receive, as a NIC driver does it: frames queued,
 * then handed up in one poll, each through eth_napi_gro_receive (GRO),
 * what GRO holds flushed at napi_complete_done. Shared by the unit tests
 * (fake_eth) and the fuzzers.
 */
#ifndef _NETTEST_NAPI_RX_H
#define _NETTEST_NAPI_RX_H

#include <net/netdevice.h>

struct nt_napi_rx {
	struct napi_struct napi;
	struct sk_buff_head rxq;	/* frames for the next poll */
};

/* Add r's napi to dev (disabled, as netif_napi_add leaves it: napi_enable it to poll). */
void nt_napi_rx_init(struct nt_napi_rx *r, struct net_device *dev);
/* Frames still queued are dropped; the napi leaves the device. */
void nt_napi_rx_del(struct nt_napi_rx *r);
void nt_napi_rx_queue(struct nt_napi_rx *r, struct sk_buff *skb);
/* napi_schedule and the NET_RX softirq: every queued frame goes up (in polls of NAPI_POLL_WEIGHT). */
void nt_napi_rx_poll(struct nt_napi_rx *r);

/*
 * For the fuzzers: a registered, up Ethernet device with carrier and the
 * MAC address mac, ops its transmit, its priv an enabled nt_napi_rx.
 * Aborts if it cannot be made (the harness is broken, not the stack).
 */
struct net_device *nt_napi_etherdev(const struct net_device_ops *ops, const u8 *mac);

#endif
