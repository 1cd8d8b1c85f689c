/* Every network counter as text: one "group: key=value ..." line per group. */
#ifndef _NET_NET_STATS_H
#define _NET_NET_STATS_H

/*
 * emit receives each finished line (without newline). Groups: "Ip", "Icmp",
 * "Arp" (as /proc/net/snmp names them), "Skb" (pools), "Softnet", "Drop"
 * (packets dropped per reason, every reason), and one "Dev NAME" per
 * interface (as /proc/net/dev).
 */
void net_stats_format(void (*emit)(const char *line, void *ctx), void *ctx);
/* net_stats_format to the kernel log. */
void net_stats_print(void);

#endif
