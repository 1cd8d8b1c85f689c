/*
 * Queueing discipline options in a qdisc message's TCA_OPTIONS, in
 * Linux's layout (include/uapi/linux/pkt_sched.h): handles, pfifo and
 * netem. Probabilities are fractions of 2^32 - 1 (0 = never, ~0 = always);
 * times are nanoseconds in the 64-bit attributes.
 */
#ifndef _LINUX_PKT_SCHED_H
#define _LINUX_PKT_SCHED_H

#include <linux/types.h>

/* Handles: a 16-bit major (the qdisc) and a 16-bit minor (a class). */
#define TC_H_MAJ_MASK	0xFFFF0000U
#define TC_H_MIN_MASK	0x0000FFFFU
#define TC_H_MAJ(h)	((h) & TC_H_MAJ_MASK)
#define TC_H_MIN(h)	((h) & TC_H_MIN_MASK)
#define TC_H_MAKE(maj, min) (((maj) & TC_H_MAJ_MASK) | ((min) & TC_H_MIN_MASK))

#define TC_H_UNSPEC	0U
#define TC_H_ROOT	0xFFFFFFFFU	/* parent of the device's transmit qdisc */
#define TC_H_INGRESS	0xFFFFFFF1U	/* parent of the device's receive qdisc */

/* pfifo: TCA_OPTIONS is this struct. */
struct tc_fifo_qopt {
	__u32 limit;		/* packets */
};

/*
 * netem: TCA_OPTIONS is struct tc_netem_qopt followed by nested
 * TCA_NETEM_* attributes (Linux's layout, kept for its tc).
 */
enum {
	TCA_NETEM_UNSPEC,
	TCA_NETEM_CORR,		/* struct tc_netem_corr */
	TCA_NETEM_DELAY_DIST,
	TCA_NETEM_REORDER,	/* struct tc_netem_reorder */
	TCA_NETEM_CORRUPT,	/* struct tc_netem_corrupt */
	TCA_NETEM_LOSS,
	TCA_NETEM_RATE,
	TCA_NETEM_ECN,
	TCA_NETEM_RATE64,
	TCA_NETEM_PAD,
	TCA_NETEM_LATENCY64,	/* s64 ns, overrides qopt.latency */
	TCA_NETEM_JITTER64,	/* s64 ns, overrides qopt.jitter */
	TCA_NETEM_SLOT,
	TCA_NETEM_SLOT_DIST,
	TCA_NETEM_PRNG_SEED,	/* u64: the generator's seed, for replayable runs */
	__TCA_NETEM_MAX,
};

#define TCA_NETEM_MAX (__TCA_NETEM_MAX - 1)

struct tc_netem_qopt {
	__u32 latency;		/* added delay, in 64 ns ticks (TCA_NETEM_LATENCY64 rules) */
	__u32 limit;		/* packets queued at most */
	__u32 loss;		/* random loss probability */
	__u32 gap;		/* reordering: every gap-th packet may go early (0: no reordering) */
	__u32 duplicate;	/* random duplication probability */
	__u32 jitter;		/* delay variation, in 64 ns ticks */
};

/* Correlation of each decision with the previous one (0 = independent). */
struct tc_netem_corr {
	__u32 delay_corr;
	__u32 loss_corr;
	__u32 dup_corr;
};

struct tc_netem_reorder {
	__u32 probability;
	__u32 correlation;
};

struct tc_netem_corrupt {
	__u32 probability;
	__u32 correlation;
};

/* The old tick unit of qopt.latency and qopt.jitter (Linux's PSCHED_SHIFT). */
#define NETEM_TICK_SHIFT	6

/*
 * Skiff's own: what netem did, in a dump's TCA_XSTATS (Linux's netem
 * reports none; its drops counter holds the losses).
 */
struct tc_netem_xstats {
	__u64 lost;		/* dropped on purpose (loss) */
	__u64 duplicated;	/* extra copies queued */
	__u64 reordered;	/* sent ahead of the delayed ones */
	__u64 corrupted;	/* one bit flipped */
	__u64 delayed;		/* held back for a delay > 0 */
};

#endif
