/*
 * The stack's figures, from /proc: netstat (the sockets of /proc/net/tcp
 * and /proc/net/udp), stats (every counter, by group: Linux's
 * /proc/net/snmp, netstat and softnet_stat, and Skiff's /proc/skiff/snmp,
 * netcore, netem and netdev), and dropwatch (the drop reasons whose counts move,
 * from /proc/net/drop_reasons, like Linux's dropwatch).
 */
#include "shell.h"
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* ---- netstat ---- */

static const char *const tcp_states[] = {
	[0x01] = "ESTABLISHED", [0x02] = "SYN_SENT", [0x03] = "SYN_RECV",
	[0x04] = "FIN_WAIT1", [0x05] = "FIN_WAIT2", [0x06] = "TIME_WAIT",
	[0x07] = "CLOSE", [0x08] = "CLOSE_WAIT", [0x09] = "LAST_ACK",
	[0x0a] = "LISTEN", [0x0b] = "CLOSING",
};

/* "ADDR:PORT" from Linux's "0100007F:0016" (the address as a host-order hex word). */
static void endpoint(unsigned int addr, unsigned int port, char *out, size_t size)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	snprintf(out, size, "%s:%u", a, port);
}

/* The lines of /proc/net/tcp or udp, read with netstat's own sscanf layout. */
static int show_sockets(const char *proto, const char *path)
{
	char *text = shell_read_file("netstat", path), *p = text, *line;

	if (!text)
		return 1;
	shell_next_line(&p);
	while ((line = shell_next_line(&p))) {
		unsigned int laddr, lport, raddr, rport, st;
		unsigned long txq, rxq;
		char local[24], remote[24];
		const char *state;
		int sl;

		if (sscanf(line, "%d: %X:%X %X:%X %X %lX:%lX", &sl, &laddr, &lport, &raddr,
			   &rport, &st, &txq, &rxq) != 8)
			continue;
		endpoint(laddr, lport, local, sizeof(local));
		endpoint(raddr, rport, remote, sizeof(remote));
		if (!strcmp(proto, "udp"))
			state = st == 0x01 ? "ESTABLISHED" : "UNCONN";
		else
			state = st < sizeof(tcp_states) / sizeof(tcp_states[0]) && tcp_states[st] ?
				tcp_states[st] : "UNKNOWN";
		printf("%s %-21s %-21s %-11s %8lu %8lu\n", proto, local, remote, state, rxq, txq);
	}
	free(text);
	return 0;
}

static int cmd_netstat(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	printf("Proto Local                 Remote                State       Recv-Q   Send-Q\n");
	return show_sockets("tcp", "/proc/net/tcp") | show_sockets("udp", "/proc/net/udp");
}
SHELL_CMD(netstat, "netstat", "netstat", "sockets with their states and queue sizes", cmd_netstat);

/* ---- stats ---- */

#define MAX_GROUPS 32

/* A group's "name=value" list, merged across the files that name the group. */
struct group {
	char name[24];
	char *text;
	size_t len;
};

struct groups {
	struct group g[MAX_GROUPS];
	int n;
};

static struct group *group_get(struct groups *gs, const char *name)
{
	for (int i = 0; i < gs->n; i++)
		if (!strcmp(gs->g[i].name, name))
			return &gs->g[i];
	if (gs->n == MAX_GROUPS)
		return NULL;
	strlcpy(gs->g[gs->n].name, name, sizeof(gs->g[0].name));
	return &gs->g[gs->n++];
}

static void group_add(struct group *g, const char *name, const char *value)
{
	size_t add = strlen(name) + strlen(value) + 2;
	char *t = realloc(g->text, g->len + add + 1);

	if (!t)
		return;
	g->text = t;
	g->len += (size_t)snprintf(t + g->len, add + 1, " %s=%s", name, value);
}

/* A name line and its value line: "Grp: a b c" / "Grp: 1 2 3". */
static void add_pair(struct groups *gs, const char *prefix, char *names, char *values)
{
	char *cn = strchr(names, ':'), *cv = strchr(values, ':'), group[24], *sn, *sv;
	struct group *g;

	if (!cn || !cv || cn - names != cv - values || strncmp(names, values, (size_t)(cn - names)))
		return;
	snprintf(group, sizeof(group), "%s%.*s", prefix, (int)(cn - names), names);
	g = group_get(gs, group);
	for (char *n = strtok_r(cn + 1, " ", &sn), *v = strtok_r(cv + 1, " ", &sv);
	     g && n && v; n = strtok_r(NULL, " ", &sn), v = strtok_r(NULL, " ", &sv))
		group_add(g, n, v);
}

static bool add_pairs(struct groups *gs, const char *prefix, const char *path)
{
	char *text = shell_read_file("stats", path), *p = text, *names, *values;

	if (!text)
		return false;
	while ((names = shell_next_line(&p)) && (values = shell_next_line(&p)))
		add_pair(gs, prefix, names, values);
	free(text);
	return true;
}

/* Linux's softnet_stat: processed, dropped, time_squeeze, ..., backlog length (hex). */
static bool add_softnet(struct groups *gs)
{
	char *text = shell_read_file("stats", "/proc/net/softnet_stat");
	unsigned int v[13];
	char num[16];
	struct group *g;

	if (!text)
		return false;
	if (sscanf(text, "%x %x %x %x %x %x %x %x %x %x %x %x %x", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &v[12]) == 13 &&
	    (g = group_get(gs, "Softnet"))) {
		static const struct { const char *name; int col; } cols[] = {
			{ "processed", 0 }, { "dropped", 1 }, { "time_squeeze", 2 },
			{ "backlog_len", 11 },
		};

		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			snprintf(num, sizeof(num), "%u", v[cols[i].col]);
			group_add(g, cols[i].name, num);
		}
	}
	free(text);
	return true;
}

/*
 * One line per group, "Group: Name=value ...", then "-- end of stats --"
 * (the tests' counters() parses exactly this). Skiff's extra counters
 * join the Linux group they belong to.
 */
static int cmd_stats(int argc, char **argv)
{
	struct groups gs = { .n = 0 };
	bool ok;

	if (argc != 1)
		return shell_usage(argv);
	ok = add_pairs(&gs, "", "/proc/net/snmp") && add_pairs(&gs, "", "/proc/net/netstat") &&
	     add_pairs(&gs, "", "/proc/skiff/snmp") && add_pairs(&gs, "", "/proc/skiff/netcore") &&
	     add_pairs(&gs, "", "/proc/skiff/netem") && add_softnet(&gs) &&
	     add_pairs(&gs, "Dev ", "/proc/skiff/netdev");
	for (int i = 0; i < gs.n; i++) {
		printf("%s:%s\n", gs.g[i].name, gs.g[i].text ? gs.g[i].text : "");
		free(gs.g[i].text);
	}
	printf("-- end of stats --\n");
	return !ok;
}
SHELL_CMD(stats, "stats", "stats",
	  "every network counter, by group (Ip, Icmp, Tcp, Udp, TcpExt, IpExt, Arp, Skb, devices)",
	  cmd_stats);

/* ---- dropwatch ---- */

#define MAX_REASONS 128

struct reason {
	char name[48];
	unsigned long long count;
};

/* /proc/net/drop_reasons: "REASON COUNT" per line; how many were read, or -1. */
static int read_reasons(struct reason *r)
{
	char *text = shell_read_file("dropwatch", "/proc/net/drop_reasons"), *p = text, *line;
	int n = 0;

	if (!text)
		return -1;
	while ((line = shell_next_line(&p)) && n < MAX_REASONS)
		if (sscanf(line, "%47s %llu", r[n].name, &r[n].count) == 2)
			n++;
	free(text);
	return n;
}

static unsigned long long reason_count(const struct reason *r, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(r[i].name, name))
			return r[i].count;
	return 0;
}

/* dropwatch [SECONDS]: each second, the reasons whose counts moved, with how many. */
static int cmd_dropwatch(int argc, char **argv)
{
	static struct reason prev[MAX_REASONS], cur[MAX_REASONS];
	uint64_t seconds = 10;
	int np, nc;

	if (argc > 2 || (argc == 2 && !shell_parse_uint("seconds", argv[1], 1, 3600, &seconds)))
		return argc > 2 ? shell_usage(argv) : 1;
	np = read_reasons(prev);
	if (np < 0)
		return 1;
	printf("dropwatch: drops by reason each second, for %llu s (Ctrl-C stops)\n",
	       (unsigned long long)seconds);
	for (uint64_t t = 1; t <= seconds; t++) {
		if (shell_interrupted(1000))
			break;
		nc = read_reasons(cur);
		if (nc < 0)
			return 1;
		for (int i = 0; i < nc; i++) {
			unsigned long long was = reason_count(prev, np, cur[i].name);

			if (cur[i].count != was)
				printf("%4llus %8llu drops  %s\n", (unsigned long long)t,
				       cur[i].count - was, cur[i].name);
		}
		memcpy(prev, cur, sizeof(cur[0]) * (size_t)nc);
		np = nc;
	}
	return 0;
}
SHELL_CMD(dropwatch, "dropwatch", "dropwatch [SECONDS]",
	  "the drop reasons whose counts move, every second (default 10 s; Ctrl-C stops)",
	  cmd_dropwatch);
