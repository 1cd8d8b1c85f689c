/* Queue statistics in a qdisc dump's TCA_STATS2 (Linux include/uapi/linux/gen_stats.h). */
#ifndef _LINUX_GEN_STATS_H
#define _LINUX_GEN_STATS_H

#include <linux/types.h>

enum {
	TCA_STATS_UNSPEC,
	TCA_STATS_BASIC,	/* struct gnet_stats_basic */
	TCA_STATS_RATE_EST,
	TCA_STATS_QUEUE,	/* struct gnet_stats_queue */
	TCA_STATS_APP,		/* the kind's own counters (as TCA_XSTATS) */
	TCA_STATS_RATE_EST64,
	TCA_STATS_PAD,
	TCA_STATS_BASIC_HW,
	TCA_STATS_PKT64,	/* u64 packets, when the u32 in basic is too small */
	__TCA_STATS_MAX,
};

#define TCA_STATS_MAX (__TCA_STATS_MAX - 1)

/* What left the qdisc (sent to the driver, or up the stack at ingress). */
struct gnet_stats_basic {
	__u64 bytes;
	__u32 packets;
};

struct gnet_stats_queue {
	__u32 qlen;		/* packets queued now */
	__u32 backlog;		/* bytes queued now */
	__u32 drops;
	__u32 requeues;		/* the driver answered busy; tried again */
	__u32 overlimits;	/* refused at the limit */
};

#endif
