/*
 * virtio-net's internals ([virtio 1.1 5.1]), shared by the driver's files:
 * virtio_net.c (features, probe, open/stop, NAPI, /proc/skiff/virtio_net),
 * virtio_net_rx.c (receive buffers and frames), virtio_net_tx.c
 * (transmit) and virtio_net_selftest.c. Wire formats first, then the
 * driver's state.
 */
#ifndef _DRIVERS_NET_VIRTIO_NET_H
#define _DRIVERS_NET_VIRTIO_NET_H

#include <kernel/types.h>
#include <kernel/timer.h>
#include <kernel/virtio.h>
#include <net/netdevice.h>
#include <net/skbuff.h>

/* [virtio 1.1 5.1.3] Feature bits. */
#define VIRTIO_NET_F_CSUM		0	/* device completes partial TX checksums */
#define VIRTIO_NET_F_GUEST_CSUM		1	/* RX may carry partial checksums */
#define VIRTIO_NET_F_CTRL_GUEST_OFFLOADS 2	/* guest offloads switched on the control queue */
#define VIRTIO_NET_F_MTU		3	/* config holds the largest MTU to use */
#define VIRTIO_NET_F_MAC		5	/* config holds the MAC */
#define VIRTIO_NET_F_GUEST_TSO4		7	/* RX may carry TCP/IPv4 GSO frames */
#define VIRTIO_NET_F_HOST_TSO4		11	/* device segments TCP/IPv4 */
#define VIRTIO_NET_F_MRG_RXBUF		15	/* RX frames over several buffers */
#define VIRTIO_NET_F_STATUS		16	/* config holds the link status */
#define VIRTIO_NET_F_CTRL_VQ		17	/* a control queue after the data queues */

/* [virtio 1.1 5.1.4] Device configuration layout. */
#define VIRTIO_NET_CFG_MAC		0	/* u8[6] */
#define VIRTIO_NET_CFG_STATUS		6	/* le16 */
#define VIRTIO_NET_CFG_MTU		10	/* le16, after max_virtqueue_pairs */
#define VIRTIO_NET_S_LINK_UP		1

/*
 * [virtio 1.1 5.1.6] The header in front of every packet. num_buffers is
 * there with VERSION_1 or MRG_RXBUF: 12 bytes on a modern device, 10 on a
 * legacy one without MRG_RXBUF [5.1.6.1, legacy note].
 */
struct virtio_net_hdr {
	u8 flags;
	u8 gso_type;
	u16 hdr_len;		/* GSO: bytes of headers to copy into each segment */
	u16 gso_size;		/* GSO: payload bytes per segment */
	u16 csum_start;		/* NEEDS_CSUM: sum from here (frame offset) ... */
	u16 csum_offset;	/* ... and store at csum_start + csum_offset */
	u16 num_buffers;	/* MRG_RXBUF: buffers this received frame took */
} __packed;

#define VIRTIO_NET_HDR_LEN		sizeof(struct virtio_net_hdr)
#define VIRTIO_NET_HDR_LEN_LEGACY	offsetof(struct virtio_net_hdr, num_buffers)

#define VIRTIO_NET_HDR_F_NEEDS_CSUM	1	/* the checksum is partial (csum_start/offset) */
#define VIRTIO_NET_HDR_F_DATA_VALID	2	/* RX: the device checked the checksum */

#define VIRTIO_NET_HDR_GSO_NONE		0
#define VIRTIO_NET_HDR_GSO_TCPV4	1
#define VIRTIO_NET_HDR_GSO_ECN		0x80	/* with GUEST_ECN/HOST_ECN, never negotiated */

/* [5.1.2] Queues: receive 0, transmit 1, control 2 with CTRL_VQ (one queue pair, no MQ). */
#define VIRTNET_RXQ		0
#define VIRTNET_TXQ		1
#define VIRTNET_CTRLQ		2
#define VIRTNET_CTRLQ_SIZE	16	/* one command at a time: any size would do */

/*
 * [5.1.6.5] A control command: class and command, then its data (device-
 * readable), then the ack the device writes. Only the guest offloads
 * class is used: its data is the le64 bitmask of GUEST_* feature bits to
 * keep on [5.1.6.5.6.1].
 */
#define VIRTIO_NET_CTRL_GUEST_OFFLOADS		5
#define VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET	0
#define VIRTIO_NET_OK		0
#define VIRTIO_NET_ERR		1

struct virtnet_ctrl {
	u8 class;
	u8 cmd;
	u64 offloads;		/* little-endian, as the machine is */
	u8 ack;
};
/*
 * How often the watchdog looks for a lost interrupt or kick: the longest
 * such a stall lasts. At 10 ms its look is 100 reads a second per queue.
 */
#define VIRTNET_WATCHDOG_MS	10
#define VIRTNET_QUEUE_MAX	256	/* entries per queue we ask for */
#define VIRTNET_RX_BUFS		256	/* receive buffers posted */

/* Without MRG_RXBUF [5.1.6.3.1]: buffers of >= 1526 bytes, copied out. */
#define VIRTNET_RX_FRAME	1526
/*
 * The largest MTU with MRG_RXBUF, where a frame spans as many pages as it
 * needs: the stack's own ceiling (ipconfig's mtu=), as on the Intel NICs.
 * Without MRG_RXBUF the copy buffers hold a 1500-byte MTU only.
 */
#define VIRTNET_MAX_MTU		9000
#define VIRTNET_RX_STRIDE	2048	/* buffer spacing in the RX block */
/* With MRG_RXBUF: a page per buffer; a frame up to the largest GSO frame over several. */
#define VIRTNET_RX_PAGE		PAGE_SIZE
/*
 * The fewest page buffers a ring may start with when memory is short: two
 * of the largest GSO frames (18 pages with the header); a device holds a
 * frame back until buffers for all of it are posted.
 */
#define VIRTNET_RX_MIN_PAGES	(2 * (MAX_SKB_FRAGS + 1))
/*
 * A frame in one buffer of up to this many bytes (any standard frame) is
 * copied and its page stays on the ring: a page per 1500-byte frame would
 * charge a TCP receive buffer nearly three times what its window says
 * (truesize), and the socket would drop before the window closed.
 */
#define VIRTNET_RX_COPYBREAK	(ETH_FRAME_LEN + VLAN_HLEN)
/* Copied into the linear part of a paged frame: the headers, for the parsers. */
#define VIRTNET_RX_HDR_COPY	128

/* Pieces of one transmit: the linear part (the header pushed in front), and every frag. */
#define VIRTNET_TX_MAX_SG	(1 + MAX_SKB_FRAGS)

/* What the driver saw, by kind (/proc/skiff/virtio_net, the self-tests). */
struct virtnet_stats {
	u64 rx_csum_valid;	/* DATA_VALID: marked CHECKSUM_UNNECESSARY */
	u64 rx_csum_partial;	/* NEEDS_CSUM: handed up CHECKSUM_PARTIAL */
	u64 rx_csum_none;	/* neither: the stack verifies in software */
	u64 rx_gso;		/* TCP/IPv4 GSO frames (GUEST_TSO4) */
	u64 rx_merged;		/* frames over more than one buffer */
	u64 rx_copied;		/* frames copied, their buffer reused at once */
	u64 rx_bad_hdr;		/* headers that made no sense (also rx_frame_errors) */
	u64 tx_csum;		/* NEEDS_CSUM asked of the device */
	u64 tx_gso;		/* TSO frames handed to the device */
	u64 tx_sg;		/* frames of more than one piece */
	u64 tx_kicks;		/* doorbells rung for the transmit queue */
	u64 ctrl_cmds;		/* control commands the device took */
	u64 ctrl_errors;	/* refused (VIRTIO_NET_ERR) or unanswered */
};

struct virtnet_info {
	struct net_device *dev;
	struct virtio_device *vdev;
	struct virtqueue rvq, svq;
	struct virtqueue cvq;		/* with CTRL_VQ; cvq.vdev NULL without */
	struct virtnet_ctrl ctrl;	/* the command in flight (DMA: in this kmalloc'd block) */
	u64 guest_offloads;		/* GUEST_* bits the device applies now */
	struct napi_struct napi;
	struct timer_list watchdog;	/* lost interrupts and kicks (virtqueue_watchdog) */
	bool up;			/* between ndo_open and ndo_stop */
	bool mergeable;			/* MRG_RXBUF: page buffers, frames over several */
	unsigned int hdr_len;		/* 12 or 10, see struct virtio_net_hdr */
	unsigned int rx_nbufs;		/* receive buffers the ring takes */
	unsigned int rx_posted;		/* posted at open: rx_nbufs, or fewer when memory is short */
	/* Without MRG_RXBUF: one block of rx_nbufs buffers, copied out. */
	unsigned int rx_buf_len;	/* header + VIRTNET_RX_FRAME */
	u8 *rx_bufs;			/* rx_nbufs x VIRTNET_RX_STRIDE; NULL while down */
	dma_addr_t rx_bufs_dma;
	u16 tx_stop_free;		/* stop the queue below this many free descriptors */
	u64 probe_features;		/* negotiated at probe: what the device offers of ours */
	struct virtnet_stats stats;
};

extern const struct net_device_ops virtnet_netdev_ops;

/* virtio_net_rx.c */
/*
 * Post every receive buffer on the (emptied) receive queue: page buffers
 * with MRG_RXBUF, the copy block's otherwise. 0 or -ENOMEM (none posted).
 */
int virtnet_rx_fill(struct virtnet_info *vi);
/* After a reset: take back and free every receive buffer. */
void virtnet_rx_free(struct virtnet_info *vi);
/* Receive up to budget frames and refill (the caller kicks); the number received. */
int virtnet_rx_poll(struct virtnet_info *vi, int budget);
/*
 * [5.1.6.4] Apply a received header's checksum and GSO marks to skb
 * (skb->data at the Ethernet header). 0, or -EINVAL for a header that
 * contradicts the features or the frame (the caller drops it).
 */
int virtio_net_hdr_to_skb(struct virtnet_info *vi, const struct virtio_net_hdr *hdr,
			  struct sk_buff *skb);

/* virtio_net_ctrl.c */
/*
 * The GUEST_* offloads dev->features asks for (RXCSUM: GUEST_CSUM; with
 * GRO too: GUEST_TSO4), within those negotiated.
 */
u64 virtnet_guest_offloads_wanted(const struct virtnet_info *vi, u32 features);
/*
 * Have the device apply exactly offloads (a subset of those negotiated)
 * through the control queue; while up, with CTRL_GUEST_OFFLOADS. 0 or
 * -EIO (refused or unanswered: the device keeps what it had).
 */
int virtnet_set_guest_offloads(struct virtnet_info *vi, u64 offloads);
/* ndo_set_features: the receive offloads follow RXCSUM and GRO at once. */
int virtnet_set_features(struct net_device *dev, u32 features);

/* virtio_net_tx.c */
netdev_tx_t virtnet_xmit(struct sk_buff *skb, struct net_device *dev);
/* Free what the device has sent; restart a stopped queue. */
void virtnet_clean_tx(struct virtnet_info *vi);
/* [5.1.6.2] The header for skb: checksum and GSO requests (hdr_len bytes cleared first). */
void virtio_net_hdr_from_skb(const struct sk_buff *skb, struct virtio_net_hdr *hdr,
			     unsigned int hdr_len);
/*
 * The pieces of skb into sg (VIRTNET_TX_MAX_SG of room): its linear part,
 * then each frag; how many. validate_xmit_skb leaves no frag_list (no
 * NETIF_F_FRAGLIST).
 */
unsigned int virtnet_skb_to_sg(const struct sk_buff *skb, struct virtio_sg *sg);

/* virtio_net.c */
/* The device is one of this driver's (the self-tests). */
bool virtnet_is_virtio(const struct net_device *dev);

#endif
