/* A test device's NAPI receive through GRO: see napi_rx.h. */
#include <kernel/softirq.h>
#include <net/etherdevice.h>
#include "shim.h"
#include "napi_rx.h"
#include <stdlib.h>
#include <string.h>

/* A NIC's poll: up to budget queued frames, through GRO. */
static int nt_napi_rx_poll_fn(struct napi_struct *napi, int budget)
{
	struct nt_napi_rx *r = container_of(napi, struct nt_napi_rx, napi);
	struct sk_buff *skb;
	int work = 0;

	while (work < budget && (skb = skb_dequeue(&r->rxq)) != NULL) {
		eth_napi_gro_receive(napi, skb);
		work++;
	}
	if (work < budget)
		napi_complete_done(napi, work);
	return work;
}

void nt_napi_rx_init(struct nt_napi_rx *r, struct net_device *dev)
{
	skb_queue_head_init(&r->rxq);
	netif_napi_add(dev, &r->napi, nt_napi_rx_poll_fn, NAPI_POLL_WEIGHT);
}

void nt_napi_rx_del(struct nt_napi_rx *r)
{
	skb_queue_purge(&r->rxq);
	netif_napi_del(&r->napi);
}

void nt_napi_rx_queue(struct nt_napi_rx *r, struct sk_buff *skb)
{
	skb_queue_tail(&r->rxq, skb);
}

void nt_napi_rx_poll(struct nt_napi_rx *r)
{
	napi_schedule(&r->napi);
	shim_run_softirqs();
}

struct net_device *nt_napi_etherdev(const struct net_device_ops *ops, const u8 *mac)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct nt_napi_rx));
	struct nt_napi_rx *r;

	if (!dev)
		abort();
	dev->netdev_ops = ops;
	memcpy(dev->dev_addr, mac, ETH_ALEN);
	r = netdev_priv(dev);
	nt_napi_rx_init(r, dev);
	napi_enable(&r->napi);
	if (register_netdev(dev) || dev_open(dev))
		abort();
	netif_carrier_on(dev);
	return dev;
}
