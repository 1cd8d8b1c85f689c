/*
 * Drop reasons by name, and /proc/net/drop_reasons: how many packets died
 * of each cause since boot ("REASON COUNT" per line, nonzero ones only),
 * which the dashboard shows and the shell's dropwatch samples.
 */
#include <kernel/procfs.h>
#include <net/skbuff.h>

#define __DROP_REASON_NAME(x) [SKB_DROP_REASON_##x] = #x,
static const char *const drop_reason_names[] = {
	[SKB_CONSUMED] = "CONSUMED",
	DEFINE_DROP_REASON(__DROP_REASON_NAME)
};
#undef __DROP_REASON_NAME

const char *drop_reason_name(enum skb_drop_reason reason)
{
	if ((unsigned int)reason >= ARRAY_SIZE(drop_reason_names))
		return "?";
	return drop_reason_names[reason];
}

static void show_drop_reasons(struct seq_buf *s)
{
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++) {
		u64 n = skb_drop_reason_count(r);

		if (n)
			seq_printf(s, "%s %llu\n", drop_reason_name(r),
				       (unsigned long long)n);
	}
}
PROC_ENTRY(net_drop_reasons, "/proc/net/drop_reasons", show_drop_reasons);
