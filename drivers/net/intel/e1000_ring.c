/*
 * Legacy-descriptor rings for the e1000 family: one RX and one TX ring of
 * 16-byte descriptors, NAPI poll, transmit, the interrupt handler,
 * ndo_open/ndo_stop and probe. The 8254x SDM describes the descriptors and
 * queues ([8254x SDM 3.2-3.4, 14.4-14.5]); the 82574L keeps them when
 * RFCTL.EXSTEN is clear [82574 DS 7.1, 7.2]. Chip differences come through
 * a->mac (see e1000_ring.h).
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
#include <string.h>
#include "e1000_ring.h"
#include "../nic_common.h"

/* The longest frame the stack may hand us (FCS added by the MAC). */
#define E1000_MAX_TX_LEN	(ETH_FRAME_LEN + VLAN_HLEN)
/* A stopped queue restarts once this many descriptors are free again. */
#define E1000_TX_WAKE_THRESH	32
/* The queue stops once fewer than this many descriptors are free (a frame
 * takes one now; context descriptors for offloads will make it more). */
#define E1000_TX_STOP_THRESH	2

static unsigned int e1000_tx_free(const struct e1000_adapter *a)
{
	/* One descriptor stays empty: TDT == TDH means an empty ring. */
	return (a->tx_clean + E1000_NUM_TX_DESC - a->tx_tail - 1) % E1000_NUM_TX_DESC;
}

/* [8254x SDM 14.5; 82574 DS 7.2] Transmit initialization; the ring starts empty. */
static void e1000_configure_tx(struct e1000_adapter *a)
{
	memset(a->tx_ring, 0, E1000_NUM_TX_DESC * sizeof(*a->tx_ring));
	a->tx_tail = a->tx_clean = 0;
	ew32(a, E1000_TDBAL, (u32)a->tx_ring_dma);
	ew32(a, E1000_TDBAH, (u32)(a->tx_ring_dma >> 32));
	ew32(a, E1000_TDLEN, E1000_NUM_TX_DESC * sizeof(*a->tx_ring));
	ew32(a, E1000_TDH, 0);
	ew32(a, E1000_TDT, 0);
	ew32(a, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
	     E1000_TCTL_CT_DEFAULT << E1000_TCTL_CT_SHIFT |
	     (u32)a->mac->tctl_cold << E1000_TCTL_COLD_SHIFT);
}

/*
 * [8254x SDM 14.4; 82574 DS 7.1] Receive initialization. Every descriptor
 * gets its buffer; RDT = last index gives the hardware all but one
 * (RDT == RDH would read as "no buffers" [3.2.6]). No RX delay timer: ITR
 * paces the interrupts instead. Unicast to us and broadcast; CRC
 * stripped.
 */
static void e1000_configure_rx(struct e1000_adapter *a)
{
	for (int i = 0; i < E1000_NUM_RX_DESC; i++) {
		a->rx_ring[i] = (struct e1000_rx_desc){
			.addr = a->rx_bufs_dma + (u64)i * E1000_RX_BUF_SIZE,
		};
	}
	a->rx_next = 0;
	a->rx_discard = false;
	ew32(a, E1000_RDTR, 0);
	ew32(a, E1000_RDBAL, (u32)a->rx_ring_dma);
	ew32(a, E1000_RDBAH, (u32)(a->rx_ring_dma >> 32));
	ew32(a, E1000_RDLEN, E1000_NUM_RX_DESC * sizeof(*a->rx_ring));
	ew32(a, E1000_RDH, 0);
	wmb();	/* descriptors in memory before the hardware may fetch them */
	ew32(a, E1000_RDT, E1000_NUM_RX_DESC - 1);
	ew32(a, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM |
	     E1000_RCTL_BSIZE_2048 | E1000_RCTL_SECRC | E1000_RCTL_RDMTS_HALF);
}

/*
 * Reclaim descriptors the hardware is done with (DD, reported because
 * every descriptor carries RS) and free their skbs; restart a stopped
 * queue. Collisions are counted from the statistics registers, not here.
 */
static void e1000_clean_tx(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;

	while (a->tx_clean != a->tx_tail) {
		unsigned int i = a->tx_clean;
		u8 status = READ_ONCE(a->tx_ring[i].status);

		if (!(status & E1000_TXD_STAT_DD))
			break;
		if (status & (E1000_TXD_STAT_EC | E1000_TXD_STAT_LC))
			kfree_skb_reason(a->tx_skb[i], SKB_DROP_REASON_TX_ABORTED);
		else
			consume_skb(a->tx_skb[i]);
		a->tx_skb[i] = NULL;
		a->tx_clean = (i + 1) % E1000_NUM_TX_DESC;
	}
	/* Not while ndo_stop empties the ring: the queue stays stopped then. */
	if (a->up && netif_queue_stopped(dev) &&
	    e1000_tx_free(a) >= E1000_TX_WAKE_THRESH)
		netif_wake_queue(dev);
}

/*
 * One completed RX descriptor: a good frame is copied out of its buffer
 * (nic_rx_copy), and the buffer stays where it is. No skb exists before
 * the copy, so the drops here are counted in the device stats only.
 */
static void e1000_rx_frame(struct e1000_adapter *a, const struct e1000_rx_desc *d,
			   const u8 *buf)
{
	struct net_device_stats *st = &a->netdev->stats;
	u16 len = d->length;

	/* BSIZE 2048 with LPE off (frames <= 1522) should make this impossible:
	 * a frame over several buffers is dropped whole, counted once. */
	if (!(d->status & E1000_RXD_STAT_EOP)) {
		if (!a->rx_discard) {
			st->rx_length_errors++;
			st->rx_errors++;
		}
		a->rx_discard = true;
		return;
	}
	if (a->rx_discard) {
		a->rx_discard = false;
		return;
	}
	/* [8254x SDM 3.2.3.2; 82574 DS 7.1] Only stored if RCTL.SBP were set;
	 * checked all the same. */
	if (d->errors & E1000_RXD_ERR_FRAME) {
		if (d->errors & E1000_RXD_ERR_CE)
			st->rx_crc_errors++;
		else
			st->rx_frame_errors++;
		st->rx_errors++;
		return;
	}
	if (len < ETH_HLEN || len > E1000_RX_BUF_SIZE) {
		st->rx_length_errors++;
		st->rx_errors++;
		return;
	}
	nic_rx_copy(a->netdev, buf, len);
}

/* [8254x SDM 3.2.6] Up to budget descriptors; their buffers go straight back. */
static int e1000_clean_rx(struct e1000_adapter *a, int budget)
{
	int work = 0;

	while (work < budget) {
		unsigned int i = a->rx_next;
		struct e1000_rx_desc *d = &a->rx_ring[i];

		if (!(READ_ONCE(d->status) & E1000_RXD_STAT_DD))
			break;
		dma_rmb();	/* the rest of the write-back after DD */
		e1000_rx_frame(a, d, a->rx_bufs + i * E1000_RX_BUF_SIZE);
		d->status = 0;
		a->rx_next = (i + 1) % E1000_NUM_RX_DESC;
		work++;
	}
	if (work) {
		wmb();	/* cleared status before the hardware owns it again */
		ew32(a, E1000_RDT, (a->rx_next + E1000_NUM_RX_DESC - 1) %
		     E1000_NUM_RX_DESC);
	}
	return work;
}

/* Anything for the poll? Read after unmasking, to catch what raced it. */
static bool e1000_work_pending(const struct e1000_adapter *a)
{
	if (READ_ONCE(a->rx_ring[a->rx_next].status) & E1000_RXD_STAT_DD)
		return true;
	return a->tx_clean != a->tx_tail &&
	       (READ_ONCE(a->tx_ring[a->tx_clean].status) & E1000_TXD_STAT_DD);
}

/*
 * NAPI poll (NET_RX softirq): reclaim TX, receive up to budget frames, and
 * when done unmask the device. Another device on a shared line makes our
 * handler read (and so clear) ICR while we are masked; the causes lost
 * that way are caught by looking at the rings once more after unmasking.
 */
static int e1000_poll(struct napi_struct *napi, int budget)
{
	struct e1000_adapter *a = container_of(napi, struct e1000_adapter, napi);
	int work;

	e1000_clean_tx(a);
	work = e1000_clean_rx(a, budget);
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

/*
 * [8254x SDM 3.3.3; 82574 DS 7.2] One legacy descriptor: the whole frame,
 * FCS added by the MAC (IFCS), status reported (RS) so the poll can
 * reclaim it. The caller made sure a descriptor is free.
 */
static void e1000_tx_queue(struct e1000_adapter *a, struct sk_buff *skb)
{
	unsigned int i = a->tx_tail;
	struct e1000_tx_desc *d = &a->tx_ring[i];

	d->addr = virt_to_phys(skb->data);
	d->length = (u16)skb->len;
	d->cso = 0;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	d->status = 0;
	d->css = 0;
	d->special = 0;
	a->tx_skb[i] = skb;
	a->tx_tail = (i + 1) % E1000_NUM_TX_DESC;
}

/*
 * Hand the hardware everything queued up to tx_tail [8254x SDM 3.4]: the
 * descriptors are in memory before TDT moves past them.
 */
static void e1000_tx_kick(struct e1000_adapter *a)
{
	wmb();
	ew32(a, E1000_TDT, a->tx_tail);
}

/*
 * ndo_start_xmit. Consumes skb and returns NETDEV_TX_OK (sent, or dropped
 * and counted), or returns NETDEV_TX_BUSY with skb still the caller's when
 * the ring is full. Linear skbs only: their data is one kmalloc block in
 * the direct map, physically contiguous, so one descriptor covers it.
 */
static netdev_tx_t e1000_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	if (e1000_tx_free(a) == 0) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (!nic_tx_prepare(skb, dev, E1000_MAX_TX_LEN))
		return NETDEV_TX_OK;	/* dropped and counted */
	e1000_tx_queue(a, skb);
	e1000_tx_kick(a);
	if (e1000_tx_free(a) < E1000_TX_STOP_THRESH)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

/* After a reset: nothing is in flight; skbs never sent are drops. */
static void e1000_free_tx_skbs(struct e1000_adapter *a)
{
	e1000_clean_tx(a);
	for (unsigned int i = a->tx_clean; i != a->tx_tail;
	     i = (i + 1) % E1000_NUM_TX_DESC) {
		kfree_skb_reason(a->tx_skb[i], SKB_DROP_REASON_DEV_READY);
		a->tx_skb[i] = NULL;
		a->netdev->stats.tx_dropped++;
	}
	a->tx_clean = a->tx_tail = 0;
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

	a->rx_bufs = dma_alloc_coherent(E1000_NUM_RX_DESC * E1000_RX_BUF_SIZE,
					&a->rx_bufs_dma);
	if (!a->rx_bufs)
		return -ENOMEM;
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
	dma_free_coherent(E1000_NUM_RX_DESC * E1000_RX_BUF_SIZE, a->rx_bufs,
			  a->rx_bufs_dma);
	a->rx_bufs = NULL;
	netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops e1000_netdev_ops = {
	.ndo_open = e1000_open,
	.ndo_stop = e1000_stop,
	.ndo_start_xmit = e1000_xmit,
	.ndo_get_stats = e1000_get_stats,
};

/* [8254x SDM 3.2.6, 3.4; 82574 DS RDLEN/TDLEN] Rings: 16-byte aligned, lengths multiples of 128. */
static int e1000_alloc_rings(struct e1000_adapter *a)
{
	BUILD_BUG_ON(E1000_NUM_RX_DESC * sizeof(struct e1000_rx_desc) % 128);
	BUILD_BUG_ON(E1000_NUM_TX_DESC * sizeof(struct e1000_tx_desc) % 128);
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
 * runs while the stack starts), then the net_device with one interrupt
 * vector of the kinds the chip may use, and one line in the log.
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

/* Head and tail registers inside the rings, and RDT one behind our index. */
bool e1000_rings_ok(const struct net_device *dev)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	return er32(a, E1000_RDH) < E1000_NUM_RX_DESC &&
	       er32(a, E1000_TDH) < E1000_NUM_TX_DESC &&
	       er32(a, E1000_TDT) == a->tx_tail &&
	       er32(a, E1000_RDT) ==
	       (a->rx_next + E1000_NUM_RX_DESC - 1) % E1000_NUM_RX_DESC;
}
