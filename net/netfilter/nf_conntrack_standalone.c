/*
 * Conntrack's face to the user (Linux nf_conntrack_standalone.c): the
 * table as /proc/net/nf_conntrack in Linux's line format, the counters as
 * /proc/net/stat/nf_conntrack, and the sysctls as nf_conntrack.NAME=VALUE
 * on the command line (NAME as Linux's net.netfilter.nf_conntrack_NAME).
 */
#include <net/netfilter/nf_conntrack.h>
#include <net/inet_utils.h>
#include <net/proto/ip.h>
#include <kernel/kstrtox.h>
#include <kernel/cmdline.h>
#include <kernel/procfs.h>
#include <kernel/softirq.h>
#include <kernel/time.h>
#include <errno.h>
#include <string.h>

static void show_tuple(struct seq_buf *s, const struct nf_conntrack_tuple *t)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	seq_printf(s, "src=%s dst=%s ", in4_ntop(t->src.ip, a), in4_ntop(t->dst.ip, b));
	switch (t->dst.protonum) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		seq_printf(s, "sport=%u dport=%u ", ntohs(t->src.u.all), ntohs(t->dst.u.all));
		break;
	case IPPROTO_ICMP:
		seq_printf(s, "type=%u code=%u id=%u ", t->dst.u.icmp.type,
			   t->dst.u.icmp.code, ntohs(t->src.u.icmp.id));
		break;
	}
}

static const char *l4_name(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_ICMP: return "icmp";
	}
	return "unknown";
}

/* "ipv4     2 tcp      6 431999 ESTABLISHED src=... [ASSURED] mark=0 use=1" */
static void show_ct(struct seq_buf *s, const struct nf_conn *ct)
{
	const struct nf_conntrack_tuple *o = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	s64 left = (s64)(ct->timeout - jiffies);

	seq_printf(s, "%-8s %u %-8s %u %lld ", "ipv4", 2, l4_name(o->dst.protonum),
		   o->dst.protonum, (long long)(left > 0 ? left / HZ : 0));
	if (o->dst.protonum == IPPROTO_TCP)
		seq_printf(s, "%s ", tcp_conntrack_name(ct->proto.tcp.state));
	show_tuple(s, o);
	if (!(ct->status & IPS_SEEN_REPLY))
		seq_puts(s, "[UNREPLIED] ");
	show_tuple(s, &ct->tuplehash[IP_CT_DIR_REPLY].tuple);
	if (ct->status & IPS_ASSURED)
		seq_puts(s, "[ASSURED] ");
	seq_printf(s, "mark=0 use=%u\n", ct->use);
}

static void show_conntrack(struct seq_buf *s)
{
	local_bh_disable();
	nf_conntrack_walk(show_ct, s);
	local_bh_enable();
}
PROC_ENTRY(nf_conntrack, "/proc/net/nf_conntrack", show_conntrack);

/* Linux's layout: a header of names, then the values in hex (one CPU). */
static void show_conntrack_stat(struct seq_buf *s)
{
	const struct nf_conntrack_stat *st = &nf_ct_stat;

	seq_puts(s, "entries  found    new      invalid  insert   insert_failed drop     "
		    "early_drop icmp_error delete   max\n");
	seq_printf(s, "%08x %08llx %08llx %08llx %08llx %08llx      %08llx %08llx   "
		      "%08llx   %08llx %08x\n",
		   nf_conntrack_count, (unsigned long long)st->found,
		   (unsigned long long)st->new, (unsigned long long)st->invalid,
		   (unsigned long long)st->insert, (unsigned long long)st->insert_failed,
		   (unsigned long long)st->drop, (unsigned long long)st->early_drop,
		   (unsigned long long)st->icmp_error, (unsigned long long)st->delete,
		   nf_ct_params.max);
}
PROC_ENTRY(nf_conntrack_stat, "/proc/net/stat/nf_conntrack", show_conntrack_stat);

int nf_conntrack_set_param(const char *name, u32 v)
{
	static const struct { const char *name; u8 state; } tcp[] = {
		{ "tcp_timeout_syn_sent", TCP_CONNTRACK_SYN_SENT },
		{ "tcp_timeout_syn_recv", TCP_CONNTRACK_SYN_RECV },
		{ "tcp_timeout_established", TCP_CONNTRACK_ESTABLISHED },
		{ "tcp_timeout_fin_wait", TCP_CONNTRACK_FIN_WAIT },
		{ "tcp_timeout_close_wait", TCP_CONNTRACK_CLOSE_WAIT },
		{ "tcp_timeout_last_ack", TCP_CONNTRACK_LAST_ACK },
		{ "tcp_timeout_time_wait", TCP_CONNTRACK_TIME_WAIT },
		{ "tcp_timeout_close", TCP_CONNTRACK_CLOSE },
	};
	struct nf_conntrack_params *p = &nf_ct_params;

	for (size_t i = 0; i < ARRAY_SIZE(tcp); i++) {
		if (strcmp(name, tcp[i].name))
			continue;
		p->tcp_timeout[tcp[i].state] = v;
		if (tcp[i].state == TCP_CONNTRACK_SYN_SENT)
			p->tcp_timeout[TCP_CONNTRACK_SYN_SENT2] = v;
		return 0;
	}
	/* A size given here stays when the table is sized from RAM. */
	if (!strcmp(name, "max") && v >= 1 && v <= 1u << 20) {
		p->max = v;
		p->max_set = true;
		return 0;
	}
	if (!strcmp(name, "hashsize") && v >= 1 && v <= 1u << 16 && !nf_conntrack_enabled()) {
		p->hashsize = v;
		p->hashsize_set = true;
		return 0;
	}
	if (!strcmp(name, "udp_timeout"))
		p->udp_timeout = v;
	else if (!strcmp(name, "udp_timeout_stream"))
		p->udp_timeout_stream = v;
	else if (!strcmp(name, "icmp_timeout"))
		p->icmp_timeout = v;
	else if (!strcmp(name, "generic_timeout"))
		p->generic_timeout = v;
	else
		return -EINVAL;
	return 0;
}

static int nf_conntrack_cmdline(const char *key, const char *value)
{
	unsigned int v;

	if (!value || kstrtouint(value, 10, &v))
		return -EINVAL;
	return nf_conntrack_set_param(key + strlen("nf_conntrack."), v);
}
CMDLINE_PARAM(nf_conntrack, "nf_conntrack.", nf_conntrack_cmdline,
	      "nf_conntrack.NAME=N: a conntrack sysctl (max, hashsize, tcp_timeout_established, "
	      "tcp_timeout_time_wait, udp_timeout, icmp_timeout, ...), seconds for timeouts");
