/* test_qdisc.c - net/sched (pfifo, sch_api), net/netlink and net/core/rtnetlink.c: qdiscs through rtnetlink, as tc drives them. */
/* links: net */
#include <net/netdevice.h>
#include <net/pkt_sched.h>
#include <net/rtnetlink.h>
#include <kernel/net.h>
#include <net/sock.h>
#include <linux/pkt_sched.h>
#include <linux/gen_stats.h>
#include <skiff/tc.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>

#include "unit.h"
#include "nettest/nettest.h"

static int tc(struct net_device *dev, const char *verb, const char *what)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "qdisc %s dev %s %s", verb, dev->name, what);
	return nettest_tc(cmd);
}

static int xmit(struct net_device *dev)
{
	struct sk_buff *skb = alloc_skb(64);

	skb_put_zero(skb, 60);
	skb->dev = dev;
	return dev_queue_xmit(skb);
}

/* tc -s's text for dev's qdisc at parent, as /proc/net/qdisc has it. */
static void qdisc_text(struct net_device *dev, u32 parent, char *buf, size_t len)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE);
	struct Qdisc *q = parent == TC_H_ROOT ? dev->qdisc : dev->ingress_qdisc;

	buf[0] = '\0';
	if (EXPECT_EQ_INT(tc_fill_qdisc(skb, dev, q, parent, 0, 0, 0), 0))
		EXPECT(tc_print_qdisc((struct nlmsghdr *)skb->data, dev->name, true, buf, len) > 0);
	consume_skb(skb);
}

UNIT_TEST(qdisc_pfifo_is_the_default_and_lo_has_none)
{
	struct nettest_baseline b;
	struct net_device *dev;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	EXPECT(dev->qdisc && dev->qdisc->ops == &pfifo_qdisc_ops);
	EXPECT_EQ_UINT(dev->qdisc->handle, 0);
	EXPECT_EQ_UINT(dev->qdisc->limit, dev->tx_queue_len);
	EXPECT(dev->ingress_qdisc == NULL);
	EXPECT(loopback_dev->qdisc == NULL);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(qdisc_pfifo_tail_drops_over_its_limit)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct fake_eth *fe;
	u64 reason = skb_drop_reason_count(SKB_DROP_REASON_QDISC_DROP);
	char text[512];
	int drops = 0;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	fe = netdev_priv(dev);
	ASSERT(tc(dev, "add", "root handle 1: pfifo limit 4") == 0);
	EXPECT_EQ_UINT(dev->qdisc->limit, 4);
	EXPECT(dev->qdisc->handle != 0);
	fe->busy = true;
	for (int i = 0; i < 7; i++)
		drops += xmit(dev) == NET_XMIT_DROP;
	EXPECT_EQ_INT(drops, 3);
	EXPECT_EQ_UINT(dev->qdisc->qstats.overlimits, 3);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_QDISC_DROP) - reason, 3);
	qdisc_text(dev, TC_H_ROOT, text, sizeof(text));
	EXPECT_EQ_STR(text, "qdisc pfifo 1: dev eth0 root limit 4p\n"
		      " Sent 0 bytes 0 pkt (dropped 3, overlimits 3 requeues 1)\n"
		      " backlog 240b 4p requeues 1\n");
	fe->busy = false;
	netif_wake_queue(dev);
	shim_run_softirqs();
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 4);
	EXPECT_EQ_UINT(dev->qdisc->bstats.packets, 4);
	EXPECT_EQ_UINT(dev->qdisc->bstats.bytes, 240);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(qdisc_add_replace_change_del_follow_linux_flags)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct Qdisc *q;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	/* add over the default replaces it; over a user's qdisc it is refused. */
	EXPECT_EQ_INT(tc(dev, "add", "root netem delay 10ms"), 0);
	q = dev->qdisc;
	EXPECT(q->ops == &netem_qdisc_ops);
	EXPECT_EQ_INT(tc(dev, "add", "root netem delay 20ms"), -EEXIST);
	/* change: new options, the same qdisc; another kind is a replace's job. */
	EXPECT_EQ_INT(tc(dev, "change", "root netem loss 1%"), 0);
	EXPECT(dev->qdisc == q);
	EXPECT_EQ_INT(tc(dev, "change", "root pfifo"), -EINVAL);
	EXPECT_EQ_INT(tc(dev, "change", "ingress netem loss 1%"), -ENOENT);
	/* replace: the same kind is changed, another kind replaces it. */
	EXPECT_EQ_INT(tc(dev, "replace", "root netem loss 2%"), 0);
	EXPECT(dev->qdisc == q);
	EXPECT_EQ_INT(tc(dev, "replace", "root handle 5: pfifo limit 10"), 0);
	EXPECT(dev->qdisc->ops == &pfifo_qdisc_ops);
	EXPECT_EQ_UINT(dev->qdisc->handle, 0x50000);
	/* del: the default comes back, once. */
	EXPECT_EQ_INT(tc(dev, "del", "root netem"), -EINVAL);
	EXPECT_EQ_INT(tc(dev, "del", "root"), 0);
	EXPECT(dev->qdisc->ops == &pfifo_qdisc_ops && dev->qdisc->handle == 0);
	EXPECT_EQ_INT(tc(dev, "del", "root"), -ENOENT);
	EXPECT_EQ_INT(tc(dev, "del", "ingress"), -ENOENT);
	/* The ingress place: handle ffff:, and gone on del. */
	EXPECT_EQ_INT(tc(dev, "add", "ingress netem loss 1%"), 0);
	EXPECT_EQ_UINT(dev->ingress_qdisc->handle, 0xffff0000);
	EXPECT_EQ_INT(tc(dev, "add", "ingress netem loss 1%"), -EEXIST);
	EXPECT_EQ_INT(tc(dev, "del", "ingress"), 0);
	EXPECT(dev->ingress_qdisc == NULL);
	EXPECT_EQ_INT(nettest_tc("qdisc add dev nosuch0 root netem"), -ENODEV);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

/* A request built by tc, then bent: what tc itself would never send. */
static int send_bent(struct net_device *dev, const char *what,
		     void (*bend)(struct tc_req *req))
{
	struct tc_args a;
	char words[128], err[160], *argv[24];
	int argc = 0;

	snprintf(words, sizeof(words), "qdisc add dev %s root %s", dev->name, what);
	for (char *p = strtok(words, " "); p && argc < 24; p = strtok(NULL, " "))
		argv[argc++] = p;
	if (!EXPECT_EQ_INT(tc_parse_args(argc, argv, &a, err, sizeof(err)), 0))
		return 0;
	a.req.t.tcm_ifindex = dev->ifindex;
	bend(&a.req);
	return nettest_rtnl(&a.req.n, NULL, NULL);
}

static void kind_fq(struct tc_req *req)
{
	memcpy(RTA_DATA(TCA_RTA(&req->t)), "fq\0\0\0", 6);
}

static void parent_class(struct tc_req *req)
{
	req->t.tcm_parent = TC_H_MAKE(0x10000, 1);
}

/* TCA_NETEM_RATE appended inside TCA_OPTIONS: Linux's, not Skiff's. */
static void netem_rate(struct tc_req *req)
{
	struct rtattr *opt = (struct rtattr *)((char *)TCA_RTA(&req->t) +
					       RTA_ALIGN(TCA_RTA(&req->t)->rta_len));
	struct rtattr *rate = (struct rtattr *)((char *)opt + RTA_ALIGN(opt->rta_len));

	rate->rta_type = TCA_NETEM_RATE;
	rate->rta_len = RTA_LENGTH(16);
	memset(RTA_DATA(rate), 0, 16);
	opt->rta_len += RTA_SPACE(16);
	req->n.nlmsg_len += RTA_SPACE(16);
}

static void truncated_tcmsg(struct tc_req *req)
{
	req->n.nlmsg_len = NLMSG_LENGTH(8);
}

static void attr_overruns(struct tc_req *req)
{
	TCA_RTA(&req->t)->rta_len = 200;
}

static void short_qopt(struct tc_req *req)
{
	struct rtattr *opt = (struct rtattr *)((char *)TCA_RTA(&req->t) +
					       RTA_ALIGN(TCA_RTA(&req->t)->rta_len));

	opt->rta_len = RTA_LENGTH(8);
	req->n.nlmsg_len = (u32)((char *)opt - (char *)req + RTA_LENGTH(8));
}

UNIT_TEST(qdisc_requests_tc_would_not_send_are_refused)
{
	struct nettest_baseline b;
	struct net_device *dev;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	EXPECT_EQ_INT(send_bent(dev, "netem loss 1%", kind_fq), -ENOENT);
	EXPECT_EQ_INT(send_bent(dev, "netem loss 1%", parent_class), -EOPNOTSUPP);
	EXPECT_EQ_INT(send_bent(dev, "netem loss 1%", netem_rate), -EOPNOTSUPP);
	EXPECT_EQ_INT(send_bent(dev, "netem loss 1%", truncated_tcmsg), -EINVAL);
	EXPECT_EQ_INT(send_bent(dev, "netem loss 1%", attr_overruns), -EINVAL);
	EXPECT_EQ_INT(send_bent(dev, "netem loss 1%", short_qopt), -EINVAL);
	/* Nothing of it stuck. */
	EXPECT(dev->qdisc->ops == &pfifo_qdisc_ops && dev->qdisc->handle == 0);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

struct dump {
	char text[2048];
	size_t len;
	int links;
	bool eth_seen;
	const char *eth;
};

static void dump_each(const struct nlmsghdr *n, void *arg)
{
	struct dump *d = arg;
	const struct tcmsg *t = NLMSG_DATA(n);
	struct net_device *dev = dev_get_by_index(t->tcm_ifindex);
	int w;

	if (!EXPECT_EQ_UINT(n->nlmsg_type, RTM_NEWQDISC) || !EXPECT(n->nlmsg_flags & NLM_F_MULTI))
		return;
	w = tc_print_qdisc(n, dev ? dev->name : "?", false, d->text + d->len,
			   sizeof(d->text) - d->len);
	if (EXPECT(w > 0))
		d->len += (size_t)w;
}

UNIT_TEST(qdisc_dump_lists_every_device_root_and_ingress)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct tc_args a;
	struct dump d = { 0 };
	char err[160], *argv[] = { "qdisc", "show" };

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	ASSERT(tc(dev, "add", "root handle 7: netem delay 10ms 2ms loss 5% seed 1") == 0);
	ASSERT(tc(dev, "add", "ingress netem corrupt 0.5% seed 2") == 0);
	ASSERT(tc_parse_args(2, argv, &a, err, sizeof(err)) == 0);
	EXPECT_EQ_INT(nettest_rtnl(&a.req.n, dump_each, &d), 0);
	EXPECT_EQ_STR(d.text,
		      "qdisc noqueue 0: dev lo root\n"
		      "qdisc netem 7: dev eth0 root limit 1000 delay 10ms 2ms loss 5% seed 1\n"
		      "qdisc netem ffff: dev eth0 ingress limit 1000 corrupt 0.5% seed 2\n");
	/* One device only: tcm_ifindex. */
	memset(&d, 0, sizeof(d));
	a.req.t.tcm_ifindex = loopback_dev->ifindex;
	EXPECT_EQ_INT(nettest_rtnl(&a.req.n, dump_each, &d), 0);
	EXPECT_EQ_STR(d.text, "qdisc noqueue 0: dev lo root\n");
	a.req.t.tcm_ifindex = 999;
	EXPECT_EQ_INT(nettest_rtnl(&a.req.n, dump_each, &d), -ENODEV);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(qdisc_proc_text_has_the_counters)
{
	struct nettest_baseline b;
	struct net_device *dev;
	char text[512];

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	ASSERT(tc(dev, "add", "root handle 2: netem delay 10ms duplicate 100% seed 4") == 0);
	for (int i = 0; i < 3; i++)
		xmit(dev);
	qdisc_text(dev, TC_H_ROOT, text, sizeof(text));
	EXPECT_EQ_STR(text, "qdisc netem 2: dev eth0 root limit 1000 delay 10ms duplicate 100% seed 4\n"
		      " Sent 0 bytes 0 pkt (dropped 0, overlimits 0 requeues 0)\n"
		      " backlog 360b 6p requeues 0\n"
		      " lost 0 duplicated 3 reordered 0 corrupted 0 delayed 6\n");
	shim_advance_ms(10);
	qdisc_text(dev, TC_H_ROOT, text, sizeof(text));
	EXPECT(strstr(text, " Sent 360 bytes 6 pkt (dropped 0,") != NULL);
	EXPECT(strstr(text, " backlog 0b 0p") != NULL);
	fake_eth_purge(dev);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

static void count_links(const struct nlmsghdr *n, void *arg)
{
	struct dump *d = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *rta = IFLA_RTA(ifi);
	int len = (int)IFLA_PAYLOAD(n);

	if (!EXPECT_EQ_UINT(n->nlmsg_type, RTM_NEWLINK))
		return;
	d->links++;
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type == IFLA_IFNAME && !strcmp(RTA_DATA(rta), d->eth))
			d->eth_seen = true;
}

UNIT_TEST(rtnl_getlink_names_the_devices)
{
	struct nettest_baseline b;
	struct net_device *dev;
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[64];
	} req = {
		.n = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		       .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
	};
	struct dump d = { 0 };
	struct rtattr *name;

	nettest_begin(&b);
	dev = fake_eth_create(nt_mac_us);
	d.eth = dev->name;
	EXPECT_EQ_INT(nettest_rtnl(&req.n, count_links, &d), 0);
	EXPECT_EQ_INT(d.links, 2);
	EXPECT(d.eth_seen);
	/* One, by name. */
	memset(&d, 0, sizeof(d));
	d.eth = dev->name;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	name = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.n.nlmsg_len));
	name->rta_type = IFLA_IFNAME;
	name->rta_len = RTA_LENGTH(strlen(dev->name) + 1);
	strcpy(RTA_DATA(name), dev->name);
	req.n.nlmsg_len = NLMSG_ALIGN(req.n.nlmsg_len) + RTA_ALIGN(name->rta_len);
	EXPECT_EQ_INT(nettest_rtnl(&req.n, count_links, &d), -EAGAIN);	/* answered, no ACK asked */
	EXPECT_EQ_INT(d.links, 1);
	EXPECT(d.eth_seen);
	/* A name not NUL-terminated inside its attribute is refused. */
	memcpy(RTA_DATA(name), "nosuchdev", strlen(dev->name) + 1);
	req.n.nlmsg_flags |= NLM_F_ACK;
	EXPECT_EQ_INT(nettest_rtnl(&req.n, count_links, &d), -EINVAL);
	strcpy(RTA_DATA(name), "nosu");
	EXPECT_EQ_INT(nettest_rtnl(&req.n, count_links, &d), -ENODEV);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

static int nl_send(struct socket *sock, const void *buf, size_t len, struct sockaddr_nl *to)
{
	struct msghdr msg = { .msg_name = to, .msg_namelen = to ? sizeof(*to) : 0 };
	struct kvec v = { (void *)buf, len };

	return kernel_sendmsg(sock, &msg, &v, 1, len);
}

static int nl_recv(struct socket *sock, void *buf, size_t len, int flags)
{
	struct msghdr msg = { 0 };
	struct kvec v = { buf, len };

	return kernel_recvmsg(sock, &msg, &v, 1, len, flags | MSG_DONTWAIT);
}

UNIT_TEST(netlink_socket_answers_acks_errors_and_keeps_pools)
{
	struct nettest_baseline b;
	struct socket *sock;
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK }, other = addr;
	struct {
		struct nlmsghdr n;
		struct tcmsg t;
	} two[2];
	struct {
		struct nlmsghdr n;
		struct nlmsgerr e;
	} ack;
	u8 big[64];

	nettest_begin(&b);
	EXPECT_EQ_INT(sock_create_kern(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE, &sock),
		      -ESOCKTNOSUPPORT);
	EXPECT_EQ_INT(sock_create_kern(AF_NETLINK, SOCK_RAW, 4, &sock), -EPROTONOSUPPORT);
	ASSERT(sock_create_kern(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock) == 0);
	EXPECT_EQ_INT(kernel_getsockname(sock, (struct sockaddr *)&addr), sizeof(addr));
	EXPECT(addr.nl_pid != 0);
	other.nl_pid = 1234;
	EXPECT_EQ_INT(nl_send(sock, big, 16, &other), -ECONNREFUSED);

	/* Two requests in one send: a GET of lo's root, then a DEL asking for an ACK. */
	memset(two, 0, sizeof(two));
	for (int i = 0; i < 2; i++) {
		two[i].n.nlmsg_len = sizeof(two[i]);
		two[i].n.nlmsg_seq = (u32)i + 1;
		two[i].t.tcm_ifindex = loopback_dev->ifindex;
		two[i].t.tcm_parent = TC_H_ROOT;
	}
	two[0].n.nlmsg_type = RTM_GETQDISC;
	two[0].n.nlmsg_flags = NLM_F_REQUEST;
	two[1].n.nlmsg_type = RTM_DELQDISC;
	two[1].n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	EXPECT_EQ_INT(nl_send(sock, two, sizeof(two), NULL), sizeof(two));
	/* MSG_PEEK|MSG_TRUNC tells the size without taking it (iproute2 does this). */
	EXPECT(nl_recv(sock, big, 4, MSG_PEEK | MSG_TRUNC) > 4);
	EXPECT(nl_recv(sock, big, sizeof(big), 0) > 0);
	EXPECT_EQ_UINT(((struct nlmsghdr *)big)->nlmsg_type, RTM_NEWQDISC);
	EXPECT_EQ_INT(nl_recv(sock, &ack, sizeof(ack), 0), sizeof(ack));
	EXPECT_EQ_UINT(ack.n.nlmsg_type, NLMSG_ERROR);
	EXPECT_EQ_UINT(ack.n.nlmsg_seq, 2);
	EXPECT_EQ_INT(ack.e.error, -ENOENT);	/* lo has no qdisc to delete */
	EXPECT_EQ_INT(nl_recv(sock, big, sizeof(big), 0), -EAGAIN);

	/* Not a request, an unknown type, a length past the end: no crash, answers as Linux. */
	two[0].n.nlmsg_flags = 0;
	EXPECT_EQ_INT(nl_send(sock, two, sizeof(two[0]), NULL), sizeof(two[0]));
	EXPECT_EQ_INT(nl_recv(sock, big, sizeof(big), 0), -EAGAIN);
	two[0].n.nlmsg_flags = NLM_F_REQUEST;
	two[0].n.nlmsg_type = 99;
	EXPECT_EQ_INT(nl_send(sock, two, sizeof(two[0]), NULL), sizeof(two[0]));
	EXPECT_EQ_INT(nl_recv(sock, &ack, sizeof(ack), 0), sizeof(ack));
	EXPECT_EQ_INT(ack.e.error, -EOPNOTSUPP);
	two[0].n.nlmsg_len = 4000;
	EXPECT_EQ_INT(nl_send(sock, two, sizeof(two[0]), NULL), sizeof(two[0]));
	EXPECT_EQ_INT(nl_recv(sock, big, sizeof(big), 0), -EAGAIN);

	/* Answers nobody read go with the socket. */
	two[0].n.nlmsg_len = sizeof(two[0]);
	two[0].n.nlmsg_type = RTM_GETQDISC;
	EXPECT_EQ_INT(nl_send(sock, two, sizeof(two[0]), NULL), sizeof(two[0]));
	sock_release(sock);
	nettest_end(&b);
}

UNIT_TEST(netlink_full_receive_buffer_reports_enobufs)
{
	struct nettest_baseline b;
	struct socket *sock;
	struct {
		struct nlmsghdr n;
		struct tcmsg t;
	} req = {
		.n = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETQDISC,
		       .nlmsg_flags = NLM_F_REQUEST },
	};
	u8 buf[1024];
	int sent = 0, got = 0, rc;

	nettest_begin(&b);
	ASSERT(sock_create_kern(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock) == 0);
	sock->sk->sk_rcvbuf = 8192;
	req.t.tcm_ifindex = loopback_dev->ifindex;
	req.t.tcm_parent = TC_H_ROOT;
	for (int i = 0; i < 64; i++)
		sent += nl_send(sock, &req, sizeof(req), NULL) > 0;
	EXPECT_EQ_INT(sent, 64);
	/* The overrun is reported once, first, then what did fit is read. */
	EXPECT_EQ_INT(nl_recv(sock, buf, sizeof(buf), 0), -ENOBUFS);
	while ((rc = nl_recv(sock, buf, sizeof(buf), 0)) > 0)
		got++;
	EXPECT_EQ_INT(rc, -EAGAIN);
	EXPECT_MSG(got > 0 && got < 64, "%d answers kept", got);
	sock_release(sock);
	nettest_end(&b);
}
