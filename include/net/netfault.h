/*
 * Fault injection between the NIC drivers and the stack (in the spirit of
 * smoltcp's FaultInjector and Linux's netem): on the command line,
 *
 *	netfault=loss=5,dup=5,reorder=25,corrupt=1,delay=10ms,seed=42,dir=rx
 *
 * drops, duplicates, reorders and corrupts frames of every non-loopback
 * device, on receive (netif_receive_skb) and transmit (dev_queue_xmit).
 * Rates are percentages (fractions allowed: 0.5); a seeded generator makes
 * a run's decisions replayable. Every injected fault is counted in the
 * "Netfault" counter group.
 */
#ifndef _NET_NETFAULT_H
#define _NET_NETFAULT_H

#include <kernel/types.h>

struct sk_buff;
struct net_device;

#define NETFAULT_RX	0x1
#define NETFAULT_TX	0x2

struct netfault_config {
	/* Chances in basis points (1/100 of a percent): 10000 = always. */
	u16 loss, dup, reorder, corrupt;
	u32 delay_ms;		/* longest a reordered frame is held back */
	u64 seed;
	u8 dirs;		/* NETFAULT_RX | NETFAULT_TX */
};

/* What to do with one frame: any combination of these bits. */
#define NETFAULT_DROP		0x1
#define NETFAULT_CORRUPT	0x2
#define NETFAULT_DUP		0x4
#define NETFAULT_HOLD		0x8	/* deliver after the next frame */

/* The decision generator (splitmix64): the same seed, the same decisions. */
struct netfault_rng {
	u64 state;
};

static inline u64 netfault_rng_next(struct netfault_rng *r)
{
	u64 z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Parse the value of netfault= ("off" or key=value pairs separated by
 * commas) into cfg. Returns 0 or -EINVAL; cfg is undefined on error.
 */
int netfault_parse(const char *spec, struct netfault_config *cfg);
/*
 * The fate of the next frame: draws four numbers from rng whatever the
 * outcome, so that one frame's fate does not shift the next ones'.
 */
u32 netfault_decide(const struct netfault_config *cfg, struct netfault_rng *rng);
/* Which byte to corrupt of a frame of len bytes, skipping the first 'from'. */
u32 netfault_corrupt_offset(struct netfault_rng *rng, u32 from, u32 len);

/* Switch the layer on with cfg (all rates zero: off). Held frames are released. */
void netfault_configure(const struct netfault_config *cfg);

extern u8 netfault_dirs;	/* the directions faults are on for; 0 when off */

/* True when frames of dev in direction dir go through the fault layer. */
bool netfault_applies(const struct net_device *dev, int dir);

/*
 * The hooks: apply the faults to skb and pass what survives, in the
 * resulting order, to deliver (__netif_receive_skb or __dev_queue_xmit),
 * now or from a timer. Consume skb; return deliver's result for skb when
 * it was delivered now, else 0 (NET_RX_SUCCESS, NET_XMIT_SUCCESS): to the
 * layer above, a lost frame was lost on the wire.
 */
int netfault_rx(struct sk_buff *skb, int (*deliver)(struct sk_buff *skb));
int netfault_tx(struct sk_buff *skb, int (*deliver)(struct sk_buff *skb));

#define NETFAULT_MIB_LIST(X)						\
	X(RXFRAMES, RxFrames)		/* frames seen on receive */	\
	X(TXFRAMES, TxFrames)		/* frames seen on transmit */	\
	X(RXDROPPED, RxDropped)						\
	X(TXDROPPED, TxDropped)						\
	X(RXDUPLICATED, RxDuplicated)					\
	X(TXDUPLICATED, TxDuplicated)					\
	X(RXREORDERED, RxReordered)	/* held back behind the next frame */ \
	X(TXREORDERED, TxReordered)					\
	X(RXCORRUPTED, RxCorrupted)					\
	X(TXCORRUPTED, TxCorrupted)					\
	X(TIMERRELEASES, TimerReleases)	/* held frames the delay let go */ \
	X(NOMEM, NoMem)			/* copies that failed: frame dropped */

#define __NETFAULT_ENUM(e, name) NETFAULT_MIB_##e,
enum { NETFAULT_MIB_LIST(__NETFAULT_ENUM) NETFAULT_MIB_MAX };
extern u64 netfault_mib[NETFAULT_MIB_MAX];
extern const char *const netfault_mib_names[NETFAULT_MIB_MAX];

#endif
