/*
 * Destination cache entries: the result of a route lookup, refcounted and
 * carried by skbs (skb->dst) and cached by sockets. A dst says how to get
 * a packet out (output) or where an incoming one goes (input).
 */
#ifndef _NET_DST_H
#define _NET_DST_H

#include <kernel/types.h>
#include <kernel/refcount.h>
#include <kernel/time.h>

struct sk_buff;
struct net_device;
struct dst_entry;

struct dst_ops {
	/* Frees the containing object; called when the last reference goes. */
	void (*destroy)(struct dst_entry *dst);
};

struct dst_entry {
	refcount_t refcnt;
	struct net_device *dev;		/* held (dev_hold) while the dst lives */
	const struct dst_ops *ops;
	int (*input)(struct sk_buff *skb);	/* consumes skb */
	int (*output)(struct sk_buff *skb);	/* consumes skb */
	u32 mtu;			/* path MTU; 0 = the device's MTU */
	u64 expires;			/* jiffies when a learned PMTU lapses, 0 = never */
	u32 genid;			/* routing generation the lookup saw */
};

/* Initialise with one reference, held by the caller. */
void dst_init(struct dst_entry *dst, const struct dst_ops *ops,
	      struct net_device *dev);
struct dst_entry *dst_clone(struct dst_entry *dst);
void dst_release(struct dst_entry *dst);
/* The MTU to use now: a learned PMTU until it expires, else the device MTU. */
u32 dst_mtu(const struct dst_entry *dst);

#endif
