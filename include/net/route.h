/*
 * IPv4 routing: the forwarding table (longest-prefix match), the lookup
 * results as refcounted rtables (a dst_entry with the next hop and the
 * neighbour last sent through), cached for input, path MTU exceptions
 * learned from ICMP, and a generation counter that invalidates every
 * cached result when anything changes.
 */
#ifndef _NET_ROUTE_H
#define _NET_ROUTE_H

#include <kernel/types.h>
#include <net/dst.h>
#include <net/dropreason.h>
#include <net/inetdevice.h>

struct sk_buff;
struct neighbour;

/*
 * A route. Output routes are made per lookup and cached by sockets;
 * input routes are shared (Linux's nh_rth_input): one per receiving
 * device and type for local delivery, one per table entry for
 * forwarding, made again when the generation moves on.
 */
struct rtable {
	struct dst_entry dst;
	u16 rt_type;		/* RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST */
	__be32 rt_gateway;	/* next hop, or 0 when the destination is on-link */
	struct neighbour *rt_neigh;	/* last sent through (held), or NULL */
};

static inline struct rtable *skb_rtable(const struct sk_buff *skb)
{
	return (struct rtable *)skb_dst(skb);
}

/* The neighbour to send to for daddr over rt. */
static inline __be32 rt_nexthop(const struct rtable *rt, __be32 daddr)
{
	return rt->rt_gateway ? rt->rt_gateway : daddr;
}

static inline void ip_rt_put(struct rtable *rt)
{
	if (rt)
		dst_release(&rt->dst);
}

/* Route protocol: who installed it. */
#define RTPROT_KERNEL	2	/* connected route from an address */
#define RTPROT_STATIC	4	/* configured */

/* One forwarding table entry. */
struct fib_route {
	__be32 dst;		/* prefix, network order, host bits zero */
	u8 prefixlen;
	u8 scope;		/* RT_SCOPE_LINK for connected, UNIVERSE via a gateway */
	u8 protocol;		/* RTPROT_* */
	__be32 gateway;		/* 0: on-link */
	struct net_device *dev;
	u32 metric;		/* lower wins among equal prefixes */
};

#define FIB_MAX_ROUTES	256

/*
 * Add a route. With a gateway and no dev, the device is the one the
 * gateway is reachable on. 0, -EEXIST, -EINVAL, -ENETUNREACH (gateway not
 * on-link) or -ENOSPC.
 */
int ip_route_add(const struct fib_route *r);
/* Delete the route for dst/prefixlen (gateway and dev: 0/NULL match any). */
int ip_route_del(__be32 dst, u8 prefixlen, __be32 gateway,
		 const struct net_device *dev);
/* The best route for daddr, copied to *out; false when none. */
bool fib_lookup(__be32 daddr, const struct net_device *oif, struct fib_route *out);
/* Drop every route through dev. */
void fib_flush_dev(const struct net_device *dev);

/* Output route request; saddr is filled in when 0. */
struct flowi4 {
	__be32 daddr;
	__be32 saddr;
	int oif;		/* 0: any */
	u8 tos;
};

/*
 * Route a locally generated datagram. On success *rtp holds a reference
 * the caller releases with ip_rt_put(). -ENETUNREACH, -EINVAL (saddr not
 * ours) or -ENOMEM.
 */
int ip_route_output(struct flowi4 *fl4, struct rtable **rtp);

/*
 * Decide what happens to a received datagram: sets skb's dst with input
 * ip_local_deliver or ip_forward, and returns SKB_NOT_DROPPED_YET; or
 * returns why it must be dropped (as Linux's ip_route_input_noref):
 * IP_INVALID_SOURCE or IP_LOCALNET (martian), IP_FORWARD_DISABLED (not
 * ours, not forwarding), IP_INNOROUTES (no route) or NOMEM. Counts its
 * own drops (InAddrErrors, InNoRoutes). Does not consume skb.
 */
enum skb_drop_reason ip_route_input(struct sk_buff *skb, __be32 daddr,
				    __be32 saddr, u8 tos,
				    struct net_device *dev);

/* Release the input routes cached for idev's device (it is going away). */
void ip_rt_input_cache_release(struct in_device *idev);

/*
 * Linux's rt_cache_stat (/proc/net/stat/rt_cache), the fields Skiff
 * keeps: rtables alive, input routes served from a cache and made anew,
 * and output routes made.
 */
struct rt_cache_stat {
	u64 entries;		/* rtables alive */
	u64 in_hit;		/* input routes taken from a cache */
	u64 in_slow_tot;	/* input rtables made */
	u64 in_slow_mc;		/* input routes to a multicast group */
	u64 in_no_route;	/* to forward, but no route */
	u64 in_brd;		/* input routes to a broadcast */
	u64 in_martian_dst;
	u64 in_martian_src;
	u64 out_slow_tot;	/* output rtables made */
	u64 out_slow_mc;	/* to a broadcast or multicast */
};
void rt_cache_get_stat(struct rt_cache_stat *out);

/* Bumped (rt_cache_flush) by every table, address, device or PMTU change. */
extern u32 rt_genid;
/* A cached dst is still good while its generation is current. */
static inline bool dst_check(const struct dst_entry *dst)
{
	return dst->genid == rt_genid;
}
void rt_cache_flush(void);

/* Learn a smaller path MTU towards daddr (RFC 1191), for ip_rt_mtu_expires_ms. */
void ip_rt_update_pmtu(__be32 daddr, u32 mtu);
extern u32 ip_rt_mtu_expires_ms;	/* 10 minutes, RFC 1191 section 6.3 */
extern u32 ip_rt_min_pmtu;		/* 552, as Linux */
void ip_rt_init(void);

#endif
