/*
 * IPv4's counter files (Linux net/ipv4/proc.c), in Linux's formats so
 * that a reader can set them beside a Linux box's: /proc/net/snmp (Ip,
 * Icmp, IcmpMsg, Tcp, Udp), /proc/net/netstat (TcpExt, IpExt) and
 * /proc/net/sockstat. The counters Linux has no name for (Skiff's causes
 * behind InHdrErrors, ARP's) go to /proc/skiff/snmp in the same
 * name-line/value-line format, and all of them to stats.json's "snmp".
 */
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <kernel/time.h>
#include <kernel/page.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/snmp.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <kernel/net.h>
#include <string.h>

#define GROUP_MAX 64	/* TcpExt: about 45 today */

/* One group's names and values, as a line pair of /proc/net/snmp shows them. */
struct mib_group {
	const char *name;
	int n;
	const char *names[GROUP_MAX];
	s64 v[GROUP_MAX];
};

static void group_init(struct mib_group *g, const char *name)
{
	g->name = name;
	g->n = 0;
}

static void group_add(struct mib_group *g, const char *name, s64 v)
{
	if (g->n < GROUP_MAX) {
		g->names[g->n] = name;
		g->v[g->n++] = v;
	}
}

static bool group_has(const struct mib_group *g, const char *name)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->names[i], name))
			return true;
	return false;
}

/* The entries of a MIB Linux's groups do not name: Skiff's own. */
static void group_add_rest(struct mib_group *g, const struct mib_group *linux1,
			   const struct mib_group *linux2, const char *const *names,
			   const u64 *v, int n)
{
	for (int i = 0; i < n; i++)
		if (!group_has(linux1, names[i]) && !(linux2 && group_has(linux2, names[i])))
			group_add(g, names[i], (s64)v[i]);
}

static void group_show(struct seq_buf *s, const struct mib_group *g)
{
	seq_printf(s, "%s:", g->name);
	for (int i = 0; i < g->n; i++)
		seq_printf(s, " %s", g->names[i]);
	seq_printf(s, "\n%s:", g->name);
	for (int i = 0; i < g->n; i++)
		seq_printf(s, " %lld", (long long)g->v[i]);
	seq_putc(s, '\n');
}

/* ---- the groups ---- */

#define IP(f)	group_add(g, ip_mib_names[IPSTATS_MIB_##f], (s64)ip_mib[IPSTATS_MIB_##f])

/* RFC 4293 ipSystemStats as Linux's "Ip:" line (before OutTransmits). */
static void ip_group(struct mib_group *g)
{
	group_init(g, "Ip");
	group_add(g, "Forwarding", ipv4_forward ? 1 : 2);	/* RFC 4293: 1 forwarding, 2 not */
	group_add(g, "DefaultTTL", sysctl_ip_default_ttl);
	IP(INRECEIVES); IP(INHDRERRORS); IP(INADDRERRORS); IP(FORWDATAGRAMS);
	IP(INUNKNOWNPROTOS); IP(INDISCARDS); IP(INDELIVERS); IP(OUTREQUESTS);
	IP(OUTDISCARDS); IP(OUTNOROUTES); IP(REASMTIMEOUT); IP(REASMREQDS);
	IP(REASMOKS); IP(REASMFAILS); IP(FRAGOKS); IP(FRAGFAILS); IP(FRAGCREATES);
}

/* The IpExt fields Skiff counts (Linux's others are multicast and ECN figures). */
static void ipext_group(struct mib_group *g)
{
	group_init(g, "IpExt");
	IP(INNOROUTES); IP(INTRUNCATEDPKTS); IP(INCSUMERRORS); IP(REASMOVERLAPS);
}
#undef IP

/* ICMP types in Linux's Icmp line order (its icmpmibmap). */
static const struct {
	const char *in, *out;
	u8 type;
} icmp_types[] = {
	{ "InDestUnreachs", "OutDestUnreachs", ICMP_DEST_UNREACH },
	{ "InTimeExcds", "OutTimeExcds", ICMP_TIME_EXCEEDED },
	{ "InParmProbs", "OutParmProbs", ICMP_PARAMETERPROB },
	{ "InSrcQuenchs", "OutSrcQuenchs", ICMP_SOURCE_QUENCH },
	{ "InRedirects", "OutRedirects", ICMP_REDIRECT },
	{ "InEchos", "OutEchos", ICMP_ECHO },
	{ "InEchoReps", "OutEchoReps", ICMP_ECHOREPLY },
	{ "InTimestamps", "OutTimestamps", ICMP_TIMESTAMP },
	{ "InTimestampReps", "OutTimestampReps", ICMP_TIMESTAMPREPLY },
	{ "InAddrMasks", "OutAddrMasks", ICMP_ADDRESS },
	{ "InAddrMaskReps", "OutAddrMaskReps", ICMP_ADDRESSREPLY },
};

/* As Linux, the per-type figures come from the per-type (IcmpMsg) counters. */
static void icmp_group(struct mib_group *g)
{
	group_init(g, "Icmp");
	group_add(g, "InMsgs", (s64)icmp_mib[ICMP_MIB_INMSGS]);
	group_add(g, "InErrors", (s64)icmp_mib[ICMP_MIB_INERRORS]);
	group_add(g, "InCsumErrors", (s64)icmp_mib[ICMP_MIB_INCSUMERRORS]);
	for (size_t i = 0; i < ARRAY_SIZE(icmp_types); i++)
		group_add(g, icmp_types[i].in, (s64)icmpmsg_in[icmp_types[i].type]);
	group_add(g, "OutMsgs", (s64)icmp_mib[ICMP_MIB_OUTMSGS]);
	group_add(g, "OutErrors", (s64)icmp_mib[ICMP_MIB_OUTERRORS]);
	for (size_t i = 0; i < ARRAY_SIZE(icmp_types); i++)
		group_add(g, icmp_types[i].out, (s64)icmpmsg_out[icmp_types[i].type]);
}

#define TCP(f)	group_add(g, tcp_mib_names[TCP_MIB_##f], (s64)tcp_mib[TCP_MIB_##f])

/* RFC 4022 tcp scalars as Linux's "Tcp:" line: algorithm 1 is "other". */
static void tcp_group(struct mib_group *g)
{
	group_init(g, "Tcp");
	group_add(g, "RtoAlgorithm", 1);
	group_add(g, "RtoMin", (s64)jiffies_to_msecs(TCP_RTO_MIN));
	group_add(g, "RtoMax", (s64)jiffies_to_msecs(TCP_RTO_MAX));
	group_add(g, "MaxConn", -1);	/* RFC 4022: no fixed limit */
	TCP(ACTIVEOPENS); TCP(PASSIVEOPENS); TCP(ATTEMPTFAILS); TCP(ESTABRESETS);
	TCP(CURRESTAB); TCP(INSEGS); TCP(OUTSEGS); TCP(RETRANSSEGS); TCP(INERRS);
	TCP(OUTRSTS); TCP(INCSUMERRORS);
}
#undef TCP

static void tcpext_group(struct mib_group *g)
{
	group_init(g, "TcpExt");
	for (int i = TCP_MIB_EXT_FIRST; i < TCP_MIB_MAX; i++)
		group_add(g, tcp_mib_names[i], (s64)tcp_mib[i]);
}

/* RFC 4113 with Linux's additions, in Linux's order: the MIB list is that order. */
static void udp_group(struct mib_group *g)
{
	group_init(g, "Udp");
	for (int i = 0; i < UDP_MIB_MAX; i++)
		group_add(g, udp_mib_names[i], (s64)udp_mib[i]);
}

static void arp_group(struct mib_group *g)
{
	group_init(g, "Arp");
	for (int i = 0; i < ARP_MIB_MAX; i++)
		group_add(g, arp_mib_names[i], (s64)arp_mib[i]);
}

/* Skiff's counters beyond Linux's groups, under the same group names. */
static void skiff_ip_group(struct mib_group *g, const struct mib_group *ip,
			   const struct mib_group *ipext)
{
	group_init(g, "Ip");
	group_add_rest(g, ip, ipext, ip_mib_names, ip_mib, IPSTATS_MIB_MAX);
}

static void skiff_icmp_group(struct mib_group *g, const struct mib_group *icmp)
{
	group_init(g, "Icmp");
	group_add_rest(g, icmp, NULL, icmp_mib_names, icmp_mib, ICMP_MIB_MAX);
}

static void skiff_tcp_group(struct mib_group *g, const struct mib_group *tcp)
{
	group_init(g, "Tcp");
	group_add_rest(g, tcp, NULL, tcp_mib_names, tcp_mib, TCP_MIB_EXT_FIRST);
}

/* ---- the files ---- */

/* Linux's icmpmsg_put: the nonzero per-type counters, 16 to a line pair. */
static void show_icmpmsg(struct seq_buf *s)
{
	u16 nz[512];		/* direction * 256 + type */
	int n = 0;

	for (int k = 0; k < 512; k++)
		if ((k < 256 ? icmpmsg_in[k] : icmpmsg_out[k - 256]) != 0)
			nz[n++] = (u16)k;
	for (int first = 0; first < n; first += 16) {
		int last = min(n, first + 16);

		seq_puts(s, "IcmpMsg:");
		for (int i = first; i < last; i++)
			seq_printf(s, " %sType%u", nz[i] < 256 ? "In" : "Out", nz[i] % 256);
		seq_puts(s, "\nIcmpMsg:");
		for (int i = first; i < last; i++)
			seq_printf(s, " %llu", (unsigned long long)(nz[i] < 256 ?
				   icmpmsg_in[nz[i]] : icmpmsg_out[nz[i] - 256]));
		seq_putc(s, '\n');
	}
}

static void show_snmp(struct seq_buf *s)
{
	struct mib_group g;

	ip_group(&g);
	group_show(s, &g);
	icmp_group(&g);
	group_show(s, &g);
	show_icmpmsg(s);
	tcp_group(&g);
	group_show(s, &g);
	udp_group(&g);
	group_show(s, &g);
}
PROC_ENTRY(net_snmp, "/proc/net/snmp", show_snmp);

static void show_netstat(struct seq_buf *s)
{
	struct mib_group g;

	tcpext_group(&g);
	group_show(s, &g);
	ipext_group(&g);
	group_show(s, &g);
}
PROC_ENTRY(net_netstat, "/proc/net/netstat", show_netstat);

static void show_skiff_snmp(struct seq_buf *s)
{
	struct mib_group linux1, linux2, g;

	ip_group(&linux1);
	ipext_group(&linux2);
	skiff_ip_group(&g, &linux1, &linux2);
	group_show(s, &g);
	icmp_group(&linux1);
	skiff_icmp_group(&g, &linux1);
	group_show(s, &g);
	tcp_group(&linux1);
	skiff_tcp_group(&g, &linux1);
	group_show(s, &g);
	arp_group(&g);
	group_show(s, &g);
}
PROC_ENTRY(skiff_snmp, "/proc/skiff/snmp", show_skiff_snmp);

/* Linux's sockstat lines for the protocols Skiff has (no UDP-Lite, no raw). */
static void show_sockstat(struct seq_buf *s)
{
	struct sock_pool_stats pool;
	struct proto_sockstat tcp, udp;
	struct ipfrag_usage frag;

	sock_get_pool_stats(&pool);
	local_bh_disable();
	tcp_sockstat(&tcp);
	udp_sockstat(&udp);
	ipfrag_get_usage(&frag);
	local_bh_enable();
	seq_printf(s, "sockets: used %u\n", pool.sockets);
	seq_printf(s, "TCP: inuse %u orphan %u tw %u alloc %u mem %llu\n", tcp.inuse,
		   tcp.orphans, tcp_tw_count(), tcp_sock_count(),
		   (unsigned long long)DIV_ROUND_UP(tcp.mem_bytes, PAGE_SIZE));
	seq_printf(s, "UDP: inuse %u mem %llu\n", udp.inuse,
		   (unsigned long long)DIV_ROUND_UP(udp.mem_bytes, PAGE_SIZE));
	seq_printf(s, "FRAG: inuse %u memory %llu\n", frag.queues,
		   (unsigned long long)frag.mem);
}
PROC_ENTRY(net_sockstat, "/proc/net/sockstat", show_sockstat);

/* ---- stats.json: every group by name, Skiff's extras within Linux's ---- */

static void group_json(struct json_list *l, const struct mib_group *g,
		       const struct mib_group *more)
{
	struct json_list m = { l->s, true };

	json_sep(l);
	seq_printf(l->s, "\"%s\":{", g->name);
	for (const struct mib_group *p = g; p; p = p == g ? more : NULL) {
		for (int i = 0; i < p->n; i++) {
			json_sep(&m);
			seq_printf(l->s, "\"%s\":%lld", p->names[i], (long long)p->v[i]);
		}
	}
	seq_putc(l->s, '}');
}

static void snmp_json(struct json_list *l)
{
	struct mib_group a, b, extra;

	ip_group(&a);
	ipext_group(&b);
	skiff_ip_group(&extra, &a, &b);
	group_json(l, &a, &extra);
	group_json(l, &b, NULL);
	icmp_group(&a);
	skiff_icmp_group(&extra, &a);
	group_json(l, &a, &extra);
	tcp_group(&a);
	skiff_tcp_group(&extra, &a);
	group_json(l, &a, &extra);
	tcpext_group(&a);
	group_json(l, &a, NULL);
	udp_group(&a);
	group_json(l, &a, NULL);
	arp_group(&a);
	group_json(l, &a, NULL);
}
STATS_JSON(snmp, "snmp", '{', snmp_json);
