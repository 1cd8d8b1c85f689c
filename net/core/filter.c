/*
 * Socket filters (Linux net/core/filter.c): SO_ATTACH_FILTER copies a
 * classic BPF program in, checks it (bpf.c) and hangs it on the socket;
 * the protocols run it over each packet before queueing it (AF_PACKET in
 * packet_rcv, UDP in udp_queue_rcv_skb). Here the program sees an skb
 * through bpf_packet accessors: from skb->data with skb_copy_bits, so
 * nothing reads past the data whatever the skb's layout, and the headers
 * before skb->data (SKF_NET_OFF, SKF_LL_OFF) inside the linear area only.
 */
#include <kernel/slab.h>
#include <net/filter.h>
#include <net/sock.h>
#include <net/netdevice.h>
#include <net/byteorder.h>
#include <errno.h>
#include <string.h>

struct skb_bpf_packet {
	struct bpf_packet pkt;
	const struct sk_buff *skb;
};

static const struct sk_buff *bpf_skb(const struct bpf_packet *pkt)
{
	return container_of(pkt, struct skb_bpf_packet, pkt)->skb;
}

/*
 * A load relative to a header. What lies at or after skb->data goes
 * through skb_copy_bits; what lies before it must sit in the linear area
 * (Linux's bpf_internal_load_pointer_neg_helper: head <= p, p + size <= tail).
 */
static bool skb_bpf_load_hdr(const struct sk_buff *skb, u32 hdr, u32 off,
			     u32 size, u8 *to)
{
	u64 pos = (u64)hdr + off;
	u64 data = (u64)(skb->data - skb->head);

	if (pos >= data)
		return skb_copy_bits(skb, (unsigned int)(pos - data), to, size) == 0;
	if (pos + size > (u64)(skb->tail - skb->head))
		return false;
	memcpy(to, skb->head + pos, size);
	return true;
}

static bool skb_bpf_load(const struct bpf_packet *pkt, enum bpf_base base,
			 u32 off, u32 size, u8 *to)
{
	const struct sk_buff *skb = bpf_skb(pkt);

	switch (base) {
	case BPF_BASE_NET:
		if (skb->network_header == SKB_HDR_UNSET)
			return false;
		return skb_bpf_load_hdr(skb, skb->network_header, off, size, to);
	case BPF_BASE_LL:
		if (!skb_mac_header_was_set(skb))
			return false;
		return skb_bpf_load_hdr(skb, skb->mac_header, off, size, to);
	default:
		return skb_copy_bits(skb, off, to, size) == 0;
	}
}

/* Linux's convert_skb_access: the device's, where there is none the program ends. */
static bool skb_bpf_ancillary(const struct bpf_packet *pkt, u32 k, u32 *val)
{
	const struct sk_buff *skb = bpf_skb(pkt);

	switch (k) {
	case SKF_AD_PROTOCOL:
		*val = ntohs(skb->protocol);
		return true;
	case SKF_AD_PKTTYPE:
		*val = skb->pkt_type;
		return true;
	case SKF_AD_IFINDEX:
		if (!skb->dev)
			return false;
		*val = (u32)skb->dev->ifindex;
		return true;
	default:	/* SKF_AD_HATYPE */
		if (!skb->dev)
			return false;
		*val = skb->dev->type;
		return true;
	}
}

u32 bpf_prog_run_skb(const struct sk_filter *fp, const struct sk_buff *skb)
{
	struct skb_bpf_packet p = {
		.pkt = {
			.len = skb->len,
			.load = skb_bpf_load,
			.ancillary = skb_bpf_ancillary,
		},
		.skb = skb,
	};

	return bpf_run_classic(fp->insns, fp->len, &p.pkt);
}

int sk_filter_trim_cap(struct sock *sk, struct sk_buff *skb, unsigned int cap)
{
	const struct sk_filter *fp = sk->sk_filter;
	u32 keep;

	if (!fp)
		return 0;
	keep = bpf_prog_run_skb(fp, skb);
	if (!keep)
		return -EPERM;
	skb_trim(skb, max(cap, keep));
	return 0;
}

/* Swap in the socket's new filter (or none) away from the receive path. */
static struct sk_filter *sk_filter_swap(struct sock *sk, struct sk_filter *fp)
{
	struct sk_filter *old;

	lock_sock(sk);
	old = sk->sk_filter;
	sk->sk_filter = fp;
	release_sock(sk);
	return old;
}

int sk_attach_filter(struct sock *sk, const struct sock_fprog *fprog,
		     bool kernel)
{
	size_t size = (size_t)fprog->len * sizeof(struct sock_filter);
	sockptr_t src = kernel ? KERNEL_SOCKPTR(fprog->filter) :
			USER_SOCKPTR((void __user *)fprog->filter);
	struct sk_filter *fp;
	int err;

	/* Linux's bpf_check_basics_ok, before any allocation. */
	if (!fprog->filter || fprog->len == 0 || fprog->len > BPF_MAXINSNS)
		return -EINVAL;
	fp = kmalloc(sizeof(*fp) + size);
	if (!fp)
		return -ENOMEM;
	fp->len = fprog->len;
	err = copy_from_sockptr(fp->insns, src, size) ? -EFAULT :
	      bpf_check_classic(fp->insns, fp->len);
	if (err) {
		kfree(fp);
		return err;
	}
	kfree(sk_filter_swap(sk, fp));
	return 0;
}

int sk_detach_filter(struct sock *sk)
{
	struct sk_filter *old = sk_filter_swap(sk, NULL);

	if (!old)
		return -ENOENT;
	kfree(old);
	return 0;
}

void sk_filter_release(struct sock *sk)
{
	kfree(sk->sk_filter);
	sk->sk_filter = NULL;
}
