/*
 * tc: show and set the queueing disciplines (pfifo, netem) as Linux's tc
 * does - over rtnetlink, a NETLINK_ROUTE socket and nothing else: the
 * words become a request (libc's skiff/tc.h), the answers become text.
 * socket(2), send(2), recv(2) and close(2) are all that touches the kernel.
 */
#include "shell.h"
#include <skiff/tc.h>
#include <linux/rtnetlink.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TC_LINKS_MAX	32
#define TC_ANSWER_MAX	4096	/* one answer: a message or a dump's part */

struct tc_link {
	int index;
	char name[TC_IFNAMSIZ];
};

struct tc_session {
	int fd;
	uint32_t seq;
	struct tc_link links[TC_LINKS_MAX];
	int nlinks;
	bool stats;
};

/* One command at a time: the buffers need not live on the stack. */
static char answer[TC_ANSWER_MAX];
static char text[1024];
static struct tc_args args;

/* ---- the socket: the only kernel interface used; -errno on failure ---- */

static int tc_open(struct tc_session *s)
{
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	return s->fd < 0 ? -errno : 0;
}

static int tc_send(struct tc_session *s, struct nlmsghdr *n)
{
	ssize_t len;

	n->nlmsg_seq = ++s->seq;
	len = send(s->fd, n, n->nlmsg_len, 0);
	return len < 0 ? -errno : (int)len;
}

/* The kernel answers while the request is sent: nothing queued means no answer. */
static int tc_recv(struct tc_session *s)
{
	ssize_t len = recv(s->fd, answer, sizeof(answer), MSG_DONTWAIT);

	return len < 0 ? -errno : (int)len;
}

static void tc_close(struct tc_session *s)
{
	close(s->fd);
}

/* ---- answers ---- */

static const char *link_name(const struct tc_session *s, int index)
{
	for (int i = 0; i < s->nlinks; i++)
		if (s->links[i].index == index)
			return s->links[i].name;
	return "?";
}

static int link_index(const struct tc_session *s, const char *name)
{
	for (int i = 0; i < s->nlinks; i++)
		if (!strcmp(s->links[i].name, name))
			return s->links[i].index;
	return 0;
}

/* RTM_NEWLINK: remember the name of the index (iproute2's ll_map). */
static void add_link(struct tc_session *s, const struct nlmsghdr *n)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(n);
	int len = (int)n->nlmsg_len - NLMSG_LENGTH((int)sizeof(*ifi));
	struct rtattr *rta = IFLA_RTA(ifi);

	if (len < 0 || s->nlinks == TC_LINKS_MAX)
		return;
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		const char *name = RTA_DATA(rta);
		int plen = RTA_PAYLOAD(rta);

		if (rta->rta_type != IFLA_IFNAME || plen < 1 || plen > TC_IFNAMSIZ ||
		    name[plen - 1])
			continue;
		s->links[s->nlinks].index = ifi->ifi_index;
		strcpy(s->links[s->nlinks].name, name);
		s->nlinks++;
		return;
	}
}

static void show_qdisc(struct tc_session *s, const struct nlmsghdr *n)
{
	const struct tcmsg *t = NLMSG_DATA(n);

	if (n->nlmsg_len < (uint32_t)NLMSG_LENGTH((int)sizeof(*t)))
		return;
	if (tc_print_qdisc(n, link_name(s, t->tcm_ifindex), s->stats, text, sizeof(text)) >= 0)
		printf("%s", text);
}

/*
 * Send n and take the answers until the ACK, the error or the end of the
 * dump: 0 or the kernel's -errno.
 */
static int tc_talk(struct tc_session *s, struct nlmsghdr *n)
{
	int len = tc_send(s, n);

	if (len < 0)
		return len;
	while ((len = tc_recv(s)) > 0) {
		for (struct nlmsghdr *h = (struct nlmsghdr *)answer; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != s->seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE) {
				int err;

				if (h->nlmsg_len < (uint32_t)NLMSG_LENGTH((int)sizeof(err)))
					return -EPROTO;
				memcpy(&err, NLMSG_DATA(h), sizeof(err));
				return err;
			}
			if (h->nlmsg_type == RTM_NEWLINK)
				add_link(s, h);
			else if (h->nlmsg_type == RTM_NEWQDISC)
				show_qdisc(s, h);
		}
	}
	return len < 0 ? len : -EPROTO;
}

/* Every interface's name and index (RTM_GETLINK dump). */
static int tc_get_links(struct tc_session *s)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
	} req = {
		.n = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		       .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
	};

	return tc_talk(s, &req.n);
}

static int tc_run(struct tc_session *s, struct tc_args *a)
{
	int err = tc_get_links(s);

	if (err) {
		printf("tc: cannot list the interfaces: %s\n", strerror(-err));
		return 1;
	}
	if (a->dev[0]) {
		a->req.t.tcm_ifindex = link_index(s, a->dev);
		if (!a->req.t.tcm_ifindex) {
			printf("Cannot find device \"%s\"\n", a->dev);
			return 1;
		}
	}
	s->stats = a->stats;
	err = tc_talk(s, &a->req.n);
	if (err) {
		printf("RTNETLINK answers: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}

static int cmd_tc(int argc, char **argv)
{
	struct tc_session s = { 0 };
	char err[160];
	int rc;

	if (tc_parse_args(argc - 1, argv + 1, &args, err, sizeof(err))) {
		printf("tc: %s\n", err);
		return 1;
	}
	rc = tc_open(&s);
	if (rc) {
		printf("tc: cannot open a netlink socket: %s\n", strerror(-rc));
		return 1;
	}
	rc = tc_run(&s, &args);
	tc_close(&s);
	return rc;
}
SHELL_CMD(tc, "tc", TC_USAGE,
	  "queueing disciplines: show them with counters (-s), or put netem or pfifo "
	  "on an interface's transmit (root) or receive (ingress) side", cmd_tc);
