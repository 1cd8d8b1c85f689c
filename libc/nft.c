/* nft's command words into the one NETLINK_NETFILTER request (skiff/nft.h). */
#include <skiff/nft.h>
#include <stdio.h>
#include <string.h>

/* A word still in its quotes (log prefix "x:") goes on as it is. */
static bool quoted(const char *w, size_t len)
{
	return len >= 2 && w[0] == '"' && w[len - 1] == '"' && !memchr(w + 1, '"', len - 2);
}

/* A word the shell took out of quotes: empty, or with a blank or '#' in it. */
static bool needs_quotes(const char *w)
{
	return !*w || strpbrk(w, " \t#");
}

int nft_build_request(int argc, char **argv, struct nft_req *req, char *err, size_t errlen)
{
	size_t used = 0;

	memset(&req->n, 0, sizeof(req->n));
	if (argc < 1) {
		snprintf(err, errlen, "no command (usage: %s)", NFT_USAGE);
		return -1;
	}
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		bool as_is = quoted(w, strlen(w));
		int n;

		if (strchr(w, '\n') || (!as_is && strchr(w, '"'))) {
			snprintf(err, errlen, "'%s': a quote or newline inside a word", w);
			return -1;
		}
		n = snprintf(req->text + used, sizeof(req->text) - used,
			     !as_is && needs_quotes(w) ? "%s\"%s\"" : "%s%s", i ? " " : "", w);
		if (n < 0 || (size_t)n >= sizeof(req->text) - used) {
			snprintf(err, errlen, "the command is longer than %d bytes", NFT_TEXT_MAX - 1);
			return -1;
		}
		used += (size_t)n;
	}
	req->n.nlmsg_len = (__u32)NLMSG_LENGTH(used + 1);
	req->n.nlmsg_type = NFT_MSG_SKIFF_CMD;
	req->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	return 0;
}
