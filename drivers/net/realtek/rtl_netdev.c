/*
 * The net_device side both Realtek families share: probe, ndo_open and
 * ndo_stop, transmit through per-slot copy buffers, the NAPI poll and the
 * interrupt handler. What differs (the receive layout, how a transmit is
 * handed over and completes, link state) comes through p->chip.
 *
 * Context and locking: the IRQ handler acknowledges ISR, masks IMR and
 * schedules NAPI; transmit and the poll run with bottom halves off on one
 * CPU and never overlap, so the rings need no lock.
 */
#include <kernel/pci.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/time.h>
#include <kernel/softirq.h>
#include <kernel/printk.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "rtl_common.h"
#include "../nic_common.h"

static void rtl_irq_disable(struct rtl_priv *p)
{
	rtl_w16(&p->regs, RTL_IMR, 0);
	(void)rtl_r16(&p->regs, RTL_IMR);	/* flush */
}

static void rtl_irq_enable(struct rtl_priv *p)
{
	rtl_w16(&p->regs, RTL_IMR, p->chip->intr_mask);
}

/* Whether a block at dma of size bytes is one this device can reach. */
static bool rtl_dma_ok(const struct rtl_priv *p, dma_addr_t dma, size_t size)
{
	return !p->dma32 || dma + size <= 0x100000000ULL;
}

static void rtl_free_bufs(struct rtl_priv *p)
{
	if (p->rx_buf)
		dma_free_coherent(p->chip->rx_size, p->rx_buf, p->rx_buf_dma);
	if (p->tx_bufs)
		dma_free_coherent(p->chip->num_tx * RTL_TX_BUF_SIZE, p->tx_bufs,
				  p->tx_bufs_dma);
	p->rx_buf = p->tx_bufs = NULL;
}

/* The receive block and the transmit buffers, reachable by the chip. */
static int rtl_alloc_bufs(struct rtl_priv *p)
{
	size_t tx_size = p->chip->num_tx * RTL_TX_BUF_SIZE;

	p->rx_buf = dma_alloc_coherent(p->chip->rx_size, &p->rx_buf_dma);
	p->tx_bufs = dma_alloc_coherent(tx_size, &p->tx_bufs_dma);
	if (!p->rx_buf || !p->tx_bufs) {
		rtl_free_bufs(p);
		return -ENOMEM;
	}
	if (!rtl_dma_ok(p, p->rx_buf_dma, p->chip->rx_size) ||
	    !rtl_dma_ok(p, p->tx_bufs_dma, tx_size)) {
		pr_err("%s: DMA buffers above 4 GiB, which the chip cannot reach\n",
		       p->netdev->name);
		rtl_free_bufs(p);
		return -ENOMEM;
	}
	return 0;
}

/*
 * [8139 DS CR, RCR; 8169 DS CR, RCR; r8169 rtl8169_down] Stop DMA and
 * reset: masked, receive filters off, receiver and transmitter off, 10 ms
 * for the FIFOs to drain, then the soft reset.
 */
static void rtl_hw_stop(struct rtl_priv *p)
{
	const struct rtl_regs *r = &p->regs;

	rtl_irq_disable(p);
	rtl_w32(r, RTL_RCR, rtl_r32(r, RTL_RCR) &
		~(RTL_RCR_AAP | RTL_RCR_APM | RTL_RCR_AM | RTL_RCR_AB));
	rtl_w8(r, RTL_CR, 0);
	mdelay(10);
	if (rtl_soft_reset(r))
		pr_warn("%s: reset did not complete\n", p->netdev->name);
	rtl_w16(r, RTL_ISR, 0xffff);
}

/*
 * [8139 DS TSD0-3; 8169 DS TX descriptor] Slots come back in the order
 * they went out; restart a stopped queue once enough are free (not while
 * ndo_stop empties the ring: the queue stays stopped then).
 */
static void rtl_clean_tx(struct rtl_priv *p)
{
	const struct rtl_chip *chip = p->chip;
	struct net_device *dev = p->netdev;

	while (p->tx_tail != p->tx_head && chip->tx_done(p, p->tx_tail % chip->num_tx))
		p->tx_tail++;
	if (p->up && netif_queue_stopped(dev) &&
	    chip->num_tx - (p->tx_head - p->tx_tail) >= chip->tx_wake)
		netif_wake_queue(dev);
}

/* NAPI poll: TX reclaim, RX up to budget, unmask and look once more. */
static int rtl_poll(struct napi_struct *napi, int budget)
{
	struct rtl_priv *p = container_of(napi, struct rtl_priv, napi);
	int work;

	rtl_clean_tx(p);
	work = p->chip->rx(p, budget);
	if (work < budget && napi_complete_done(napi, work)) {
		rtl_irq_enable(p);
		if (p->chip->work_pending(p)) {
			rtl_irq_disable(p);
			napi_schedule(napi);
		}
	}
	return work;
}

/*
 * [8139 DS ISR; 8169 DS ISR] Acknowledge what is set (write one to clear)
 * and mask the chip; 0 (or all ones from a vanished device) on a shared
 * line is someone else's. RXOVW (out of receive room: frames are lost
 * until the poll frees some) and FOVW (FIFO overflow) are counted here.
 */
static irqreturn_t rtl_intr(int irq, void *data)
{
	struct net_device *dev = data;
	struct rtl_priv *p = netdev_priv(dev);
	u16 isr = rtl_r16(&p->regs, RTL_ISR);

	if (!isr || isr == 0xffff)
		return IRQ_NONE;
	rtl_w16(&p->regs, RTL_ISR, isr);
	pr_trace(TRACE_DRIVER, "%s: irq, ISR %#x\n", dev->name, isr);
	if (!p->up)
		return IRQ_HANDLED;
	if (isr & RTL_INT_RXOVW)
		p->chip->rx_overflow(p);
	if (isr & RTL_INT_FOVW) {
		dev->stats.rx_fifo_errors++;
		dev->stats.rx_errors++;
	}
	if (isr & RTL_INT_SERR)
		pr_warn("%s: PCI system error\n", dev->name);
	if (isr & RTL_INT_LINKCHG)
		p->chip->check_link(p);
	rtl_irq_disable(p);
	napi_schedule(&p->napi);
	return IRQ_HANDLED;
}

/*
 * ndo_start_xmit: the frame is copied into the next slot's buffer and
 * handed to the chip, so skb is consumed at once (sent, or dropped and
 * counted); NETDEV_TX_BUSY with skb still the caller's when every slot is
 * in flight. Short frames are padded by software [r8169, 8139too].
 */
static netdev_tx_t rtl_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct rtl_priv *p = netdev_priv(dev);
	const struct rtl_chip *chip = p->chip;
	unsigned int slot = p->tx_head % chip->num_tx;

	if (p->tx_head - p->tx_tail >= chip->num_tx) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (!nic_tx_prepare(skb, dev, ETH_ZLEN, RTL_MAX_TX_LEN))
		return NETDEV_TX_OK;	/* dropped and counted */
	memcpy(p->tx_bufs + slot * RTL_TX_BUF_SIZE, skb->data, skb->len);
	chip->tx_kick(p, slot, skb->len);
	consume_skb(skb);
	p->tx_head++;
	if (p->tx_head - p->tx_tail >= chip->num_tx)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

/* The chip's counters into the device stats, which the poll updates too. */
static void rtl_fold_stats(struct rtl_priv *p)
{
	if (!p->chip->update_stats)
		return;
	local_bh_disable();
	p->chip->update_stats(p);
	local_bh_enable();
}

static void rtl_get_stats(struct net_device *dev)
{
	struct rtl_priv *p = netdev_priv(dev);

	if (p->up)
		rtl_fold_stats(p);
}

/*
 * From a soft reset: the chip's start, then our address, no multicast
 * (MAR high half first, as [r8169 rtl_set_rx_mode] writes it) and nothing
 * left in ISR from before, then the interrupt mask.
 */
static int rtl_open(struct net_device *dev)
{
	struct rtl_priv *p = netdev_priv(dev);
	const struct rtl_regs *r = &p->regs;
	int err = rtl_alloc_bufs(p);

	if (err)
		return err;
	err = rtl_soft_reset(r);
	if (err) {
		rtl_free_bufs(p);
		return err;
	}
	p->tx_head = p->tx_tail = 0;
	p->chip->hw_start(p);
	rtl_write_mac(r, dev->dev_addr);
	rtl_w32(r, RTL_MAR0 + 4, 0);
	rtl_w32(r, RTL_MAR0, 0);
	rtl_w16(r, RTL_ISR, 0xffff);
	napi_enable(&p->napi);
	p->up = true;
	netif_start_queue(dev);
	rtl_irq_enable(p);
	p->chip->check_link(p);
	return 0;
}

/* Stop and reset the chip, so no DMA reaches the buffers freed after it. */
static int rtl_stop(struct net_device *dev)
{
	struct rtl_priv *p = netdev_priv(dev);

	p->up = false;
	rtl_irq_disable(p);
	napi_disable(&p->napi);
	netif_stop_queue(dev);
	rtl_fold_stats(p);
	rtl_hw_stop(p);
	p->tx_head = p->tx_tail = 0;	/* the frames were copied: nothing to free */
	rtl_free_bufs(p);
	netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops rtl_netdev_ops = {
	.ndo_open = rtl_open,
	.ndo_stop = rtl_stop,
	.ndo_start_xmit = rtl_xmit,
	.ndo_get_stats = rtl_get_stats,
};

/* Registers mapped, net_device made; NULL and *err on failure. */
static struct net_device *rtl_alloc(struct pci_dev *pdev, const struct pci_device_id *id,
				    const struct rtl_chip *chip, int *err)
{
	struct rtl_priv *p;
	struct net_device *dev;
	struct rtl_regs regs;

	*err = rtl_map_regs(pdev, &regs, 0x100);
	if (*err)
		return NULL;
	*err = -ENOMEM;
	dev = alloc_etherdev(chip->priv_size);
	if (!dev)
		return NULL;
	p = netdev_priv(dev);
	p->netdev = dev;
	p->pdev = pdev;
	p->chip = chip;
	p->regs = regs;
	p->flags = id->driver_data;
	p->dma32 = chip->dma32 || (id->driver_data & RTL_F_DMA32);
	return dev;
}

/*
 * Masked and reset, the address as the EEPROM autoload left it, the
 * chip's rings, then the net_device with one interrupt vector, and one
 * line in the log with the chip's version (XID).
 */
int rtl_probe(struct pci_dev *pdev, const struct pci_device_id *id,
	      const struct rtl_chip *chip)
{
	struct rtl_priv *p;
	struct net_device *dev;
	char extra[64];
	int err;

	dev = rtl_alloc(pdev, id, chip, &err);
	if (!dev)
		return err;
	p = netdev_priv(dev);
	rtl_irq_disable(p);
	err = rtl_soft_reset(&p->regs);
	if (!err)
		err = rtl_read_mac(&p->regs, dev->dev_addr);
	if (!err && chip->alloc_rings)
		err = chip->alloc_rings(p);
	if (err)
		goto out_free_netdev;
	dev->netdev_ops = &rtl_netdev_ops;
	netif_napi_add(dev, &p->napi, rtl_poll, NAPI_POLL_WEIGHT);
	err = nic_register(dev, pdev, chip->irq_types, rtl_intr);
	if (err)
		goto out_del_napi;
	snprintf(extra, sizeof(extra), ", %s, XID %03x%s", rtl_regs_kind(&p->regs),
		 (rtl_r32(&p->regs, RTL_TCR) >> 20) & chip->xid_mask, chip->note);
	nic_probe_log(dev, pdev, chip->name, extra);
	return 0;

out_del_napi:
	netif_napi_del(&p->napi);
	if (chip->free_rings)
		chip->free_rings(p);
out_free_netdev:
	free_netdev(dev);
	return err;
}

bool rtl_dev_is(const struct net_device *dev, const struct rtl_chip *chip)
{
	const struct rtl_priv *p = netdev_priv(dev);

	return dev->netdev_ops == &rtl_netdev_ops && p->chip == chip;
}

bool rtl_tx_idle(const struct net_device *dev)
{
	const struct rtl_priv *p = netdev_priv(dev);

	return p->tx_head == p->tx_tail;
}

void rtl_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev)
{
	const struct rtl_priv *p = netdev_priv(dev);
	u8 mac[ETH_ALEN];

	ST_EQ(rtl_read_mac(&p->regs, mac), 0);
	ST_ASSERT(ether_addr_equal(mac, dev->dev_addr));
}
