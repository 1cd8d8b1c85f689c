/*
 * The BSD socket layer (Linux include/linux/net.h): struct socket is the
 * face a descriptor shows, proto_ops the per-family, per-type operations
 * behind the socket calls (inet_dgram_ops, inet_stream_ops), struct sock
 * (net/sock.h) the protocol's state. syscall -> struct socket -> proto_ops
 * -> sk->sk_prot (udp_prot, tcp_prot): see DESIGN.md and seeds/.
 */
#ifndef _KERNEL_NET_H
#define _KERNEL_NET_H

#include <kernel/types.h>
#include <kernel/uio.h>
#include <kernel/poll.h>
#include <sys/socket.h>		/* the user ABI: sockaddr, msghdr, SO_*, MSG_* */

struct file;
struct sock;
struct socket;

typedef enum {
	SS_FREE = 0,		/* not allocated */
	SS_UNCONNECTED,
	SS_CONNECTING,
	SS_CONNECTED,
	SS_DISCONNECTING,
} socket_state;

#define SOCK_MAX	(SOCK_SEQPACKET + 1)

/*
 * Linux's in-kernel struct msghdr: the name msghdr belongs to the user ABI
 * here (sys/socket.h, Linux's user_msghdr). msg_name is a kernel copy of
 * the address; the data moves through msg_iter, user or kernel memory.
 */
struct kmsghdr {
	void *msg_name;			/* struct sockaddr_storage, or NULL */
	int msg_namelen;		/* in: given length; out: length written */
	struct iov_iter msg_iter;
	unsigned int msg_flags;		/* out (recvmsg): MSG_TRUNC, ... */
	/* recvmsg: a kernel buffer for ancillary data (put_cmsg), or NULL. */
	void *msg_control;
	size_t msg_controllen;		/* its size */
	size_t msg_controlused;		/* bytes of cmsgs in it */
};

/*
 * Append a cmsg of len data octets to msg's control buffer (Linux's
 * put_cmsg); one that does not fit is cut and MSG_CTRUNC set. Nothing
 * when the caller gave no buffer.
 */
void put_cmsg(struct kmsghdr *msg, int level, int type, int len, const void *data);

/* An option value in user or kernel memory (Linux's sockptr_t). */
typedef struct {
	union {
		void *kernel;
		void __user *user;
	};
	bool is_kernel;
} sockptr_t;

static inline sockptr_t USER_SOCKPTR(void __user *p)
{
	return (sockptr_t){ .user = p, .is_kernel = false };
}

static inline sockptr_t KERNEL_SOCKPTR(void *p)
{
	return (sockptr_t){ .kernel = p, .is_kernel = true };
}

/* 0 or -EFAULT. */
int copy_from_sockptr(void *dst, sockptr_t src, size_t size);
int copy_to_sockptr(sockptr_t dst, const void *src, size_t size);

/*
 * Per family and type. Addresses are kernel copies; optval is a sockptr;
 * getsockopt's *optlen is the buffer size in and the value's size out.
 * sendmsg/recvmsg return bytes or -errno.
 */
struct proto_ops {
	int family;
	int (*release)(struct socket *sock);
	int (*bind)(struct socket *sock, struct sockaddr *addr, int addr_len);
	int (*connect)(struct socket *sock, struct sockaddr *addr,
		       int addr_len, int flags);
	int (*accept)(struct socket *sock, struct socket *newsock, int flags);
	/* Writes the local (peer = 0) or remote address; its length or -errno. */
	int (*getname)(struct socket *sock, struct sockaddr *addr, int peer);
	__poll_t (*poll)(struct file *file, struct socket *sock, poll_table *wait);
	int (*ioctl)(struct socket *sock, unsigned int cmd, unsigned long arg);
	int (*listen)(struct socket *sock, int backlog);
	int (*shutdown)(struct socket *sock, int how);
	int (*setsockopt)(struct socket *sock, int level, int optname,
			  sockptr_t optval, unsigned int optlen);
	int (*getsockopt)(struct socket *sock, int level, int optname,
			  sockptr_t optval, int *optlen);
	int (*sendmsg)(struct socket *sock, struct kmsghdr *m, size_t len);
	int (*recvmsg)(struct socket *sock, struct kmsghdr *m, size_t len,
		       int flags);
};

struct socket {
	socket_state state;
	short type;			/* SOCK_DGRAM, SOCK_STREAM */
	struct file *file;		/* NULL for kernel sockets without a descriptor */
	struct sock *sk;
	const struct proto_ops *ops;
};

/* An address family's socket constructor (Linux's net_proto_family). */
struct net_proto_family {
	int family;
	int (*create)(struct socket *sock, int protocol, int kern);
};

int sock_register(const struct net_proto_family *ops);

/* Create a socket: 0 and *res, or -EAFNOSUPPORT, -EINVAL, -ESOCKTNOSUPPORT, -EPROTONOSUPPORT, -ENOMEM. */
int sock_create(int family, int type, int protocol, struct socket **res);
int sock_create_kern(int family, int type, int protocol, struct socket **res);
/* Close: the protocol's release, then free (for sockets without a file). */
void sock_release(struct socket *sock);
/*
 * A file for sock, which the file then owns (fput closes the socket):
 * for descriptors, and for kernel threads that epoll on sockets. NULL,
 * with sock released, on ENOMEM. flags: O_NONBLOCK.
 */
struct file *sock_alloc_file(struct socket *sock, int flags);
/* The socket behind a file, or NULL if f is not a socket. */
struct socket *sock_from_file(struct file *f);

int sock_sendmsg(struct socket *sock, struct kmsghdr *msg);
int sock_recvmsg(struct socket *sock, struct kmsghdr *msg, int flags);

/*
 * The kernel-side API, for in-kernel clients and self-tests. Addresses are
 * kernel memory. kernel_sendmsg sends the num kvecs (len bytes in all) to
 * msg->msg_name (or the connected peer) with msg->msg_flags as flags;
 * kernel_recvmsg fills msg->msg_name/msg_namelen and msg_flags.
 */
int kernel_bind(struct socket *sock, struct sockaddr *addr, int addrlen);
int kernel_connect(struct socket *sock, struct sockaddr *addr, int addrlen,
		   int flags);
int kernel_listen(struct socket *sock, int backlog);
int kernel_accept(struct socket *sock, struct socket **newsock, int flags);
int kernel_sendmsg(struct socket *sock, struct msghdr *msg, struct kvec *vec,
		   size_t num, size_t len);
int kernel_recvmsg(struct socket *sock, struct msghdr *msg, struct kvec *vec,
		   size_t num, size_t len, int flags);
int kernel_getsockname(struct socket *sock, struct sockaddr *addr);
int kernel_getpeername(struct socket *sock, struct sockaddr *addr);
int kernel_setsockopt(struct socket *sock, int level, int optname,
		      const void *optval, unsigned int optlen);
int kernel_getsockopt(struct socket *sock, int level, int optname,
		      void *optval, int *optlen);
int kernel_sock_shutdown(struct socket *sock, int how);

/* Socket objects in use, for leak checks (sockets, socks). */
struct sock_pool_stats {
	u32 sockets;
	u32 socks;
};
void sock_get_pool_stats(struct sock_pool_stats *out);

void sock_init(void);

#endif
