/*
 * Helpers for the socket-layer unit tests: addresses, a descriptor table
 * to run the system calls against (their "user" pointers are the test's
 * own memory), UDP datagram builders, and a leak check of the socket
 * pools on top of nettest's.
 */
#ifndef _SOCKTEST_H
#define _SOCKTEST_H

#include <kernel/types.h>
#include <kernel/file.h>
#include <kernel/net.h>
#include <kernel/syscalls_io.h>
#include <netinet/in.h>
#include "nettest.h"

struct sockaddr_in nt_sin(__be32 addr, u16 port);

/* A descriptor table as current's, and the pools to come back to. */
struct socktest {
	struct nettest_baseline base;
	struct sock_pool_stats pools;
	struct files_struct *files;
};

void st_begin(struct socktest *st);
/* Close every descriptor, free the table, destroy dev (a fake_eth, or
 * NULL), then the leak checks. */
bool st_end(struct socktest *st, struct net_device *dev);

int st_udp(void);				/* socket(AF_INET, SOCK_DGRAM, 0) */
long st_bind(int fd, __be32 addr, u16 port);	/* port in host order */
long st_connect(int fd, __be32 addr, u16 port);
long st_sendto(int fd, const void *buf, size_t len, __be32 addr, u16 port);
long st_recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr_in *from);
u16 st_local_port(int fd);			/* host order */
long st_setint(int fd, int level, int name, int val);
int st_getint(int fd, int level, int name);

/* A UDP datagram (header + data); csum false: a zero checksum field. */
size_t nt_udp(u8 *buf, __be32 saddr, __be32 daddr, u16 sport, u16 dport,
	      const void *data, size_t len, bool csum);

/* A pointer in the kernel half: every copy from or to it must fail. */
#define ST_BAD_PTR	((void *)0xffff800000001000UL)

#endif
