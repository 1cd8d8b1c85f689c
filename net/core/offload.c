/*
 * Device offloads (Linux's net/core/dev.c and net/ethtool/features.c,
 * the parts about features): which offloads a device uses and how they
 * depend on each other, and the last step before a driver gets a
 * packet, validate_xmit_skb, which finishes in software whatever the
 * device cannot: segmentation, checksums, gathering page frags. The
 * protocols' offload callbacks (GSO's cut, GRO's merge) are registered
 * here by EtherType.
 */
#include <kernel/printk.h>
#include <kernel/softirq.h>
#include <net/gso.h>
#include <net/ip.h>
#include <net/netdevice.h>
#include <net/checksum.h>
#include <errno.h>
#include <string.h>

bool netdev_offload_off;
static LIST_HEAD(offload_base);	/* struct packet_offload, by EtherType */

/*
 * The dependencies Linux's netdev_fix_features keeps: gathering frags
 * (SG) is only useful when the device also sums them, so SG needs a
 * checksum; TSO gathers the payload, so it needs SG.
 */
static u32 netdev_fix_features(u32 features)
{
	if (!(features & NETIF_F_CSUM_MASK))
		features &= ~NETIF_F_SG;
	if (!(features & NETIF_F_SG))
		features &= ~NETIF_F_TSO;
	return features;
}

void netdev_update_features(struct net_device *dev)
{
	u32 features = netdev_fix_features((dev->features & ~dev->hw_features) |
					   (dev->wanted_features & dev->hw_features));
	int err;

	if (features == dev->features)
		return;
	/* As Linux's __netdev_update_features: the device first, then the stack. */
	if (dev->netdev_ops && dev->netdev_ops->ndo_set_features) {
		err = dev->netdev_ops->ndo_set_features(dev, features);
		if (err) {
			printk("%s: set_features failed (%d): features %#x kept, %#x wanted\n",
			       dev->name, err, dev->features, features);
			return;
		}
	}
	local_bh_disable();
	dev->features = features;
	local_bh_enable();
}

/* Linux's can_checksum_protocol: HW_CSUM sums anything, IP_CSUM only TCP and UDP over IPv4. */
static bool can_checksum_protocol(u32 features, const struct sk_buff *skb)
{
	const struct iphdr *iph;

	if (features & NETIF_F_HW_CSUM)
		return true;
	if (!(features & NETIF_F_IP_CSUM) || skb->protocol != htons(ETH_P_IP) ||
	    skb->network_header == SKB_HDR_UNSET)
		return false;
	iph = ip_hdr(skb);
	return iph->protocol == IPPROTO_TCP || iph->protocol == IPPROTO_UDP;
}

/*
 * Store the checksum a CHECKSUM_PARTIAL skb asks for: the sum from
 * csum_start to the end (the field holds the pseudo header's sum) folded
 * into the field, which must lie in the linear part. A computed 0 is
 * sent as 0xffff, its other form (RFC 768: a UDP 0 means "none").
 */
int skb_checksum_help(struct sk_buff *skb)
{
	int start = skb_checksum_start_offset(skb);
	unsigned int field;
	__sum16 sum;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	if (skb_is_gso(skb) || start < 0 || (unsigned int)start >= skb->len)
		return -EINVAL;
	field = (unsigned int)start + skb->csum_offset;
	if (field + sizeof(__sum16) > skb_headlen(skb))
		return -EINVAL;
	/* The headers are ours to write unless another skb shares them. */
	if (skb_header_cloned(skb) && pskb_expand_head(skb, 0, 0))
		return -ENOMEM;
	sum = csum_fold(skb_checksum(skb, (unsigned int)start,
				     skb->len - (unsigned int)start, 0));
	if (!sum)
		sum = (__sum16)0xffff;
	memcpy(skb->data + field, &sum, sizeof(sum));
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/* The features that apply to this skb on dev (Linux's netif_skb_features). */
static u32 netif_skb_features(const struct sk_buff *skb, const struct net_device *dev)
{
	u32 features = dev->features;

	if (skb_is_gso(skb) && skb_shinfo(skb)->gso_segs > dev->gso_max_segs)
		features &= ~NETIF_F_TSO;
	return features;
}

/* The device takes the GSO skb whole: TSO for its type, what TSO depends on, no chain. */
static bool skb_gso_ok(const struct sk_buff *skb, u32 features)
{
	return (features & NETIF_F_TSO) && !skb_has_frag_list(skb) &&
	       !(skb_shinfo(skb)->gso_type & ~SKB_GSO_TCPV4) &&
	       can_checksum_protocol(features, skb);
}

/*
 * Linux's skb_needs_linearize: no driver walks a frag_list (Skiff has no
 * NETIF_F_FRAGLIST), and page frags need SG.
 */
static bool skb_needs_linearize(const struct sk_buff *skb, u32 features)
{
	return skb_has_frag_list(skb) ||
	       (skb_shinfo(skb)->nr_frags && !(features & NETIF_F_SG));
}

/* One non-GSO skb: gather its frags, finish its checksum. 0 or -errno (skb kept). */
static int validate_xmit_one(struct sk_buff *skb, u32 features)
{
	if (skb_needs_linearize(skb, features) && skb_linearize(skb))
		return -ENOMEM;
	if (skb->ip_summed == CHECKSUM_PARTIAL && !can_checksum_protocol(features, skb))
		return skb_checksum_help(skb);
	return 0;
}

static enum skb_drop_reason validate_drop_reason(int err)
{
	return err == -ENOMEM ? SKB_DROP_REASON_NOMEM : SKB_DROP_REASON_INVALID_PROTO;
}

/* Validate each of a list of segments; drop (and unlink) any that fail. */
static struct sk_buff *validate_xmit_list(struct sk_buff *segs, u32 features,
					  struct net_device *dev)
{
	struct sk_buff *head = NULL, **tail = &head, *next;
	int err;

	for (; segs; segs = next) {
		next = segs->next;
		segs->next = NULL;
		err = validate_xmit_one(segs, features);
		if (err) {
			dev->stats.tx_dropped++;
			kfree_skb_reason(segs, validate_drop_reason(err));
			continue;
		}
		*tail = segs;
		tail = &segs->next;
	}
	return head;
}

struct sk_buff *validate_xmit_skb(struct sk_buff *skb, struct net_device *dev)
{
	u32 features = netif_skb_features(skb, dev);
	struct sk_buff *segs;
	int err;

	if (skb_is_gso(skb) && !skb_gso_ok(skb, features)) {
		err = skb_gso_segment(skb, features, &segs);
		if (err) {
			dev->stats.tx_dropped++;
			kfree_skb_reason(skb, validate_drop_reason(err));
			return NULL;
		}
		consume_skb(skb);
		return validate_xmit_list(segs, features, dev);
	}
	if (skb_is_gso(skb))
		return skb;	/* the device cuts it and sums each piece */
	err = validate_xmit_one(skb, features);
	if (err) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, validate_drop_reason(err));
		return NULL;
	}
	return skb;
}

void dev_add_offload(struct packet_offload *po)
{
	list_add_tail(&po->list, &offload_base);
}

struct packet_offload *gro_find_receive_by_type(__be16 type)
{
	struct packet_offload *po;

	list_for_each_entry(po, &offload_base, list)
		if (po->type == type && po->gro_receive)
			return po;
	return NULL;
}

struct packet_offload *gro_find_complete_by_type(__be16 type)
{
	struct packet_offload *po;

	list_for_each_entry(po, &offload_base, list)
		if (po->type == type && po->gro_complete)
			return po;
	return NULL;
}

int skb_gso_segment(struct sk_buff *skb, u32 features, struct sk_buff **segs)
{
	struct packet_offload *po;

	if (!skb_is_gso(skb))
		return -EINVAL;
	list_for_each_entry(po, &offload_base, list)
		if (po->type == skb->protocol)
			return po->gso_segment(skb, features, segs);
	return -EPROTONOSUPPORT;
}
