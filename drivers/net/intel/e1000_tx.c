/*
 * Transmit for the e1000 family [8254x SDM 3.3-3.5; 82574 DS 7.2]. Every
 * buffer of a frame (the linear part, then each page frag) goes out
 * through a TCP/IP data descriptor; a context descriptor goes first when
 * the device is to insert a TCP/UDP checksum (CHECKSUM_PARTIAL) or to cut
 * a TCP segmentation skb (SKB_GSO_TCPV4) into frames of gso_size bytes of
 * payload. The tail register is written once for a batch of the qdisc
 * (netdev_xmit_more), and status is asked for (RS) only on a frame's last
 * descriptor.
 */
#include <kernel/mm.h>
#include <kernel/softirq.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include <string.h>
#include "e1000_ring.h"
#include "../nic_selftest.h"

/* Bytes per data descriptor, as Linux's e1000 (E1000_MAX_DATA_PER_TXD):
 * a longer buffer takes several. */
#define E1000_MAX_PER_TXD	4096
/*
 * The shortest frame handed over: TCTL.PSP (set in configure) has the
 * device pad runts to 64 bytes on the wire [8254x SDM, TCTL], from 17
 * bytes up (Linux's e1000e_xmit_frame pads to 17 for it). Padding in software
 * would be summed as payload by a model that takes the L4 length from the
 * frame (QEMU's e1000e: a UDP or TCP checksum off by the pad's length).
 */
#define E1000_TX_MIN_LEN	17
/* The longest skb taken: a TCP segmentation skb of 64 KiB with its headers. */
#define E1000_TX_MAX_LEN	(65536 + 256)
/*
 * Descriptors the longest skb can take: a context, and its bytes cut at
 * 4 KiB over the linear part and MAX_SKB_FRAGS frags, each piece adding
 * at most one partial descriptor.
 */
#define E1000_TX_MAX_DESCS	(1 + E1000_TX_MAX_LEN / E1000_MAX_PER_TXD + MAX_SKB_FRAGS + 1)
/* [8254x SDM 3.3.6; 82583 DS 7.2.9.3] Offsets and HDRLEN are 8-bit fields;
 * MSS must be above 16 bytes. */
#define E1000_CTX_FIELD_MAX	255
#define E1000_TSO_MIN_MSS	17
/* The queue stops below room for one more such skb and restarts at twice it. */
#define E1000_TX_WAKE_THRESH	(2 * E1000_TX_MAX_DESCS)

BUILD_BUG_ON(E1000_NUM_TX_DESC <= E1000_TX_WAKE_THRESH);

/* How an skb goes on the ring: maybe a context, then its data descriptors. */
struct e1000_tx_plan {
	bool has_ctx;
	struct e1000_context_desc ctx;
	u32 dcmd;	/* added to every data descriptor's command (TSE) */
	u8 popts;	/* packet options: IXSM, TXSM */
};

static unsigned int e1000_tx_free(const struct e1000_adapter *a)
{
	/* One descriptor stays empty: TDT == TDH means an empty ring. */
	return (a->tx_clean + E1000_NUM_TX_DESC - a->tx_tail - 1) % E1000_NUM_TX_DESC;
}

void e1000_configure_tx(struct e1000_adapter *a)
{
	memset(a->tx_ring, 0, E1000_NUM_TX_DESC * sizeof(*a->tx_ring));
	a->tx_tail = a->tx_tdt = a->tx_clean = 0;
	ew32(a, E1000_TDBAL, (u32)a->tx_ring_dma);
	ew32(a, E1000_TDBAH, (u32)(a->tx_ring_dma >> 32));
	ew32(a, E1000_TDLEN, E1000_NUM_TX_DESC * sizeof(*a->tx_ring));
	ew32(a, E1000_TDH, 0);
	ew32(a, E1000_TDT, 0);
	ew32(a, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
	     E1000_TCTL_CT_DEFAULT << E1000_TCTL_CT_SHIFT |
	     (u32)a->mac->tctl_cold << E1000_TCTL_COLD_SHIFT);
}

static u8 e1000_tx_status(const struct e1000_adapter *a, const struct e1000_tx_buffer *b)
{
	return READ_ONCE(a->tx_ring[b->eop].data.status);
}

/*
 * Reclaim the frames the hardware is done with (DD on their last
 * descriptor, the one that asked for status) and free their skbs;
 * restart a stopped queue. Collisions are counted from the statistics
 * registers, not here.
 */
void e1000_clean_tx(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;

	while (a->tx_clean != a->tx_tail) {
		struct e1000_tx_buffer *b = &a->tx_buf[a->tx_clean];
		u8 status = e1000_tx_status(a, b);

		if (!(status & E1000_TXD_STAT_DD))
			break;
		if (status & (E1000_TXD_STAT_EC | E1000_TXD_STAT_LC))
			kfree_skb_reason(b->skb, SKB_DROP_REASON_TX_ABORTED);
		else
			consume_skb(b->skb);
		b->skb = NULL;
		a->tx_clean = (b->eop + 1) % E1000_NUM_TX_DESC;
	}
	/* Not while ndo_stop empties the ring: the queue stays stopped then. */
	if (a->up && netif_queue_stopped(dev) &&
	    e1000_tx_free(a) >= E1000_TX_WAKE_THRESH)
		netif_wake_queue(dev);
}

bool e1000_tx_pending(const struct e1000_adapter *a)
{
	return a->tx_clean != a->tx_tail &&
	       (e1000_tx_status(a, &a->tx_buf[a->tx_clean]) & E1000_TXD_STAT_DD);
}

void e1000_free_tx_skbs(struct e1000_adapter *a)
{
	e1000_clean_tx(a);
	while (a->tx_clean != a->tx_tail) {
		struct e1000_tx_buffer *b = &a->tx_buf[a->tx_clean];

		kfree_skb_reason(b->skb, SKB_DROP_REASON_DEV_READY);
		b->skb = NULL;
		a->netdev->stats.tx_dropped++;
		a->tx_clean = (b->eop + 1) % E1000_NUM_TX_DESC;
	}
	a->tx_clean = a->tx_tail = a->tx_tdt = 0;
}

/* Descriptors skb takes: a context if offloaded, and 4 KiB per data descriptor. */
static unsigned int e1000_tx_descs(const struct sk_buff *skb)
{
	unsigned int n = DIV_ROUND_UP(skb_headlen(skb), E1000_MAX_PER_TXD);

	for (unsigned int i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		n += DIV_ROUND_UP(skb_frag_size(&skb_shinfo(skb)->frags[i]),
				  E1000_MAX_PER_TXD);
	if (skb_is_gso(skb) || skb->ip_summed == CHECKSUM_PARTIAL)
		n++;
	return n;
}

/*
 * [8254x SDM 3.3.6; 82574 DS 7.2.9] Checksum insertion: the
 * device sums from TUCSS to the end of the frame and stores the result at
 * TUCSO, over the pseudo-header sum the stack left there. Both offsets
 * are 8-bit fields; TCP and UDP over IPv4 (NETIF_F_IP_CSUM) always fit.
 */
static int e1000_tx_csum(struct sk_buff *skb, struct e1000_tx_plan *p)
{
	int css = skb_checksum_start_offset(skb);
	int cso = css + skb->csum_offset;

	if (css < 0 || cso > E1000_CTX_FIELD_MAX || cso + 2 > (int)skb->len)
		return -EINVAL;
	p->has_ctx = true;
	p->ctx = (struct e1000_context_desc){
		.tucss = (u8)css,
		.tucso = (u8)cso,
		.cmd_and_length = E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_C,
	};
	p->popts = E1000_TXD_POPTS_TXSM;
	return 0;
}

/*
 * [8254x SDM 3.5; 82574 DS 7.2.9] TCP segmentation: the device repeats
 * the first hdr_len bytes before each mss bytes of payload, and per frame
 * writes the IPv4 total length, identification and header checksum, the
 * TCP sequence number, flags and checksum (IXSM, TXSM in the first data
 * descriptor, TSE in all). nic_tso_prepare puts the headers in the form
 * the device expects. Every frame must fit the device: MSS + HDRLEN
 * within the longest frame (and so within the 16 KiB transmit FIFO).
 */
static int e1000_tx_tso(struct e1000_adapter *a, struct sk_buff *skb,
			struct e1000_tx_plan *p)
{
	struct nic_tso t;
	int err = nic_tso_prepare(skb, &t);

	if (err)
		return err;
	if (t.hdr_len > E1000_CTX_FIELD_MAX || t.mss < E1000_TSO_MIN_MSS ||
	    t.hdr_len + t.mss > a->max_frame - ETH_FCS_LEN)
		return -EINVAL;
	p->has_ctx = true;
	p->ctx = (struct e1000_context_desc){
		.ipcss = (u8)t.ip_off,
		.ipcso = (u8)t.ip_csum_off,
		.ipcse = (u16)(t.ip_off + t.ip_len - 1),
		.tucss = (u8)t.tcp_off,
		.tucso = (u8)t.tcp_csum_off,
		.cmd_and_length = E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_C |
				  E1000_TXD_CMD_TSE | E1000_TXD_CMD_IP |
				  E1000_TXD_CMD_TCP | t.paylen,
		.hdr_len = (u8)t.hdr_len,
		.mss = (u16)t.mss,
	};
	p->dcmd = E1000_TXD_CMD_TSE;
	p->popts = E1000_TXD_POPTS_IXSM | E1000_TXD_POPTS_TXSM;
	return 0;
}

/*
 * Checks and offload set-up before skb goes on the ring: true when it may
 * go; false when it was dropped, counted in tx_dropped and freed under its
 * reason.
 */
static bool e1000_tx_prepare(struct e1000_adapter *a, struct sk_buff *skb,
			     struct e1000_tx_plan *p)
{
	struct net_device *dev = a->netdev;
	int err = 0;

	if (!nic_tx_prepare(skb, dev, E1000_TX_MIN_LEN, skb_is_gso(skb) ? E1000_TX_MAX_LEN :
			    a->max_frame - ETH_FCS_LEN))
		return false;
	if (skb_is_gso(skb))
		err = e1000_tx_tso(a, skb, p);
	else if (skb->ip_summed == CHECKSUM_PARTIAL)
		err = e1000_tx_csum(skb, p);
	if (!err)
		return true;
	dev->stats.tx_dropped++;
	kfree_skb_reason(skb, err == -ENOMEM ? SKB_DROP_REASON_NOMEM :
			 SKB_DROP_REASON_INVALID_PROTO);
	return false;
}

/*
 * [8254x SDM 3.3.7] Data descriptors for len bytes at bus address dma, up
 * to 4 KiB each. The device reads the packet options from the first
 * descriptor of a frame; they go in every one, as Linux's e1000 and
 * e1000e put them, because QEMU's 82574L takes them from the last.
 * Returns the index of the last one written (unchanged when len is 0).
 */
static unsigned int e1000_tx_map(struct e1000_adapter *a, dma_addr_t dma,
				 unsigned int len, const struct e1000_tx_plan *p,
				 unsigned int last)
{
	while (len) {
		unsigned int n = len < E1000_MAX_PER_TXD ? len : E1000_MAX_PER_TXD;
		struct e1000_data_desc *d = &a->tx_ring[a->tx_tail].data;

		d->addr = dma;
		d->lower = E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_D |
			   E1000_TXD_CMD_IFCS | p->dcmd | n;
		d->status = 0;
		d->popts = p->popts;
		d->special = 0;
		last = a->tx_tail;
		a->tx_tail = (a->tx_tail + 1) % E1000_NUM_TX_DESC;
		dma += n;
		len -= n;
	}
	return last;
}

/*
 * The context (if any), then the linear part and each frag, all
 * physically contiguous (kmalloc memory and page blocks); EOP and RS on
 * the last descriptor. The caller made sure there is room.
 */
static void e1000_tx_queue(struct e1000_adapter *a, struct sk_buff *skb,
			   const struct e1000_tx_plan *p)
{
	unsigned int first = a->tx_tail, last = first;
	struct e1000_data_desc *eop;

	if (p->has_ctx) {
		a->tx_ring[a->tx_tail].ctx = p->ctx;
		a->tx_tail = (a->tx_tail + 1) % E1000_NUM_TX_DESC;
		if (p->dcmd & E1000_TXD_CMD_TSE)
			a->offload.tx_tso++;
		else
			a->offload.tx_csum++;
	}
	last = e1000_tx_map(a, virt_to_phys(skb->data), skb_headlen(skb), p, last);
	for (unsigned int i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		last = e1000_tx_map(a, virt_to_phys(skb_frag_address(f)),
				    skb_frag_size(f), p, last);
	}
	eop = &a->tx_ring[last].data;
	eop->lower |= E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
	a->tx_buf[first] = (struct e1000_tx_buffer){ .skb = skb, .eop = last };
}

/*
 * Hand the hardware everything queued up to tx_tail [8254x SDM 3.4]: the
 * descriptors are in memory before TDT moves past them. Under QEMU the
 * write is where the device model sends, so it is worth one per batch.
 */
void e1000_tx_kick(struct e1000_adapter *a)
{
	if (a->tx_tdt == a->tx_tail)
		return;
	wmb();
	ew32(a, E1000_TDT, a->tx_tail);
	a->tx_tdt = a->tx_tail;
}

/*
 * ndo_start_xmit. Consumes skb and returns NETDEV_TX_OK (queued, or
 * dropped and counted), or returns NETDEV_TX_BUSY with skb still the
 * caller's when the ring lacks room. TDT is left for the last frame of the
 * qdisc's batch, or for the end of our receive poll when the stack answers
 * from inside it (tx_defer: the ACKs of a poll's worth of segments), and
 * written whenever the queue stops.
 */
netdev_tx_t e1000_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	struct e1000_tx_plan p = { 0 };
	unsigned int need = e1000_tx_descs(skb);

	if (need > E1000_TX_MAX_DESCS) {
		dev->stats.tx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
	} else if (need > e1000_tx_free(a)) {
		goto busy;
	} else if (e1000_tx_prepare(a, skb, &p)) {
		/* Pulling the headers may have moved a 4 KiB boundary. The
		 * preparation can be done again on a retry. */
		if (e1000_tx_descs(skb) > e1000_tx_free(a))
			goto busy;
		e1000_tx_queue(a, skb, &p);
	}
	if (e1000_tx_free(a) < E1000_TX_MAX_DESCS)
		netif_stop_queue(dev);
	if ((!netdev_xmit_more() && !a->tx_defer) || netif_queue_stopped(dev))
		e1000_tx_kick(a);
	return NETDEV_TX_OK;

busy:
	netif_stop_queue(dev);
	e1000_tx_kick(a);
	return NETDEV_TX_BUSY;
}

void e1000_offload_stats(const struct net_device *dev, struct nic_offload_stats *out)
{
	const struct e1000_adapter *a = netdev_priv(dev);

	local_bh_disable();
	*out = a->offload;
	local_bh_enable();
}

static bool e1000_tx_idle_arg(const void *dev)
{
	return e1000_tx_idle(dev);
}

/*
 * Four ARP requests handed to ndo_start_xmit as one batch of the qdisc
 * (netdev_xmit_more for the first three): TDT stays where it was until the
 * last, then moves past all four, and the device sends and returns them.
 * Bottom halves stay off, as in a qdisc run, so nothing else transmits.
 */
void e1000_selftest_tx_batch(struct selftest_ctx *st_ctx, struct net_device *dev)
{
	struct e1000_adapter *a;
	unsigned int tdt0, tdt[4];
	bool was_up, sent = true;

	if (!dev)
		ST_SKIP("no such NIC");
	a = netdev_priv(dev);
	was_up = dev->flags & IFF_UP;
	if (!was_up && dev_open(dev))
		ST_FAIL("cannot bring %s up", dev->name);
	local_bh_disable();
	tdt0 = er32(a, E1000_TDT);
	for (unsigned int i = 0; i < ARRAY_SIZE(tdt); i++) {
		struct sk_buff *skb = nic_selftest_arp_request(dev);

		netdev_xmit_more_flag = i + 1 < ARRAY_SIZE(tdt);
		if (!skb || netif_queue_stopped(dev) ||
		    e1000_xmit(skb, dev) != NETDEV_TX_OK)	/* consumes skb */
			sent = false;
		tdt[i] = er32(a, E1000_TDT);
	}
	netdev_xmit_more_flag = false;
	local_bh_enable();
	sent = sent && nic_selftest_wait(e1000_tx_idle_arg, dev, 500);
	if (!was_up)
		dev_close(dev);

	ST_ASSERT(sent);
	ST_EQ(tdt[0], tdt0);
	ST_EQ(tdt[1], tdt0);
	ST_EQ(tdt[2], tdt0);
	ST_EQ(tdt[3], (tdt0 + ARRAY_SIZE(tdt)) % E1000_NUM_TX_DESC);
}
