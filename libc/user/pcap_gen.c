/*
 * pcap_gen.c - the filter compiler's back half: the primitives of
 * pcap-filter(7) as trees of field tests over an Ethernet frame, and the
 * classic BPF code for a tree.
 *
 * The primitives test what tcpdump's (libpcap's gencode.c) test, so a
 * frame gets the same verdict from both: "host" covers IPv4, ARP and
 * RARP addresses, "tcp" and "port" cover IPv6 too, "port" skips IPv4
 * fragments after the first. libpcap then optimizes its code; this one
 * does not, so its programs are longer, never different in what they
 * accept.
 *
 * Code: each test is a load and one conditional jump to a "true" and a
 * "false" label; AND, OR and NOT only choose the labels
 * (short-circuit evaluation), so every jump goes forward, as classic BPF
 * requires, and the program ends in "ret #snaplen" and "ret #0".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_int.h"

#define ETH_TYPE_OFF	12
#define IP_OFF		14	/* the IPv4 or IPv6 header, behind Ethernet */
#define ETHERTYPE_IP	0x0800
#define ETHERTYPE_ARP	0x0806
#define ETHERTYPE_RARP	0x8035
#define ETHERTYPE_IPV6	0x86dd
#define IPPROTO_FRAG6	44	/* IPv6 fragment header */

int pf_error(struct pf_tree *t, const char *fmt, ...)
{
	va_list ap;

	if (!t->failed) {
		va_start(ap, fmt);
		vsnprintf(t->err, t->errlen, fmt, ap);
		va_end(ap);
		t->failed = true;
	}
	return -1;
}

static int pf_node(struct pf_tree *t, enum pf_kind kind, int a, int b)
{
	struct pf_node *n;

	if (t->failed || a < 0 || b < 0)
		return -1;
	if (t->count == PF_MAX_NODES)
		return pf_error(t, "expression too long (more than %d tests)",
				PF_MAX_NODES);
	n = &t->node[t->count];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->a = a;
	n->b = b;
	return t->count++;
}

int pf_test(struct pf_tree *t, struct pf_test test)
{
	int i = pf_node(t, PF_TEST, 0, 0);

	if (i >= 0)
		t->node[i].t = test;
	return i;
}

int pf_and(struct pf_tree *t, int a, int b)
{
	return pf_node(t, PF_AND, a, b);
}

int pf_or(struct pf_tree *t, int a, int b)
{
	return pf_node(t, PF_OR, a, b);
}

int pf_not(struct pf_tree *t, int a)
{
	return pf_node(t, PF_NOT, a, 0);
}

/* [off:size] == k, with the frame's absolute offset. */
static int field(struct pf_tree *t, uint16_t size, uint32_t off, uint32_t k)
{
	return pf_test(t, (struct pf_test){ .ld = BPF_LD | size | BPF_ABS,
					    .off = off, .jmp = BPF_JEQ, .k = k });
}

static int ether_type(struct pf_tree *t, uint16_t type)
{
	return field(t, BPF_H, ETH_TYPE_OFF, type);
}

/* ip proto p, or ip6 next header p (directly or behind a fragment header). */
static int transport(struct pf_tree *t, uint8_t p)
{
	int v4 = pf_and(t, ether_type(t, ETHERTYPE_IP), field(t, BPF_B, IP_OFF + 9, p));
	int frag = pf_and(t, field(t, BPF_B, IP_OFF + 6, IPPROTO_FRAG6),
			  field(t, BPF_B, IP_OFF + 40, p));
	int v6 = pf_and(t, ether_type(t, ETHERTYPE_IPV6),
			pf_or(t, field(t, BPF_B, IP_OFF + 6, p), frag));

	return pf_or(t, v4, v6);
}

int pf_proto_only(struct pf_tree *t, enum pf_proto proto)
{
	switch (proto) {
	case PQ_IP: return ether_type(t, ETHERTYPE_IP);
	case PQ_IP6: return ether_type(t, ETHERTYPE_IPV6);
	case PQ_ARP: return ether_type(t, ETHERTYPE_ARP);
	case PQ_RARP: return ether_type(t, ETHERTYPE_RARP);
	case PQ_TCP: return transport(t, 6);
	case PQ_UDP: return transport(t, 17);
	case PQ_SCTP: return transport(t, 132);
	case PQ_ICMP: return pf_ip_proto(t, 1);
	default: return pf_error(t, "'ether' alone is not a primitive");
	}
}

/* The address at src_off or dst_off (or either) under mask. */
static int addr_test(struct pf_tree *t, enum pf_dir dir, uint32_t src_off,
		     uint32_t dst_off, uint32_t addr, uint32_t mask)
{
	struct pf_test a = { .ld = BPF_LD | BPF_W | BPF_ABS, .jmp = BPF_JEQ,
			     .has_mask = mask != 0xffffffff, .mask = mask,
			     .k = addr & mask };
	struct pf_test b = a;

	a.off = src_off;
	b.off = dst_off;
	if (dir == PD_SRC)
		return pf_test(t, a);
	if (dir == PD_DST)
		return pf_test(t, b);
	return pf_or(t, pf_test(t, a), pf_test(t, b));
}

/* host and net: IPv4 source/destination, ARP and RARP sender/target. */
int pf_host(struct pf_tree *t, enum pf_proto proto, enum pf_dir dir,
	    uint32_t addr, uint32_t mask)
{
	int ip = pf_and(t, ether_type(t, ETHERTYPE_IP),
			addr_test(t, dir, IP_OFF + 12, IP_OFF + 16, addr, mask));
	int arp_types, arp;

	switch (proto) {
	case PQ_NONE:
		arp_types = pf_or(t, ether_type(t, ETHERTYPE_ARP),
				  ether_type(t, ETHERTYPE_RARP));
		break;
	case PQ_ARP:
		arp_types = ether_type(t, ETHERTYPE_ARP);
		break;
	case PQ_RARP:
		arp_types = ether_type(t, ETHERTYPE_RARP);
		break;
	default:
		return ip;	/* PQ_IP */
	}
	arp = pf_and(t, arp_types,
		     addr_test(t, dir, IP_OFF + 14, IP_OFF + 24, addr, mask));
	return proto == PQ_NONE ? pf_or(t, ip, arp) : arp;
}

/* The port fields: absolute behind IPv6, indexed by the header length behind IPv4. */
static int port_test(struct pf_tree *t, enum pf_dir dir, bool v4, uint16_t port)
{
	struct pf_test src = {
		.ld = BPF_LD | BPF_H | (v4 ? BPF_IND : BPF_ABS),
		.off = v4 ? IP_OFF : IP_OFF + 40,
		.msh = v4, .jmp = BPF_JEQ, .k = port,
	};
	struct pf_test dst = src;

	dst.off += 2;
	if (dir == PD_SRC)
		return pf_test(t, src);
	if (dir == PD_DST)
		return pf_test(t, dst);
	return pf_or(t, pf_test(t, src), pf_test(t, dst));
}

/* The header field off holds one of the transports a port can belong to. */
static int port_protos(struct pf_tree *t, enum pf_proto proto, uint32_t off)
{
	switch (proto) {
	case PQ_TCP: return field(t, BPF_B, off, 6);
	case PQ_UDP: return field(t, BPF_B, off, 17);
	case PQ_SCTP: return field(t, BPF_B, off, 132);
	default:
		return pf_or(t, pf_or(t, field(t, BPF_B, off, 132), field(t, BPF_B, off, 6)),
			     field(t, BPF_B, off, 17));
	}
}

int pf_port(struct pf_tree *t, enum pf_proto proto, enum pf_dir dir, uint16_t port)
{
	struct pf_test frag = { .ld = BPF_LD | BPF_H | BPF_ABS, .off = IP_OFF + 6,
				.jmp = BPF_JSET, .k = 0x1fff };
	int v4 = pf_and(t, ether_type(t, ETHERTYPE_IP),
			pf_and(t, port_protos(t, proto, IP_OFF + 9),
			       pf_and(t, pf_not(t, pf_test(t, frag)),
				      port_test(t, dir, true, port))));
	int v6 = pf_and(t, ether_type(t, ETHERTYPE_IPV6),
			pf_and(t, port_protos(t, proto, IP_OFF + 6),
			       port_test(t, dir, false, port)));

	return pf_or(t, v4, v6);
}

int pf_ether_host(struct pf_tree *t, enum pf_dir dir, const uint8_t mac[6])
{
	uint32_t hi = (uint32_t)mac[0] << 8 | mac[1];
	uint32_t lo = (uint32_t)mac[2] << 24 | (uint32_t)mac[3] << 16 |
		      (uint32_t)mac[4] << 8 | mac[5];
	int src = pf_and(t, field(t, BPF_W, 8, lo), field(t, BPF_H, 6, hi));
	int dst = pf_and(t, field(t, BPF_W, 2, lo), field(t, BPF_H, 0, hi));

	if (dir == PD_SRC)
		return src;
	if (dir == PD_DST)
		return dst;
	return pf_or(t, src, dst);
}

int pf_ether_proto(struct pf_tree *t, uint16_t type)
{
	return ether_type(t, type);
}

int pf_ip_proto(struct pf_tree *t, uint8_t proto)
{
	return pf_and(t, ether_type(t, ETHERTYPE_IP), field(t, BPF_B, IP_OFF + 9, proto));
}

/* greater N: len >= N; less N: len <= N (pcap-filter(7)). */
int pf_len(struct pf_tree *t, bool greater, uint32_t n)
{
	struct pf_test len = { .ld = BPF_LD | BPF_W | BPF_LEN,
			       .jmp = greater ? BPF_JGE : BPF_JGT, .k = n };

	return greater ? pf_test(t, len) : pf_not(t, pf_test(t, len));
}

/* ---- code generation ---- */

#define PF_MAX_LABELS	(PF_MAX_NODES + 2)

struct pf_gen {
	struct pf_tree *t;
	struct sock_filter *insns;
	unsigned int max, n;
	int16_t jt[PF_MAX_INSNS], jf[PF_MAX_INSNS];	/* labels, -1: none */
	int16_t pos[PF_MAX_LABELS];
	int labels;
};

static int emit(struct pf_gen *g, uint16_t code, uint32_t k, int jt, int jf)
{
	if (g->n == g->max)
		return pf_error(g->t, "expression too long (more than %u instructions)",
				g->max);
	g->insns[g->n] = (struct sock_filter){ .code = code, .k = k };
	g->jt[g->n] = (int16_t)jt;
	g->jf[g->n] = (int16_t)jf;
	g->n++;
	return 0;
}

static int new_label(struct pf_gen *g)
{
	g->pos[g->labels] = -1;
	return g->labels++;
}

static void place(struct pf_gen *g, int label)
{
	g->pos[label] = (int16_t)g->n;
}

static int gen_test(struct pf_gen *g, const struct pf_test *t, int yes, int no)
{
	if (t->msh && emit(g, BPF_LDX | BPF_B | BPF_MSH, IP_OFF, -1, -1))
		return -1;
	if (emit(g, t->ld, t->off, -1, -1))
		return -1;
	if (t->has_mask && emit(g, BPF_ALU | BPF_AND | BPF_K, t->mask, -1, -1))
		return -1;
	return emit(g, BPF_JMP | t->jmp | BPF_K, t->k, yes, no);
}

/* Code that jumps to label yes if node i holds for the frame, to no if not. */
static int gen(struct pf_gen *g, int i, int yes, int no)
{
	const struct pf_node *n = &g->t->node[i];
	int mid;

	switch (n->kind) {
	case PF_TEST:
		return gen_test(g, &n->t, yes, no);
	case PF_NOT:
		return gen(g, n->a, no, yes);
	default:
		mid = new_label(g);
		if (gen(g, n->a, n->kind == PF_AND ? mid : yes,
			n->kind == PF_AND ? no : mid))
			return -1;
		place(g, mid);
		return gen(g, n->b, yes, no);
	}
}

/* Turn the labels into jt/jf offsets: forward, at most 255 (8 bits). */
static int resolve(struct pf_gen *g)
{
	for (unsigned int i = 0; i < g->n; i++) {
		int d[2];

		if (g->jt[i] < 0)
			continue;
		d[0] = g->pos[g->jt[i]] - (int)i - 1;
		d[1] = g->pos[g->jf[i]] - (int)i - 1;
		if (d[0] > 255 || d[1] > 255)
			return pf_error(g->t, "expression too long (a jump over more than 255 instructions)");
		g->insns[i].jt = (uint8_t)d[0];
		g->insns[i].jf = (uint8_t)d[1];
	}
	return (int)g->n;
}

static int gen_program(struct pf_gen *g, int root, uint32_t snaplen)
{
	int yes = new_label(g), no = new_label(g);

	if (gen(g, root, yes, no))
		return -1;
	place(g, yes);
	if (emit(g, BPF_RET | BPF_K, snaplen, -1, -1))
		return -1;
	place(g, no);
	if (emit(g, BPF_RET | BPF_K, 0, -1, -1))
		return -1;
	return resolve(g);
}

int pf_generate(struct pf_tree *t, int root, uint32_t snaplen,
		struct sock_filter *insns, unsigned int max)
{
	struct pf_gen *g;
	int len;

	if (t->failed || root < 0)
		return -1;
	g = calloc(1, sizeof(*g));	/* 3 KiB of labels: not on a small stack */
	if (!g)
		return pf_error(t, "out of memory");
	g->t = t;
	g->insns = insns;
	g->max = max < PF_MAX_INSNS ? max : PF_MAX_INSNS;
	len = gen_program(g, root, snaplen);
	free(g);
	return len;
}
