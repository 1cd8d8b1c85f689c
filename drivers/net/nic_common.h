/*
 * What every PCI NIC driver here does the same way around its own rings:
 * registration with one interrupt vector, the probe line in the log, the
 * checks before a frame goes on a TX ring, the headers of a TCP
 * segmentation skb for hardware that cuts it, and handing up a received
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
 * and then extra (", mmio, ..." or ""), once the device is registered;
 * NAME and the PCI address are also what `ethtool -i` reports.
 */
void nic_probe_log(struct net_device *dev, const struct pci_dev *pdev,
		   const char *name, const char *extra);

/*
 * Before a frame goes on a TX ring: pad a runt to min_len (ETH_ZLEN for a
 * device that sends what it is given; less for one that pads itself) and
 * refuse one longer than max_len. True when skb may go on; false when it
 * was dropped, counted in tx_dropped and freed under its reason (consumed
 * either way then).
 */
bool nic_tx_prepare(struct sk_buff *skb, struct net_device *dev,
		    unsigned int min_len, unsigned int max_len);

/* What a NIC's offloads did (the names of Linux's ethtool -S counters). */
struct nic_offload_stats {
	u64 tx_tso;		/* skbs segmented by the device */
	u64 tx_csum;		/* skbs whose TCP/UDP checksum it inserted */
	u64 rx_csum_good;	/* frames marked CHECKSUM_UNNECESSARY */
	u64 rx_csum_err;	/* frames it found a bad checksum in */
};

/*
 * Where the headers of a TCP/IPv4 segmentation skb lie, in bytes from
 * skb->data: what a NIC that segments in hardware is told.
 */
struct nic_tso {
	unsigned int ip_off;		/* IPv4 header */
	unsigned int ip_len;		/* its length, options included */
	unsigned int ip_csum_off;	/* its checksum field */
	unsigned int tcp_off;		/* TCP header */
	unsigned int tcp_csum_off;	/* its checksum field */
	unsigned int hdr_len;		/* every header: repeated in each segment */
	unsigned int mss;		/* payload bytes per segment (gso_size) */
	unsigned int paylen;		/* TCP payload bytes in all */
};

/*
 * The one place a driver here touches IP and TCP headers: put a GSO skb
 * (SKB_GSO_TCPV4) in the form segmentation hardware of the Intel kind
 * expects [8254x SDM 3.5.4; Linux e1000_tso]: IPv4 total length and
 * header checksum zero (the device writes them per segment), the TCP
 * checksum field holding the pseudo-header sum without a length (the
 * device adds each segment's), and the offsets in *t. The headers are
 * pulled into the linear part and made private first. 0, -ENOMEM, or
 * -EINVAL when skb is not TCP over IPv4.
 */
int nic_tso_prepare(struct sk_buff *skb, struct nic_tso *t);

/*
 * A good frame of len bytes in a DMA buffer that goes straight back to the
 * device, copied into an skb of its own size (Linux's copybreak), for the
 * driver to mark and hand up. NULL when memory is short, counted in
 * rx_dropped (no skb exists yet to carry a drop reason). Softirq (NAPI
 * poll) context.
 */
struct sk_buff *nic_rx_copybreak(struct net_device *dev, const u8 *buf,
				 unsigned int len);

/* The same, handed up at once through napi's GRO (eth_napi_gro_receive). */
void nic_rx_copy(struct napi_struct *napi, const u8 *buf, unsigned int len);

#endif
