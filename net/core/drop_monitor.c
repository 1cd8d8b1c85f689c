/*
 * Drop reasons by name, and the places they are read from:
 * /proc/net/drop_reasons (how many packets died of each cause since boot,
 * "REASON COUNT" per line, nonzero ones only, which the shell's dropwatch
 * samples), the "drop_reasons" object of /proc/skiff/stats.json (the
 * dashboard), and debug=ip's line per drop.
 */
#include <kernel/procfs.h>
#include <kernel/ksyms.h>
#include <kernel/ratelimit.h>
#include <kernel/stats.h>
#include <net/skbuff.h>
#include <net/netdevice.h>
#include <net/inet_utils.h>
#include <net/ip.h>
#include <stdio.h>

#define __DROP_REASON_NAME(x) [SKB_DROP_REASON_##x] = #x,
static const char *const drop_reason_names[] = {
	[SKB_NOT_DROPPED_YET] = "NOT_DROPPED_YET",
	[SKB_CONSUMED] = "CONSUMED",
	DEFINE_DROP_REASON(__DROP_REASON_NAME)
};
#undef __DROP_REASON_NAME

const char *drop_reason_name(enum skb_drop_reason reason)
{
	if ((unsigned int)reason >= ARRAY_SIZE(drop_reason_names))
		return "?";
	return drop_reason_names[reason];
}

/* The addresses of an IPv4 packet, if skb holds a whole IPv4 header. */
static void drop_trace_ipv4(const struct sk_buff *skb, char *buf, size_t len)
{
	const struct iphdr *iph;
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

	buf[0] = '\0';
	if (skb->protocol != htons(ETH_P_IP) ||
	    skb->network_header == SKB_HDR_UNSET ||
	    skb->head + skb->network_header + IP_HLEN_MIN > skb->tail)
		return;
	iph = ip_hdr(skb);
	if (ip_version(iph) != IPVERSION)
		return;
	snprintf(buf, len, ", %s > %s proto %u", in4_ntop(iph->saddr, s),
		 in4_ntop(iph->daddr, d), iph->protocol);
}

void skb_drop_trace(const struct sk_buff *skb, enum skb_drop_reason reason,
		    const void *location)
{
	static struct ratelimit_state rs =
		RATELIMIT_STATE_INIT(TRACE_RATELIMIT_MS, TRACE_RATELIMIT_BURST);
	u64 off;
	const char *fn = ksym_lookup((u64)location, &off, NULL);
	char where[80], ip[64];

	if (!__ratelimit(&rs, "ip: drop"))
		return;
	if (fn)
		snprintf(where, sizeof(where), "%s+%#llx", fn, (unsigned long long)off);
	else
		snprintf(where, sizeof(where), "%p", location);
	drop_trace_ipv4(skb, ip, sizeof(ip));
	printk("ip: drop %s in %s (%s, %u bytes%s)\n", drop_reason_name(reason),
	       where, skb->dev ? skb->dev->name : "no device", skb->len, ip);
}

static void show_drop_reasons(struct seq_buf *s)
{
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++) {
		u64 n = skb_drop_reason_count(r);

		if (n)
			seq_printf(s, "%s %llu\n", drop_reason_name(r),
				       (unsigned long long)n);
	}
}
PROC_ENTRY(net_drop_reasons, "/proc/net/drop_reasons", show_drop_reasons);

/* stats.json's "drop_reasons": the nonzero counts by reason name. */
static void drop_reasons_json(struct json_list *l)
{
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++) {
		u64 n = skb_drop_reason_count(r);

		if (!n)
			continue;
		json_sep(l);
		seq_printf(l->s, "\"%s\":%llu", drop_reason_name(r), (unsigned long long)n);
	}
}
STATS_JSON(drop_reasons, "drop_reasons", '{', drop_reasons_json);
