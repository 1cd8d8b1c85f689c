/*
 * ARP (RFC 826) and the IPv4 neighbour table, with the neighbour
 * unreachability states of Linux (after RFC 4861 section 7.3):
 *
 *   INCOMPLETE  request sent, packets queued (at most queue_len), resend
 *               every retrans_time; after mcast_probes: FAILED
 *   REACHABLE   confirmed within reachable_time; then STALE
 *   STALE       usable but unconfirmed; a packet sent moves it to DELAY;
 *               unused for gc_stale_time: removed
 *   DELAY       wait delay_probe_time for confirmation, then PROBE
 *   PROBE       unicast requests every retrans_time; after ucast_probes: FAILED
 *   FAILED      queued packets dropped (ICMP host unreachable to their
 *               senders); the entry is removed after gc_stale_time unless
 *               a packet restarts resolution
 *   PERMANENT   configured; never expires
 */
#ifndef _NET_ARP_H
#define _NET_ARP_H

#include <kernel/types.h>
#include <net/netdevice.h>
#include <net/neighbour.h>

struct neigh_parms {
	u32 retrans_time_ms;		/* 1000: between requests */
	u32 base_reachable_time_ms;	/* 30000: REACHABLE lasts 0.5..1.5 x this */
	u32 delay_probe_time_ms;	/* 5000 */
	u32 gc_stale_time_ms;		/* 60000 */
	u32 ucast_probes;		/* 3 */
	u32 mcast_probes;		/* 3: broadcast requests while INCOMPLETE */
	u32 queue_len;			/* 3 packets waiting per entry */
	u32 table_max;			/* 256 entries */
};

extern struct neigh_parms arp_parms;

/* One entry, for tests and callers that inspect the table. */
struct neigh_info {
	__be32 ip;
	u8 ha[ETH_ALEN];
	int ifindex;
	u8 state;		/* NUD_* */
	u8 probes;
	u32 queued;
	u64 age_ms;		/* since last update */
	u8 hh_len;		/* the cached link header's length, 0: none */
	u8 hh[ETH_HLEN];	/* the cached header (hh_len bytes) */
};

/*
 * Push the link header addressed to dest (no resolution: broadcast,
 * multicast, loopback) and queue skb on dev. Consumes skb; 0 or -ENOBUFS.
 */
int neigh_direct_output(struct sk_buff *skb, struct net_device *dev,
			const u8 *dest);

/* Build and send one ARP packet. dest_hw NULL: broadcast; target_hw NULL: zeros. */
void arp_send(int op, struct net_device *dev, __be32 sip, __be32 tip,
	      const u8 *dest_hw, const u8 *target_hw);
/* Announce addr on dev (RFC 5227 section 3: a request with sender = target). */
void arp_announce(struct net_device *dev, __be32 addr);

int neigh_add_permanent(struct net_device *dev, __be32 ip, const u8 *ha);
/* 0, or -ENXIO when dev has no entry for ip. */
int neigh_delete(struct net_device *dev, __be32 ip);
struct arpreq;
/* SIOCDARP on a kernel copy of the user's request. */
int arp_ioctl(unsigned int cmd, struct arpreq *r);
/* Remove every entry of dev (NULL: all devices, permanent ones included). */
void neigh_flush(const struct net_device *dev);
bool neigh_get(const struct net_device *dev, __be32 ip, struct neigh_info *out);
unsigned int neigh_count(void);
/* Upper-layer proof that ip answered (a TCP ACK): a DELAY entry goes REACHABLE without probing. */
void neigh_confirm(const struct net_device *dev, __be32 ip);
const char *neigh_state_name(u8 state);

void arp_init(void);

#endif
