/*
 * Intel 82574L (QEMU's -device e1000e) and the PCH-integrated I217, I218
 * and I219 ("e1000e" parts): legacy descriptors, one RX and one TX ring,
 * NAPI, and one interrupt vector: MSI-X when the device has it (the
 * 82574L), MSI (the PCH parts), else INTx through the IOAPIC.
 *
 * The 8254x programming model of e1000.c carries over (the 82574L keeps
 * the legacy descriptor formats and the register map); e1000_hw.h holds
 * those definitions, e1000e_hw.h what is new. Citations: "[82574 DS reg]"
 * is the "Intel 82574 GbE Controller Family Datasheet" (317694 rev. 3.4)
 * by register name; "[8254x SDM x.y]" as in e1000.c; the PCH parts' extra
 * steps (software flag, ULP exit, PHY paging) follow Linux's ich8lan.c,
 * cited "[e1000e ich8lan.c function]", as the public datasheets leave
 * them out. The PCH support is written from those sources and has not run
 * on hardware. Not done for the PCH parts: flash NVM access (the MAC comes
 * from RAL0/RAH0 as the NVM auto-load or the firmware left it), the K1
 * and PLL workarounds, the I219 descriptor-ring flush before reset that
 * Linux does when FEXTNVM11 asks for it (e1000_flush_desc_rings), EEE,
 * and S0ix.
 *
 * Context and locking as in e1000.c: the IRQ handler reads and
 * acknowledges ICR, masks the device and schedules NAPI; transmit and the
 * poll run with bottom halves off on one CPU and never overlap.
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
#include "e1000e_hw.h"
#include "../nic_selftest.h"

#define E1000E_NUM_RX_DESC	256
#define E1000E_NUM_TX_DESC	256
#define E1000E_RX_BUF_SIZE	2048	/* RCTL.BSIZE */
#define E1000E_MAX_TX_LEN	(ETH_FRAME_LEN + VLAN_HLEN)
#define E1000E_TX_WAKE_THRESH	32

/* Bounded waits: polls x step. */
#define E1000E_MASTER_POLLS	800	/* x 100 us for GIO master disable */
#define E1000E_RESET_POLLS	1000	/* x 10 us for CTRL.RST to clear */
#define E1000E_AUTORD_POLLS	1000	/* x 10 us for the NVM auto-read */
#define E1000E_LAN_INIT_POLLS	1500	/* x 10 us for PCH LAN_INIT_DONE */
#define E1000E_EERD_POLLS	1000	/* x 10 us for one EEPROM word */
#define E1000E_MDIC_POLLS	1920	/* x 50 us for one PHY access */
#define E1000E_SWFLAG_POLLS	1000	/* x 1 ms for the PCH software flag */
#define E1000E_ULP_POLLS	250	/* x 10 ms for the ME to leave ULP */
#define E1000E_LPCD_POLLS	20	/* x 5 ms for the LANPHYPC cycle */

/* pci_device_id.driver_data flags. */
#define E1000E_F_PCH		(1u << 0)	/* I217/I218/I219: PCH LAN, flash NVM */

struct e1000e_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	u8 *regs;			/* BAR0, uncached */
	unsigned long flags;		/* E1000E_F_* */
	int irq;			/* GSI or MSI irq number */
	bool up;
	struct napi_struct napi;

	struct e1000_rx_desc *rx_ring;
	dma_addr_t rx_ring_dma;
	u8 *rx_bufs;			/* NUM_RX_DESC x RX_BUF_SIZE; NULL while down */
	dma_addr_t rx_bufs_dma;
	unsigned int rx_next;		/* next descriptor to look at; RDT is one behind */
	bool rx_discard;		/* dropping the rest of a multi-buffer frame */

	struct e1000_tx_desc *tx_ring;
	dma_addr_t tx_ring_dma;
	struct sk_buff *tx_skb[E1000E_NUM_TX_DESC];
	unsigned int tx_tail;		/* next descriptor to fill; mirrors TDT */
	unsigned int tx_clean;		/* oldest descriptor not reclaimed */
};

static inline u32 er32(const struct e1000e_adapter *a, u32 reg)
{
	return readl(a->regs + reg);
}

static inline void ew32(const struct e1000e_adapter *a, u32 reg, u32 v)
{
	writel(v, a->regs + reg);
}

static inline void e1000e_flush(const struct e1000e_adapter *a)
{
	(void)er32(a, E1000_STATUS);
}

static bool e1000e_is_pch(const struct e1000e_adapter *a)
{
	return a->flags & E1000E_F_PCH;
}

static bool e1000e_msix(const struct e1000e_adapter *a)
{
	return a->pdev->irq_type == PCI_IRQ_MSIX;
}

/* Poll reg until (value & mask) == want, polls times step_us apart. */
static int e1000e_wait(const struct e1000e_adapter *a, u32 reg, u32 mask,
		       u32 want, int polls, u64 step_us)
{
	for (int i = 0; i < polls; i++) {
		if ((er32(a, reg) & mask) == want)
			return 0;
		udelay(step_us);
	}
	return (er32(a, reg) & mask) == want ? 0 : -ETIMEDOUT;
}

/* ---- Interrupt masks ---- */

static void e1000e_irq_disable(struct e1000e_adapter *a)
{
	ew32(a, E1000_IMC, E1000_IMC_ALL);
	e1000e_flush(a);
}

/*
 * [82574 DS IMS] With INTx or MSI the legacy causes; with MSI-X the
 * queue causes RXQ0/TXQ0 and OTHER (which carries LSC and RXO), all
 * routed to vector 0 by IVAR. LSC and RXO are set in both cases.
 */
static void e1000e_irq_enable(struct e1000e_adapter *a)
{
	u32 ims = E1000_ICR_LSC | E1000_ICR_RXO;

	if (e1000e_msix(a))
		ims |= E1000_ICR_RXQ0 | E1000_ICR_TXQ0 | E1000_ICR_OTHER;
	else
		ims |= E1000_ICR_RXT0 | E1000_ICR_RXDMT0 | E1000_ICR_TXDW;
	ew32(a, E1000_IMS, ims);
	e1000e_flush(a);
}

/*
 * [82574 DS IVAR, EIAC, ITR, EITR] One MSI-X vector for everything; no
 * auto-clear or auto-mask (the handler acknowledges ICR itself);
 * throttling at 8000/s, as e1000 [8254x SDM 13.4.18: 256 ns units].
 */
static void e1000e_configure_irq(struct e1000e_adapter *a)
{
	u32 ctrl_ext = er32(a, E1000_CTRL_EXT);

	ctrl_ext &= ~(E1000_CTRL_EXT_IAME | E1000_CTRL_EXT_PBA_CLR);
	ew32(a, E1000_CTRL_EXT, ctrl_ext | E1000_CTRL_EXT_DRV_LOAD);
	ew32(a, E1000_IAM, 0);
	if (e1000e_msix(a)) {
		ew32(a, E1000_EIAC, 0);
		ew32(a, E1000_IVAR,
		     E1000_IVAR_VALID << E1000_IVAR_RXQ0_SHIFT |
		     E1000_IVAR_VALID << E1000_IVAR_TXQ0_SHIFT |
		     E1000_IVAR_VALID << E1000_IVAR_OTHER_SHIFT);
		ew32(a, E1000_EITR(0), E1000_ITR_VALUE);
	} else {
		ew32(a, E1000_ITR, E1000_ITR_VALUE);
	}
}

/* ---- PHY access ---- */

/*
 * [e1000e ich8lan.c e1000_acquire_swflag_ich8lan] On the PCH the ME
 * firmware shares the PHY and NVM: EXTCNF_CTRL.SWFLAG is the semaphore.
 * Wait for it to be free, set it, and read it back set.
 */
static int e1000e_get_swflag(struct e1000e_adapter *a)
{
	int err;

	if (!e1000e_is_pch(a))
		return 0;
	err = e1000e_wait(a, E1000_EXTCNF_CTRL, E1000_EXTCNF_CTRL_SWFLAG, 0,
			  E1000E_SWFLAG_POLLS, 1000);
	if (err)
		return err;
	ew32(a, E1000_EXTCNF_CTRL,
	     er32(a, E1000_EXTCNF_CTRL) | E1000_EXTCNF_CTRL_SWFLAG);
	err = e1000e_wait(a, E1000_EXTCNF_CTRL, E1000_EXTCNF_CTRL_SWFLAG,
			  E1000_EXTCNF_CTRL_SWFLAG, E1000E_SWFLAG_POLLS, 1000);
	if (err)
		ew32(a, E1000_EXTCNF_CTRL,
		     er32(a, E1000_EXTCNF_CTRL) & ~E1000_EXTCNF_CTRL_SWFLAG);
	return err;
}

static void e1000e_put_swflag(struct e1000e_adapter *a)
{
	if (e1000e_is_pch(a))
		ew32(a, E1000_EXTCNF_CTRL,
		     er32(a, E1000_EXTCNF_CTRL) & ~E1000_EXTCNF_CTRL_SWFLAG);
}

/* [82574 DS MDIC] One clause-22 access, READY polled (bounded), ERROR checked. */
static int e1000e_mdic(struct e1000e_adapter *a, u32 phy, u32 reg, u16 *data,
		       bool write)
{
	u32 v = (u32)reg << E1000_MDIC_REG_SHIFT | phy << E1000_MDIC_PHY_SHIFT;
	int polls;

	v |= write ? E1000_MDIC_OP_WRITE | *data : E1000_MDIC_OP_READ;
	ew32(a, E1000_MDIC, v);
	for (polls = 0; polls < E1000E_MDIC_POLLS; polls++) {
		udelay(50);
		v = er32(a, E1000_MDIC);
		if (v & E1000_MDIC_READY)
			break;
	}
	if (!(v & E1000_MDIC_READY))
		return -ETIMEDOUT;
	if (v & E1000_MDIC_ERROR)
		return -EIO;
	if (!write)
		*data = (u16)v;
	if (e1000e_is_pch(a))
		udelay(100);	/* [e1000e e1000e_read_phy_reg_mdic]: PCH PHYs need the gap */
	return 0;
}

/*
 * A PHY register: on the 82574L register r of the PHY at address 1; on
 * the PCH HV_PHY_REG(page, reg) with the paging of e1000e_hw.h.
 */
static int e1000e_phy_access(struct e1000e_adapter *a, u32 r, u16 *data,
			     bool write)
{
	u32 page = HV_PHY_PAGE(r), reg = HV_PHY_NUM(r), phy;
	int err;

	if (!e1000e_is_pch(a))
		return e1000e_mdic(a, E1000_PHY_ADDR_82574, r, data, write);
	phy = page >= HV_PAGE_ADDR1_START ? 1 : 2;
	err = e1000e_get_swflag(a);
	if (err)
		return err;
	if (reg > HV_PHY_MAX_UNPAGED) {
		u16 sel = (u16)(page << HV_PHY_PAGE_SHIFT);

		err = e1000e_mdic(a, phy, HV_PHY_PAGE_SELECT, &sel, true);
	}
	if (!err)
		err = e1000e_mdic(a, phy, reg, data, write);
	e1000e_put_swflag(a);
	return err;
}

static int e1000e_phy_read(struct e1000e_adapter *a, u32 r, u16 *data)
{
	return e1000e_phy_access(a, r, data, false);
}

static int e1000e_phy_write(struct e1000e_adapter *a, u32 r, u16 data)
{
	return e1000e_phy_access(a, r, &data, true);
}

/* ---- PCH: leaving Ultra Low Power ---- */

/*
 * [e1000e ich8lan.c e1000_toggle_lanphypc_pch_lpt] A power cycle of the
 * PHY through the LANPHYPC pin, which also brings the MAC-PHY link back
 * from SMBus to PCIe; CTRL_EXT.LPCD says when it is done.
 */
static void e1000e_toggle_lanphypc(struct e1000e_adapter *a)
{
	u32 ctrl = er32(a, E1000_CTRL);

	ctrl |= E1000_CTRL_LANPHYPC_OVERRIDE;
	ctrl &= ~E1000_CTRL_LANPHYPC_VALUE;
	ew32(a, E1000_CTRL, ctrl);
	e1000e_flush(a);
	udelay(20);
	ew32(a, E1000_CTRL, ctrl & ~E1000_CTRL_LANPHYPC_OVERRIDE);
	e1000e_flush(a);
	if (e1000e_wait(a, E1000_CTRL_EXT, E1000_CTRL_EXT_LPCD,
			E1000_CTRL_EXT_LPCD, E1000E_LPCD_POLLS, 5000))
		pr_warn("%s: LANPHYPC cycle not confirmed\n", a->netdev->name);
	mdelay(30);
}

/*
 * [e1000e ich8lan.c e1000_disable_ulp_lpt_lp] I217 and later may come up
 * in ULP with the PHY unreachable. With ME firmware present, ask the ME
 * (H2ME.ULP cleared, ENFORCE_SETTINGS) and wait for FWSM.ULP_CFG_DONE to
 * clear; without it, cycle LANPHYPC, take the PHY and the MAC out of
 * forced SMBus mode and clear the ULP configuration, committing it with
 * START. Failures are reported; the reset and link setup still follow.
 */
static void e1000e_disable_ulp(struct e1000e_adapter *a)
{
	const char *name = a->netdev->name;
	u16 v;

	if (er32(a, E1000_FWSM) & E1000_FWSM_FW_VALID) {
		u32 h2me = er32(a, E1000_H2ME);

		ew32(a, E1000_H2ME, (h2me & ~E1000_H2ME_ULP) |
		     E1000_H2ME_ENFORCE_SETTINGS);
		if (e1000e_wait(a, E1000_FWSM, E1000_FWSM_ULP_CFG_DONE, 0,
				E1000E_ULP_POLLS, 10000))
			pr_warn("%s: ME did not leave ULP\n", name);
		ew32(a, E1000_H2ME, er32(a, E1000_H2ME) & ~E1000_H2ME_ENFORCE_SETTINGS);
		return;
	}
	e1000e_toggle_lanphypc(a);
	if (e1000e_phy_read(a, HV_CV_SMB_CTRL, &v)) {
		/* The PHY may still talk SMBus only: force the MAC there too. */
		ew32(a, E1000_CTRL_EXT, er32(a, E1000_CTRL_EXT) | E1000_CTRL_EXT_FORCE_SMBUS);
		mdelay(50);
		if (e1000e_phy_read(a, HV_CV_SMB_CTRL, &v)) {
			pr_warn("%s: PHY unreachable, ULP not disabled\n", name);
			return;
		}
	}
	e1000e_phy_write(a, HV_CV_SMB_CTRL, v & ~HV_CV_SMB_CTRL_FORCE_SMBUS);
	ew32(a, E1000_CTRL_EXT, er32(a, E1000_CTRL_EXT) & ~E1000_CTRL_EXT_FORCE_SMBUS);
	if (e1000e_phy_read(a, HV_I218_ULP_CONFIG1, &v) == 0) {
		v &= ~I218_ULP_CONFIG1_CLEAR;
		e1000e_phy_write(a, HV_I218_ULP_CONFIG1, v);
		e1000e_phy_write(a, HV_I218_ULP_CONFIG1, v | I218_ULP_CONFIG1_START);
	}
}

/* ---- Reset, MAC address, link ---- */

/*
 * Global reset [82574 DS CTRL.RST; 4.6 software initialization]: DMA
 * quiesced first (interrupts masked, RX/TX off, GIO master disabled and
 * STATUS.GIO_MASTER_ENABLE seen clear), then CTRL.RST, then the NVM
 * auto-load: EEC.AUTO_RD on the 82574L, STATUS.LAN_INIT_DONE on the PCH
 * (taken under the software flag there [e1000e e1000_reset_hw_ich8lan]).
 */
static int e1000e_reset_hw(struct e1000e_adapter *a)
{
	const char *name = a->netdev->name;
	int err;

	e1000e_irq_disable(a);
	ew32(a, E1000_RCTL, 0);
	ew32(a, E1000_TCTL, E1000_TCTL_PSP);
	e1000e_flush(a);
	mdelay(10);

	ew32(a, E1000_CTRL, er32(a, E1000_CTRL) | E1000_CTRL_GIO_MASTER_DISABLE);
	if (e1000e_wait(a, E1000_STATUS, E1000_STATUS_GIO_MASTER_ENABLE, 0,
			E1000E_MASTER_POLLS, 100))
		pr_warn("%s: GIO master disable not confirmed\n", name);

	if (e1000e_get_swflag(a))
		pr_warn("%s: software flag busy, resetting anyway\n", name);
	ew32(a, E1000_CTRL, er32(a, E1000_CTRL) | E1000_CTRL_RST);
	mdelay(e1000e_is_pch(a) ? 20 : 1);	/* no access right after RST */
	err = e1000e_wait(a, E1000_CTRL, E1000_CTRL_RST, 0, E1000E_RESET_POLLS, 10);
	if (err)
		return err;
	if (e1000e_is_pch(a)) {
		if (e1000e_wait(a, E1000_STATUS, E1000_STATUS_LAN_INIT_DONE,
				E1000_STATUS_LAN_INIT_DONE, E1000E_LAN_INIT_POLLS, 10))
			pr_warn("%s: LAN_INIT_DONE not seen\n", name);
		ew32(a, E1000_STATUS, er32(a, E1000_STATUS) & ~E1000_STATUS_LAN_INIT_DONE);
		e1000e_put_swflag(a);
	} else if (e1000e_wait(a, E1000_EECD, E1000_EECD_AUTO_RD, E1000_EECD_AUTO_RD,
			       E1000E_AUTORD_POLLS, 10)) {
		pr_warn("%s: NVM auto-read not done\n", name);
	}
	e1000e_irq_disable(a);
	(void)er32(a, E1000_ICR);
	ew32(a, E1000_ICR, ~0u);	/* and in MSI-X mode, where reads do not clear */
	return 0;
}

static bool e1000e_mac_from_ra(const struct e1000e_adapter *a, u8 *mac)
{
	u32 ral = er32(a, E1000_RAL0), rah = er32(a, E1000_RAH0);

	if (!(rah & E1000_RAH_AV))
		return false;
	for (int i = 0; i < 4; i++)
		mac[i] = (u8)(ral >> (8 * i));
	mac[4] = (u8)rah;
	mac[5] = (u8)(rah >> 8);
	return is_valid_ether_addr(mac);
}

/* [82574 DS EERD] The second layout of e1000_hw.h: DONE bit 1, address 15:2. */
static int e1000e_eeprom_read(struct e1000e_adapter *a, u16 word, u16 *data)
{
	ew32(a, E1000_EERD, E1000_EERD_START | (u32)word << E1000_EERD_ADDR_SHIFT_IGP);
	if (e1000e_wait(a, E1000_EERD, E1000_EERD_DONE_IGP, E1000_EERD_DONE_IGP,
			E1000E_EERD_POLLS, 10))
		return -ETIMEDOUT;
	*data = (u16)(er32(a, E1000_EERD) >> E1000_EERD_DATA_SHIFT);
	return 0;
}

/*
 * The station address: RAL0/RAH0 as the NVM auto-load after reset left
 * them, else as the firmware left them before our reset (fw_mac, which
 * the caller read first), else, on the 82574L, NVM words 0-2 via EERD.
 * The PCH parts keep their NVM in the platform's SPI flash, which only
 * the auto-load reads here: no flash access is implemented.
 */
static int e1000e_read_mac(struct e1000e_adapter *a, const u8 *fw_mac, u8 *mac)
{
	if (e1000e_mac_from_ra(a, mac))
		return 0;
	if (is_valid_ether_addr(fw_mac)) {
		memcpy(mac, fw_mac, ETH_ALEN);
		return 0;
	}
	if (e1000e_is_pch(a))
		return -EADDRNOTAVAIL;
	for (u16 w = 0; w < E1000_EEPROM_MAC_WORDS; w++) {
		u16 v;
		int err = e1000e_eeprom_read(a, w, &v);

		if (err)
			return err;
		mac[2 * w] = (u8)v;
		mac[2 * w + 1] = (u8)(v >> 8);
	}
	return is_valid_ether_addr(mac) ? 0 : -EADDRNOTAVAIL;
}

/*
 * [82574 DS CTRL; 8254x SDM 14.3] Link setup for the internal copper PHY:
 * SLU, speed and duplex from the PHY (no forcing), no VLAN mode, flow
 * control off; then autonegotiation (re)started in the PHY's BMCR, which
 * raises LSC when it completes.
 */
static void e1000e_setup_link(struct e1000e_adapter *a)
{
	u32 ctrl = er32(a, E1000_CTRL);
	u16 bmcr;

	ctrl |= E1000_CTRL_SLU;
	ctrl &= ~(E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPLX | E1000_CTRL_ILOS |
		  E1000_CTRL_PHY_RST | E1000_CTRL_VME | E1000_CTRL_GIO_MASTER_DISABLE);
	ew32(a, E1000_CTRL, ctrl);
	ew32(a, E1000_FCAL, 0);
	ew32(a, E1000_FCAH, 0);
	ew32(a, E1000_FCT, 0);
	ew32(a, E1000_FCTTV, 0);
	if (e1000e_phy_read(a, MII_BMCR, &bmcr) ||
	    e1000e_phy_write(a, MII_BMCR, bmcr | BMCR_ANENABLE | BMCR_ANRESTART))
		pr_warn("%s: PHY not reachable through MDIC\n", a->netdev->name);
}

/* [8254x SDM 14.4] Our address in RAL0/RAH0 and an empty multicast table. */
static void e1000e_setup_rx_filter(struct e1000e_adapter *a, const u8 *mac)
{
	ew32(a, E1000_RAL0, (u32)mac[0] | (u32)mac[1] << 8 |
	     (u32)mac[2] << 16 | (u32)mac[3] << 24);
	ew32(a, E1000_RAH0, (u32)mac[4] | (u32)mac[5] << 8 | E1000_RAH_AV);
	for (int i = 0; i < E1000_MTA_ENTRIES; i++)
		ew32(a, E1000_MTA + 4 * i, 0);
}

/* Carrier from STATUS.LU; a change is logged. Any context. */
static void e1000e_check_link(struct e1000e_adapter *a)
{
	struct net_device *dev = a->netdev;
	u32 status = er32(a, E1000_STATUS);
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

/* ---- Statistics ---- */

/* [82574 DS statistics registers, as 8254x SDM 13.7] Read-to-clear, summed. */
static void e1000e_update_stats(struct e1000e_adapter *a)
{
	struct net_device_stats *s = &a->netdev->stats;
	u32 crc = er32(a, E1000_CRCERRS);
	u32 algn = er32(a, E1000_ALGNERRC);
	u32 rxerr = er32(a, E1000_RXERRC);
	u32 cext = er32(a, E1000_CEXTERR);
	u32 rlec = er32(a, E1000_RLEC);
	u32 ecol = er32(a, E1000_ECOL);
	u32 latecol = er32(a, E1000_LATECOL);

	s->rx_crc_errors += crc;
	s->rx_frame_errors += algn;
	s->rx_length_errors += rlec;
	s->rx_errors += crc + algn + rxerr + cext + rlec;
	s->rx_missed_errors += er32(a, E1000_MPC);
	s->collisions += er32(a, E1000_COLC);
	s->tx_aborted_errors += ecol;
	s->tx_window_errors += latecol;
	s->tx_errors += ecol + latecol;
	s->tx_carrier_errors += er32(a, E1000_TNCRS);
}

/* Not reset by hardware: read them to zero before counting. */
static void e1000e_clear_hw_stats(struct e1000e_adapter *a)
{
	static const u32 regs[] = {
		E1000_CRCERRS, E1000_ALGNERRC, E1000_RXERRC, E1000_CEXTERR,
		E1000_RLEC, E1000_ECOL, E1000_LATECOL, E1000_MPC, E1000_COLC,
		E1000_TNCRS,
	};

	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		(void)er32(a, regs[i]);
}

static void e1000e_get_stats(struct net_device *dev)
{
	struct e1000e_adapter *a = netdev_priv(dev);

	if (!a->up)
		return;
	local_bh_disable();
	e1000e_update_stats(a);
	local_bh_enable();
}

/* ---- Rings ---- */

static unsigned int e1000e_tx_free(const struct e1000e_adapter *a)
{
	return (a->tx_clean + E1000E_NUM_TX_DESC - a->tx_tail - 1) % E1000E_NUM_TX_DESC;
}

/*
 * [82574 DS 7.2; TXDCTL, TARC0, TIPG, TCTL] Transmit initialization: the
 * ring, TXDCTL with its must-be-one bit 22, the queue enabled in TARC0,
 * then TCTL.
 */
static void e1000e_configure_tx(struct e1000e_adapter *a)
{
	memset(a->tx_ring, 0, E1000E_NUM_TX_DESC * sizeof(*a->tx_ring));
	a->tx_tail = a->tx_clean = 0;
	ew32(a, E1000_TDBAL, (u32)a->tx_ring_dma);
	ew32(a, E1000_TDBAH, (u32)(a->tx_ring_dma >> 32));
	ew32(a, E1000_TDLEN, E1000E_NUM_TX_DESC * sizeof(*a->tx_ring));
	ew32(a, E1000_TDH, 0);
	ew32(a, E1000_TDT, 0);
	ew32(a, E1000_TXDCTL, E1000_TXDCTL_VALUE);
	ew32(a, E1000_TARC0, er32(a, E1000_TARC0) | E1000_TARC_ENABLE);
	ew32(a, E1000_TIPG, E1000E_TIPG_VALUE);
	ew32(a, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
	     E1000_TCTL_CT_DEFAULT << E1000_TCTL_CT_SHIFT |
	     E1000E_TCTL_COLD << E1000_TCTL_COLD_SHIFT);
}

/*
 * [82574 DS 7.1; RFCTL, RCTL] Receive initialization with legacy
 * descriptors (RFCTL.EXSTEN clear, RCTL.DTYP 0): every descriptor has its
 * buffer, RDT one behind the start; unicast to us and broadcast, CRC
 * stripped.
 */
static void e1000e_configure_rx(struct e1000e_adapter *a)
{
	for (int i = 0; i < E1000E_NUM_RX_DESC; i++)
		a->rx_ring[i] = (struct e1000_rx_desc){
			.addr = a->rx_bufs_dma + (u64)i * E1000E_RX_BUF_SIZE,
		};
	a->rx_next = 0;
	a->rx_discard = false;
	ew32(a, E1000_RFCTL, er32(a, E1000_RFCTL) & ~E1000_RFCTL_EXSTEN);
	ew32(a, E1000_RDTR, 0);
	ew32(a, E1000_RDBAL, (u32)a->rx_ring_dma);
	ew32(a, E1000_RDBAH, (u32)(a->rx_ring_dma >> 32));
	ew32(a, E1000_RDLEN, E1000E_NUM_RX_DESC * sizeof(*a->rx_ring));
	ew32(a, E1000_RDH, 0);
	wmb();
	ew32(a, E1000_RDT, E1000E_NUM_RX_DESC - 1);
	ew32(a, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 |
	     E1000_RCTL_SECRC | E1000_RCTL_RDMTS_HALF);
}

/* Reclaim what the hardware finished (DD, every descriptor has RS). */
static void e1000e_clean_tx(struct e1000e_adapter *a)
{
	struct net_device *dev = a->netdev;

	while (a->tx_clean != a->tx_tail) {
		unsigned int i = a->tx_clean;
		u8 status = READ_ONCE(a->tx_ring[i].status);

		if (!(status & E1000_TXD_STAT_DD))
			break;
		if (status & (E1000_TXD_STAT_EC | E1000_TXD_STAT_LC))
			kfree_skb(a->tx_skb[i]);
		else
			consume_skb(a->tx_skb[i]);
		a->tx_skb[i] = NULL;
		a->tx_clean = (i + 1) % E1000E_NUM_TX_DESC;
	}
	if (a->up && netif_queue_stopped(dev) &&
	    e1000e_tx_free(a) >= E1000E_TX_WAKE_THRESH)
		netif_wake_queue(dev);
}

/*
 * One completed RX descriptor, copied out into an skb of its own size
 * (the buffer goes straight back; see e1000.c and docs/drivers.md).
 * Every drop is counted under its cause.
 */
static void e1000e_rx_frame(struct e1000e_adapter *a, const struct e1000_rx_desc *d,
			    const u8 *buf)
{
	struct net_device *dev = a->netdev;
	struct net_device_stats *st = &dev->stats;
	struct sk_buff *skb;
	u16 len = d->length;

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
	/* [8254x SDM 3.2.3.2; 82574 DS 7.1 legacy RX descriptor errors] */
	if (d->errors & E1000_RXD_ERR_FRAME) {
		if (d->errors & E1000_RXD_ERR_CE)
			st->rx_crc_errors++;
		else
			st->rx_frame_errors++;
		st->rx_errors++;
		return;
	}
	if (len < ETH_HLEN || len > E1000E_RX_BUF_SIZE) {
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

static int e1000e_clean_rx(struct e1000e_adapter *a, int budget)
{
	int work = 0;

	while (work < budget) {
		unsigned int i = a->rx_next;
		struct e1000_rx_desc *d = &a->rx_ring[i];

		if (!(READ_ONCE(d->status) & E1000_RXD_STAT_DD))
			break;
		dma_rmb();
		e1000e_rx_frame(a, d, a->rx_bufs + i * E1000E_RX_BUF_SIZE);
		d->status = 0;
		a->rx_next = (i + 1) % E1000E_NUM_RX_DESC;
		work++;
	}
	if (work) {
		wmb();	/* refill: cleared status before the hardware owns it */
		ew32(a, E1000_RDT, (a->rx_next + E1000E_NUM_RX_DESC - 1) %
		     E1000E_NUM_RX_DESC);
	}
	return work;
}

static bool e1000e_work_pending(const struct e1000e_adapter *a)
{
	if (READ_ONCE(a->rx_ring[a->rx_next].status) & E1000_RXD_STAT_DD)
		return true;
	return a->tx_clean != a->tx_tail &&
	       (READ_ONCE(a->tx_ring[a->tx_clean].status) & E1000_TXD_STAT_DD);
}

/* NAPI poll: TX reclaim, RX up to budget, then unmask and look once more. */
static int e1000e_poll(struct napi_struct *napi, int budget)
{
	struct e1000e_adapter *a = container_of(napi, struct e1000e_adapter, napi);
	int work;

	e1000e_clean_tx(a);
	work = e1000e_clean_rx(a, budget);
	if (work < budget && napi_complete_done(napi, work)) {
		e1000e_irq_enable(a);
		if (e1000e_work_pending(a)) {
			e1000e_irq_disable(a);
			napi_schedule(napi);
		}
	}
	return work;
}

/*
 * [82574 DS ICR] Read the causes, then write the same bits back: with
 * INTx and MSI a read clears them, with MSI-X it does not, and the write
 * (one-to-clear) clears exactly what was read either way. Zero on a
 * shared INTx line means another device's interrupt.
 */
static irqreturn_t e1000e_intr(int irq, void *data)
{
	struct net_device *dev = data;
	struct e1000e_adapter *a = netdev_priv(dev);
	u32 icr = er32(a, E1000_ICR);

	if (!icr)
		return IRQ_NONE;
	ew32(a, E1000_ICR, icr);
	pr_trace(TRACE_DRIVER, "%s: irq, ICR %#x\n", dev->name, icr);
	if (!a->up)
		return IRQ_HANDLED;
	if (icr & E1000_ICR_LSC)
		e1000e_check_link(a);
	if (icr & E1000_ICR_RXO)
		dev->stats.rx_fifo_errors++;	/* overrun events; MPC counts frames */
	e1000e_irq_disable(a);
	napi_schedule(&a->napi);
	return IRQ_HANDLED;
}

/*
 * ndo_start_xmit: consumes skb (sent or counted as dropped), or
 * NETDEV_TX_BUSY with skb still the caller's when the ring is full.
 */
static netdev_tx_t e1000e_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct e1000e_adapter *a = netdev_priv(dev);
	struct e1000_tx_desc *d;
	unsigned int i = a->tx_tail;

	if (e1000e_tx_free(a) == 0) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (eth_skb_pad(skb)) {
		dev->stats.tx_dropped++;
		return NETDEV_TX_OK;
	}
	if (skb->len > E1000E_MAX_TX_LEN) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	/* [82574 DS 7.2 legacy TX descriptor; 8254x SDM 3.3.3] */
	d = &a->tx_ring[i];
	d->addr = virt_to_phys(skb->data);
	d->length = (u16)skb->len;
	d->cso = 0;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	d->status = 0;
	d->css = 0;
	d->special = 0;
	a->tx_skb[i] = skb;
	a->tx_tail = (i + 1) % E1000E_NUM_TX_DESC;
	wmb();
	ew32(a, E1000_TDT, a->tx_tail);
	if (e1000e_tx_free(a) < 2)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

static void e1000e_free_tx_skbs(struct e1000e_adapter *a)
{
	e1000e_clean_tx(a);
	for (unsigned int i = a->tx_clean; i != a->tx_tail;
	     i = (i + 1) % E1000E_NUM_TX_DESC) {
		kfree_skb(a->tx_skb[i]);
		a->tx_skb[i] = NULL;
		a->netdev->stats.tx_dropped++;
	}
	a->tx_clean = a->tx_tail = 0;
}

static int e1000e_open(struct net_device *dev)
{
	struct e1000e_adapter *a = netdev_priv(dev);

	a->rx_bufs = dma_alloc_coherent(E1000E_NUM_RX_DESC * E1000E_RX_BUF_SIZE,
					&a->rx_bufs_dma);
	if (!a->rx_bufs)
		return -ENOMEM;
	e1000e_setup_link(a);
	e1000e_setup_rx_filter(a, dev->dev_addr);
	e1000e_clear_hw_stats(a);
	e1000e_configure_irq(a);
	e1000e_configure_tx(a);
	e1000e_configure_rx(a);
	napi_enable(&a->napi);
	a->up = true;
	netif_start_queue(dev);
	e1000e_irq_enable(a);
	e1000e_check_link(a);
	return 0;
}

static int e1000e_stop(struct net_device *dev)
{
	struct e1000e_adapter *a = netdev_priv(dev);

	a->up = false;
	e1000e_irq_disable(a);
	napi_disable(&a->napi);
	netif_stop_queue(dev);
	local_bh_disable();
	e1000e_update_stats(a);
	local_bh_enable();
	if (e1000e_reset_hw(a))
		pr_warn("%s: reset did not complete\n", dev->name);
	e1000e_free_tx_skbs(a);
	dma_free_coherent(E1000E_NUM_RX_DESC * E1000E_RX_BUF_SIZE, a->rx_bufs,
			  a->rx_bufs_dma);
	a->rx_bufs = NULL;
	netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops e1000e_netdev_ops = {
	.ndo_open = e1000e_open,
	.ndo_stop = e1000e_stop,
	.ndo_start_xmit = e1000e_xmit,
	.ndo_get_stats = e1000e_get_stats,
};

/* [82574 DS RDLEN/TDLEN] Rings 128-byte multiples, 16-byte aligned. */
static int e1000e_alloc_rings(struct e1000e_adapter *a)
{
	BUILD_BUG_ON(E1000E_NUM_RX_DESC * sizeof(struct e1000_rx_desc) % 128);
	BUILD_BUG_ON(E1000E_NUM_TX_DESC * sizeof(struct e1000_tx_desc) % 128);
	a->rx_ring = dma_alloc_coherent(E1000E_NUM_RX_DESC * sizeof(*a->rx_ring),
					&a->rx_ring_dma);
	if (!a->rx_ring)
		return -ENOMEM;
	a->tx_ring = dma_alloc_coherent(E1000E_NUM_TX_DESC * sizeof(*a->tx_ring),
					&a->tx_ring_dma);
	if (!a->tx_ring) {
		dma_free_coherent(E1000E_NUM_RX_DESC * sizeof(*a->rx_ring),
				  a->rx_ring, a->rx_ring_dma);
		return -ENOMEM;
	}
	return 0;
}

static void e1000e_free_rings(struct e1000e_adapter *a)
{
	dma_free_coherent(E1000E_NUM_RX_DESC * sizeof(*a->rx_ring), a->rx_ring,
			  a->rx_ring_dma);
	dma_free_coherent(E1000E_NUM_TX_DESC * sizeof(*a->tx_ring), a->tx_ring,
			  a->tx_ring_dma);
}

/* Reset, ULP exit on the PCH, MAC; the device is left reset and masked. */
static int e1000e_hw_init(struct e1000e_adapter *a)
{
	u8 fw_mac[ETH_ALEN] = { 0 };
	int err;

	e1000e_mac_from_ra(a, fw_mac);	/* as the firmware left it */
	if (e1000e_is_pch(a))
		e1000e_disable_ulp(a);
	err = e1000e_reset_hw(a);
	if (err)
		return err;
	return e1000e_read_mac(a, fw_mac, a->netdev->dev_addr);
}

static int e1000e_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct e1000e_adapter *a;
	struct net_device *dev;
	char irqdesc[32];
	u8 *regs, *m;
	int err;

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
	a->pdev = pdev;
	a->regs = regs;
	a->flags = id->driver_data;

	err = e1000e_hw_init(a);
	if (err)
		goto out_free_netdev;
	err = e1000e_alloc_rings(a);
	if (err)
		goto out_free_netdev;
	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (err < 0)
		goto out_free_rings;
	a->irq = pci_irq_vector(pdev, 0);
	e1000e_setup_link(a);	/* autonegotiation runs while the stack starts */
	dev->netdev_ops = &e1000e_netdev_ops;
	netif_napi_add(dev, &a->napi, e1000e_poll, NAPI_POLL_WEIGHT);
	err = register_netdev(dev);
	if (err)
		goto out_free_vectors;
	err = request_irq((unsigned int)a->irq, e1000e_intr,
			  pdev->irq_type == PCI_IRQ_INTX ? IRQF_SHARED : 0,
			  dev->name, dev);
	if (err)
		goto out_unregister;

	m = dev->dev_addr;
	pci_format_irq(pdev, irqdesc, sizeof(irqdesc));
	printk("%s: e1000e (%04x:%04x) at %02x:%02x.%x, MAC %02x:%02x:%02x:%02x:%02x:%02x, %s\n",
	       dev->name, pdev->vendor, pdev->device, pdev->bus, pdev->slot,
	       pdev->func, m[0], m[1], m[2], m[3], m[4], m[5], irqdesc);
	return 0;

out_unregister:
	unregister_netdev(dev);
out_free_vectors:
	netif_napi_del(&a->napi);
	pci_free_irq_vectors(pdev);
out_free_rings:
	e1000e_free_rings(a);
out_free_netdev:
	free_netdev(dev);
	return err;
}

/*
 * The 82574L/LA and 82583V (one programming model), and the PCH LAN
 * controllers from Lynx Point on (I217, I218, I219; IDs as in Linux's
 * e1000e/hw.h). Left out: 82571/82572/82573 (other PHY and NVM
 * handling), ICH8-ICH10 and the 82577/82578/82579 (their PHY
 * workarounds), and the extended and packet-split descriptor formats.
 */
#define PCH(dev) { 0x8086, dev, 0, 0, E1000E_F_PCH }
static const struct pci_device_id e1000e_ids[] = {
	{ 0x8086, 0x10d3, 0, 0, 0 },	/* 82574L (QEMU e1000e) */
	{ 0x8086, 0x10f6, 0, 0, 0 },	/* 82574LA */
	{ 0x8086, 0x150c, 0, 0, 0 },	/* 82583V */
	PCH(0x153a), PCH(0x153b),	/* I217-LM, I217-V */
	PCH(0x155a), PCH(0x1559),	/* I218-LM, I218-V */
	PCH(0x15a0), PCH(0x15a1), PCH(0x15a2), PCH(0x15a3),	/* I218 LM2/V2/LM3/V3 */
	PCH(0x156f), PCH(0x1570),	/* I219-LM, I219-V (SPT) */
	PCH(0x15b7), PCH(0x15b8), PCH(0x15b9),
	PCH(0x15d7), PCH(0x15d8), PCH(0x15e3), PCH(0x15d6),
	PCH(0x15bd), PCH(0x15be), PCH(0x15bb), PCH(0x15bc),	/* CNP */
	PCH(0x15df), PCH(0x15e0), PCH(0x15e1), PCH(0x15e2),	/* ICP */
	PCH(0x0d4e), PCH(0x0d4f), PCH(0x0d4c), PCH(0x0d4d),	/* CMP */
	PCH(0x0d53), PCH(0x0d55),
	PCH(0x15fb), PCH(0x15fc), PCH(0x15f9), PCH(0x15fa),	/* TGP */
	PCH(0x15f4), PCH(0x15f5),
	PCH(0x1a1e), PCH(0x1a1f), PCH(0x1a1c), PCH(0x1a1d),	/* ADP */
	PCH(0x550a), PCH(0x550b), PCH(0x550c), PCH(0x550d),	/* MTP */
	PCH(0x550e), PCH(0x550f), PCH(0x5510), PCH(0x5511),	/* LNP */
	PCH(0x0dc7), PCH(0x0dc8), PCH(0x0dc5), PCH(0x0dc6),	/* RPL */
	{ 0, 0, 0, 0, 0 },
};
#undef PCH

static const struct pci_driver e1000e_driver = {
	.name = "e1000e",
	.id_table = e1000e_ids,
	.probe = e1000e_probe,
};
PCI_DRIVER(e1000e_driver);

/*
 * Self-tests on the first e1000e bound (the harness boots with -device
 * e1000e; without one they pass vacuously).
 */
#define ST_WAIT_LINK_MS		3000

static struct net_device *e1000e_st_find(void)
{
	struct net_device *dev;

	for_each_netdev(dev)
		if (dev->netdev_ops == &e1000e_netdev_ops)
			return dev;
	printk("e1000e: no device, nothing to test\n");
	return NULL;
}

static bool e1000e_st_link_up(const void *arg)
{
	return er32(arg, E1000_STATUS) & E1000_STATUS_LU;
}

static bool e1000e_st_tx_idle(const struct net_device *dev)
{
	const struct e1000e_adapter *a = netdev_priv(dev);

	return a->tx_clean == a->tx_tail;
}

static bool e1000e_st_rings_ok(const struct net_device *dev)
{
	const struct e1000e_adapter *a = netdev_priv(dev);

	return er32(a, E1000_RDH) < E1000E_NUM_RX_DESC &&
	       er32(a, E1000_TDH) < E1000E_NUM_TX_DESC &&
	       er32(a, E1000_TDT) == a->tx_tail &&
	       er32(a, E1000_RDT) ==
	       (a->rx_next + E1000E_NUM_RX_DESC - 1) % E1000E_NUM_RX_DESC;
}

/* MAC in RAL0/RAH0, link set up, legacy descriptors, the vector wired. */
POST_SELFTEST(e1000e_registers_after_probe)
{
	struct net_device *dev = e1000e_st_find();
	struct e1000e_adapter *a;
	u32 rah;
	u16 id = 0;

	if (!dev)
		ST_SKIP("no e1000e NIC");
	a = netdev_priv(dev);
	ST_ASSERT(is_valid_ether_addr(dev->dev_addr));
	rah = er32(a, E1000_RAH0);
	ST_ASSERT(rah & E1000_RAH_AV);
	ST_EQ(rah & 0xffff, dev->dev_addr[4] | dev->dev_addr[5] << 8);
	ST_ASSERT(er32(a, E1000_CTRL) & E1000_CTRL_SLU);
	ST_ASSERT(!(er32(a, E1000_RFCTL) & E1000_RFCTL_EXSTEN));
	ST_EQ(e1000e_phy_read(a, MII_PHYSID1, &id), 0);
	ST_ASSERT(id != 0 && id != 0xffff);
	if (e1000e_msix(a))
		ST_EQ(er32(a, E1000_IVAR) & 0xf0f0f,
		      E1000_IVAR_VALID << E1000_IVAR_RXQ0_SHIFT |
		      E1000_IVAR_VALID << E1000_IVAR_TXQ0_SHIFT |
		      E1000_IVAR_VALID << E1000_IVAR_OTHER_SHIFT);
	/* MSI-X where offered: the 82574L has it, and QEMU's model too. */
	if (!pci_no_msi && !pci_no_msix && !e1000e_is_pch(a))
		ST_EQ(a->pdev->irq_type, PCI_IRQ_MSIX);
	ST_ASSERT(nic_selftest_wait(e1000e_st_link_up, a, ST_WAIT_LINK_MS));
}

static const struct nic_selftest_ops e1000e_st_ops = {
	.tx_idle = e1000e_st_tx_idle,
	.rings_ok = e1000e_st_rings_ok,
};

SELFTEST(e1000e_arp_roundtrip)
{
	struct net_device *dev = e1000e_st_find();

	if (!dev)
		ST_SKIP("no e1000e NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &e1000e_st_ops, false, 1);
}

SELFTEST(e1000e_close_reopen)
{
	struct net_device *dev = e1000e_st_find();

	if (!dev)
		ST_SKIP("no e1000e NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &e1000e_st_ops, true, 1);
}

SELFTEST(e1000e_arp_burst)
{
	struct net_device *dev = e1000e_st_find();

	if (!dev)
		ST_SKIP("no e1000e NIC");
	nic_selftest_arp_roundtrip(st_ctx, dev, &e1000e_st_ops, false,
					   3 * E1000E_NUM_TX_DESC + 1);
}
