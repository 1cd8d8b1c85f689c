/*
 * What the fuzzers check an input left as it found it: skb heads and data
 * areas alive, allocations, pages and pending timers (the unit tests'
 * nettest_begin/nettest_end check the same with EXPECTs).
 */
#ifndef _NETTEST_POOLS_H
#define _NETTEST_POOLS_H

#include <net/skbuff.h>

struct nt_pools {
	struct skb_stats skb;
	u64 allocs, pages;
	u32 timers;
};

void nt_pools_get(struct nt_pools *p);
/* The pools are where p says (skb stats: live heads and data areas only). */
bool nt_pools_back(const struct nt_pools *p);

#endif
