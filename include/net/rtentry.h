/*
 * struct rtentry for SIOCADDRT/SIOCDELRT: the Linux x86-64 layout of
 * libc/include/net/route.h, which kernel code cannot include: the
 * kernel's own <net/route.h> shadows that path (and guard). Linux keeps
 * it apart the same way, in uapi <linux/route.h>. The two must agree.
 */
#ifndef _NET_RTENTRY_H
#define _NET_RTENTRY_H

#include <sys/socket.h>

struct rtentry {
	unsigned long rt_pad1;
	struct sockaddr rt_dst;
	struct sockaddr rt_gateway;
	struct sockaddr rt_genmask;
	unsigned short rt_flags;
	short rt_pad2;
	unsigned long rt_pad3;
	void *rt_pad4;
	short rt_metric;
	char *rt_dev;			/* user pointer to an interface name, or NULL */
	unsigned long rt_mtu;
	unsigned long rt_window;
	unsigned short rt_irtt;
};

#define RTF_UP		0x0001
#define RTF_GATEWAY	0x0002
#define RTF_HOST	0x0004

_Static_assert(sizeof(struct rtentry) == 120, "struct rtentry is Linux's");

#endif
