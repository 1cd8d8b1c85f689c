/*
 * Network devices: the registry (lo, eth0, eth1 …), the driver interface
 * (net_device_ops), per-device statistics, the TX queue state with
 * stop/wake, carrier state with a notifier chain, NAPI and the receive and
 * transmit entry points of the core.
 *
 * Context: drivers call napi_schedule() and netif_wake_queue() from hard
 * IRQ; everything else runs in softirq context or in process context with
 * bottom halves disabled.
 */
#ifndef _NET_NETDEVICE_H
#define _NET_NETDEVICE_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/refcount.h>
#include <kernel/timer.h>
#include <net/skbuff.h>
#include <net/proto/ethernet.h>

#define IFNAMSIZ	16
#define MAX_ADDR_LEN	32

/* dev->flags, as Linux's IFF_*. */
#define IFF_UP		0x1
#define IFF_BROADCAST	0x2
#define IFF_DEBUG	0x4
#define IFF_LOOPBACK	0x8
#define IFF_POINTOPOINT	0x10
#define IFF_RUNNING	0x40	/* up and carrier present */
#define IFF_NOARP	0x80
#define IFF_PROMISC	0x100
#define IFF_MULTICAST	0x1000

/*
 * dev->features: the offloads in use; dev->hw_features: those the user may
 * switch (ethtool -K). As Linux's NETIF_F_*: the stack hands a device
 * only what its features say it can finish (validate_xmit_skb).
 */
#define NETIF_F_SG		(1u << 0)	/* transmit skbs with page frags */
#define NETIF_F_IP_CSUM		(1u << 1)	/* TX checksum of TCP/UDP over IPv4 */
#define NETIF_F_HW_CSUM		(1u << 3)	/* TX checksum of anything (csum_start/offset) */
#define NETIF_F_RXCSUM		(1u << 4)	/* RX checksums verified by the device; a driver
						 * marks CHECKSUM_UNNECESSARY/COMPLETE only while
						 * it is on (ethtool -K IF rx off) */
#define NETIF_F_TSO		(1u << 5)	/* TCP segmentation of IPv4 (SKB_GSO_TCPV4) */
#define NETIF_F_LOOPBACK	(1u << 6)
#define NETIF_F_GSO		(1u << 7)	/* software segmentation as late as possible */
#define NETIF_F_GRO		(1u << 8)	/* merge received TCP segments in NAPI */
#define NETIF_F_CSUM_MASK	(NETIF_F_IP_CSUM | NETIF_F_HW_CSUM)
/* Done in software when the device lacks them: on for every device (Linux's NETIF_F_SOFT_FEATURES). */
#define NETIF_F_SOFT_FEATURES	(NETIF_F_GSO | NETIF_F_GRO)
/* What ethtool may name: every offload but the loopback mark. */
#define NETIF_F_ETHTOOL_MASK	(NETIF_F_SG | NETIF_F_CSUM_MASK | NETIF_F_RXCSUM | \
				 NETIF_F_TSO | NETIF_F_SOFT_FEATURES)
#define GSO_MAX_SEGS		65535	/* a device without a limit of its own */

typedef enum {
	NETDEV_TX_OK = 0,	/* driver took the skb */
	NETDEV_TX_BUSY = 1,	/* driver did not take it; the queue should be stopped */
} netdev_tx_t;

/* dev_queue_xmit results. */
#define NET_XMIT_SUCCESS	0
#define NET_XMIT_DROP		1	/* dropped by the qdisc */

struct net_device_stats {
	u64 rx_packets, tx_packets;
	u64 rx_bytes, tx_bytes;
	u64 rx_errors, tx_errors;
	u64 rx_dropped, tx_dropped;
	u64 multicast;
	u64 collisions;
	/* Receive errors by cause. */
	u64 rx_length_errors;	/* runt or oversized frame */
	u64 rx_over_errors;	/* receive ring overflow */
	u64 rx_crc_errors;
	u64 rx_frame_errors;	/* alignment */
	u64 rx_fifo_errors;	/* FIFO overrun */
	u64 rx_missed_errors;	/* missed by the hardware (no buffer) */
	/* Transmit errors by cause. */
	u64 tx_aborted_errors;
	u64 tx_carrier_errors;
	u64 tx_fifo_errors;
	u64 tx_heartbeat_errors;
	u64 tx_window_errors;
	u64 tx_timeout;
	u64 rx_nohandler;	/* no packet_type for the EtherType */
};

struct net_device;
struct napi_struct;
struct Qdisc;
struct neighbour;
struct hh_cache;

struct net_device_ops {
	int (*ndo_open)(struct net_device *dev);
	int (*ndo_stop)(struct net_device *dev);
	/* NETDEV_TX_OK consumes skb; NETDEV_TX_BUSY leaves it with the caller. */
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	/* Optional: refresh dev->stats from hardware counters. */
	void (*ndo_get_stats)(struct net_device *dev);
	/* Optional: the TX watchdog fired (dev->watchdog_timeo). */
	void (*ndo_tx_timeout)(struct net_device *dev);
	/* Optional: take mtu (within [min_mtu, max_mtu]) and set dev->mtu;
	 * 0 or -errno. Without it dev_set_mtu just sets dev->mtu. */
	int (*ndo_change_mtu)(struct net_device *dev, unsigned int mtu);
	/* Optional: apply features (NETIF_F_*) about to become dev->features;
	 * 0, or -errno and dev->features stays as it was. */
	int (*ndo_set_features)(struct net_device *dev, u32 features);
};

struct header_ops {
	/* Push a link header for type from saddr (NULL: dev's) to daddr; returns its length or < 0. */
	int (*create)(struct sk_buff *skb, struct net_device *dev, u16 type,
		      const void *daddr, const void *saddr, unsigned int len);
	/* Copy the source hardware address out of the link header; returns its length. */
	int (*parse)(const struct sk_buff *skb, unsigned char *haddr);
	/* Optional: build the header for sending type to neigh into hh, setting hh_len (0: done). */
	int (*cache)(const struct neighbour *neigh, struct hh_cache *hh, u16 type);
	/* The neighbour's hardware address changed to haddr: rewrite hh's destination. */
	void (*cache_update)(struct hh_cache *hh, const struct net_device *dev,
			     const unsigned char *haddr);
};

/* TX queue state bits. */
#define __QUEUE_STATE_DRV_XOFF	0	/* driver stopped the queue (ring full) */

struct net_device {
	char name[IFNAMSIZ];		/* "eth%d" until register_netdev() */
	int ifindex;
	struct list_head dev_list;	/* on the global device list */
	unsigned int flags;		/* IFF_* */
	unsigned int mtu, min_mtu, max_mtu;
	u32 features;			/* NETIF_F_* in use */
	u32 hw_features;		/* NETIF_F_* the user may switch */
	u32 wanted_features;		/* what the user asked for, before dependencies */
	u16 gso_max_segs;		/* most segments one TSO skb may carry */
	unsigned short type;		/* ARPHRD_* */
	unsigned short hard_header_len;
	unsigned short needed_headroom;
	unsigned char addr_len;
	unsigned char dev_addr[MAX_ADDR_LEN];
	unsigned char broadcast[MAX_ADDR_LEN];
	const struct net_device_ops *netdev_ops;
	const struct header_ops *header_ops;
	const struct ethtool_ops *ethtool_ops;	/* NULL: nothing for ethtool -i */
	struct net_device_stats stats;
	unsigned long tx_state;		/* __QUEUE_STATE_* bits */
	u32 tx_queue_len;		/* qdisc limit in packets */
	u64 trans_start;		/* jiffies of the last transmit, for the watchdog */
	u64 watchdog_timeo;		/* jiffies a stopped queue may stall; 0 = no watchdog */
	struct timer_list watchdog_timer;
	struct list_head link_watch;	/* pending carrier notification */
	bool carrier;
	bool registered;
	refcount_t refcnt;		/* 1 for the device itself, + dev_hold()s: dsts, neighbours */
	struct list_head napi_list;
	struct Qdisc *qdisc;		/* transmit: NULL sends straight to the driver (noqueue) */
	struct Qdisc *ingress_qdisc;	/* receive: NULL hands frames straight up */
	void *ip_ptr;			/* struct in_device, owned by IPv4 */
	size_t priv_size;
	unsigned char priv[] __aligned(8);
};

static inline void *netdev_priv(const struct net_device *dev)
{
	return (void *)dev->priv;
}

static inline void dev_hold(struct net_device *dev)
{
	refcount_inc(&dev->refcnt);
}

/* Never the last reference: alloc_netdev's own is dropped by free_netdev. */
static inline void dev_put(struct net_device *dev)
{
	refcount_dec(&dev->refcnt);
}

/* Room to reserve in front of an L3 packet for dev's link header. */
#define LL_RESERVED_SPACE(dev) \
	ALIGN((dev)->hard_header_len + (dev)->needed_headroom + NET_IP_ALIGN, 16)

/* Device registry. */
extern struct list_head net_device_list;
#define for_each_netdev(d) list_for_each_entry(d, &net_device_list, dev_list)

struct net_device *alloc_netdev(size_t sizeof_priv, const char *name,
				void (*setup)(struct net_device *dev));
void free_netdev(struct net_device *dev);
/* Assigns the name (expanding "%d") and ifindex; 0 or -errno. */
int register_netdev(struct net_device *dev);
void unregister_netdev(struct net_device *dev);
struct net_device *dev_get_by_name(const char *name);
struct net_device *dev_get_by_index(int ifindex);
int dev_open(struct net_device *dev);
int dev_close(struct net_device *dev);
int dev_set_mtu(struct net_device *dev, unsigned int mtu);
/* Statistics, refreshed from the driver when it can. */
const struct net_device_stats *dev_get_stats(struct net_device *dev);

/* Build the link header through dev->header_ops (absent: 0). */
static inline int dev_hard_header(struct sk_buff *skb, struct net_device *dev,
				  u16 type, const void *daddr,
				  const void *saddr, unsigned int len)
{
	if (!dev->header_ops || !dev->header_ops->create)
		return 0;
	return dev->header_ops->create(skb, dev, type, daddr, saddr, len);
}

/* Copy the source hardware address out of skb's link header; its length (0: none). */
static inline int dev_parse_header(const struct sk_buff *skb, unsigned char *haddr)
{
	const struct net_device *dev = skb->dev;

	if (!dev || !dev->header_ops || !dev->header_ops->parse)
		return 0;
	return dev->header_ops->parse(skb, haddr);
}

/* Notifier chain for device events (ARP's gratuitous ARP, route flushing). */
enum netdev_event {
	NETDEV_REGISTER,
	NETDEV_UP,
	NETDEV_DOWN,
	NETDEV_CHANGE,		/* carrier went on or off */
	NETDEV_CHANGEMTU,
	NETDEV_UNREGISTER,
};

struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long event,
			     void *ptr);
	int priority;		/* higher runs first */
	struct notifier_block *next;
};

int register_netdevice_notifier(struct notifier_block *nb);
int unregister_netdevice_notifier(struct notifier_block *nb);
void call_netdevice_notifiers(unsigned long event, struct net_device *dev);

/*
 * Carrier (link) state, callable from any context. The NETDEV_CHANGE
 * notification is deferred to the NET_TX softirq ("link watch"), so
 * notifiers may transmit.
 */
void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return dev->carrier;
}

static inline bool netif_running(const struct net_device *dev)
{
	return dev->flags & IFF_UP;
}

/* TX queue flow control (driver-facing). */
static inline bool netif_queue_stopped(const struct net_device *dev)
{
	return dev->tx_state & (1UL << __QUEUE_STATE_DRV_XOFF);
}

static inline void netif_stop_queue(struct net_device *dev)
{
	dev->tx_state |= 1UL << __QUEUE_STATE_DRV_XOFF;
}

static inline void netif_start_queue(struct net_device *dev)
{
	dev->tx_state &= ~(1UL << __QUEUE_STATE_DRV_XOFF);
}

/* Restart a stopped queue and reschedule its qdisc (NET_TX softirq). */
void netif_wake_queue(struct net_device *dev);

/* NAPI. */
#define NAPI_POLL_WEIGHT	64

enum {
	NAPI_STATE_SCHED,	/* on the poll list or being polled */
	NAPI_STATE_DISABLE,
};

struct napi_struct {
	struct list_head poll_list;
	unsigned long state;
	int weight;
	int (*poll)(struct napi_struct *napi, int budget);
	struct net_device *dev;
	struct list_head dev_list;
	struct list_head gro_list;	/* skbs GRO holds, the newest first (<net/gro.h>) */
	unsigned int gro_count;
	u64 polls, packets;	/* statistics */
};

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight);
void netif_napi_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *napi);
/* Wait until napi is not scheduled, and keep it off the poll list. */
void napi_disable(struct napi_struct *napi);
/* From the IRQ handler: queue napi for polling and raise NET_RX. */
bool napi_schedule(struct napi_struct *napi);
/*
 * From poll(), when it did less than its budget: what GRO holds goes up,
 * and napi leaves the poll list. The driver then unmasks its interrupt
 * itself. Returns false if napi is being disabled (the driver must then
 * leave its interrupt masked).
 */
bool napi_complete_done(struct napi_struct *napi, int work_done);
static inline bool napi_complete(struct napi_struct *napi)
{
	return napi_complete_done(napi, 0);
}

/*
 * Receive: driver-facing. All consume skb. A NAPI driver hands its frames
 * to napi_gro_receive (<net/gro.h>, through eth_napi_gro_receive), which
 * merges what it can and calls netif_receive_skb.
 */
#define NET_RX_SUCCESS	0
#define NET_RX_DROP	1
int netif_receive_skb(struct sk_buff *skb);
/* Queue on the backlog for non-NAPI paths (loopback). */
int netif_rx(struct sk_buff *skb);

/*
 * Protocol handlers by EtherType; func consumes skb. A handler of
 * ETH_P_ALL is a tap (Linux's ptype_all: AF_PACKET, the NIC self-tests):
 * it sees every frame received (before the EtherType demux, skb->data at
 * the network header, the link header at skb_mac_header) and every frame
 * as it leaves the qdisc for the driver (a clone with pkt_type
 * PACKET_OUTGOING, skb->data at the link header). A tap gets its own
 * reference to an skb others hold too (skb_shared): it may keep it, but
 * must clone before changing it (skb_share_check).
 */
struct packet_type {
	__be16 type;
	struct net_device *dev;		/* NULL: any device */
	int (*func)(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt);
	void *af_packet_priv;		/* the sending socket sees none of its own frames */
	struct list_head list;
};

void dev_add_pack(struct packet_type *pt);
void dev_remove_pack(struct packet_type *pt);

/*
 * Another frame follows this one to the same driver in this qdisc run
 * (Linux's netdev_xmit_more): the driver may leave its doorbell (a tail
 * register write, a virtio notify) for the last one. Set by the qdisc
 * around each ndo_start_xmit; a driver that stops its queue must ring
 * regardless, since nothing more will come.
 */
extern bool netdev_xmit_more_flag;
static inline bool netdev_xmit_more(void)
{
	return netdev_xmit_more_flag;
}

/*
 * Offloads (net/core/offload.c). netdev_update_features recomputes
 * dev->features from wanted_features within hw_features, keeping the
 * dependencies: TSO needs SG and a checksum, SG needs a checksum; the
 * driver's ndo_set_features applies a change first and may refuse it.
 * validate_xmit_skb hands the driver only what its features say it can
 * finish: a GSO skb is cut (skb_gso_segment), a CHECKSUM_PARTIAL one is
 * completed (skb_checksum_help), a paged one linearized. It consumes skb
 * and returns a list (linked by ->next) or NULL when it was dropped.
 */
void netdev_update_features(struct net_device *dev);
struct sk_buff *validate_xmit_skb(struct sk_buff *skb, struct net_device *dev);
/* Finish a CHECKSUM_PARTIAL skb in software. 0 or -ENOMEM/-EINVAL. */
int skb_checksum_help(struct sk_buff *skb);
/* Turn every offload of every device off (the command line's offload=off). */
extern bool netdev_offload_off;
/* The NETIF_F_* bits of an ethtool short name ("tso", "sg", "tx"...); 0 if unknown. */
u32 netdev_offload_bits(const char *name, size_t len);

/* Transmit. Always consumes skb; returns NET_XMIT_* or -errno. */
int dev_queue_xmit(struct sk_buff *skb);

struct softnet_stats {
	u64 processed;		/* skbs taken off the backlog */
	u64 dropped;		/* backlog full */
	u64 time_squeeze;	/* net_rx_action ran out of budget or time */
	u64 backlog_len;
};
void softnet_get_stats(struct softnet_stats *out);

extern int netdev_budget;		/* packets per NET_RX run (300) */
extern u64 netdev_budget_usecs;		/* time per NET_RX run (2000) */
extern u32 netdev_max_backlog;		/* netif_rx queue limit (1000) */

/* Softirq handlers and loopback, registered by net_dev_init(). */
void net_dev_init(void);
extern struct net_device *loopback_dev;
int loopback_init(void);

#endif
