/*
 * nft: the ruleset, as nftables' nft tool - over NETLINK_NETFILTER and
 * nothing else: libc's skiff/nft.h turns the words into the request, the
 * answers are printed as they come. The socket calls below are all that
 * touches the kernel, so this file moves to user space as it is, with
 * socket(2), send(2), recv(2) and close(2) in their place.
 */
#include "shell.h"
#include <kernel/net.h>
#include <skiff/nft.h>
#include <errno.h>
#include <string.h>

#define NFT_ANSWER_MAX	(NFT_OUTPUT_PIECE + 256)

/* Single-threaded shell: the buffers need not live on the stack. */
static struct nft_req req;
static char answer[NFT_ANSWER_MAX];

static int nft_send(struct socket *sock)
{
	struct msghdr msg = { 0 };
	struct kvec v = { &req, req.n.nlmsg_len };

	req.n.nlmsg_seq = 1;
	return kernel_sendmsg(sock, &msg, &v, 1, req.n.nlmsg_len);
}

/* The kernel answers while the request is sent: nothing queued means no answer. */
static int nft_recv(struct socket *sock)
{
	struct msghdr msg = { 0 };
	struct kvec v = { answer, sizeof(answer) };

	return kernel_recvmsg(sock, &msg, &v, 1, sizeof(answer), MSG_DONTWAIT);
}

/* Print the answers until the ACK: its result, 0 or -errno. */
static int nft_talk(struct socket *sock)
{
	int len = nft_send(sock);

	if (len < 0)
		return len;
	while ((len = nft_recv(sock)) > 0) {
		for (struct nlmsghdr *h = (struct nlmsghdr *)answer; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
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
			if (h->nlmsg_type == NFT_MSG_SKIFF_OUTPUT)
				sh_printf("%s", text);
			else if (h->nlmsg_type == NFT_MSG_SKIFF_ERROR)
				sh_printf("Error: %s\n", text);
		}
	}
	return len < 0 ? len : -EPROTO;
}

static int cmd_nft(int argc, char **argv)
{
	struct socket *sock;
	char err[200];
	int rc;

	if (nft_build_request(argc - 1, argv + 1, &req, err, sizeof(err))) {
		sh_printf("nft: %s\n", err);
		return 1;
	}
	rc = sock_create_kern(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER, &sock);
	if (rc) {
		sh_printf("nft: cannot open a netlink socket: %s\n", strerror(-rc));
		return 1;
	}
	rc = nft_talk(sock);
	sock_release(sock);
	if (rc == -EPROTO)
		sh_printf("nft: no answer from the kernel\n");
	return rc ? 1 : 0;
}
SHELL_CMD(nft, "nft", NFT_USAGE,
	  "the firewall and NAT ruleset in nftables' language: list it (-a: with "
	  "handles), add, insert and delete rules, chains and tables, flush", cmd_nft);
