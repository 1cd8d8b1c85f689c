/*
 * UDP connection tracking (Linux net/netfilter/nf_conntrack_proto_udp.c):
 * no state on the wire, so a flow is a pair of ports that lives as long as
 * datagrams keep coming - briefly until the other side answers, longer
 * (and assured) once it has.
 */
#include <net/netfilter/nf_conntrack.h>

int nf_conntrack_udp_packet(struct nf_conn *ct, const struct nf_ct_pkt *p)
{
	if (ct->status & IPS_SEEN_REPLY || p->dir == IP_CT_DIR_REPLY) {
		nf_ct_refresh(ct, nf_ct_params.udp_timeout_stream);
		ct->status |= IPS_ASSURED;
	} else {
		nf_ct_refresh(ct, nf_ct_params.udp_timeout);
	}
	return 1;
}
