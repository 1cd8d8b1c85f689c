/* Registration, probe line, TX checks, TSO headers and copy-out receive shared by the NIC drivers. */
#include <kernel/printk.h>
#include <net/ethtool.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <net/checksum.h>
#include <net/proto/ip.h>
#include <net/proto/tcp.h>
#include <errno.h>
#include <stddef.h>
#include "nic_common.h"
#include <stdio.h>

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

/*
 * What `ethtool -i` shows of each NIC probed here: the name its driver
 * logged and its PCI address (Linux takes both from the device model).
 */
#define NIC_MAX	8

static struct nic_info {
	const struct net_device *dev;
	const char *name;
	u8 bus, slot, func;
} nics[NIC_MAX];

static void nic_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	for (unsigned int i = 0; i < NIC_MAX; i++) {
		if (nics[i].dev != dev)
			continue;
		snprintf(info->driver, sizeof(info->driver), "%s", nics[i].name);
		snprintf(info->bus_info, sizeof(info->bus_info), "0000:%02x:%02x.%x",
			 nics[i].bus, nics[i].slot, nics[i].func);
		return;
	}
}

static const struct ethtool_ops nic_ethtool_ops = {
	.get_drvinfo = nic_get_drvinfo,
};

static void nic_remember(struct net_device *dev, const struct pci_dev *pdev,
			 const char *name)
{
	for (unsigned int i = 0; i < NIC_MAX; i++) {
		if (nics[i].dev && nics[i].dev != dev)
			continue;
		nics[i] = (struct nic_info){ dev, name, pdev->bus, pdev->slot, pdev->func };
		dev->ethtool_ops = &nic_ethtool_ops;
		return;
	}
}

void nic_probe_log(struct net_device *dev, const struct pci_dev *pdev,
		   const char *name, const char *extra)
{
	const u8 *m = dev->dev_addr;
	char irqdesc[32];

	nic_remember(dev, pdev, name);

	pci_format_irq(pdev, irqdesc, sizeof(irqdesc));
	printk("%s: %s (%04x:%04x) at %02x:%02x.%x, MAC %02x:%02x:%02x:%02x:%02x:%02x, %s%s\n",
	       dev->name, name, pdev->vendor, pdev->device, pdev->bus, pdev->slot,
	       pdev->func, m[0], m[1], m[2], m[3], m[4], m[5], irqdesc, extra);
}

bool nic_tx_prepare(struct sk_buff *skb, struct net_device *dev,
		    unsigned int min_len, unsigned int max_len)
{
	if (skb_put_padto(skb, min_len)) {	/* freed skb (NOMEM) on failure */
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

/* The IPv4 and TCP headers of a GSO skb, checked and pulled into the linear part. */
static int nic_tso_headers(struct sk_buff *skb, struct nic_tso *t)
{
	const struct iphdr *iph;
	const struct tcphdr *th;
	int ip_off = skb_network_offset(skb), tcp_off = skb_transport_offset(skb);

	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4) ||
	    skb->protocol != htons(ETH_P_IP) || ip_off < 0 ||
	    tcp_off < ip_off + IP_HLEN_MIN ||
	    !pskb_may_pull(skb, (unsigned int)tcp_off + TCP_HLEN_MIN))
		return -EINVAL;
	iph = (const struct iphdr *)skb_network_header(skb);
	th = (const struct tcphdr *)skb_transport_header(skb);
	t->hdr_len = (unsigned int)tcp_off + tcp_doff(th) * 4;
	if (ip_version(iph) != IPVERSION || iph->protocol != IPPROTO_TCP ||
	    ip_hdrlen_of(iph) != (unsigned int)(tcp_off - ip_off) ||
	    tcp_doff(th) * 4 < TCP_HLEN_MIN || t->hdr_len >= skb->len ||
	    !pskb_may_pull(skb, t->hdr_len))
		return -EINVAL;
	t->ip_off = (unsigned int)ip_off;
	t->ip_len = ip_hdrlen_of(iph);
	t->ip_csum_off = t->ip_off + offsetof(struct iphdr, check);
	t->tcp_off = (unsigned int)tcp_off;
	t->tcp_csum_off = t->tcp_off + offsetof(struct tcphdr, check);
	t->mss = skb_shinfo(skb)->gso_size;
	t->paylen = skb->len - t->hdr_len;
	return 0;
}

int nic_tso_prepare(struct sk_buff *skb, struct nic_tso *t)
{
	struct iphdr *iph;
	struct tcphdr *th;
	int err = nic_tso_headers(skb, t);

	if (err)
		return err;
	if (skb_cow_head(skb, 0))
		return -ENOMEM;
	iph = (struct iphdr *)skb_network_header(skb);
	th = (struct tcphdr *)skb_transport_header(skb);
	iph->tot_len = 0;
	iph->check = 0;
	th->check = (__sum16)~csum_tcpudp_magic(iph->saddr, iph->daddr, 0,
						IPPROTO_TCP, 0);
	return 0;
}

struct sk_buff *nic_rx_copybreak(struct net_device *dev, const u8 *buf,
				 unsigned int len)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, len);

	if (!skb) {
		dev->stats.rx_dropped++;
		return NULL;
	}
	skb_put_data(skb, buf, len);
	return skb;
}

/*
 * Copying, rather than handing the DMA buffer up, keeps each receive ring
 * one fixed block that never needs refilling, so it cannot starve when
 * memory is short (the frame is dropped and counted instead); a 60-byte
 * ARP costs a small allocation rather than pinning a 4 KiB block for the
 * life of the packet; and copying at most 1522 bytes is cheap next to the
 * rest of the path.
 */
void nic_rx_copy(struct napi_struct *napi, const u8 *buf, unsigned int len)
{
	struct sk_buff *skb = nic_rx_copybreak(napi->dev, buf, len);

	if (skb)
		eth_napi_gro_receive(napi, skb);	/* consumes skb */
}
