/*
 * The rings of the e1000 family put together: one RX ring of legacy
 * descriptors (e1000_rx.c) and one TX ring of context and data
 * descriptors (e1000_tx.c), the NAPI poll, the interrupt handler,
 * ndo_open/ndo_stop/ndo_change_mtu and probe. The 8254x SDM describes the
 * descriptors and queues ([8254x SDM 3.2-3.5, 14.4-14.5]); the 82574L
 * keeps them when RFCTL.EXSTEN is clear [82574 DS 7.1, 7.2]. Chip
 * differences come through a->mac (see e1000_ring.h).
 */
#include <kernel/pci.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/softirq.h>
#include <kernel/printk.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include "e1000_ring.h"
#include "../nic_common.h"

/* Anything for the poll? Read after unmasking, to catch what raced it. */
static bool e1000_work_pending(const struct e1000_adapter *a)
{
	return e1000_rx_pending(a) || e1000_tx_pending(a);
}

/*
 * NAPI poll (NET_RX softirq): reclaim TX, receive up to budget frames, and
 * when done unmask the device. What the stack sends while the frames go
 * up (ACKs above all) is announced with one TDT write after the last of
 * them. Another device on a shared line makes our handler read (and so
 * clear) ICR while we are masked; the causes lost that way are caught by
 * looking at the rings once more after unmasking.
 */
static int e1000_poll(struct napi_struct *napi, int budget)
{
	struct e1000_adapter *a = container_of(napi, struct e1000_adapter, napi);
	int work;

	e1000_clean_tx(a);
	a->tx_defer = true;
	work = e1000_clean_rx(a, budget);
	a->tx_defer = false;
	e1000_tx_kick(a);
	if (work < budget && napi_complete_done(napi, work)) {
		a->mac->irq_enable(a);
		if (e1000_work_pending(a)) {
			e1000_irq_disable(a);
			napi_schedule(napi);
		}
	}
	return work;
}

/*
 * [8254x SDM 13.4.17; 82574 DS ICR] The chip's irq_ack reads and clears
 * the causes. Zero means the interrupt on a shared INTx line was someone
 * else's.
 */
static irqreturn_t e1000_intr(int irq, void *data)
{
	struct net_device *dev = data;
	struct e1000_adapter *a = netdev_priv(dev);
	u32 icr = a->mac->irq_ack(a);

	if (!icr)
		return IRQ_NONE;
	pr_trace(TRACE_DRIVER, "%s: irq, ICR %#x\n", dev->name, icr);
	if (!a->up)
		return IRQ_HANDLED;	/* masked causes, seen by a shared IRQ */
	if (icr & E1000_ICR_LSC)
		e1000_check_link(a);
	if (icr & E1000_ICR_RXO)
		dev->stats.rx_fifo_errors++;	/* overrun events; MPC counts frames */
	e1000_irq_disable(a);
	napi_schedule(&a->napi);
	return IRQ_HANDLED;
}

/* The statistics registers into the device stats, which the poll updates too. */
static void e1000_fold_stats(struct e1000_adapter *a)
{
	local_bh_disable();
	e1000_update_stats(a);
	local_bh_enable();
}

static void e1000_get_stats(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	if (a->up)
		e1000_fold_stats(a);
}

static int e1000_open(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	int err = e1000_alloc_rx_buffers(a);

	if (err)
		return err;
	a->mac->setup_link(a);
	e1000_setup_rx_filter(a, dev->dev_addr);
	e1000_clear_hw_stats(a);
	a->mac->configure(a);
	e1000_configure_tx(a);
	e1000_configure_rx(a);
	napi_enable(&a->napi);
	a->up = true;
	netif_start_queue(dev);
	a->mac->irq_enable(a);
	e1000_check_link(a);
	return 0;
}

/* Quiesce with a reset, so no DMA can touch the buffers freed after it. */
static int e1000_stop(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	a->up = false;
	e1000_irq_disable(a);
	napi_disable(&a->napi);
	netif_stop_queue(dev);
	e1000_fold_stats(a);
	if (a->mac->reset_hw(a))
		pr_warn("%s: reset did not complete\n", dev->name);
	e1000_free_tx_skbs(a);
	e1000_free_rx_buffers(a);
	netif_carrier_off(dev);
	return 0;
}

/*
 * ndo_change_mtu, within [min_mtu, max_mtu] (dev_set_mtu checked): the
 * buffers stay 2 KiB, a longer frame spans several, so only RCTL.LPE
 * follows the MTU, at once when up.
 */
static int e1000_change_mtu(struct net_device *dev, unsigned int mtu)
{
	struct e1000_adapter *a = netdev_priv(dev);

	dev->mtu = mtu;
	if (a->up)
		e1000_set_rctl(a);
	return 0;
}

static const struct net_device_ops e1000_netdev_ops = {
	.ndo_open = e1000_open,
	.ndo_stop = e1000_stop,
	.ndo_start_xmit = e1000_xmit,
	.ndo_get_stats = e1000_get_stats,
	.ndo_change_mtu = e1000_change_mtu,
};

/* [8254x SDM 3.2.6, 3.4; 82574 DS RDLEN/TDLEN] Rings: 16-byte aligned, lengths multiples of 128. */
static int e1000_alloc_rings(struct e1000_adapter *a)
{
	BUILD_BUG_ON(E1000_NUM_RX_DESC * sizeof(struct e1000_rx_desc) % 128);
	BUILD_BUG_ON(E1000_NUM_TX_DESC * sizeof(union e1000_tx_desc) % 128);
	a->rx_ring = dma_alloc_coherent(E1000_NUM_RX_DESC * sizeof(*a->rx_ring),
					&a->rx_ring_dma);
	if (!a->rx_ring)
		return -ENOMEM;
	a->tx_ring = dma_alloc_coherent(E1000_NUM_TX_DESC * sizeof(*a->tx_ring),
					&a->tx_ring_dma);
	if (!a->tx_ring) {
		dma_free_coherent(E1000_NUM_RX_DESC * sizeof(*a->rx_ring),
				  a->rx_ring, a->rx_ring_dma);
		return -ENOMEM;
	}
	return 0;
}

static void e1000_free_rings(struct e1000_adapter *a)
{
	dma_free_coherent(E1000_NUM_RX_DESC * sizeof(*a->rx_ring), a->rx_ring,
			  a->rx_ring_dma);
	dma_free_coherent(E1000_NUM_TX_DESC * sizeof(*a->tx_ring), a->tx_ring,
			  a->tx_ring_dma);
}

/* Map BAR0 and make the net_device; NULL and *err on failure. */
static struct net_device *e1000_alloc(struct pci_dev *pdev,
				      const struct pci_device_id *id,
				      const struct e1000_mac_ops *mac, int *err)
{
	struct e1000_adapter *a;
	struct net_device *dev;
	u8 *regs;

	*err = -ENODEV;
	if (pdev->bar[0].is_io || !pdev->bar[0].size)
		return NULL;
	*err = pci_enable_device(pdev);
	if (*err)
		return NULL;
	pci_set_master(pdev);
	*err = -ENOMEM;
	regs = pci_ioremap_bar(pdev, 0);
	dev = regs ? alloc_etherdev(sizeof(*a)) : NULL;
	if (!dev)
		return NULL;
	a = netdev_priv(dev);
	a->netdev = dev;
	a->pdev = pdev;
	a->mac = mac;
	a->regs = regs;
	a->flags = id->driver_data;
	return dev;
}

/*
 * Reset and address (mac->hw_init), rings, link setup (autonegotiation
 * runs while the stack starts), then the net_device with its MTU range
 * and offloads (scatter-gather, TCP/UDP checksums both ways, TCP
 * segmentation: what the rings implement) and one interrupt vector of the
 * kinds the chip may use, and one line in the log.
 */
int e1000_probe(struct pci_dev *pdev, const struct pci_device_id *id,
		const struct e1000_mac_ops *mac)
{
	struct e1000_adapter *a;
	struct net_device *dev;
	int err;

	dev = e1000_alloc(pdev, id, mac, &err);
	if (!dev)
		return err;
	a = netdev_priv(dev);
	err = mac->hw_init(a);
	if (err)
		goto out_free_netdev;
	err = e1000_alloc_rings(a);
	if (err)
		goto out_free_netdev;
	mac->setup_link(a);
	dev->netdev_ops = &e1000_netdev_ops;
	dev->max_mtu = a->max_frame - ETH_HLEN - ETH_FCS_LEN;
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO | NETIF_F_RXCSUM;
	dev->features = dev->hw_features;
	netif_napi_add(dev, &a->napi, e1000_poll, NAPI_POLL_WEIGHT);
	err = nic_register(dev, pdev, mac->irq_types, e1000_intr);
	if (err)
		goto out_del_napi;
	nic_probe_log(dev, pdev, mac->name, "");
	return 0;

out_del_napi:
	netif_napi_del(&a->napi);
	e1000_free_rings(a);
out_free_netdev:
	free_netdev(dev);
	return err;
}

bool e1000_dev_is(const struct net_device *dev, const struct e1000_mac_ops *mac)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	return dev->netdev_ops == &e1000_netdev_ops && a->mac == mac;
}

bool e1000_tx_idle(const struct net_device *dev)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	return a->tx_clean == a->tx_tail;
}

/*
 * Head and tail registers inside the rings, RDT one behind our index, and
 * TDT at our tail: no frame left unannounced after a batch.
 */
bool e1000_rings_ok(const struct net_device *dev)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	return er32(a, E1000_RDH) < E1000_NUM_RX_DESC &&
	       er32(a, E1000_TDH) < E1000_NUM_TX_DESC &&
	       a->tx_tdt == a->tx_tail && er32(a, E1000_TDT) == a->tx_tail &&
	       er32(a, E1000_RDT) ==
	       (a->rx_next + E1000_NUM_RX_DESC - 1) % E1000_NUM_RX_DESC;
}
