/*
 * Classic BPF (McCanne and Jacobson, "The BSD Packet Filter", USENIX
 * 1993; Linux Documentation/networking/filter.rst): the checker that
 * decides whether a program may run, and the interpreter that runs it.
 * Both are pure: no allocation, no state, the packet read only through
 * its accessors (net/filter.h), so the host tests and a fuzzer drive them
 * directly and a hostile program can only be refused.
 *
 * The machine: a 32-bit accumulator A, an index register X, sixteen
 * scratch words M[], loads from the packet (absolute, indexed, and the
 * IP header length "4*([k]&0xf)"), ALU operations, forward jumps, RET.
 */
#include <net/filter.h>
#include <errno.h>

/* Linux's chk_code_allowed: the opcodes of classic BPF, nothing else. */
static bool bpf_code_allowed(u16 code)
{
	switch (code) {
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K: case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_IND: case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_W | BPF_LEN: case BPF_LD | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN: case BPF_LDX | BPF_B | BPF_MSH:
	case BPF_LDX | BPF_IMM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}

bool bpf_anc_supported(u32 k)
{
	switch (k) {
	case SKF_AD_PROTOCOL:
	case SKF_AD_PKTTYPE:
	case SKF_AD_IFINDEX:
	case SKF_AD_HATYPE:
		return true;
	default:
		return false;
	}
}

static bool is_cond_jump(u16 code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

static bool is_mem_load(u16 code)
{
	return code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM);
}

static bool is_mem_store(u16 code)
{
	return code == BPF_ST || code == BPF_STX;
}

/* Linux's per-instruction rules of bpf_check_classic. */
static bool bpf_insn_ok(const struct sock_filter *f, unsigned int pc,
			unsigned int len)
{
	if (!bpf_code_allowed(f->code))
		return false;
	switch (f->code) {
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_K:
		return f->k != 0;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
		return f->k < 32;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		return f->k < BPF_MEMWORDS;
	case BPF_JMP | BPF_JA:
		/* k is unsigned: a "backward" jump is a huge forward one. */
		return f->k < len - pc - 1;
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
		return f->k < (u32)SKF_AD_OFF ||
		       bpf_anc_supported(f->k - (u32)SKF_AD_OFF);
	}
	if (is_cond_jump(f->code))
		return pc + f->jt + 1 < len && pc + f->jf + 1 < len;
	return true;
}

/*
 * Whether some path from the first instruction reaches a read of M[slot]
 * without passing a store to it (Linux's check_load_and_stores: M[] is
 * not cleared between packets there, so such a read could see another
 * packet's data). Jumps go forward only, so one pass in program order
 * over a reachability bitmap decides it; a store ends the paths through
 * it.
 */
static bool mem_read_unset(const struct sock_filter *insns, unsigned int len,
			   u32 slot)
{
	u64 reach[BPF_MAXINSNS / 64] = { 1 };

	for (unsigned int pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];
		unsigned int next[2] = { pc + 1, pc + 1 };

		if (!(reach[pc / 64] & (1ULL << (pc % 64))))
			continue;
		if (is_mem_store(f->code) && f->k == slot)
			continue;
		if (is_mem_load(f->code) && f->k == slot)
			return true;
		if (BPF_CLASS(f->code) == BPF_RET)
			continue;
		if (f->code == (BPF_JMP | BPF_JA)) {
			next[0] = next[1] = pc + 1 + f->k;
		} else if (is_cond_jump(f->code)) {
			next[0] = pc + 1 + f->jt;
			next[1] = pc + 1 + f->jf;
		}
		for (int i = 0; i < 2; i++)
			reach[next[i] / 64] |= 1ULL << (next[i] % 64);
	}
	return false;
}

int bpf_check_classic(const struct sock_filter *insns, unsigned int len)
{
	u32 loaded = 0;		/* cells some instruction reads */

	if (!insns || len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (unsigned int pc = 0; pc < len; pc++) {
		if (!bpf_insn_ok(&insns[pc], pc, len))
			return -EINVAL;
		if (is_mem_load(insns[pc].code))
			loaded |= 1u << insns[pc].k;
	}
	if (BPF_CLASS(insns[len - 1].code) != BPF_RET)
		return -EINVAL;
	for (u32 slot = 0; slot < BPF_MEMWORDS; slot++)
		if ((loaded & (1u << slot)) && mem_read_unset(insns, len, slot))
			return -EINVAL;
	return 0;
}

/*
 * A load of size bytes at offset off (signed: the ABI's SKF_NET_OFF and
 * SKF_LL_OFF ranges count from the headers), big-endian as BPF defines.
 */
static bool bpf_load(const struct bpf_packet *pkt, s32 off, u32 size, u32 *val)
{
	enum bpf_base base = BPF_BASE_DATA;
	u32 at = (u32)off;
	u8 b[4];

	if (off < 0) {
		if (off >= SKF_NET_OFF) {
			base = BPF_BASE_NET;
			at = (u32)(off - SKF_NET_OFF);
		} else if (off >= SKF_LL_OFF) {
			base = BPF_BASE_LL;
			at = (u32)(off - SKF_LL_OFF);
		} else {
			return false;
		}
	}
	if (!pkt->load(pkt, base, at, size, b))
		return false;
	if (size == 4)
		*val = (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
	else if (size == 2)
		*val = (u32)b[0] << 8 | b[1];
	else
		*val = b[0];
	return true;
}

static u32 bpf_size(u16 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_W: return 4;
	case BPF_H: return 2;
	default: return 1;
	}
}

/*
 * One ALU operation on *a. False for a division or modulo by zero (only
 * X can be zero here: the checker refused a constant one). Shifts by X
 * use its low five bits, as Linux's interpreter does.
 */
static bool bpf_alu(u16 op, u32 *a, u32 v)
{
	switch (op) {
	case BPF_ADD: *a += v; break;
	case BPF_SUB: *a -= v; break;
	case BPF_MUL: *a *= v; break;
	case BPF_DIV: if (!v) return false; *a /= v; break;
	case BPF_MOD: if (!v) return false; *a %= v; break;
	case BPF_AND: *a &= v; break;
	case BPF_OR: *a |= v; break;
	case BPF_XOR: *a ^= v; break;
	case BPF_LSH: *a <<= v & 31; break;
	case BPF_RSH: *a >>= v & 31; break;
	case BPF_NEG: *a = -*a; break;
	}
	return true;
}

static bool bpf_jump_taken(u16 op, u32 a, u32 v)
{
	switch (op) {
	case BPF_JEQ: return a == v;
	case BPF_JGT: return a > v;
	case BPF_JGE: return a >= v;
	default: return (a & v) != 0;	/* BPF_JSET */
	}
}

/* The loads: BPF_LD (into A) and BPF_LDX (into X). False ends the run. */
static bool bpf_run_load(const struct sock_filter *f, const struct bpf_packet *pkt,
			 u32 *a, u32 *x, const u32 *mem)
{
	u32 v;

	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
		if (f->k >= (u32)SKF_AD_OFF)
			return pkt->ancillary(pkt, f->k - (u32)SKF_AD_OFF, a);
		return bpf_load(pkt, (s32)f->k, bpf_size(f->code), a);
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
		return bpf_load(pkt, (s32)(*x + f->k), bpf_size(f->code), a);
	case BPF_LDX | BPF_B | BPF_MSH:
		if (!bpf_load(pkt, (s32)f->k, 1, &v))
			return false;
		*x = (v & 0xf) << 2;
		return true;
	case BPF_LD | BPF_W | BPF_LEN: *a = pkt->len; return true;
	case BPF_LDX | BPF_W | BPF_LEN: *x = pkt->len; return true;
	case BPF_LD | BPF_IMM: *a = f->k; return true;
	case BPF_LDX | BPF_IMM: *x = f->k; return true;
	case BPF_LD | BPF_MEM: *a = mem[f->k]; return true;
	default: *x = mem[f->k]; return true;	/* BPF_LDX | BPF_MEM */
	}
}

u32 bpf_run_classic(const struct sock_filter *insns, unsigned int len,
		    const struct bpf_packet *pkt)
{
	u32 a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	for (unsigned int pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];

		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
		case BPF_LDX:
			if (!bpf_run_load(f, pkt, &a, &x, mem))
				return 0;
			break;
		case BPF_ST:
			mem[f->k] = a;
			break;
		case BPF_STX:
			mem[f->k] = x;
			break;
		case BPF_ALU:
			if (!bpf_alu(BPF_OP(f->code), &a,
				     BPF_SRC(f->code) == BPF_X ? x : f->k))
				return 0;
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA)
				pc += f->k;
			else if (bpf_jump_taken(BPF_OP(f->code), a,
						BPF_SRC(f->code) == BPF_X ? x : f->k))
				pc += f->jt;
			else
				pc += f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : f->k;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	return 0;	/* unreachable for a checked program: it ends in RET */
}
