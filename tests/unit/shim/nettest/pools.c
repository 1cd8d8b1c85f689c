/* The fuzzers' pool baseline: see pools.h. */
#include <kernel/timer.h>
#include "shim.h"
#include "pools.h"

void nt_pools_get(struct nt_pools *p)
{
	skb_get_stats(&p->skb);
	p->allocs = shim_live_allocs();
	p->pages = shim_live_pages();
	p->timers = timers_pending_count();
}

bool nt_pools_back(const struct nt_pools *p)
{
	struct nt_pools now;

	nt_pools_get(&now);
	return now.skb.live_heads == p->skb.live_heads &&
	       now.skb.live_data == p->skb.live_data &&
	       now.allocs == p->allocs && now.pages == p->pages && now.timers == p->timers;
}
