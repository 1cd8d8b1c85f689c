/* The kernel's ping command: echo requests with RTTs and a summary, like ping(8). */
#ifndef _NET_KPING_H
#define _NET_KPING_H

#include <kernel/types.h>

struct kping_opts {
	unsigned int count;		/* requests to send (>= 1) */
	unsigned int size;		/* payload octets, 0 .. PING_MAX_PAYLOAD */
	u64 interval_ms;		/* between requests */
	u64 linger_ms;			/* wait for replies after the last request */
	bool quiet;			/* only the summary */
};

struct kping_stats {
	unsigned int sent, received, duplicates, corrupted, errors;
	u64 min_ns, max_ns, sum_ns;
};

/*
 * Ping daddr from process context; prints one line per reply and a
 * summary. Returns 0 when at least one reply came back, -ETIMEDOUT when
 * none did, or the error that stopped the first send.
 */
int kping(__be32 daddr, const struct kping_opts *o, struct kping_stats *st);

#endif
