/*
 * Qdiscs from user space (Linux net/sched/sch_api.c): the rtnetlink
 * messages tc sends - RTM_NEWQDISC to add, replace or change a device's
 * root or ingress qdisc, RTM_DELQDISC to remove it, RTM_GETQDISC to read
 * it or dump them all with their counters - and /proc/net/qdisc, the
 * same report as `tc -s qdisc` prints it.
 *
 * NEW follows Linux's flags: NLM_F_CREATE|NLM_F_EXCL (tc add) creates
 * where only the default is, NLM_F_CREATE|NLM_F_REPLACE (tc replace)
 * creates or replaces, no flag (tc change) gives a live qdisc new options.
 * Deleting the root brings the default back.
 */
#include <kernel/procfs.h>
#include <kernel/net.h>
#include <kernel/slab.h>
#include <net/netdevice.h>
#include <net/pkt_sched.h>
#include <net/rtnetlink.h>
#include <linux/pkt_sched.h>
#include <linux/gen_stats.h>
#include <skiff/tc.h>
#include <errno.h>

static const struct Qdisc_ops *const qdisc_base[] = {
	&pfifo_qdisc_ops,
	&netem_qdisc_ops,
};

const struct Qdisc_ops *qdisc_lookup_ops(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(qdisc_base); i++)
		if (!strcmp(qdisc_base[i]->id, id))
			return qdisc_base[i];
	return NULL;
}

static struct Qdisc *qdisc_at(struct net_device *dev, u32 parent)
{
	return parent == TC_H_INGRESS ? dev->ingress_qdisc : dev->qdisc;
}

/* The root's default (handle 0) is not the user's: add may replace it, del may not. */
static bool qdisc_is_default(const struct Qdisc *sch)
{
	return sch->parent == TC_H_ROOT && sch->handle == 0;
}

/* Linux's qdisc_alloc_handle: 8001:, 8002:, ... skipping any in use on dev. */
static u32 qdisc_alloc_handle(struct net_device *dev)
{
	static u32 autohandle = TC_H_MAKE(0x80000000U, 0);

	for (int i = 0; i < 0x8000; i++) {
		autohandle += TC_H_MAKE(0x10000U, 0);
		if (autohandle == TC_H_MAKE(TC_H_ROOT, 0))
			autohandle = TC_H_MAKE(0x80000000U, 0);
		if (!(dev->qdisc && dev->qdisc->handle == autohandle))
			return autohandle;
	}
	return 0;
}

/* ---- filling a message ---- */

static u32 qdisc_backlog(const struct Qdisc *sch)
{
	const struct sk_buff *skb;
	u32 bytes = 0;

	skb_queue_walk(&sch->q, skb)
		bytes += skb->len;
	skb_queue_walk(&sch->gso_skb, skb)
		bytes += skb->len;
	return bytes;
}

/* TCA_STATS2 (and TCA_XSTATS, for older readers), as Linux's gnet_stats_copy_*. */
static int tc_fill_stats(struct sk_buff *skb, struct Qdisc *sch)
{
	struct gnet_dump d = { 0 };
	struct gnet_stats_basic bs = { 0 };
	struct gnet_stats_queue qs = { 0 };
	struct nlattr *nest;

	if (sch) {
		bs.bytes = sch->bstats.bytes;
		bs.packets = (u32)sch->bstats.packets;
		qs.qlen = qdisc_qlen(sch);
		qs.backlog = qdisc_backlog(sch);
		qs.drops = (u32)sch->qstats.drops;
		qs.requeues = (u32)sch->qstats.requeues;
		qs.overlimits = (u32)sch->qstats.overlimits;
		if (sch->ops->dump_stats)
			sch->ops->dump_stats(sch, &d);
	}
	nest = nla_nest_start_noflag(skb, TCA_STATS2);
	if (!nest ||
	    nla_put(skb, TCA_STATS_BASIC, sizeof(bs), &bs) ||
	    nla_put_u64(skb, TCA_STATS_PKT64, sch ? sch->bstats.packets : 0) ||
	    nla_put(skb, TCA_STATS_QUEUE, sizeof(qs), &qs) ||
	    (d.xstats && nla_put(skb, TCA_STATS_APP, d.xstats_len, d.xstats)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	if (d.xstats && nla_put(skb, TCA_XSTATS, d.xstats_len, d.xstats))
		return -EMSGSIZE;
	return 0;
}

int tc_fill_qdisc(struct sk_buff *skb, struct net_device *dev, struct Qdisc *sch,
		  u32 parent, u32 portid, u32 seq, int flags)
{
	struct nlmsghdr *nlh = nlmsg_put(skb, portid, seq, RTM_NEWQDISC,
					 sizeof(struct tcmsg), flags);
	struct tcmsg *tcm;

	if (!nlh)
		return -EMSGSIZE;
	tcm = nlmsg_data(nlh);
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = dev->ifindex;
	tcm->tcm_handle = sch ? sch->handle : 0;
	tcm->tcm_parent = parent;
	if (nla_put_string(skb, TCA_KIND, sch ? sch->ops->id : "noqueue") ||
	    (sch && sch->ops->dump(sch, skb)) || tc_fill_stats(skb, sch)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static int tc_send_qdisc(struct sock *sk, struct net_device *dev, u32 parent, u32 seq,
			 int flags)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE);
	int err;

	if (!skb)
		return -ENOBUFS;
	err = tc_fill_qdisc(skb, dev, qdisc_at(dev, parent), parent, netlink_portid(sk),
			    seq, flags);
	if (err) {
		consume_skb(skb);	/* a reply never sent, not a packet lost */
		return err;
	}
	return netlink_unicast(sk, skb);
}

/* ---- requests ---- */

static const struct nla_policy rtm_tca_policy[TCA_MAX + 1] = {
	[TCA_KIND] = { .len = 2 },
};

struct tc_request {
	const struct tcmsg *tcm;
	struct net_device *dev;
	const char *kind;		/* NULL when the request names none */
	const struct nlattr *opt;	/* TCA_OPTIONS, or NULL */
};

/* Check the request and find its device; parent is the root or the ingress. */
static int tc_parse_request(struct nlmsghdr *n, struct tc_request *r)
{
	struct nlattr *tca[TCA_MAX + 1];
	int err;

	if (nlmsg_len(n) < (int)sizeof(*r->tcm))
		return -EINVAL;
	r->tcm = nlmsg_data(n);
	err = nla_parse(tca, TCA_MAX, nlmsg_attrdata(n, sizeof(*r->tcm)),
			nlmsg_attrlen(n, sizeof(*r->tcm)), rtm_tca_policy);
	if (err)
		return err;
	r->kind = NULL;
	if (tca[TCA_KIND] && !(r->kind = nla_get_string(tca[TCA_KIND], IFNAMSIZ)))
		return -EINVAL;
	r->opt = tca[TCA_OPTIONS];
	r->dev = dev_get_by_index(r->tcm->tcm_ifindex);
	if (!r->dev)
		return -ENODEV;
	/* Skiff's qdiscs have no classes: there is nothing else to be a parent. */
	if (r->tcm->tcm_parent != TC_H_ROOT && r->tcm->tcm_parent != TC_H_INGRESS)
		return -EOPNOTSUPP;
	return 0;
}

/* The handle a new qdisc gets: the one asked for, or the next free one. */
static int tc_new_handle(const struct tc_request *r, u32 *handle)
{
	u32 h = r->tcm->tcm_handle;

	if (r->tcm->tcm_parent == TC_H_INGRESS) {
		*handle = TC_H_MAKE(TC_H_INGRESS, 0);
		return h && h != *handle ? -EINVAL : 0;
	}
	if (h && (TC_H_MIN(h) || TC_H_MAJ(h) == TC_H_MAKE(TC_H_INGRESS, 0)))
		return -EINVAL;
	*handle = h ? h : qdisc_alloc_handle(r->dev);
	return *handle ? 0 : -ENOSPC;
}

static int qdisc_create_graft(const struct tc_request *r, const struct Qdisc_ops *ops)
{
	struct Qdisc *new, *old;
	u32 handle;
	int err = tc_new_handle(r, &handle);

	if (err)
		return err;
	new = qdisc_create(r->dev, ops, r->tcm->tcm_parent, handle, r->opt, &err);
	if (!new)
		return err;
	old = dev_graft_qdisc(r->dev, r->tcm->tcm_parent, new, &err);
	if (old)
		qdisc_destroy(old);
	return 0;
}

static int tc_modify_qdisc(struct sock *sk, struct nlmsghdr *n)
{
	const struct Qdisc_ops *ops = NULL;
	struct tc_request r;
	struct Qdisc *q;
	int err = tc_parse_request(n, &r);

	if (err)
		return err;
	if (r.kind && !(ops = qdisc_lookup_ops(r.kind)))
		return -ENOENT;
	q = qdisc_at(r.dev, r.tcm->tcm_parent);
	if (q && !qdisc_is_default(q)) {
		bool same = (!r.tcm->tcm_handle || r.tcm->tcm_handle == q->handle) &&
			    (!ops || ops == q->ops);

		if (n->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (same)
			return r.opt ? q->ops->change(q, r.opt) : 0;
		/* Another kind or handle: only a replace may put it there. */
		if (!(n->nlmsg_flags & NLM_F_REPLACE))
			return -EINVAL;
		return qdisc_create_graft(&r, ops ? ops : q->ops);
	}
	if (!(n->nlmsg_flags & NLM_F_CREATE))
		return -ENOENT;
	if (!ops)
		return -EINVAL;
	return qdisc_create_graft(&r, ops);
}

static int tc_delete_qdisc(struct sock *sk, struct nlmsghdr *n)
{
	struct tc_request r;
	struct Qdisc *q, *old;
	int err = tc_parse_request(n, &r);

	if (err)
		return err;
	q = qdisc_at(r.dev, r.tcm->tcm_parent);
	if (!q || qdisc_is_default(q))
		return -ENOENT;
	if ((r.kind && strcmp(r.kind, q->ops->id)) ||
	    (r.tcm->tcm_handle && r.tcm->tcm_handle != q->handle))
		return -EINVAL;
	old = dev_graft_qdisc(r.dev, r.tcm->tcm_parent, NULL, &err);
	if (err)
		return err;
	qdisc_destroy(old);
	return 0;
}

/* One device's qdisc at the root (reported as noqueue when there is none) or ingress. */
static int tc_get_qdisc(struct sock *sk, struct nlmsghdr *n)
{
	struct tc_request r;
	int err = tc_parse_request(n, &r);

	if (err)
		return err;
	if (r.tcm->tcm_parent == TC_H_INGRESS && !r.dev->ingress_qdisc)
		return -ENOENT;
	return tc_send_qdisc(sk, r.dev, r.tcm->tcm_parent, n->nlmsg_seq, 0);
}

/* Every device's qdiscs, or one device's when tcm_ifindex names it. */
static int tc_dump_qdisc(struct sock *sk, struct nlmsghdr *n)
{
	const struct tcmsg *tcm = nlmsg_data(n);
	struct net_device *dev;
	int err;

	if (nlmsg_len(n) >= (int)sizeof(*tcm) && tcm->tcm_ifindex &&
	    !dev_get_by_index(tcm->tcm_ifindex))
		return -ENODEV;
	for_each_netdev(dev) {
		if (nlmsg_len(n) >= (int)sizeof(*tcm) && tcm->tcm_ifindex &&
		    tcm->tcm_ifindex != dev->ifindex)
			continue;
		err = tc_send_qdisc(sk, dev, TC_H_ROOT, n->nlmsg_seq, NLM_F_MULTI);
		if (!err && dev->ingress_qdisc)
			err = tc_send_qdisc(sk, dev, TC_H_INGRESS, n->nlmsg_seq, NLM_F_MULTI);
		if (err)
			return err;
	}
	return 0;
}

/* ---- /proc/net/qdisc: `tc -s qdisc` ---- */

static void show_one(struct seq_buf *s, struct net_device *dev, u32 parent)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE);
	char *text = NULL;
	int len;

	if (!skb || tc_fill_qdisc(skb, dev, qdisc_at(dev, parent), parent, 0, 0, 0))
		goto out;
	len = tc_print_qdisc((struct nlmsghdr *)skb->data, dev->name, true, NULL, 0);
	if (len < 0 || !(text = kmalloc((size_t)len + 1)))
		goto out;
	tc_print_qdisc((struct nlmsghdr *)skb->data, dev->name, true, text, (size_t)len + 1);
	seq_puts(s, text);
out:
	kfree(text);
	consume_skb(skb);
}

static void show_qdisc(struct seq_buf *s)
{
	struct net_device *dev;

	local_bh_disable();
	for_each_netdev(dev) {
		show_one(s, dev, TC_H_ROOT);
		if (dev->ingress_qdisc)
			show_one(s, dev, TC_H_INGRESS);
	}
	local_bh_enable();
}
PROC_ENTRY(net_qdisc, "/proc/net/qdisc", show_qdisc);

void pktsched_init(void)
{
	rtnl_register(RTM_NEWQDISC, tc_modify_qdisc, NULL);
	rtnl_register(RTM_DELQDISC, tc_delete_qdisc, NULL);
	rtnl_register(RTM_GETQDISC, tc_get_qdisc, tc_dump_qdisc);
}
