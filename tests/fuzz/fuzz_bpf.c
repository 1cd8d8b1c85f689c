/*
 * libFuzzer target: a classic BPF program and a frame for the checker
 * and the interpreter (net/core/bpf.c), as SO_ATTACH_FILTER hands them a
 * user's program. The input is a flags byte (bit 0: the ancillary loads
 * find no device), the number of instructions, the instructions as
 * struct sock_filter, then the frame. Program and frame each sit in an
 * allocation of exactly their size, so ASan sees any read past them.
 *
 * A program the checker accepts must also pass a plain model of what
 * makes a program safe to run (Linux's bpf_check_classic and
 * check_load_and_stores, written here independently): jumps inside the
 * program, scratch cells M[0..15] only, stored on every path before they
 * are read, a RET at the end. It then runs twice over the frame to the
 * same result, the interpreter reading the frame only through its
 * accessors, with loads of 1, 2 or 4 bytes and ancillary words the
 * checker allows.
 */
/* links: net/core/bpf.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <net/filter.h>

#define NET_OFF		14	/* the network header, after an Ethernet header */
#define FUZZ_NODEV	0x01

struct flat {
	struct bpf_packet pkt;
	const uint8_t *data;
	size_t len;
	bool no_dev;
};

static bool flat_load(const struct bpf_packet *pkt, enum bpf_base base,
		      uint32_t off, uint32_t size, uint8_t *to)
{
	const struct flat *f = (const struct flat *)pkt;
	uint64_t at = (uint64_t)off + (base == BPF_BASE_NET ? NET_OFF : 0);

	if ((size != 1 && size != 2 && size != 4) ||
	    (base != BPF_BASE_DATA && base != BPF_BASE_NET && base != BPF_BASE_LL))
		abort();
	if (at + size > f->len)
		return false;
	memcpy(to, f->data + at, size);
	return true;
}

static bool flat_anc(const struct bpf_packet *pkt, uint32_t k, uint32_t *val)
{
	const struct flat *f = (const struct flat *)pkt;

	if (!bpf_anc_supported(k))
		abort();	/* the checker let an unknown one through */
	if (f->no_dev)
		return false;
	*val = k * 0x01010101u ^ (uint32_t)f->len;
	return true;
}

static bool is_mem(uint16_t code)
{
	return code == BPF_ST || code == BPF_STX ||
	       code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM);
}

/*
 * The model: Linux's forward pass over M[]'s valid cells. A jump hands
 * its cells to each target (the intersection over all that reach it);
 * after a jump or a RET the next instruction is reached, if at all, only
 * by jumps, so its cells are theirs. (Linux leaves the cells as they were
 * after a RET, and so refuses an unset read no path reaches; Skiff's
 * checker follows the paths and accepts it: it can never run.)
 */
static bool model_safe(const struct sock_filter *p, unsigned int len)
{
	static uint16_t masks[BPF_MAXINSNS];
	uint16_t valid = 0;

	if (len == 0 || len > BPF_MAXINSNS || BPF_CLASS(p[len - 1].code) != BPF_RET)
		return false;
	memset(masks, 0xff, len * sizeof(masks[0]));
	for (unsigned int pc = 0; pc < len; pc++) {
		uint16_t code = p[pc].code;

		valid &= masks[pc];
		if (is_mem(code) && p[pc].k >= BPF_MEMWORDS)
			return false;
		if (code == BPF_ST || code == BPF_STX) {
			valid |= 1u << p[pc].k;
		} else if (code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & (1u << p[pc].k)))
				return false;
		} else if (BPF_CLASS(code) == BPF_RET) {
			valid = 0xffff;
		} else if (code == (BPF_JMP | BPF_JA)) {
			if ((uint64_t)pc + 1 + p[pc].k >= len)
				return false;
			masks[pc + 1 + p[pc].k] &= valid;
			valid = 0xffff;
		} else if (BPF_CLASS(code) == BPF_JMP) {
			if (pc + 1 + p[pc].jt >= len || pc + 1 + p[pc].jf >= len)
				return false;
			masks[pc + 1 + p[pc].jt] &= valid;
			masks[pc + 1 + p[pc].jf] &= valid;
			valid = 0xffff;
		}
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sock_filter *prog;
	struct flat f;
	unsigned int n;
	size_t plen, flen;
	uint8_t *frame;

	if (size < 2)
		return 0;
	n = data[1];
	if ((size - 2) / sizeof(*prog) < n)
		n = (unsigned int)((size - 2) / sizeof(*prog));
	plen = n * sizeof(*prog);
	flen = size - 2 - plen;
	/* Exactly their sizes (malloc(0) may be NULL: one byte then, never read). */
	prog = malloc(plen ? plen : 1);
	frame = malloc(flen ? flen : 1);
	if (!prog || !frame)
		abort();
	memcpy(prog, data + 2, plen);
	memcpy(frame, data + 2 + plen, flen);

	if (bpf_check_classic(prog, n) == 0) {
		if (!model_safe(prog, n))
			abort();
		memset(&f, 0, sizeof(f));
		f.pkt.len = (uint32_t)flen;
		f.pkt.load = flat_load;
		f.pkt.ancillary = flat_anc;
		f.data = frame;
		f.len = flen;
		f.no_dev = data[0] & FUZZ_NODEV;
		if (bpf_run_classic(prog, n, &f.pkt) != bpf_run_classic(prog, n, &f.pkt))
			abort();
	}
	free(prog);
	free(frame);
	return 0;
}
