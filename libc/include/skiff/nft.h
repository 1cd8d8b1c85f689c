/*
 * nft, the nftables tool, over Skiff's NETLINK_NETFILTER. Linux's nft
 * compiles rules to nf_tables expressions in user space and sends them as
 * netlink attributes; Skiff's kernel reads nft's own language instead (it
 * must anyway: a ruleset file is loaded at boot before any program runs),
 * so the one request carries the command's text and the answers carry
 * what nft prints. Errors come back as text naming the token, then as the
 * NLMSG_ERROR errno, like any netlink request.
 *
 *	request  NFT_MSG_SKIFF_CMD     the text of one or more nft commands
 *	answers  NFT_MSG_SKIFF_OUTPUT  pieces of output (nft list ...), in order
 *	         NFT_MSG_SKIFF_ERROR   the error message, when there is one
 *	         NLMSG_ERROR           0 or -errno (always sent: the ACK)
 */
#ifndef _SKIFF_NFT_H
#define _SKIFF_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/netlink.h>

#define NFNL_SUBSYS_NFTABLES	10
#define NFT_MSG_SKIFF_CMD	((NFNL_SUBSYS_NFTABLES << 8) | 0x80)
#define NFT_MSG_SKIFF_OUTPUT	((NFNL_SUBSYS_NFTABLES << 8) | 0x81)
#define NFT_MSG_SKIFF_ERROR	((NFNL_SUBSYS_NFTABLES << 8) | 0x82)

#define NFT_TEXT_MAX		8192	/* one request's text, with its NUL */
#define NFT_OUTPUT_PIECE	3072	/* output bytes per answer message */

#define NFT_USAGE \
	"nft [-a] list ruleset | nft list table [ip|inet] T | nft flush ruleset | " \
	"nft add table [ip|inet] T | nft add chain [ip|inet] T C [{ type filter|nat hook H " \
	"priority P \\; policy accept|drop \\; }] | nft add|insert rule [ip|inet] T C " \
	"[position H] RULE | nft delete rule [ip|inet] T C handle H | " \
	"nft delete chain|table ... | nft flush chain|table ..."

struct nft_req {
	struct nlmsghdr n;
	char text[NFT_TEXT_MAX];
};

/*
 * nft's words (after "nft") joined into req: a word that is empty or holds
 * a blank or '#' is quoted again, as the shell took its quotes off; a word
 * still in its quotes goes as it is. 0, or -1 with a message in err.
 */
int nft_build_request(int argc, char **argv, struct nft_req *req, char *err, size_t errlen);

/* Called with each NFT_MSG_SKIFF_OUTPUT or _ERROR answer's text (NUL-terminated). */
typedef void (*nft_answer_fn)(int type, const char *text, void *arg);

/*
 * User space (libc/user/nft_talk.c): sends req on fd, a NETLINK_NETFILTER
 * socket, and hands each answer to fn until the ACK. Returns the ACK's
 * result (0 or -errno), -errno if the socket failed, -EPROTO if no ACK came.
 */
int nft_talk(int fd, struct nft_req *req, nft_answer_fn fn, void *arg);

#endif
