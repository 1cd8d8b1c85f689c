/*
 * Receive for the e1000 family [8254x SDM 3.2, 14.4; 82574 DS 7.1]: legacy
 * descriptors over 2 KiB buffers, two to a page. A frame of up to
 * e1000.copybreak bytes in one buffer is copied into an skb of its size
 * and its buffer stays on the ring (Linux's copybreak); a longer one goes
 * up as page frags, one per buffer (a jumbo frame spans several), its
 * headers pulled into the linear part, and each buffer it took is replaced
 * by a fresh half page. When the device vouches for the IPv4 and TCP/UDP
 * checksums the skb is marked CHECKSUM_UNNECESSARY.
 */
#include <kernel/kstrtox.h>
#include <kernel/cmdline.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <net/netdevice.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include "e1000_ring.h"
#include "../nic_common.h"

/*
 * Frames up to this many bytes in one buffer are copied. By default every
 * frame that fits a buffer: a 1514-byte frame left in its half page costs
 * about 1.9 times its payload in truesize (the 2 KiB buffer, the skb and
 * its shared info), a copy about 1.45 times, and Skiff's TCP advertises
 * half its receive buffer as window (tcp_win_from_space), so with pages
 * the buffer fills before the window closes and segments are dropped
 * (TcpExt TCPRcvQDrop, hundreds a second in iperf3 to Skiff; see
 * docs/bench.md). Linux e1000e's default is 256, for a TCP that scales
 * its window by the truesize it sees; e1000.copybreak=256 gives that.
 */
static unsigned int e1000_copybreak = E1000_RX_BUF_SIZE;

static int e1000_copybreak_param(const char *key, const char *value)
{
	unsigned long v = 0;

	if (!value || kstrtoul(value, 10, &v) || v > E1000_RX_BUF_SIZE) {
		printk("e1000: copybreak '%s' is not 0..%u\n", value ? value : "",
		       E1000_RX_BUF_SIZE);
		return -EINVAL;
	}
	e1000_copybreak = (unsigned int)v;
	return 0;
}
CMDLINE_PARAM(e1000_copybreak, "e1000.copybreak", e1000_copybreak_param,
	      "e1000.copybreak=N: e1000/e1000e copy received frames up to N bytes, 0..2048 (default 2048)");
/* Pulled into the linear part of a paged frame: Ethernet, IPv4 and TCP
 * headers with options, so that the parsers find them there. */
#define E1000_RX_HDR_LEN	128

BUILD_BUG_ON(2 * E1000_RX_BUF_SIZE != PAGE_SIZE);

static void *e1000_rx_buf_va(const struct e1000_rx_buffer *b)
{
	return (u8 *)page_address(b->page) + b->offset;
}

static dma_addr_t e1000_rx_buf_dma(const struct e1000_rx_buffer *b)
{
	return virt_to_phys(e1000_rx_buf_va(b));
}

/*
 * A buffer: the spare half of the last page when there is one, else the
 * first half of a new page, whose second half (with a reference of its
 * own) becomes the spare. False when no page is free.
 */
static bool e1000_alloc_rx_buf(struct e1000_adapter *a, struct e1000_rx_buffer *b)
{
	struct page *page;

	if (a->rx_spare.page) {
		*b = a->rx_spare;
		a->rx_spare.page = NULL;
		return true;
	}
	page = dev_alloc_page();
	if (!page)
		return false;
	get_page(page);
	a->rx_spare = (struct e1000_rx_buffer){ .page = page, .offset = E1000_RX_BUF_SIZE };
	*b = (struct e1000_rx_buffer){ .page = page, .offset = 0 };
	return true;
}

void e1000_free_rx_buffers(struct e1000_adapter *a)
{
	for (int i = 0; i < E1000_NUM_RX_DESC; i++) {
		if (a->rx_buf[i].page)
			put_page(a->rx_buf[i].page);
		a->rx_buf[i].page = NULL;
	}
	if (a->rx_spare.page)
		put_page(a->rx_spare.page);
	a->rx_spare.page = NULL;
	if (a->rx_skb)
		kfree_skb_reason(a->rx_skb, SKB_DROP_REASON_DEV_READY);
	a->rx_skb = NULL;
}

int e1000_alloc_rx_buffers(struct e1000_adapter *a)
{
	for (int i = 0; i < E1000_NUM_RX_DESC; i++) {
		if (!e1000_alloc_rx_buf(a, &a->rx_buf[i])) {
			e1000_free_rx_buffers(a);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * [8254x SDM 13.4.22] Receiver on: unicast to us and broadcast, CRC
 * stripped, 2 KiB buffers, and long packets (LPE, frames past 1522 bytes
 * over several buffers) when the MTU asks for them. QEMU's e1000 holds
 * received frames back for a second after any RCTL write, so an unchanged
 * value is not written again.
 */
void e1000_set_rctl(struct e1000_adapter *a)
{
	u32 rctl = E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 |
		   E1000_RCTL_SECRC | E1000_RCTL_RDMTS_HALF;

	if (a->netdev->mtu > ETH_DATA_LEN)
		rctl |= E1000_RCTL_LPE;
	if (er32(a, E1000_RCTL) != rctl)
		ew32(a, E1000_RCTL, rctl);
}

/*
 * [8254x SDM 14.4; 82574 DS 7.1] Receive initialization over the buffers
 * e1000_alloc_rx_buffers gave every descriptor: RDT = last index gives the
 * hardware all but one (RDT == RDH would read as "no buffers" [3.2.6]).
 * No RX delay timer: ITR paces the interrupts. Checksum offload as the
 * features ask, set while the receiver is still off.
 */
void e1000_configure_rx(struct e1000_adapter *a)
{
	for (int i = 0; i < E1000_NUM_RX_DESC; i++)
		a->rx_ring[i] = (struct e1000_rx_desc){
			.addr = e1000_rx_buf_dma(&a->rx_buf[i]),
		};
	a->rx_next = 0;
	a->rx_discard = false;
	ew32(a, E1000_RDTR, 0);
	ew32(a, E1000_RDBAL, (u32)a->rx_ring_dma);
	ew32(a, E1000_RDBAH, (u32)(a->rx_ring_dma >> 32));
	ew32(a, E1000_RDLEN, E1000_NUM_RX_DESC * sizeof(*a->rx_ring));
	ew32(a, E1000_RDH, 0);
	ew32(a, E1000_RXCSUM, a->netdev->features & NETIF_F_RXCSUM ?
	     E1000_RXCSUM_IPOFL | E1000_RXCSUM_TUOFL : 0);
	wmb();	/* descriptors in memory before the hardware may fetch them */
	ew32(a, E1000_RDT, E1000_NUM_RX_DESC - 1);
	e1000_set_rctl(a);
}

/*
 * [8254x SDM 3.2.9; 82574 DS 7.1] The device's verdict on the checksums:
 * none on the 8254x when it says to ignore them (IXSM), none when it did
 * not check both the IPv4 header (IPCS) and TCP or UDP (TCPCS). A bad one
 * is left for the stack to find, count and drop, as Linux's e1000 does.
 */
static void e1000_rx_csum(struct e1000_adapter *a, const struct e1000_rx_desc *d,
			  struct sk_buff *skb)
{
	u8 st = d->status;

	if (!(a->netdev->features & NETIF_F_RXCSUM) || (st & E1000_RXD_STAT_IXSM) ||
	    !(st & E1000_RXD_STAT_IPCS) || !(st & E1000_RXD_STAT_TCPCS))
		return;
	if (d->errors & (E1000_RXD_ERR_IPE | E1000_RXD_ERR_TCPE)) {
		a->offload.rx_csum_err++;
		return;
	}
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	a->offload.rx_csum_good++;
}

/*
 * [8254x SDM 3.2.3.2] A frame the MAC found damaged, counted by cause.
 * With RCTL.SBP clear the MAC drops these itself; checked all the same.
 */
static bool e1000_rx_frame_bad(struct e1000_adapter *a, const struct e1000_rx_desc *d)
{
	struct net_device_stats *st = &a->netdev->stats;

	if (!(d->errors & E1000_RXD_ERR_FRAME))
		return false;
	if (d->errors & E1000_RXD_ERR_CE)
		st->rx_crc_errors++;
	else
		st->rx_frame_errors++;
	st->rx_errors++;
	return true;
}

/* Give up on the frame being received: what was gathered is freed under
 * reason, the rest of its buffers skipped. */
static void e1000_rx_abandon(struct e1000_adapter *a, bool eop,
			     enum skb_drop_reason reason)
{
	if (a->rx_skb)
		kfree_skb_reason(a->rx_skb, reason);
	a->rx_skb = NULL;
	a->rx_discard = !eop;
}

/* A short frame in one buffer: copied out, the buffer stays on the ring. */
static void e1000_rx_copy(struct e1000_adapter *a, const struct e1000_rx_desc *d,
			  const struct e1000_rx_buffer *b)
{
	struct sk_buff *skb;

	if (e1000_rx_frame_bad(a, d))
		return;
	skb = nic_rx_copybreak(a->netdev, e1000_rx_buf_va(b), d->length);
	if (!skb)
		return;
	e1000_rx_csum(a, d, skb);
	eth_napi_gro_receive(&a->napi, skb);	/* consumes skb */
}

/* The last buffer of a paged frame is in: judge it and hand it up. */
static void e1000_rx_frame_done(struct e1000_adapter *a, const struct e1000_rx_desc *d)
{
	struct sk_buff *skb = a->rx_skb;
	unsigned int pull = skb->len < E1000_RX_HDR_LEN ? skb->len : E1000_RX_HDR_LEN;

	a->rx_skb = NULL;
	if (e1000_rx_frame_bad(a, d)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_RX_FRAME_ERR);
		return;
	}
	if (!__pskb_pull_tail(skb, pull)) {
		a->netdev->stats.rx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return;
	}
	e1000_rx_csum(a, d, skb);
	eth_napi_gro_receive(&a->napi, skb);	/* consumes skb */
}

/*
 * One completed descriptor and its buffer b. Errors and the checksum
 * verdict are valid only with EOP [8254x SDM 3.2.3]. A frame the driver
 * cannot take (no memory for its skb or a new buffer, more buffers than
 * an skb has frags) is dropped whole and its buffers stay on the ring.
 */
static void e1000_rx_desc(struct e1000_adapter *a, struct e1000_rx_desc *d,
			  struct e1000_rx_buffer *b)
{
	struct net_device_stats *st = &a->netdev->stats;
	bool eop = d->status & E1000_RXD_STAT_EOP;
	struct e1000_rx_buffer fresh;
	struct sk_buff *skb;

	if (a->rx_discard) {
		a->rx_discard = !eop;
		return;
	}
	if (d->length > E1000_RX_BUF_SIZE ||
	    (a->rx_skb && skb_shinfo(a->rx_skb)->nr_frags == MAX_SKB_FRAGS)) {
		st->rx_length_errors++;
		st->rx_errors++;
		e1000_rx_abandon(a, eop, SKB_DROP_REASON_PKT_TOO_BIG);
		return;
	}
	if (!a->rx_skb && eop && d->length <= e1000_copybreak) {
		e1000_rx_copy(a, d, b);
		return;
	}
	if (!a->rx_skb)
		a->rx_skb = netdev_alloc_skb(a->netdev, E1000_RX_HDR_LEN);
	if (!a->rx_skb || !e1000_alloc_rx_buf(a, &fresh)) {
		st->rx_dropped++;
		e1000_rx_abandon(a, eop, SKB_DROP_REASON_NOMEM);
		return;
	}
	skb = a->rx_skb;
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, b->page, (int)b->offset,
			d->length, E1000_RX_BUF_SIZE);
	*b = fresh;
	d->addr = e1000_rx_buf_dma(b);
	if (eop)
		e1000_rx_frame_done(a, d);
}

/* [8254x SDM 3.2.6] Up to budget descriptors, then RDT one behind the next. */
int e1000_clean_rx(struct e1000_adapter *a, int budget)
{
	int work = 0;

	while (work < budget) {
		unsigned int i = a->rx_next;
		struct e1000_rx_desc *d = &a->rx_ring[i];

		if (!(READ_ONCE(d->status) & E1000_RXD_STAT_DD))
			break;
		dma_rmb();	/* the rest of the write-back after DD */
		e1000_rx_desc(a, d, &a->rx_buf[i]);
		d->status = 0;
		a->rx_next = (i + 1) % E1000_NUM_RX_DESC;
		work++;
	}
	if (work) {
		wmb();	/* new buffers and cleared status before the hardware owns them */
		ew32(a, E1000_RDT, (a->rx_next + E1000_NUM_RX_DESC - 1) %
		     E1000_NUM_RX_DESC);
	}
	return work;
}

bool e1000_rx_pending(const struct e1000_adapter *a)
{
	return READ_ONCE(a->rx_ring[a->rx_next].status) & E1000_RXD_STAT_DD;
}
