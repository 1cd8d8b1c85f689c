/*
 * nft: the ruleset, as nftables' nft tool - over NETLINK_NETFILTER and
 * nothing else: libc's skiff/nft.h turns the words into the request and
 * carries it (nft_talk), the answers are printed as they come. socket(2),
 * send(2), recv(2) and close(2) are all that touches the kernel.
 */
#include "shell.h"
#include <skiff/nft.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One command at a time: the request need not live on the stack. */
static struct nft_req req;

/* The answers printed as they come, as nft prints its output and errors. */
static void print_answer(int type, const char *text, void *arg)
{
	printf(type == NFT_MSG_SKIFF_ERROR ? "Error: %s\n" : "%s", text);
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
	rc = nft_talk(fd, &req, print_answer, NULL);
	close(fd);
	if (rc == -EPROTO)
		printf("nft: no answer from the kernel\n");
	return rc ? 1 : 0;
}
SHELL_CMD(nft, "nft", NFT_USAGE,
	  "the firewall and NAT ruleset in nftables' language: list it (-a: with "
	  "handles), add, insert and delete rules, chains and tables, flush", cmd_nft);
