/*
 * Intel 82574L (QEMU's -device e1000e) and the PCH-integrated I217, I218
 * and I219 ("e1000e" parts): the chip-specific part under the legacy-
 * descriptor rings of e1000_ring.c, which the 82574L keeps with the 8254x
 * register map. What differs is here: GIO master disable and NVM waits
 * around reset, PHY access through MDIC, TXDCTL/TARC0, and one interrupt
 * vector: MSI-X when the device has it (the 82574L), MSI (the PCH parts),
 * else INTx through the IOAPIC.
 *
 * e1000_hw.h holds the shared definitions, e1000e_hw.h what is new.
 * Citations: "[82574 DS reg]" is the "Intel 82574 GbE Controller Family
 * Datasheet" (317694 rev. 3.4) by register name; "[8254x SDM x.y]" as in
 * e1000.c; the PCH parts' extra steps (software flag, ULP exit, PHY
 * paging) follow Linux's ich8lan.c, cited "[e1000e ich8lan.c function]",
 * as the public datasheets leave them out. The PCH support is written
 * from those sources and has not run on hardware. Not done for the PCH
 * parts: flash NVM access (the MAC comes from RAL0/RAH0 as the NVM
 * auto-load or the firmware left it), the K1 and PLL workarounds, the
 * I219 descriptor-ring flush before reset that Linux does when FEXTNVM11
 * asks for it (e1000_flush_desc_rings), EEE, and S0ix.
 */
#include <kernel/pci.h>
#include <kernel/time.h>
#include <kernel/printk.h>
#include <net/etherdevice.h>
#include <errno.h>
#include <string.h>
#include "e1000e_hw.h"
#include "e1000_ring.h"
#include "../nic_selftest.h"

/* Bounded waits: polls x step. */
#define E1000E_MASTER_POLLS	800	/* x 100 us for GIO master disable */
#define E1000E_RESET_POLLS	1000	/* x 10 us for CTRL.RST to clear */
#define E1000E_AUTORD_POLLS	1000	/* x 10 us for the NVM auto-read */
#define E1000E_LAN_INIT_POLLS	1500	/* x 10 us for PCH LAN_INIT_DONE */
#define E1000E_MDIC_POLLS	1920	/* x 50 us for one PHY access */
#define E1000E_SWFLAG_POLLS	1000	/* x 1 ms for the PCH software flag */
#define E1000E_ULP_POLLS	250	/* x 10 ms for the ME to leave ULP */
#define E1000E_LPCD_POLLS	20	/* x 5 ms for the LANPHYPC cycle */

/* pci_device_id.driver_data flags. */
#define E1000E_F_PCH		(1u << 0)	/* I217/I218/I219: PCH LAN, flash NVM */
#define E1000E_F_NO_JUMBO	(1u << 1)	/* frames up to 1518 bytes only */

static bool e1000e_is_pch(const struct e1000_adapter *a)
{
	return a->flags & E1000E_F_PCH;
}

static bool e1000e_msix(const struct e1000_adapter *a)
{
	return a->pdev->irq_type == PCI_IRQ_MSIX;
}

/* Poll reg until (value & mask) == want, polls times step_us apart. */
static int e1000e_wait(const struct e1000_adapter *a, u32 reg, u32 mask,
		       u32 want, int polls, u64 step_us)
{
	for (int i = 0; i < polls; i++) {
		if ((er32(a, reg) & mask) == want)
			return 0;
		udelay(step_us);
	}
	return (er32(a, reg) & mask) == want ? 0 : -ETIMEDOUT;
}

/* ---- Interrupts ---- */

/*
 * [82574 DS IMS] With INTx or MSI the legacy causes; with MSI-X the
 * queue causes RXQ0/TXQ0 and OTHER (which carries LSC and RXO), all
 * routed to vector 0 by IVAR. LSC and RXO are set in both cases.
 */
static void e1000e_irq_enable(struct e1000_adapter *a)
{
	u32 ims = E1000_ICR_LSC | E1000_ICR_RXO;

	if (e1000e_msix(a))
		ims |= E1000_ICR_RXQ0 | E1000_ICR_TXQ0 | E1000_ICR_OTHER;
	else
		ims |= E1000_ICR_NAPI;
	ew32(a, E1000_IMS, ims);
	e1000_flush(a);
}

/*
 * [82574 DS ICR] Read the causes, then write the same bits back: with
 * INTx and MSI a read clears them, with MSI-X it does not, and the write
 * (one-to-clear) clears exactly what was read either way.
 */
static u32 e1000e_irq_ack(struct e1000_adapter *a)
{
	u32 icr = er32(a, E1000_ICR);

	if (icr)
		ew32(a, E1000_ICR, icr);
	return icr;
}

/*
 * [82574 DS IVAR, EIAC, ITR, EITR] One MSI-X vector for everything; no
 * auto-clear or auto-mask (the handler acknowledges ICR itself);
 * throttling at 8000/s, as e1000 [8254x SDM 13.4.18: 256 ns units].
 */
static void e1000e_configure_irq(struct e1000_adapter *a)
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

/*
 * ndo_open, before the rings: the interrupt setup above, and [82574 DS
 * 7.1, 7.2; TXDCTL, TARC0, TIPG, RFCTL] TXDCTL with its must-be-one bit
 * 22, the queue enabled in TARC0, the copper TIPG, and legacy receive
 * descriptors (RFCTL.EXSTEN clear, RCTL.DTYP 0).
 */
static void e1000e_configure(struct e1000_adapter *a)
{
	e1000e_configure_irq(a);
	ew32(a, E1000_TXDCTL, E1000_TXDCTL_VALUE);
	ew32(a, E1000_TARC0, er32(a, E1000_TARC0) | E1000_TARC_ENABLE);
	ew32(a, E1000_TIPG, E1000E_TIPG_VALUE);
	ew32(a, E1000_RFCTL, er32(a, E1000_RFCTL) & ~E1000_RFCTL_EXSTEN);
}

/* ---- PHY access ---- */

/*
 * [e1000e ich8lan.c e1000_acquire_swflag_ich8lan] On the PCH the ME
 * firmware shares the PHY and NVM: EXTCNF_CTRL.SWFLAG is the semaphore.
 * Wait for it to be free, set it, and read it back set.
 */
static int e1000e_get_swflag(struct e1000_adapter *a)
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

static void e1000e_put_swflag(struct e1000_adapter *a)
{
	if (e1000e_is_pch(a))
		ew32(a, E1000_EXTCNF_CTRL,
		     er32(a, E1000_EXTCNF_CTRL) & ~E1000_EXTCNF_CTRL_SWFLAG);
}

/* [82574 DS MDIC] One clause-22 access, READY polled (bounded), ERROR checked. */
static int e1000e_mdic(struct e1000_adapter *a, u32 phy, u32 reg, u16 *data,
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
static int e1000e_phy_access(struct e1000_adapter *a, u32 r, u16 *data,
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

static int e1000e_phy_read(struct e1000_adapter *a, u32 r, u16 *data)
{
	return e1000e_phy_access(a, r, data, false);
}

static int e1000e_phy_write(struct e1000_adapter *a, u32 r, u16 data)
{
	return e1000e_phy_access(a, r, &data, true);
}

/* ---- PCH: leaving Ultra Low Power ---- */

/*
 * [e1000e ich8lan.c e1000_toggle_lanphypc_pch_lpt] A power cycle of the
 * PHY through the LANPHYPC pin, which also brings the MAC-PHY link back
 * from SMBus to PCIe; CTRL_EXT.LPCD says when it is done.
 */
static void e1000e_toggle_lanphypc(struct e1000_adapter *a)
{
	u32 ctrl = er32(a, E1000_CTRL);

	ctrl |= E1000_CTRL_LANPHYPC_OVERRIDE;
	ctrl &= ~E1000_CTRL_LANPHYPC_VALUE;
	ew32(a, E1000_CTRL, ctrl);
	e1000_flush(a);
	udelay(20);
	ew32(a, E1000_CTRL, ctrl & ~E1000_CTRL_LANPHYPC_OVERRIDE);
	e1000_flush(a);
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
static void e1000e_disable_ulp(struct e1000_adapter *a)
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
static int e1000e_reset_hw(struct e1000_adapter *a)
{
	const char *name = a->netdev->name;
	int err;

	e1000_irq_disable(a);
	ew32(a, E1000_RCTL, 0);
	ew32(a, E1000_TCTL, E1000_TCTL_PSP);
	e1000_flush(a);
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
	e1000_irq_disable(a);
	(void)er32(a, E1000_ICR);
	ew32(a, E1000_ICR, ~0u);	/* and in MSI-X mode, where reads do not clear */
	return 0;
}

/*
 * The station address: RAL0/RAH0 as the NVM auto-load after reset left
 * them, else as the firmware left them before our reset (fw_mac, which
 * the caller read first), else, on the 82574L, NVM words 0-2 via EERD in
 * its second layout (DONE bit 1, address 15:2 [82574 DS EERD]). The PCH
 * parts keep their NVM in the platform's SPI flash, which only the
 * auto-load reads here: no flash access is implemented.
 */
static int e1000e_read_mac(struct e1000_adapter *a, const u8 *fw_mac, u8 *mac)
{
	if (e1000_mac_from_ra(a, mac))
		return 0;
	if (is_valid_ether_addr(fw_mac)) {
		memcpy(mac, fw_mac, ETH_ALEN);
		return 0;
	}
	if (e1000e_is_pch(a))
		return -EADDRNOTAVAIL;
	return e1000_read_mac_eeprom(a, true, mac);
}

/*
 * [82574 DS CTRL; 8254x SDM 14.3] Link setup for the internal copper PHY:
 * SLU, speed and duplex from the PHY (no forcing), no VLAN mode, flow
 * control off; then autonegotiation (re)started in the PHY's BMCR, which
 * raises LSC when it completes.
 */
static void e1000e_setup_link(struct e1000_adapter *a)
{
	u16 bmcr;

	e1000_setup_mac_link(a, 0, E1000_CTRL_GIO_MASTER_DISABLE);
	if (e1000e_phy_read(a, MII_BMCR, &bmcr) ||
	    e1000e_phy_write(a, MII_BMCR, bmcr | BMCR_ANENABLE | BMCR_ANRESTART))
		pr_warn("%s: PHY not reachable through MDIC\n", a->netdev->name);
}

/* Reset, ULP exit on the PCH, MAC; the device is left reset and masked. */
static int e1000e_hw_init(struct e1000_adapter *a)
{
	u8 fw_mac[ETH_ALEN] = { 0 };
	int err;

	e1000_mac_from_ra(a, fw_mac);	/* as the firmware left it */
	if (e1000e_is_pch(a))
		e1000e_disable_ulp(a);
	err = e1000e_reset_hw(a);
	if (err)
		return err;
	/* The 82583V takes no jumbo frames [e1000e 82571.c e1000_82583_info];
	 * the PCH parts do only after Linux's e1000_lv_jumbo_workaround_ich8lan,
	 * not done here. */
	a->max_frame = e1000e_is_pch(a) || (a->flags & E1000E_F_NO_JUMBO) ?
		       ETH_FRAME_LEN + ETH_FCS_LEN : E1000_MAX_JUMBO_FRAME;
	return e1000e_read_mac(a, fw_mac, a->netdev->dev_addr);
}

static const struct e1000_mac_ops e1000e_mac_ops = {
	.name = "e1000e",
	.irq_types = PCI_IRQ_ALL_TYPES,
	.tctl_cold = E1000E_TCTL_COLD,
	.hw_init = e1000e_hw_init,
	.reset_hw = e1000e_reset_hw,
	.setup_link = e1000e_setup_link,
	.configure = e1000e_configure,
	.irq_enable = e1000e_irq_enable,
	.irq_ack = e1000e_irq_ack,
};

static int e1000e_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return e1000_probe(pdev, id, &e1000e_mac_ops);
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
	{ 0x8086, 0x150c, 0, 0, E1000E_F_NO_JUMBO },	/* 82583V */
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
	.probe = e1000e_pci_probe,
};
PCI_DRIVER(e1000e_driver);

/* Self-tests on the first e1000e bound (the harness boots with -device e1000e). */
static bool e1000e_st_match(const struct net_device *dev)
{
	return e1000_dev_is(dev, &e1000e_mac_ops);
}

/* Legacy descriptors, a PHY that answers, the vector wired. */
static void e1000e_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	u16 id = 0;

	e1000_check_probe(st_ctx, dev);
	if (st_ctx->failed)
		return;
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
}

NIC_SELFTESTS(e1000e, "e1000e", e1000e_st_match, e1000_tx_idle, e1000_rings_ok,
	      e1000_link_up, e1000e_check_probe, 3 * E1000_NUM_TX_DESC + 1)

/* One TDT write for a batch of the qdisc. */
SELFTEST(e1000e_tx_one_doorbell_per_batch)
{
	e1000_selftest_tx_batch(st_ctx, nic_selftest_find(&e1000e_selftest));
}

/* QEMU's 82574L checks the IPv4 and TCP checksums of what it receives;
 * QEMU 7.2 sends its TSO skbs to slirp as IP fragments. */
NIC_OFFLOAD_SELFTESTS(e1000e, e1000_offload_stats, true, false)
