/*
 * Classic BPF socket filters (the Linux ABI, include/uapi/linux/filter.h):
 * the instruction, the program handed to SO_ATTACH_FILTER, and the
 * negative load offsets that reach ancillary data and the headers.
 */
#ifndef _LINUX_FILTER_H
#define _LINUX_FILTER_H

#include <stdint.h>
#include <linux/bpf_common.h>

/* One instruction: jt/jf are forward offsets from the next instruction. */
struct sock_filter {
	uint16_t code;
	uint8_t jt;
	uint8_t jf;
	uint32_t k;
};

/* SO_ATTACH_FILTER's argument. */
struct sock_fprog {
	unsigned short len;		/* instructions in filter */
	struct sock_filter *filter;
};

/* ret: the A register as the result. */
#define BPF_RVAL(code)	((code) & 0x18)
#define BPF_A		0x10

/* misc. */
#define BPF_MISCOP(code) ((code) & 0xf8)
#define BPF_TAX		0x00
#define BPF_TXA		0x80

#define BPF_STMT(code, k) { (unsigned short)(code), 0, 0, k }
#define BPF_JUMP(code, k, jt, jf) { (unsigned short)(code), jt, jf, k }

/* The scratch memory: M[0] .. M[BPF_MEMWORDS - 1]. */
#define BPF_MEMWORDS	16

/*
 * Loads at these (negative) offsets read ancillary data instead of the
 * packet (SKF_AD_OFF + SKF_AD_*), or the packet relative to its network
 * or link-layer header (SKF_NET_OFF, SKF_LL_OFF).
 */
#define SKF_AD_OFF	(-0x1000)
#define SKF_AD_PROTOCOL	0
#define SKF_AD_PKTTYPE	4
#define SKF_AD_IFINDEX	8
#define SKF_AD_NLATTR	12
#define SKF_AD_NLATTR_NEST 16
#define SKF_AD_MARK	20
#define SKF_AD_QUEUE	24
#define SKF_AD_HATYPE	28
#define SKF_AD_RXHASH	32
#define SKF_AD_CPU	36
#define SKF_AD_ALU_XOR_X 40
#define SKF_AD_VLAN_TAG	44
#define SKF_AD_VLAN_TAG_PRESENT 48
#define SKF_AD_PAY_OFFSET 52
#define SKF_AD_RANDOM	56
#define SKF_AD_VLAN_TPID 60
#define SKF_AD_MAX	64

#define SKF_NET_OFF	(-0x100000)
#define SKF_LL_OFF	(-0x200000)

#endif
