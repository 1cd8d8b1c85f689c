/*
 * What every PCI NIC driver here does the same way around its own rings:
 * registration with one interrupt vector, the probe line in the log, the
 * checks before a frame goes on a TX ring, and handing up a received
 * frame copied out of a DMA buffer.
 */
#ifndef _DRIVERS_NIC_COMMON_H
#define _DRIVERS_NIC_COMMON_H

#include <kernel/types.h>
#include <kernel/pci.h>
#include <kernel/irq.h>
#include <net/netdevice.h>

/*
 * One interrupt vector of the kinds irq_types allows (PCI_IRQ_*), then
 * register_netdev and request_irq with handler(irq, dev), shared on INTx.
 * The caller has set the netdev_ops and added the NAPI context. 0, or
 * -errno with everything this did undone.
 */
int nic_register(struct net_device *dev, struct pci_dev *pdev,
		 unsigned int irq_types, irq_handler_t handler);

/*
 * "eth0: NAME (8086:100e) at 00:03.0, MAC 52:54:00:12:34:56, irq 11"
 * and then extra (", mmio, ..." or ""), once the device is registered.
 */
void nic_probe_log(const struct net_device *dev, const struct pci_dev *pdev,
		   const char *name, const char *extra);

/*
 * Before a frame goes on a TX ring: pad a runt to ETH_ZLEN and refuse one
 * longer than max_len. True when skb may go on; false when it was dropped,
 * counted in tx_dropped and freed under its reason (consumed either way
 * then).
 */
bool nic_tx_prepare(struct sk_buff *skb, struct net_device *dev,
		    unsigned int max_len);

/*
 * A good frame of len bytes in a DMA buffer that goes straight back to the
 * device: copy it into an skb of its own size and hand it up. No memory:
 * counted in rx_dropped (no skb exists yet to carry a drop reason).
 * Softirq (NAPI poll) context.
 */
void nic_rx_copy(struct net_device *dev, const u8 *buf, unsigned int len);

#endif
