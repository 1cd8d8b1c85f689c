/*
 * poll(2) and ppoll(2) (Linux fs/select.c). The first pass asks every
 * file for its ready mask and, through the poll table, hooks an entry on
 * each wait queue it names; later passes only ask. A wakeup whose key
 * matches an entry's events marks the table triggered, so a wakeup
 * between the last check and the sleep is never lost.
 */
#include <kernel/file.h>
#include <kernel/poll.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/time.h>
#include <kernel/syscalls.h>
#include <kernel/syscalls_io.h>
#include <errno.h>

long schedule_timeout_or_forever(long timeout)
{
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return MAX_SCHEDULE_TIMEOUT;
	}
	return (long)schedule_timeout((u64)timeout);
}

long poll_timeout_jiffies(long ms)
{
	if (ms < 0)
		return MAX_SCHEDULE_TIMEOUT;
	if (!ms)
		return 0;
	/* +1: the jiffy we are in is partly gone (as msleep). */
	return (long)msecs_to_jiffies((u64)ms) + 1;
}

/* One hook on one wait queue (Linux's poll_table_entry). */
struct poll_table_entry {
	struct wait_queue_entry wait;
	wait_queue_head_t *wait_address;
	__poll_t key;
	struct poll_table_entry *next;
};

/* Linux's poll_wqueues: the table and everything it hooked. */
struct poll_wqueues {
	poll_table pt;
	struct poll_table_entry *entries;
	struct task_struct *polling_task;
	volatile bool triggered;
	int error;
};

static int pollwake(struct wait_queue_entry *wait, void *key)
{
	struct poll_table_entry *e = container_of(wait, struct poll_table_entry, wait);
	struct poll_wqueues *pwq = wait->private;

	if (key && !(key_to_poll(key) & e->key))
		return 0;
	pwq->triggered = true;
	wake_up_process(pwq->polling_task);
	return 1;
}

static void __pollwait(struct file *f, wait_queue_head_t *wq, poll_table *pt)
{
	struct poll_wqueues *pwq = container_of(pt, struct poll_wqueues, pt);
	struct poll_table_entry *e = kmalloc(sizeof(*e));

	if (!e) {
		pwq->error = -ENOMEM;
		return;
	}
	init_wait_entry(&e->wait, pollwake);
	e->wait.private = pwq;
	e->wait_address = wq;
	e->key = pt->key;
	e->next = pwq->entries;
	pwq->entries = e;
	add_wait_queue(wq, &e->wait);
}

static void poll_initwait(struct poll_wqueues *pwq)
{
	pwq->pt.qproc = __pollwait;
	pwq->pt.key = ~(__poll_t)0;
	pwq->entries = NULL;
	pwq->polling_task = current;
	pwq->triggered = false;
	pwq->error = 0;
}

static void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_table_entry *e, *next;

	for (e = pwq->entries; e; e = next) {
		next = e->next;
		remove_wait_queue(e->wait_address, &e->wait);
		kfree(e);
	}
}

/* Sleep unless a wakeup came since the last check; false on timeout. */
static bool poll_schedule_timeout(struct poll_wqueues *pwq, long *timeout)
{
	current->state = TASK_INTERRUPTIBLE;
	if (!pwq->triggered)
		*timeout = schedule_timeout_or_forever(*timeout);
	current->state = TASK_RUNNING;
	pwq->triggered = false;
	return *timeout != 0;
}

/* One file's revents for pollfd p (POLLNVAL for a bad descriptor). */
static __poll_t do_pollfd(struct pollfd *p, poll_table *pt)
{
	__poll_t filter = (__poll_t)(u16)p->events | EPOLLERR | EPOLLHUP;
	__poll_t mask;
	struct file *f;

	if (p->fd < 0)
		return 0;
	f = fget(p->fd);
	if (!f)
		return EPOLLNVAL;
	if (pt)
		pt->key = filter;
	mask = f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
	fput(f);
	return mask & filter;
}

static int do_poll(struct pollfd *fds, unsigned int nfds,
		   struct poll_wqueues *wait, long timeout)
{
	poll_table *pt = &wait->pt;
	unsigned int i;
	int count;

	if (!timeout)
		pt = NULL;
	for (;;) {
		count = 0;
		for (i = 0; i < nfds; i++) {
			fds[i].revents = (short)do_pollfd(&fds[i], pt);
			if (fds[i].revents) {
				count++;
				pt = NULL;	/* one ready: no more hooks */
			}
		}
		pt = NULL;
		if (count || !timeout)
			return count;
		if (wait->error)
			return wait->error;
		if (!poll_schedule_timeout(wait, &timeout))
			timeout = 0;	/* one last look, then report none */
	}
}

/* Copy the array in, poll, copy revents back. timeout in jiffies. */
static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds,
			long timeout)
{
	struct poll_wqueues table;
	struct pollfd *fds;
	unsigned int i;
	long ret;

	if (nfds > NR_OPEN_MAX)
		return -EINVAL;
	fds = kmalloc(nfds ? nfds * sizeof(*fds) : 1);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		ret = -EFAULT;
		goto out;
	}
	poll_initwait(&table);
	ret = do_poll(fds, nfds, &table, timeout);
	poll_freewait(&table);
	for (i = 0; ret >= 0 && i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents))
			ret = -EFAULT;
out:
	kfree(fds);
	return ret;
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds,
		int, timeout_ms)
{
	return do_sys_poll(ufds, nfds, poll_timeout_jiffies(timeout_ms));
}

/* The kernel's sigset_t is 8 bytes; there are no signals to mask. */
#define KERNEL_SIGSET_SIZE	8

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		const struct timespec __user *, tsp, const void __user *, sigmask,
		size_t, sigsetsize)
{
	long timeout = MAX_SCHEDULE_TIMEOUT;
	struct timespec ts;

	if (sigmask && sigsetsize != KERNEL_SIGSET_SIZE)
		return -EINVAL;
	if (tsp) {
		if (copy_from_user(&ts, tsp, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= (long)NSEC_PER_SEC)
			return -EINVAL;
		if (ts.tv_sec > MAX_SCHEDULE_TIMEOUT / HZ / 2)
			timeout = MAX_SCHEDULE_TIMEOUT;
		else
			timeout = poll_timeout_jiffies(ts.tv_sec * 1000 +
				DIV_ROUND_UP(ts.tv_nsec, (long)NSEC_PER_MSEC));
	}
	return do_sys_poll(ufds, nfds, timeout);
}
