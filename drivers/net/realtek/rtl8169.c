/*
 * Realtek RTL8169/8110 (PCI), RTL8111/8168 (PCIe gigabit) and RTL8101/
 * 8102/8136 (PCIe fast Ethernet): descriptor rings with OWN and EOR bits
 * (one normal-priority TX ring, one RX ring), NAPI, one interrupt vector
 * (MSI where offered, else INTx).
 *
 * UNTESTED: QEMU 7.2 has no model of these chips, and this driver has
 * not run on hardware. It is written from the register descriptions
 * ("[8169 DS reg]", see rtl_common.h), which the later chips keep for
 * everything used here, and follows Linux's r8169 ("[r8169]") where the
 * datasheet is silent. It programs the generic subset only: the chip-
 * specific PHY and PCIe (EPHY) fixups Linux applies per chip version are
 * not done, so some 8168 versions may not link or may stall.
 *
 * Frames are copied into per-descriptor transmit buffers (like rtl8139),
 * which keeps every bus address below 4 GiB for the 32-bit PCI 8169.
 *
 * Context and locking as in e1000.c.
 */
#include <kernel/pci.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/time.h>
#include <kernel/softirq.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <asm/io.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include <string.h>
#include "rtl_common.h"
#include "../nic_selftest.h"

/* [8169 DS] Registers of the 8169 family. */
#define RTL8169_TNPDS		0x20	/* TX normal-priority descriptors, 64 bits */
#define RTL8169_TPPOLL		0x38	/* transmit priority polling */
#define  RTL8169_TPPOLL_NPQ	0x40	/* normal-priority queue has work */
#define RTL8169_PHYSTATUS	0x6c
#define  PHYSTATUS_FULLDUP	0x01
#define  PHYSTATUS_LINK		0x02
#define  PHYSTATUS_10M		0x04
#define  PHYSTATUS_100M		0x08
#define  PHYSTATUS_1000M	0x10
#define RTL8169_RMS		0xda	/* RX maximum packet size */
#define RTL8169_CPCR		0xe0	/* C+ command */
#define  CPCR_RXCHKSUM		0x0020
#define  CPCR_RXVLAN		0x0040
#define RTL8169_INTRMIT		0xe2	/* interrupt mitigation */
#define RTL8169_RDSAR		0xe4	/* RX descriptors, 64 bits */
#define RTL8169_ETTHR		0xec	/* early TX threshold / max TX size */
#define  RTL8169_ETTHR_NONE	0x3f	/* [r8169]: no early TX (8169), 8064-byte max (8168) */
#define RTL8169_RCR_RX128_INT	(1u << 15)	/* [r8169] PCIe chips' RCR default */

#define RTL8169_INT_RDU		RTL_INT_RXOVW	/* RX descriptors unavailable */

/* [8169 DS, descriptor formats] opts1 of both rings. */
#define DESC_OWN		(1u << 31)	/* the chip owns the descriptor */
#define DESC_EOR		(1u << 30)	/* last of the ring */
#define DESC_FS			(1u << 29)	/* first segment of a frame */
#define DESC_LS			(1u << 28)	/* last segment */
#define DESC_LEN_MASK		0x3fff
/* RX status in opts1 (with LS). */
#define RXS_BOVF		(1u << 24)	/* buffer overflow */
#define RXS_FOVF		(1u << 23)	/* FIFO overflow */
#define RXS_RWT			(1u << 22)	/* watchdog: over 8 KiB */
#define RXS_RES			(1u << 21)	/* error summary */
#define RXS_RUNT		(1u << 20)
#define RXS_CRC			(1u << 19)

struct rtl8169_desc {
	u32 opts1;
	u32 opts2;	/* VLAN tag (unused) */
	u64 addr;
} __packed;
BUILD_BUG_ON(sizeof(struct rtl8169_desc) != 16);

#define RTL8169_NUM_RX		256
#define RTL8169_NUM_TX		64
#define RTL8169_BUF_SIZE	2048
#define RTL8169_MAX_TX_LEN	(ETH_FRAME_LEN + VLAN_HLEN)
#define RTL8169_TX_WAKE		8
#define RTL8169_RING_ALIGN	256	/* [8169 DS TNPDS, RDSAR] */

#define RTL8169_INTR_MASK	(RTL_INT_ROK | RTL_INT_RER | RTL_INT_TOK | \
				 RTL_INT_TER | RTL8169_INT_RDU | RTL_INT_LINKCHG | \
				 RTL_INT_FOVW | RTL_INT_SERR)

/* pci_device_id.driver_data */
#define RTL8169_F_PCI		(1u << 0)	/* the PCI 8169/8110: RCR FIFO threshold */

struct rtl8169_priv {
	struct net_device *netdev;
	struct pci_dev *pdev;
	struct rtl_regs regs;
	unsigned long flags;
	int irq;
	bool up;
	struct napi_struct napi;

	struct rtl8169_desc *rx_ring, *tx_ring;
	dma_addr_t rx_ring_dma, tx_ring_dma;
	u8 *rx_bufs, *tx_bufs;		/* NUM x BUF_SIZE each; NULL while down */
	dma_addr_t rx_bufs_dma, tx_bufs_dma;
	unsigned int rx_next;		/* next RX descriptor to look at */
	unsigned int tx_head;		/* next TX descriptor to fill (free-running) */
	unsigned int tx_tail;		/* oldest TX descriptor the chip may own */
};

static void rtl8169_irq_disable(struct rtl8169_priv *p)
{
	rtl_w16(&p->regs, RTL_IMR, 0);
	(void)rtl_r16(&p->regs, RTL_IMR);
}

static void rtl8169_irq_enable(struct rtl8169_priv *p)
{
	rtl_w16(&p->regs, RTL_IMR, RTL8169_INTR_MASK);
}

/* [8169 DS PHYstatus] Link, speed and duplex as the PHY resolved them. */
static void rtl8169_check_link(struct rtl8169_priv *p)
{
	u8 s = rtl_r8(&p->regs, RTL8169_PHYSTATUS);
	unsigned int mbps = s & PHYSTATUS_1000M ? 1000 : s & PHYSTATUS_100M ? 100 : 10;

	rtl_link_report(p->netdev, s & PHYSTATUS_LINK, mbps, s & PHYSTATUS_FULLDUP);
}

static void rtl8169_init_rings(struct rtl8169_priv *p)
{
	for (unsigned int i = 0; i < RTL8169_NUM_RX; i++) {
		p->rx_ring[i].addr = p->rx_bufs_dma + (u64)i * RTL8169_BUF_SIZE;
		p->rx_ring[i].opts2 = 0;
		p->rx_ring[i].opts1 = DESC_OWN | RTL8169_BUF_SIZE |
				      (i == RTL8169_NUM_RX - 1 ? DESC_EOR : 0);
	}
	memset(p->tx_ring, 0, RTL8169_NUM_TX * sizeof(*p->tx_ring));
	p->tx_ring[RTL8169_NUM_TX - 1].opts1 = DESC_EOR;
	p->rx_next = 0;
	p->tx_head = p->tx_tail = 0;
	wmb();
}

/*
 * [8169 DS CR, RCR, TCR, RMS, C+CR, TNPDS, RDSAR; r8169 rtl_hw_start]
 * From a reset chip: config unlocked, no checksum or VLAN offload, no
 * interrupt mitigation, the ring addresses (high half first), RX and TX
 * enabled before RCR/TCR, receive size, no early TX, then the mask.
 */
static int rtl8169_hw_start(struct rtl8169_priv *p)
{
	const struct rtl_regs *r = &p->regs;
	u32 rcr = RTL_RCR_APM | RTL_RCR_AB | RTL_RCR_MXDMA_UNLIMITED;
	int err = rtl_soft_reset(r);

	if (err)
		return err;
	rcr |= p->flags & RTL8169_F_PCI ? RTL_RCR_RXFTH_NONE : RTL8169_RCR_RX128_INT;
	rtl8169_init_rings(p);
	rtl_cfg_unlock(r);
	rtl_w16(r, RTL8169_CPCR, rtl_r16(r, RTL8169_CPCR) &
		~(CPCR_RXCHKSUM | CPCR_RXVLAN));
	rtl_w16(r, RTL8169_INTRMIT, 0);
	rtl_w32(r, RTL8169_TNPDS + 4, (u32)(p->tx_ring_dma >> 32));
	rtl_w32(r, RTL8169_TNPDS, (u32)p->tx_ring_dma);
	rtl_w32(r, RTL8169_RDSAR + 4, (u32)(p->rx_ring_dma >> 32));
	rtl_w32(r, RTL8169_RDSAR, (u32)p->rx_ring_dma);
	rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rtl_w32(r, RTL_RCR, rcr);
	rtl_w32(r, RTL_TCR, RTL_TCR_IFG_STD | RTL_TCR_MXDMA_UNLIMITED);
	rtl_w16(r, RTL8169_RMS, RTL8169_BUF_SIZE);
	rtl_w8(r, RTL8169_ETTHR, RTL8169_ETTHR_NONE);
	rtl_cfg_lock(r);
	rtl_write_mac(r, p->netdev->dev_addr);
	rtl_w32(r, RTL_MAR0 + 4, 0);
	rtl_w32(r, RTL_MAR0, 0);
	rtl_w16(r, RTL_ISR, 0xffff);
	return 0;
}

/* Stop DMA and reset [r8169 rtl8169_down: receive off, then reset]. */
static void rtl8169_hw_stop(struct rtl8169_priv *p)
{
	const struct rtl_regs *r = &p->regs;

	rtl8169_irq_disable(p);
	rtl_w32(r, RTL_RCR, rtl_r32(r, RTL_RCR) &
		~(RTL_RCR_AAP | RTL_RCR_APM | RTL_RCR_AM | RTL_RCR_AB));
	rtl_w8(r, RTL_CR, 0);
	mdelay(10);	/* the FIFOs drain */
	if (rtl_soft_reset(r))
		pr_warn("%s: reset did not complete\n", p->netdev->name);
	rtl_w16(r, RTL_ISR, 0xffff);
}

/* One RX descriptor the chip gave back; every drop counted by cause. */
static void rtl8169_rx_frame(struct rtl8169_priv *p, u32 status, const u8 *buf)
{
	struct net_device *dev = p->netdev;
	struct net_device_stats *st = &dev->stats;
	unsigned int len = status & DESC_LEN_MASK;
	struct sk_buff *skb;

	if ((status & (DESC_FS | DESC_LS)) != (DESC_FS | DESC_LS)) {
		st->rx_length_errors++;	/* larger than one buffer (RMS) */
		st->rx_errors++;
		return;
	}
	if (status & RXS_RES) {
		st->rx_errors++;
		if (status & RXS_CRC)
			st->rx_crc_errors++;
		else if (status & (RXS_RUNT | RXS_RWT))
			st->rx_length_errors++;
		else if (status & RXS_FOVF)
			st->rx_fifo_errors++;
		else
			st->rx_over_errors++;	/* BOVF or unspecified */
		return;
	}
	if (len < ETH_HLEN + ETH_FCS_LEN || len > RTL8169_BUF_SIZE) {
		st->rx_length_errors++;
		st->rx_errors++;
		return;
	}
	len -= ETH_FCS_LEN;
	skb = netdev_alloc_skb(dev, len);
	if (!skb) {
		st->rx_dropped++;
		return;
	}
	skb_put_data(skb, buf, len);
	eth_receive_skb(skb, dev);	/* consumes skb */
}

/* Descriptors without OWN, up to budget; each goes straight back to the chip. */
static int rtl8169_rx(struct rtl8169_priv *p, int budget)
{
	int work = 0;

	while (work < budget) {
		unsigned int i = p->rx_next;
		struct rtl8169_desc *d = &p->rx_ring[i];
		u32 status = READ_ONCE(d->opts1);

		if (status & DESC_OWN)
			break;
		dma_rmb();
		rtl8169_rx_frame(p, status, p->rx_bufs + i * RTL8169_BUF_SIZE);
		wmb();	/* buffer read before the chip may fill it again */
		WRITE_ONCE(d->opts1, DESC_OWN | RTL8169_BUF_SIZE |
			   (i == RTL8169_NUM_RX - 1 ? DESC_EOR : 0));
		p->rx_next = (i + 1) % RTL8169_NUM_RX;
		work++;
	}
	return work;
}

/* [8169 DS TX descriptor] The chip clears OWN when a frame is sent. */
static void rtl8169_clean_tx(struct rtl8169_priv *p)
{
	struct net_device *dev = p->netdev;

	while (p->tx_tail != p->tx_head) {
		struct rtl8169_desc *d = &p->tx_ring[p->tx_tail % RTL8169_NUM_TX];

		if (READ_ONCE(d->opts1) & DESC_OWN)
			break;
		p->tx_tail++;
	}
	if (p->up && netif_queue_stopped(dev) &&
	    RTL8169_NUM_TX - (p->tx_head - p->tx_tail) >= RTL8169_TX_WAKE)
		netif_wake_queue(dev);
}

static bool rtl8169_work_pending(const struct rtl8169_priv *p)
{
	if (!(READ_ONCE(p->rx_ring[p->rx_next].opts1) & DESC_OWN))
		return true;
	return p->tx_tail != p->tx_head &&
	       !(READ_ONCE(p->tx_ring[p->tx_tail % RTL8169_NUM_TX].opts1) & DESC_OWN);
}

static int rtl8169_poll(struct napi_struct *napi, int budget)
{
	struct rtl8169_priv *p = container_of(napi, struct rtl8169_priv, napi);
	int work;

	rtl8169_clean_tx(p);
	work = rtl8169_rx(p, budget);
	if (work < budget && napi_complete_done(napi, work)) {
		rtl8169_irq_enable(p);
		if (rtl8169_work_pending(p)) {
			rtl8169_irq_disable(p);
			napi_schedule(napi);
		}
	}
	return work;
}

/* [8169 DS ISR] Acknowledge (write one to clear), count, mask, schedule. */
static irqreturn_t rtl8169_intr(int irq, void *data)
{
	struct net_device *dev = data;
	struct rtl8169_priv *p = netdev_priv(dev);
	u16 isr = rtl_r16(&p->regs, RTL_ISR);

	if (!isr || isr == 0xffff)
		return IRQ_NONE;
	rtl_w16(&p->regs, RTL_ISR, isr);
	pr_trace(TRACE_DRIVER, "%s: irq, ISR %#x\n", dev->name, isr);
	if (!p->up)
		return IRQ_HANDLED;
	if (isr & RTL8169_INT_RDU)
		dev->stats.rx_missed_errors++;	/* ring full: the chip dropped */
	if (isr & RTL_INT_FOVW) {
		dev->stats.rx_fifo_errors++;
		dev->stats.rx_errors++;
	}
	if (isr & RTL_INT_SERR)
		pr_warn("%s: PCI system error\n", dev->name);
	if (isr & RTL_INT_LINKCHG)
		rtl8169_check_link(p);
	rtl8169_irq_disable(p);
	napi_schedule(&p->napi);
	return IRQ_HANDLED;
}

/*
 * ndo_start_xmit: copy into the descriptor's buffer, hand it over with
 * OWN|FS|LS (EOR on the last), poke TPPoll. Consumes skb, or returns
 * NETDEV_TX_BUSY with skb the caller's when the ring is full.
 */
static netdev_tx_t rtl8169_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct rtl8169_priv *p = netdev_priv(dev);
	unsigned int i = p->tx_head % RTL8169_NUM_TX;
	struct rtl8169_desc *d = &p->tx_ring[i];

	if (p->tx_head - p->tx_tail >= RTL8169_NUM_TX) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (eth_skb_pad(skb)) {		/* [r8169]: short frames padded by software */
		dev->stats.tx_dropped++;
		return NETDEV_TX_OK;
	}
	if (skb->len > RTL8169_MAX_TX_LEN) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	memcpy(p->tx_bufs + i * RTL8169_BUF_SIZE, skb->data, skb->len);
	d->addr = p->tx_bufs_dma + (u64)i * RTL8169_BUF_SIZE;
	d->opts2 = 0;
	wmb();	/* buffer and address before OWN */
	WRITE_ONCE(d->opts1, DESC_OWN | DESC_FS | DESC_LS | skb->len |
		   (i == RTL8169_NUM_TX - 1 ? DESC_EOR : 0));
	wmb();
	rtl_w8(&p->regs, RTL8169_TPPOLL, RTL8169_TPPOLL_NPQ);
	consume_skb(skb);
	p->tx_head++;
	if (p->tx_head - p->tx_tail >= RTL8169_NUM_TX)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

static void rtl8169_free_bufs(struct rtl8169_priv *p)
{
	if (p->rx_bufs)
		dma_free_coherent(RTL8169_NUM_RX * RTL8169_BUF_SIZE, p->rx_bufs,
				  p->rx_bufs_dma);
	if (p->tx_bufs)
		dma_free_coherent(RTL8169_NUM_TX * RTL8169_BUF_SIZE, p->tx_bufs,
				  p->tx_bufs_dma);
	p->rx_bufs = p->tx_bufs = NULL;
}

static bool rtl8169_below_4g(dma_addr_t dma, size_t size)
{
	return dma + size <= 0x100000000ULL;
}

static int rtl8169_alloc_bufs(struct rtl8169_priv *p)
{
	p->rx_bufs = dma_alloc_coherent(RTL8169_NUM_RX * RTL8169_BUF_SIZE,
					&p->rx_bufs_dma);
	p->tx_bufs = dma_alloc_coherent(RTL8169_NUM_TX * RTL8169_BUF_SIZE,
					&p->tx_bufs_dma);
	if (!p->rx_bufs || !p->tx_bufs) {
		rtl8169_free_bufs(p);
		return -ENOMEM;
	}
	if ((p->flags & RTL8169_F_PCI) &&
	    (!rtl8169_below_4g(p->rx_bufs_dma, RTL8169_NUM_RX * RTL8169_BUF_SIZE) ||
	     !rtl8169_below_4g(p->tx_bufs_dma, RTL8169_NUM_TX * RTL8169_BUF_SIZE))) {
		pr_err("%s: DMA buffers above 4 GiB\n", p->netdev->name);
		rtl8169_free_bufs(p);
		return -ENOMEM;
	}
	return 0;
}

static int rtl8169_open(struct net_device *dev)
{
	struct rtl8169_priv *p = netdev_priv(dev);
	int err = rtl8169_alloc_bufs(p);

	if (err)
		return err;
	err = rtl8169_hw_start(p);
	if (err) {
		rtl8169_free_bufs(p);
		return err;
	}
	napi_enable(&p->napi);
	p->up = true;
	netif_start_queue(dev);
	rtl8169_irq_enable(p);
	rtl8169_check_link(p);
	return 0;
}

static int rtl8169_stop(struct net_device *dev)
{
	struct rtl8169_priv *p = netdev_priv(dev);

	p->up = false;
	rtl8169_irq_disable(p);
	napi_disable(&p->napi);
	netif_stop_queue(dev);
	rtl8169_hw_stop(p);
	p->tx_head = p->tx_tail = 0;	/* frames were copied: nothing to free */
	rtl8169_free_bufs(p);
	netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops rtl8169_netdev_ops = {
	.ndo_open = rtl8169_open,
	.ndo_stop = rtl8169_stop,
	.ndo_start_xmit = rtl8169_xmit,
};

static int rtl8169_alloc_rings(struct rtl8169_priv *p)
{
	BUILD_BUG_ON(PAGE_SIZE % RTL8169_RING_ALIGN);	/* pages are aligned enough */
	p->rx_ring = dma_alloc_coherent(RTL8169_NUM_RX * sizeof(*p->rx_ring),
					&p->rx_ring_dma);
	p->tx_ring = dma_alloc_coherent(RTL8169_NUM_TX * sizeof(*p->tx_ring),
					&p->tx_ring_dma);
	if (p->rx_ring && p->tx_ring &&
	    rtl8169_below_4g(p->rx_ring_dma, RTL8169_NUM_RX * sizeof(*p->rx_ring)) &&
	    rtl8169_below_4g(p->tx_ring_dma, RTL8169_NUM_TX * sizeof(*p->tx_ring)))
		return 0;
	if (p->rx_ring)
		dma_free_coherent(RTL8169_NUM_RX * sizeof(*p->rx_ring), p->rx_ring,
				  p->rx_ring_dma);
	if (p->tx_ring)
		dma_free_coherent(RTL8169_NUM_TX * sizeof(*p->tx_ring), p->tx_ring,
				  p->tx_ring_dma);
	return -ENOMEM;
}

static int rtl8169_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct rtl8169_priv *p;
	struct net_device *dev;
	struct rtl_regs regs;
	char irqdesc[32];
	u8 *m;
	int err;

	err = rtl_map_regs(pdev, &regs, 0x100);
	if (err)
		return err;
	dev = alloc_etherdev(sizeof(*p));
	if (!dev)
		return -ENOMEM;
	p = netdev_priv(dev);
	p->netdev = dev;
	p->pdev = pdev;
	p->regs = regs;
	p->flags = id->driver_data;
	rtl8169_irq_disable(p);
	err = rtl_soft_reset(&p->regs);
	if (err)
		goto out_free_netdev;
	err = rtl_read_mac(&p->regs, dev->dev_addr);
	if (err)
		goto out_free_netdev;
	err = rtl8169_alloc_rings(p);
	if (err)
		goto out_free_netdev;
	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX);
	if (err < 0)
		goto out_free_rings;
	p->irq = pci_irq_vector(pdev, 0);
	dev->netdev_ops = &rtl8169_netdev_ops;
	netif_napi_add(dev, &p->napi, rtl8169_poll, NAPI_POLL_WEIGHT);
	err = register_netdev(dev);
	if (err)
		goto out_free_vectors;
	err = request_irq((unsigned int)p->irq, rtl8169_intr,
			  pdev->irq_type == PCI_IRQ_INTX ? IRQF_SHARED : 0,
			  dev->name, dev);
	if (err)
		goto out_unregister;

	m = dev->dev_addr;
	pci_format_irq(pdev, irqdesc, sizeof(irqdesc));
	printk("%s: rtl8169 (%04x:%04x) at %02x:%02x.%x, MAC %02x:%02x:%02x:%02x:%02x:%02x, %s, %s, XID %03x (untested driver)\n",
	       dev->name, pdev->vendor, pdev->device, pdev->bus, pdev->slot,
	       pdev->func, m[0], m[1], m[2], m[3], m[4], m[5], irqdesc,
	       rtl_regs_kind(&p->regs), (rtl_r32(&p->regs, RTL_TCR) >> 20) & 0xfcf);
	return 0;

out_unregister:
	unregister_netdev(dev);
out_free_vectors:
	netif_napi_del(&p->napi);
	pci_free_irq_vectors(pdev);
out_free_rings:
	dma_free_coherent(RTL8169_NUM_RX * sizeof(*p->rx_ring), p->rx_ring, p->rx_ring_dma);
	dma_free_coherent(RTL8169_NUM_TX * sizeof(*p->tx_ring), p->tx_ring, p->tx_ring_dma);
out_free_netdev:
	free_netdev(dev);
	return err;
}

/*
 * RTL8169/8110 on PCI; RTL8111/8168 and RTL8101/8102/8136 on PCIe (IDs as
 * in Linux's r8169). The RTL8125 (2.5G, 10ec:8125) is a different design
 * and is not claimed.
 */
static const struct pci_device_id rtl8169_ids[] = {
	{ 0x10ec, 0x8169, 0, 0, RTL8169_F_PCI },	/* RTL8169/8110 */
	{ 0x10ec, 0x8167, 0, 0, RTL8169_F_PCI },	/* RTL8169SC/8110SC */
	{ 0x10ec, 0x8168, 0, 0, 0 },			/* RTL8111/8168 */
	{ 0x10ec, 0x8161, 0, 0, 0 },			/* RTL8111/8168 (another ID) */
	{ 0x10ec, 0x8136, 0, 0, 0 },			/* RTL8101/8102/8103 */
	{ 0x1186, 0x4300, 0, 0, RTL8169_F_PCI },	/* D-Link DGE-528T */
	{ 0, 0, 0, 0, 0 },
};

static const struct pci_driver rtl8169_driver = {
	.name = "rtl8169",
	.id_table = rtl8169_ids,
	.probe = rtl8169_probe,
};
PCI_DRIVER(rtl8169_driver);

/* Self-tests on the first rtl8169 bound; vacuous without one (always, under QEMU 7.2). */
#define ST_WAIT_LINK_MS		5000

static struct net_device *rtl8169_st_find(void)
{
	struct net_device *dev;

	for_each_netdev(dev)
		if (dev->netdev_ops == &rtl8169_netdev_ops)
			return dev;
	printk("rtl8169: no device, nothing to test\n");
	return NULL;
}

static bool rtl8169_st_link_up(const void *arg)
{
	const struct rtl8169_priv *p = arg;

	return rtl_r8(&p->regs, RTL8169_PHYSTATUS) & PHYSTATUS_LINK;
}

static bool rtl8169_st_tx_idle(const struct net_device *dev)
{
	const struct rtl8169_priv *p = netdev_priv(dev);

	return p->tx_head == p->tx_tail;
}

/* Ring registers point at our rings; at most a ring's worth in flight. */
static bool rtl8169_st_rings_ok(const struct net_device *dev)
{
	const struct rtl8169_priv *p = netdev_priv(dev);

	return rtl_r32(&p->regs, RTL8169_RDSAR) == (u32)p->rx_ring_dma &&
	       rtl_r32(&p->regs, RTL8169_TNPDS) == (u32)p->tx_ring_dma &&
	       p->tx_head - p->tx_tail <= RTL8169_NUM_TX &&
	       p->rx_next < RTL8169_NUM_RX;
}

POST_SELFTEST(rtl8169_registers_after_probe)
{
	struct net_device *dev = rtl8169_st_find();
	struct rtl8169_priv *p;
	u8 mac[ETH_ALEN];

	if (!dev)
		ST_SKIP("no RTL8169 NIC");
	p = netdev_priv(dev);
	ST_ASSERT(is_valid_ether_addr(dev->dev_addr));
	ST_EQ(rtl_read_mac(&p->regs, mac), 0);
	ST_ASSERT(ether_addr_equal(mac, dev->dev_addr));
	ST_ASSERT(nic_selftest_wait(rtl8169_st_link_up, p, ST_WAIT_LINK_MS));
}

static const struct nic_selftest_ops rtl8169_st_ops = {
	.tx_idle = rtl8169_st_tx_idle,
	.rings_ok = rtl8169_st_rings_ok,
};

SELFTEST(rtl8169_arp_roundtrip)
{
	struct net_device *dev = rtl8169_st_find();

	if (!dev)
		ST_SKIP("no RTL8169 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &rtl8169_st_ops, false, 1);
}

SELFTEST(rtl8169_close_reopen)
{
	struct net_device *dev = rtl8169_st_find();

	if (!dev)
		ST_SKIP("no RTL8169 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &rtl8169_st_ops, true, 1);
}

SELFTEST(rtl8169_arp_burst)
{
	struct net_device *dev = rtl8169_st_find();

	if (!dev)
		ST_SKIP("no RTL8169 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &rtl8169_st_ops, false,
					   3 * RTL8169_NUM_TX + 1);
}
