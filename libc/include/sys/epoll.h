/* epoll (the Linux ABI: event bits and the packed x86-64 event layout). */
#ifndef _SYS_EPOLL_H
#define _SYS_EPOLL_H

#include <stdint.h>

#define EPOLLIN		0x00000001U
#define EPOLLPRI	0x00000002U
#define EPOLLOUT	0x00000004U
#define EPOLLERR	0x00000008U
#define EPOLLHUP	0x00000010U
#define EPOLLNVAL	0x00000020U
#define EPOLLRDNORM	0x00000040U
#define EPOLLRDBAND	0x00000080U
#define EPOLLWRNORM	0x00000100U
#define EPOLLWRBAND	0x00000200U
#define EPOLLMSG	0x00000400U
#define EPOLLRDHUP	0x00002000U
#define EPOLLEXCLUSIVE	(1U << 28)
#define EPOLLWAKEUP	(1U << 29)
#define EPOLLONESHOT	(1U << 30)
#define EPOLLET		(1U << 31)

#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3

#define EPOLL_CLOEXEC	02000000

typedef union epoll_data {
	void *ptr;
	int fd;
	uint32_t u32;
	uint64_t u64;
} epoll_data_t;

/* x86-64 packs this to 12 bytes (Linux's EPOLL_PACKED). */
struct epoll_event {
	uint32_t events;
	epoll_data_t data;
} __attribute__((packed));

#ifndef __KERNEL__
int epoll_create(int size);
int epoll_create1(int flags);
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev);
int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
#endif

#endif
