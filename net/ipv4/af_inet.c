/*
 * IPv4 start-up and the MIB counters (Linux net/ipv4/af_inet.c,
 * net/ipv4/proc.c): registers IP and ARP with the device layer and ICMP
 * with the protocol table, and gives lo its 127.0.0.1/8.
 */
#include <kernel/printk.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
#include <net/proto/ethernet.h>

u64 ip_mib[IPSTATS_MIB_MAX];
u64 icmp_mib[ICMP_MIB_MAX];
u64 icmpmsg_in[256], icmpmsg_out[256];
u64 arp_mib[ARP_MIB_MAX];

#define __MIB_NAME(e, name) #name,
const char *const ip_mib_names[IPSTATS_MIB_MAX] = { IPSTATS_MIB_LIST(__MIB_NAME) };
const char *const icmp_mib_names[ICMP_MIB_MAX] = { ICMP_MIB_LIST(__MIB_NAME) };
const char *const arp_mib_names[ARP_MIB_MAX] = { ARP_MIB_LIST(__MIB_NAME) };

static struct packet_type ip_packet_type = {
	.type = __constant_htons(ETH_P_IP),
	.func = ip_rcv,
};

void inet_init(void)
{
	ip_rt_init();
	devinet_init();
	arp_init();
	ipfrag_init();
	icmp_init();
	dev_add_pack(&ip_packet_type);
	if (loopback_dev &&
	    inet_addr_add(loopback_dev, htonl(0x7f000001), 8))
		printk("inet: cannot configure 127.0.0.1 on lo\n");
}
