/*
 * virtio-net receive ([virtio 1.1 5.1.6.3-4]). Two buffer strategies:
 *
 *   - with MRG_RXBUF, a page per buffer; a frame takes num_buffers of them
 *     (the header, in the first, says how many), so one buffer size serves
 *     standard frames and 64 KiB GSO frames (17 pages at most). A frame
 *     in one buffer of up to VIRTNET_RX_COPYBREAK bytes is copied and its
 *     page goes straight back; a longer one goes up as page frags behind a linear
 *     part holding its first VIRTNET_RX_HDR_COPY bytes (the headers), and
 *     each page it took is replaced by a fresh one;
 *   - without it, one block of 2 KiB buffers that frames are copied out
 *     of (as the other NICs do with nic_rx_copy), for a 1500-byte MTU.
 *
 * The ring never starves: a buffer taken is always replaced at once, by a
 * fresh page or, when none is free, by itself (the frame is then dropped
 * and counted in rx_dropped). Either way the header's checksum and GSO
 * marks are applied (virtio_net_hdr_to_skb) before the frame goes up.
 */
#include <kernel/mm.h>
#include <kernel/page.h>
#include <kernel/printk.h>
#include <net/etherdevice.h>
#include <net/skbuff.h>
#include <errno.h>
#include <string.h>
#include "virtio_net.h"

/* Where every received frame goes up: through GRO (a GSO frame passes it whole). Consumes skb. */
static void virtnet_receive_skb(struct virtnet_info *vi, struct sk_buff *skb)
{
	eth_napi_gro_receive(&vi->napi, skb);
}

/* A frame the device described wrongly: counted by cause in the device stats. */
static void virtnet_rx_error(struct virtnet_info *vi, u64 *counter)
{
	(*counter)++;
	vi->dev->stats.rx_errors++;
}

/*
 * [5.1.6.4] DATA_VALID: the device checked the checksum (believed while
 * NETIF_F_RXCSUM is on). NEEDS_CSUM: the frame never crossed a wire (the
 * host's own stack sent it) and its checksum field holds only the pseudo
 * header's sum; as Linux, it goes up CHECKSUM_PARTIAL, which the stack
 * takes as verified and finishes if the frame is forwarded. Anything else
 * is verified in software. GSO frames (GUEST_TSO4) keep their segment
 * size; gso_segs is left to whoever cuts them, as with Linux's
 * SKB_GSO_DODGY.
 */
int virtio_net_hdr_to_skb(struct virtnet_info *vi, const struct virtio_net_hdr *hdr,
			  struct sk_buff *skb)
{
	struct virtio_device *vdev = vi->vdev;

	/* Only what was negotiated; nothing is applied to a frame refused. */
	if (hdr->gso_type != VIRTIO_NET_HDR_GSO_NONE &&
	    (hdr->gso_type != VIRTIO_NET_HDR_GSO_TCPV4 || !hdr->gso_size ||
	     !virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_TSO4)))
		return -EINVAL;
	if (hdr->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		u32 field = (u32)hdr->csum_start + hdr->csum_offset + sizeof(__sum16);

		if (!virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_CSUM) || field > skb->len)
			return -EINVAL;
		/* Whoever finishes it writes the field: it must be in the linear part. */
		if (!pskb_may_pull(skb, field))
			return -ENOMEM;
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = (u16)(skb_headroom(skb) + hdr->csum_start);
		skb->csum_offset = hdr->csum_offset;
		vi->stats.rx_csum_partial++;
	} else if ((hdr->flags & VIRTIO_NET_HDR_F_DATA_VALID) &&
		   (vi->dev->features & NETIF_F_RXCSUM)) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		vi->stats.rx_csum_valid++;
	} else {
		vi->stats.rx_csum_none++;
	}
	if (hdr->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		skb_shinfo(skb)->gso_size = hdr->gso_size;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
		skb_shinfo(skb)->gso_segs = 0;
		vi->stats.rx_gso++;
	}
	return 0;
}

/* Marks from the header, then up; a header that makes no sense drops the frame. */
static void virtnet_rx_finish(struct virtnet_info *vi, const struct virtio_net_hdr *hdr,
			      struct sk_buff *skb)
{
	int err = virtio_net_hdr_to_skb(vi, hdr, skb);

	if (err == -ENOMEM) {
		vi->dev->stats.rx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
	} else if (err) {
		vi->stats.rx_bad_hdr++;
		virtnet_rx_error(vi, &vi->dev->stats.rx_frame_errors);
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_HDR);
	} else {
		virtnet_receive_skb(vi, skb);
	}
}

/* ---- Copy buffers (no MRG_RXBUF) ---- */

static void virtnet_post_copybuf(struct virtnet_info *vi, u8 *buf)
{
	/* Cannot fail: the buffer's descriptor was just freed, or the ring is new. */
	virtqueue_add_buf(&vi->rvq, vi->rx_bufs_dma + (dma_addr_t)(buf - vi->rx_bufs),
			  vi->rx_buf_len, true, buf);
}

/* One used copy buffer of len bytes (header included); it goes straight back. */
static void virtnet_rx_copybuf(struct virtnet_info *vi, u8 *buf, u32 len)
{
	struct virtio_net_hdr hdr = { 0 };
	struct sk_buff *skb;

	if (len < vi->hdr_len + ETH_HLEN || len > vi->rx_buf_len) {
		virtnet_rx_error(vi, &vi->dev->stats.rx_length_errors);
	} else if (!(skb = netdev_alloc_skb(vi->dev, len - vi->hdr_len))) {
		vi->dev->stats.rx_dropped++;
	} else {
		memcpy(&hdr, buf, vi->hdr_len);
		skb_put_data(skb, buf + vi->hdr_len, len - vi->hdr_len);
		vi->stats.rx_copied++;
		virtnet_rx_finish(vi, &hdr, skb);
	}
	virtnet_post_copybuf(vi, buf);
}

/* ---- Page buffers (MRG_RXBUF) ---- */

static void virtnet_post_page(struct virtnet_info *vi, struct page *page)
{
	/* Cannot fail: a buffer was just taken, or the ring is being filled. */
	virtqueue_add_buf(&vi->rvq, virt_to_phys(page_address(page)), VIRTNET_RX_PAGE,
			  true, page);
}

/*
 * The part of a frame in one page buffer (size bytes at off) goes into
 * skb as a frag and a fresh page takes its place on the ring. When none
 * is free, or the frame is already being dropped (skb NULL), the page
 * itself goes back. Returns skb, or NULL once the frame is dropped.
 */
static struct sk_buff *virtnet_rx_page(struct virtnet_info *vi, struct sk_buff *skb,
				       struct page *page, u32 off, u32 size)
{
	struct page *fresh;

	if (!skb || !size) {
		virtnet_post_page(vi, page);
		return skb;
	}
	if (skb_shinfo(skb)->nr_frags == MAX_SKB_FRAGS) {
		/* Past the largest GSO frame: the device lied about its size. */
		virtnet_rx_error(vi, &vi->dev->stats.rx_length_errors);
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_HDR);
		virtnet_post_page(vi, page);
		return NULL;
	}
	fresh = dev_alloc_page();
	if (!fresh) {
		vi->dev->stats.rx_dropped++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		virtnet_post_page(vi, page);
		return NULL;
	}
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, (int)off, (int)size,
			VIRTNET_RX_PAGE);
	virtnet_post_page(vi, fresh);
	return skb;
}

/*
 * The rest of a frame: num - 1 more buffers, which the device made
 * visible with the first [5.1.6.4: num_buffers]. Each is taken (and
 * replaced) even when the frame is being dropped, so that the next
 * buffer is the next frame's first. Returns skb, or NULL if dropped.
 */
static struct sk_buff *virtnet_rx_more(struct virtnet_info *vi, struct sk_buff *skb,
				       u16 num)
{
	struct page *page;
	u32 len;

	for (u16 i = 1; i < num; i++) {
		page = virtqueue_get_buf(&vi->rvq, &len);
		if (!page) {
			/* Fewer buffers than the header said: nothing left to take. */
			virtnet_rx_error(vi, &vi->dev->stats.rx_length_errors);
			if (skb)
				kfree_skb_reason(skb, SKB_DROP_REASON_DEV_HDR);
			return NULL;
		}
		if (skb && (!len || len > VIRTNET_RX_PAGE)) {
			virtnet_rx_error(vi, &vi->dev->stats.rx_length_errors);
			kfree_skb_reason(skb, SKB_DROP_REASON_DEV_HDR);
			skb = NULL;
		}
		skb = virtnet_rx_page(vi, skb, page, 0, len);
	}
	if (num > 1 && skb)
		vi->stats.rx_merged++;
	return skb;
}

/* One frame whose first page buffer holds len bytes (header included). */
static void virtnet_rx_mergeable(struct virtnet_info *vi, struct page *page, u32 len)
{
	u8 *va = page_address(page);
	struct virtio_net_hdr hdr;
	struct sk_buff *skb;
	u32 frame, copy;

	memcpy(&hdr, va, sizeof(hdr));
	if (len < vi->hdr_len + ETH_HLEN || len > VIRTNET_RX_PAGE || !hdr.num_buffers) {
		/* Nothing here can be trusted, num_buffers included: this buffer only. */
		virtnet_rx_error(vi, &vi->dev->stats.rx_length_errors);
		virtnet_post_page(vi, page);
		return;
	}
	frame = len - vi->hdr_len;
	copy = hdr.num_buffers == 1 && frame <= VIRTNET_RX_COPYBREAK ? frame :
	       min(frame, (u32)VIRTNET_RX_HDR_COPY);
	skb = netdev_alloc_skb(vi->dev, copy);
	if (skb) {
		skb_put_data(skb, va + vi->hdr_len, copy);
		if (copy == frame && hdr.num_buffers == 1)
			vi->stats.rx_copied++;
	} else {
		vi->dev->stats.rx_dropped++;
	}
	skb = virtnet_rx_page(vi, skb, page, vi->hdr_len + copy, frame - copy);
	skb = virtnet_rx_more(vi, skb, hdr.num_buffers);
	if (skb)
		virtnet_rx_finish(vi, &hdr, skb);
}

/* ---- The ring ---- */

/*
 * How many page buffers to post at open: the ring's worth, but no more than
 * an eighth of the free memory, so that a machine of a few MiB keeps room
 * for its services (256 pages are a quarter of 4 MiB); and never fewer
 * than VIRTNET_RX_MIN_PAGES. Each buffer taken is replaced, so the ring
 * stays as long as it starts.
 */
static unsigned int virtnet_rx_pages_wanted(const struct virtnet_info *vi)
{
	struct page_stats ps;

	page_alloc_get_stats(&ps);
	return (unsigned int)clamp(ps.free_pages / 8, (u64)VIRTNET_RX_MIN_PAGES,
				   (u64)vi->rx_nbufs);
}

int virtnet_rx_fill(struct virtnet_info *vi)
{
	unsigned int want;

	if (!vi->mergeable) {
		vi->rx_bufs = dma_alloc_coherent(vi->rx_nbufs * VIRTNET_RX_STRIDE,
						 &vi->rx_bufs_dma);
		if (!vi->rx_bufs)
			return -ENOMEM;
		for (unsigned int i = 0; i < vi->rx_nbufs; i++)
			virtnet_post_copybuf(vi, vi->rx_bufs + i * VIRTNET_RX_STRIDE);
		vi->rx_posted = vi->rx_nbufs;
		return 0;
	}
	want = virtnet_rx_pages_wanted(vi);
	for (vi->rx_posted = 0; vi->rx_posted < want; vi->rx_posted++) {
		struct page *page = dev_alloc_page();

		if (!page)
			break;
		virtnet_post_page(vi, page);
	}
	/* A shorter ring still does, as Linux's try_fill_recv leaves one. */
	if (vi->rx_posted < VIRTNET_RX_MIN_PAGES) {
		virtnet_rx_free(vi);
		return -ENOMEM;
	}
	if (vi->rx_posted < vi->rx_nbufs)
		printk("%s: %u of %u receive buffers: memory is short\n", vi->dev->name,
		       vi->rx_posted, vi->rx_nbufs);
	return 0;
}

void virtnet_rx_free(struct virtnet_info *vi)
{
	void *buf;

	while ((buf = virtqueue_detach_unused(&vi->rvq)) != NULL)
		if (vi->mergeable)
			put_page(buf);
	if (vi->rx_bufs)
		dma_free_coherent(vi->rx_nbufs * VIRTNET_RX_STRIDE, vi->rx_bufs,
				  vi->rx_bufs_dma);
	vi->rx_bufs = NULL;
}

int virtnet_rx_poll(struct virtnet_info *vi, int budget)
{
	int work = 0;
	void *buf;
	u32 len;

	while (work < budget && (buf = virtqueue_get_buf(&vi->rvq, &len)) != NULL) {
		if (vi->mergeable)
			virtnet_rx_mergeable(vi, buf, len);
		else
			virtnet_rx_copybuf(vi, buf, len);
		work++;
	}
	return work;
}
