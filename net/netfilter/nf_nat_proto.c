/*
 * NAT's packet rewriting (Linux net/netfilter/nf_nat_proto.c): the IP
 * addresses and the L4 ports or ICMP identifier, each checksum updated for
 * what changed (RFC 1624) as skb->ip_summed requires, and ICMP errors
 * whose quoted packet belongs to a translated connection.
 */
#include <net/netfilter/nf_nat.h>
#include <net/checksum.h>
#include <net/proto/ip.h>
#include <net/proto/tcp.h>
#include <net/proto/udp.h>
#include <net/proto/icmp.h>
#include <net/ip.h>
#include <string.h>

/* The port or id and the checksum field of the L4 header at hdroff. */
struct l4_fields {
	unsigned int port_off;	/* offset of the 16-bit value to change */
	unsigned int check_off;	/* offset of the checksum, 0 when not covered */
	bool pseudohdr;		/* the checksum covers the addresses too */
};

static void put16(struct sk_buff *skb, unsigned int off, __be16 v)
{
	memcpy(skb->data + off, &v, 2);
}

static __be16 get16(const struct sk_buff *skb, unsigned int off)
{
	__be16 v;

	memcpy(&v, skb->data + off, 2);
	return v;
}

/*
 * Where the fields are, or false when the header is too short even for
 * the value. A quoted header (ICMP error) may hold only its first 8
 * octets: TCP's checksum is then absent and left alone.
 */
static bool l4_fields(const struct sk_buff *skb, u8 proto, unsigned int hdroff,
		      enum nf_nat_manip_type mtype, struct l4_fields *f)
{
	if (skb->len < hdroff + 8)
		return false;
	memset(f, 0, sizeof(*f));
	switch (proto) {
	case IPPROTO_TCP:
		f->port_off = hdroff + (mtype == NF_NAT_MANIP_SRC ? 0 : 2);
		if (skb->len >= hdroff + TCP_HLEN_MIN)
			f->check_off = hdroff + 16;
		f->pseudohdr = true;
		return true;
	case IPPROTO_UDP:
		f->port_off = hdroff + (mtype == NF_NAT_MANIP_SRC ? 0 : 2);
		/* RFC 768: zero means no checksum was sent; it stays so. */
		if (get16(skb, hdroff + 6) || skb->ip_summed == CHECKSUM_PARTIAL)
			f->check_off = hdroff + 6;
		f->pseudohdr = true;
		return true;
	case IPPROTO_ICMP:
		f->port_off = hdroff + 4;	/* the echo identifier */
		f->check_off = hdroff + 2;
		return true;
	}
	return true;
}

static void l4_manip(struct sk_buff *skb, u8 proto, const struct l4_fields *f,
		     __be32 oldip, __be32 newip, __be16 newport)
{
	__be16 oldport;
	__sum16 check;

	if (!f->port_off)
		return;
	oldport = get16(skb, f->port_off);
	put16(skb, f->port_off, newport);
	if (!f->check_off)
		return;
	check = get16(skb, f->check_off);
	if (f->pseudohdr)
		inet_proto_csum_replace4(&check, skb, oldip, newip, true);
	inet_proto_csum_replace2(&check, skb, oldport, newport, false);
	/* RFC 768: a computed zero is sent as all ones. */
	if (proto == IPPROTO_UDP && !check)
		check = 0xffff;
	put16(skb, f->check_off, check);
}

bool nf_nat_ipv4_manip_pkt(struct sk_buff *skb, unsigned int iphdroff,
			   const struct nf_conntrack_tuple *target,
			   enum nf_nat_manip_type mtype)
{
	struct l4_fields f = { 0 };
	struct iphdr *iph;
	__be32 oldip, newip;
	__be16 newport;

	if (skb_cow_head(skb, 0))
		return false;
	iph = (struct iphdr *)(skb->data + iphdroff);
	oldip = mtype == NF_NAT_MANIP_SRC ? iph->saddr : iph->daddr;
	newip = mtype == NF_NAT_MANIP_SRC ? target->src.ip : target->dst.ip;
	newport = mtype == NF_NAT_MANIP_SRC ? target->src.u.all : target->dst.u.all;
	/* Both directions of an ICMP query carry one identifier. */
	if (iph->protocol == IPPROTO_ICMP)
		newport = target->src.u.icmp.id;
	/* A later fragment carries no L4 header. */
	if (!(iph->frag_off & htons(IP_OFFSET))) {
		if (!l4_fields(skb, iph->protocol, iphdroff + ip_hdrlen_of(iph), mtype, &f))
			return false;
		l4_manip(skb, iph->protocol, &f, oldip, newip, newport);
	}
	iph->check = csum_replace4(iph->check, oldip, newip);
	if (mtype == NF_NAT_MANIP_SRC)
		iph->saddr = newip;
	else
		iph->daddr = newip;
	return true;
}
