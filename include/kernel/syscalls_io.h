/*
 * The descriptor, poll, epoll and socket system calls (kernel/file.c,
 * kernel/select.c, kernel/eventpoll.c, net/socket.c), as Linux's
 * <linux/syscalls.h> declares them. The syscall table takes the
 * __x64_sys_* entries SYSCALL_DEFINEn generates; the sys_* functions are
 * for kernel callers and host tests. Every pointer is a user pointer.
 */
#ifndef _KERNEL_SYSCALLS_IO_H
#define _KERNEL_SYSCALLS_IO_H

#include <kernel/types.h>
#include <kernel/uaccess.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/epoll.h>
#include <poll.h>
#include <time.h>

long sys_read(int fd, void __user *buf, size_t count);
long sys_write(int fd, const void __user *buf, size_t count);
long sys_readv(int fd, const struct iovec __user *vec, int vlen);
long sys_writev(int fd, const struct iovec __user *vec, int vlen);
long sys_close(int fd);
long sys_fcntl(int fd, unsigned int cmd, unsigned long arg);
long sys_ioctl(int fd, unsigned int cmd, unsigned long arg);
long sys_dup(int oldfd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);

long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_ms);
long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds,
	       const struct timespec __user *tsp, const void __user *sigmask,
	       size_t sigsetsize);

long sys_epoll_create(int size);
long sys_epoll_create1(int flags);
long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event __user *event);
long sys_epoll_wait(int epfd, struct epoll_event __user *events,
		    int maxevents, int timeout);
long sys_epoll_pwait(int epfd, struct epoll_event __user *events,
		     int maxevents, int timeout, const void __user *sigmask,
		     size_t sigsetsize);

long sys_socket(int family, int type, int protocol);
long sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen);
long sys_listen(int fd, int backlog);
long sys_accept(int fd, struct sockaddr __user *upeer_sockaddr,
		int __user *upeer_addrlen);
long sys_accept4(int fd, struct sockaddr __user *upeer_sockaddr,
		 int __user *upeer_addrlen, int flags);
long sys_connect(int fd, struct sockaddr __user *uservaddr, int addrlen);
long sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags,
		struct sockaddr __user *addr, int addr_len);
long sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags,
		  struct sockaddr __user *addr, int __user *addr_len);
long sys_sendmsg(int fd, struct msghdr __user *msg, unsigned int flags);
long sys_recvmsg(int fd, struct msghdr __user *msg, unsigned int flags);
long sys_shutdown(int fd, int how);
long sys_getsockname(int fd, struct sockaddr __user *usockaddr,
		     int __user *usockaddr_len);
long sys_getpeername(int fd, struct sockaddr __user *usockaddr,
		     int __user *usockaddr_len);
long sys_setsockopt(int fd, int level, int optname, char __user *optval,
		    int optlen);
long sys_getsockopt(int fd, int level, int optname, char __user *optval,
		    int __user *optlen);

#endif
