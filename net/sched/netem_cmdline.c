/*
 * netem from the kernel command line, for tests that want a bad link
 * from the first packet on:
 *
 *	netem.IF=OPTIONS		a netem qdisc as IF's root (transmit)
 *	netem.IF.ingress=OPTIONS	one as IF's ingress (receive)
 *
 * OPTIONS are tc's netem words (man tc-netem, skiff/tc.h) with commas for
 * spaces; '=' may join a word to its value: netem.eth0=delay=10ms,2ms,
 * loss=5%,seed=1 is `tc qdisc replace dev eth0 root netem delay 10ms 2ms
 * loss 5% seed 1`. They are checked when the command line is read, by
 * the parser the shell's tc uses, and applied once the NICs are
 * registered (before they come up) with the same rtnetlink request, sent
 * on a kernel netlink socket.
 */
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/net.h>
#include <kernel/printk.h>
#include <net/netdevice.h>
#include <net/netlink.h>
#include <skiff/tc.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define NETEM_BOOT_MAX		8	/* interfaces x directions */
#define NETEM_BOOT_SPEC		256	/* as long as a command-line value */
#define NETEM_BOOT_WORDS	40
#define INGRESS_SUFFIX		".ingress"

struct netem_boot {
	char dev[IFNAMSIZ];
	bool ingress;
	char spec[NETEM_BOOT_SPEC];
};

static struct netem_boot netem_boot[NETEM_BOOT_MAX];
static int netem_boot_count;

/*
 * tc's words for b: "qdisc replace dev IF root|ingress netem" and the
 * options, split at ',' and '=' into words (in buf), then parsed into a.
 */
static int netem_boot_parse(const struct netem_boot *b, char *buf, struct tc_args *a,
			    char *err, size_t errlen)
{
	char *argv[NETEM_BOOT_WORDS] = {
		"qdisc", "replace", "dev", (char *)b->dev,
		b->ingress ? "ingress" : "root", "netem",
	};
	int argc = 6;

	snprintf(buf, NETEM_BOOT_SPEC, "%s", b->spec);
	for (char *p = buf; *p; ) {
		size_t n = strcspn(p, ",=");

		if (n == 0 || argc == NETEM_BOOT_WORDS) {
			snprintf(err, errlen, n ? "too many words" : "an empty word");
			return -1;
		}
		argv[argc++] = p;
		p += n;
		if (*p)
			*p++ = '\0';
	}
	return tc_parse_args(argc, argv, a, err, errlen);
}

/* "netem.eth0" or "netem.eth0.ingress". */
static int netem_set(const char *key, const char *value)
{
	const char *name = key + strlen("netem.");
	size_t n = strlen(name), sfx = strlen(INGRESS_SUFFIX);
	struct netem_boot *b = &netem_boot[netem_boot_count];
	char buf[NETEM_BOOT_SPEC], err[128];
	struct tc_args a;

	if (!value || netem_boot_count == NETEM_BOOT_MAX || strlen(value) >= sizeof(b->spec))
		return -EINVAL;
	b->ingress = n > sfx && !strcmp(name + n - sfx, INGRESS_SUFFIX);
	if (b->ingress)
		n -= sfx;
	if (n == 0 || n >= IFNAMSIZ)
		return -EINVAL;
	memcpy(b->dev, name, n);
	b->dev[n] = '\0';
	snprintf(b->spec, sizeof(b->spec), "%s", value);
	if (netem_boot_parse(b, buf, &a, err, sizeof(err))) {
		printk("%s=%s: %s\n", key, value, err);
		return -EINVAL;
	}
	netem_boot_count++;
	return 0;
}
CMDLINE_PARAM(netem, "netem.", netem_set,
	      "netem.IF[.ingress]=OPTS: a netem qdisc on IF; OPTS are tc's netem words "
	      "with commas, e.g. delay=10ms,loss=5%,seed=1");

/* Send req on a kernel netlink socket; the kernel's answer (0 or -errno). */
static int netem_boot_send(struct tc_req *req)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &kernel, .msg_namelen = sizeof(kernel) };
	struct {
		struct nlmsghdr n;
		struct nlmsgerr e;
	} ack;
	struct kvec v = { req, req->n.nlmsg_len };
	struct socket *sock;
	int err = sock_create_kern(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock);

	if (err)
		return err;
	err = kernel_sendmsg(sock, &msg, &v, 1, req->n.nlmsg_len);
	if (err >= 0) {
		struct msghdr rmsg = { 0 };
		struct kvec r = { &ack, sizeof(ack) };

		/* The answer was queued while sendmsg ran. */
		err = kernel_recvmsg(sock, &rmsg, &r, 1, sizeof(ack), MSG_DONTWAIT);
		if (err >= (int)sizeof(ack) && ack.n.nlmsg_type == NLMSG_ERROR)
			err = ack.e.error;
		else if (err >= 0)
			err = -EPROTO;
	}
	sock_release(sock);
	return err;
}

static int netem_boot_apply(void)
{
	for (int i = 0; i < netem_boot_count; i++) {
		const struct netem_boot *b = &netem_boot[i];
		struct net_device *dev = dev_get_by_name(b->dev);
		char buf[NETEM_BOOT_SPEC], err[128];
		struct tc_args a;
		int rc;

		if (!dev) {
			printk("netem.%s: no such interface, ignored\n", b->dev);
			continue;
		}
		netem_boot_parse(b, buf, &a, err, sizeof(err));
		a.req.t.tcm_ifindex = dev->ifindex;
		rc = netem_boot_send(&a.req);
		if (rc)
			printk("netem: %s %s: %s NOT applied: error %d\n", b->dev,
			       b->ingress ? "ingress" : "root", b->spec, rc);
		else
			printk("netem: %s %s: %s\n", b->dev, b->ingress ? "ingress" : "root",
			       b->spec);
	}
	return 0;
}
subsys_initcall(netem_boot_apply);
