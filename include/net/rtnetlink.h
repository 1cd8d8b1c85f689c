/*
 * rtnetlink: the NETLINK_ROUTE messages a subsystem answers (Linux
 * include/net/rtnetlink.h). A subsystem registers a handler per message
 * type; rtnetlink_rcv_msg calls doit for a request, dumpit for a GET with
 * NLM_F_DUMP, then closes the dump with NLMSG_DONE.
 *
 * Handlers run in process context with bottom halves off (rtnl_lock):
 * the packet path, which runs in softirq, never sees a half-made change.
 */
#ifndef _NET_RTNETLINK_H
#define _NET_RTNETLINK_H

#include <kernel/softirq.h>
#include <net/netlink.h>
#include <linux/rtnetlink.h>

struct sock;

/* Answer the request in nlh on sk. 0 (acknowledged if asked) or -errno. */
typedef int (*rtnl_doit_func)(struct sock *sk, struct nlmsghdr *nlh);
/* Queue one NLM_F_MULTI message per object on sk. 0 or -errno. */
typedef int (*rtnl_dumpit_func)(struct sock *sk, struct nlmsghdr *nlh);

void rtnl_register(int msgtype, rtnl_doit_func doit, rtnl_dumpit_func dumpit);

/* What rtnetlink_rcv_msg returns for a dump: answered by its parts, no ACK. */
#define RTNL_DUMPED	1

/* One request from sk: 0, -errno, or RTNL_DUMPED. */
int rtnetlink_rcv_msg(struct sock *sk, struct nlmsghdr *nlh);

/* Configuration changes are serialised against the packet path. */
static inline void rtnl_lock(void)
{
	local_bh_disable();
}

static inline void rtnl_unlock(void)
{
	local_bh_enable();
}

void rtnetlink_init(void);

#endif
