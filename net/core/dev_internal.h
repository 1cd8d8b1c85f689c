/* Shared between the files of net/core; not an API for the rest of the kernel. */
#ifndef _NET_CORE_DEV_INTERNAL_H
#define _NET_CORE_DEV_INTERNAL_H

#include <net/netdevice.h>

/* Show skb to the transmit taps, then give it to the driver (NETDEV_TX_BUSY: still ours). */
netdev_tx_t xmit_one(struct sk_buff *skb, struct net_device *dev);
/* Deliver pending carrier-change notifications; from the NET_TX softirq. */
void linkwatch_run(void);
void net_rx_action(void);
void backlog_init(void);
void dev_watchdog_start(struct net_device *dev);
/* The device's counters for one received frame (GRO counts each before merging). */
void dev_rx_account(struct sk_buff *skb);
/* netif_receive_skb for a frame already counted (Linux's __netif_receive_skb). Consumes skb. */
int __netif_receive_skb(struct sk_buff *skb);
/* The protocol demux, after the taps and the ingress qdisc. Consumes skb. */
int netif_receive_skb_ptype(struct sk_buff *skb);
/* The receive-side hook: skb into dev's ingress qdisc (net/core/qdisc.c). Consumes skb. */
int sch_handle_ingress(struct sk_buff *skb, struct Qdisc *q);
void dev_watchdog_stop(struct net_device *dev);
/* At registration: the software offloads, the user's wishes, the command line's. */
void netdev_init_features(struct net_device *dev);

#endif
