/* test_sock.c - net/socket.c, net/core/sock.c, kernel/file.c and the inet ioctls through the system calls. */
/* links: net */
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/rtentry.h>
#include <net/arp.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <kernel/eventpoll.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <fcntl.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define LO	NT_IP(127, 0, 0, 1)

static u8 buf[256];

UNIT_TEST(sock_socket_errors)
{
	struct socktest st;
	int fd;

	st_begin(&st);
	EXPECT_EQ_INT(sys_socket(AF_INET6, SOCK_DGRAM, 0), -EAFNOSUPPORT);
	EXPECT_EQ_INT(sys_socket(-1, SOCK_DGRAM, 0), -EAFNOSUPPORT);
	EXPECT_EQ_INT(sys_socket(AF_INET, 9, 0), -EINVAL);
	EXPECT_EQ_INT(sys_socket(AF_INET, SOCK_DGRAM | 0x40000000, 0), -EINVAL);
	EXPECT_EQ_INT(sys_socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), -EPROTONOSUPPORT);
	EXPECT_EQ_INT(sys_socket(AF_INET, SOCK_RAW, IPPROTO_RAW), -ESOCKTNOSUPPORT);
	EXPECT_EQ_INT(sys_socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), -EPROTONOSUPPORT);
	EXPECT_EQ_INT(sys_socket(AF_INET, SOCK_DGRAM, 300), -EINVAL);
	fd = (int)sys_socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			     IPPROTO_UDP);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	EXPECT_EQ_INT(sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ_INT(st_getint(fd, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
	EXPECT_EQ_INT(st_getint(fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP);
	EXPECT_EQ_INT(st_getint(fd, SOL_SOCKET, SO_DOMAIN), AF_INET);
	EXPECT_EQ_INT(st_getint(fd, SOL_SOCKET, SO_ACCEPTCONN), 0);
	EXPECT_EQ_INT(sys_listen(fd, 5), -EOPNOTSUPP);
	EXPECT_EQ_INT(sys_accept(fd, NULL, NULL), -EOPNOTSUPP);
	EXPECT_EQ_INT(sys_accept4(fd, NULL, NULL, 0x1), -EINVAL);
	st_end(&st, NULL);
}

/* Without a descriptor table (a kernel thread) there is nothing to index. */
UNIT_TEST(sock_no_files_table)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	shim_set_files(NULL);
	EXPECT_EQ_INT(sys_socket(AF_INET, SOCK_DGRAM, 0), -EMFILE);
	EXPECT_EQ_INT(sys_epoll_create1(0), -EMFILE);
	EXPECT_EQ_INT(sys_close(0), -EBADF);
	EXPECT_EQ_INT(sys_read(0, buf, 1), -EBADF);
	EXPECT_EQ_INT(sys_dup(0), -EBADF);
	EXPECT_EQ_INT(sys_dup2(0, 1), -EBADF);
	nettest_end(&b);
}

UNIT_TEST(sock_descriptor_calls)
{
	struct socktest st;
	int a, b, ep, n;

	st_begin(&st);
	a = st_udp();
	ASSERT(a == 0);		/* the lowest free descriptor */
	ep = (int)sys_epoll_create1(0);
	EXPECT_EQ_INT(ep, 1);
	EXPECT_EQ_INT(sys_bind(ep, NULL, 0), -ENOTSOCK);
	EXPECT_EQ_INT(sys_read(ep, buf, 1), -EINVAL);
	EXPECT_EQ_INT(sys_ioctl(ep, FIONREAD, (unsigned long)&n), -ENOTTY);
	/* dup family */
	b = (int)sys_dup(a);
	EXPECT_EQ_INT(b, 2);
	EXPECT_EQ_INT(sys_dup2(a, 10), 10);
	EXPECT_EQ_INT(sys_dup2(a, a), a);
	EXPECT_EQ_INT(sys_dup2(a, NR_OPEN_MAX), -EBADF);
	EXPECT_EQ_INT(sys_dup3(a, a, 0), -EINVAL);
	EXPECT_EQ_INT(sys_dup3(a, 11, O_CLOEXEC), 11);
	EXPECT_EQ_INT(sys_fcntl(11, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ_INT(sys_dup3(a, 12, 0x1), -EINVAL);
	EXPECT_EQ_INT(sys_fcntl(a, F_DUPFD, 20), 20);
	EXPECT_EQ_INT(sys_fcntl(a, F_DUPFD_CLOEXEC, 20), 21);
	EXPECT_EQ_INT(sys_fcntl(a, F_DUPFD, NR_OPEN_MAX), -EINVAL);
	EXPECT_EQ_INT(sys_fcntl(a, F_SETFD, FD_CLOEXEC), 0);
	EXPECT_EQ_INT(sys_fcntl(a, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ_INT(sys_fcntl(a, 9999, 0), -EINVAL);
	EXPECT_EQ_INT(sys_fcntl(99, F_GETFL, 0), -EBADF);
	/* O_NONBLOCK by fcntl and by FIONBIO, shared by the dups (one file). */
	EXPECT_EQ_INT(sys_fcntl(a, F_SETFL, O_NONBLOCK), 0);
	EXPECT_EQ_INT(sys_fcntl(b, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	n = 0;
	EXPECT_EQ_INT(sys_ioctl(b, FIONBIO, (unsigned long)&n), 0);
	EXPECT_EQ_INT(sys_fcntl(a, F_GETFL, 0), O_RDWR);
	EXPECT_EQ_INT(sys_ioctl(b, FIONBIO, (unsigned long)ST_BAD_PTR), -EFAULT);
	EXPECT_EQ_INT(sys_ioctl(99, FIONBIO, (unsigned long)&n), -EBADF);
	/* Closing one descriptor leaves the socket to the others. */
	EXPECT_EQ_INT(sys_close(a), 0);
	EXPECT_EQ_INT(sys_close(a), -EBADF);
	EXPECT_EQ_INT(st_bind(b, LO, 6000), 0);
	EXPECT_EQ_INT(st_local_port(10), 6000);
	EXPECT_EQ_INT(st_udp(), 0);	/* the freed slot is reused */
	st_end(&st, NULL);
}

UNIT_TEST(sock_read_write_vectors)
{
	struct iovec out[3] = { { "sc", 2 }, { "att", 3 }, { "er", 2 } };
	struct iovec in[2] = { { buf, 3 }, { buf + 3, 10 } };
	struct socktest st;
	int a, b;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	ASSERT(st_bind(a, LO, 6001) == 0 && st_connect(b, LO, 6001) == 0);
	EXPECT_EQ_INT(sys_writev(b, out, 3), 7);
	EXPECT_EQ_INT(sys_readv(a, in, 2), 7);
	EXPECT_EQ_MEM(buf, "scatter", 7);
	EXPECT_EQ_INT(sys_readv(a, in, -1), -EINVAL);
	EXPECT_EQ_INT(sys_readv(a, in, UIO_MAXIOV + 1), -EINVAL);
	EXPECT_EQ_INT(sys_readv(a, ST_BAD_PTR, 1), -EFAULT);
	in[1].iov_base = ST_BAD_PTR;
	EXPECT_EQ_INT(sys_readv(a, in, 2), -EFAULT);
	EXPECT_EQ_INT(sys_read(a, ST_BAD_PTR, 4), -EFAULT);
	EXPECT_EQ_INT(sys_read(a, buf, 0), 0);
	/* A buffer running past the user half is refused before anything is read. */
	sys_write(b, "abcd", 4);
	EXPECT_EQ_INT(sys_read(a, (void *)(USER_TOP - 2), 4), -EFAULT);
	st_end(&st, NULL);
}

UNIT_TEST(sock_sendmsg_recvmsg_errors)
{
	struct sockaddr_in sin = nt_sin(LO, 6002);
	struct iovec iov = { buf, 4 };
	struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof(sin),
			    .msg_iov = &iov, .msg_iovlen = 1 };
	struct socktest st;
	int a, len;

	st_begin(&st);
	a = st_udp();
	ASSERT(st_bind(a, LO, 6002) == 0);
	EXPECT_EQ_INT(sys_sendmsg(a, &m, 0), 4);
	EXPECT_EQ_INT(sys_recvmsg(a, &m, 0), 4);
	m.msg_iovlen = UIO_MAXIOV + 1;
	EXPECT_EQ_INT(sys_sendmsg(a, &m, 0), -EMSGSIZE);
	m.msg_iovlen = 1;
	m.msg_namelen = 200;
	EXPECT_EQ_INT(sys_sendmsg(a, &m, 0), -EINVAL);
	EXPECT_EQ_INT(sys_sendmsg(a, ST_BAD_PTR, 0), -EFAULT);
	EXPECT_EQ_INT(sys_recvmsg(a, ST_BAD_PTR, 0), -EFAULT);
	/* A name that does not fit is cut, its real length reported. */
	sys_sendto(a, "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin));
	len = 4;
	EXPECT_EQ_INT(sys_recvfrom(a, buf, 4, 0, (struct sockaddr *)&sin, &len), 1);
	EXPECT_EQ_INT(len, (int)sizeof(sin));
	len = -1;
	EXPECT_EQ_INT(sys_getsockname(a, (struct sockaddr *)&sin, &len), -EINVAL);
	EXPECT_EQ_INT(sys_getsockname(a, (struct sockaddr *)&sin, ST_BAD_PTR), -EFAULT);
	st_end(&st, NULL);
}

UNIT_TEST(sock_options)
{
	struct linger l = { 1, 7 }, lg;
	char name[IFNAMSIZ];
	struct socktest st;
	int a, len;

	st_begin(&st);
	a = st_udp();
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_RCVBUF), 212992);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_SNDBUF, 10000), 0);
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_SNDBUF), 20000);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_RCVBUF, 1), 0);	/* clamped up */
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_RCVBUF), SOCK_MIN_RCVBUF);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_RCVBUF, 1 << 30), 0); /* and down */
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_RCVBUF), 2 * 212992);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_KEEPALIVE, 1), 0);
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_KEEPALIVE), 1);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_REUSEPORT, 1), 0);
	EXPECT_EQ_INT(st_getint(a, SOL_SOCKET, SO_REUSEPORT), 1);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_LINGER, (char *)&l, sizeof(l)), 0);
	len = sizeof(lg);
	EXPECT_EQ_INT(sys_getsockopt(a, SOL_SOCKET, SO_LINGER, (char *)&lg, &len), 0);
	EXPECT(lg.l_onoff == 1 && lg.l_linger == 7);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_LINGER, (char *)&l, 4), -EINVAL);
	/* Read-only, unknown, short, faulting. */
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, SO_TYPE, 1), -ENOPROTOOPT);
	EXPECT_EQ_INT(st_setint(a, SOL_SOCKET, 999, 1), -ENOPROTOOPT);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_BROADCAST, (char *)&len, 2), -EINVAL);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_BROADCAST, (char *)&len, -1), -EINVAL);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_BROADCAST, ST_BAD_PTR, 4), -EFAULT);
	len = 4;
	EXPECT_EQ_INT(sys_getsockopt(a, SOL_SOCKET, SO_TYPE, ST_BAD_PTR, &len), -EFAULT);
	/* A short buffer gets what fits. */
	len = 2;
	EXPECT_EQ_INT(sys_getsockopt(a, SOL_SOCKET, SO_RCVBUF, (char *)buf, &len), 0);
	EXPECT_EQ_INT(len, 2);
	/* SO_BINDTODEVICE reads back the name; unbound reads back nothing. */
	len = sizeof(name);
	EXPECT_EQ_INT(sys_getsockopt(a, SOL_SOCKET, SO_BINDTODEVICE, name, &len), 0);
	EXPECT_EQ_INT(len, 0);
	EXPECT_EQ_INT(sys_setsockopt(a, SOL_SOCKET, SO_BINDTODEVICE, "lo", 2), 0);
	len = sizeof(name);
	EXPECT_EQ_INT(sys_getsockopt(a, SOL_SOCKET, SO_BINDTODEVICE, name, &len), 0);
	EXPECT_EQ_INT(len, 3);
	EXPECT_EQ_STR(name, "lo");
	/* IPPROTO_IP: TTL and TOS. */
	EXPECT_EQ_INT(st_getint(a, IPPROTO_IP, IP_TTL), 64);
	EXPECT_EQ_INT(st_setint(a, IPPROTO_IP, IP_TTL, 5), 0);
	EXPECT_EQ_INT(st_getint(a, IPPROTO_IP, IP_TTL), 5);
	EXPECT_EQ_INT(st_setint(a, IPPROTO_IP, IP_TTL, 0), -EINVAL);
	EXPECT_EQ_INT(st_setint(a, IPPROTO_IP, IP_TOS, 0x10), 0);
	EXPECT_EQ_INT(st_getint(a, IPPROTO_IP, IP_TOS), 0x10);
	EXPECT_EQ_INT(st_setint(a, IPPROTO_IP, IP_HDRINCL, 1), -ENOPROTOOPT);
	EXPECT_EQ_INT(st_setint(a, IPPROTO_UDP, 1, 1), -ENOPROTOOPT);
	st_end(&st, NULL);
}

/* What the DHCP client does: address, mask, default route, through ioctls. */
UNIT_TEST(sock_interface_and_route_ioctls)
{
	static const u8 mac[6] = { 0x52, 0x54, 0x00, 0x01, 0x02, 0x03 };
	struct sockaddr_in *sin;
	struct net_device *dev;
	struct fib_route r;
	struct rtentry rt;
	struct ifreq ifr;
	struct socktest st;
	int s;

	st_begin(&st);
	dev = fake_eth_create(mac);
	s = st_udp();
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, dev->name);
	sin = (struct sockaddr_in *)&ifr.ifr_addr;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFINDEX, (unsigned long)&ifr), 0);
	EXPECT_EQ_INT(ifr.ifr_ifindex, dev->ifindex);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFADDR, (unsigned long)&ifr), -EADDRNOTAVAIL);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFHWADDR, (unsigned long)&ifr), 0);
	EXPECT_EQ_MEM(ifr.ifr_hwaddr.sa_data, mac, 6);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFFLAGS, (unsigned long)&ifr), 0);
	EXPECT(ifr.ifr_flags & IFF_UP);
	EXPECT(ifr.ifr_flags & IFF_RUNNING);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFMTU, (unsigned long)&ifr), 0);
	EXPECT_EQ_INT(ifr.ifr_mtu, 1500);
	ifr.ifr_mtu = 1400;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFMTU, (unsigned long)&ifr), 0);
	EXPECT_EQ_UINT(dev->mtu, 1400);
	/* SIOCSIFADDR starts classful (10/8), SIOCSIFNETMASK narrows it. */
	*sin = nt_sin(NT_IP(10, 0, 2, 15), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFADDR, (unsigned long)&ifr), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFNETMASK, (unsigned long)&ifr), 0);
	EXPECT_EQ_UINT(sin->sin_addr.s_addr, NT_IP(255, 0, 0, 0));
	*sin = nt_sin(NT_IP(255, 255, 255, 0), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFNETMASK, (unsigned long)&ifr), 0);
	*sin = nt_sin(NT_IP(255, 0, 255, 0), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFNETMASK, (unsigned long)&ifr), -EINVAL);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFADDR, (unsigned long)&ifr), 0);
	EXPECT_EQ_UINT(sin->sin_addr.s_addr, NT_IP(10, 0, 2, 15));
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFBRDADDR, (unsigned long)&ifr), 0);
	EXPECT_EQ_UINT(sin->sin_addr.s_addr, NT_IP(10, 0, 2, 255));
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(10, 0, 2, 15)), RTN_LOCAL);
	/* Default route via 10.0.2.2 on that device. */
	memset(&rt, 0, sizeof(rt));
	*(struct sockaddr_in *)&rt.rt_dst = nt_sin(0, 0);
	*(struct sockaddr_in *)&rt.rt_genmask = nt_sin(0, 0);
	*(struct sockaddr_in *)&rt.rt_gateway = nt_sin(NT_IP(10, 0, 2, 2), 0);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = dev->name;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCADDRT, (unsigned long)&rt), 0);
	EXPECT(fib_lookup(NT_IP(8, 8, 8, 8), NULL, &r) && r.gateway == NT_IP(10, 0, 2, 2));
	EXPECT_EQ_INT(sys_ioctl(s, SIOCADDRT, (unsigned long)&rt), -EEXIST);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCDELRT, (unsigned long)&rt), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCDELRT, (unsigned long)&rt), -ESRCH);
	rt.rt_dev = "nope9";
	EXPECT_EQ_INT(sys_ioctl(s, SIOCADDRT, (unsigned long)&rt), -ENODEV);
	rt.rt_dev = ST_BAD_PTR;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCADDRT, (unsigned long)&rt), -EFAULT);
	/* Address 0.0.0.0 removes it; the link goes down and up by flags. */
	*sin = nt_sin(0, 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFADDR, (unsigned long)&ifr), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFADDR, (unsigned long)&ifr), -EADDRNOTAVAIL);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFFLAGS, (unsigned long)&ifr), 0);
	ifr.ifr_flags &= ~IFF_UP;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFFLAGS, (unsigned long)&ifr), 0);
	EXPECT(!netif_running(dev));
	ifr.ifr_flags |= IFF_UP;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFFLAGS, (unsigned long)&ifr), 0);
	EXPECT(netif_running(dev));
	strcpy(ifr.ifr_name, "nope9");
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFFLAGS, (unsigned long)&ifr), -ENODEV);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFFLAGS, (unsigned long)ST_BAD_PTR), -EFAULT);
	shim_run_softirqs();
	fake_eth_purge(dev);
	st_end(&st, dev);
}

/* The shell's ioctls: aliases by label, SIOCGIFCONF, and SIOCDARP. */
UNIT_TEST(sock_alias_ifconf_and_arp_ioctls)
{
	struct ifreq ifr, reqs[8];
	struct ifconf ifc = { 0 };
	struct net_device *dev;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	struct arpreq ar;
	struct socktest st;
	bool seen_own = false, seen_alias = false;
	int s, n;

	st_begin(&st);
	dev = fake_eth_create(nt_mac_us);
	ASSERT(inet_addr_add(dev, NT_IP(10, 0, 0, 2), 24) == 0);
	s = st_udp();
	/* An alias: SIOCSIFADDR then SIOCSIFNETMASK on "eth0:0", as ifconfig does. */
	memset(&ifr, 0, sizeof(ifr));
	ASSERT(strlen(dev->name) + 2 < sizeof(ifr.ifr_name));
	strcpy(ifr.ifr_name, dev->name);
	strcat(ifr.ifr_name, ":0");
	*sin = nt_sin(NT_IP(10, 0, 0, 3), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFADDR, (unsigned long)&ifr), 0);
	*sin = nt_sin(NT_IP(255, 255, 255, 0), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFNETMASK, (unsigned long)&ifr), 0);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(10, 0, 0, 3)), RTN_LOCAL);
	/* The device's own address is untouched, and stays the primary. */
	EXPECT_EQ_UINT(inet_select_addr(dev, NT_IP(192, 0, 2, 1), 0), NT_IP(10, 0, 0, 2));
	/* SIOCGIFCONF: first the size, then every address with its label. */
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFCONF, (unsigned long)&ifc), 0);
	EXPECT_EQ_INT(ifc.ifc_len, 3 * (int)sizeof(struct ifreq));	/* lo, eth0, eth0:0 */
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = reqs;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFCONF, (unsigned long)&ifc), 0);
	n = ifc.ifc_len / (int)sizeof(struct ifreq);
	EXPECT_EQ_INT(n, 3);
	for (int i = 0; i < n; i++) {
		__be32 a = ((struct sockaddr_in *)&reqs[i].ifr_addr)->sin_addr.s_addr;

		seen_own |= !strcmp(reqs[i].ifr_name, dev->name) && a == NT_IP(10, 0, 0, 2);
		seen_alias |= !strcmp(reqs[i].ifr_name, ifr.ifr_name) && a == NT_IP(10, 0, 0, 3);
	}
	EXPECT(seen_own && seen_alias);
	ifc.ifc_len = sizeof(struct ifreq);	/* room for one: only one written */
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFCONF, (unsigned long)&ifc), 0);
	EXPECT_EQ_INT(ifc.ifc_len, (int)sizeof(struct ifreq));
	/* An alias taken down goes away (Linux's ifconfig eth0:0 down). */
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFFLAGS, (unsigned long)&ifr), 0);
	ifr.ifr_flags &= ~IFF_UP;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCSIFFLAGS, (unsigned long)&ifr), 0);
	EXPECT_EQ_UINT(inet_addr_type(NT_IP(10, 0, 0, 3)), RTN_UNICAST);
	EXPECT(netif_running(dev));
	EXPECT_EQ_INT(sys_ioctl(s, SIOCGIFADDR, (unsigned long)&ifr), -EADDRNOTAVAIL);
	/* SIOCDARP: an entry goes; a missing one is ENXIO, as Linux. */
	ASSERT(neigh_add_permanent(dev, NT_IP(10, 0, 0, 1), nt_mac_peer) == 0);
	memset(&ar, 0, sizeof(ar));
	*(struct sockaddr_in *)&ar.arp_pa = nt_sin(NT_IP(10, 0, 0, 1), 0);
	strcpy(ar.arp_dev, dev->name);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCDARP, (unsigned long)&ar), 0);
	EXPECT_EQ_INT(sys_ioctl(s, SIOCDARP, (unsigned long)&ar), -ENXIO);
	strcpy(ar.arp_dev, "nope9");
	EXPECT_EQ_INT(sys_ioctl(s, SIOCDARP, (unsigned long)&ar), -ENODEV);
	ar.arp_pa.sa_family = AF_UNIX;
	EXPECT_EQ_INT(sys_ioctl(s, SIOCDARP, (unsigned long)&ar), -EPFNOSUPPORT);
	shim_run_softirqs();
	fake_eth_purge(dev);
	st_end(&st, dev);
}

/* A sent skb in flight keeps its closed socket's memory until it is freed. */
UNIT_TEST(sock_memory_outlives_close_while_skbs_in_flight)
{
	struct net_device *dev;
	struct sk_buff *skb;
	struct socktest st;
	int a;

	st_begin(&st);
	dev = fake_eth_create(nt_mac_us);
	ASSERT(inet_addr_add(dev, NT_IP(10, 0, 0, 2), 24) == 0);
	ASSERT(neigh_add_permanent(dev, NT_IP(10, 0, 0, 1), nt_mac_peer) == 0);
	shim_run_softirqs();
	fake_eth_purge(dev);
	a = st_udp();
	EXPECT_EQ_INT(st_sendto(a, "fly", 3, NT_IP(10, 0, 0, 1), 9), 3);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT(skb->sk != NULL);
	sys_close(a);
	EXPECT_EQ_UINT(sk_live_count(), st.pools.socks + 1);	/* still there */
	consume_skb(skb);
	EXPECT_EQ_UINT(sk_live_count(), st.pools.socks);
	st_end(&st, dev);
}
