/*
 * A neighbour (Linux include/net/neighbour.h): one entry of the IPv4
 * neighbour table, with its unreachability state and the link header
 * cached for it (hh_cache), so that sending to a resolved neighbour is
 * one copy of the header instead of a table lookup and a header build.
 * The table, its states and timers live in net/ipv4/arp.c (<net/arp.h>);
 * a route keeps the neighbour it last sent through (rt_neigh) with a
 * reference of its own.
 */
#ifndef _NET_NEIGHBOUR_H
#define _NET_NEIGHBOUR_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/refcount.h>
#include <kernel/timer.h>
#include <net/skbuff.h>
#include <net/proto/ethernet.h>

/* States, as Linux's NUD_*; <net/arp.h> describes each. */
enum {
	NUD_NONE,
	NUD_INCOMPLETE,
	NUD_REACHABLE,
	NUD_STALE,
	NUD_DELAY,
	NUD_PROBE,
	NUD_FAILED,
	NUD_PERMANENT,
	NUD_NOARP,	/* devices without ARP (loopback): never in the table */
};

/*
 * The cached link header, kept right-aligned in HH_DATA_MOD-byte units
 * as Linux keeps it, so that it ends where the network header begins and
 * is copied in one fixed-size move.
 */
#define HH_DATA_MOD	16
#define HH_DATA_ALIGN(len)	(((len) + (HH_DATA_MOD - 1)) & ~(HH_DATA_MOD - 1))
#define HH_DATA_OFF(len)	(HH_DATA_ALIGN(len) - (len))

struct hh_cache {
	unsigned int hh_len;			/* 0: nothing cached (yet) */
	u8 hh_data[HH_DATA_ALIGN(ETH_HLEN)];	/* the header, right-aligned */
};

struct neighbour {
	struct hlist_node hnode;
	struct net_device *dev;		/* held */
	refcount_t refcnt;		/* the table's while listed, and each route's */
	__be32 ip;
	u8 ha[ETH_ALEN];
	u8 nud_state;
	u8 probes;			/* requests sent in this INCOMPLETE/PROBE round */
	bool dead;			/* out of the table: holders look the address up again */
	u64 updated;			/* jiffies of the last state change */
	u64 confirmed;			/* jiffies the neighbour last proved reachable */
	u64 used;			/* jiffies a packet last went through it */
	struct timer_list timer;
	struct sk_buff_head arp_queue;	/* packets waiting for resolution */
	struct hh_cache hh;		/* built at the first send once resolved */
};

static inline struct neighbour *neigh_hold(struct neighbour *n)
{
	refcount_inc(&n->refcnt);
	return n;
}

/* Free a neighbour nobody holds any more (arp.c). */
void neigh_destroy(struct neighbour *n);

static inline void neigh_release(struct neighbour *n)
{
	if (refcount_dec_and_test(&n->refcnt))
		neigh_destroy(n);
}

/*
 * The table's entry for daddr on dev, created (INCOMPLETE, nothing sent
 * yet) if there is none (Linux's ip_neigh_gw4). Not held: valid while
 * bottom halves stay off. NULL when the table cannot take another entry
 * (counted in ArpAllocFails).
 */
struct neighbour *ip_neigh_gw4(struct net_device *dev, __be32 daddr);

/*
 * Send skb (an IP datagram, skb->dev set) through n (Linux's
 * neigh_output): with the cached header when n is confirmed reachable,
 * else through resolution (queued while INCOMPLETE, STALE moving to
 * DELAY). Bottom halves off. Consumes skb; 0, or -ENOBUFS /
 * -EHOSTUNREACH when it was dropped.
 */
int neigh_output(struct neighbour *n, struct sk_buff *skb);

#endif
