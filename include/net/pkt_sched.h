/*
 * The packet scheduler's registry and reports (Linux include/net/pkt_sched.h):
 * the qdisc kinds there are, the rtnetlink qdisc messages, and netem's
 * counters summed over every netem qdisc for the `stats` dump.
 */
#ifndef _NET_PKT_SCHED_H
#define _NET_PKT_SCHED_H

#include <net/sch_generic.h>
#include <linux/rtnetlink.h>

extern const struct Qdisc_ops pfifo_qdisc_ops;
extern const struct Qdisc_ops netem_qdisc_ops;

/* The kind called id ("pfifo", "netem"), or NULL. */
const struct Qdisc_ops *qdisc_lookup_ops(const char *id);

/*
 * Put one RTM_NEWQDISC message describing dev's qdisc at parent (sch
 * NULL: the root place is empty, reported as "noqueue") into skb:
 * tcmsg, TCA_KIND, TCA_OPTIONS, TCA_STATS2, TCA_XSTATS. 0 or -EMSGSIZE.
 */
int tc_fill_qdisc(struct sk_buff *skb, struct net_device *dev, struct Qdisc *sch,
		  u32 parent, u32 portid, u32 seq, int flags);

/* Register the qdisc messages with rtnetlink. */
void pktsched_init(void);

#define NETEM_MIB_LIST(X)						\
	X(LOST, Lost)			/* dropped on purpose */	\
	X(DUPLICATED, Duplicated)	/* extra copies queued */	\
	X(REORDERED, Reordered)		/* sent ahead of the delayed */ \
	X(CORRUPTED, Corrupted)		/* one bit flipped */		\
	X(DELAYED, Delayed)		/* held back for a delay > 0 */

#define __NETEM_MIB_ENUM(e, name) NETEM_MIB_##e,
enum { NETEM_MIB_LIST(__NETEM_MIB_ENUM) NETEM_MIB_MAX };
extern u64 netem_mib[NETEM_MIB_MAX];
extern const char *const netem_mib_names[NETEM_MIB_MAX];

#endif
