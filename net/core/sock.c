/*
 * struct sock: allocation and lifetime, buffer accounting, the default
 * wakeups, and the SOL_SOCKET options (Linux net/core/sock.c).
 *
 * Memory: an skb queued for reading is charged to sk_rmem_alloc
 * (skb_set_owner_r) and to its protocol's total (sk_mem_charge), one sent
 * to sk_wmem_alloc (skb_set_owner_w); the skb destructor gives the charge
 * back whenever and wherever the skb is freed. Receivers drop what does
 * not fit SO_RCVBUF; senders wait for SO_SNDBUF room.
 */
#include <kernel/slab.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <net/sock.h>
#include <net/netdevice.h>
#include <net/route.h>
#include <net/filter.h>
#include <sys/time.h>
#include <errno.h>
#include <string.h>

/* Linux's defaults for net.core.{r,w}mem_{default,max}. */
u32 sysctl_rmem_default = 212992, sysctl_rmem_max = 212992;
u32 sysctl_wmem_default = 212992, sysctl_wmem_max = 212992;

static u32 sk_live;

u32 sk_live_count(void)
{
	return sk_live;
}

int proto_register(struct proto *prot)
{
	if (prot->slab)
		return 0;
	prot->slab = kmem_cache_create(prot->name, prot->obj_size, 8);
	return prot->slab ? 0 : -ENOMEM;
}

struct sock *sk_alloc(int family, struct proto *prot, int kern)
{
	struct sock *sk = kmem_cache_zalloc(prot->slab);

	if (!sk)
		return NULL;
	sk->sk_family = (unsigned short)family;
	sk->sk_prot = prot;
	refcount_set(&sk->sk_refcnt, 1);
	sk->sk_wmem_alloc = 1;	/* the sock's own, dropped by __sk_free's caller */
	if (kern)
		sock_set_flag(sk, SOCK_KERN);
	sk_live++;
	return sk;
}

void sock_init_data(struct socket *sock, struct sock *sk)
{
	skb_queue_head_init(&sk->sk_receive_queue);
	skb_queue_head_init(&sk->sk_write_queue);
	skb_queue_head_init(&sk->sk_error_queue);
	init_waitqueue_head(&sk->sk_wq);
	sk->sk_rcvbuf = (int)sysctl_rmem_default;
	sk->sk_sndbuf = (int)sysctl_wmem_default;
	sk->sk_state = TCP_CLOSE;
	sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_data_ready = sock_def_readable;
	sk->sk_write_space = sock_def_write_space;
	sk->sk_state_change = sock_def_wakeup;
	sk->sk_error_report = sock_def_error_report;
	sk->sk_socket = sock;
	if (sock) {
		sk->sk_type = (u16)sock->type;
		sock->sk = sk;
	}
}

/* The memory goes once the last in-flight sent skb has been freed too. */
static void sk_wmem_put(struct sock *sk, u32 n)
{
	struct kmem_cache *slab = sk->sk_prot->slab;

	BUG_ON(READ_ONCE(sk->sk_wmem_alloc) < n);
	if (__atomic_sub_fetch(&sk->sk_wmem_alloc, n, __ATOMIC_SEQ_CST) == 0) {
		sk_live--;
		kmem_cache_free(slab, sk);
	}
}

/* Reads the page statistics (not page_alloc_low), so that the host tests can steer it. */
bool sock_mem_low(void)
{
	struct page_stats ps;

	page_alloc_get_stats(&ps);
	return ps.free_pages < min_free_pages(ps.total_pages);
}

#define SK_FRAG_ORDER	3	/* 32 KiB: a 64 KiB TSO skb in a few frags (Linux's) */

bool sk_page_frag_refill(struct sock *sk, struct page_frag *pfrag)
{
	if (pfrag->page) {
		if (page_ref_count(pfrag->page) == 1) {
			pfrag->offset = 0;
			return true;
		}
		if (pfrag->offset < pfrag->size)
			return true;
		put_page(pfrag->page);
		pfrag->page = NULL;
	}
	pfrag->page = __alloc_pages(SK_FRAG_ORDER);
	pfrag->size = PAGE_SIZE << SK_FRAG_ORDER;
	if (!pfrag->page) {
		pfrag->page = alloc_page();
		pfrag->size = PAGE_SIZE;
	}
	pfrag->offset = 0;
	return pfrag->page != NULL;
}

static void sk_free(struct sock *sk)
{
	if (sk->sk_prot->destroy)
		sk->sk_prot->destroy(sk);
	/* Data nobody read, or that never went out, dies with the socket. */
	local_bh_disable();
	skb_queue_purge_reason(&sk->sk_receive_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	skb_queue_purge_reason(&sk->sk_write_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	skb_queue_purge_reason(&sk->sk_error_queue, SKB_DROP_REASON_SOCKET_CLOSE);
	sk_dst_reset(sk);
	local_bh_enable();
	sk_filter_release(sk);
	BUG_ON(sk->sk_rmem_alloc != 0);
	sk_wmem_put(sk, 1);
}

void sock_put(struct sock *sk)
{
	if (refcount_dec_and_test(&sk->sk_refcnt))
		sk_free(sk);
}

void sock_orphan(struct sock *sk)
{
	local_bh_disable();
	sock_set_flag(sk, SOCK_DEAD);
	sk->sk_socket = NULL;
	local_bh_enable();
}

void sk_common_release(struct sock *sk)
{
	if (sk->sk_prot->unhash)
		sk->sk_prot->unhash(sk);
	sock_orphan(sk);
	sock_put(sk);
}

/* ---- buffer accounting: destructors run in any context, hence atomics ---- */

static void sock_rfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	BUG_ON(READ_ONCE(sk->sk_rmem_alloc) < skb->truesize);
	__atomic_sub_fetch(&sk->sk_rmem_alloc, skb->truesize, __ATOMIC_SEQ_CST);
	sk_mem_uncharge(sk, (int)skb->truesize);
}

static void sock_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_write_space(sk);
	sk_wmem_put(sk, skb->truesize);
}

void skb_set_owner_r(struct sk_buff *skb, struct sock *sk)
{
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_rfree;
	__atomic_add_fetch(&sk->sk_rmem_alloc, skb->truesize, __ATOMIC_SEQ_CST);
	sk_mem_charge(sk, (int)skb->truesize);
}

void skb_set_owner_w(struct sk_buff *skb, struct sock *sk)
{
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_wfree;
	__atomic_add_fetch(&sk->sk_wmem_alloc, skb->truesize, __ATOMIC_SEQ_CST);
}

int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	/* Linux's __udp_enqueue_schedule_skb test: over the limit, drop. */
	if (sk->sk_rmem_alloc &&
	    sk->sk_rmem_alloc + skb->truesize > (u32)sk->sk_rcvbuf) {
		sk->sk_drops++;
		return -ENOMEM;
	}
	skb_set_owner_r(skb, sk);
	skb_dst_drop(skb);
	skb_queue_tail(&sk->sk_receive_queue, skb);
	sk->sk_rx_packets++;
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return 0;
}

long sk_sleep_timeout(long timeo)
{
	long left;

	if (timeo == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeo;
	}
	/* +1: the jiffy we are in is partly gone; never return early. */
	left = (long)schedule_timeout((u64)timeo + 1);
	return left > 1 ? left - 1 : 0;
}

static bool sock_wmem_room(const struct sock *sk)
{
	return (int)(sk->sk_wmem_alloc - 1) < sk->sk_sndbuf;
}

struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned int size,
				    bool nonblock, int *err)
{
	long timeo = sock_sndtimeo(sk, nonblock);
	struct sk_buff *skb;

	for (;;) {
		*err = sock_error(sk);
		if (*err)
			return NULL;
		*err = -EPIPE;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			return NULL;
		if (sock_wmem_room(sk))
			break;
		*err = -EAGAIN;
		if (!timeo)
			return NULL;
		sk_wait_event(sk, &timeo, sock_wmem_room(sk) || sk->sk_err ||
			      (sk->sk_shutdown & SEND_SHUTDOWN));
	}
	skb = alloc_skb(size);
	if (!skb) {
		*err = -ENOBUFS;
		return NULL;
	}
	skb_set_owner_w(skb, sk);
	*err = 0;
	return skb;
}

/* ---- wakeups: the key says what happened, so epoll can filter ---- */

void sock_def_readable(struct sock *sk)
{
	__wake_up(&sk->sk_wq, poll_to_key(EPOLLIN | EPOLLPRI | EPOLLRDNORM |
					  EPOLLRDBAND));
}

void sock_def_write_space(struct sock *sk)
{
	if ((int)(sk->sk_wmem_alloc - 1) * 2 <= sk->sk_sndbuf)
		__wake_up(&sk->sk_wq, poll_to_key(EPOLLOUT | EPOLLWRNORM |
						  EPOLLWRBAND));
}

void sock_def_wakeup(struct sock *sk)
{
	__wake_up(&sk->sk_wq, NULL);
}

void sock_def_error_report(struct sock *sk)
{
	__wake_up(&sk->sk_wq, poll_to_key(EPOLLERR));
}

/* ---- the cached route ---- */

struct dst_entry *sk_dst_check(struct sock *sk)
{
	struct dst_entry *dst = sk->sk_dst_cache;

	if (!dst)
		return NULL;
	if (!dst_check(dst)) {
		sk_dst_reset(sk);
		return NULL;
	}
	return dst_clone(dst);
}

void sk_dst_set(struct sock *sk, struct dst_entry *dst)
{
	struct dst_entry *old = sk->sk_dst_cache;

	sk->sk_dst_cache = dst;
	if (old)
		dst_release(old);
}

void sk_dst_reset(struct sock *sk)
{
	sk_dst_set(sk, NULL);
}

/* ---- SOL_SOCKET options ---- */

/* Linux's sock_set_timeout: struct timeval -> jiffies (0 0 = forever). */
static int sock_set_timeout(long *timeo_p, sockptr_t optval, unsigned int optlen)
{
	struct timeval tv;

	if (optlen < sizeof(tv))
		return -EINVAL;
	if (copy_from_sockptr(&tv, optval, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= (long)USEC_PER_SEC)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*timeo_p = 0;
		return 0;
	}
	*timeo_p = MAX_SCHEDULE_TIMEOUT;
	if (tv.tv_sec == 0 && tv.tv_usec == 0)
		return 0;
	if (tv.tv_sec < MAX_SCHEDULE_TIMEOUT / HZ - 1)
		*timeo_p = tv.tv_sec * HZ +
			   DIV_ROUND_UP(tv.tv_usec, (long)(USEC_PER_SEC / HZ));
	return 0;
}

static void sock_get_timeout(long timeo, struct timeval *tv)
{
	if (timeo == MAX_SCHEDULE_TIMEOUT) {
		tv->tv_sec = 0;
		tv->tv_usec = 0;
	} else {
		tv->tv_sec = timeo / HZ;
		tv->tv_usec = (timeo % HZ) * (long)(USEC_PER_SEC / HZ);
	}
}

static int sock_setbindtodevice(struct sock *sk, sockptr_t optval,
				unsigned int optlen)
{
	char name[IFNAMSIZ] = { 0 };
	struct net_device *dev;
	int index = 0;

	if (optlen > IFNAMSIZ - 1)
		optlen = IFNAMSIZ - 1;
	if (optlen && copy_from_sockptr(name, optval, optlen))
		return -EFAULT;
	if (name[0]) {
		dev = dev_get_by_name(name);
		if (!dev)
			return -ENODEV;
		index = dev->ifindex;
	}
	lock_sock(sk);
	sk->sk_bound_dev_if = index;
	sk_dst_reset(sk);
	release_sock(sk);
	return 0;
}

static int sock_set_linger(struct sock *sk, sockptr_t optval, unsigned int optlen)
{
	struct linger ling;

	if (optlen < sizeof(ling))
		return -EINVAL;
	if (copy_from_sockptr(&ling, optval, sizeof(ling)))
		return -EFAULT;
	if (!ling.l_onoff) {
		sock_reset_flag(sk, SOCK_LINGER);
		return 0;
	}
	/* A negative l_linger is a huge unsigned one (Linux). */
	sk->sk_lingertime = (long)(unsigned int)ling.l_linger * HZ;
	sock_set_flag(sk, SOCK_LINGER);
	return 0;
}

/* SO_ATTACH_FILTER: a struct sock_fprog, exactly (Linux's copy_bpf_fprog_from_user). */
static int sock_attach_filter(struct sock *sk, sockptr_t optval,
			      unsigned int optlen)
{
	struct sock_fprog fprog;

	if (optlen != sizeof(fprog))
		return -EINVAL;
	if (copy_from_sockptr(&fprog, optval, sizeof(fprog)))
		return -EFAULT;
	return sk_attach_filter(sk, &fprog, optval.is_kernel);
}

int sock_setsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	int val;

	switch (optname) {
	case SO_ATTACH_FILTER:
		return sock_attach_filter(sk, optval, optlen);
	case SO_DETACH_FILTER:
		return sk_detach_filter(sk);
	case SO_RCVTIMEO:
		return sock_set_timeout(&sk->sk_rcvtimeo, optval, optlen);
	case SO_SNDTIMEO:
		return sock_set_timeout(&sk->sk_sndtimeo, optval, optlen);
	case SO_BINDTODEVICE:
		return sock_setbindtodevice(sk, optval, optlen);
	case SO_LINGER:
		return sock_set_linger(sk, optval, optlen);
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	switch (optname) {
	case SO_REUSEADDR:
		sk->sk_reuse = val != 0;
		return 0;
	case SO_REUSEPORT:
		sk->sk_reuseport = val != 0;
		return 0;
	case SO_BROADCAST:
		sock_valbool_flag(sk, SOCK_BROADCAST, val != 0);
		return 0;
	case SO_KEEPALIVE:
		sock_valbool_flag(sk, SOCK_KEEPOPEN, val != 0);
		return 0;
	case SO_SNDBUF:
		/* Linux doubles the value: the rest is bookkeeping overhead. */
		val = (int)min((u32)max(val, 0), sysctl_wmem_max);
		sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
		sk->sk_sndbuf = max(val * 2, SOCK_MIN_SNDBUF);
		sk->sk_write_space(sk);
		return 0;
	case SO_RCVBUF:
		val = (int)min((u32)max(val, 0), sysctl_rmem_max);
		sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
		sk->sk_rcvbuf = max(val * 2, SOCK_MIN_RCVBUF);
		return 0;
	default:
		return -ENOPROTOOPT;	/* including the read-only ones */
	}
}

static int sock_getbindtodevice(struct sock *sk, sockptr_t optval, int *optlen)
{
	struct net_device *dev = NULL;
	size_t len = 0;

	if (sk->sk_bound_dev_if) {
		dev = dev_get_by_index(sk->sk_bound_dev_if);
		if (!dev)
			return -ENODEV;
		len = strnlen(dev->name, IFNAMSIZ) + 1;
		if ((size_t)*optlen < len)
			return -EINVAL;
		if (copy_to_sockptr(optval, dev->name, len))
			return -EFAULT;
	}
	*optlen = (int)len;
	return 0;
}

int sock_getsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, int *optlen)
{
	struct sock *sk = sock->sk;
	union {
		int val;
		struct linger ling;
		struct timeval tm;
	} v;
	int lv = sizeof(int);

	if (*optlen < 0)
		return -EINVAL;
	memset(&v, 0, sizeof(v));
	switch (optname) {
	case SO_REUSEADDR:	v.val = sk->sk_reuse; break;
	case SO_REUSEPORT:	v.val = sk->sk_reuseport; break;
	case SO_BROADCAST:	v.val = sock_flag(sk, SOCK_BROADCAST); break;
	case SO_KEEPALIVE:	v.val = sock_flag(sk, SOCK_KEEPOPEN); break;
	case SO_SNDBUF:		v.val = sk->sk_sndbuf; break;
	case SO_RCVBUF:		v.val = sk->sk_rcvbuf; break;
	case SO_TYPE:		v.val = sk->sk_type; break;
	case SO_PROTOCOL:	v.val = sk->sk_protocol; break;
	case SO_DOMAIN:		v.val = sk->sk_family; break;
	case SO_ACCEPTCONN:	v.val = sk->sk_state == TCP_LISTEN; break;
	case SO_ERROR:		v.val = -sock_error(sk); break;
	case SO_LINGER:
		lv = sizeof(v.ling);
		v.ling.l_onoff = sock_flag(sk, SOCK_LINGER);
		v.ling.l_linger = (int)(sk->sk_lingertime / HZ);
		break;
	case SO_RCVTIMEO:
	case SO_SNDTIMEO:
		lv = sizeof(v.tm);
		sock_get_timeout(optname == SO_RCVTIMEO ? sk->sk_rcvtimeo :
				 sk->sk_sndtimeo, &v.tm);
		break;
	case SO_BINDTODEVICE:
		return sock_getbindtodevice(sk, optval, optlen);
	default:
		return -ENOPROTOOPT;
	}
	if (*optlen > lv)
		*optlen = lv;
	if (copy_to_sockptr(optval, &v, (size_t)*optlen))
		return -EFAULT;
	return 0;
}

int sock_no_listen(struct socket *sock, int backlog)
{
	return -EOPNOTSUPP;
}

int sock_no_accept(struct socket *sock, struct socket *newsock, int flags)
{
	return -EOPNOTSUPP;
}

int sock_no_connect(struct socket *sock, struct sockaddr *addr, int len, int flags)
{
	return -EOPNOTSUPP;
}

int sock_no_shutdown(struct socket *sock, int how)
{
	return -EOPNOTSUPP;
}
