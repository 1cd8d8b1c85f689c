/*
 * Realtek RTL8139 family (QEMU's -device rtl8139 is an RTL8139C+ run in
 * the plain 8139 mode): received frames land one after another in a ring
 * buffer, each behind a 4-byte header; transmits go through four fixed
 * buffers (TSAD0-3/TSD0-3) used in turn. This file is what the 8139 does
 * its own way; probe, open/stop, the copy into the transmit buffers, NAPI
 * and the interrupt handler are shared with the 8169 (rtl_netdev.c). One
 * interrupt vector (INTx on every real 8139).
 *
 * The chip is 32-bit DMA only: the receive ring and the transmit buffers
 * must lie below 4 GiB (the TX buffers need dword alignment anyway [8139
 * DS TSAD0-3]). Citations as in rtl_common.h; "[8139too]" is Linux's
 * 8139too.c where it documents chip behaviour the datasheet does not.
 */
#include <kernel/pci.h>
#include <kernel/printk.h>
#include <asm/io.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
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
#define RTL8139_MAX_RX_LEN	(ETH_FRAME_LEN + VLAN_HLEN + ETH_FCS_LEN)
#define RTL8139_ERTXTH		(256 / 32)	/* start sending after 256 bytes */

#define RTL8139_INTR_MASK	(RTL_INT_ROK | RTL_INT_RER | RTL_INT_TOK | \
				 RTL_INT_TER | RTL_INT_RXOVW | RTL_INT_LINKCHG | \
				 RTL_INT_FOVW | RTL_INT_SERR)
/* A transmit in TSD ended: sent, underrun or aborted. */
#define TSD_DONE		(TSD_TOK | TSD_TUN | TSD_TABT)

struct rtl8139_priv {
	struct rtl_priv rtl;		/* first: netdev_priv() is both */
	unsigned int cur_rx;		/* offset of the next header, < RX_RING_LEN */
};

static struct rtl8139_priv *to_rtl8139(struct rtl_priv *p)
{
	return container_of(p, struct rtl8139_priv, rtl);
}

/*
 * [8139 DS MSR, BMCR, ANAR, ANLPAR] Link from MSR.LINKB and speed from
 * MSR; duplex from BMCR when forced, else the best mode both ends
 * advertise at that speed.
 */
static void rtl8139_check_link(struct rtl_priv *p)
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
static void rtl8139_update_stats(struct rtl_priv *p)
{
	p->netdev->stats.rx_missed_errors += rtl_r32(&p->regs, RTL8139_MPC) & 0xffffff;
	rtl_w32(&p->regs, RTL8139_MPC, 0);
}

/* [8139 DS ISR.RXOVW] The ring was full: frames were lost (MPC counts them too). */
static void rtl8139_rx_overflow(struct rtl_priv *p)
{
	p->netdev->stats.rx_over_errors++;
	p->netdev->stats.rx_errors++;
}

/*
 * [8139 PG "Receive"; 8139 DS CAPR] CAPR trails the next header by 16
 * bytes: the chip treats CAPR + 16 as the read pointer (the "-16" every
 * 8139 driver writes), and the ring is empty when it reaches CBR.
 */
static void rtl8139_set_capr(struct rtl8139_priv *tp)
{
	rtl_w16(&tp->rtl.regs, RTL8139_CAPR, (u16)(tp->cur_rx - 16));
}

/*
 * [8139 DS CR, RCR, TCR, RBSTART, TSAD; 8139too rtl8139_hw_start] Start
 * from a reset chip: power on (CONFIG1), RX and TX enabled before RCR and
 * TCR are written ("must enable Tx/Rx before setting transfer
 * thresholds" [8139too]), ring and buffer addresses, the missed-packet
 * counter and the read pointer at the ring's start.
 */
static void rtl8139_hw_start(struct rtl_priv *p)
{
	struct rtl8139_priv *tp = to_rtl8139(p);
	const struct rtl_regs *r = &p->regs;

	rtl_cfg_unlock(r);
	rtl_w8(r, RTL_CONFIG1, rtl_r8(r, RTL_CONFIG1) &
	       ~(RTL8139_CONFIG1_PWRDN | RTL8139_CONFIG1_SLEEP));
	rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rtl_w32(r, RTL_RCR, RTL_RCR_APM | RTL_RCR_AB | RTL8139_RCR_RBLEN_32K |
		RTL_RCR_RXFTH_NONE | RTL_RCR_MXDMA_UNLIMITED);
	rtl_w32(r, RTL_TCR, RTL_TCR_IFG_STD | RTL_TCR_MXDMA_1024);
	rtl_cfg_lock(r);
	rtl_w32(r, RTL8139_RBSTART, (u32)p->rx_buf_dma);
	for (int i = 0; i < RTL8139_NUM_TX; i++)
		rtl_w32(r, RTL8139_TSAD(i),
			(u32)(p->tx_bufs_dma + i * RTL_TX_BUF_SIZE));
	rtl_w32(r, RTL8139_MPC, 0);
	tp->cur_rx = 0;
	rtl8139_set_capr(tp);
	if ((rtl_r8(r, RTL_CR) & (RTL_CR_RE | RTL_CR_TE)) != (RTL_CR_RE | RTL_CR_TE))
		rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
}

/*
 * A header that cannot be (no ROK although only good frames are stored,
 * a length out of range) means the read pointer lost the chip's: restart
 * the receiver from the ring's start, as [8139too rtl8139_rx_err] does.
 */
static void rtl8139_rx_restart(struct rtl8139_priv *tp)
{
	const struct rtl_regs *r = &tp->rtl.regs;

	rtl_w8(r, RTL_CR, RTL_CR_TE);
	rtl_w32(r, RTL8139_RBSTART, (u32)tp->rtl.rx_buf_dma);
	rtl_w8(r, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rtl_w32(r, RTL_RCR, RTL_RCR_APM | RTL_RCR_AB | RTL8139_RCR_RBLEN_32K |
		RTL_RCR_RXFTH_NONE | RTL_RCR_MXDMA_UNLIMITED);
	tp->cur_rx = 0;
	rtl8139_set_capr(tp);
}

/* Copy len bytes of the ring from off on, wrapping at its end. */
static void rtl8139_ring_copy(const struct rtl8139_priv *tp, u8 *dst,
			      unsigned int off, unsigned int len)
{
	const u8 *ring = tp->rtl.rx_buf;
	unsigned int first = min(len, RTL8139_RX_RING_LEN - off);

	memcpy(dst, ring + off, first);
	if (len > first)
		memcpy(dst + first, ring, len - first);
}

/*
 * One frame at cur_rx: the header's status and length (with the FCS),
 * the frame behind it. Returns false when the poll must stop (the chip
 * is still writing it, or the receiver was restarted). No skb exists
 * before the copy, so the drops here are counted in the device stats.
 */
static bool rtl8139_rx_one(struct rtl8139_priv *tp)
{
	struct net_device *dev = tp->rtl.netdev;
	struct net_device_stats *st = &dev->stats;
	/* Little-endian on the wire and in memory: x86 reads it as is. */
	u32 hdr = READ_ONCE(*(u32 *)(tp->rtl.rx_buf + tp->cur_rx));
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
		rtl8139_rx_restart(tp);
		return false;
	}
	len = size - ETH_FCS_LEN;
	skb = netdev_alloc_skb(dev, len);
	if (skb)
		rtl8139_ring_copy(tp, skb_put(skb, len),
				  (tp->cur_rx + 4) % RTL8139_RX_RING_LEN, len);
	else
		st->rx_dropped++;
	/* [8139 PG] Next header: dword aligned after header and frame. */
	tp->cur_rx = ((tp->cur_rx + 4 + size + 3) & ~3u) % RTL8139_RX_RING_LEN;
	rtl8139_set_capr(tp);
	if (skb)
		eth_napi_gro_receive(&tp->rtl.napi, skb);	/* consumes skb */
	return true;
}

/* [8139 DS CR.BUFE] Frames until the ring is empty or the budget spent. */
static int rtl8139_rx(struct rtl_priv *p, int budget)
{
	int work = 0;

	while (work < budget && !(rtl_r8(&p->regs, RTL_CR) & RTL_CR_BUFE)) {
		if (!rtl8139_rx_one(to_rtl8139(p)))
			break;
		work++;
	}
	return work;
}

/*
 * [8139 DS TSD0-3] TOK, or an underrun or abort, ends a transmit. Errors
 * are counted by cause; an abort needs TCR.CLRABT to go on.
 */
static bool rtl8139_tx_done(struct rtl_priv *p, unsigned int slot)
{
	struct net_device_stats *st = &p->netdev->stats;
	u32 tsd = rtl_r32(&p->regs, RTL8139_TSD(slot));

	if (!(tsd & TSD_DONE))
		return false;
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
	return true;
}

/* [8139 DS TSD0-3] Writing the length (and early-TX threshold) to TSD starts it. */
static void rtl8139_tx_kick(struct rtl_priv *p, unsigned int slot, unsigned int len)
{
	wmb();	/* the frame in memory before the chip may fetch it */
	rtl_w32(&p->regs, RTL8139_TSD(slot),
		(len & TSD_SIZE_MASK) | RTL8139_ERTXTH << TSD_ERTXTH_SHIFT);
}

static bool rtl8139_work_pending(struct rtl_priv *p)
{
	if (!(rtl_r8(&p->regs, RTL_CR) & RTL_CR_BUFE))
		return true;
	return p->tx_tail != p->tx_head &&
	       (rtl_r32(&p->regs, RTL8139_TSD(p->tx_tail % RTL8139_NUM_TX)) & TSD_DONE);
}

static const struct rtl_chip rtl8139_chip = {
	.name = "rtl8139",
	.note = "",
	.priv_size = sizeof(struct rtl8139_priv),
	.irq_types = PCI_IRQ_ALL_TYPES,
	.intr_mask = RTL8139_INTR_MASK,
	.xid_mask = 0x7cc,	/* [8139too] HW_REVID: TCR bits 30:26, 23:22 */
	.dma32 = true,
	.num_tx = RTL8139_NUM_TX,
	.tx_wake = 1,
	.rx_size = RTL8139_RX_ALLOC,
	.hw_start = rtl8139_hw_start,
	.rx = rtl8139_rx,
	.tx_done = rtl8139_tx_done,
	.tx_kick = rtl8139_tx_kick,
	.work_pending = rtl8139_work_pending,
	.check_link = rtl8139_check_link,
	.rx_overflow = rtl8139_rx_overflow,
	.update_stats = rtl8139_update_stats,
};

static int rtl8139_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return rtl_probe(pdev, id, &rtl8139_chip);
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

/* Self-tests on the first rtl8139 bound (the harness boots with -device rtl8139). */
static bool rtl8139_st_match(const struct net_device *dev)
{
	return rtl_dev_is(dev, &rtl8139_chip);
}

static bool rtl8139_st_link_up(const struct net_device *dev)
{
	const struct rtl_priv *p = netdev_priv(dev);

	return !(rtl_r8(&p->regs, RTL8139_MSR) & RTL8139_MSR_LINKB);
}

/* CAPR 16 behind our read offset, at most four buffers in flight, RX and TX on. */
static bool rtl8139_st_rings_ok(const struct net_device *dev)
{
	const struct rtl8139_priv *tp = netdev_priv(dev);
	const struct rtl_priv *p = &tp->rtl;

	return rtl_r16(&p->regs, RTL8139_CAPR) == (u16)(tp->cur_rx - 16) &&
	       tp->cur_rx < RTL8139_RX_RING_LEN && tp->cur_rx % 4 == 0 &&
	       p->tx_head - p->tx_tail <= RTL8139_NUM_TX &&
	       (rtl_r8(&p->regs, RTL_CR) & (RTL_CR_RE | RTL_CR_TE)) ==
	       (RTL_CR_RE | RTL_CR_TE);
}

/* The address in IDR0-5, and [8139 DS TCR] a hardware version id. */
static void rtl8139_st_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev)
{
	const struct rtl_priv *p = netdev_priv(dev);

	rtl_check_probe(st_ctx, dev);
	if (st_ctx->failed)
		return;
	ST_ASSERT(rtl_r32(&p->regs, RTL_TCR) & 0x7cc00000);
}

/* A burst of 769, many times the four slots: they cycle, and the replies wrap the ring. */
NIC_SELFTESTS(rtl8139, "rtl8139", rtl8139_st_match, rtl_tx_idle, rtl8139_st_rings_ok,
	      rtl8139_st_link_up, rtl8139_st_check_probe, 769)
