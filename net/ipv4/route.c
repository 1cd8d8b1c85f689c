/*
 * IPv4 routing (Linux net/ipv4/route.c and fib_*.c, much simplified).
 *
 * The forwarding table is an array kept sorted by prefix length (longest
 * first), then metric (lowest first). A lookup scans it and takes the first
 * entry whose prefix covers the address: by the ordering that is the
 * longest match, and among equal prefixes the best metric. O(n) in the
 * number of routes, which a host with a few interfaces keeps small
 * (FIB_MAX_ROUTES bounds it). Routes whose device is down are skipped.
 *
 * Lookup results are refcounted rtables (dst_entry + next hop). Output
 * routes are made per lookup; sockets cache them and revalidate with
 * dst_check() against rt_genid. Input routes are cached as Linux caches
 * them in its nexthops (nh_rth_input), so that a received packet is
 * routed without an allocation: for local delivery one per receiving
 * device and type (in its in_device), for forwarding one per table
 * entry; a cached route of an older generation is replaced at its next
 * use, and one of a deleted entry or a vanished device released. Path
 * MTUs learned from ICMP (RFC 1191) live in a small exception table
 * consulted when a route is made; a destination with one is forwarded
 * through a route of its own.
 */
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/time.h>
#include <net/route.h>
#include <net/neighbour.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/inetdevice.h>
#include <net/inet_utils.h>
#include <net/rtentry.h>
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <errno.h>
#include <string.h>

u32 rt_genid = 1;
u32 ip_rt_mtu_expires_ms = 10 * 60 * 1000;
u32 ip_rt_min_pmtu = 552;

/* A table entry and the forwarding route cached for it (held, or NULL). */
struct fib_entry {
	struct fib_route r;
	struct rtable *rth_input;
};

static struct fib_entry fib_table[FIB_MAX_ROUTES];
static unsigned int fib_count;
static struct kmem_cache *rt_cache;
static struct rt_cache_stat rt_stat;

#define PMTU_EXCEPTIONS 64
struct pmtu_exception {
	__be32 daddr;
	u32 mtu;
	u64 expires;		/* jiffies; 0 = free slot */
};
static struct pmtu_exception pmtu_table[PMTU_EXCEPTIONS];

static void rt_input_caches_release(void);

/*
 * Every cached result is of an older generation now: sockets look their
 * routes up again at their next send, and the input routes cached here
 * go at once, with the devices and neighbours they hold.
 */
void rt_cache_flush(void)
{
	local_bh_disable();
	rt_genid++;
	rt_input_caches_release();
	local_bh_enable();
}

/* Sort key: longer prefix first, then lower metric. */
static bool fib_before(const struct fib_route *a, const struct fib_route *b)
{
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen > b->prefixlen;
	return a->metric < b->metric;
}

static bool fib_same(const struct fib_route *a, const struct fib_route *b)
{
	return a->dst == b->dst && a->prefixlen == b->prefixlen &&
	       a->gateway == b->gateway && a->dev == b->dev &&
	       a->metric == b->metric;
}

static bool fib_match(const struct fib_route *r, __be32 daddr)
{
	return !((daddr ^ r->dst) & inet_make_mask(r->prefixlen));
}

static struct fib_entry *__fib_lookup(__be32 daddr, const struct net_device *oif)
{
	unsigned int i;

	for (i = 0; i < fib_count; i++) {
		const struct fib_route *r = &fib_table[i].r;

		if (!netif_running(r->dev) || (oif && r->dev != oif))
			continue;
		if (fib_match(r, daddr))
			return &fib_table[i];
	}
	return NULL;
}

bool fib_lookup(__be32 daddr, const struct net_device *oif, struct fib_route *out)
{
	const struct fib_entry *e;

	local_bh_disable();
	e = __fib_lookup(daddr, oif);
	if (e)
		*out = e->r;
	local_bh_enable();
	return e != NULL;
}

/* The device on which gateway is directly reachable, via a connected route. */
static struct net_device *fib_gateway_dev(__be32 gw, struct net_device *dev)
{
	const struct fib_entry *e = __fib_lookup(gw, dev);

	if (!e || e->r.gateway)
		return NULL;
	return e->r.dev;
}

static int fib_insert(const struct fib_route *nr)
{
	unsigned int i, pos = fib_count;

	for (i = 0; i < fib_count; i++) {
		if (fib_same(&fib_table[i].r, nr))
			return -EEXIST;
		if (pos == fib_count && fib_before(nr, &fib_table[i].r))
			pos = i;
	}
	if (fib_count == FIB_MAX_ROUTES)
		return -ENOSPC;
	memmove(&fib_table[pos + 1], &fib_table[pos],
		(fib_count - pos) * sizeof(fib_table[0]));
	fib_table[pos].r = *nr;
	fib_table[pos].rth_input = NULL;
	fib_count++;
	return 0;
}

int ip_route_add(const struct fib_route *r)
{
	struct fib_route nr = *r;
	int err;

	if (nr.prefixlen > 32)
		return -EINVAL;
	nr.dst &= inet_make_mask(nr.prefixlen);
	local_bh_disable();
	if (nr.gateway) {
		nr.dev = fib_gateway_dev(nr.gateway, nr.dev);
		nr.scope = RT_SCOPE_UNIVERSE;
	}
	if (!nr.dev) {
		err = nr.gateway ? -ENETUNREACH : -EINVAL;
		goto out;
	}
	err = fib_insert(&nr);
	if (!err)
		rt_cache_flush();
out:
	local_bh_enable();
	return err;
}

static void fib_remove_at(unsigned int i)
{
	ip_rt_put(fib_table[i].rth_input);
	memmove(&fib_table[i], &fib_table[i + 1],
		(fib_count - i - 1) * sizeof(fib_table[0]));
	fib_count--;
	rt_cache_flush();
}

int ip_route_del(__be32 dst, u8 prefixlen, __be32 gateway,
		 const struct net_device *dev)
{
	unsigned int i;
	int err = -ESRCH;

	if (prefixlen > 32)
		return -EINVAL;
	dst &= inet_make_mask(prefixlen);
	local_bh_disable();
	for (i = 0; i < fib_count; i++) {
		const struct fib_route *r = &fib_table[i].r;

		if (r->dst == dst && r->prefixlen == prefixlen &&
		    (!gateway || r->gateway == gateway) &&
		    (!dev || r->dev == dev)) {
			fib_remove_at(i);
			err = 0;
			break;
		}
	}
	local_bh_enable();
	return err;
}

void fib_flush_dev(const struct net_device *dev)
{
	unsigned int i = 0;

	local_bh_disable();
	while (i < fib_count) {
		if (fib_table[i].r.dev == dev)
			fib_remove_at(i);
		else
			i++;
	}
	local_bh_enable();
}

/*
 * /proc/net/route as Linux's fib_route_seq_show writes it: hex addresses
 * in network byte order read as a host integer, RTF_* flags, lines padded
 * to 127 columns. Skiff keeps no per-route MSS, window or RTT: zeros, as
 * Linux shows for routes without them.
 */
static void show_route(struct seq_buf *s)
{
	seq_printf(s, "%-127s\n", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
		   "Mask\t\tMTU\tWindow\tIRTT");
	local_bh_disable();
	for (unsigned int i = 0; i < fib_count; i++) {
		const struct fib_route *r = &fib_table[i].r;
		unsigned int flags = RTF_UP | (r->gateway ? RTF_GATEWAY : 0) |
				     (r->prefixlen == 32 ? RTF_HOST : 0);

		seq_setwidth(s, 127);
		seq_printf(s, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
			   r->dev ? r->dev->name : "*", r->dst, r->gateway, flags, 0, 0,
			   (int)r->metric, inet_make_mask(r->prefixlen), 0, 0, 0);
		seq_pad(s, '\n');
	}
	local_bh_enable();
}
PROC_ENTRY(net_route, "/proc/net/route", show_route);

static void routes_json(struct json_list *l)
{
	char dst[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];

	local_bh_disable();
	for (unsigned int i = 0; i < fib_count; i++) {
		const struct fib_route *r = &fib_table[i].r;

		json_sep(l);
		seq_printf(l->s, "{\"dst\":\"%s/%u\",\"gateway\":\"%s\",\"dev\":",
			   in4_ntop(r->dst, dst), r->prefixlen,
			   r->gateway ? in4_ntop(r->gateway, gw) : "");
		seq_json_str(l->s, r->dev ? r->dev->name : "");
		seq_printf(l->s, ",\"metric\":%u}", r->metric);
	}
	local_bh_enable();
}
STATS_JSON(routes, "routes", '[', routes_json);

/* ---- path MTU exceptions ---- */

static struct pmtu_exception *pmtu_find(__be32 daddr)
{
	unsigned int i;

	for (i = 0; i < PMTU_EXCEPTIONS; i++)
		if (pmtu_table[i].expires && pmtu_table[i].daddr == daddr)
			return &pmtu_table[i];
	return NULL;
}

/* A free or expired slot, else the one expiring soonest. */
static struct pmtu_exception *pmtu_slot(void)
{
	struct pmtu_exception *best = &pmtu_table[0];
	unsigned int i;

	for (i = 0; i < PMTU_EXCEPTIONS; i++) {
		struct pmtu_exception *e = &pmtu_table[i];

		if (!e->expires || time_after_eq(jiffies, e->expires))
			return e;
		if (time_before(e->expires, best->expires))
			best = e;
	}
	return best;
}

void ip_rt_update_pmtu(__be32 daddr, u32 mtu)
{
	struct pmtu_exception *e;

	/* RFC 1191 section 7: never go below a floor (Linux uses 552). */
	if (mtu < ip_rt_min_pmtu)
		mtu = ip_rt_min_pmtu;
	local_bh_disable();
	e = pmtu_find(daddr);
	if (e && e->mtu <= mtu && time_before(jiffies, e->expires))
		goto out;	/* RFC 1191 6.3: only ever lower it before expiry */
	if (!e)
		e = pmtu_slot();
	e->daddr = daddr;
	e->mtu = mtu;
	e->expires = jiffies + msecs_to_jiffies(ip_rt_mtu_expires_ms);
	if (!e->expires)
		e->expires = 1;
	rt_cache_flush();
out:
	local_bh_enable();
}

/* daddr's exception, if it has one that has not expired. */
static struct pmtu_exception *pmtu_current(__be32 daddr)
{
	struct pmtu_exception *e = pmtu_find(daddr);

	return e && time_before(jiffies, e->expires) ? e : NULL;
}

/* What the exception table says about daddr's path MTU, on a route to it. */
static void rt_apply_pmtu(struct rtable *rt, __be32 daddr)
{
	struct pmtu_exception *e = pmtu_current(daddr);

	if (e) {
		rt->dst.mtu = e->mtu;
		rt->dst.expires = e->expires;
	}
}

/* ---- rtables ---- */

static void rt_destroy(struct dst_entry *dst)
{
	struct rtable *rt = container_of(dst, struct rtable, dst);

	if (rt->rt_neigh)
		neigh_release(rt->rt_neigh);
	rt_stat.entries--;
	kmem_cache_free(rt_cache, rt);
}

static const struct dst_ops ipv4_dst_ops = {
	.destroy = rt_destroy,
};

static struct rtable *rt_dst_alloc(struct net_device *dev, u16 type, __be32 gateway)
{
	struct rtable *rt = kmem_cache_zalloc(rt_cache);

	if (!rt)
		return NULL;
	dst_init(&rt->dst, &ipv4_dst_ops, dev);
	rt->dst.genid = rt_genid;
	rt->dst.output = ip_output;
	rt->rt_type = type;
	rt->rt_gateway = gateway;
	rt_stat.entries++;
	return rt;
}

/* The device for a broadcast or multicast destination without a route. */
static struct net_device *output_dev_for_group(const struct flowi4 *fl4)
{
	const struct fib_entry *e;
	struct net_device *dev;

	if (fl4->oif)
		return dev_get_by_index(fl4->oif);
	for_each_netdev(dev)
		if (fl4->saddr && inet_ifa_byaddr(dev, fl4->saddr))
			return dev;
	e = __fib_lookup(fl4->daddr, NULL);
	return e ? e->r.dev : NULL;
}

static int __ip_route_output(struct flowi4 *fl4, struct rtable **rtp)
{
	struct net_device *oif = fl4->oif ? dev_get_by_index(fl4->oif) : NULL;
	const struct fib_entry *e = NULL;
	unsigned int type;
	struct net_device *dev;
	__be32 gw = 0;

	if (fl4->oif && !oif)
		return -ENODEV;
	if (fl4->saddr && inet_addr_type(fl4->saddr) != RTN_LOCAL)
		return -EINVAL;
	if (!fl4->daddr)
		fl4->daddr = fl4->saddr ? fl4->saddr : htonl(0x7f000001);
	type = inet_addr_type(fl4->daddr);
	if (type == RTN_LOCAL) {
		dev = loopback_dev;
		if (!fl4->saddr)
			fl4->saddr = fl4->daddr;
	} else if (ipv4_is_lbcast(fl4->daddr) || type == RTN_MULTICAST) {
		dev = output_dev_for_group(fl4);
	} else {
		e = __fib_lookup(fl4->daddr, oif);
		dev = e ? e->r.dev : NULL;
		gw = e ? e->r.gateway : 0;
	}
	if (!dev || !netif_running(dev))
		return -ENETUNREACH;
	if (!fl4->saddr)
		fl4->saddr = inet_select_addr(dev, gw ? gw : fl4->daddr,
					      e ? e->r.scope : RT_SCOPE_LINK);
	if (!fl4->saddr && type != RTN_BROADCAST && type != RTN_MULTICAST)
		return -EADDRNOTAVAIL;
	*rtp = rt_dst_alloc(dev, (u16)type, gw);
	if (!*rtp)
		return -ENOMEM;
	rt_apply_pmtu(*rtp, fl4->daddr);
	rt_stat.out_slow_tot++;
	if (type == RTN_BROADCAST || type == RTN_MULTICAST)
		rt_stat.out_slow_mc++;
	return 0;
}

int ip_route_output(struct flowi4 *fl4, struct rtable **rtp)
{
	int err;

	local_bh_disable();
	err = __ip_route_output(fl4, rtp);
	local_bh_enable();
	if (err == -ENETUNREACH)
		IP_INC_STATS(OUTNOROUTES);
	return err;
}

/*
 * RFC 1122 3.2.1.3 and RFC 1812 5.3.7: addresses that never appear as a
 * source. The reason, or SKB_NOT_DROPPED_YET for a good source.
 */
static enum skb_drop_reason martian_source(__be32 saddr, __be32 daddr,
					   const struct net_device *dev)
{
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr))
		return SKB_DROP_REASON_IP_INVALID_SOURCE;
	/* 0.0.0.0 only from a host learning its address (BOOTP/DHCP broadcast). */
	if (ipv4_is_zeronet(saddr))
		return saddr == 0 && ipv4_is_lbcast(daddr) ? SKB_NOT_DROPPED_YET :
		       SKB_DROP_REASON_IP_INVALID_SOURCE;
	if (ipv4_is_loopback(saddr) && !(dev->flags & IFF_LOOPBACK))
		return SKB_DROP_REASON_IP_LOCALNET;
	return inet_addr_type(saddr) == RTN_BROADCAST ?
	       SKB_DROP_REASON_IP_INVALID_SOURCE : SKB_NOT_DROPPED_YET;
}

/* Keep rt in the cache slot (a reference of its own), releasing what was there. */
static void rt_cache_route(struct rtable **slot, struct rtable *rt)
{
	ip_rt_put(*slot);
	*slot = container_of(dst_clone(&rt->dst), struct rtable, dst);
}

/*
 * Attach the input route cached in slot to skb, if there is one: it is
 * current, since rt_cache_flush empties every slot (Linux's
 * rt_cache_valid compares generations instead).
 */
static bool rt_input_cached(struct sk_buff *skb, struct rtable *const *slot)
{
	if (!slot || !*slot)
		return false;
	rt_stat.in_hit++;
	skb_dst_set(skb, dst_clone(&(*slot)->dst));
	return true;
}

/* A new input route, attached to skb and kept in slot (NULL: not cached). */
static enum skb_drop_reason rt_input_new(struct sk_buff *skb, struct rtable *rt,
					 struct rtable **slot)
{
	if (!rt)
		return SKB_DROP_REASON_NOMEM;
	rt_stat.in_slow_tot++;
	if (slot)
		rt_cache_route(slot, rt);
	skb_dst_set(skb, &rt->dst);
	return SKB_NOT_DROPPED_YET;
}

/* For us: the receiving device's cached route of this type (none without an address). */
static enum skb_drop_reason ip_route_input_local(struct sk_buff *skb,
						 struct net_device *dev, u16 type)
{
	struct in_device *idev = __in_dev_get(dev);
	struct rtable **slot = idev ? &idev->rth_input[type - RTN_LOCAL] : NULL;
	struct rtable *rt;

	if (type == RTN_BROADCAST)
		rt_stat.in_brd++;
	else if (type == RTN_MULTICAST)
		rt_stat.in_slow_mc++;
	if (rt_input_cached(skb, slot))
		return SKB_NOT_DROPPED_YET;
	rt = rt_dst_alloc(dev, type, 0);
	if (rt)
		rt->dst.input = ip_local_deliver;
	return rt_input_new(skb, rt, slot);
}

/* To forward: the table entry's cached route, or one of its own for a destination with a PMTU. */
static enum skb_drop_reason ip_route_input_forward(struct sk_buff *skb,
						   __be32 daddr)
{
	struct pmtu_exception *pe;
	struct fib_entry *e;
	struct rtable *rt;

	if (!ipv4_forward) {
		IP_INC_STATS(INADDRERRORS);
		return SKB_DROP_REASON_IP_FORWARD_DISABLED;
	}
	e = __fib_lookup(daddr, NULL);
	if (!e) {
		rt_stat.in_no_route++;
		IP_INC_STATS(INNOROUTES);
		return SKB_DROP_REASON_IP_INNOROUTES;
	}
	pe = pmtu_current(daddr);
	if (!pe && rt_input_cached(skb, &e->rth_input))
		return SKB_NOT_DROPPED_YET;
	rt = rt_dst_alloc(e->r.dev, RTN_UNICAST, e->r.gateway);
	if (rt) {
		rt->dst.input = ip_forward;
		rt_apply_pmtu(rt, daddr);
	}
	return rt_input_new(skb, rt, pe ? NULL : &e->rth_input);
}

void ip_rt_input_cache_release(struct in_device *idev)
{
	local_bh_disable();
	for (size_t i = 0; i < ARRAY_SIZE(idev->rth_input); i++) {
		ip_rt_put(idev->rth_input[i]);
		idev->rth_input[i] = NULL;
	}
	local_bh_enable();
}

static void rt_input_caches_release(void)
{
	struct net_device *dev;

	for (unsigned int i = 0; i < fib_count; i++) {
		ip_rt_put(fib_table[i].rth_input);
		fib_table[i].rth_input = NULL;
	}
	for_each_netdev(dev)
		if (__in_dev_get(dev))
			ip_rt_input_cache_release(__in_dev_get(dev));
}

enum skb_drop_reason ip_route_input(struct sk_buff *skb, __be32 daddr,
				    __be32 saddr, u8 tos __unused,
				    struct net_device *dev)
{
	enum skb_drop_reason reason;
	unsigned int type;

	local_bh_disable();
	reason = martian_source(saddr, daddr, dev);
	if (reason) {
		rt_stat.in_martian_src++;
		IP_INC_STATS(INADDRERRORS);
		goto out;
	}
	type = inet_addr_type(daddr);
	if (ipv4_is_loopback(daddr) && !(dev->flags & IFF_LOOPBACK)) {
		rt_stat.in_martian_dst++;
		IP_INC_STATS(INADDRERRORS);
		reason = SKB_DROP_REASON_IP_LOCALNET;
	} else if (type == RTN_LOCAL || type == RTN_BROADCAST ||
		   type == RTN_MULTICAST) {
		reason = ip_route_input_local(skb, dev, (u16)type);
	} else {
		reason = ip_route_input_forward(skb, daddr);
	}
out:
	local_bh_enable();
	return reason;
}

void rt_cache_get_stat(struct rt_cache_stat *out)
{
	local_bh_disable();
	*out = rt_stat;
	local_bh_enable();
}

/*
 * Linux's /proc/net/stat/rt_cache: a header, then a line per CPU in hex.
 * The hit and garbage-collection columns of its old route cache are
 * zero in Linux today; here in_hit counts the input routes served from
 * the caches, in_slow_tot those made anew.
 */
static void show_rt_cache(struct seq_buf *s)
{
	struct rt_cache_stat st;

	rt_cache_get_stat(&st);
	seq_puts(s, "entries  in_hit in_slow_tot in_slow_mc in_no_route in_brd "
		 "in_martian_dst in_martian_src  out_hit out_slow_tot out_slow_mc  "
		 "gc_total gc_ignored gc_goal_miss gc_dst_overflow in_hlist_search "
		 "out_hlist_search\n");
	seq_printf(s, "%08x  %08x %08x %08x %08x %08x %08x %08x  %08x %08x %08x "
		   "%08x %08x %08x %08x %08x %08x \n",
		   (u32)st.entries, (u32)st.in_hit, (u32)st.in_slow_tot,
		   (u32)st.in_slow_mc, (u32)st.in_no_route, (u32)st.in_brd,
		   (u32)st.in_martian_dst, (u32)st.in_martian_src, 0,
		   (u32)st.out_slow_tot, (u32)st.out_slow_mc, 0, 0, 0, 0, 0, 0);
}
PROC_ENTRY(net_stat_rt_cache, "/proc/net/stat/rt_cache", show_rt_cache);

static int route_netdev_event(struct notifier_block *nb __unused,
			      unsigned long event, void *ptr)
{
	struct net_device *dev = ptr;

	switch (event) {
	case NETDEV_UNREGISTER:
		fib_flush_dev(dev);
		rt_cache_flush();
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGEMTU:
		rt_cache_flush();
		break;
	}
	return 0;
}

static struct notifier_block route_notifier = {
	.notifier_call = route_netdev_event,
};

void ip_rt_init(void)
{
	rt_cache = kmem_cache_create("ip_dst_cache", sizeof(struct rtable), 8);
	BUG_ON(!rt_cache);
	register_netdevice_notifier(&route_notifier);
}
