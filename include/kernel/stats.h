/* The parts of /proc/skiff/stats.json (keys documented in docs/api.md). */
#ifndef _KERNEL_STATS_H
#define _KERNEL_STATS_H

#include <kernel/seq_buf.h>

#define SKIFF_VERSION "0.1"

/* "selftest", "memory", "services", "threads" members (no braces). */
void stats_json_kernel(struct seq_buf *s);
/* "interfaces", "routes", "arp", "sockets", "snmp", "skb" members. */
void stats_json_net(struct seq_buf *s);
/* The "drop_reasons" member: packets dropped per reason, nonzero ones. */
void stats_json_drop_reasons(struct seq_buf *s);

#endif
