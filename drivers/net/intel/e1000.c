/*
 * Intel 8254x gigabit Ethernet (QEMU's -device e1000 is the 82540EM): the
 * chip-specific part, reset, station address, link setup and interrupt
 * causes, under the legacy-descriptor rings of e1000_ring.c. Section
 * numbers cite the "PCI/PCI-X Family of Gigabit Ethernet Controllers
 * Software Developer's Manual" (317453006EN rev. 4.0) as [8254x SDM x.y].
 */
#include <kernel/pci.h>
#include <kernel/time.h>
#include <errno.h>
#include "e1000_ring.h"
#include "../nic_selftest.h"

#define E1000_RESET_POLLS	1000	/* x 10 us for CTRL.RST to clear */

/* pci_device_id.driver_data flags. */
#define E1000_F_IGP		(1u << 0)	/* 82541/82547: IGP PHY, EERD of Table 13-8 */
#define E1000_F_DUAL_PORT	(1u << 1)	/* 82546: two MACs share one EEPROM */

/* [8254x SDM 13.4.20] The causes NAPI serves, plus link changes. */
static void e1000_irq_enable(struct e1000_adapter *a)
{
	ew32(a, E1000_IMS, E1000_ICR_NAPI | E1000_ICR_LSC | E1000_ICR_RXO);
	e1000_flush(a);
}

/* [8254x SDM 13.4.17] Reading ICR returns and clears every cause. */
static u32 e1000_irq_ack(struct e1000_adapter *a)
{
	return er32(a, E1000_ICR);
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
	ew32(a, E1000_RCTL, 0);
	ew32(a, E1000_TCTL, 0);
	e1000_flush(a);
	mdelay(10);

	ew32(a, E1000_CTRL, er32(a, E1000_CTRL) | E1000_CTRL_RST);
	udelay(1);	/* [13.4.1]: no register access for 1 us after RST */
	for (polls = 0; polls < E1000_RESET_POLLS; polls++) {
		if (!(er32(a, E1000_CTRL) & E1000_CTRL_RST))
			break;
		udelay(10);
	}
	if (polls == E1000_RESET_POLLS)
		return -ETIMEDOUT;
	mdelay(a->flags & E1000_F_IGP ? 20 : 5);

	e1000_irq_disable(a);
	(void)er32(a, E1000_ICR);		/* drop causes left from before */
	return 0;
}

/*
 * The station address: RAL0/RAH0 as the EEPROM autoload after reset left
 * them when the address-valid bit says so, else EEPROM words 0-2 [5.6].
 */
static int e1000_read_mac(struct e1000_adapter *a, u8 *mac)
{
	int err;

	if (e1000_mac_from_ra(a, mac))
		return 0;
	err = e1000_read_mac_eeprom(a, a->flags & E1000_F_IGP, mac);
	/* 82546: port B's address is port A's with the last bit flipped
	 * (what Linux's e1000_read_mac_addr does). */
	if (!err && (a->flags & E1000_F_DUAL_PORT) &&
	    (er32(a, E1000_STATUS) & E1000_STATUS_FUNC_MASK) >>
	    E1000_STATUS_FUNC_SHIFT == 1)
		mac[5] ^= 1;
	return err;
}

static int e1000_hw_init(struct e1000_adapter *a)
{
	int err = e1000_reset_hw(a);

	if (err)
		return err;
	a->max_frame = E1000_MAX_JUMBO_FRAME;
	return e1000_read_mac(a, a->netdev->dev_addr);
}

/* [8254x SDM 14.3] Speed and duplex from the PHY's autonegotiation (ASDE). */
static void e1000_setup_link(struct e1000_adapter *a)
{
	e1000_setup_mac_link(a, E1000_CTRL_ASDE, 0);
}

/*
 * [8254x SDM 13.4.18, 13.4.34] Interrupt throttling at 8000/s (there is
 * no RX delay timer) and the 802.3 inter-packet gap.
 */
static void e1000_configure(struct e1000_adapter *a)
{
	ew32(a, E1000_ITR, E1000_ITR_VALUE);
	ew32(a, E1000_TIPG, E1000_TIPG_VALUE);
}

static const struct e1000_mac_ops e1000_mac_ops = {
	.name = "e1000",
	/* INTx, as in Linux's e1000, which never enables the 8254x's MSI. */
	.irq_types = PCI_IRQ_INTX,
	.tctl_cold = E1000_TCTL_COLD_FD,
	.hw_init = e1000_hw_init,
	.reset_hw = e1000_reset_hw,
	.setup_link = e1000_setup_link,
	.configure = e1000_configure,
	.irq_enable = e1000_irq_enable,
	.irq_ack = e1000_irq_ack,
};

static int e1000_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return e1000_probe(pdev, id, &e1000_mac_ops);
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
	.probe = e1000_pci_probe,
};
PCI_DRIVER(e1000_driver);

/* Self-tests, on the first e1000 the PCI scan bound (-nic user,model=e1000). */
static bool e1000_st_match(const struct net_device *dev)
{
	return e1000_dev_is(dev, &e1000_mac_ops);
}

NIC_SELFTESTS(e1000, "e1000", e1000_st_match, e1000_tx_idle, e1000_rings_ok,
	      e1000_link_up, e1000_check_probe, 3 * E1000_NUM_TX_DESC + 1)

/* One TDT write for a batch of the qdisc. */
SELFTEST(e1000_tx_one_doorbell_per_batch)
{
	e1000_selftest_tx_batch(st_ctx, nic_selftest_find(&e1000_selftest));
}

/* QEMU's 82540EM says to ignore its checksum bits (IXSM) in every receive
 * descriptor, so no RST comes back marked; it cuts TSO skbs itself. */
NIC_OFFLOAD_SELFTESTS(e1000, e1000_offload_stats, false, true)
