/*
 * Netlink (RFC 3549): the message framing a socket of family AF_NETLINK
 * carries between a program and the kernel, in Linux's layout
 * (include/uapi/linux/netlink.h). Skiff speaks NETLINK_ROUTE (see
 * docs/netem.md for the subset) and NETLINK_NETFILTER for nft (skiff/nft.h).
 */
#ifndef _LINUX_NETLINK_H
#define _LINUX_NETLINK_H

#include <linux/types.h>

#define NETLINK_ROUTE		0	/* links, qdiscs (rtnetlink) */
#define NETLINK_NETFILTER	12	/* nft's rulesets */

#define SOL_NETLINK		270

struct sockaddr_nl {
	unsigned short nl_family;	/* AF_NETLINK */
	unsigned short nl_pad;		/* zero */
	__u32 nl_pid;			/* port ID: 0 is the kernel */
	__u32 nl_groups;		/* multicast groups (Skiff has none) */
};

struct nlmsghdr {
	__u32 nlmsg_len;		/* header included */
	__u16 nlmsg_type;		/* NLMSG_* or a family's type (RTM_*) */
	__u16 nlmsg_flags;		/* NLM_F_* */
	__u32 nlmsg_seq;		/* echoed in the replies */
	__u32 nlmsg_pid;		/* sender's port ID */
};

#define NLM_F_REQUEST	0x01	/* a request (every message to the kernel) */
#define NLM_F_MULTI	0x02	/* part of a dump, ended by NLMSG_DONE */
#define NLM_F_ACK	0x04	/* answer with NLMSG_ERROR, error 0 on success */
#define NLM_F_ECHO	0x08

/* Modifiers to GET. */
#define NLM_F_ROOT	0x100
#define NLM_F_MATCH	0x200
#define NLM_F_DUMP	(NLM_F_ROOT | NLM_F_MATCH)

/* Modifiers to NEW. */
#define NLM_F_REPLACE	0x100	/* override what exists */
#define NLM_F_EXCL	0x200	/* fail if it exists */
#define NLM_F_CREATE	0x400	/* create if it does not exist */

/* NLMSG_ERROR flags. */
#define NLM_F_CAPPED	0x100	/* the request's payload was left out */

#define NLMSG_ALIGNTO	4U
#define NLMSG_ALIGN(len) (((len) + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1))
#define NLMSG_HDRLEN	((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))
#define NLMSG_LENGTH(len) ((len) + NLMSG_HDRLEN)
#define NLMSG_SPACE(len) NLMSG_ALIGN(NLMSG_LENGTH(len))
#define NLMSG_DATA(nlh)	((void *)(((char *)(nlh)) + NLMSG_HDRLEN))
#define NLMSG_NEXT(nlh, len) ((len) -= NLMSG_ALIGN((nlh)->nlmsg_len), \
			      (struct nlmsghdr *)(((char *)(nlh)) + NLMSG_ALIGN((nlh)->nlmsg_len)))
#define NLMSG_OK(nlh, len) ((len) >= (int)sizeof(struct nlmsghdr) && \
			    (nlh)->nlmsg_len >= sizeof(struct nlmsghdr) && \
			    (nlh)->nlmsg_len <= (unsigned int)(len))
#define NLMSG_PAYLOAD(nlh, len) ((nlh)->nlmsg_len - NLMSG_SPACE(len))

#define NLMSG_NOOP	0x1	/* nothing */
#define NLMSG_ERROR	0x2	/* struct nlmsgerr: an error, or 0 as an ACK */
#define NLMSG_DONE	0x3	/* the end of a dump */
#define NLMSG_OVERRUN	0x4
#define NLMSG_MIN_TYPE	0x10	/* below: control messages */

struct nlmsgerr {
	int error;		/* negative errno, or 0 */
	struct nlmsghdr msg;	/* the request's header */
};

/* Attributes: type-length-value, padded to four octets. */
struct nlattr {
	__u16 nla_len;		/* header included */
	__u16 nla_type;
};

#define NLA_F_NESTED		(1 << 15)
#define NLA_F_NET_BYTEORDER	(1 << 14)
#define NLA_TYPE_MASK		(~(NLA_F_NESTED | NLA_F_NET_BYTEORDER))

#define NLA_ALIGNTO	4
#define NLA_ALIGN(len)	(((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
#define NLA_HDRLEN	((int)NLA_ALIGN(sizeof(struct nlattr)))

#endif
