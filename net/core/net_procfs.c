/*
 * The device layer's /proc files (Linux net/core/net-procfs.c): in
 * Linux's formats /proc/net/dev and /proc/net/softnet_stat; Skiff's own
 * /proc/skiff/netdev (every net_device_stats field by name, per device)
 * and /proc/skiff/netcore (socket buffers, GRO and every drop reason's
 * count), in the
 * name-line/value-line pairs of /proc/net/snmp; and stats.json's "skb".
 */
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <net/netdevice.h>
#include <net/skbuff.h>
#include <net/gro.h>

/* Linux's dev_seq_printf_stats: the causes folded into its columns as it folds them. */
static void show_dev(struct seq_buf *s)
{
	struct net_device *dev;

	seq_puts(s, "Inter-|   Receive                                                |  Transmit\n"
		    " face |bytes    packets errs drop fifo frame compressed multicast|"
		    "bytes    packets errs drop fifo colls carrier compressed\n");
	for_each_netdev(dev) {
		const struct net_device_stats *st = dev_get_stats(dev);

		seq_printf(s, "%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu "
			   "%8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n",
			   dev->name, (unsigned long long)st->rx_bytes,
			   (unsigned long long)st->rx_packets,
			   (unsigned long long)st->rx_errors,
			   (unsigned long long)(st->rx_dropped + st->rx_missed_errors),
			   (unsigned long long)st->rx_fifo_errors,
			   (unsigned long long)(st->rx_length_errors + st->rx_over_errors +
						st->rx_crc_errors + st->rx_frame_errors),
			   0ULL,	/* no header compression */
			   (unsigned long long)st->multicast,
			   (unsigned long long)st->tx_bytes,
			   (unsigned long long)st->tx_packets,
			   (unsigned long long)st->tx_errors,
			   (unsigned long long)st->tx_dropped,
			   (unsigned long long)st->tx_fifo_errors,
			   (unsigned long long)st->collisions,
			   (unsigned long long)(st->tx_carrier_errors + st->tx_aborted_errors +
						st->tx_window_errors + st->tx_heartbeat_errors),
			   0ULL);
	}
}
PROC_ENTRY(net_dev, "/proc/net/dev", show_dev);

/*
 * Linux's 13-column line per CPU, in hex: processed, dropped,
 * time_squeeze, five retired zeros, cpu_collision (retired), received_rps,
 * flow_limit_count, backlog length, CPU index. One CPU, no RPS.
 */
static void show_softnet_stat(struct seq_buf *s)
{
	struct softnet_stats sn;

	softnet_get_stats(&sn);
	seq_printf(s, "%08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x\n",
		   (u32)sn.processed, (u32)sn.dropped, (u32)sn.time_squeeze, 0, 0, 0, 0, 0,
		   0, 0, 0, (u32)sn.backlog_len, 0);
}
PROC_ENTRY(net_softnet_stat, "/proc/net/softnet_stat", show_softnet_stat);

/* One group as /proc/net/snmp prints it: "Group: names" then "Group: values". */
static void show_pairs(struct seq_buf *s, const char *group, const char *const *names,
		       const u64 *v, int n)
{
	seq_printf(s, "%s:", group);
	for (int i = 0; i < n; i++)
		seq_printf(s, " %s", names[i]);
	seq_printf(s, "\n%s:", group);
	for (int i = 0; i < n; i++)
		seq_printf(s, " %llu", (unsigned long long)v[i]);
	seq_putc(s, '\n');
}

#define NETDEV_FIELDS(X)						\
	X(rx_packets) X(rx_bytes) X(rx_errors) X(rx_dropped)		\
	X(rx_length_errors) X(rx_over_errors) X(rx_crc_errors)		\
	X(rx_frame_errors) X(rx_fifo_errors) X(rx_missed_errors)	\
	X(rx_nohandler) X(multicast) X(tx_packets) X(tx_bytes)		\
	X(tx_errors) X(tx_dropped) X(tx_aborted_errors)			\
	X(tx_carrier_errors) X(tx_fifo_errors) X(tx_heartbeat_errors)	\
	X(tx_window_errors) X(tx_timeout) X(collisions)

#define __FIELD_NAME(f) #f,
#define __FIELD_VALUE(f) st->f,
static const char *const netdev_field_names[] = { NETDEV_FIELDS(__FIELD_NAME) };

/* What Linux keeps in /sys/class/net/IF/statistics/, one group per device. */
static void show_netdev(struct seq_buf *s)
{
	struct net_device *dev;

	for_each_netdev(dev) {
		const struct net_device_stats *st = dev_get_stats(dev);
		const u64 v[] = { NETDEV_FIELDS(__FIELD_VALUE) };

		show_pairs(s, dev->name, netdev_field_names, v, ARRAY_SIZE(v));
	}
}
PROC_ENTRY(skiff_netdev, "/proc/skiff/netdev", show_netdev);

static const char *const skb_names[] = {
	"allocs", "frees", "clones", "fclones", "copies", "expands", "drops",
	"live_heads", "live_data",
};

static void skb_values(u64 *v)
{
	struct skb_stats sk;

	skb_get_stats(&sk);
	v[0] = sk.allocs;
	v[1] = sk.frees;
	v[2] = sk.clones;
	v[3] = sk.fclones;
	v[4] = sk.copies;
	v[5] = sk.expands;
	v[6] = sk.drops;
	v[7] = sk.live_heads;
	v[8] = sk.live_data;
}

/* Every drop reason, zeros included (/proc/net/drop_reasons lists the others). */
static void show_drops(struct seq_buf *s)
{
	int r;

	seq_puts(s, "Drop:");
	for (r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++)
		seq_printf(s, " %s", drop_reason_name(r));
	seq_puts(s, "\nDrop:");
	for (r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++)
		seq_printf(s, " %llu", (unsigned long long)skb_drop_reason_count(r));
	seq_putc(s, '\n');
}

static const char *const gro_names[] = {
	"receives", "merged", "held", "flushed", "aggregates", "normal",
};

static void show_gro(struct seq_buf *s)
{
	struct gro_stats g;

	gro_get_stats(&g);
	const u64 v[] = { g.receives, g.merged, g.held, g.flushed, g.aggregates, g.normal };

	show_pairs(s, "Gro", gro_names, v, ARRAY_SIZE(v));
}

static void show_netcore(struct seq_buf *s)
{
	u64 v[ARRAY_SIZE(skb_names)];

	skb_values(v);
	show_pairs(s, "Skb", skb_names, v, ARRAY_SIZE(v));
	show_gro(s);
	show_drops(s);
}
PROC_ENTRY(skiff_netcore, "/proc/skiff/netcore", show_netcore);

static void skb_json(struct json_list *l)
{
	u64 v[ARRAY_SIZE(skb_names)];

	skb_values(v);
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		json_sep(l);
		seq_printf(l->s, "\"%s\":%llu", skb_names[i], (unsigned long long)v[i]);
	}
}
STATS_JSON(skb, "skb", '{', skb_json);
