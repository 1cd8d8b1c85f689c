/*
 * Intel 82574L and PCH (I217/I218/I219) registers and bits that the 8254x
 * lacks or defines differently; everything shared (the descriptors, RCTL,
 * TCTL, STATUS, the statistics, RAL/RAH, EERD in its second layout) comes
 * from e1000_hw.h. Wire and register formats only.
 *
 * "[82574 DS reg]" cites the "Intel 82574 GbE Controller Family Datasheet"
 * (317694, rev. 3.4) by register name, chapter 10 (Driver Programming
 * Interface) unless a section is given. The PCH parts' LAN controller is
 * documented in Intel's I217/I218/I219 datasheets and in the PCH EDS only
 * for the registers below that they share with the 82574; the ULP, SWFLAG
 * and PHY paging details are those of Linux's e1000e (ich8lan.c), cited as
 * [e1000e ich8lan.c function].
 */
#ifndef _DRIVERS_E1000E_HW_H
#define _DRIVERS_E1000E_HW_H

#include "e1000_hw.h"

/* [82574 DS CTRL] Bits beyond the 8254x ones. */
#define E1000_CTRL_GIO_MASTER_DISABLE	(1u << 2)	/* stop issuing PCIe requests */
#define E1000_CTRL_LANPHYPC_OVERRIDE	(1u << 16)	/* PCH: drive LANPHYPC from software */
#define E1000_CTRL_LANPHYPC_VALUE	(1u << 17)

/* [82574 DS STATUS] */
#define E1000_STATUS_LAN_INIT_DONE	(1u << 9)	/* PCH: NVM load after reset done */
#define E1000_STATUS_GIO_MASTER_ENABLE	(1u << 19)	/* PCIe requests still pending */

/* [82574 DS EEC] EEPROM/flash control. */
#define E1000_EECD			0x00010
#define E1000_EECD_AUTO_RD		(1u << 9)	/* NVM auto-read after reset done */

/* [82574 DS CTRL_EXT] */
#define E1000_CTRL_EXT			0x00018
#define E1000_CTRL_EXT_LPCD		(1u << 2)	/* PCH: LANPHYPC cycle done */
#define E1000_CTRL_EXT_FORCE_SMBUS	(1u << 11)	/* PCH: MAC-PHY link over SMBus */
#define E1000_CTRL_EXT_IAME		(1u << 27)	/* auto-mask on ICR read */
#define E1000_CTRL_EXT_DRV_LOAD		(1u << 28)	/* tells firmware a driver owns the port */
#define E1000_CTRL_EXT_PBA_CLR		(1u << 31)	/* MSI-X: clear pending bits on IMS */

/*
 * [82574 DS MDIC] PHY access (also 8254x SDM 13.4.7): data 15:0, register
 * 20:16, PHY address 25:21, opcode 27:26, ready 28, error 30.
 */
#define E1000_MDIC			0x00020
#define E1000_MDIC_REG_SHIFT		16
#define E1000_MDIC_PHY_SHIFT		21
#define E1000_MDIC_OP_WRITE		(1u << 26)
#define E1000_MDIC_OP_READ		(2u << 26)
#define E1000_MDIC_READY		(1u << 28)
#define E1000_MDIC_ERROR		(1u << 30)
#define E1000_PHY_ADDR_82574		1	/* the internal PHY */

/* IEEE 802.3 clause 22 registers every PHY has. */
#define MII_BMCR			0x00
#define  BMCR_ANRESTART			0x0200
#define  BMCR_ANENABLE			0x1000
#define MII_BMSR			0x01
#define MII_PHYSID1			0x02

/* [82574 DS] Interrupt registers beyond ICR/ITR/IMS/IMC. */
#define E1000_ICS			0x000c8	/* cause set */
#define E1000_EIAC			0x000dc	/* MSI-X auto-clear */
#define E1000_IAM			0x000e0	/* auto-mask */
#define E1000_IVAR			0x000e4	/* MSI-X cause to vector */
#define E1000_EITR(n)			(0x000e8 + 4 * (n))	/* per-vector throttling */

/* [82574 DS ICR] Causes reported in MSI-X mode, and the summary bit. */
#define E1000_ICR_RXQ0			(1u << 20)
#define E1000_ICR_RXQ1			(1u << 21)
#define E1000_ICR_TXQ0			(1u << 22)
#define E1000_ICR_TXQ1			(1u << 23)
#define E1000_ICR_OTHER			(1u << 24)	/* LSC, RXO, ... in MSI-X mode */
#define E1000_ICR_INT_ASSERTED		(1u << 31)

/*
 * [82574 DS IVAR] Four bits per cause: vector in 2:0, valid in 3. RxQ0 in
 * 3:0, RxQ1 7:4, TxQ0 11:8, TxQ1 15:12, Other 19:16.
 */
#define E1000_IVAR_VALID		0x8u
#define E1000_IVAR_RXQ0_SHIFT		0
#define E1000_IVAR_TXQ0_SHIFT		8
#define E1000_IVAR_OTHER_SHIFT		16

/* [82574 DS TXDCTL] WTHRESH 1, descriptor granularity; bit 22 must be 1. */
#define E1000_TXDCTL			0x03828
#define E1000_TXDCTL_VALUE		((1u << 16) | (1u << 22) | (1u << 24))
/* [82574 DS TARC0] bit 10: transmit queue enable. */
#define E1000_TARC0			0x03840
#define E1000_TARC_ENABLE		(1u << 10)
/* [82574 DS RFCTL] EXSTEN (bit 15) selects extended RX descriptors: kept 0. */
#define E1000_RFCTL			0x05008
#define E1000_RFCTL_EXSTEN		(1u << 15)

/*
 * [82574 DS TIPG] IPGT 8 for copper on the 82574 and the PCH parts (the
 * reset value; the 8254x wants 10), IPGR1 8, IPGR2 6.
 */
#define E1000E_TIPG_VALUE		(8u | 8u << 10 | 6u << 20)
/* [82574 DS TCTL] collision distance 63 byte times (full duplex). */
#define E1000E_TCTL_COLD		0x3f

/* PCH: the software/firmware semaphore and the management engine. */
#define E1000_EXTCNF_CTRL		0x00f00
#define E1000_EXTCNF_CTRL_SWFLAG	(1u << 5)
#define E1000_FWSM			0x05b54
#define E1000_FWSM_ULP_CFG_DONE		(1u << 10)
#define E1000_FWSM_FW_VALID		(1u << 15)	/* ME firmware present */
#define E1000_H2ME			0x05b50
#define E1000_H2ME_ULP			(1u << 11)
#define E1000_H2ME_ENFORCE_SETTINGS	(1u << 12)

/*
 * PCH PHY (82577 and later, I217/I218/I219): registers named by page and
 * number; page 0 lives at PHY address 2, pages 768 and up at address 1,
 * and a register above 15 needs the page written to register 31 first
 * (shifted left by 5) [e1000e ich8lan.c __e1000_read_phy_reg_hv].
 */
#define HV_PHY_REG(page, reg)		((page) << 5 | ((reg) & 0x1f))
#define HV_PHY_PAGE(r)			((r) >> 5)
#define HV_PHY_NUM(r)			((r) & 0x1f)
#define HV_PAGE_ADDR1_START		768
#define HV_PHY_PAGE_SELECT		0x1f
#define HV_PHY_PAGE_SHIFT		5
#define HV_PHY_MAX_UNPAGED		15
#define HV_CV_SMB_CTRL			HV_PHY_REG(769, 23)
#define  HV_CV_SMB_CTRL_FORCE_SMBUS	0x0001
#define HV_I218_ULP_CONFIG1		HV_PHY_REG(779, 16)
#define  I218_ULP_CONFIG1_START		0x0001
#define  I218_ULP_CONFIG1_IND		0x0004
#define  I218_ULP_CONFIG1_STICKY_ULP	0x0010
#define  I218_ULP_CONFIG1_INBAND_EXIT	0x0020
#define  I218_ULP_CONFIG1_WOL_HOST	0x0040
#define  I218_ULP_CONFIG1_RESET_TO_SMBUS 0x0100
#define  I218_ULP_CONFIG1_EN_ULP_LANPHYPC 0x0400
#define  I218_ULP_CONFIG1_DIS_CLR_STICKY 0x0800
#define  I218_ULP_CONFIG1_DIS_SMB_PERST	0x1000
#define  I218_ULP_CONFIG1_CLEAR		(I218_ULP_CONFIG1_IND | \
					 I218_ULP_CONFIG1_STICKY_ULP | \
					 I218_ULP_CONFIG1_INBAND_EXIT | \
					 I218_ULP_CONFIG1_WOL_HOST | \
					 I218_ULP_CONFIG1_RESET_TO_SMBUS | \
					 I218_ULP_CONFIG1_EN_ULP_LANPHYPC | \
					 I218_ULP_CONFIG1_DIS_CLR_STICKY | \
					 I218_ULP_CONFIG1_DIS_SMB_PERST)

#endif
