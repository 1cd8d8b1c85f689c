/*
 * rtnetlink: the NETLINK_ROUTE messages and their attributes, in Linux's
 * layout (include/uapi/linux/rtnetlink.h). Skiff answers RTM_GETLINK and
 * the qdisc messages; docs/netem.md.
 */
#ifndef _LINUX_RTNETLINK_H
#define _LINUX_RTNETLINK_H

#include <linux/types.h>
#include <linux/netlink.h>
#include <linux/if_link.h>

enum {
	RTM_BASE = 16,
	RTM_NEWLINK = 16,
	RTM_DELLINK,
	RTM_GETLINK,
	RTM_SETLINK,
	RTM_NEWQDISC = 36,
	RTM_DELQDISC,
	RTM_GETQDISC,
};

/* rtattr: the same TLV as struct nlattr, under its routing name. */
struct rtattr {
	unsigned short rta_len;
	unsigned short rta_type;
};

#define RTA_ALIGNTO	4U
#define RTA_ALIGN(len)	(((len) + RTA_ALIGNTO - 1) & ~(RTA_ALIGNTO - 1))
#define RTA_OK(rta, len) ((len) >= (int)sizeof(struct rtattr) && \
			  (rta)->rta_len >= sizeof(struct rtattr) && \
			  (rta)->rta_len <= (len))
#define RTA_NEXT(rta, attrlen) ((attrlen) -= RTA_ALIGN((rta)->rta_len), \
				(struct rtattr *)(((char *)(rta)) + RTA_ALIGN((rta)->rta_len)))
#define RTA_LENGTH(len)	(RTA_ALIGN(sizeof(struct rtattr)) + (len))
#define RTA_SPACE(len)	RTA_ALIGN(RTA_LENGTH(len))
#define RTA_DATA(rta)	((void *)(((char *)(rta)) + RTA_LENGTH(0)))
#define RTA_PAYLOAD(rta) ((int)((rta)->rta_len) - (int)RTA_LENGTH(0))

/* RTM_NEWLINK / RTM_GETLINK: a device. */
struct ifinfomsg {
	unsigned char ifi_family;
	unsigned char __ifi_pad;
	unsigned short ifi_type;	/* ARPHRD_* */
	int ifi_index;
	unsigned int ifi_flags;		/* IFF_* */
	unsigned int ifi_change;
};

#define IFLA_RTA(r)	((struct rtattr *)(((char *)(r)) + NLMSG_ALIGN(sizeof(struct ifinfomsg))))
#define IFLA_PAYLOAD(n)	NLMSG_PAYLOAD(n, sizeof(struct ifinfomsg))

/* RTM_*QDISC: a queueing discipline of a device. */
struct tcmsg {
	unsigned char tcm_family;
	unsigned char tcm__pad1;
	unsigned short tcm__pad2;
	int tcm_ifindex;
	__u32 tcm_handle;		/* major:minor, TC_H_MAKE */
	__u32 tcm_parent;		/* TC_H_ROOT, TC_H_INGRESS */
	__u32 tcm_info;
};

enum {
	TCA_UNSPEC,
	TCA_KIND,		/* "pfifo", "netem" */
	TCA_OPTIONS,		/* the kind's own (linux/pkt_sched.h) */
	TCA_STATS,
	TCA_XSTATS,		/* the kind's own counters */
	TCA_RATE,
	TCA_FCNT,
	TCA_STATS2,		/* nested TCA_STATS_* (linux/gen_stats.h) */
	TCA_STAB,
	TCA_PAD,
	__TCA_MAX
};

#define TCA_MAX (__TCA_MAX - 1)

#define TCA_RTA(r)	((struct rtattr *)(((char *)(r)) + NLMSG_ALIGN(sizeof(struct tcmsg))))
#define TCA_PAYLOAD(n)	NLMSG_PAYLOAD(n, sizeof(struct tcmsg))

#endif
