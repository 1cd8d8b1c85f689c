/*
 * NETLINK_NETFILTER (Linux net/netfilter/nfnetlink.c) for Skiff's nft: the
 * request's text runs through nft_run, its output comes back in pieces,
 * the error message as one answer, and the result as the ACK.
 */
#include <net/netfilter/nfnetlink.h>
#include <net/netfilter/nf_tables.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <kernel/slab.h>
#include <skiff/nft.h>
#include <errno.h>
#include <string.h>

/* What one request may print: more is cut, and said to be. */
#define NFT_OUTPUT_MAX	(128 * 1024)

static int nfnl_answer(struct sock *sk, const struct nlmsghdr *req, int type,
		       const char *text, size_t len)
{
	struct sk_buff *skb = nlmsg_new((int)len + 1);
	struct nlmsghdr *nlh;

	if (!skb)
		return -ENOBUFS;
	nlh = nlmsg_put(skb, netlink_portid(sk), req->nlmsg_seq, type, (int)len + 1, 0);
	if (!nlh) {
		kfree_skb(skb);
		return -ENOBUFS;
	}
	memcpy(nlmsg_data(nlh), text, len);
	((char *)nlmsg_data(nlh))[len] = '\0';
	nlmsg_end(skb, nlh);
	return netlink_unicast(sk, skb);
}

static void nfnl_output(struct sock *sk, const struct nlmsghdr *req, const char *out,
			size_t len)
{
	for (size_t off = 0; off < len; off += NFT_OUTPUT_PIECE) {
		size_t n = len - off < NFT_OUTPUT_PIECE ? len - off : NFT_OUTPUT_PIECE;

		if (nfnl_answer(sk, req, NFT_MSG_SKIFF_OUTPUT, out + off, n))
			return;
	}
}

int nfnetlink_rcv_msg(struct sock *sk, struct nlmsghdr *nlh)
{
	int len = nlmsg_len(nlh);
	const char *text = nlmsg_data(nlh);
	char err[256];
	char *out;
	int ret;

	if (nlh->nlmsg_type != NFT_MSG_SKIFF_CMD)
		return -EOPNOTSUPP;
	if (len < 1 || !memchr(text, '\0', (size_t)len))
		return -EINVAL;
	out = kmalloc(NFT_OUTPUT_MAX);
	if (!out)
		return -ENOMEM;
	ret = nft_run(text, out, NFT_OUTPUT_MAX, err, sizeof(err));
	nfnl_output(sk, nlh, out, strlen(out));
	if (strlen(out) == NFT_OUTPUT_MAX - 1)
		nfnl_answer(sk, nlh, NFT_MSG_SKIFF_ERROR, "output cut at 128 KiB", 21);
	if (err[0])
		nfnl_answer(sk, nlh, NFT_MSG_SKIFF_ERROR, err, strlen(err));
	kfree(out);
	return ret;
}
