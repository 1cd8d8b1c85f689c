/* poll.c - poll(2) and the epoll family as Linux x86-64 syscalls. */
#include <poll.h>
#include <sys/epoll.h>

#include "syscall.h"

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	return __syscall_ret(__syscall3(__NR_poll, (long)fds, nfds, timeout));
}

int epoll_create(int size)
{
	return __syscall_ret(__syscall1(__NR_epoll_create, size));
}

int epoll_create1(int flags)
{
	return __syscall_ret(__syscall1(__NR_epoll_create1, flags));
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	return __syscall_ret(__syscall4(__NR_epoll_ctl, epfd, op, fd, (long)ev));
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents,
	       int timeout)
{
	return __syscall_ret(__syscall4(__NR_epoll_wait, epfd, (long)events,
					maxevents, timeout));
}
