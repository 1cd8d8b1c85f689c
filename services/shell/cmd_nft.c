/*
 * nft: the ruleset, as nftables' nft tool - over NETLINK_NETFILTER and
 * nothing else: libc's skiff/nft.h turns the words into the request, the
 * answers are printed as they come. socket(2), send(2), recv(2) and
 * close(2) are all that touches the kernel.
 */
#include "shell.h"
#include <skiff/nft.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NFT_ANSWER_MAX	(NFT_OUTPUT_PIECE + 256)

/* One command at a time: the buffers need not live on the stack. */
static struct nft_req req;
static char answer[NFT_ANSWER_MAX];

/* Print the answers until the ACK: its result, 0 or -errno. */
static int nft_talk(int fd)
{
	ssize_t len;

	req.n.nlmsg_seq = 1;
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
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
			if (h->nlmsg_type == NFT_MSG_SKIFF_OUTPUT)
				printf("%s", text);
			else if (h->nlmsg_type == NFT_MSG_SKIFF_ERROR)
				printf("Error: %s\n", text);
		}
	}
	return len < 0 && errno != EAGAIN ? -errno : -EPROTO;
}

static int cmd_nft(int argc, char **argv)
{
	char err[200];
	int fd, rc;

	if (nft_build_request(argc - 1, argv + 1, &req, err, sizeof(err))) {
		printf("nft: %s\n", err);
		return 1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0)
		return shell_error("nft", "netlink socket");
	rc = nft_talk(fd);
	close(fd);
	if (rc == -EPROTO)
		printf("nft: no answer from the kernel\n");
	return rc ? 1 : 0;
}
SHELL_CMD(nft, "nft", NFT_USAGE,
	  "the firewall and NAT ruleset in nftables' language: list it (-a: with "
	  "handles), add, insert and delete rules, chains and tables, flush", cmd_nft);
