/*
 * What the Intel e1000 (8254x) and e1000e (82574L, I217/I218/I219) drivers
 * share: the adapter, the rings with their NAPI poll, interrupt handler,
 * open/stop and probe (e1000_ring.c), transmit with its offloads
 * (e1000_tx.c), receive into page buffers (e1000_rx.c), and the
 * 8254x-compatible MAC registers both keep (e1000_mac.c). What differs
 * per chip is in a const struct e1000_mac_ops, the way Linux's e1000e
 * splits its MACs (struct e1000_mac_operations in e1000e/hw.h).
 *
 * Context and locking: the IRQ handler only reads and acknowledges ICR,
 * masks the device and schedules NAPI (and tracks link changes).
 * Everything that touches the rings runs with bottom halves off on one
 * CPU: ndo_start_xmit (the qdisc, in softirq or bh-disabled process
 * context) and the NAPI poll (NET_RX softirq) never run at the same time,
 * so no lock is needed. A frame the poll hands up may be answered by a
 * transmit from inside the poll; the RX loop touches no TX state, so that
 * nesting is safe.
 */
#ifndef _DRIVERS_E1000_RING_H
#define _DRIVERS_E1000_RING_H

#include <kernel/types.h>
#include <kernel/pci.h>
#include <kernel/selftest.h>
#include <asm/io.h>
#include <net/netdevice.h>
#include "e1000_hw.h"
#include "../nic_common.h"

#define E1000_NUM_RX_DESC	256
#define E1000_NUM_TX_DESC	256
#define E1000_RX_BUF_SIZE	2048	/* RCTL.BSIZE: half a page */

/*
 * Linux's e1000e DEFAULT_JUMBO: the longest frame (FCS included) the
 * 82574L and the 8254x take with the packet buffer split as reset leaves
 * it (Linux lets the 8254x go to 16128 after moving PBA, which Skiff does
 * not do).
 */
#define E1000_MAX_JUMBO_FRAME	9234

struct e1000_adapter;

/* What differs between the MACs the ring code drives. */
struct e1000_mac_ops {
	const char *name;	/* "e1000", on the probe line */
	unsigned int irq_types;	/* PCI_IRQ_* the chip may use */
	u8 tctl_cold;		/* TCTL collision distance (full duplex) */
	/* Probe: bring the chip out of power saving, reset it, read the
	 * station address into netdev->dev_addr, and set a->max_frame.
	 * 0 or -errno. */
	int (*hw_init)(struct e1000_adapter *a);
	/* Quiesce DMA and reset; the device is left masked. 0 or -errno. */
	int (*reset_hw)(struct e1000_adapter *a);
	/* Link up through MAC and PHY; autonegotiation raises LSC when done. */
	void (*setup_link)(struct e1000_adapter *a);
	/* ndo_open, before the rings: interrupt routing and throttling, TIPG,
	 * and the chip's own queue controls. */
	void (*configure)(struct e1000_adapter *a);
	/* Unmask the causes NAPI serves, and link changes. */
	void (*irq_enable)(struct e1000_adapter *a);
	/* Read ICR and acknowledge what was read; 0 when not ours. */
	u32 (*irq_ack)(struct e1000_adapter *a);
};

/* A 2 KiB receive buffer: half of a page, on which it holds a reference. */
struct e1000_rx_buffer {
	struct page *page;
	unsigned int offset;	/* 0 or E1000_RX_BUF_SIZE */
};

/* On a frame's first TX descriptor: its skb, and where its EOP is. */
struct e1000_tx_buffer {
	struct sk_buff *skb;
	unsigned int eop;	/* the descriptor the device reports DD on */
};

struct e1000_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	const struct e1000_mac_ops *mac;
	u8 *regs;			/* BAR0, uncached */
	unsigned long flags;		/* pci_device_id.driver_data, per chip */
	unsigned int max_frame;		/* longest frame the chip takes, FCS included */
	bool up;			/* between ndo_open and ndo_stop */
	struct napi_struct napi;

	/* RX: descriptor i points at rx_buf[i] (a page half) while up. */
	struct e1000_rx_desc *rx_ring;
	dma_addr_t rx_ring_dma;
	struct e1000_rx_buffer rx_buf[E1000_NUM_RX_DESC];
	struct e1000_rx_buffer rx_spare; /* the unused half of the last page */
	struct sk_buff *rx_skb;		/* a frame over several buffers, so far */
	unsigned int rx_next;		/* next descriptor to look at; RDT is one behind */
	bool rx_discard;		/* dropping the rest of a multi-buffer frame */

	/* TX: the hardware owns [tx_clean, tx_tail). */
	union e1000_tx_desc *tx_ring;
	dma_addr_t tx_ring_dma;
	struct e1000_tx_buffer tx_buf[E1000_NUM_TX_DESC];
	unsigned int tx_tail;		/* next descriptor to fill */
	unsigned int tx_tdt;		/* what TDT was last set to */
	bool tx_defer;			/* in our RX poll: TDT waits for its end */
	unsigned int tx_clean;		/* first descriptor of the oldest frame */

	struct nic_offload_stats offload;
};

static inline u32 er32(const struct e1000_adapter *a, u32 reg)
{
	return readl(a->regs + reg);
}

static inline void ew32(const struct e1000_adapter *a, u32 reg, u32 v)
{
	writel(v, a->regs + reg);
}

/* Posted writes reach the device before a read of any of its registers returns. */
static inline void e1000_flush(const struct e1000_adapter *a)
{
	(void)er32(a, E1000_STATUS);
}

/* e1000_ring.c */

/* Probe a chip of this family with its mac ops: 0 or -errno. */
int e1000_probe(struct pci_dev *pdev, const struct pci_device_id *id,
		const struct e1000_mac_ops *mac);
/* dev is an e1000-family device driven by mac. */
bool e1000_dev_is(const struct net_device *dev, const struct e1000_mac_ops *mac);
/* For the self-tests: every skb reclaimed; ring registers where we left them. */
bool e1000_tx_idle(const struct net_device *dev);
bool e1000_rings_ok(const struct net_device *dev);

/* e1000_tx.c */

/* [8254x SDM 14.5; 82574 DS 7.2] Program the TX ring, empty. */
void e1000_configure_tx(struct e1000_adapter *a);
/* TDT up to tx_tail, if it is not there yet. */
void e1000_tx_kick(struct e1000_adapter *a);
/* Reclaim what the hardware sent; wake a stopped queue. */
void e1000_clean_tx(struct e1000_adapter *a);
/* The hardware reports a sent frame not yet reclaimed. */
bool e1000_tx_pending(const struct e1000_adapter *a);
/* After a reset: free every skb still on the ring, counted as dropped. */
void e1000_free_tx_skbs(struct e1000_adapter *a);
netdev_tx_t e1000_xmit(struct sk_buff *skb, struct net_device *dev);
/* For the self-tests: the offload counters, and one doorbell per batch. */
void e1000_offload_stats(const struct net_device *dev, struct nic_offload_stats *out);
void e1000_selftest_tx_batch(struct selftest_ctx *st_ctx, struct net_device *dev);

/* e1000_rx.c */

/* A buffer for every descriptor: 0, or -ENOMEM with none left allocated. */
int e1000_alloc_rx_buffers(struct e1000_adapter *a);
/* [8254x SDM 14.4; 82574 DS 7.1] Program the RX ring over those buffers. */
void e1000_configure_rx(struct e1000_adapter *a);
/* RCTL for dev's MTU and state: long packets past 1500 bytes. */
void e1000_set_rctl(struct e1000_adapter *a);
/* Up to budget completed descriptors; returns how many. */
int e1000_clean_rx(struct e1000_adapter *a, int budget);
/* The hardware has written a receive descriptor we have not looked at. */
bool e1000_rx_pending(const struct e1000_adapter *a);
/* After a reset: the buffers and a half-built frame go back. */
void e1000_free_rx_buffers(struct e1000_adapter *a);

/* e1000_mac.c */

/* Mask every interrupt cause. */
void e1000_irq_disable(struct e1000_adapter *a);
/*
 * CTRL for the internal copper PHY: set link up (SLU) and set, no forced
 * speed or duplex, no VLAN mode, clear cleared; flow control off.
 */
void e1000_setup_mac_link(struct e1000_adapter *a, u32 set, u32 clear);
/* Carrier from STATUS.LU; a change is logged. Any context. */
void e1000_check_link(struct e1000_adapter *a);
/* Our address in RAL0/RAH0 and an empty multicast table. */
void e1000_setup_rx_filter(struct e1000_adapter *a, const u8 *mac);
/* RAL0/RAH0 into mac when the address-valid bit is set and it is valid. */
bool e1000_mac_from_ra(const struct e1000_adapter *a, u8 *mac);
/*
 * The station address from EEPROM words 0-2 through EERD, in the layout
 * of Table 13-7 (DONE bit 4) or, with igp_layout, of Table 13-8 (DONE
 * bit 1, which the 82574 keeps). 0, -ETIMEDOUT or -EADDRNOTAVAIL.
 */
int e1000_read_mac_eeprom(struct e1000_adapter *a, bool igp_layout, u8 *mac);
/* Statistics registers: read to zero, then summed into netdev->stats. */
void e1000_clear_hw_stats(struct e1000_adapter *a);
void e1000_update_stats(struct e1000_adapter *a);
/* STATUS.LU, for the self-tests. */
bool e1000_link_up(const struct net_device *dev);
/* Self-test checks both families pass after probe: RAH0 and CTRL.SLU. */
void e1000_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev);

#endif
