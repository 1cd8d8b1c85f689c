/* The IPv4 protocol table (Linux net/ipv4/protocol.c). */
#include <net/protocol.h>
#include <errno.h>

const struct net_protocol *inet_protos[MAX_INET_PROTOS];

int inet_add_protocol(const struct net_protocol *prot, u8 num)
{
	if (inet_protos[num])
		return -EBUSY;
	inet_protos[num] = prot;
	return 0;
}

int inet_del_protocol(const struct net_protocol *prot, u8 num)
{
	if (inet_protos[num] != prot)
		return -ENOENT;
	inet_protos[num] = NULL;
	return 0;
}
