/*
 * nft_talk: one nft request over a NETLINK_NETFILTER socket and its
 * answers (skiff/nft.h) - the shell's nft and httpd's /api/firewall both
 * read the ruleset this way.
 */
#include <skiff/nft.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#define NFT_ANSWER_MAX	(NFT_OUTPUT_PIECE + 256)

/* One exchange at a time per program: the buffer need not live on the stack. */
static char answer[NFT_ANSWER_MAX];

int nft_talk(int fd, struct nft_req *req, nft_answer_fn fn, void *arg)
{
	ssize_t len;

	req->n.nlmsg_seq = 1;
	if (send(fd, req, req->n.nlmsg_len, 0) < 0)
		return -errno;
	/* The kernel answers while the request is sent: nothing queued means no answer. */
	while ((len = recv(fd, answer, sizeof(answer), MSG_DONTWAIT)) > 0) {
		int left = (int)len;

		for (struct nlmsghdr *h = (struct nlmsghdr *)answer; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			const char *text = NLMSG_DATA(h);
			int tlen = (int)h->nlmsg_len - NLMSG_HDRLEN;

			if (h->nlmsg_type == NLMSG_ERROR) {
				int err;

				if (tlen < (int)sizeof(err))
					return -EPROTO;
				memcpy(&err, text, sizeof(err));
				return err;
			}
			if (tlen < 1 || text[tlen - 1])
				continue;
			if (h->nlmsg_type == NFT_MSG_SKIFF_OUTPUT ||
			    h->nlmsg_type == NFT_MSG_SKIFF_ERROR)
				fn(h->nlmsg_type, text, arg);
		}
	}
	return len < 0 && errno != EAGAIN ? -errno : -EPROTO;
}
