/*
 * libFuzzer target: arbitrary bytes as a tcpdump filter expression for
 * the capture library's compiler (libc/user/pcap_filter.c, pcap_gen.c),
 * as the `capture` command and httpd's capture page hand it user text.
 * The expression sits in an allocation of exactly its size (with its
 * NUL), so ASan sees any read past it, and the error buffer is tried at
 * its full size and at a tight one.
 *
 * A refused expression must say why, in a terminated message. An
 * accepted one must compile the same way twice, pass the classic BPF
 * checker (net/core/bpf.c) and, over every frame of the unit tests'
 * capture (tests/unit/bpf/frames.pcap), keep either nothing or snaplen
 * bytes; "not (E)" must compile too and select exactly the other frames,
 * and "(E)" the same ones (BPF ends a program that loads past a frame's
 * end with 0, whatever the expression's sense: such frames are left out
 * of the comparison).
 */
/* links: libc/user/pcap_filter.c libc/user/pcap_gen.c net/core/bpf.c tests/unit/bpf/frames.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/filter.h>
#include <skiff/capture.h>

#include "frames.h"

#define EXPR_MAX	4096
#define SNAPLEN		65535

static struct frame frames[FRAMES_MAX];
static unsigned int nframes;

static void load_frames(void)
{
	int n = frames_load(FRAMES_PCAP, frames, FRAMES_MAX);

	if (n <= 0) {
		fprintf(stderr, "fuzz_pcap_filter: no frames read from %s (run from the tree's root)\n",
			FRAMES_PCAP);
		exit(2);
	}
	nframes = (unsigned int)n;
}

/*
 * Which frames f selects, one bit each, and in *off those it ran off the
 * end of; aborts on a keep other than 0 or SNAPLEN.
 */
static uint64_t selection(const struct capture_filter *f, uint64_t *off)
{
	uint64_t sel = 0;

	for (unsigned int i = 0; i < nframes; i++) {
		struct frame_packet fp;
		uint32_t keep;

		frame_packet_init(&fp, &frames[i]);
		keep = bpf_run_classic(f->insns, f->len, &fp.pkt);
		if (keep != 0 && keep != SNAPLEN)
			abort();
		if (keep)
			sel |= 1ULL << i;
		if (fp.ran_off)
			*off |= 1ULL << i;
	}
	return sel;
}

/* Compile expr; on refusal the message must be there and terminated, at both sizes. */
static int compile(const char *expr, struct capture_filter *f)
{
	char err[160], tight[8];
	int r = capture_filter_compile(expr, SNAPLEN, f, err, sizeof(err));

	if (r != 0 && r != -1)
		abort();
	if (r == -1 && (err[0] == '\0' || !memchr(err, '\0', sizeof(err))))
		abort();
	memset(tight, 0x55, sizeof(tight));
	if (capture_filter_compile(expr, SNAPLEN, f, tight, sizeof(tight)) != r)
		abort();
	if (r == -1 && !memchr(tight, '\0', sizeof(tight)))
		abort();
	return r;
}

/* The expression wrapped as fmt ("not (%s)"): compiled, or refused only as too long. */
static bool wrapped(const char *fmt, const char *expr, struct capture_filter *f)
{
	static char text[EXPR_MAX + 16];
	char err[160];

	snprintf(text, sizeof(text), fmt, expr);
	if (capture_filter_compile(text, SNAPLEN, f, err, sizeof(err)) == 0)
		return true;
	if (!strstr(err, "too long"))
		abort();
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct capture_filter f, again, g;
	uint64_t all, sel, off = 0;
	char *expr;

	if (!nframes)
		load_frames();
	if (size > EXPR_MAX)
		return 0;
	expr = malloc(size + 1);
	if (!expr)
		abort();
	memcpy(expr, data, size);
	expr[size] = '\0';
	if (compile(expr, &f) == 0) {
		if (f.len == 0 || f.len > CAPTURE_FILTER_MAX || bpf_check_classic(f.insns, f.len))
			abort();
		if (compile(expr, &again) != 0 || again.len != f.len ||
		    memcmp(again.insns, f.insns, f.len * sizeof(f.insns[0])))
			abort();
		sel = selection(&f, &off);
		all = nframes == 64 ? ~0ULL : (1ULL << nframes) - 1;
		/* An empty expression selects everything; it has no "not ()". */
		if (strspn(expr, " \t\n\r\v\f") != strlen(expr)) {
			if (wrapped("not (%s)", expr, &g)) {
				uint64_t neg = selection(&g, &off);

				if ((neg ^ ~sel) & all & ~off)
					abort();
			}
			if (wrapped("(%s)", expr, &g) && selection(&g, &off) != sel)
				abort();
		}
	}
	free(expr);
	return 0;
}
