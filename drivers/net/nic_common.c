/* Registration, probe line, TX checks and copy-out receive shared by the NIC drivers. */
#include <kernel/printk.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include "nic_common.h"

int nic_register(struct net_device *dev, struct pci_dev *pdev,
		 unsigned int irq_types, irq_handler_t handler)
{
	int irq, err = pci_alloc_irq_vectors(pdev, 1, 1, irq_types);

	if (err < 0)
		return err;
	irq = pci_irq_vector(pdev, 0);
	err = register_netdev(dev);
	if (err)
		goto out_free_vectors;
	err = request_irq((unsigned int)irq, handler,
			  pdev->irq_type == PCI_IRQ_INTX ? IRQF_SHARED : 0,
			  dev->name, dev);
	if (err)
		goto out_unregister;
	return 0;

out_unregister:
	unregister_netdev(dev);
out_free_vectors:
	pci_free_irq_vectors(pdev);
	return err;
}

void nic_probe_log(const struct net_device *dev, const struct pci_dev *pdev,
		   const char *name, const char *extra)
{
	const u8 *m = dev->dev_addr;
	char irqdesc[32];

	pci_format_irq(pdev, irqdesc, sizeof(irqdesc));
	printk("%s: %s (%04x:%04x) at %02x:%02x.%x, MAC %02x:%02x:%02x:%02x:%02x:%02x, %s%s\n",
	       dev->name, name, pdev->vendor, pdev->device, pdev->bus, pdev->slot,
	       pdev->func, m[0], m[1], m[2], m[3], m[4], m[5], irqdesc, extra);
}

bool nic_tx_prepare(struct sk_buff *skb, struct net_device *dev,
		    unsigned int max_len)
{
	if (eth_skb_pad(skb)) {		/* freed skb (NOMEM) on failure */
		dev->stats.tx_dropped++;
		return false;
	}
	if (skb->len > max_len) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return false;
	}
	return true;
}

/*
 * Copying, rather than handing the DMA buffer up, keeps each receive ring
 * one fixed block that never needs refilling, so it cannot starve when
 * memory is short (the frame is dropped and counted instead); a 60-byte
 * ARP costs a small allocation rather than pinning a 4 KiB block for the
 * life of the packet; and copying at most 1522 bytes is cheap next to the
 * rest of the path.
 */
void nic_rx_copy(struct net_device *dev, const u8 *buf, unsigned int len)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, len);

	if (!skb) {
		dev->stats.rx_dropped++;
		return;
	}
	skb_put_data(skb, buf, len);
	eth_receive_skb(skb, dev);	/* consumes skb */
}
