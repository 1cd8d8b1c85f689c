/*
 * Building and parsing netlink messages and attributes in the kernel
 * (Linux lib/nlattr.c and the nlmsg_* helpers): every put checks the
 * skb's tailroom, every parsed attribute is checked against the bytes
 * really received.
 */
#include <net/netlink.h>

struct nlmsghdr *nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type,
			   int payload, int flags)
{
	int size = nlmsg_msg_size(payload);
	struct nlmsghdr *nlh;

	if (skb_tailroom(skb) < (unsigned int)NLMSG_ALIGN(size))
		return NULL;
	nlh = skb_put_zero(skb, (unsigned int)NLMSG_ALIGN(size));
	nlh->nlmsg_type = (u16)type;
	nlh->nlmsg_len = (u32)size;
	nlh->nlmsg_flags = (u16)flags;
	nlh->nlmsg_pid = portid;
	nlh->nlmsg_seq = seq;
	return nlh;
}

int nla_put(struct sk_buff *skb, int type, int len, const void *data)
{
	struct nlattr *nla;

	if (len < 0 || skb_tailroom(skb) < (unsigned int)nla_total_size(len))
		return -EMSGSIZE;
	nla = skb_put_zero(skb, (unsigned int)nla_total_size(len));
	nla->nla_type = (u16)type;
	nla->nla_len = (u16)nla_attr_size(len);
	if (len)
		memcpy(nla_data(nla), data, (size_t)len);
	return 0;
}

int nla_parse(struct nlattr **tb, int maxtype, const struct nlattr *head,
	      int len, const struct nla_policy *policy)
{
	const struct nlattr *nla;
	int rem;

	memset(tb, 0, sizeof(*tb) * (size_t)(maxtype + 1));
	nla_for_each_attr(nla, head, len, rem) {
		int type = nla_type(nla);

		if (type == 0 || type > maxtype)
			continue;
		if (policy && nla_len(nla) < policy[type].len)
			return -ERANGE;
		tb[type] = (struct nlattr *)nla;
	}
	/* What is left must be padding of the last attribute, never a part of one. */
	return rem > 0 ? -EINVAL : 0;
}

const char *nla_get_string(const struct nlattr *nla, size_t size)
{
	const char *s = nla_data(nla);
	int len = nla_len(nla);

	if (len <= 0 || memchr(s, '\0', (size_t)len) == NULL || strlen(s) >= size)
		return NULL;
	return s;
}
