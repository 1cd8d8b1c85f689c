/*
 * The BSD socket layer (Linux net/socket.c): struct socket, the address
 * family table, the socket file (read/write/poll/ioctl/close on a socket
 * descriptor), the socket system calls and the kernel-side socket API.
 *
 * A call goes syscall -> sockfd_lookup -> sock->ops (inet_dgram_ops,
 * inet_stream_ops) -> sk->sk_prot (udp_prot, tcp_prot). This file moves
 * arguments between the caller and the kernel (addresses with
 * move_addr_to_kernel/move_addr_to_user, data through an iov_iter) and
 * never looks inside a protocol.
 */
#include <kernel/file.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/syscalls.h>
#include <kernel/syscalls_io.h>
#include <kernel/net.h>
#include <net/sock.h>
#include <net/byteorder.h>
#include <net/inet_utils.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define NPROTO	(AF_PACKET + 1)		/* families the table has room for */

static const struct net_proto_family *net_families[NPROTO];
static struct kmem_cache *sock_cache;
static u32 sockets_live;

int copy_from_sockptr(void *dst, sockptr_t src, size_t size)
{
	if (src.is_kernel) {
		memcpy(dst, src.kernel, size);
		return 0;
	}
	return copy_from_user(dst, src.user, size);
}

int copy_to_sockptr(sockptr_t dst, const void *src, size_t size)
{
	if (dst.is_kernel) {
		memcpy(dst.kernel, src, size);
		return 0;
	}
	return copy_to_user(dst.user, src, size);
}

void sock_init(void)
{
	if (!sock_cache)
		sock_cache = kmem_cache_create("sock_inode_cache",
					       sizeof(struct socket), 8);
	BUG_ON(!sock_cache);
}

int sock_register(const struct net_proto_family *ops)
{
	if (ops->family < 0 || ops->family >= NPROTO)
		return -ENOBUFS;
	if (net_families[ops->family])
		return -EEXIST;
	net_families[ops->family] = ops;
	return 0;
}

void sock_get_pool_stats(struct sock_pool_stats *out)
{
	out->sockets = sockets_live;
	out->socks = sk_live_count();
}

/* ---- debug=sock ---- */

/* "10.0.0.2:80"; empty for an address this layer cannot show. */
static void sock_trace_addr(const struct sockaddr *addr, char *buf, size_t len)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)addr;
	char a[INET_ADDRSTRLEN];

	buf[0] = '\0';
	if (addr && addr->sa_family == AF_INET)
		snprintf(buf, len, "%s:%u", in4_ntop(sin->sin_addr.s_addr, a),
			 ntohs(sin->sin_port));
}

/* The socket's own address, or its peer's; empty if it has none. */
static void sock_trace_name(struct socket *sock, int peer, char *buf, size_t len)
{
	struct sockaddr_storage ss;

	buf[0] = '\0';
	if (sock->ops && sock->ops->getname && sock->sk &&
	    sock->ops->getname(sock, (struct sockaddr *)&ss, peer) > 0)
		sock_trace_addr((struct sockaddr *)&ss, buf, len);
}

/*
 * One line per socket event: who, which socket (protocol, local address,
 * peer if connected) and what happened, as in
 * "sock: httpd: TCP 10.0.0.2:80 > 10.0.0.1:41000 close".
 */
static void sock_trace(struct socket *sock, const char *event)
{
	char local[32], peer[32];

	sock_trace_name(sock, 0, local, sizeof(local));
	sock_trace_name(sock, 1, peer, sizeof(peer));
	printk("sock: %s: %s %s%s%s %s\n", current->name,
	       sock->sk ? sock->sk->sk_prot->name : "-", local,
	       peer[0] ? " > " : "", peer, event);
}

/* A call with an address argument and its result: "bind 0.0.0.0:80 = 0". */
static void sock_trace_call(struct socket *sock, const char *call,
			    const struct sockaddr *addr, int err)
{
	char target[32], event[64];

	sock_trace_addr(addr, target, sizeof(target));
	snprintf(event, sizeof(event), "%s %s = %d", call, target, err);
	sock_trace(sock, event);
}

static int sock_bind(struct socket *sock, struct sockaddr *addr, int addrlen)
{
	int err = sock->ops->bind(sock, addr, addrlen);

	if (trace_on(TRACE_SOCK))
		sock_trace_call(sock, "bind", addr, err);
	return err;
}

static int sock_connect(struct socket *sock, struct sockaddr *addr, int addrlen,
			int flags)
{
	int err = sock->ops->connect(sock, addr, addrlen, flags);

	if (trace_on(TRACE_SOCK))
		sock_trace_call(sock, "connect", addr, err);
	return err;
}

static struct socket *sock_alloc(void)
{
	struct socket *sock = kmem_cache_zalloc(sock_cache);

	if (!sock)
		return NULL;
	sock->state = SS_UNCONNECTED;
	sockets_live++;
	return sock;
}

/* The protocol lets go of its sock, then the socket goes (Linux's __sock_release). */
static void __sock_release(struct socket *sock)
{
	if (trace_on(TRACE_SOCK) && sock->sk)
		sock_trace(sock, "close");
	if (sock->ops) {
		sock->ops->release(sock);
		sock->ops = NULL;
	}
	sockets_live--;
	kmem_cache_free(sock_cache, sock);
}

void sock_release(struct socket *sock)
{
	BUG_ON(sock->file);	/* a socket with a descriptor goes with fput() */
	__sock_release(sock);
}

static int __sock_create(int family, int type, int protocol,
			 struct socket **res, int kern)
{
	const struct net_proto_family *pf;
	struct socket *sock;
	int err;

	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	pf = net_families[family];
	if (!pf)
		return -EAFNOSUPPORT;
	sock = sock_alloc();
	if (!sock)
		return -ENOMEM;
	sock->type = (short)type;
	err = pf->create(sock, protocol, kern);
	if (err) {
		__sock_release(sock);
		return err;
	}
	if (trace_on(TRACE_SOCK))
		sock_trace(sock, "created");
	*res = sock;
	return 0;
}

int sock_create(int family, int type, int protocol, struct socket **res)
{
	return __sock_create(family, type, protocol, res, 0);
}

int sock_create_kern(int family, int type, int protocol, struct socket **res)
{
	return __sock_create(family, type, protocol, res, 1);
}

int sock_sendmsg(struct socket *sock, struct kmsghdr *msg)
{
	return sock->ops->sendmsg(sock, msg, iov_iter_count(&msg->msg_iter));
}

int sock_recvmsg(struct socket *sock, struct kmsghdr *msg, int flags)
{
	return sock->ops->recvmsg(sock, msg, iov_iter_count(&msg->msg_iter),
				  flags);
}

/* ---- the socket file ---- */

static ssize_t sock_read_iter(struct file *f, struct iov_iter *to)
{
	struct socket *sock = f->private_data;
	struct kmsghdr msg = { .msg_iter = *to };
	int res;

	if (!iov_iter_count(to))	/* Linux: match SYS5 behaviour */
		return 0;
	res = sock_recvmsg(sock, &msg,
			   (f->f_flags & O_NONBLOCK) ? MSG_DONTWAIT : 0);
	*to = msg.msg_iter;
	return res;
}

static ssize_t sock_write_iter(struct file *f, struct iov_iter *from)
{
	struct socket *sock = f->private_data;
	struct kmsghdr msg = { .msg_iter = *from };
	int res;

	if (f->f_flags & O_NONBLOCK)
		msg.msg_flags = MSG_DONTWAIT;
	res = sock_sendmsg(sock, &msg);
	*from = msg.msg_iter;
	return res;
}

static __poll_t sock_poll(struct file *f, poll_table *wait)
{
	struct socket *sock = f->private_data;

	return sock->ops->poll(f, sock, wait);
}

static long sock_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct socket *sock = f->private_data;

	return sock->ops->ioctl(sock, cmd, arg);
}

static void sock_close(struct file *f)
{
	struct socket *sock = f->private_data;

	sock->file = NULL;
	__sock_release(sock);
}

static const struct file_operations socket_file_ops = {
	.read_iter = sock_read_iter,
	.write_iter = sock_write_iter,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.release = sock_close,
};

struct socket *sock_from_file(struct file *f)
{
	return f->f_op == &socket_file_ops ? f->private_data : NULL;
}

struct file *sock_alloc_file(struct socket *sock, int flags)
{
	struct file *f = alloc_file(&socket_file_ops, sock,
				    O_RDWR | (flags & O_NONBLOCK));

	if (!f) {
		__sock_release(sock);
		return NULL;
	}
	sock->file = f;
	return f;
}

/* A descriptor for f: the fd, or -EMFILE after closing f. */
static int sock_install(struct file *f, int flags)
{
	int fd = fd_install_new_cloexec(f, flags & O_CLOEXEC);

	if (fd < 0)
		fput(f);
	return fd;
}

/* The socket behind fd with its file held (sockfd_put), or NULL and *err. */
static struct socket *sockfd_lookup(int fd, int *err)
{
	struct file *f = fget(fd);
	struct socket *sock;

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	sock = sock_from_file(f);
	if (!sock) {
		*err = -ENOTSOCK;
		fput(f);
	}
	return sock;
}

static void sockfd_put(struct socket *sock)
{
	fput(sock->file);
}

/* ---- addresses across the user boundary ---- */

static int move_addr_to_kernel(void __user *uaddr, int ulen,
			       struct sockaddr_storage *kaddr)
{
	if (ulen < 0 || (size_t)ulen > sizeof(*kaddr))
		return -EINVAL;
	if (ulen == 0)
		return 0;
	return copy_from_user(kaddr, uaddr, (size_t)ulen) ? -EFAULT : 0;
}

/* Copy what fits of the address; tell the caller its real length. */
static int move_addr_to_user(const struct sockaddr_storage *kaddr, int klen,
			     void __user *uaddr, int __user *ulen)
{
	int len;

	if (get_user(len, ulen))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(uaddr, kaddr, (size_t)len))
		return -EFAULT;
	return put_user(klen, ulen);
}

/* ---- system calls ---- */

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct socket *sock;
	struct file *f;
	int err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	err = sock_create(family, type & SOCK_TYPE_MASK, protocol, &sock);
	if (err)
		return err;
	f = sock_alloc_file(sock, flags);
	if (!f)
		return -ENOMEM;
	return sock_install(f, flags);
}

SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)
{
	struct sockaddr_storage address;
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = move_addr_to_kernel(umyaddr, addrlen, &address);
	if (!err)
		err = sock_bind(sock, (struct sockaddr *)&address, addrlen);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	if ((unsigned int)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	err = sock->ops->listen(sock, backlog);
	sockfd_put(sock);
	return err;
}

static long do_accept(struct socket *sock, struct sockaddr __user *upeer,
		      int __user *upeer_len, int flags)
{
	struct sockaddr_storage address;
	struct socket *newsock;
	struct file *newfile;
	int err, len;

	newsock = sock_alloc();
	if (!newsock)
		return -ENOMEM;
	newsock->type = sock->type;
	newsock->ops = sock->ops;
	newfile = sock_alloc_file(newsock, flags);
	if (!newfile)
		return -ENOMEM;
	err = sock->ops->accept(sock, newsock, (int)sock->file->f_flags);
	if (err)
		goto out_fput;
	if (trace_on(TRACE_SOCK))
		sock_trace(newsock, "accepted");
	if (upeer) {
		len = newsock->ops->getname(newsock, (struct sockaddr *)&address, 1);
		if (len < 0) {
			err = -ECONNABORTED;
			goto out_fput;
		}
		err = move_addr_to_user(&address, len, upeer, upeer_len);
		if (err)
			goto out_fput;
	}
	return sock_install(newfile, flags);
out_fput:
	fput(newfile);
	return err;
}

SYSCALL_DEFINE4(accept4, int, fd, struct sockaddr __user *, upeer_sockaddr,
		int __user *, upeer_addrlen, int, flags)
{
	struct socket *sock;
	int err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = (int)do_accept(sock, upeer_sockaddr, upeer_addrlen, flags);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE3(accept, int, fd, struct sockaddr __user *, upeer_sockaddr,
		int __user *, upeer_addrlen)
{
	return sys_accept4(fd, upeer_sockaddr, upeer_addrlen, 0);
}

SYSCALL_DEFINE3(connect, int, fd, struct sockaddr __user *, uservaddr,
		int, addrlen)
{
	struct sockaddr_storage address;
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = move_addr_to_kernel(uservaddr, addrlen, &address);
	if (!err)
		err = sock_connect(sock, (struct sockaddr *)&address, addrlen,
				   (int)sock->file->f_flags);
	sockfd_put(sock);
	return err;
}

static unsigned int sock_file_msg_flags(struct socket *sock, unsigned int flags)
{
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	return flags;
}

SYSCALL_DEFINE6(sendto, int, fd, void __user *, buff, size_t, len,
		unsigned int, flags, struct sockaddr __user *, addr,
		int, addr_len)
{
	struct sockaddr_storage address;
	struct kmsghdr msg = { 0 };
	struct socket *sock;
	struct iovec iov;
	int err;

	err = import_single_range(buff, len, &iov, &msg.msg_iter);
	if (err)
		return err;
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	if (addr) {
		err = move_addr_to_kernel(addr, addr_len, &address);
		if (err)
			goto out;
		msg.msg_name = &address;
		msg.msg_namelen = addr_len;
	}
	msg.msg_flags = sock_file_msg_flags(sock, flags);
	err = sock_sendmsg(sock, &msg);
out:
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, ubuf, size_t, size,
		unsigned int, flags, struct sockaddr __user *, addr,
		int __user *, addr_len)
{
	struct sockaddr_storage address;
	struct kmsghdr msg = { 0 };
	struct socket *sock;
	struct iovec iov;
	int err, err2;

	err = import_single_range(ubuf, size, &iov, &msg.msg_iter);
	if (err)
		return err;
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	msg.msg_name = addr ? &address : NULL;
	err = sock_recvmsg(sock, &msg, (int)sock_file_msg_flags(sock, flags));
	if (err >= 0 && addr) {
		err2 = move_addr_to_user(&address, msg.msg_namelen, addr, addr_len);
		if (err2 < 0)
			err = err2;
	}
	sockfd_put(sock);
	return err;
}

#define UIO_FASTIOV	8

/* A user msghdr into msg and an iovec (freed by the caller if not fast). */
static int copy_msghdr_from_user(struct kmsghdr *kmsg, struct msghdr *m,
				 const struct msghdr __user *umsg,
				 struct sockaddr_storage *address,
				 struct iovec *fast, struct iovec **iov,
				 bool for_send)
{
	int err;

	if (copy_from_user(m, umsg, sizeof(*m)))
		return -EFAULT;
	if (m->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	kmsg->msg_name = NULL;
	kmsg->msg_namelen = 0;
	kmsg->msg_control = NULL;
	kmsg->msg_controllen = kmsg->msg_controlused = 0;
	if (m->msg_name) {
		if (for_send) {
			if (m->msg_namelen > sizeof(*address))
				return -EINVAL;
			err = move_addr_to_kernel(m->msg_name, (int)m->msg_namelen,
						  address);
			if (err)
				return err;
			kmsg->msg_namelen = (int)m->msg_namelen;
		}
		kmsg->msg_name = address;
	}
	return import_iovec(m->msg_iov, m->msg_iovlen, fast, UIO_FASTIOV, iov,
			    &kmsg->msg_iter);
}

void put_cmsg(struct kmsghdr *msg, int level, int type, int len, const void *data)
{
	size_t space = msg->msg_controllen - msg->msg_controlused;
	size_t cmlen = CMSG_LEN((size_t)len);
	struct cmsghdr h = { .cmsg_level = level, .cmsg_type = type };
	u8 *p = (u8 *)msg->msg_control + msg->msg_controlused;

	if (!msg->msg_control)
		return;
	if (space < sizeof(h)) {
		msg->msg_flags |= MSG_CTRUNC;
		return;
	}
	if (cmlen > space) {
		msg->msg_flags |= MSG_CTRUNC;
		cmlen = space;
	}
	h.cmsg_len = cmlen;
	memcpy(p, &h, sizeof(h));
	memcpy(p + CMSG_LEN(0), data, cmlen - CMSG_LEN(0));
	msg->msg_controlused += min(CMSG_SPACE((size_t)len), space);
}

/* Ancillary data on send is not parsed (no option takes any). */
SYSCALL_DEFINE3(sendmsg, int, fd, struct msghdr __user *, umsg,
		unsigned int, flags)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct sockaddr_storage address;
	struct kmsghdr kmsg;
	struct socket *sock;
	struct msghdr m;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = copy_msghdr_from_user(&kmsg, &m, umsg, &address, fast, &iov, true);
	if (!err) {
		kmsg.msg_flags = sock_file_msg_flags(sock, flags);
		err = sock_sendmsg(sock, &kmsg);
	}
	if (iov != fast)
		kfree(iov);
	sockfd_put(sock);
	return err;
}

/* Room for the ancillary data Skiff produces (an IP_TTL cmsg), with a margin. */
#define CMSG_KBUF	256

SYSCALL_DEFINE3(recvmsg, int, fd, struct msghdr __user *, umsg,
		unsigned int, flags)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct sockaddr_storage address;
	struct kmsghdr kmsg;
	struct socket *sock;
	struct msghdr m;
	u8 control[CMSG_KBUF];
	int err, len;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = copy_msghdr_from_user(&kmsg, &m, umsg, &address, fast, &iov, false);
	if (err)
		goto out;
	if (m.msg_control && m.msg_controllen) {
		kmsg.msg_control = control;
		kmsg.msg_controllen = min(m.msg_controllen, sizeof(control));
	}
	kmsg.msg_flags = 0;
	len = sock_recvmsg(sock, &kmsg, (int)sock_file_msg_flags(sock, flags));
	err = len;
	if (len < 0)
		goto out;
	err = 0;
	if (m.msg_name)
		err = move_addr_to_user(&address, kmsg.msg_namelen, m.msg_name,
					(int __user *)&umsg->msg_namelen);
	if (!err && kmsg.msg_controlused &&
	    copy_to_user(m.msg_control, control, kmsg.msg_controlused))
		err = -EFAULT;
	if (!err)
		err = put_user((int)kmsg.msg_flags, &umsg->msg_flags);
	if (!err)
		err = put_user(kmsg.msg_controlused, &umsg->msg_controllen);
	if (!err)
		err = len;
out:
	if (iov != fast)
		kfree(iov);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = sock->ops->shutdown(sock, how);
	sockfd_put(sock);
	return err;
}

static long do_getname(int fd, struct sockaddr __user *uaddr,
		       int __user *ulen, int peer)
{
	struct sockaddr_storage address;
	struct socket *sock;
	int err, len;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	len = sock->ops->getname(sock, (struct sockaddr *)&address, peer);
	err = len < 0 ? len : move_addr_to_user(&address, len, uaddr, ulen);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE3(getsockname, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return do_getname(fd, usockaddr, usockaddr_len, 0);
}

SYSCALL_DEFINE3(getpeername, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return do_getname(fd, usockaddr, usockaddr_len, 1);
}

static int do_setsockopt(struct socket *sock, int level, int optname,
			 sockptr_t optval, int optlen)
{
	if (optlen < 0)
		return -EINVAL;
	if (level == SOL_SOCKET)
		return sock_setsockopt(sock, level, optname, optval,
				       (unsigned int)optlen);
	return sock->ops->setsockopt(sock, level, optname, optval,
				     (unsigned int)optlen);
}

static int do_getsockopt(struct socket *sock, int level, int optname,
			 sockptr_t optval, int *optlen)
{
	if (level == SOL_SOCKET)
		return sock_getsockopt(sock, level, optname, optval, optlen);
	return sock->ops->getsockopt(sock, level, optname, optval, optlen);
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname,
		char __user *, optval, int, optlen)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = do_setsockopt(sock, level, optname, USER_SOCKPTR(optval), optlen);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname,
		char __user *, optval, int __user *, optlen)
{
	struct socket *sock;
	int err, len;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = get_user(len, optlen);
	if (!err)
		err = do_getsockopt(sock, level, optname, USER_SOCKPTR(optval), &len);
	if (!err)
		err = put_user(len, optlen);
	sockfd_put(sock);
	return err;
}

/* ---- the kernel-side API ---- */

int kernel_bind(struct socket *sock, struct sockaddr *addr, int addrlen)
{
	return sock_bind(sock, addr, addrlen);
}

int kernel_connect(struct socket *sock, struct sockaddr *addr, int addrlen,
		   int flags)
{
	return sock_connect(sock, addr, addrlen, flags);
}

int kernel_listen(struct socket *sock, int backlog)
{
	return sock->ops->listen(sock, backlog);
}

int kernel_accept(struct socket *sock, struct socket **newsock, int flags)
{
	struct socket *ns = sock_alloc();
	int err;

	if (!ns)
		return -ENOMEM;
	ns->type = sock->type;
	ns->ops = sock->ops;
	err = sock->ops->accept(sock, ns, flags);
	if (err) {
		__sock_release(ns);
		return err;
	}
	if (trace_on(TRACE_SOCK))
		sock_trace(ns, "accepted");
	*newsock = ns;
	return 0;
}

int kernel_sendmsg(struct socket *sock, struct msghdr *msg, struct kvec *vec,
		   size_t num, size_t len)
{
	struct kmsghdr kmsg = {
		.msg_name = msg->msg_name,
		.msg_namelen = (int)msg->msg_namelen,
		.msg_flags = (unsigned int)msg->msg_flags,
	};

	iov_iter_kvec(&kmsg.msg_iter, vec, num, len);
	return sock_sendmsg(sock, &kmsg);
}

int kernel_recvmsg(struct socket *sock, struct msghdr *msg, struct kvec *vec,
		   size_t num, size_t len, int flags)
{
	struct kmsghdr kmsg = { .msg_name = msg->msg_name };
	int ret;

	iov_iter_kvec(&kmsg.msg_iter, vec, num, len);
	ret = sock_recvmsg(sock, &kmsg, flags);
	msg->msg_namelen = msg->msg_name ? (socklen_t)kmsg.msg_namelen : 0;
	msg->msg_flags = (int)kmsg.msg_flags;
	return ret;
}

int kernel_getsockname(struct socket *sock, struct sockaddr *addr)
{
	return sock->ops->getname(sock, addr, 0);
}

int kernel_getpeername(struct socket *sock, struct sockaddr *addr)
{
	return sock->ops->getname(sock, addr, 1);
}

int kernel_setsockopt(struct socket *sock, int level, int optname,
		      const void *optval, unsigned int optlen)
{
	return do_setsockopt(sock, level, optname,
			     KERNEL_SOCKPTR((void *)optval), (int)optlen);
}

int kernel_getsockopt(struct socket *sock, int level, int optname,
		      void *optval, int *optlen)
{
	return do_getsockopt(sock, level, optname, KERNEL_SOCKPTR(optval), optlen);
}

int kernel_sock_shutdown(struct socket *sock, int how)
{
	return sock->ops->shutdown(sock, how);
}
