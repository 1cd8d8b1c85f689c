/*
 * A frame as an skb in one of the layouts a receive path must handle:
 * all linear, a short linear head with the rest in page frags (as a
 * driver handing up pages), or a head with the rest chained on its
 * frag_list (as IP reassembly), the chained skbs linear or paged. The
 * cut points and page placement come from a seed, so a test sweeps them
 * and a fuzzer chooses them. Shared by the unit tests and the fuzzers.
 */
#ifndef _NETTEST_SKB_LAYOUT_H
#define _NETTEST_SKB_LAYOUT_H

#include <kernel/types.h>
#include <net/skbuff.h>

enum nt_layout { NT_LINEAR, NT_PAGED, NT_CHAINED, NT_LAYOUTS };

/* An RX skb for dev holding frame[0, len), or NULL when memory is short. */
struct sk_buff *nt_skb_layout(struct net_device *dev, const void *frame,
			      size_t len, enum nt_layout layout, u32 seed);
const char *nt_layout_name(enum nt_layout layout);

#endif
