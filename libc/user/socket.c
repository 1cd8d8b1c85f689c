/* socket.c - the BSD socket calls (sys/socket.h) as Linux x86-64 syscalls. */
#include <sys/socket.h>

#include "syscall.h"

int socket(int domain, int type, int protocol)
{
	return __syscall_ret(__syscall3(__NR_socket, domain, type, protocol));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return __syscall_ret(__syscall3(__NR_bind, fd, (long)addr, len));
}

int listen(int fd, int backlog)
{
	return __syscall_ret(__syscall2(__NR_listen, fd, backlog));
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return __syscall_ret(__syscall3(__NR_accept, fd, (long)addr, (long)len));
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	return __syscall_ret(__syscall4(__NR_accept4, fd, (long)addr,
					(long)len, flags));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return __syscall_ret(__syscall3(__NR_connect, fd, (long)addr, len));
}

/* send and recv are sendto and recvfrom without an address, as on Linux. */
ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	return __syscall_ret(__syscall6(__NR_sendto, fd, (long)buf, len, flags,
					(long)to, tolen));
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	return __syscall_ret(__syscall6(__NR_recvfrom, fd, (long)buf, len,
					flags, (long)from, (long)fromlen));
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return __syscall_ret(__syscall3(__NR_sendmsg, fd, (long)msg, flags));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return __syscall_ret(__syscall3(__NR_recvmsg, fd, (long)msg, flags));
}

int shutdown(int fd, int how)
{
	return __syscall_ret(__syscall2(__NR_shutdown, fd, how));
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return __syscall_ret(__syscall3(__NR_getsockname, fd, (long)addr,
					(long)len));
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return __syscall_ret(__syscall3(__NR_getpeername, fd, (long)addr,
					(long)len));
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	return __syscall_ret(__syscall5(__NR_setsockopt, fd, level, name,
					(long)val, len));
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	return __syscall_ret(__syscall5(__NR_getsockopt, fd, level, name,
					(long)val, (long)len));
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	return __syscall_ret(__syscall3(__NR_readv, fd, (long)iov, iovcnt));
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	return __syscall_ret(__syscall3(__NR_writev, fd, (long)iov, iovcnt));
}
