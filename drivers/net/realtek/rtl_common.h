/*
 * What the Realtek RTL8139 and RTL8169/8111/8168/8101 share: the lower
 * register map (ID, multicast, command, interrupt, TX/RX configuration,
 * the 93C46 command register), the soft reset, the station address,
 * register access through MMIO or the I/O BAR, and link reporting
 * (rtl_common.c); and the net_device side, probe, open/stop, transmit
 * through copy buffers, NAPI poll and the interrupt handler, with what
 * differs per family in a const struct rtl_chip (rtl_netdev.c).
 *
 * Citations name the register in Realtek's documents: "[8139 DS reg]" the
 * "RTL8139C(L)+ Single-Chip Fast Ethernet Controller" datasheet (section 6,
 * register descriptions), "[8139 PG]" the "RTL8139(A/B) Programming
 * Guide", "[8169 DS reg]" the "RTL8169S(L) Single-Chip Gigabit Ethernet
 * Controller" datasheet (section 7, register descriptions), whose layout
 * the RTL8110/8111/8168 and RTL8101/8102/8136 keep for what is used here.
 */
#ifndef _DRIVERS_RTL_COMMON_H
#define _DRIVERS_RTL_COMMON_H

#include <kernel/types.h>
#include <kernel/pci.h>
#include <kernel/selftest.h>
#include <net/netdevice.h>

/* Registers at the same offsets on both families. */
#define RTL_IDR0	0x00	/* station address, 6 bytes; 32-bit writes only */
#define RTL_MAR0	0x08	/* multicast hash, 8 bytes */
#define RTL_CR		0x37	/* command */
#define  RTL_CR_BUFE	0x01	/* 8139: RX buffer empty */
#define  RTL_CR_TE	0x04	/* transmitter enable */
#define  RTL_CR_RE	0x08	/* receiver enable */
#define  RTL_CR_RST	0x10	/* soft reset, self-clearing */
#define RTL_IMR		0x3c	/* interrupt mask, 16 bits */
#define RTL_ISR		0x3e	/* interrupt status, 16 bits, write 1 to clear */
#define RTL_TCR		0x40	/* transmit configuration */
#define RTL_RCR		0x44	/* receive configuration */
#define RTL_9346CR	0x50	/* 93C46 command: config register write enable */
#define  RTL_9346CR_UNLOCK 0xc0	/* EEM1:0 = 11 */
#define  RTL_9346CR_LOCK   0x00
#define RTL_CONFIG1	0x52

/* ISR/IMR bits with the same meaning on both [8139 DS ISR; 8169 DS ISR]. */
#define RTL_INT_ROK	0x0001	/* receive OK */
#define RTL_INT_RER	0x0002	/* receive error */
#define RTL_INT_TOK	0x0004	/* transmit OK */
#define RTL_INT_TER	0x0008	/* transmit error */
#define RTL_INT_RXOVW	0x0010	/* 8139: RX buffer overflow; 8169: RX descriptors unavailable */
#define RTL_INT_LINKCHG	0x0020	/* link change (8139: also packet underrun) */
#define RTL_INT_FOVW	0x0040	/* RX FIFO overflow */
#define RTL_INT_SERR	0x8000	/* PCI system error */

/* [8139 DS RCR; 8169 DS RCR] Acceptance, FIFO threshold, DMA burst. */
#define RTL_RCR_AAP	0x01	/* all physical (promiscuous) */
#define RTL_RCR_APM	0x02	/* physical match */
#define RTL_RCR_AM	0x04	/* multicast */
#define RTL_RCR_AB	0x08	/* broadcast */
#define RTL_RCR_RXFTH_NONE (7u << 13)	/* no FIFO threshold: whole frames */
#define RTL_RCR_MXDMA_UNLIMITED (7u << 8)

/* [8139 DS TCR; 8169 DS TCR] Standard inter-frame gap, DMA burst. */
#define RTL_TCR_IFG_STD	(3u << 24)	/* 9.6 us / 960 ns / 96 ns */
#define RTL_TCR_MXDMA_1024 (6u << 8)
#define RTL_TCR_MXDMA_UNLIMITED (7u << 8)

/* Registers through the memory BAR when there is one, else the I/O BAR. */
struct rtl_regs {
	u8 *mmio;
	u16 io;
};

u8 rtl_r8(const struct rtl_regs *r, u16 reg);
u16 rtl_r16(const struct rtl_regs *r, u16 reg);
u32 rtl_r32(const struct rtl_regs *r, u16 reg);
void rtl_w8(const struct rtl_regs *r, u16 reg, u8 v);
void rtl_w16(const struct rtl_regs *r, u16 reg, u16 v);
void rtl_w32(const struct rtl_regs *r, u16 reg, u32 v);

/*
 * Enable the device and bus mastering and map its registers: the first
 * memory BAR of at least min_size bytes, else I/O BAR 0. 0 or -errno.
 */
int rtl_map_regs(struct pci_dev *pdev, struct rtl_regs *r, u64 min_size);
/* "mmio" or "io" for the probe line. */
const char *rtl_regs_kind(const struct rtl_regs *r);

/* [8139 DS CR; 8169 DS CR] Soft reset: RST set, polled clear (bounded); 0 or -ETIMEDOUT. */
int rtl_soft_reset(const struct rtl_regs *r);
/* IDR0-5 as the EEPROM autoload left them; 0 or -EADDRNOTAVAIL. */
int rtl_read_mac(const struct rtl_regs *r, u8 *mac);
/* 93C46CR config-write unlock and lock. */
void rtl_cfg_unlock(const struct rtl_regs *r);
void rtl_cfg_lock(const struct rtl_regs *r);
/* Our address into IDR0-5 (32-bit writes under the unlock). */
void rtl_write_mac(const struct rtl_regs *r, const u8 *mac);

/*
 * Carrier from the link state: on a change log "eth0: link up 100 Mbps
 * full duplex" (or "link down") and switch the carrier. Any context.
 */
void rtl_link_report(struct net_device *dev, bool up, unsigned int mbps,
		     bool full_duplex);

/*
 * Both families transmit by copying the frame into a fixed buffer per
 * slot (8139: TSAD0-3; 8169: one per descriptor), which keeps every bus
 * address below 4 GiB for the 32-bit chips and needs no unmapping.
 */
#define RTL_TX_BUF_SIZE		2048
#define RTL_MAX_TX_LEN		(ETH_FRAME_LEN + VLAN_HLEN)

/* pci_device_id.driver_data: the chip reaches only the low 4 GiB. */
#define RTL_F_DMA32		(1u << 0)

struct rtl_priv;

/* What differs between the RTL8139 and the RTL8169 family. */
struct rtl_chip {
	const char *name;	/* "rtl8139", on the probe line */
	const char *note;	/* appended to the probe line */
	size_t priv_size;	/* the chip's state, struct rtl_priv first */
	unsigned int irq_types;	/* PCI_IRQ_* the chip may use */
	u16 intr_mask;		/* IMR while up */
	u16 xid_mask;		/* TCR bits 31:20 that name the chip version */
	bool dma32;		/* every chip of the family is 32-bit DMA only */
	unsigned int num_tx;	/* transmit slots */
	unsigned int tx_wake;	/* free slots that restart a stopped queue */
	size_t rx_size;		/* the receive block (ring or buffers), bytes */
	/* Probe: descriptor rings that live as long as the device (optional). */
	int (*alloc_rings)(struct rtl_priv *p);
	void (*free_rings)(struct rtl_priv *p);
	/* ndo_open, on a freshly reset chip: rings and buffers, RCR, TCR,
	 * receiver and transmitter on (the MAC, multicast and ISR follow). */
	void (*hw_start)(struct rtl_priv *p);
	/* Receive up to budget frames; how many were taken. */
	int (*rx)(struct rtl_priv *p, int budget);
	/* Whether the transmit in slot finished; counts its errors if so. */
	bool (*tx_done)(struct rtl_priv *p, unsigned int slot);
	/* Start sending the len bytes copied into slot's buffer. */
	void (*tx_kick)(struct rtl_priv *p, unsigned int slot, unsigned int len);
	/* Anything for the poll? Read after unmasking, to catch what raced it. */
	bool (*work_pending)(struct rtl_priv *p);
	/* Carrier from the chip's link state (rtl_link_report). */
	void (*check_link)(struct rtl_priv *p);
	/* ISR.RXOVW: the chip ran out of receive room; count it. */
	void (*rx_overflow)(struct rtl_priv *p);
	/* Add hardware counters to the device stats (optional). */
	void (*update_stats)(struct rtl_priv *p);
};

struct rtl_priv {
	struct net_device *netdev;
	struct pci_dev *pdev;
	const struct rtl_chip *chip;
	struct rtl_regs regs;
	unsigned long flags;		/* pci_device_id.driver_data */
	bool up;			/* between ndo_open and ndo_stop */
	bool dma32;
	struct napi_struct napi;

	u8 *rx_buf;			/* chip->rx_size bytes; NULL while down */
	dma_addr_t rx_buf_dma;
	u8 *tx_bufs;			/* chip->num_tx x RTL_TX_BUF_SIZE */
	dma_addr_t tx_bufs_dma;
	unsigned int tx_head;		/* next slot to fill (free-running) */
	unsigned int tx_tail;		/* oldest slot in flight */
};

/* rtl_netdev.c */

/* Probe a chip of either family: 0 or -errno. */
int rtl_probe(struct pci_dev *pdev, const struct pci_device_id *id,
	      const struct rtl_chip *chip);
/* For the self-tests: dev is driven with chip; every transmit finished;
 * the station address reads back from IDR0-5. */
bool rtl_dev_is(const struct net_device *dev, const struct rtl_chip *chip);
bool rtl_tx_idle(const struct net_device *dev);
void rtl_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev);

#endif
