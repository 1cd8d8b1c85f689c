/*
 * Netlink messages inside the kernel (Linux include/net/netlink.h): a
 * reply is built in an sk_buff with nlmsg_put and nla_put*, each of which
 * checks the tailroom first and fails with -EMSGSIZE instead of writing
 * past it; a request's attributes are indexed with nla_parse, which
 * checks every length against the bytes really there. The framing and
 * the attribute layout are the user ABI of <linux/netlink.h>.
 */
#ifndef _NET_NETLINK_H
#define _NET_NETLINK_H

#include <kernel/types.h>
#include <net/skbuff.h>
#include <linux/netlink.h>
#include <errno.h>
#include <string.h>

struct sock;

/* Room for one reply message: a qdisc or a link with all its attributes. */
#define NLMSG_DEFAULT_SIZE	2048

/* ---- messages ---- */

static inline int nlmsg_msg_size(int payload)
{
	return NLMSG_HDRLEN + payload;
}

static inline int nlmsg_total_size(int payload)
{
	return NLMSG_ALIGN(nlmsg_msg_size(payload));
}

static inline void *nlmsg_data(const struct nlmsghdr *nlh)
{
	return (unsigned char *)nlh + NLMSG_HDRLEN;
}

/* Payload bytes after the header. */
static inline int nlmsg_len(const struct nlmsghdr *nlh)
{
	return (int)nlh->nlmsg_len - NLMSG_HDRLEN;
}

/* The attributes after a family header of hdrlen bytes. */
static inline struct nlattr *nlmsg_attrdata(const struct nlmsghdr *nlh, int hdrlen)
{
	return (struct nlattr *)((unsigned char *)nlmsg_data(nlh) + NLMSG_ALIGN(hdrlen));
}

static inline int nlmsg_attrlen(const struct nlmsghdr *nlh, int hdrlen)
{
	return nlmsg_len(nlh) - NLMSG_ALIGN(hdrlen);
}

/* An empty skb for one message of payload bytes; NULL when memory is short. */
static inline struct sk_buff *nlmsg_new(int payload)
{
	return alloc_skb((unsigned int)nlmsg_total_size(payload));
}

/*
 * Start a message with payload bytes of family header (zeroed); NULL if
 * the skb has no room. Finish it with nlmsg_end.
 */
struct nlmsghdr *nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type,
			   int payload, int flags);

/* Set the message's length to cover everything put since nlmsg_put. */
static inline void nlmsg_end(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = (u32)(skb->tail - (unsigned char *)nlh);
}

/* Take back a message that did not fit. */
static inline void nlmsg_cancel(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	skb_trim(skb, (unsigned int)((unsigned char *)nlh - skb->data));
}

/* ---- attributes ---- */

static inline int nla_attr_size(int payload)
{
	return NLA_HDRLEN + payload;
}

static inline int nla_total_size(int payload)
{
	return NLA_ALIGN(nla_attr_size(payload));
}

static inline void *nla_data(const struct nlattr *nla)
{
	return (unsigned char *)nla + NLA_HDRLEN;
}

static inline int nla_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static inline int nla_type(const struct nlattr *nla)
{
	return nla->nla_type & NLA_TYPE_MASK;
}

/* True when nla is a whole attribute within the remaining bytes. */
static inline bool nla_ok(const struct nlattr *nla, int remaining)
{
	return remaining >= (int)sizeof(*nla) && nla->nla_len >= sizeof(*nla) &&
	       nla->nla_len <= remaining;
}

static inline struct nlattr *nla_next(const struct nlattr *nla, int *remaining)
{
	int totlen = NLA_ALIGN(nla->nla_len);

	*remaining -= totlen;
	return (struct nlattr *)((unsigned char *)nla + totlen);
}

#define nla_for_each_attr(pos, head, len, rem)				\
	for (pos = head, rem = len; nla_ok(pos, rem); pos = nla_next(pos, &(rem)))

/* Attribute data is only 4-aligned: wider values are copied out. */
static inline u32 nla_get_u32(const struct nlattr *nla)
{
	u32 v;

	memcpy(&v, nla_data(nla), sizeof(v));
	return v;
}

static inline u64 nla_get_u64(const struct nlattr *nla)
{
	u64 v;

	memcpy(&v, nla_data(nla), sizeof(v));
	return v;
}

/* The least payload each attribute type must carry (0: anything). */
struct nla_policy {
	u16 len;
};

/*
 * Index the attributes in head[0..len) by type into tb[0..maxtype]
 * (unknown types are skipped, as Linux does for newer senders). -EINVAL
 * for bytes that do not form a whole attribute, -ERANGE for one shorter
 * than its policy allows.
 */
int nla_parse(struct nlattr **tb, int maxtype, const struct nlattr *head,
	      int len, const struct nla_policy *policy);

/* Each returns 0, or -EMSGSIZE (nothing written) when the skb is full. */
int nla_put(struct sk_buff *skb, int type, int len, const void *data);

static inline int nla_put_u32(struct sk_buff *skb, int type, u32 value)
{
	return nla_put(skb, type, sizeof(value), &value);
}

static inline int nla_put_u64(struct sk_buff *skb, int type, u64 value)
{
	return nla_put(skb, type, sizeof(value), &value);
}

static inline int nla_put_string(struct sk_buff *skb, int type, const char *s)
{
	return nla_put(skb, type, (int)strlen(s) + 1, s);
}

/*
 * A nested attribute: start it, put its members, end it; NULL if full.
 * Without NLA_F_NESTED in the type, as rtnetlink's TCA_STATS2 has always
 * been sent (iproute2 compares the type as it is).
 */
static inline struct nlattr *nla_nest_start_noflag(struct sk_buff *skb, int type)
{
	struct nlattr *start = (struct nlattr *)skb->tail;

	return nla_put(skb, type, 0, NULL) ? NULL : start;
}

static inline void nla_nest_end(struct sk_buff *skb, struct nlattr *start)
{
	start->nla_len = (u16)(skb->tail - (unsigned char *)start);
}

/* A NUL-terminated string attribute of at most size - 1 characters, or NULL. */
const char *nla_get_string(const struct nlattr *nla, size_t size);

/* ---- the socket side (net/netlink/af_netlink.c) ---- */

/*
 * Queue skb (one or more messages) for the socket to read. Consumes skb.
 * -ENOBUFS when the receive buffer is full: the socket then reports
 * ENOBUFS once, as Linux's netlink_overrun.
 */
int netlink_unicast(struct sock *sk, struct sk_buff *skb);
/* An answer was lost (no memory, full buffer): the socket reports ENOBUFS once. */
void netlink_overrun(struct sock *sk);
/* Answer nlh with NLMSG_ERROR carrying err (0: an acknowledgement). */
void netlink_ack(struct sock *sk, const struct nlmsghdr *nlh, int err);
/* The port ID the socket's replies are addressed to. */
u32 netlink_portid(const struct sock *sk);
void netlink_proto_init(void);

#endif
