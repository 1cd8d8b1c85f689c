/*
 * Intel 8254x registers and descriptors: wire and register formats only.
 * Section numbers refer to the "PCI/PCI-X Family of Gigabit Ethernet
 * Controllers Software Developer's Manual" (Intel 317453006EN, rev. 4.0),
 * cited as [8254x SDM x.y].
 */
#ifndef _DRIVERS_E1000_HW_H
#define _DRIVERS_E1000_HW_H

#include <kernel/types.h>

/* [8254x SDM 13.4] Register offsets in BAR0 (all 32 bits wide). */
#define E1000_CTRL	0x00000	/* device control */
#define E1000_STATUS	0x00008	/* device status */
#define E1000_EERD	0x00014	/* EEPROM read */
#define E1000_FCAL	0x00028	/* flow control address low */
#define E1000_FCAH	0x0002c	/* flow control address high */
#define E1000_FCT	0x00030	/* flow control type */
#define E1000_ICR	0x000c0	/* interrupt cause read (read to clear) */
#define E1000_ITR	0x000c4	/* interrupt throttling */
#define E1000_IMS	0x000d0	/* interrupt mask set */
#define E1000_IMC	0x000d8	/* interrupt mask clear */
#define E1000_RCTL	0x00100	/* receive control */
#define E1000_FCTTV	0x00170	/* flow control transmit timer value */
#define E1000_TCTL	0x00400	/* transmit control */
#define E1000_TIPG	0x00410	/* transmit inter-packet gap */
#define E1000_RDBAL	0x02800	/* RX descriptor base, low 32 bits */
#define E1000_RDBAH	0x02804
#define E1000_RDLEN	0x02808	/* RX ring length in bytes */
#define E1000_RDH	0x02810	/* RX head (hardware's next) */
#define E1000_RDT	0x02818	/* RX tail (first descriptor software owns) */
#define E1000_RDTR	0x02820	/* RX delay timer */
#define E1000_RADV	0x0282c	/* RX absolute delay timer */
#define E1000_TDBAL	0x03800
#define E1000_TDBAH	0x03804
#define E1000_TDLEN	0x03808
#define E1000_TDH	0x03810
#define E1000_TDT	0x03818
#define E1000_TIDV	0x03820	/* TX interrupt delay */
#define E1000_TADV	0x0382c	/* TX absolute interrupt delay */
#define E1000_RXCSUM	0x05000	/* RX checksum control */
#define E1000_MTA	0x05200	/* multicast table array, 128 entries */
#define E1000_MTA_ENTRIES 128
#define E1000_RAL0	0x05400	/* receive address 0, low */
#define E1000_RAH0	0x05404	/* receive address 0, high */

/* [8254x SDM 13.7] Statistics: 32-bit, cleared on read, sticky at the maximum. */
#define E1000_CRCERRS	0x04000	/* CRC errors */
#define E1000_ALGNERRC	0x04004	/* alignment errors (MII mode) */
#define E1000_RXERRC	0x0400c	/* RX data errors */
#define E1000_MPC	0x04010	/* missed packets: no room in the FIFO */
#define E1000_ECOL	0x04018	/* excessive collisions: frame given up */
#define E1000_LATECOL	0x04020	/* late collisions */
#define E1000_COLC	0x04028	/* collisions */
#define E1000_TNCRS	0x04034	/* transmit with no carrier sense */
#define E1000_CEXTERR	0x0403c	/* carrier extension errors */
#define E1000_RLEC	0x04040	/* receive length errors (undersize + oversize) */

/* [8254x SDM 13.4.1] CTRL bits. */
#define E1000_CTRL_FD		(1u << 0)	/* full duplex (ignored while ASDE/autoneg) */
#define E1000_CTRL_ASDE		(1u << 5)	/* auto-speed detection */
#define E1000_CTRL_SLU		(1u << 6)	/* set link up */
#define E1000_CTRL_ILOS		(1u << 7)	/* invert loss-of-signal */
#define E1000_CTRL_FRCSPD	(1u << 11)	/* force speed */
#define E1000_CTRL_FRCDPLX	(1u << 12)	/* force duplex */
#define E1000_CTRL_RST		(1u << 26)	/* device reset, self-clearing */
#define E1000_CTRL_VME		(1u << 30)	/* VLAN mode */
#define E1000_CTRL_PHY_RST	(1u << 31)

/* [8254x SDM 13.4.2] STATUS bits. */
#define E1000_STATUS_FD		(1u << 0)	/* full duplex */
#define E1000_STATUS_LU		(1u << 1)	/* link up */
#define E1000_STATUS_FUNC_SHIFT	2		/* function id on dual-port parts */
#define E1000_STATUS_FUNC_MASK	(3u << 2)
#define E1000_STATUS_SPEED_SHIFT 6		/* 00 = 10, 01 = 100, 1x = 1000 Mb/s */
#define E1000_STATUS_SPEED_MASK	(3u << 6)

/*
 * [8254x SDM 13.4.4] EERD. Two layouts: Table 13-7 (82540/82545/82546:
 * DONE bit 4, address in 15:8) and Table 13-8 (82541xx/82547GI: DONE bit 1,
 * address in 15:2). The data word is in 31:16 in both.
 */
#define E1000_EERD_START	(1u << 0)
#define E1000_EERD_DONE		(1u << 4)
#define E1000_EERD_ADDR_SHIFT	8
#define E1000_EERD_DONE_IGP	(1u << 1)
#define E1000_EERD_ADDR_SHIFT_IGP 2
#define E1000_EERD_DATA_SHIFT	16

/* [8254x SDM 5.6] EEPROM words 0-2: the Ethernet address, low byte first. */
#define E1000_EEPROM_MAC_WORDS	3

/* [8254x SDM 13.4.17] ICR / IMS / IMC cause bits. */
#define E1000_ICR_TXDW		(1u << 0)	/* TX descriptor written back */
#define E1000_ICR_TXQE		(1u << 1)	/* TX queue empty */
#define E1000_ICR_LSC		(1u << 2)	/* link status change */
#define E1000_ICR_RXSEQ		(1u << 3)	/* RX sequence error */
#define E1000_ICR_RXDMT0	(1u << 4)	/* RX descriptors below threshold */
#define E1000_ICR_RXO		(1u << 6)	/* receiver overrun */
#define E1000_ICR_RXT0		(1u << 7)	/* receiver timer (packet received) */
#define E1000_IMC_ALL		0xffffffffu
/* The causes the NAPI poll serves (besides LSC and RXO, handled in the IRQ). */
#define E1000_ICR_NAPI		(E1000_ICR_RXT0 | E1000_ICR_RXDMT0 | E1000_ICR_TXDW)

/* [8254x SDM 13.4.22] RCTL bits. */
#define E1000_RCTL_EN		(1u << 1)
#define E1000_RCTL_SBP		(1u << 2)	/* store bad packets */
#define E1000_RCTL_UPE		(1u << 3)	/* unicast promiscuous */
#define E1000_RCTL_MPE		(1u << 4)	/* multicast promiscuous */
#define E1000_RCTL_LPE		(1u << 5)	/* long packets (> 1522 bytes) */
#define E1000_RCTL_RDMTS_HALF	(0u << 8)	/* RXDMT0 at 1/2 of the ring free */
#define E1000_RCTL_BAM		(1u << 15)	/* accept broadcast */
#define E1000_RCTL_BSIZE_2048	(0u << 16)	/* with BSEX = 0 */
#define E1000_RCTL_SECRC	(1u << 26)	/* strip the Ethernet CRC */

/*
 * [8254x SDM 3.2.9, RXCSUM; 82574 DS RXCSUM] Receive checksum offload: the
 * results land in the descriptor's IPCS/TCPCS and IPE/TCPE bits. Off after
 * reset on the 8254x; written only while the receiver is off.
 */
#define E1000_RXCSUM_IPOFL	(1u << 8)	/* verify IPv4 header checksums */
#define E1000_RXCSUM_TUOFL	(1u << 9)	/* verify TCP/UDP checksums */

/* [8254x SDM 13.4.33] TCTL bits. */
#define E1000_TCTL_EN		(1u << 1)
#define E1000_TCTL_PSP		(1u << 3)	/* pad short packets */
#define E1000_TCTL_CT_SHIFT	4		/* collision threshold */
#define E1000_TCTL_COLD_SHIFT	12		/* collision distance */
#define E1000_TCTL_CT_DEFAULT	0x0f		/* retries; the SDM recommends 0Fh */
#define E1000_TCTL_COLD_FD	0x40		/* 64 byte times, full duplex */

/*
 * [8254x SDM 13.4.34, Table 13-77] TIPG for IEEE 802.3's 96-bit-time gap on
 * 10/100/1000BASE-T: IPGT 10, IPGR1 8, IPGR2 6 (IPGR1/2 matter only in half
 * duplex, and are set anyway).
 */
#define E1000_TIPG_IPGT		10
#define E1000_TIPG_IPGR1	8
#define E1000_TIPG_IPGR2	6
#define E1000_TIPG_VALUE	(E1000_TIPG_IPGT | E1000_TIPG_IPGR1 << 10 | \
				 E1000_TIPG_IPGR2 << 20)

/*
 * [8254x SDM 13.4.18] ITR counts in 256 ns units: interrupts/s =
 * 10^9 / (interval * 256). 8000 interrupts/s gives 488 (125 us).
 */
#define E1000_ITR_PER_SEC	8000
#define E1000_ITR_VALUE		(1000000000u / (E1000_ITR_PER_SEC * 256u))

/* [8254x SDM 13.5] RAH0: the address-valid bit. */
#define E1000_RAH_AV		(1u << 31)

/* [8254x SDM 3.2.3] Legacy receive descriptor, 16 bytes, written back in place. */
struct e1000_rx_desc {
	u64 addr;	/* buffer bus address */
	u16 length;	/* bytes DMAed into the buffer (CRC stripped with SECRC) */
	u16 csum;	/* packet checksum (unused: the status bits say more) */
	u8 status;
	u8 errors;
	u16 special;	/* VLAN tag */
} __packed;

/* [8254x SDM 3.2.3.1; 82574 DS 7.1] Receive status. */
#define E1000_RXD_STAT_DD	(1u << 0)	/* descriptor done */
#define E1000_RXD_STAT_EOP	(1u << 1)	/* end of packet */
#define E1000_RXD_STAT_IXSM	(1u << 2)	/* ignore the checksum bits (8254x) */
#define E1000_RXD_STAT_UDPCS	(1u << 4)	/* UDP checksum computed (82574) */
#define E1000_RXD_STAT_TCPCS	(1u << 5)	/* TCP (82574: or UDP) checksum computed */
#define E1000_RXD_STAT_IPCS	(1u << 6)	/* IPv4 header checksum computed */

/* [8254x SDM 3.2.3.2] Receive errors (valid only with EOP). */
#define E1000_RXD_ERR_CE	(1u << 0)	/* CRC or alignment error */
#define E1000_RXD_ERR_SE	(1u << 1)	/* symbol error (TBI) */
#define E1000_RXD_ERR_SEQ	(1u << 2)	/* sequence error (TBI) */
#define E1000_RXD_ERR_CXE	(1u << 4)	/* carrier extension error */
#define E1000_RXD_ERR_TCPE	(1u << 5)	/* TCP/UDP checksum wrong */
#define E1000_RXD_ERR_IPE	(1u << 6)	/* IPv4 header checksum wrong */
#define E1000_RXD_ERR_RXE	(1u << 7)	/* RX data error */
/* The frame errors; TCPE and IPE are checksum results, for the stack to judge. */
#define E1000_RXD_ERR_FRAME	(E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | \
				 E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | \
				 E1000_RXD_ERR_RXE)

/*
 * [8254x SDM 3.3.7; 82574 DS 7.2] TCP/IP data descriptor (DEXT set, DTYP
 * 0001b), 16 bytes: every buffer of a frame goes out through one. Without
 * offload options it is a plain send, as a legacy descriptor would be.
 */
struct e1000_data_desc {
	u64 addr;	/* buffer bus address */
	u32 lower;	/* DTALEN 19:0, DTYP 23:20, DCMD 31:24 */
	u8 status;	/* STA 3:0 */
	u8 popts;	/* packet options: IXSM, TXSM */
	u16 special;	/* VLAN tag */
} __packed;

/*
 * [8254x SDM 3.3.6; 82574 DS 7.2.9] TCP/IP context descriptor (DEXT set,
 * DTYP 0000b): no data, it loads the offsets the checksum and segmentation
 * engines use for the data descriptors after it. Offsets count from the
 * first byte of the frame; an end of 0 means "to the end of the packet".
 */
struct e1000_context_desc {
	u8 ipcss;	/* IP checksum start */
	u8 ipcso;	/* where the IP checksum goes */
	u16 ipcse;	/* IP checksum end, inclusive */
	u8 tucss;	/* TCP/UDP checksum start */
	u8 tucso;	/* where the TCP/UDP checksum goes */
	u16 tucse;	/* TCP/UDP checksum end, inclusive (0: to the end) */
	u32 cmd_and_length;	/* PAYLEN 19:0, DTYP 23:20, TUCMD 31:24 */
	u8 status;
	u8 hdr_len;	/* TSO: bytes of headers repeated in every segment */
	u16 mss;	/* TSO: payload bytes per segment */
} __packed;

/* A TX ring slot holds either kind. */
union e1000_tx_desc {
	struct e1000_data_desc data;
	struct e1000_context_desc ctx;
};

/* [8254x SDM 3.3.7.1, 3.3.6.1] Command bits (31:24 of lower / cmd_and_length). */
#define E1000_TXD_CMD_EOP	(1u << 24)	/* data: end of packet */
#define E1000_TXD_CMD_IFCS	(1u << 25)	/* data: insert the FCS */
#define E1000_TXD_CMD_TSE	(1u << 26)	/* TCP segmentation */
#define E1000_TXD_CMD_RS	(1u << 27)	/* report status (DD) */
#define E1000_TXD_CMD_DEXT	(1u << 29)	/* extended descriptor */
#define E1000_TXD_CMD_IDE	(1u << 31)	/* interrupt delay (TIDV/TADV) */
#define E1000_TXD_CMD_TCP	(1u << 24)	/* context, TSO: TCP (else UDP) */
#define E1000_TXD_CMD_IP	(1u << 25)	/* context, TSO: IPv4 (else IPv6) */
#define E1000_TXD_DTYP_D	(1u << 20)	/* data descriptor */
#define E1000_TXD_DTYP_C	(0u << 20)	/* context descriptor */
#define E1000_TXD_LEN_MASK	0xfffffu	/* DTALEN / PAYLEN */

/* [8254x SDM 3.3.7.2] Packet options, in the first data descriptor. */
#define E1000_TXD_POPTS_IXSM	(1u << 0)	/* insert the IP checksum */
#define E1000_TXD_POPTS_TXSM	(1u << 1)	/* insert the TCP/UDP checksum */

/* [8254x SDM 3.3.7.2] Transmit status. */
#define E1000_TXD_STAT_DD	(1u << 0)	/* descriptor done */
#define E1000_TXD_STAT_EC	(1u << 1)	/* excess collisions: aborted */
#define E1000_TXD_STAT_LC	(1u << 2)	/* late collision */

BUILD_BUG_ON(sizeof(struct e1000_rx_desc) != 16);
BUILD_BUG_ON(sizeof(struct e1000_data_desc) != 16);
BUILD_BUG_ON(sizeof(struct e1000_context_desc) != 16);

#endif
