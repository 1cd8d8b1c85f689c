/*
 * struct sock: the protocol face of a socket (Linux include/net/sock.h).
 * Addresses and ports (sock_common), the protocol (sk_prot: udp_prot,
 * tcp_prot), the receive, write and error queues, the wait queue that
 * recv/poll/epoll sleep on, buffer limits with memory accounting through
 * skb destructors, the pending error, shutdown state and options.
 *
 * Locking: one CPU. lock_sock() keeps the softirq receive path (and so
 * preemption) out while process context changes the socket; the receive
 * path itself runs in softirq and needs nothing more.
 *
 * Lifetime: sk_refcnt counts owners (the struct socket, a TCP parent...);
 * sk_wmem_alloc starts at 1 and counts bytes of sent skbs still in flight
 * (in a qdisc, a NIC ring, an ARP queue), so a closed socket's memory
 * outlives its last transmitted skb, as in Linux.
 */
#ifndef _NET_SOCK_H
#define _NET_SOCK_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/refcount.h>
#include <kernel/wait.h>
#include <kernel/poll.h>
#include <kernel/net.h>
#include <kernel/softirq.h>
#include <kernel/page_frag.h>
#include <kernel/sched.h>
#include <net/skbuff.h>
#include <net/dst.h>
#include <net/tcp_states.h>

struct proto;
struct sock;

/* The part a lookup needs (Linux's sock_common). Ports: num host order, dport network. */
struct sock_common {
	__be32 skc_daddr;		/* connected peer, 0 if none */
	__be32 skc_rcv_saddr;		/* bound local address, 0 = any */
	__be16 skc_dport;
	u16 skc_num;			/* local port, host order; 0 = unbound */
	unsigned short skc_family;
	volatile unsigned char skc_state; /* TCP_* (net/tcp_states.h) */
	unsigned char skc_reuse;	/* SO_REUSEADDR */
	unsigned char skc_reuseport;	/* SO_REUSEPORT */
	int skc_bound_dev_if;		/* SO_BINDTODEVICE ifindex, 0 = any */
	struct hlist_node skc_node;	/* the protocol's port hash chain */
	struct proto *skc_prot;
};

/* sk_shutdown bits (shutdown(how) + 1). */
#define RCV_SHUTDOWN	1
#define SEND_SHUTDOWN	2
#define SHUTDOWN_MASK	3

/* sk_flags bits. */
enum sock_flags {
	SOCK_DEAD,		/* released by its owner; no more wakeups */
	SOCK_BROADCAST,		/* SO_BROADCAST */
	SOCK_KEEPOPEN,		/* SO_KEEPALIVE (TCP acts on it) */
	SOCK_LINGER,		/* SO_LINGER on */
	SOCK_KERN,		/* created by the kernel (sock_create_kern) */
};

/* sk_userlocks: the user set these, the protocol must not tune them. */
#define SOCK_SNDBUF_LOCK	1
#define SOCK_RCVBUF_LOCK	2
#define SOCK_BINDADDR_LOCK	4	/* bind() chose the address */
#define SOCK_BINDPORT_LOCK	8	/* bind() chose the port */

/* Buffer limits, as Linux's sysctls (net.core.[rw]mem_{default,max}). */
extern u32 sysctl_rmem_default, sysctl_rmem_max;
extern u32 sysctl_wmem_default, sysctl_wmem_max;
#define SOCK_MIN_SNDBUF	(2 * (2048 + (int)sizeof(struct sk_buff)))
#define SOCK_MIN_RCVBUF	(2048 + (int)sizeof(struct sk_buff))

/*
 * Where a writer's bytes are copied when they go into page frags (Linux's
 * sk_page_frag): the writing thread's block, shared by all its sockets,
 * so that 10,000 idle connections pin no pages. Process context only.
 */
static inline struct page_frag *sk_page_frag(struct sock *sk)
{
	(void)sk;
	return &current->task_frag;
}

/*
 * pfrag with room to copy into: the block is reused from its start when
 * nobody else holds it any more, else a new one is taken (32 KiB, or one
 * page when memory is fragmented). False when there is no memory.
 */
bool sk_page_frag_refill(struct sock *sk, struct page_frag *pfrag);

struct sock {
	struct sock_common __sk_common;
#define sk_daddr	__sk_common.skc_daddr
#define sk_rcv_saddr	__sk_common.skc_rcv_saddr
#define sk_dport	__sk_common.skc_dport
#define sk_num		__sk_common.skc_num
#define sk_family	__sk_common.skc_family
#define sk_state	__sk_common.skc_state
#define sk_reuse	__sk_common.skc_reuse
#define sk_reuseport	__sk_common.skc_reuseport
#define sk_bound_dev_if	__sk_common.skc_bound_dev_if
#define sk_node		__sk_common.skc_node
#define sk_prot		__sk_common.skc_prot
	struct socket *sk_socket;	/* NULL once orphaned */
	wait_queue_head_t sk_wq;	/* recv, send, poll and epoll sleep here */
	struct sk_buff_head sk_receive_queue;
	struct sk_buff_head sk_write_queue;
	struct sk_buff_head sk_error_queue;
	int sk_rcvbuf, sk_sndbuf;	/* bytes of truesize allowed */
	u32 sk_rmem_alloc;		/* truesize queued for reading */
	u32 sk_wmem_alloc;		/* 1 + truesize of sent skbs in flight */
	int sk_wmem_queued;		/* truesize on a stream's write queue */
	int sk_err;			/* pending error, reported once */
	u8 sk_shutdown;			/* RCV_SHUTDOWN | SEND_SHUTDOWN */
	u8 sk_userlocks;
	u16 sk_type;			/* SOCK_DGRAM... */
	u16 sk_protocol;		/* IPPROTO_UDP... */
	unsigned long sk_flags;		/* enum sock_flags */
	long sk_rcvtimeo, sk_sndtimeo;	/* jiffies; MAX_SCHEDULE_TIMEOUT = none */
	long sk_lingertime;		/* jiffies */
	int sk_max_ack_backlog;		/* listen() */
	refcount_t sk_refcnt;
	struct dst_entry *sk_dst_cache;	/* route of a connected socket */
	struct sk_filter *sk_filter;	/* SO_ATTACH_FILTER's program, or NULL */
	/* Counters: what this socket did, and what it lost (rcvbuf full). */
	u64 sk_rx_packets, sk_tx_packets;
	u32 sk_drops;
	void (*sk_data_ready)(struct sock *sk);
	void (*sk_write_space)(struct sock *sk);
	void (*sk_state_change)(struct sock *sk);
	void (*sk_error_report)(struct sock *sk);
};

/*
 * A transport protocol (Linux's struct proto): what inet_*_ops call once
 * the address family's work is done. Optional entries may be NULL.
 */
struct proto {
	const char *name;
	size_t obj_size;		/* udp_sock, tcp_sock, ... */
	int (*init)(struct sock *sk);
	/* The owner closes the socket (timeout: SO_LINGER, jiffies). */
	void (*close)(struct sock *sk, long timeout);
	int (*connect)(struct sock *sk, struct sockaddr *addr, int addr_len);
	int (*disconnect)(struct sock *sk, int flags);
	struct sock *(*accept)(struct sock *sk, int flags, int *err);
	int (*listen)(struct sock *sk, int backlog);
	void (*shutdown)(struct sock *sk, int how);
	__poll_t (*poll)(struct file *file, struct socket *sock,
			 poll_table *wait);
	int (*ioctl)(struct sock *sk, int cmd, int *karg);
	int (*setsockopt)(struct sock *sk, int level, int optname,
			  sockptr_t optval, unsigned int optlen);
	int (*getsockopt)(struct sock *sk, int level, int optname,
			  sockptr_t optval, int *optlen);
	int (*sendmsg)(struct sock *sk, struct kmsghdr *msg, size_t len);
	/* *addr_len: bytes of msg_name written. */
	int (*recvmsg)(struct sock *sk, struct kmsghdr *msg, size_t len,
		       int flags, int *addr_len);
	/* Bind the local port (0: pick an ephemeral one): 0 or -EADDRINUSE. */
	int (*get_port)(struct sock *sk, unsigned short snum);
	void (*unhash)(struct sock *sk);
	void (*destroy)(struct sock *sk);
	/*
	 * Memory accounting (Linux's proto memory_allocated): bytes of
	 * truesize all sockets of the protocol hold in their receive and
	 * write queues, for the protocol's limits (TCP's tcp_mem); NULL for
	 * a protocol without limits.
	 */
	long *memory_allocated;
	/* Owned by sock.c: the slab of obj_size objects. */
	struct kmem_cache *slab;
};

/* Charge (or give back) size bytes of sk's queues to its protocol's
 * total; atomic as sk_rmem_alloc, for destructors run in any context. */
static inline void sk_mem_charge(struct sock *sk, int size)
{
	if (sk->sk_prot->memory_allocated)
		__atomic_add_fetch(sk->sk_prot->memory_allocated, size, __ATOMIC_SEQ_CST);
}

static inline void sk_mem_uncharge(struct sock *sk, int size)
{
	sk_mem_charge(sk, -size);
}

/* A protocol's line of /proc/net/sockstat. */
struct proto_sockstat {
	u32 inuse;			/* sockets in the protocol's lookup tables */
	u32 orphans;			/* of those, closed by their owner */
	u64 mem_bytes;			/* queued for reading or sending */
};

/* Register prot's slab; 0 or -ENOMEM. */
int proto_register(struct proto *prot);

static inline void lock_sock(struct sock *sk)
{
	(void)sk;
	local_bh_disable();
}

static inline void release_sock(struct sock *sk)
{
	(void)sk;
	local_bh_enable();
}

static inline bool sock_flag(const struct sock *sk, enum sock_flags f)
{
	return sk->sk_flags & (1UL << f);
}

static inline void sock_set_flag(struct sock *sk, enum sock_flags f)
{
	sk->sk_flags |= 1UL << f;
}

static inline void sock_reset_flag(struct sock *sk, enum sock_flags f)
{
	sk->sk_flags &= ~(1UL << f);
}

static inline void sock_valbool_flag(struct sock *sk, enum sock_flags f, bool on)
{
	if (on)
		sock_set_flag(sk, f);
	else
		sock_reset_flag(sk, f);
}

/* A new sock of prot->obj_size bytes with one reference; NULL on ENOMEM. */
struct sock *sk_alloc(int family, struct proto *prot, int kern);
/* Tie sk to sock (or orphan it with NULL) and set the default options. */
void sock_init_data(struct socket *sock, struct sock *sk);
/*
 * refcount_t is atomic, which matters here: a process-context put
 * (tcp_close's last, after release_sock) can be interrupted by a
 * softirq's hold and put.
 */
static inline void sock_hold(struct sock *sk)
{
	refcount_inc(&sk->sk_refcnt);
}
/* Drop a reference; the last purges the queues and frees (once no sent skb is in flight). */
void sock_put(struct sock *sk);
/* The owner let go: no more wakeups to the socket. */
void sock_orphan(struct sock *sk);
/* Close for protocols without connection state: unhash, orphan, put. */
void sk_common_release(struct sock *sk);

/* Memory accounting. Both take over skb for sk (orphaning a previous
 * owner); a received skb is also charged to the protocol (sk_mem_charge). */
void skb_set_owner_r(struct sk_buff *skb, struct sock *sk);
void skb_set_owner_w(struct sk_buff *skb, struct sock *sk);

/*
 * Memory for new work is short: free memory below the kernel's reserve
 * (min_free_pages, Linux's min_free_kbytes). New connections and datagrams
 * are then refused (and counted, drop reason NOMEM), so that the
 * connections already open (their queued data and ACKs, the drivers'
 * receive buffers) still find pages, and a flood of new work cannot take
 * the last of them.
 */
bool sock_mem_low(void);

/*
 * Queue skb for reading if SO_RCVBUF allows (one datagram always fits an
 * empty queue) and wake readers. 0, or -ENOMEM when the buffer is full:
 * then the caller still owns skb and counts the drop.
 */
int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);

/*
 * The next datagram, dequeued (or referenced, for MSG_PEEK), waiting as
 * SO_RCVTIMEO and MSG_DONTWAIT allow (Linux's skb_recv_datagram). NULL
 * with *err: the pending socket error, -EAGAIN, or 0 after
 * shutdown(SHUT_RD). net/core/datagram.c.
 */
struct sk_buff *skb_recv_datagram(struct sock *sk, unsigned int flags, int *err);
/* A datagram's data into msg, cut to len (then MSG_TRUNC): the octets copied, or -EFAULT. */
int skb_copy_datagram_msg(const struct sk_buff *skb, struct kmsghdr *msg, size_t len);
/* Linux's datagram_poll, for sockets that queue whole datagrams. */
__poll_t datagram_poll(struct file *file, struct socket *sock, poll_table *wait);

/* An skb of size bytes charged to sk's send buffer, waiting for room as
 * SO_SNDTIMEO and nonblock allow. NULL with *err = -EAGAIN, -EPIPE,
 * -ENOBUFS or the pending socket error. */
struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned int size,
				    bool nonblock, int *err);

/* Pending error, cleared as it is read (negative errno or 0). */
static inline int sock_error(struct sock *sk)
{
	int err = READ_ONCE(sk->sk_err);

	if (!err)
		return 0;
	WRITE_ONCE(sk->sk_err, 0);
	return -err;
}

static inline long sock_rcvtimeo(const struct sock *sk, bool noblock)
{
	return noblock ? 0 : sk->sk_rcvtimeo;
}

static inline long sock_sndtimeo(const struct sock *sk, bool noblock)
{
	return noblock ? 0 : sk->sk_sndtimeo;
}

/* Room to queue more: less than half the send buffer in flight (Linux). */
static inline bool sock_writeable(const struct sock *sk)
{
	return (int)(sk->sk_wmem_alloc - 1) < (sk->sk_sndbuf >> 1);
}

/*
 * Sleep on sk->sk_wq until cond holds, a wakeup comes, or *timeo jiffies
 * pass (*timeo is updated; 0 when it ran out). The caller must not hold
 * lock_sock. Evaluates to cond after the sleep; callers loop, re-checking
 * errors and shutdown as Linux's sk_wait_event users do.
 */
#define sk_wait_event(sk, timeo, cond) ({				\
	struct wait_queue_entry __wait;					\
	bool __done;							\
	init_wait_entry(&__wait, default_wake_function);		\
	prepare_to_wait(&(sk)->sk_wq, &__wait);				\
	__done = (cond);						\
	if (!__done) {							\
		*(timeo) = sk_sleep_timeout(*(timeo));			\
		__done = (cond);					\
	}								\
	finish_wait(&(sk)->sk_wq, &__wait);				\
	__done; })

/* One sleep of at most timeo jiffies (state already set); the jiffies left. */
long sk_sleep_timeout(long timeo);

/* Default callbacks: wake sk_wq with the matching poll keys. */
void sock_def_readable(struct sock *sk);
void sock_def_write_space(struct sock *sk);
void sock_def_wakeup(struct sock *sk);
void sock_def_error_report(struct sock *sk);

/* The cached route, if still valid (a reference for the caller), or NULL. */
struct dst_entry *sk_dst_check(struct sock *sk);
void sk_dst_set(struct sock *sk, struct dst_entry *dst);
void sk_dst_reset(struct sock *sk);

/* SOL_SOCKET options (Linux net/core/sock.c). */
int sock_setsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, unsigned int optlen);
int sock_getsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, int *optlen);

/* proto_ops entries for what a socket type does not support. */
int sock_no_listen(struct socket *sock, int backlog);
int sock_no_accept(struct socket *sock, struct socket *newsock, int flags);
int sock_no_connect(struct socket *sock, struct sockaddr *addr, int len, int flags);
int sock_no_shutdown(struct socket *sock, int how);

/* Live struct sock objects, for leak checks. */
u32 sk_live_count(void);

#endif
