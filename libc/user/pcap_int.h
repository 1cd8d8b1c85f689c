/*
 * pcap_int.h - the filter compiler's inside, shared by its parser
 * (pcap_filter.c) and its code generator (pcap_gen.c): an expression is a
 * tree of AND/OR/NOT over tests, each one comparison of a field of the
 * frame, and compiles to classic BPF with one forward jump per test.
 */
#ifndef SKIFF_PCAP_INT_H
#define SKIFF_PCAP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>

#define PF_MAX_NODES	512
#define PF_MAX_INSNS	512	/* = CAPTURE_FILTER_MAX */

/* One comparison: load a field (after X = IP header length, if msh), mask it, jump on the result. */
struct pf_test {
	uint16_t ld;		/* BPF_LD code: size | BPF_ABS, BPF_IND or BPF_LEN */
	uint32_t off;
	bool msh;		/* ldxb 4*([14]&0xf) first: offsets behind the IPv4 header */
	bool has_mask;
	uint32_t mask;
	uint16_t jmp;		/* BPF_JEQ, BPF_JGT, BPF_JGE or BPF_JSET */
	uint32_t k;
};

enum pf_kind { PF_TEST, PF_AND, PF_OR, PF_NOT };

struct pf_node {
	enum pf_kind kind;
	int a, b;		/* children (b unused by PF_NOT) */
	struct pf_test t;
};

/* The tree being built; an error stops the build and says why in err. */
struct pf_tree {
	struct pf_node node[PF_MAX_NODES];
	int count;
	char *err;
	size_t errlen;
	bool failed;
};

/* Record the first error (printf-style); returns -1 for the caller to pass up. */
int pf_error(struct pf_tree *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Nodes: each returns its index, or -1 once anything failed. */
int pf_test(struct pf_tree *t, struct pf_test test);
int pf_and(struct pf_tree *t, int a, int b);
int pf_or(struct pf_tree *t, int a, int b);
int pf_not(struct pf_tree *t, int a);

/* Qualifiers of a primitive (pcap-filter(7): proto, dir, type). */
enum pf_proto { PQ_NONE, PQ_ETHER, PQ_IP, PQ_IP6, PQ_ARP, PQ_RARP, PQ_TCP,
		PQ_UDP, PQ_ICMP, PQ_SCTP };
enum pf_dir { PD_ANY, PD_SRC, PD_DST };

/* The primitives, as tcpdump builds them for Ethernet (so the verdicts match). */
int pf_proto_only(struct pf_tree *t, enum pf_proto proto);
int pf_host(struct pf_tree *t, enum pf_proto proto, enum pf_dir dir,
	    uint32_t addr, uint32_t mask);
int pf_port(struct pf_tree *t, enum pf_proto proto, enum pf_dir dir, uint16_t port);
int pf_ether_host(struct pf_tree *t, enum pf_dir dir, const uint8_t mac[6]);
int pf_ether_proto(struct pf_tree *t, uint16_t type);
int pf_ip_proto(struct pf_tree *t, uint8_t proto);
int pf_len(struct pf_tree *t, bool greater, uint32_t n);

/*
 * Code for the tree under root ending in "ret #snaplen" (match) and
 * "ret #0": the instruction count, or -1 (message in t->err) when it
 * needs more than max instructions or a jump longer than 255.
 */
int pf_generate(struct pf_tree *t, int root, uint32_t snaplen,
		struct sock_filter *insns, unsigned int max);

#endif
