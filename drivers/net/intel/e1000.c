/*
 * Intel 8254x gigabit Ethernet (QEMU's -device e1000 is the 82540EM), with
 * legacy descriptors, one RX and one TX ring, and NAPI. Section numbers
 * cite the "PCI/PCI-X Family of Gigabit Ethernet Controllers Software
 * Developer's Manual" (317453006EN rev. 4.0) as [8254x SDM x.y].
 *
 * Context and locking: the IRQ handler only reads ICR, masks the device and
 * schedules NAPI (and tracks link changes). Everything that touches the
 * rings runs with bottom halves off on one CPU: ndo_start_xmit (the qdisc,
 * in softirq or bh-disabled process context) and the NAPI poll (NET_RX
 * softirq) never run at the same time, so no lock is needed. A frame the
 * poll hands up may be answered by a transmit from inside the poll; the
 * RX loop touches no TX state, so that nesting is safe.
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
#include "e1000_hw.h"
#include "../nic_selftest.h"

#define E1000_NUM_RX_DESC	256
#define E1000_NUM_TX_DESC	256
#define E1000_RX_BUF_SIZE	2048	/* RCTL.BSIZE */
/* The longest frame the stack may hand us (FCS added by the MAC). */
#define E1000_MAX_TX_LEN	(ETH_FRAME_LEN + VLAN_HLEN)
/* A stopped queue restarts once this many descriptors are free again. */
#define E1000_TX_WAKE_THRESH	32

#define E1000_RESET_POLLS	1000	/* x 10 us for CTRL.RST to clear */
#define E1000_EERD_POLLS	1000	/* x 10 us for one EEPROM word */

/* pci_device_id.driver_data flags. */
#define E1000_F_IGP		(1u << 0)	/* 82541/82547: IGP PHY, EERD of Table 13-8 */
#define E1000_F_DUAL_PORT	(1u << 1)	/* 82546: two MACs share one EEPROM */

struct e1000_adapter {
	struct net_device *netdev;
	u8 *regs;			/* BAR0, uncached */
	unsigned long flags;		/* E1000_F_* */
	bool up;			/* between ndo_open and ndo_stop */
	struct napi_struct napi;

	/* RX: descriptor i always points at buffer i of rx_bufs. */
	struct e1000_rx_desc *rx_ring;
	dma_addr_t rx_ring_dma;
	u8 *rx_bufs;			/* NUM_RX_DESC x RX_BUF_SIZE; NULL while down */
	dma_addr_t rx_bufs_dma;
	unsigned int rx_next;		/* next descriptor to look at; RDT is one behind */
	bool rx_discard;		/* dropping the rest of a multi-buffer frame */

	/* TX: the hardware owns [tx_clean, tx_tail), tx_skb[] holds their skbs. */
	struct e1000_tx_desc *tx_ring;
	dma_addr_t tx_ring_dma;
	struct sk_buff *tx_skb[E1000_NUM_TX_DESC];
	unsigned int tx_tail;		/* next descriptor to fill; mirrors TDT */
	unsigned int tx_clean;		/* oldest descriptor not reclaimed */
};

static inline u32 e1000_read(const struct e1000_adapter *a, u32 reg)
{
	return readl(a->regs + reg);
}

static inline void e1000_write(const struct e1000_adapter *a, u32 reg, u32 v)
{
	writel(v, a->regs + reg);
}

/* Posted writes reach the device before a read of any of its registers returns. */
static inline void e1000_flush(const struct e1000_adapter *a)
{
	(void)e1000_read(a, E1000_STATUS);
}

static void e1000_irq_disable(struct e1000_adapter *a)
{
	e1000_write(a, E1000_IMC, E1000_IMC_ALL);
	e1000_flush(a);
}

/* [8254x SDM 13.4.20] The causes NAPI serves, plus link changes. */
static void e1000_irq_enable(struct e1000_adapter *a)
{
	e1000_write(a, E1000_IMS, E1000_ICR_RXT0 | E1000_ICR_RXO |
		    E1000_ICR_RXDMT0 | E1000_ICR_TXDW | E1000_ICR_LSC);
	e1000_flush(a);
}

/*
 * [8254x SDM 13.4.1] Global reset with CTRL.RST, after quiescing DMA:
 * interrupts masked, RX and TX stopped, 10 ms for PCI writes to drain. The
 * reset reloads the EEPROM (RAL0/RAH0 among it): 82541/82547 need 20 ms,
 * the others 5 ms (the waits of Linux's e1000_reset_hw).
 */
static int e1000_reset_hw(struct e1000_adapter *a)
{
	int polls;

	e1000_irq_disable(a);
	e1000_write(a, E1000_RCTL, 0);
	e1000_write(a, E1000_TCTL, 0);
	e1000_flush(a);
	mdelay(10);

	e1000_write(a, E1000_CTRL, e1000_read(a, E1000_CTRL) | E1000_CTRL_RST);
	udelay(1);	/* [13.4.1]: no register access for 1 us after RST */
	for (polls = 0; polls < E1000_RESET_POLLS; polls++) {
		if (!(e1000_read(a, E1000_CTRL) & E1000_CTRL_RST))
			break;
		udelay(10);
	}
	if (polls == E1000_RESET_POLLS)
		return -ETIMEDOUT;
	mdelay(a->flags & E1000_F_IGP ? 20 : 5);

	e1000_irq_disable(a);
	(void)e1000_read(a, E1000_ICR);		/* drop causes left from before */
	return 0;
}

/* [8254x SDM 13.4.4] One EEPROM word through EERD, polling DONE (bounded). */
static int e1000_eeprom_read(struct e1000_adapter *a, u16 word, u16 *data)
{
	bool igp = a->flags & E1000_F_IGP;
	u32 done = igp ? E1000_EERD_DONE_IGP : E1000_EERD_DONE;
	u32 shift = igp ? E1000_EERD_ADDR_SHIFT_IGP : E1000_EERD_ADDR_SHIFT;

	e1000_write(a, E1000_EERD, E1000_EERD_START | (u32)word << shift);
	for (int polls = 0; polls < E1000_EERD_POLLS; polls++) {
		u32 v = e1000_read(a, E1000_EERD);

		if (v & done) {
			*data = (u16)(v >> E1000_EERD_DATA_SHIFT);
			return 0;
		}
		udelay(10);
	}
	return -ETIMEDOUT;
}

/*
 * The station address: RAL0/RAH0 as the EEPROM autoload after reset left
 * them when the address-valid bit says so, else EEPROM words 0-2 [5.6].
 */
static int e1000_read_mac(struct e1000_adapter *a, u8 *mac)
{
	u32 ral = e1000_read(a, E1000_RAL0), rah = e1000_read(a, E1000_RAH0);

	if (rah & E1000_RAH_AV) {
		for (int i = 0; i < 4; i++)
			mac[i] = (u8)(ral >> (8 * i));
		mac[4] = (u8)rah;
		mac[5] = (u8)(rah >> 8);
	} else {
		for (u16 w = 0; w < E1000_EEPROM_MAC_WORDS; w++) {
			u16 v;
			int err = e1000_eeprom_read(a, w, &v);

			if (err)
				return err;
			mac[2 * w] = (u8)v;
			mac[2 * w + 1] = (u8)(v >> 8);
		}
		/* 82546: port B's address is port A's with the last bit flipped
		 * (what Linux's e1000_read_mac_addr does). */
		if ((a->flags & E1000_F_DUAL_PORT) &&
		    (e1000_read(a, E1000_STATUS) & E1000_STATUS_FUNC_MASK) >>
		    E1000_STATUS_FUNC_SHIFT == 1)
			mac[5] ^= 1;
	}
	return is_valid_ether_addr(mac) ? 0 : -EADDRNOTAVAIL;
}

/*
 * [8254x SDM 14.3] General configuration for the internal copper PHY: the
 * MAC takes speed and duplex from the PHY's autonegotiation (ASDE, no
 * forcing) once link is set up (SLU); no VLAN mode. Flow control stays off,
 * so its address, type and timer registers are zero.
 */
static void e1000_setup_link(struct e1000_adapter *a)
{
	u32 ctrl = e1000_read(a, E1000_CTRL);

	ctrl |= E1000_CTRL_SLU | E1000_CTRL_ASDE;
	ctrl &= ~(E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPLX | E1000_CTRL_ILOS |
		  E1000_CTRL_PHY_RST | E1000_CTRL_VME);
	e1000_write(a, E1000_CTRL, ctrl);
	e1000_write(a, E1000_FCAL, 0);
	e1000_write(a, E1000_FCAH, 0);
	e1000_write(a, E1000_FCT, 0);
	e1000_write(a, E1000_FCTTV, 0);
}

/* [8254x SDM 14.4] Our address in RAL0/RAH0 and an empty multicast table. */
static void e1000_setup_rx_filter(struct e1000_adapter *a, const u8 *mac)
{
	e1000_write(a, E1000_RAL0, (u32)mac[0] | (u32)mac[1] << 8 |
		    (u32)mac[2] << 16 | (u32)mac[3] << 24);
	e1000_write(a, E1000_RAH0, (u32)mac[4] | (u32)mac[5] << 8 | E1000_RAH_AV);
	for (int i = 0; i < E1000_MTA_ENTRIES; i++)
		e1000_write(a, E1000_MTA + 4 * i, 0);
}

/*
 * [8254x SDM 13.7] Add the read-to-clear statistics registers to the device
 * stats, the way Linux's e1000_update_stats sums them. With RCTL.SBP clear
 * the MAC discards bad frames itself, so these registers are the only
 * place CRC, alignment and length errors show. Callers hold bottom halves
 * off: the poll updates the same fields.
 */
static void e1000_update_stats(struct e1000_adapter *a)
{
	struct net_device_stats *s = &a->netdev->stats;
	u32 crc = e1000_read(a, E1000_CRCERRS);
	u32 algn = e1000_read(a, E1000_ALGNERRC);
	u32 rxerr = e1000_read(a, E1000_RXERRC);
	u32 cext = e1000_read(a, E1000_CEXTERR);
	u32 rlec = e1000_read(a, E1000_RLEC);
	u32 ecol = e1000_read(a, E1000_ECOL);
	u32 latecol = e1000_read(a, E1000_LATECOL);

	s->rx_crc_errors += crc;
	s->rx_frame_errors += algn;
	s->rx_length_errors += rlec;
	s->rx_errors += crc + algn + rxerr + cext + rlec;
	s->rx_missed_errors += e1000_read(a, E1000_MPC);
	s->collisions += e1000_read(a, E1000_COLC);
	s->tx_aborted_errors += ecol;
	s->tx_window_errors += latecol;
	s->tx_errors += ecol + latecol;
	s->tx_carrier_errors += e1000_read(a, E1000_TNCRS);
}

/* [8254x SDM 13.7] The registers are not reset by hardware: read them to zero. */
static void e1000_clear_hw_stats(struct e1000_adapter *a)
{
	static const u32 regs[] = {
		E1000_CRCERRS, E1000_ALGNERRC, E1000_RXERRC, E1000_CEXTERR,
		E1000_RLEC, E1000_ECOL, E1000_LATECOL, E1000_MPC, E1000_COLC,
		E1000_TNCRS,
	};

	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		(void)e1000_read(a, regs[i]);
}

static void e1000_get_stats(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	if (!a->up)
		return;
	local_bh_disable();
	e1000_update_stats(a);
	local_bh_enable();
}

/* Carrier from STATUS.LU; a change is logged. Any context. */
static void e1000_check_link(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;
	u32 status = e1000_read(a, E1000_STATUS);
	static const unsigned int mbps[] = { 10, 100, 1000, 1000 };

	if (status & E1000_STATUS_LU) {
		if (netif_carrier_ok(dev))
			return;
		printk("%s: link up %u Mbps %s duplex\n", dev->name,
		       mbps[(status & E1000_STATUS_SPEED_MASK) >> E1000_STATUS_SPEED_SHIFT],
		       status & E1000_STATUS_FD ? "full" : "half");
		netif_carrier_on(dev);
	} else if (netif_carrier_ok(dev)) {
		printk("%s: link down\n", dev->name);
		netif_carrier_off(dev);
	}
}

static unsigned int e1000_tx_free(const struct e1000_adapter *a)
{
	/* One descriptor stays empty: TDT == TDH means an empty ring. */
	return (a->tx_clean + E1000_NUM_TX_DESC - a->tx_tail - 1) % E1000_NUM_TX_DESC;
}

/* [8254x SDM 14.5] Transmit initialization; the ring starts empty. */
static void e1000_configure_tx(struct e1000_adapter *a)
{
	memset(a->tx_ring, 0, E1000_NUM_TX_DESC * sizeof(*a->tx_ring));
	a->tx_tail = a->tx_clean = 0;
	e1000_write(a, E1000_TDBAL, (u32)a->tx_ring_dma);
	e1000_write(a, E1000_TDBAH, (u32)(a->tx_ring_dma >> 32));
	e1000_write(a, E1000_TDLEN, E1000_NUM_TX_DESC * sizeof(*a->tx_ring));
	e1000_write(a, E1000_TDH, 0);
	e1000_write(a, E1000_TDT, 0);
	e1000_write(a, E1000_TIPG, E1000_TIPG_VALUE);
	e1000_write(a, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
		    E1000_TCTL_CT_DEFAULT << E1000_TCTL_CT_SHIFT |
		    E1000_TCTL_COLD_FD << E1000_TCTL_COLD_SHIFT);
}

/*
 * [8254x SDM 14.4] Receive initialization. Every descriptor gets its
 * buffer; RDT = last index gives the hardware all but one (RDT == RDH
 * would read as "no buffers" [3.2.6]). No RX delay timer: ITR paces the
 * interrupts instead. Unicast to us and broadcast; CRC stripped.
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
	e1000_write(a, E1000_RDTR, 0);
	e1000_write(a, E1000_RDBAL, (u32)a->rx_ring_dma);
	e1000_write(a, E1000_RDBAH, (u32)(a->rx_ring_dma >> 32));
	e1000_write(a, E1000_RDLEN, E1000_NUM_RX_DESC * sizeof(*a->rx_ring));
	e1000_write(a, E1000_RDH, 0);
	wmb();	/* descriptors in memory before the hardware may fetch them */
	e1000_write(a, E1000_RDT, E1000_NUM_RX_DESC - 1);
	e1000_write(a, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM |
		    E1000_RCTL_BSIZE_2048 | E1000_RCTL_SECRC |
		    E1000_RCTL_RDMTS_HALF);
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
			kfree_skb(a->tx_skb[i]);	/* given up on the wire */
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
 * One completed RX descriptor. Frames are copied out of the ring into an
 * skb of their own size, and the buffer stays where it is: the ring is one
 * coherent block that never needs refilling, so it cannot starve when
 * memory is short (the frame is dropped and counted instead); a 60-byte
 * ARP costs a small allocation rather than pinning a 4 KiB kmalloc block
 * (2 KiB plus headroom rounds up to it) for the life of the packet; and
 * copying at most 1522 bytes is cheap next to the rest of the path.
 */
static void e1000_rx_frame(struct e1000_adapter *a, const struct e1000_rx_desc *d,
			   const u8 *buf)
{
	struct net_device *dev = a->netdev;
	struct net_device_stats *st = &dev->stats;
	struct sk_buff *skb;
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
	/* [3.2.3.2] Only stored if RCTL.SBP were set; checked all the same. */
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
	skb = netdev_alloc_skb(dev, len);
	if (!skb) {
		st->rx_dropped++;
		return;
	}
	skb_put_data(skb, buf, len);
	eth_receive_skb(skb, dev);	/* consumes skb */
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
		e1000_write(a, E1000_RDT, (a->rx_next + E1000_NUM_RX_DESC - 1) %
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
		e1000_irq_enable(a);
		if (e1000_work_pending(a)) {
			e1000_irq_disable(a);
			napi_schedule(napi);
		}
	}
	return work;
}

/*
 * [8254x SDM 13.4.17] Reading ICR returns and clears every cause. Zero
 * means the interrupt on this (shared, level) line was someone else's.
 */
static irqreturn_t e1000_intr(int irq, void *data)
{
	struct net_device *dev = data;
	struct e1000_adapter *a = netdev_priv(dev);
	u32 icr = e1000_read(a, E1000_ICR);

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
 * ndo_start_xmit. Consumes skb and returns NETDEV_TX_OK (sent, or dropped
 * and counted), or returns NETDEV_TX_BUSY with skb still the caller's when
 * the ring is full. Linear skbs only: their data is one kmalloc block in
 * the direct map, physically contiguous, so one descriptor covers it.
 */
static netdev_tx_t e1000_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	struct e1000_tx_desc *d;
	unsigned int i = a->tx_tail;

	if (e1000_tx_free(a) == 0) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (eth_skb_pad(skb)) {		/* freed skb on failure */
		dev->stats.tx_dropped++;
		return NETDEV_TX_OK;
	}
	if (skb->len > E1000_MAX_TX_LEN) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	/* [8254x SDM 3.3.3] One legacy descriptor: the whole frame, FCS added
	 * by the MAC (IFCS), status reported (RS) so the poll can reclaim it. */
	d = &a->tx_ring[i];
	d->addr = virt_to_phys(skb->data);
	d->length = (u16)skb->len;
	d->cso = 0;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	d->status = 0;
	d->css = 0;
	d->special = 0;
	a->tx_skb[i] = skb;
	a->tx_tail = (i + 1) % E1000_NUM_TX_DESC;
	wmb();	/* [3.4] the descriptor is in memory before TDT moves past it */
	e1000_write(a, E1000_TDT, a->tx_tail);
	if (e1000_tx_free(a) < 2)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

/* After a reset: nothing is in flight; skbs never sent are drops. */
static void e1000_free_tx_skbs(struct e1000_adapter *a)
{
	e1000_clean_tx(a);
	for (unsigned int i = a->tx_clean; i != a->tx_tail;
	     i = (i + 1) % E1000_NUM_TX_DESC) {
		kfree_skb(a->tx_skb[i]);
		a->tx_skb[i] = NULL;
		a->netdev->stats.tx_dropped++;
	}
	a->tx_clean = a->tx_tail = 0;
}

static int e1000_open(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	a->rx_bufs = dma_alloc_coherent(E1000_NUM_RX_DESC * E1000_RX_BUF_SIZE,
					&a->rx_bufs_dma);
	if (!a->rx_bufs)
		return -ENOMEM;
	e1000_setup_link(a);
	e1000_setup_rx_filter(a, dev->dev_addr);
	e1000_clear_hw_stats(a);
	e1000_configure_tx(a);
	e1000_configure_rx(a);
	e1000_write(a, E1000_ITR, E1000_ITR_VALUE);
	napi_enable(&a->napi);
	a->up = true;
	netif_start_queue(dev);
	e1000_irq_enable(a);
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
	local_bh_disable();
	e1000_update_stats(a);
	local_bh_enable();
	if (e1000_reset_hw(a))
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

/* [8254x SDM 3.2.6, 3.4] Rings: 16-byte aligned, lengths multiples of 128. */
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

static int e1000_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct e1000_adapter *a;
	struct net_device *dev;
	int irq = pci_irq_gsi(pdev);
	u8 *regs, *m;
	int err;

	if (irq < 0)
		return irq;
	if (pdev->bar[0].is_io || !pdev->bar[0].size)
		return -ENODEV;
	err = pci_enable_device(pdev);
	if (err)
		return err;
	pci_set_master(pdev);
	regs = pci_ioremap_bar(pdev, 0);
	if (!regs)
		return -ENOMEM;

	dev = alloc_etherdev(sizeof(*a));
	if (!dev)
		return -ENOMEM;
	a = netdev_priv(dev);
	a->netdev = dev;
	a->regs = regs;
	a->flags = id->driver_data;

	err = e1000_reset_hw(a);
	if (err)
		goto out_free_netdev;
	err = e1000_read_mac(a, dev->dev_addr);
	if (err)
		goto out_free_netdev;
	e1000_setup_link(a);	/* autonegotiation runs while the stack starts */
	err = e1000_alloc_rings(a);
	if (err)
		goto out_free_netdev;
	dev->netdev_ops = &e1000_netdev_ops;
	netif_napi_add(dev, &a->napi, e1000_poll, NAPI_POLL_WEIGHT);
	err = register_netdev(dev);
	if (err)
		goto out_free_rings;
	err = request_irq((unsigned int)irq, e1000_intr, IRQF_SHARED, dev->name, dev);
	if (err)
		goto out_unregister;

	m = dev->dev_addr;
	printk("%s: e1000 (%04x:%04x) at %02x:%02x.%x, MAC %02x:%02x:%02x:%02x:%02x:%02x, irq %d\n",
	       dev->name, pdev->vendor, pdev->device, pdev->bus, pdev->slot,
	       pdev->func, m[0], m[1], m[2], m[3], m[4], m[5], irq);
	return 0;

out_unregister:
	unregister_netdev(dev);
out_free_rings:
	netif_napi_del(&a->napi);
	e1000_free_rings(a);
out_free_netdev:
	free_netdev(dev);
	return err;
}

/*
 * Copper 8254x parts with the programming model above (IDs as in Linux's
 * e1000_hw.h). Left out: the 82542 (older descriptor layout); 82543GC
 * (external PHY on MDIO, no EERD, no ITR); 82544 (no EERD and no ITR
 * [13.4.4, 13.4.18]); fiber and SerDes variants (TBI/SerDes link setup);
 * the first 82541EI/ER-LOM and 82547EI steppings, which need Linux's IGP
 * PHY init script and the 82547 TX FIFO hang workaround.
 */
static const struct pci_device_id e1000_ids[] = {
	{ 0x8086, 0x100e, 0, 0, 0 },			/* 82540EM (QEMU e1000) */
	{ 0x8086, 0x1015, 0, 0, 0 },			/* 82540EM LOM */
	{ 0x8086, 0x1016, 0, 0, 0 },			/* 82540EP LOM */
	{ 0x8086, 0x1017, 0, 0, 0 },			/* 82540EP */
	{ 0x8086, 0x101e, 0, 0, 0 },			/* 82540EP LP */
	{ 0x8086, 0x100f, 0, 0, 0 },			/* 82545EM copper */
	{ 0x8086, 0x1026, 0, 0, 0 },			/* 82545GM copper */
	{ 0x8086, 0x1010, 0, 0, E1000_F_DUAL_PORT },	/* 82546EB copper */
	{ 0x8086, 0x101d, 0, 0, E1000_F_DUAL_PORT },	/* 82546EB quad copper */
	{ 0x8086, 0x1079, 0, 0, E1000_F_DUAL_PORT },	/* 82546GB copper */
	{ 0x8086, 0x1099, 0, 0, E1000_F_DUAL_PORT },	/* 82546GB quad copper */
	{ 0x8086, 0x1076, 0, 0, E1000_F_IGP },		/* 82541GI */
	{ 0x8086, 0x1077, 0, 0, E1000_F_IGP },		/* 82541GI mobile */
	{ 0x8086, 0x1078, 0, 0, E1000_F_IGP },		/* 82541ER */
	{ 0x8086, 0x107c, 0, 0, E1000_F_IGP },		/* 82541GI LF */
	{ 0x8086, 0x1075, 0, 0, E1000_F_IGP },		/* 82547GI */
	{ 0, 0, 0, 0, 0 },
};

static const struct pci_driver e1000_driver = {
	.name = "e1000",
	.id_table = e1000_ids,
	.probe = e1000_probe,
};
PCI_DRIVER(e1000_driver);

/*
 * Self-tests, on the first e1000 the PCI scan bound (the harness boots
 * with -nic user,model=e1000; without one they pass vacuously).
 */
#define ST_WAIT_LINK_MS		3000

/* The device under test, or NULL (with a note) on a machine without one. */
static struct net_device *e1000_st_find(void)
{
	struct net_device *dev;

	for_each_netdev(dev)
		if (dev->netdev_ops == &e1000_netdev_ops)
			return dev;
	printk("e1000: no device, nothing to test\n");
	return NULL;
}

static bool e1000_st_link_up(const void *arg)
{
	return e1000_read(arg, E1000_STATUS) & E1000_STATUS_LU;
}

static bool e1000_st_tx_idle(const struct net_device *dev)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	return a->tx_clean == a->tx_tail;
}

/* Head and tail registers inside the rings, and RDT one behind our index. */
static bool e1000_st_rings_ok(const struct net_device *dev)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	return e1000_read(a, E1000_RDH) < E1000_NUM_RX_DESC &&
	       e1000_read(a, E1000_TDH) < E1000_NUM_TX_DESC &&
	       e1000_read(a, E1000_TDT) == a->tx_tail &&
	       e1000_read(a, E1000_RDT) ==
	       (a->rx_next + E1000_NUM_RX_DESC - 1) % E1000_NUM_RX_DESC;
}

POST_SELFTEST(e1000_registers_after_probe)
{
	struct net_device *dev = e1000_st_find();
	struct e1000_adapter *a;
	u32 rah;

	if (!dev)
		ST_SKIP("no e1000 NIC");
	a = netdev_priv(dev);
	ST_ASSERT(is_valid_ether_addr(dev->dev_addr));
	rah = e1000_read(a, E1000_RAH0);
	ST_ASSERT(rah & E1000_RAH_AV);
	ST_EQ(rah & 0xffff, dev->dev_addr[4] | dev->dev_addr[5] << 8);
	ST_ASSERT(e1000_read(a, E1000_CTRL) & E1000_CTRL_SLU);
	ST_ASSERT(nic_selftest_wait(e1000_st_link_up, a, ST_WAIT_LINK_MS));
}

static const struct nic_selftest_ops e1000_st_ops = {
	.tx_idle = e1000_st_tx_idle,
	.rings_ok = e1000_st_rings_ok,
};

SELFTEST(e1000_arp_roundtrip)
{
	struct net_device *dev = e1000_st_find();

	if (!dev)
		ST_SKIP("no e1000 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &e1000_st_ops, false, 1);
}

/* ndo_stop frees everything and ndo_open brings the device back. */
SELFTEST(e1000_close_reopen)
{
	struct net_device *dev = e1000_st_find();

	if (!dev)
		ST_SKIP("no e1000 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &e1000_st_ops, true, 1);
}

/* Three rings' worth back to back: queue stop and wake, both rings wrap. */
SELFTEST(e1000_arp_burst)
{
	struct net_device *dev = e1000_st_find();

	if (!dev)
		ST_SKIP("no e1000 NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &e1000_st_ops, false, 3 * E1000_NUM_TX_DESC + 1);
}
