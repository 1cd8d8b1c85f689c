/*
 * Readiness: a file's poll() reports what is possible now and, when given
 * a poll table, hooks the caller on the wait queues that will announce a
 * change. poll(2) and epoll build on this, as in Linux.
 */
#ifndef _KERNEL_POLL_H
#define _KERNEL_POLL_H

#include <kernel/types.h>
#include <kernel/wait.h>
#include <sys/epoll.h>		/* EPOLLIN… (Linux values, shared with libc) */

typedef u32 __poll_t;

struct file;
struct poll_table_struct;
typedef void (*poll_queue_proc)(struct file *f, wait_queue_head_t *wq,
				struct poll_table_struct *pt);

struct poll_table_struct {
	poll_queue_proc qproc;		/* NULL: just report, don't register */
	__poll_t key;			/* events the caller cares about */
};
typedef struct poll_table_struct poll_table;

static inline void poll_wait(struct file *f, wait_queue_head_t *wq, poll_table *pt)
{
	if (pt && pt->qproc && wq)
		pt->qproc(f, wq, pt);
}

/* Wake keys carry the events that happened (Linux's poll_to_key). */
#define poll_to_key(m)	((void *)(uintptr_t)(__poll_t)(m))
#define key_to_poll(k)	((__poll_t)(uintptr_t)(k))

/* What poll reports for a file without a poll method. */
#define DEFAULT_POLLMASK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)

/* "No timeout" for the waits of the socket, poll and epoll layers. */
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

/*
 * Sleep (current's state already set by prepare_to_wait or the caller)
 * for at most timeout jiffies, or until woken if MAX_SCHEDULE_TIMEOUT;
 * returns the jiffies left (0: timed out).
 */
long schedule_timeout_or_forever(long timeout);

/* A poll(2)/epoll timeout in ms (< 0: forever) as jiffies, rounded up a jiffy. */
long poll_timeout_jiffies(long ms);

#endif
