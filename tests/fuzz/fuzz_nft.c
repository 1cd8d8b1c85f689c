/*
 * libFuzzer target: arbitrary bytes as nft text (a ruleset file, or a
 * command line). nft_run must refuse or accept without crashing; what it
 * accepts must list back as a ruleset that loads to the same listing (the
 * printer writes only what the parser reads); then the ruleset is flushed
 * and every allocation and timer (conntrack's collector) must be gone.
 */
/* links: net */
#include <net/netfilter/nf_tables.h>
#include <kernel/timer.h>
#include <net/netdevice.h>
#include "shim.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX	4096

static u64 base_allocs;
static u32 base_timers;
static char text[TEXT_MAX + 1];
static char out[65536], relist[65536], again[65536 + 32], err[256];

static void fuzz_setup(void)
{
	shim_printk_quiet = true;
	net_dev_init();
	base_allocs = shim_live_allocs();
	base_timers = timers_pending_count();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;

	if (!ready) {
		fuzz_setup();
		ready = true;
	}
	if (size > TEXT_MAX)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (nft_run(text, out, sizeof(out), err, sizeof(err)) == 0) {
		if (nft_run("list ruleset", out, sizeof(out), err, sizeof(err)))
			abort();
		memcpy(relist, out, sizeof(out));
		/* A listing cut short by the buffer is not a ruleset: only whole ones. */
		if (strlen(relist) < sizeof(relist) - 1) {
			strcpy(again, "flush ruleset\n");
			strcat(again, relist);
			if (nft_run(again, out, sizeof(out), err, sizeof(err)))
				abort();
			if (nft_run("list ruleset", out, sizeof(out), err, sizeof(err)) ||
			    strcmp(out, relist))
				abort();
		}
	}
	if (nft_run("flush ruleset", out, sizeof(out), err, sizeof(err)))
		abort();
	if (shim_live_allocs() != base_allocs || timers_pending_count() != base_timers)
		abort();
	return 0;
}
