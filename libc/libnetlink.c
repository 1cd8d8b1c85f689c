/*
 * Netlink message building and parsing for programs (iproute2's
 * lib/libnetlink.c helpers; skiff/libnetlink.h): bounds first, always.
 */
#include <skiff/libnetlink.h>
#include <string.h>

int addattr_l(struct nlmsghdr *n, size_t maxlen, int type, const void *data, size_t alen)
{
	size_t len = RTA_LENGTH(alen);
	struct rtattr *rta;

	if (alen > 0xffff - RTA_LENGTH(0) || NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(len) > maxlen)
		return -1;
	rta = NLMSG_TAIL(n);
	rta->rta_type = (unsigned short)type;
	rta->rta_len = (unsigned short)len;
	if (alen)
		memcpy(RTA_DATA(rta), data, alen);
	memset((char *)RTA_DATA(rta) + alen, 0, RTA_ALIGN(len) - len);
	n->nlmsg_len = (__u32)(NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(len));
	return 0;
}

int addattr32(struct nlmsghdr *n, size_t maxlen, int type, __u32 data)
{
	return addattr_l(n, maxlen, type, &data, sizeof(data));
}

int addattr64(struct nlmsghdr *n, size_t maxlen, int type, __u64 data)
{
	return addattr_l(n, maxlen, type, &data, sizeof(data));
}

int parse_rtattr(struct rtattr *tb[], int max, struct rtattr *rta, int len)
{
	memset(tb, 0, sizeof(struct rtattr *) * (size_t)(max + 1));
	while (RTA_OK(rta, len)) {
		if (rta->rta_type <= max && !tb[rta->rta_type])
			tb[rta->rta_type] = rta;
		rta = RTA_NEXT(rta, len);
	}
	return len > 0 ? -1 : 0;
}

int parse_rtattr_nested_compat(struct rtattr *tb[], int max, struct rtattr *rta,
			       size_t len)
{
	int payload = RTA_PAYLOAD(rta);

	if (payload < 0 || (size_t)payload < len)
		return -1;
	return parse_rtattr(tb, max, (struct rtattr *)((char *)RTA_DATA(rta) + RTA_ALIGN(len)),
			    payload - (int)RTA_ALIGN(len));
}

__u32 rta_getattr_u32(const struct rtattr *rta)
{
	__u32 v;

	memcpy(&v, RTA_DATA(rta), sizeof(v));
	return v;
}

__u64 rta_getattr_u64(const struct rtattr *rta)
{
	__u64 v;

	memcpy(&v, RTA_DATA(rta), sizeof(v));
	return v;
}
