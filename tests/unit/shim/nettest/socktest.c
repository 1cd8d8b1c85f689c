/* Socket-layer test helpers: see socktest.h. */
#include "socktest.h"
#include "unit.h"
#include <kernel/slab.h>
#include <net/checksum.h>
#include <net/proto/udp.h>
#include <string.h>

struct sockaddr_in nt_sin(__be32 addr, u16 port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = addr;
	return sin;
}

void st_begin(struct socktest *st)
{
	nettest_begin(&st->base);
	sock_get_pool_stats(&st->pools);
	st->files = files_alloc();
	shim_set_files(st->files);
}

bool st_end(struct socktest *st, struct net_device *dev)
{
	struct sock_pool_stats now;
	bool ok = true;

	shim_set_files(NULL);
	files_release(st->files);
	if (dev)
		fake_eth_destroy(dev);
	sock_get_pool_stats(&now);
	ok &= EXPECT_EQ_UINT(now.sockets, st->pools.sockets);
	ok &= EXPECT_EQ_UINT(now.socks, st->pools.socks);
	ok &= nettest_end(&st->base);
	return ok;
}

int st_udp(void)
{
	return (int)sys_socket(AF_INET, SOCK_DGRAM, 0);
}

long st_bind(int fd, __be32 addr, u16 port)
{
	struct sockaddr_in sin = nt_sin(addr, port);

	return sys_bind(fd, (struct sockaddr *)&sin, sizeof(sin));
}

long st_connect(int fd, __be32 addr, u16 port)
{
	struct sockaddr_in sin = nt_sin(addr, port);

	return sys_connect(fd, (struct sockaddr *)&sin, sizeof(sin));
}

long st_sendto(int fd, const void *buf, size_t len, __be32 addr, u16 port)
{
	struct sockaddr_in sin = nt_sin(addr, port);

	return sys_sendto(fd, (void *)buf, len, 0, (struct sockaddr *)&sin,
			  sizeof(sin));
}

long st_recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr_in *from)
{
	int alen = sizeof(*from);

	return sys_recvfrom(fd, buf, len, (unsigned int)flags,
			    (struct sockaddr *)from, from ? &alen : NULL);
}

u16 st_local_port(int fd)
{
	struct sockaddr_in sin;
	int len = sizeof(sin);

	if (sys_getsockname(fd, (struct sockaddr *)&sin, &len))
		return 0;
	return ntohs(sin.sin_port);
}

long st_setint(int fd, int level, int name, int val)
{
	return sys_setsockopt(fd, level, name, (char *)&val, sizeof(val));
}

int st_getint(int fd, int level, int name)
{
	int val = -12345, len = sizeof(val);

	if (sys_getsockopt(fd, level, name, (char *)&val, &len))
		return -12345;
	return val;
}

size_t nt_udp(u8 *buf, __be32 saddr, __be32 daddr, u16 sport, u16 dport,
	      const void *data, size_t len, bool csum)
{
	struct udphdr *uh = (struct udphdr *)buf;
	size_t ulen = UDP_HLEN + len;

	uh->source = htons(sport);
	uh->dest = htons(dport);
	uh->len = htons((u16)ulen);
	uh->check = 0;
	memcpy(buf + UDP_HLEN, data, len);
	if (csum) {
		uh->check = csum_tcpudp_magic(saddr, daddr, (u32)ulen, IPPROTO_UDP,
					      csum_partial(buf, (unsigned int)ulen, 0));
		if (!uh->check)
			uh->check = 0xffff;
	}
	return ulen;
}
