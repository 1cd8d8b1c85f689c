/*
 * The 8254x MAC registers the 82574L and the PCH parts keep: interrupt
 * mask, link setup and state, receive address and multicast table, the
 * EEPROM read of the station address, and the statistics registers.
 * Section numbers cite the 8254x SDM as [8254x SDM x.y] (see e1000_hw.h);
 * the 82574 datasheet keeps these registers at the same offsets.
 */
#include <kernel/time.h>
#include <kernel/printk.h>
#include <net/etherdevice.h>
#include <errno.h>
#include "e1000_ring.h"

#define E1000_EERD_POLLS	1000	/* x 10 us for one EEPROM word */

void e1000_irq_disable(struct e1000_adapter *a)
{
	ew32(a, E1000_IMC, E1000_IMC_ALL);
	e1000_flush(a);
}

/*
 * [8254x SDM 14.3; 82574 DS CTRL] General configuration for the internal
 * copper PHY: the MAC takes speed and duplex from the PHY's
 * autonegotiation (no forcing) once link is set up (SLU); no VLAN mode.
 * Flow control stays off, so its address, type and timer registers are
 * zero.
 */
void e1000_setup_mac_link(struct e1000_adapter *a, u32 set, u32 clear)
{
	u32 ctrl = er32(a, E1000_CTRL);

	ctrl |= E1000_CTRL_SLU | set;
	ctrl &= ~(E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPLX | E1000_CTRL_ILOS |
		  E1000_CTRL_PHY_RST | E1000_CTRL_VME | clear);
	ew32(a, E1000_CTRL, ctrl);
	ew32(a, E1000_FCAL, 0);
	ew32(a, E1000_FCAH, 0);
	ew32(a, E1000_FCT, 0);
	ew32(a, E1000_FCTTV, 0);
}

void e1000_check_link(struct e1000_adapter *a)
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

/* [8254x SDM 14.4] */
void e1000_setup_rx_filter(struct e1000_adapter *a, const u8 *mac)
{
	ew32(a, E1000_RAL0, (u32)mac[0] | (u32)mac[1] << 8 |
	     (u32)mac[2] << 16 | (u32)mac[3] << 24);
	ew32(a, E1000_RAH0, (u32)mac[4] | (u32)mac[5] << 8 | E1000_RAH_AV);
	for (int i = 0; i < E1000_MTA_ENTRIES; i++)
		ew32(a, E1000_MTA + 4 * i, 0);
}

/* [8254x SDM 13.5] As the EEPROM (NVM) auto-load or the firmware left them. */
bool e1000_mac_from_ra(const struct e1000_adapter *a, u8 *mac)
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

/* [8254x SDM 13.4.4; 82574 DS EERD] One word through EERD, DONE polled (bounded). */
static int e1000_eeprom_read(struct e1000_adapter *a, bool igp_layout, u16 word,
			     u16 *data)
{
	u32 done = igp_layout ? E1000_EERD_DONE_IGP : E1000_EERD_DONE;
	u32 shift = igp_layout ? E1000_EERD_ADDR_SHIFT_IGP : E1000_EERD_ADDR_SHIFT;

	ew32(a, E1000_EERD, E1000_EERD_START | (u32)word << shift);
	for (int polls = 0; polls < E1000_EERD_POLLS; polls++) {
		u32 v = er32(a, E1000_EERD);

		if (v & done) {
			*data = (u16)(v >> E1000_EERD_DATA_SHIFT);
			return 0;
		}
		udelay(10);
	}
	return -ETIMEDOUT;
}

/* [8254x SDM 5.6] Words 0-2, low byte first. */
int e1000_read_mac_eeprom(struct e1000_adapter *a, bool igp_layout, u8 *mac)
{
	for (u16 w = 0; w < E1000_EEPROM_MAC_WORDS; w++) {
		u16 v;
		int err = e1000_eeprom_read(a, igp_layout, w, &v);

		if (err)
			return err;
		mac[2 * w] = (u8)v;
		mac[2 * w + 1] = (u8)(v >> 8);
	}
	return is_valid_ether_addr(mac) ? 0 : -EADDRNOTAVAIL;
}

/* [8254x SDM 13.7] The registers are not reset by hardware: read them to zero. */
void e1000_clear_hw_stats(struct e1000_adapter *a)
{
	static const u32 regs[] = {
		E1000_CRCERRS, E1000_ALGNERRC, E1000_RXERRC, E1000_CEXTERR,
		E1000_RLEC, E1000_ECOL, E1000_LATECOL, E1000_MPC, E1000_COLC,
		E1000_TNCRS,
	};

	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		(void)er32(a, regs[i]);
}

/*
 * [8254x SDM 13.7; 82574 DS statistics registers] Add the read-to-clear
 * statistics registers to the device stats, the way Linux's
 * e1000_update_stats sums them. With RCTL.SBP clear the MAC discards bad
 * frames itself, so these registers are the only place CRC, alignment and
 * length errors show. Callers hold bottom halves off: the poll updates
 * the same fields.
 */
void e1000_update_stats(struct e1000_adapter *a)
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

bool e1000_link_up(const struct net_device *dev)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	return er32(a, E1000_STATUS) & E1000_STATUS_LU;
}

/* Our address in RAL0/RAH0 (valid), link set up. */
void e1000_check_probe(struct selftest_ctx *st_ctx, struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	u32 rah = er32(a, E1000_RAH0);

	ST_ASSERT(rah & E1000_RAH_AV);
	ST_EQ(rah & 0xffff, dev->dev_addr[4] | dev->dev_addr[5] << 8);
	ST_ASSERT(er32(a, E1000_CTRL) & E1000_CTRL_SLU);
}
