/* test_bpf.c - net/core/bpf.c: every rule of the classic BPF checker, and each instruction of the interpreter. */
/* links: net/core/bpf.c */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/filter.h>

#include "unit.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))
#define ST(code, k)		BPF_STMT(code, k)
#define JMP(code, k, jt, jf)	BPF_JUMP(code, k, jt, jf)
#define RET_A			ST(BPF_RET | BPF_A, 0)
#define RET(k)			ST(BPF_RET | BPF_K, k)

/* A frame in memory: the network header 14 bytes in, the link header at 0. */
struct flat {
	struct bpf_packet pkt;
	const unsigned char *data;
	unsigned int len;
	unsigned int anc[64];	/* SKF_AD_* values by k */
	bool no_dev;		/* ancillary answers "no device" */
};

static bool flat_load(const struct bpf_packet *pkt, enum bpf_base base,
		      uint32_t off, uint32_t size, uint8_t *to)
{
	const struct flat *f = (const struct flat *)pkt;
	uint64_t at = (uint64_t)off + (base == BPF_BASE_NET ? 14 : 0);

	if (at + size > f->len)
		return false;
	memcpy(to, f->data + at, size);
	return true;
}

static bool flat_anc(const struct bpf_packet *pkt, uint32_t k, uint32_t *val)
{
	const struct flat *f = (const struct flat *)pkt;

	if (f->no_dev)
		return false;
	*val = f->anc[k];
	return true;
}

static void flat_init(struct flat *f, const void *data, unsigned int len)
{
	memset(f, 0, sizeof(*f));
	f->pkt.len = len;
	f->pkt.load = flat_load;
	f->pkt.ancillary = flat_anc;
	f->data = data;
	f->len = len;
}

static const unsigned char frame[] = {
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x02, 0, 0, 0, 0, 1,	/* dst, src */
	0x08, 0x00,						/* IPv4 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 64, 6, 0, 0,
	10, 0, 0, 1, 10, 0, 0, 2,				/* 10.0.0.1 > 10.0.0.2 */
	0x9c, 0x40, 0x00, 0x50,					/* 40000 > 80 */
};

/* The program and frame as fuzz_bpf reads them: flags, count, instructions, frame. */
static void seed(const struct sock_filter *p, unsigned int n)
{
	unsigned char buf[2 + 255 * sizeof(*p) + sizeof(frame)];

	if (n > 255)
		return;
	buf[0] = 0;
	buf[1] = (unsigned char)n;
	memcpy(buf + 2, p, n * sizeof(*p));
	memcpy(buf + 2 + n * sizeof(*p), frame, sizeof(frame));
	unit_seed("bpf", buf, 2 + n * sizeof(*p) + sizeof(frame));
}

/* Check, then run over frame; the checker must accept the program. */
static uint32_t run(const struct sock_filter *p, unsigned int n)
{
	struct flat f;

	seed(p, n);
	flat_init(&f, frame, sizeof(frame));
	EXPECT_EQ_INT(bpf_check_classic(p, n), 0);
	return bpf_run_classic(p, n, &f.pkt);
}

UNIT_TEST(check_rejects_empty_and_oversized)
{
	struct sock_filter ret = RET(1), *big;

	EXPECT_EQ_INT(bpf_check_classic(NULL, 1), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(&ret, 0), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(&ret, 1), 0);
	big = calloc(BPF_MAXINSNS + 1, sizeof(*big));
	ASSERT(big);
	for (int i = 0; i <= BPF_MAXINSNS; i++)
		big[i] = (struct sock_filter)RET(0);
	EXPECT_EQ_INT(bpf_check_classic(big, BPF_MAXINSNS), 0);
	EXPECT_EQ_INT(bpf_check_classic(big, BPF_MAXINSNS + 1), -EINVAL);
	free(big);
}

UNIT_TEST(check_rejects_unknown_opcodes)
{
	static const uint16_t bad[] = {
		BPF_LD | BPF_W | BPF_MSH,	/* MSH is LDX only, byte only */
		BPF_LDX | BPF_H | BPF_MSH,
		BPF_LDX | BPF_W | BPF_ABS,	/* LDX has no packet loads */
		BPF_LD | 0x18 | BPF_ABS,	/* size 0x18: eBPF's double word */
		BPF_ALU | 0xb0 | BPF_K,		/* no ALU op 0xb0 (eBPF's MOV) */
		BPF_JMP | 0x50 | BPF_K,		/* eBPF's JNE */
		BPF_RET | BPF_X,
		BPF_MISC | 0x40,
		0x8000,
	};

	for (size_t i = 0; i < N(bad); i++) {
		struct sock_filter p[] = { ST(bad[i], 0), RET(0) };

		EXPECT_MSG(bpf_check_classic(p, 2) == -EINVAL, "opcode %#x accepted", bad[i]);
	}
}

UNIT_TEST(check_rejects_division_by_constant_zero_and_wide_shifts)
{
	struct sock_filter div0[] = { ST(BPF_ALU | BPF_DIV | BPF_K, 0), RET_A };
	struct sock_filter mod0[] = { ST(BPF_ALU | BPF_MOD | BPF_K, 0), RET_A };
	struct sock_filter lsh[] = { ST(BPF_ALU | BPF_LSH | BPF_K, 32), RET_A };
	struct sock_filter rsh[] = { ST(BPF_ALU | BPF_RSH | BPF_K, 40), RET_A };
	struct sock_filter divx[] = { ST(BPF_ALU | BPF_DIV | BPF_X, 0), RET_A };
	struct sock_filter lsh31[] = { ST(BPF_ALU | BPF_LSH | BPF_K, 31), RET_A };

	EXPECT_EQ_INT(bpf_check_classic(div0, 2), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(mod0, 2), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(lsh, 2), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(rsh, 2), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(divx, 2), 0);	/* X = 0 is caught when run */
	EXPECT_EQ_INT(bpf_check_classic(lsh31, 2), 0);
}

UNIT_TEST(check_rejects_scratch_cells_out_of_range)
{
	static const uint16_t codes[] = { BPF_ST, BPF_STX, BPF_LD | BPF_MEM, BPF_LDX | BPF_MEM };

	for (size_t i = 0; i < N(codes); i++) {
		struct sock_filter p[] = { ST(BPF_ST, 0), ST(BPF_STX, 0),
					   ST(codes[i], BPF_MEMWORDS), RET(0) };

		EXPECT_MSG(bpf_check_classic(p, 4) == -EINVAL, "code %#x M[16]", codes[i]);
		p[2].k = BPF_MEMWORDS - 1;
		p[0].k = p[1].k = BPF_MEMWORDS - 1;
		EXPECT_MSG(bpf_check_classic(p, 4) == 0, "code %#x M[15]", codes[i]);
	}
}

UNIT_TEST(check_rejects_jumps_past_the_end_and_backward)
{
	struct sock_filter ja[] = { ST(BPF_JMP | BPF_JA, 1), RET(0), RET(1) };
	struct sock_filter jeq[] = { JMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), RET(0), RET(1) };

	EXPECT_EQ_INT(bpf_check_classic(ja, 3), 0);
	ja[0].k = 2;				/* to index 3: past the end */
	EXPECT_EQ_INT(bpf_check_classic(ja, 3), -EINVAL);
	ja[0].k = 0xffffffff;			/* "back" to itself, by wrap-around */
	EXPECT_EQ_INT(bpf_check_classic(ja, 3), -EINVAL);
	ja[0].k = 0xfffffffe;
	EXPECT_EQ_INT(bpf_check_classic(ja, 3), -EINVAL);

	EXPECT_EQ_INT(bpf_check_classic(jeq, 3), 0);
	jeq[0].jt = 2;
	EXPECT_EQ_INT(bpf_check_classic(jeq, 3), -EINVAL);
	jeq[0].jt = 1;
	jeq[0].jf = 255;
	EXPECT_EQ_INT(bpf_check_classic(jeq, 3), -EINVAL);
	jeq[0].jf = 2;
	EXPECT_EQ_INT(bpf_check_classic(jeq, 3), -EINVAL);
}

UNIT_TEST(check_wants_a_ret_at_the_end)
{
	struct sock_filter p[] = { RET(1), ST(BPF_LD | BPF_IMM, 1) };
	struct sock_filter q[] = { JMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0), RET(1) };

	EXPECT_EQ_INT(bpf_check_classic(p, 2), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(p, 1), 0);
	EXPECT_EQ_INT(bpf_check_classic(q, 1), -EINVAL);	/* a jump last */
}

UNIT_TEST(check_ancillary_loads)
{
	struct sock_filter p[] = { ST(BPF_LD | BPF_W | BPF_ABS, 0), RET_A };
	static const uint32_t ok[] = { SKF_AD_PROTOCOL, SKF_AD_PKTTYPE, SKF_AD_IFINDEX,
				       SKF_AD_HATYPE };
	static const uint32_t no[] = { SKF_AD_MARK, SKF_AD_QUEUE, SKF_AD_CPU,
				       SKF_AD_RANDOM, SKF_AD_MAX, 0xffc };

	for (size_t i = 0; i < N(ok); i++) {
		p[0].k = (uint32_t)SKF_AD_OFF + ok[i];
		EXPECT_MSG(bpf_check_classic(p, 2) == 0, "ancillary %u", ok[i]);
	}
	for (size_t i = 0; i < N(no); i++) {
		p[0].k = (uint32_t)SKF_AD_OFF + no[i];
		EXPECT_MSG(bpf_check_classic(p, 2) == -EINVAL, "ancillary %u", no[i]);
	}
	p[0].k = (uint32_t)SKF_NET_OFF;		/* header-relative: plain loads */
	EXPECT_EQ_INT(bpf_check_classic(p, 2), 0);
}

UNIT_TEST(check_scratch_read_before_write)
{
	/* M[3] stored on one branch only, then read where both meet. */
	struct sock_filter one[] = {
		JMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
		ST(BPF_ST, 3),
		ST(BPF_LD | BPF_MEM, 3),
		RET_A,
	};
	struct sock_filter both[] = {
		JMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
		ST(BPF_ST, 3),
		ST(BPF_JMP | BPF_JA, 1),
		ST(BPF_STX, 3),
		ST(BPF_LDX | BPF_MEM, 3),
		RET_A,
	};
	struct sock_filter never[] = { ST(BPF_LDX | BPF_MEM, 0), RET_A };
	/* A read only code after RET can reach... which nothing reaches. */
	struct sock_filter dead[] = { RET(0), ST(BPF_LD | BPF_MEM, 5), RET_A };

	EXPECT_EQ_INT(bpf_check_classic(one, N(one)), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(both, N(both)), 0);
	EXPECT_EQ_INT(bpf_check_classic(never, N(never)), -EINVAL);
	EXPECT_EQ_INT(bpf_check_classic(dead, N(dead)), 0);
	one[0].jf = 0;			/* now every path passes the store */
	EXPECT_EQ_INT(bpf_check_classic(one, N(one)), 0);
}

UNIT_TEST(run_returns_k_or_a)
{
	struct sock_filter k[] = { RET(262144) };
	struct sock_filter a[] = { ST(BPF_LD | BPF_IMM, 77), RET_A };

	EXPECT_EQ_UINT(run(k, 1), 262144);
	EXPECT_EQ_UINT(run(a, 2), 77);
}

UNIT_TEST(run_loads_are_big_endian_and_bounded)
{
	struct sock_filter w[] = { ST(BPF_LD | BPF_W | BPF_ABS, 26), RET_A };
	struct sock_filter h[] = { ST(BPF_LD | BPF_H | BPF_ABS, 12), RET_A };
	struct sock_filter b[] = { ST(BPF_LD | BPF_B | BPF_ABS, 23), RET_A };
	struct sock_filter end[] = { ST(BPF_LD | BPF_H | BPF_ABS, sizeof(frame) - 1), RET(9) };
	struct sock_filter last[] = { ST(BPF_LD | BPF_B | BPF_ABS, sizeof(frame) - 1), RET_A };
	struct sock_filter len[] = { ST(BPF_LD | BPF_W | BPF_LEN, 0), RET_A };
	struct sock_filter xlen[] = { ST(BPF_LDX | BPF_W | BPF_LEN, 0),
				      ST(BPF_MISC | BPF_TXA, 0), RET_A };

	EXPECT_EQ_UINT(run(w, 2), 0x0a000001);
	EXPECT_EQ_UINT(run(h, 2), 0x0800);
	EXPECT_EQ_UINT(run(b, 2), 6);
	EXPECT_EQ_UINT(run(end, 2), 0);		/* half outside: the run ends with 0 */
	EXPECT_EQ_UINT(run(last, 2), 0x50);
	EXPECT_EQ_UINT(run(len, 2), sizeof(frame));
	EXPECT_EQ_UINT(run(xlen, 3), sizeof(frame));
}

UNIT_TEST(run_indexed_loads_and_the_ip_header_length)
{
	/* tcpdump's "port 80" core: X = 4*([14]&0xf), then [x + 16]. */
	struct sock_filter port[] = {
		ST(BPF_LDX | BPF_B | BPF_MSH, 14),
		ST(BPF_LD | BPF_H | BPF_IND, 16),
		RET_A,
	};
	struct sock_filter x[] = {
		ST(BPF_LDX | BPF_IMM, 30),
		ST(BPF_LD | BPF_B | BPF_IND, 0),
		RET_A,
	};
	struct sock_filter wrap[] = {
		ST(BPF_LDX | BPF_IMM, 0xffffffff),
		ST(BPF_LD | BPF_B | BPF_IND, 2),	/* X + k wraps to 1 */
		RET_A,
	};
	struct sock_filter beyond[] = {
		ST(BPF_LDX | BPF_IMM, 100),
		ST(BPF_LD | BPF_B | BPF_IND, 0),
		RET(5),
	};

	EXPECT_EQ_UINT(run(port, 3), 80);
	EXPECT_EQ_UINT(run(x, 3), 10);
	EXPECT_EQ_UINT(run(wrap, 3), 0x54);
	EXPECT_EQ_UINT(run(beyond, 3), 0);
}

UNIT_TEST(run_header_relative_and_ancillary_loads)
{
	struct sock_filter net[] = { ST(BPF_LD | BPF_B | BPF_ABS, (uint32_t)SKF_NET_OFF + 9), RET_A };
	struct sock_filter ll[] = { ST(BPF_LD | BPF_H | BPF_ABS, (uint32_t)SKF_LL_OFF + 12), RET_A };
	struct sock_filter below[] = { ST(BPF_LD | BPF_B | BPF_ABS, (uint32_t)SKF_LL_OFF - 1), RET(3) };
	struct sock_filter anc[] = {
		ST(BPF_LD | BPF_W | BPF_ABS, (uint32_t)SKF_AD_OFF + SKF_AD_IFINDEX), RET_A,
	};
	struct flat f;

	EXPECT_EQ_UINT(run(net, 2), 6);
	EXPECT_EQ_UINT(run(ll, 2), 0x0800);
	flat_init(&f, frame, sizeof(frame));
	EXPECT_EQ_UINT(bpf_run_classic(below, 2, &f.pkt), 0);
	f.anc[SKF_AD_IFINDEX] = 7;
	EXPECT_EQ_INT(bpf_check_classic(anc, 2), 0);
	EXPECT_EQ_UINT(bpf_run_classic(anc, 2, &f.pkt), 7);
	f.no_dev = true;
	EXPECT_EQ_UINT(bpf_run_classic(anc, 2, &f.pkt), 0);
}

/* Each ALU operation with K and with X, on A = 100. */
UNIT_TEST(run_alu)
{
	static const struct {
		uint16_t op;
		uint32_t v, want;
	} ops[] = {
		{ BPF_ADD, 5, 105 }, { BPF_SUB, 5, 95 }, { BPF_SUB, 101, 0xffffffff },
		{ BPF_MUL, 3, 300 }, { BPF_DIV, 7, 14 }, { BPF_MOD, 7, 2 },
		{ BPF_AND, 0x0f, 4 }, { BPF_OR, 1, 101 }, { BPF_XOR, 0xff, 0x9b },
		{ BPF_LSH, 2, 400 }, { BPF_RSH, 2, 25 },
	};

	for (size_t i = 0; i < N(ops); i++) {
		struct sock_filter k[] = { ST(BPF_LD | BPF_IMM, 100),
					   ST(BPF_ALU | ops[i].op | BPF_K, ops[i].v), RET_A };
		struct sock_filter x[] = { ST(BPF_LD | BPF_IMM, 100), ST(BPF_LDX | BPF_IMM, ops[i].v),
					   ST(BPF_ALU | ops[i].op | BPF_X, 0), RET_A };

		EXPECT_MSG(run(k, 3) == ops[i].want, "op %#x K", ops[i].op);
		EXPECT_MSG(run(x, 4) == ops[i].want, "op %#x X", ops[i].op);
	}
}

UNIT_TEST(run_alu_edges)
{
	struct sock_filter neg[] = { ST(BPF_LD | BPF_IMM, 1), ST(BPF_ALU | BPF_NEG, 0), RET_A };
	struct sock_filter divx0[] = { ST(BPF_LD | BPF_IMM, 9), ST(BPF_LDX | BPF_IMM, 0),
				       ST(BPF_ALU | BPF_DIV | BPF_X, 0), RET(1) };
	struct sock_filter modx0[] = { ST(BPF_LD | BPF_IMM, 9), ST(BPF_LDX | BPF_IMM, 0),
				       ST(BPF_ALU | BPF_MOD | BPF_X, 0), RET(1) };
	/* Shifts by X use its low five bits, as Linux's interpreter. */
	struct sock_filter lshx[] = { ST(BPF_LD | BPF_IMM, 1), ST(BPF_LDX | BPF_IMM, 33),
				      ST(BPF_ALU | BPF_LSH | BPF_X, 0), RET_A };
	struct sock_filter rshx[] = { ST(BPF_LD | BPF_IMM, 0x80000000), ST(BPF_LDX | BPF_IMM, 63),
				      ST(BPF_ALU | BPF_RSH | BPF_X, 0), RET_A };

	EXPECT_EQ_UINT(run(neg, 3), 0xffffffff);
	EXPECT_EQ_UINT(run(divx0, 4), 0);
	EXPECT_EQ_UINT(run(modx0, 4), 0);
	EXPECT_EQ_UINT(run(lshx, 4), 2);
	EXPECT_EQ_UINT(run(rshx, 4), 1);
}

/* A compared with 10 by each jump, with K and with X: 1 if taken. */
static uint32_t jump(uint16_t op, uint32_t a, uint32_t v, bool x)
{
	struct sock_filter p[] = {
		ST(BPF_LD | BPF_IMM, a),
		ST(BPF_LDX | BPF_IMM, v),
		JMP(BPF_JMP | op | (x ? BPF_X : BPF_K), x ? 0 : v, 1, 0),
		RET(0),
		RET(1),
	};

	return run(p, N(p));
}

UNIT_TEST(run_jumps)
{
	for (int x = 0; x < 2; x++) {
		EXPECT(jump(BPF_JEQ, 10, 10, x) == 1 && jump(BPF_JEQ, 11, 10, x) == 0);
		EXPECT(jump(BPF_JGT, 11, 10, x) == 1 && jump(BPF_JGT, 10, 10, x) == 0);
		EXPECT(jump(BPF_JGE, 10, 10, x) == 1 && jump(BPF_JGE, 9, 10, x) == 0);
		EXPECT(jump(BPF_JSET, 6, 2, x) == 1 && jump(BPF_JSET, 5, 2, x) == 0);
		/* unsigned: 0xffffffff is greater than 10 */
		EXPECT(jump(BPF_JGT, 0xffffffff, 10, x) == 1);
	}
}

UNIT_TEST(run_ja_scratch_and_register_moves)
{
	struct sock_filter p[] = {
		ST(BPF_LD | BPF_IMM, 42),
		ST(BPF_ST, 15),
		ST(BPF_MISC | BPF_TAX, 0),	/* X = 42 */
		ST(BPF_LD | BPF_IMM, 0),
		ST(BPF_JMP | BPF_JA, 1),
		RET(99),			/* jumped over */
		ST(BPF_STX, 2),
		ST(BPF_LD | BPF_MEM, 2),	/* A = 42 */
		ST(BPF_LDX | BPF_MEM, 15),	/* X = 42 */
		ST(BPF_ALU | BPF_ADD | BPF_X, 0),
		ST(BPF_MISC | BPF_TAX, 0),
		ST(BPF_MISC | BPF_TXA, 0),
		RET_A,
	};

	EXPECT_EQ_UINT(run(p, N(p)), 84);
}
