/*
 * Realtek RTL8169/8110 (PCI), RTL8111/8168 (PCIe gigabit) and RTL8101/
 * 8102/8136 (PCIe fast Ethernet): descriptor rings with OWN and EOR bits
 * (one normal-priority TX ring, one RX ring), one interrupt vector (MSI
 * where offered, else INTx). This file is what the 8169 family does its
 * own way; probe, open/stop, the copy into the transmit buffers, NAPI and
 * the interrupt handler are shared with the 8139 (rtl_netdev.c).
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
 */
#include <kernel/pci.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <asm/io.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include <string.h>
#include "rtl_common.h"
#include "../nic_common.h"
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
#define RTL8169_BUF_SIZE	2048	/* RX buffers; RMS */
#define RTL8169_TX_WAKE		8
#define RTL8169_RING_ALIGN	256	/* [8169 DS TNPDS, RDSAR] */

#define RTL8169_INTR_MASK	(RTL_INT_ROK | RTL_INT_RER | RTL_INT_TOK | \
				 RTL_INT_TER | RTL8169_INT_RDU | RTL_INT_LINKCHG | \
				 RTL_INT_FOVW | RTL_INT_SERR)

/* pci_device_id.driver_data: the PCI 8169/8110, 32-bit DMA and the RCR FIFO threshold. */
#define RTL8169_F_PCI		RTL_F_DMA32

struct rtl8169_priv {
	struct rtl_priv rtl;		/* first: netdev_priv() is both */
	struct rtl8169_desc *rx_ring, *tx_ring;
	dma_addr_t rx_ring_dma, tx_ring_dma;
	unsigned int rx_next;		/* next RX descriptor to look at */
};

static struct rtl8169_priv *to_rtl8169(struct rtl_priv *p)
{
	return container_of(p, struct rtl8169_priv, rtl);
}

/* [8169 DS PHYstatus] Link, speed and duplex as the PHY resolved them. */
static void rtl8169_check_link(struct rtl_priv *p)
{
	u8 s = rtl_r8(&p->regs, RTL8169_PHYSTATUS);
	unsigned int mbps = s & PHYSTATUS_1000M ? 1000 : s & PHYSTATUS_100M ? 100 : 10;

	rtl_link_report(p->netdev, s & PHYSTATUS_LINK, mbps, s & PHYSTATUS_FULLDUP);
}

/* [8169 DS ISR.RDU] No free RX descriptor: the chip dropped frames. */
static void rtl8169_rx_overflow(struct rtl_priv *p)
{
	p->netdev->stats.rx_missed_errors++;
}

/* A descriptor's opts1 when it goes (back) to the chip. */
static u32 rtl8169_rx_opts1(unsigned int i)
{
	return DESC_OWN | RTL8169_BUF_SIZE | (i == RTL8169_NUM_RX - 1 ? DESC_EOR : 0);
}

static void rtl8169_init_rings(struct rtl8169_priv *tp)
{
	for (unsigned int i = 0; i < RTL8169_NUM_RX; i++) {
		tp->rx_ring[i].addr = tp->rtl.rx_buf_dma + (u64)i * RTL8169_BUF_SIZE;
		tp->rx_ring[i].opts2 = 0;
		tp->rx_ring[i].opts1 = rtl8169_rx_opts1(i);
	}
	memset(tp->tx_ring, 0, RTL8169_NUM_TX * sizeof(*tp->tx_ring));
	tp->tx_ring[RTL8169_NUM_TX - 1].opts1 = DESC_EOR;
	tp->rx_next = 0;
	wmb();
}

/*
 * [8169 DS CR, RCR, TCR, RMS, C+CR, TNPDS, RDSAR; r8169 rtl_hw_start]
 * From a reset chip: config unlocked, no checksum or VLAN offload, no
 * interrupt mitigation, the ring addresses (high half first), RX and TX
 * enabled before RCR/TCR, receive size, no early TX.
 */
static void rtl8169_hw_start(struct rtl_priv *p)
{
	struct rtl8169_priv *tp = to_rtl8169(p);
	const struct rtl_regs *r = &p->regs;
	u32 rcr = RTL_RCR_APM | RTL_RCR_AB | RTL_RCR_MXDMA_UNLIMITED;

	rcr |= p->flags & RTL8169_F_PCI ? RTL_RCR_RXFTH_NONE : RTL8169_RCR_RX128_INT;
	rtl8169_init_rings(tp);
	rtl_cfg_unlock(r);
	rtl_w16(r, RTL8169_CPCR, rtl_r16(r, RTL8169_CPCR) &
		~(CPCR_RXCHKSUM | CPCR_RXVLAN));
	rtl_w16(r, RTL8169_INTRMIT, 0);
	rtl_w32(r, RTL8169_TNPDS + 4, (u32)(tp->tx_ring_dma >> 32));
	rtl_w32(r, RTL8169_TNPDS, (u32)tp->tx_ring_dma);
	rtl_w32(r, RTL8169_RDSAR + 4, (u32)(tp->rx_ring_dma >> 32));
	rtl_w32(r, RTL8169_RDSAR, (u32)tp->rx_ring_dma);
	rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rtl_w32(r, RTL_RCR, rcr);
	rtl_w32(r, RTL_TCR, RTL_TCR_IFG_STD | RTL_TCR_MXDMA_UNLIMITED);
	rtl_w16(r, RTL8169_RMS, RTL8169_BUF_SIZE);
	rtl_w8(r, RTL8169_ETTHR, RTL8169_ETTHR_NONE);
	rtl_cfg_lock(r);
}

/*
 * One RX descriptor the chip gave back; every drop counted by cause. No
 * skb exists before the copy, so the drops here are counted in the
 * device stats.
 */
static void rtl8169_rx_frame(struct rtl_priv *p, u32 status, const u8 *buf)
{
	struct net_device *dev = p->netdev;
	struct net_device_stats *st = &dev->stats;
	unsigned int len = status & DESC_LEN_MASK;

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
	nic_rx_copy(&p->napi, buf, len - ETH_FCS_LEN);
}

/* Descriptors without OWN, up to budget; each goes straight back to the chip. */
static int rtl8169_rx(struct rtl_priv *p, int budget)
{
	struct rtl8169_priv *tp = to_rtl8169(p);
	int work = 0;

	while (work < budget) {
		unsigned int i = tp->rx_next;
		struct rtl8169_desc *d = &tp->rx_ring[i];
		u32 status = READ_ONCE(d->opts1);

		if (status & DESC_OWN)
			break;
		dma_rmb();
		rtl8169_rx_frame(p, status, p->rx_buf + i * RTL8169_BUF_SIZE);
		wmb();	/* buffer read before the chip may fill it again */
		WRITE_ONCE(d->opts1, rtl8169_rx_opts1(i));
		tp->rx_next = (i + 1) % RTL8169_NUM_RX;
		work++;
	}
	return work;
}

/* [8169 DS TX descriptor] The chip clears OWN when a frame is sent. */
static bool rtl8169_tx_done(struct rtl_priv *p, unsigned int slot)
{
	return !(READ_ONCE(to_rtl8169(p)->tx_ring[slot].opts1) & DESC_OWN);
}

/*
 * [8169 DS TX descriptor, TPPoll] The slot's buffer behind its
 * descriptor, handed over with OWN|FS|LS (EOR on the last), then TPPoll
 * tells the chip the normal-priority queue has work.
 */
static void rtl8169_tx_kick(struct rtl_priv *p, unsigned int slot, unsigned int len)
{
	struct rtl8169_desc *d = &to_rtl8169(p)->tx_ring[slot];

	d->addr = p->tx_bufs_dma + (u64)slot * RTL_TX_BUF_SIZE;
	d->opts2 = 0;
	wmb();	/* buffer and address before OWN */
	WRITE_ONCE(d->opts1, DESC_OWN | DESC_FS | DESC_LS | len |
		   (slot == RTL8169_NUM_TX - 1 ? DESC_EOR : 0));
	wmb();
	rtl_w8(&p->regs, RTL8169_TPPOLL, RTL8169_TPPOLL_NPQ);
}

static bool rtl8169_work_pending(struct rtl_priv *p)
{
	struct rtl8169_priv *tp = to_rtl8169(p);

	if (!(READ_ONCE(tp->rx_ring[tp->rx_next].opts1) & DESC_OWN))
		return true;
	return p->tx_tail != p->tx_head && rtl8169_tx_done(p, p->tx_tail % RTL8169_NUM_TX);
}

static void rtl8169_free_rings(struct rtl_priv *p)
{
	struct rtl8169_priv *tp = to_rtl8169(p);

	if (tp->rx_ring)
		dma_free_coherent(RTL8169_NUM_RX * sizeof(*tp->rx_ring), tp->rx_ring,
				  tp->rx_ring_dma);
	if (tp->tx_ring)
		dma_free_coherent(RTL8169_NUM_TX * sizeof(*tp->tx_ring), tp->tx_ring,
				  tp->tx_ring_dma);
	tp->rx_ring = tp->tx_ring = NULL;
}

/* [8169 DS TNPDS, RDSAR] 256-byte aligned (pages are); kept below 4 GiB. */
static int rtl8169_alloc_rings(struct rtl_priv *p)
{
	struct rtl8169_priv *tp = to_rtl8169(p);
	size_t rx_size = RTL8169_NUM_RX * sizeof(*tp->rx_ring);
	size_t tx_size = RTL8169_NUM_TX * sizeof(*tp->tx_ring);

	BUILD_BUG_ON(PAGE_SIZE % RTL8169_RING_ALIGN);
	tp->rx_ring = dma_alloc_coherent(rx_size, &tp->rx_ring_dma);
	tp->tx_ring = dma_alloc_coherent(tx_size, &tp->tx_ring_dma);
	if (tp->rx_ring && tp->tx_ring &&
	    tp->rx_ring_dma + rx_size <= 0x100000000ULL &&
	    tp->tx_ring_dma + tx_size <= 0x100000000ULL)
		return 0;
	rtl8169_free_rings(p);
	return -ENOMEM;
}

static const struct rtl_chip rtl8169_chip = {
	.name = "rtl8169",
	.note = " (untested driver)",
	.priv_size = sizeof(struct rtl8169_priv),
	.irq_types = PCI_IRQ_MSI | PCI_IRQ_INTX,
	.intr_mask = RTL8169_INTR_MASK,
	.xid_mask = 0xfcf,	/* [r8169] rtl8169_get_mac_version */
	.dma32 = false,
	.num_tx = RTL8169_NUM_TX,
	.tx_wake = RTL8169_TX_WAKE,
	.rx_size = RTL8169_NUM_RX * RTL8169_BUF_SIZE,
	.alloc_rings = rtl8169_alloc_rings,
	.free_rings = rtl8169_free_rings,
	.hw_start = rtl8169_hw_start,
	.rx = rtl8169_rx,
	.tx_done = rtl8169_tx_done,
	.tx_kick = rtl8169_tx_kick,
	.work_pending = rtl8169_work_pending,
	.check_link = rtl8169_check_link,
	.rx_overflow = rtl8169_rx_overflow,
};

static int rtl8169_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return rtl_probe(pdev, id, &rtl8169_chip);
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

/* Self-tests on the first rtl8169 bound; skipped without one (always, under QEMU 7.2). */
static bool rtl8169_st_match(const struct net_device *dev)
{
	return rtl_dev_is(dev, &rtl8169_chip);
}

static bool rtl8169_st_link_up(const struct net_device *dev)
{
	const struct rtl_priv *p = netdev_priv(dev);

	return rtl_r8(&p->regs, RTL8169_PHYSTATUS) & PHYSTATUS_LINK;
}

/* Ring registers point at our rings; at most a ring's worth in flight. */
static bool rtl8169_st_rings_ok(const struct net_device *dev)
{
	const struct rtl8169_priv *tp = netdev_priv(dev);
	const struct rtl_priv *p = &tp->rtl;

	return rtl_r32(&p->regs, RTL8169_RDSAR) == (u32)tp->rx_ring_dma &&
	       rtl_r32(&p->regs, RTL8169_TNPDS) == (u32)tp->tx_ring_dma &&
	       p->tx_head - p->tx_tail <= RTL8169_NUM_TX &&
	       tp->rx_next < RTL8169_NUM_RX;
}

NIC_SELFTESTS(rtl8169, "rtl8169", rtl8169_st_match, rtl_tx_idle, rtl8169_st_rings_ok,
	      rtl8169_st_link_up, rtl_check_probe, 3 * RTL8169_NUM_TX + 1)
