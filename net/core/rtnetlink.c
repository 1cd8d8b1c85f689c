/*
 * rtnetlink (Linux net/core/rtnetlink.c): the dispatch of NETLINK_ROUTE
 * requests to the subsystems that registered for their types, and the
 * link messages themselves (RTM_GETLINK), which is how a tool such as tc
 * maps interface names to the indexes its requests carry.
 */
#include <net/rtnetlink.h>
#include <net/netdevice.h>
#include <net/sch_generic.h>
#include <net/sock.h>
#include <errno.h>

#define RTM_NR_MSGTYPES	(RTM_GETQDISC + 1 - RTM_BASE)

struct rtnl_link {
	rtnl_doit_func doit;
	rtnl_dumpit_func dumpit;
};

static struct rtnl_link rtnl_msg_handlers[RTM_NR_MSGTYPES];

void rtnl_register(int msgtype, rtnl_doit_func doit, rtnl_dumpit_func dumpit)
{
	BUG_ON(msgtype < RTM_BASE || msgtype >= RTM_BASE + RTM_NR_MSGTYPES);
	rtnl_msg_handlers[msgtype - RTM_BASE].doit = doit;
	rtnl_msg_handlers[msgtype - RTM_BASE].dumpit = dumpit;
}

/* The end of a dump: NLMSG_DONE carrying the dump's result (Linux's layout). */
static void rtnl_dump_done(struct sock *sk, const struct nlmsghdr *req, int err)
{
	struct sk_buff *skb = nlmsg_new(sizeof(int));
	struct nlmsghdr *nlh;

	if (!skb) {
		netlink_overrun(sk);
		return;
	}
	nlh = nlmsg_put(skb, netlink_portid(sk), req->nlmsg_seq, NLMSG_DONE,
			sizeof(int), NLM_F_MULTI);
	memcpy(nlmsg_data(nlh), &err, sizeof(err));
	nlmsg_end(skb, nlh);
	netlink_unicast(sk, skb);
}

int rtnetlink_rcv_msg(struct sock *sk, struct nlmsghdr *nlh)
{
	int type = nlh->nlmsg_type;
	const struct rtnl_link *link;
	int err;

	if (type < RTM_BASE || type >= RTM_BASE + RTM_NR_MSGTYPES)
		return -EOPNOTSUPP;
	link = &rtnl_msg_handlers[type - RTM_BASE];
	/* Types come in fours, NEW, DEL, GET, SET: a GET may ask for a dump. */
	if (((type - RTM_BASE) & 3) == 2 &&
	    (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
		if (!link->dumpit)
			return -EOPNOTSUPP;
		rtnl_lock();
		err = link->dumpit(sk, nlh);
		rtnl_unlock();
		rtnl_dump_done(sk, nlh, err);
		return RTNL_DUMPED;
	}
	if (!link->doit)
		return -EOPNOTSUPP;
	rtnl_lock();
	err = link->doit(sk, nlh);
	rtnl_unlock();
	return err;
}

/* ---- links ---- */

static int rtnl_fill_ifinfo(struct sk_buff *skb, struct net_device *dev, u32 portid,
			    u32 seq, int flags)
{
	struct nlmsghdr *nlh = nlmsg_put(skb, portid, seq, RTM_NEWLINK,
					 sizeof(struct ifinfomsg), flags);
	struct ifinfomsg *ifm;

	if (!nlh)
		return -EMSGSIZE;
	ifm = nlmsg_data(nlh);
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_type = dev->type;
	ifm->ifi_index = dev->ifindex;
	ifm->ifi_flags = dev->flags;
	if (nla_put_string(skb, IFLA_IFNAME, dev->name) ||
	    nla_put_u32(skb, IFLA_MTU, dev->mtu) ||
	    nla_put_u32(skb, IFLA_TXQLEN, dev->tx_queue_len) ||
	    nla_put_string(skb, IFLA_QDISC, dev->qdisc ? dev->qdisc->ops->id : "noqueue") ||
	    (dev->addr_len && nla_put(skb, IFLA_ADDRESS, dev->addr_len, dev->dev_addr))) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static int rtnl_send_ifinfo(struct sock *sk, struct net_device *dev, u32 seq, int flags)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE);
	int err;

	if (!skb)
		return -ENOBUFS;
	err = rtnl_fill_ifinfo(skb, dev, netlink_portid(sk), seq, flags);
	if (err) {
		consume_skb(skb);	/* a reply never sent, not a packet lost */
		return err;
	}
	return netlink_unicast(sk, skb);
}

static const struct nla_policy ifla_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .len = 1 },
};

/* One link, by ifi_index or by IFLA_IFNAME. */
static int rtnl_getlink(struct sock *sk, struct nlmsghdr *nlh)
{
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifm;
	struct net_device *dev = NULL;
	int err;

	if (nlmsg_len(nlh) < (int)sizeof(*ifm))
		return -EINVAL;
	ifm = nlmsg_data(nlh);
	err = nla_parse(tb, IFLA_MAX, nlmsg_attrdata(nlh, sizeof(*ifm)),
			nlmsg_attrlen(nlh, sizeof(*ifm)), ifla_policy);
	if (err)
		return err;
	if (ifm->ifi_index > 0) {
		dev = dev_get_by_index(ifm->ifi_index);
	} else if (tb[IFLA_IFNAME]) {
		const char *name = nla_get_string(tb[IFLA_IFNAME], IFNAMSIZ);

		if (!name)
			return -EINVAL;
		dev = dev_get_by_name(name);
	} else {
		return -EINVAL;
	}
	if (!dev)
		return -ENODEV;
	return rtnl_send_ifinfo(sk, dev, nlh->nlmsg_seq, 0);
}

static int rtnl_dump_ifinfo(struct sock *sk, struct nlmsghdr *nlh)
{
	struct net_device *dev;
	int err;

	for_each_netdev(dev) {
		err = rtnl_send_ifinfo(sk, dev, nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			return err;
	}
	return 0;
}

void rtnetlink_init(void)
{
	rtnl_register(RTM_GETLINK, rtnl_getlink, rtnl_dump_ifinfo);
}
