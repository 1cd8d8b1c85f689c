/*
 * Realtek RTL8139 family (QEMU's -device rtl8139 is an RTL8139C+ run in
 * the plain 8139 mode): received frames land one after another in a ring
 * buffer, each behind a 4-byte header; transmits go through four fixed
 * buffers (TSAD0-3/TSD0-3) used in turn. NAPI, one interrupt vector (INTx
 * on every real 8139).
 *
 * The chip is 32-bit DMA only: the receive ring and the transmit buffers
 * must lie below 4 GiB, and frames are copied into the transmit buffers
 * (the TX buffers need dword alignment anyway [8139 DS TSAD0-3]).
 * Citations as in rtl_common.h; "[8139too]" is Linux's 8139too.c where it
 * documents chip behaviour the datasheet does not.
 *
 * Context and locking as in e1000.c: the IRQ handler acknowledges ISR,
 * masks IMR and schedules NAPI; transmit and the poll run with bottom
 * halves off on one CPU and never overlap.
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

/* [8139 DS] Registers of the 8139 alone. */
#define RTL8139_TSD(n)		(0x10 + 4 * (n))	/* transmit status of buffer n */
#define RTL8139_TSAD(n)		(0x20 + 4 * (n))	/* transmit start address n */
#define RTL8139_RBSTART		0x30	/* receive ring start (32-bit bus address) */
#define RTL8139_CAPR		0x38	/* current address of packet read */
#define RTL8139_CBR		0x3a	/* current buffer address (hardware's write) */
#define RTL8139_MPC		0x4c	/* missed packets, 24 bits; a write clears */
#define RTL8139_MSR		0x58	/* media status */
#define  RTL8139_MSR_LINKB	0x04	/* link fail (inverse of link OK) */
#define  RTL8139_MSR_SPEED_10	0x08
#define RTL8139_BMCR		0x62	/* the internal PHY's BMCR */
#define  RTL8139_BMCR_DUPLEX	0x0100
#define  RTL8139_BMCR_ANE	0x1000	/* autonegotiation enabled */
#define RTL8139_ANAR		0x66	/* our advertisement */
#define RTL8139_ANLPAR		0x68	/* the link partner's */
#define  RTL8139_AN_100FULL	0x0100
#define  RTL8139_AN_10FULL	0x0040
#define RTL8139_CONFIG1_PWRDN	0x01	/* [8139too]: RTL8139/8139A power-down bits */
#define RTL8139_CONFIG1_SLEEP	0x02

/* [8139 DS TSD0-3] */
#define TSD_SIZE_MASK		0x1fff
#define TSD_OWN			(1u << 13)	/* DMA to the FIFO done: host owns the buffer */
#define TSD_TUN			(1u << 14)	/* FIFO underrun */
#define TSD_TOK			(1u << 15)
#define TSD_ERTXTH_SHIFT	16		/* early TX threshold, 32-byte units */
#define TSD_NCC_SHIFT		24		/* collisions of this frame */
#define TSD_NCC_MASK		0xf
#define TSD_OWC			(1u << 29)	/* out of window (late) collision */
#define TSD_TABT		(1u << 30)	/* aborted (excess collisions) */
#define TSD_CRS			(1u << 31)	/* carrier lost while sending */
#define RTL8139_TCR_CLRABT	0x01		/* retransmit after an abort */

/* [8139 DS RCR] Ring length 32K + 16 (RBLEN = 10); WRAP clear: the chip
 * wraps frames round to the start of the ring, which we copy out of. */
#define RTL8139_RCR_RBLEN_32K	(2u << 11)
#define RTL8139_RX_RING_LEN	32768
#define RTL8139_RX_ALLOC	(RTL8139_RX_RING_LEN + 16 + 2048)

/* [8139 DS 5.1, packet header in the RX buffer] Receive status word. */
#define RX_HDR_ROK		0x0001
#define RX_HDR_FAE		0x0002	/* frame alignment error */
#define RX_HDR_CRC		0x0004
#define RX_HDR_LONG		0x0008	/* over 4 KiB */
#define RX_HDR_RUNT		0x0010	/* under 64 bytes */
#define RX_HDR_ISE		0x0020	/* invalid symbol */
#define RX_HDR_ERRORS		(RX_HDR_FAE | RX_HDR_CRC | RX_HDR_LONG | \
				 RX_HDR_RUNT | RX_HDR_ISE)
/* [8139too] The length word while the chip is still copying the frame. */
#define RX_HDR_LEN_EARLY	0xfff0

#define RTL8139_NUM_TX		4
#define RTL8139_TX_BUF_SIZE	2048
#define RTL8139_MAX_TX_LEN	(ETH_FRAME_LEN + VLAN_HLEN)
#define RTL8139_MAX_RX_LEN	(ETH_FRAME_LEN + VLAN_HLEN + ETH_FCS_LEN)
#define RTL8139_ERTXTH		(256 / 32)	/* start sending after 256 bytes */

#define RTL8139_INTR_MASK	(RTL_INT_ROK | RTL_INT_RER | RTL_INT_TOK | \
				 RTL_INT_TER | RTL_INT_RXOVW | RTL_INT_LINKCHG | \
				 RTL_INT_FOVW | RTL_INT_SERR)

struct rtl8139_priv {
	struct net_device *netdev;
	struct pci_dev *pdev;
	struct rtl_regs regs;
	int irq;
	bool up;
	struct napi_struct napi;

	u8 *rx_ring;			/* RX_ALLOC bytes; NULL while down */
	dma_addr_t rx_ring_dma;
	unsigned int cur_rx;		/* offset of the next header, < RX_RING_LEN */

	u8 *tx_bufs;			/* NUM_TX x TX_BUF_SIZE */
	dma_addr_t tx_bufs_dma;
	unsigned int tx_head;		/* next buffer to fill (mod NUM_TX) */
	unsigned int tx_tail;		/* oldest buffer in flight */
};

static void rtl8139_irq_disable(struct rtl8139_priv *p)
{
	rtl_w16(&p->regs, RTL_IMR, 0);
	(void)rtl_r16(&p->regs, RTL_IMR);	/* flush */
}

static void rtl8139_irq_enable(struct rtl8139_priv *p)
{
	rtl_w16(&p->regs, RTL_IMR, RTL8139_INTR_MASK);
}

/*
 * [8139 DS MSR, BMCR, ANAR, ANLPAR] Link from MSR.LINKB and speed from
 * MSR; duplex from BMCR when forced, else the best mode both ends
 * advertise at that speed.
 */
static void rtl8139_check_link(struct rtl8139_priv *p)
{
	u8 msr = rtl_r8(&p->regs, RTL8139_MSR);
	u16 bmcr = rtl_r16(&p->regs, RTL8139_BMCR);
	bool fast = !(msr & RTL8139_MSR_SPEED_10), full;

	if (bmcr & RTL8139_BMCR_ANE) {
		u16 common = rtl_r16(&p->regs, RTL8139_ANAR) &
			     rtl_r16(&p->regs, RTL8139_ANLPAR);

		full = common & (fast ? RTL8139_AN_100FULL : RTL8139_AN_10FULL);
	} else {
		full = bmcr & RTL8139_BMCR_DUPLEX;
	}
	rtl_link_report(p->netdev, !(msr & RTL8139_MSR_LINKB), fast ? 100 : 10, full);
}

/* [8139 DS MPC] Missed packets (no room in the ring), cleared by a write. */
static void rtl8139_update_stats(struct rtl8139_priv *p)
{
	p->netdev->stats.rx_missed_errors += rtl_r32(&p->regs, RTL8139_MPC) & 0xffffff;
	rtl_w32(&p->regs, RTL8139_MPC, 0);
}

static void rtl8139_get_stats(struct net_device *dev)
{
	struct rtl8139_priv *p = netdev_priv(dev);

	if (!p->up)
		return;
	local_bh_disable();
	rtl8139_update_stats(p);
	local_bh_enable();
}

/*
 * [8139 PG "Receive"; 8139 DS CAPR] CAPR trails the next header by 16
 * bytes: the chip treats CAPR + 16 as the read pointer (the "-16" every
 * 8139 driver writes), and the ring is empty when it reaches CBR.
 */
static void rtl8139_set_capr(struct rtl8139_priv *p)
{
	rtl_w16(&p->regs, RTL8139_CAPR, (u16)(p->cur_rx - 16));
}

/*
 * [8139 DS CR, RCR, TCR, RBSTART, TSAD; 8139too rtl8139_hw_start] Start
 * from a reset chip: power on (CONFIG1), RX and TX enabled before RCR and
 * TCR are written ("must enable Tx/Rx before setting transfer
 * thresholds" [8139too]), ring and buffer addresses, the read pointer at
 * the ring's start, no multicast, then the interrupt mask.
 */
static int rtl8139_hw_start(struct rtl8139_priv *p)
{
	const struct rtl_regs *r = &p->regs;
	int err = rtl_soft_reset(r);

	if (err)
		return err;
	rtl_cfg_unlock(r);
	rtl_w8(r, RTL_CONFIG1, rtl_r8(r, RTL_CONFIG1) &
	       ~(RTL8139_CONFIG1_PWRDN | RTL8139_CONFIG1_SLEEP));
	rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rtl_w32(r, RTL_RCR, RTL_RCR_APM | RTL_RCR_AB | RTL8139_RCR_RBLEN_32K |
		RTL_RCR_RXFTH_NONE | RTL_RCR_MXDMA_UNLIMITED);
	rtl_w32(r, RTL_TCR, RTL_TCR_IFG_STD | RTL_TCR_MXDMA_1024);
	rtl_cfg_lock(r);
	rtl_write_mac(r, p->netdev->dev_addr);
	rtl_w32(r, RTL8139_RBSTART, (u32)p->rx_ring_dma);
	for (int i = 0; i < RTL8139_NUM_TX; i++)
		rtl_w32(r, RTL8139_TSAD(i),
			(u32)(p->tx_bufs_dma + i * RTL8139_TX_BUF_SIZE));
	rtl_w32(r, RTL8139_MPC, 0);
	rtl_w32(r, RTL_MAR0, 0);
	rtl_w32(r, RTL_MAR0 + 4, 0);
	p->cur_rx = 0;
	rtl8139_set_capr(p);
	p->tx_head = p->tx_tail = 0;
	if ((rtl_r8(r, RTL_CR) & (RTL_CR_RE | RTL_CR_TE)) != (RTL_CR_RE | RTL_CR_TE))
		rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rtl_w16(r, RTL_ISR, 0xffff);	/* nothing left from before */
	return 0;
}

/*
 * A header that cannot be (no ROK although only good frames are stored,
 * a length out of range) means the read pointer lost the chip's: restart
 * the receiver from the ring's start, as [8139too rtl8139_rx_err] does.
 */
static void rtl8139_rx_restart(struct rtl8139_priv *p)
{
	const struct rtl_regs *r = &p->regs;

	rtl_w8(r, RTL_CR, RTL_CR_TE);
	rtl_w32(r, RTL8139_RBSTART, (u32)p->rx_ring_dma);
	rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rtl_w32(r, RTL_RCR, RTL_RCR_APM | RTL_RCR_AB | RTL8139_RCR_RBLEN_32K |
		RTL_RCR_RXFTH_NONE | RTL_RCR_MXDMA_UNLIMITED);
	p->cur_rx = 0;
	rtl8139_set_capr(p);
}

/* Copy len bytes of the ring from off on, wrapping at its end. */
static void rtl8139_ring_copy(const struct rtl8139_priv *p, u8 *dst,
			      unsigned int off, unsigned int len)
{
	unsigned int first = min(len, RTL8139_RX_RING_LEN - off);

	memcpy(dst, p->rx_ring + off, first);
	if (len > first)
		memcpy(dst + first, p->rx_ring, len - first);
}

/*
 * One frame at cur_rx: the header's status and length (with the FCS),
 * the frame behind it. Returns false when the poll must stop (the chip
 * is still writing it, or the receiver was restarted).
 */
static bool rtl8139_rx_one(struct rtl8139_priv *p)
{
	struct net_device *dev = p->netdev;
	struct net_device_stats *st = &dev->stats;
	/* Little-endian on the wire and in memory: x86 reads it as is. */
	u32 hdr = READ_ONCE(*(u32 *)(p->rx_ring + p->cur_rx));
	u16 status = hdr & 0xffff, size = hdr >> 16;
	struct sk_buff *skb;
	unsigned int len;

	if (size == RX_HDR_LEN_EARLY)
		return false;
	dma_rmb();	/* the frame after its header */
	if (!(status & RX_HDR_ROK) || (status & RX_HDR_ERRORS) ||
	    size < ETH_ZLEN + ETH_FCS_LEN || size > RTL8139_MAX_RX_LEN) {
		st->rx_errors++;
		if (status & RX_HDR_CRC)
			st->rx_crc_errors++;
		else if (status & (RX_HDR_FAE | RX_HDR_ISE))
			st->rx_frame_errors++;
		else
			st->rx_length_errors++;	/* RUNT, LONG or a bad length */
		rtl8139_rx_restart(p);
		return false;
	}
	len = size - ETH_FCS_LEN;
	skb = netdev_alloc_skb(dev, len);
	if (skb)
		rtl8139_ring_copy(p, skb_put(skb, len),
				  (p->cur_rx + 4) % RTL8139_RX_RING_LEN, len);
	else
		st->rx_dropped++;
	/* [8139 PG] Next header: dword aligned after header and frame. */
	p->cur_rx = ((p->cur_rx + 4 + size + 3) & ~3u) % RTL8139_RX_RING_LEN;
	rtl8139_set_capr(p);
	if (skb)
		eth_receive_skb(skb, dev);	/* consumes skb */
	return true;
}

/* [8139 DS CR.BUFE] Frames until the ring is empty or the budget spent. */
static int rtl8139_rx(struct rtl8139_priv *p, int budget)
{
	int work = 0;

	while (work < budget && !(rtl_r8(&p->regs, RTL_CR) & RTL_CR_BUFE)) {
		if (!rtl8139_rx_one(p))
			break;
		work++;
	}
	return work;
}

/*
 * [8139 DS TSD0-3] Buffers come back in the order they went out: TOK, or
 * an underrun or abort, ends a transmit. Errors are counted by cause.
 */
static void rtl8139_clean_tx(struct rtl8139_priv *p)
{
	struct net_device *dev = p->netdev;
	struct net_device_stats *st = &dev->stats;

	while (p->tx_tail != p->tx_head) {
		u32 tsd = rtl_r32(&p->regs, RTL8139_TSD(p->tx_tail % RTL8139_NUM_TX));

		if (!(tsd & (TSD_TOK | TSD_TUN | TSD_TABT)))
			break;
		st->collisions += (tsd >> TSD_NCC_SHIFT) & TSD_NCC_MASK;
		if (tsd & (TSD_TABT | TSD_OWC)) {
			st->tx_errors++;
			if (tsd & TSD_TABT) {
				st->tx_aborted_errors++;
				rtl_w32(&p->regs, RTL_TCR, rtl_r32(&p->regs, RTL_TCR) |
					RTL8139_TCR_CLRABT);
			}
			if (tsd & TSD_OWC)
				st->tx_window_errors++;
		}
		if (tsd & TSD_CRS)
			st->tx_carrier_errors++;
		if ((tsd & TSD_TUN) && !(tsd & TSD_TOK)) {
			st->tx_errors++;
			st->tx_fifo_errors++;
		}
		p->tx_tail++;
	}
	if (p->up && netif_queue_stopped(dev) &&
	    p->tx_head - p->tx_tail < RTL8139_NUM_TX)
		netif_wake_queue(dev);
}

static bool rtl8139_work_pending(struct rtl8139_priv *p)
{
	if (!(rtl_r8(&p->regs, RTL_CR) & RTL_CR_BUFE))
		return true;
	return p->tx_tail != p->tx_head &&
	       (rtl_r32(&p->regs, RTL8139_TSD(p->tx_tail % RTL8139_NUM_TX)) &
		(TSD_TOK | TSD_TUN | TSD_TABT));
}

/* NAPI poll: TX reclaim, RX up to budget, unmask and look once more. */
static int rtl8139_poll(struct napi_struct *napi, int budget)
{
	struct rtl8139_priv *p = container_of(napi, struct rtl8139_priv, napi);
	int work;

	rtl8139_clean_tx(p);
	work = rtl8139_rx(p, budget);
	if (work < budget && napi_complete_done(napi, work)) {
		rtl8139_irq_enable(p);
		if (rtl8139_work_pending(p)) {
			rtl8139_irq_disable(p);
			napi_schedule(napi);
		}
	}
	return work;
}

/*
 * [8139 DS ISR] Acknowledge what is set (write one to clear) and mask the
 * chip; 0 (or all ones from a vanished device) on a shared line is
 * someone else's. RXOVW (ring full: frames are lost until the poll frees
 * room, counted in MPC too) and FOVW (FIFO overflow) are counted here.
 */
static irqreturn_t rtl8139_intr(int irq, void *data)
{
	struct net_device *dev = data;
	struct rtl8139_priv *p = netdev_priv(dev);
	u16 isr = rtl_r16(&p->regs, RTL_ISR);

	if (!isr || isr == 0xffff)
		return IRQ_NONE;
	rtl_w16(&p->regs, RTL_ISR, isr);
	pr_trace(TRACE_DRIVER, "%s: irq, ISR %#x\n", dev->name, isr);
	if (!p->up)
		return IRQ_HANDLED;
	if (isr & RTL_INT_RXOVW) {
		dev->stats.rx_over_errors++;
		dev->stats.rx_errors++;
	}
	if (isr & RTL_INT_FOVW) {
		dev->stats.rx_fifo_errors++;
		dev->stats.rx_errors++;
	}
	if (isr & RTL_INT_SERR)
		pr_warn("%s: PCI system error\n", dev->name);
	if (isr & RTL_INT_LINKCHG)
		rtl8139_check_link(p);
	rtl8139_irq_disable(p);
	napi_schedule(&p->napi);
	return IRQ_HANDLED;
}

/*
 * ndo_start_xmit: the frame is copied into the next of the four buffers
 * and its TSD written with the length (which hands it to the chip), so
 * skb is consumed at once; NETDEV_TX_BUSY with skb still the caller's
 * when all four are in flight.
 */
static netdev_tx_t rtl8139_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct rtl8139_priv *p = netdev_priv(dev);
	unsigned int slot = p->tx_head % RTL8139_NUM_TX;

	if (p->tx_head - p->tx_tail >= RTL8139_NUM_TX) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (eth_skb_pad(skb)) {		/* frees skb on failure */
		dev->stats.tx_dropped++;
		return NETDEV_TX_OK;
	}
	if (skb->len > RTL8139_MAX_TX_LEN) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	memcpy(p->tx_bufs + slot * RTL8139_TX_BUF_SIZE, skb->data, skb->len);
	wmb();	/* the frame in memory before the chip may fetch it */
	rtl_w32(&p->regs, RTL8139_TSD(slot),
		(skb->len & TSD_SIZE_MASK) | RTL8139_ERTXTH << TSD_ERTXTH_SHIFT);
	consume_skb(skb);
	p->tx_head++;
	if (p->tx_head - p->tx_tail >= RTL8139_NUM_TX)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

static void rtl8139_free_bufs(struct rtl8139_priv *p)
{
	if (p->rx_ring)
		dma_free_coherent(RTL8139_RX_ALLOC, p->rx_ring, p->rx_ring_dma);
	if (p->tx_bufs)
		dma_free_coherent(RTL8139_NUM_TX * RTL8139_TX_BUF_SIZE, p->tx_bufs,
				  p->tx_bufs_dma);
	p->rx_ring = NULL;
	p->tx_bufs = NULL;
}

/* 32-bit DMA only [8139 DS RBSTART, TSAD0-3]. */
static int rtl8139_alloc_bufs(struct rtl8139_priv *p)
{
	p->rx_ring = dma_alloc_coherent(RTL8139_RX_ALLOC, &p->rx_ring_dma);
	p->tx_bufs = dma_alloc_coherent(RTL8139_NUM_TX * RTL8139_TX_BUF_SIZE,
					&p->tx_bufs_dma);
	if (!p->rx_ring || !p->tx_bufs) {
		rtl8139_free_bufs(p);
		return -ENOMEM;
	}
	if (p->rx_ring_dma + RTL8139_RX_ALLOC > 0x100000000ULL ||
	    p->tx_bufs_dma + RTL8139_NUM_TX * RTL8139_TX_BUF_SIZE > 0x100000000ULL) {
		pr_err("%s: DMA buffers above 4 GiB, which the 8139 cannot reach\n",
		       p->netdev->name);
		rtl8139_free_bufs(p);
		return -ENOMEM;
	}
	return 0;
}

static int rtl8139_open(struct net_device *dev)
{
	struct rtl8139_priv *p = netdev_priv(dev);
	int err = rtl8139_alloc_bufs(p);

	if (err)
		return err;
	err = rtl8139_hw_start(p);
	if (err) {
		rtl8139_free_bufs(p);
		return err;
	}
	napi_enable(&p->napi);
	p->up = true;
	netif_start_queue(dev);
	rtl8139_irq_enable(p);
	rtl8139_check_link(p);
	return 0;
}

/* Stop and reset the chip, so no DMA reaches the buffers freed after it. */
static int rtl8139_stop(struct net_device *dev)
{
	struct rtl8139_priv *p = netdev_priv(dev);

	p->up = false;
	rtl8139_irq_disable(p);
	napi_disable(&p->napi);
	netif_stop_queue(dev);
	local_bh_disable();
	rtl8139_update_stats(p);
	local_bh_enable();
	rtl_w8(&p->regs, RTL_CR, 0);
	if (rtl_soft_reset(&p->regs))
		pr_warn("%s: reset did not complete\n", dev->name);
	p->tx_head = p->tx_tail = 0;	/* the frames were copied: nothing to free */
	rtl8139_free_bufs(p);
	netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops rtl8139_netdev_ops = {
	.ndo_open = rtl8139_open,
	.ndo_stop = rtl8139_stop,
	.ndo_start_xmit = rtl8139_xmit,
	.ndo_get_stats = rtl8139_get_stats,
};

static int rtl8139_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct rtl8139_priv *p;
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
	err = rtl_soft_reset(&p->regs);
	if (err)
		goto out_free_netdev;
	err = rtl_read_mac(&p->regs, dev->dev_addr);
	if (err)
		goto out_free_netdev;
	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (err < 0)
		goto out_free_netdev;
	p->irq = pci_irq_vector(pdev, 0);
	dev->netdev_ops = &rtl8139_netdev_ops;
	netif_napi_add(dev, &p->napi, rtl8139_poll, NAPI_POLL_WEIGHT);
	err = register_netdev(dev);
	if (err)
		goto out_free_vectors;
	err = request_irq((unsigned int)p->irq, rtl8139_intr,
			  pdev->irq_type == PCI_IRQ_INTX ? IRQF_SHARED : 0,
			  dev->name, dev);
	if (err)
		goto out_unregister;

	m = dev->dev_addr;
	pci_format_irq(pdev, irqdesc, sizeof(irqdesc));
	printk("%s: rtl8139 (%04x:%04x) at %02x:%02x.%x, MAC %02x:%02x:%02x:%02x:%02x:%02x, %s, %s\n",
	       dev->name, pdev->vendor, pdev->device, pdev->bus, pdev->slot,
	       pdev->func, m[0], m[1], m[2], m[3], m[4], m[5], irqdesc,
	       rtl_regs_kind(&p->regs));
	return 0;

out_unregister:
	unregister_netdev(dev);
out_free_vectors:
	netif_napi_del(&p->napi);
	pci_free_irq_vectors(pdev);
out_free_netdev:
	free_netdev(dev);
	return err;
}

/* RTL8139 and the boards built on it (IDs as in Linux's 8139too). */
static const struct pci_device_id rtl8139_ids[] = {
	{ 0x10ec, 0x8139, 0, 0, 0 },	/* RTL8139/8139A/B/C/C+ (QEMU rtl8139) */
	{ 0x10ec, 0x8138, 0, 0, 0 },	/* RT8139 (B/C) cardbus */
	{ 0x1113, 0x1211, 0, 0, 0 },	/* Accton SMC1211TX EZCard 10/100 */
	{ 0x1186, 0x1300, 0, 0, 0 },	/* D-Link DFE-538TX */
	{ 0x1186, 0x1340, 0, 0, 0 },	/* D-Link DFE-690TXD */
	{ 0x4033, 0x1360, 0, 0, 0 },	/* Addtron AWA-100 */
	{ 0x1259, 0xa117, 0, 0, 0 },	/* Allied Telesyn 8139 */
	{ 0, 0, 0, 0, 0 },
};

static const struct pci_driver rtl8139_driver = {
	.name = "rtl8139",
	.id_table = rtl8139_ids,
	.probe = rtl8139_probe,
};
PCI_DRIVER(rtl8139_driver);

/* Self-tests on the first rtl8139 bound; vacuous without one. */
#define ST_WAIT_LINK_MS		3000

static struct net_device *rtl8139_st_find(void)
{
	struct net_device *dev;

	for_each_netdev(dev)
		if (dev->netdev_ops == &rtl8139_netdev_ops)
			return dev;
	printk("rtl8139: no device, nothing to test\n");
	return NULL;
}

static bool rtl8139_st_link_up(const void *arg)
{
	const struct rtl8139_priv *p = arg;

	return !(rtl_r8(&p->regs, RTL8139_MSR) & RTL8139_MSR_LINKB);
}

static bool rtl8139_st_tx_idle(const struct net_device *dev)
{
	const struct rtl8139_priv *p = netdev_priv(dev);

	return p->tx_head == p->tx_tail;
}

/* CAPR 16 behind our read offset, at most four buffers in flight, RX and TX on. */
static bool rtl8139_st_rings_ok(const struct net_device *dev)
{
	const struct rtl8139_priv *p = netdev_priv(dev);

	return rtl_r16(&p->regs, RTL8139_CAPR) == (u16)(p->cur_rx - 16) &&
	       p->cur_rx < RTL8139_RX_RING_LEN && p->cur_rx % 4 == 0 &&
	       p->tx_head - p->tx_tail <= RTL8139_NUM_TX &&
	       (rtl_r8(&p->regs, RTL_CR) & (RTL_CR_RE | RTL_CR_TE)) ==
	       (RTL_CR_RE | RTL_CR_TE);
}

POST_SELFTEST(rtl8139_registers_after_probe)
{
	struct net_device *dev = rtl8139_st_find();
	struct rtl8139_priv *p;
	u8 mac[ETH_ALEN];

	if (!dev)
		ST_SKIP("no RTL8139 NIC");
	p = netdev_priv(dev);
	ST_ASSERT(is_valid_ether_addr(dev->dev_addr));
	ST_EQ(rtl_read_mac(&p->regs, mac), 0);
	ST_ASSERT(ether_addr_equal(mac, dev->dev_addr));
	/* [8139 DS TCR] A hardware version id is always there. */
	ST_ASSERT(rtl_r32(&p->regs, RTL_TCR) & 0x7cc00000);
	ST_ASSERT(nic_selftest_wait(rtl8139_st_link_up, p, ST_WAIT_LINK_MS));
}

static const struct nic_selftest_ops rtl8139_st_ops = {
	.tx_idle = rtl8139_st_tx_idle,
	.rings_ok = rtl8139_st_rings_ok,
};

SELFTEST(rtl8139_arp_roundtrip)
{
	struct net_device *dev = rtl8139_st_find();

	if (!dev)
		ST_SKIP("no RTL8139 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &rtl8139_st_ops, false, 1);
}

SELFTEST(rtl8139_close_reopen)
{
	struct net_device *dev = rtl8139_st_find();

	if (!dev)
		ST_SKIP("no RTL8139 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &rtl8139_st_ops, true, 1);
}

/* Many more frames than buffers: the four slots cycle, the RX ring wraps. */
SELFTEST(rtl8139_arp_burst)
{
	struct net_device *dev = rtl8139_st_find();

	if (!dev)
		ST_SKIP("no RTL8139 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &rtl8139_st_ops, false, 769);
}
