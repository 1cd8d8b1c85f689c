/*
 * Building and reading netlink messages in a program (the helpers of
 * iproute2's lib/libnetlink.c): a request is a struct nlmsghdr followed
 * by its family header in a buffer of maxlen bytes; every add checks that
 * bound first. Pure functions, shared by the kernel and the services.
 */
#ifndef _SKIFF_LIBNETLINK_H
#define _SKIFF_LIBNETLINK_H

#include <stddef.h>
#include <linux/rtnetlink.h>

/* Where the next attribute of n goes. */
#define NLMSG_TAIL(nmsg) ((struct rtattr *)(((char *)(nmsg)) + NLMSG_ALIGN((nmsg)->nlmsg_len)))

/* Append attribute type with alen bytes of data: 0, or -1 if it would pass maxlen. */
int addattr_l(struct nlmsghdr *n, size_t maxlen, int type, const void *data, size_t alen);
int addattr32(struct nlmsghdr *n, size_t maxlen, int type, __u32 data);
int addattr64(struct nlmsghdr *n, size_t maxlen, int type, __u64 data);

/*
 * Index the attributes in rta[0..len) by type into tb[0..max] (others are
 * skipped). Every attribute is checked against the bytes left first; -1
 * if the bytes do not end on an attribute boundary.
 */
int parse_rtattr(struct rtattr *tb[], int max, struct rtattr *rta, int len);
/*
 * The attributes nested in rta after a leading struct of len bytes (the
 * layout of netem's TCA_OPTIONS). -1 if rta is shorter than that struct.
 */
int parse_rtattr_nested_compat(struct rtattr *tb[], int max, struct rtattr *rta,
			       size_t len);

/* Attribute payloads are 4-aligned: wide values are copied out. */
__u32 rta_getattr_u32(const struct rtattr *rta);
__u64 rta_getattr_u64(const struct rtattr *rta);

#endif
