/*
 * Classic BPF socket filters (Linux include/linux/filter.h): the checker
 * and interpreter (net/core/bpf.c), pure functions over the program and a
 * packet seen through accessors, and the filter attached to a socket with
 * SO_ATTACH_FILTER (net/core/filter.c), run over each skb it receives.
 */
#ifndef _NET_FILTER_H
#define _NET_FILTER_H

#include <kernel/types.h>
#include <linux/filter.h>

/* Where a load's offset counts from: the negative SKF_NET_OFF/SKF_LL_OFF
 * offsets of the ABI, decoded by the interpreter. */
enum bpf_base {
	BPF_BASE_DATA,		/* the start of what the filter sees */
	BPF_BASE_NET,		/* the network header (SKF_NET_OFF) */
	BPF_BASE_LL,		/* the link-layer header (SKF_LL_OFF) */
};

/*
 * The packet a program runs over. The interpreter reads it only through
 * these, so it never touches memory itself and runs as well over a
 * socket buffer (filter.c) as over a frame in a test.
 */
struct bpf_packet {
	u32 len;		/* BPF_LEN: bytes from BPF_BASE_DATA on */
	/* Copy size (1, 2 or 4) bytes at base + off into to; false if any
	 * of them lies outside the packet. */
	bool (*load)(const struct bpf_packet *pkt, enum bpf_base base, u32 off,
		     u32 size, u8 *to);
	/* The ancillary word at SKF_AD_OFF + k, for a k bpf_anc_supported()
	 * accepts (the checker let no other through); false (no device to
	 * tell) ends the program with 0, as in Linux. */
	bool (*ancillary)(const struct bpf_packet *pkt, u32 k, u32 *val);
};

/* The SKF_AD_* words Skiff provides: protocol, pkttype, ifindex, hatype. */
bool bpf_anc_supported(u32 k);

/*
 * Linux's bpf_check_classic: 0 if the program is safe to run, -EINVAL if
 * not (empty or longer than BPF_MAXINSNS, an unknown opcode, a division
 * or modulo by a constant zero, a shift by 32 or more, a scratch cell
 * outside M[0..15] or read before every path to it stored it, a jump past
 * the end, an unknown ancillary load, no RET at the end). Jumps are
 * forward by encoding, so a checked program ends in at most len steps.
 * Pure: no allocation, no state; insns may be hostile.
 */
int bpf_check_classic(const struct sock_filter *insns, unsigned int len);

/*
 * Run a program bpf_check_classic() accepted: the value of the RET it
 * reaches (for a socket filter, the bytes to keep; 0 drops the packet).
 * A load outside the packet and a division by X = 0 end it with 0, as in
 * Linux.
 */
u32 bpf_run_classic(const struct sock_filter *insns, unsigned int len,
		    const struct bpf_packet *pkt);

struct sock;
struct sk_buff;

/* A checked program attached to a socket. */
struct sk_filter {
	unsigned int len;
	struct sock_filter insns[];
};

/*
 * SO_ATTACH_FILTER: copy the program (from user memory, or kernel memory
 * when optval is), check it and make it the socket's filter, freeing the
 * one it replaces. 0, -EINVAL, -EFAULT or -ENOMEM.
 */
int sk_attach_filter(struct sock *sk, const struct sock_fprog *fprog,
		     bool kernel);
/* SO_DETACH_FILTER: 0, or -ENOENT without a filter. */
int sk_detach_filter(struct sock *sk);
/* Free the filter of a socket being destroyed. */
void sk_filter_release(struct sock *sk);

/*
 * Run fp over skb from skb->data (the start of what the socket sees;
 * SKF_NET_OFF and SKF_LL_OFF reach the headers before it): the bytes to
 * keep, 0 to drop.
 */
u32 bpf_prog_run_skb(const struct sk_filter *fp, const struct sk_buff *skb);

/*
 * Linux's sk_filter_trim_cap: run the socket's filter (if any) over skb.
 * 0 to accept (skb trimmed to what the filter keeps, never below cap
 * bytes), -EPERM when the filter drops it; the caller owns skb either way.
 */
int sk_filter_trim_cap(struct sock *sk, struct sk_buff *skb, unsigned int cap);

#endif
