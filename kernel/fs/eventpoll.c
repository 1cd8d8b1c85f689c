/*
 * epoll (Linux fs/eventpoll.c, simplified): an eventpoll keeps an item
 * per watched (file, fd). Adding an item polls the file once with a
 * table that hooks ep_poll_callback on the file's wait queues; from then
 * on a wakeup whose key matches the item's events puts it on the ready
 * list, and epoll_wait only looks at that list.
 *
 * epoll_wait re-polls each ready item: an item no longer ready is
 * dropped, a level-triggered one goes back on the list (so the next call
 * sees it again), an edge-triggered one waits for the next wakeup, and an
 * EPOLLONESHOT one is disarmed until EPOLL_CTL_MOD.
 *
 * Items are on a plain list (Linux: a red-black tree); services watch
 * tens of descriptors, not tens of thousands. Items do not hold their
 * file: its last fput removes them (eventpoll_release).
 */
#include <kernel/file.h>
#include <kernel/eventpoll.h>
#include <kernel/mutex.h>
#include <kernel/poll.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/syscalls.h>
#include <kernel/syscalls_io.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>

/* Bits that are not events: they say how to report. */
#define EP_PRIVATE_BITS	(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* Linux's limit on maxevents. */
#define EP_MAX_EVENTS	(0x7fffffff / (int)sizeof(struct epoll_event))
/* Nesting depth of epoll files watching epoll files (Linux's EP_MAX_NESTS). */
#define EP_MAX_NESTS	4

struct eventpoll {
	struct mutex mtx;		/* items: ctl against wait against close */
	spinlock_t lock;		/* rdllist, taken from wakeup callbacks */
	wait_queue_head_t wq;		/* epoll_wait sleepers */
	wait_queue_head_t poll_wait;	/* an epoll watching this one */
	struct list_head rdllist;	/* ready items */
	struct list_head items;		/* every item */
};

/* A hook on one of the target's wait queues (Linux's eppoll_entry). */
struct eppoll_entry {
	struct wait_queue_entry wait;
	wait_queue_head_t *whead;
	struct epitem *base;
	struct eppoll_entry *next;
};

struct epitem {
	struct list_head rdllink;	/* on rdllist when ready; else self-linked */
	struct list_head ep_link;	/* on ep->items */
	struct list_head fllink;	/* on file->f_ep_links */
	struct eventpoll *ep;
	struct file *file;
	int fd;
	struct epoll_event event;	/* events wanted, and the user's data */
	struct eppoll_entry *pwqlist;
};

/* A poll table that carries the item being added (Linux's ep_pqueue). */
struct ep_pqueue {
	poll_table pt;
	struct epitem *epi;
};

static const struct file_operations eventpoll_fops;

static bool is_file_epoll(const struct file *f)
{
	return f->f_op == &eventpoll_fops;
}

/*
 * The target woke its queue: if the events matter to the item, mark it
 * ready and wake epoll_wait. Runs under the target queue's lock, in any
 * context.
 */
static int ep_poll_callback(struct wait_queue_entry *wait, void *key)
{
	struct epitem *epi = container_of(wait, struct eppoll_entry, wait)->base;
	struct eventpoll *ep = epi->ep;
	__poll_t events = key_to_poll(key);
	unsigned long flags;

	if (!(epi->event.events & ~EP_PRIVATE_BITS))
		return 0;	/* a disarmed EPOLLONESHOT item */
	if (events && !(events & epi->event.events))
		return 0;
	spin_lock_irqsave(&ep->lock, flags);
	if (list_empty(&epi->rdllink))
		list_add_tail(&epi->rdllink, &ep->rdllist);
	spin_unlock_irqrestore(&ep->lock, flags);
	wake_up(&ep->wq);
	__wake_up(&ep->poll_wait, poll_to_key(EPOLLIN | EPOLLRDNORM));
	return 1;
}

static void ep_ptable_queue_proc(struct file *f, wait_queue_head_t *whead,
				 poll_table *pt)
{
	struct epitem *epi = container_of(pt, struct ep_pqueue, pt)->epi;
	struct eppoll_entry *pwq = kmalloc(sizeof(*pwq));

	if (!pwq)
		return;		/* ep_insert sees no hook and fails with -ENOMEM */
	init_wait_entry(&pwq->wait, ep_poll_callback);
	pwq->whead = whead;
	pwq->base = epi;
	pwq->next = epi->pwqlist;
	epi->pwqlist = pwq;
	add_wait_queue(whead, &pwq->wait);
}

/* The item's ready events now, hooking it first if pt is given. */
static __poll_t ep_item_poll(struct epitem *epi, poll_table *pt)
{
	struct file *f = epi->file;
	__poll_t mask = f->f_op->poll(f, pt);

	return mask & epi->event.events;
}

static void ep_unregister_pollwait(struct epitem *epi)
{
	struct eppoll_entry *pwq, *next;

	for (pwq = epi->pwqlist; pwq; pwq = next) {
		next = pwq->next;
		remove_wait_queue(pwq->whead, &pwq->wait);
		kfree(pwq);
	}
	epi->pwqlist = NULL;
}

/* Unhook and free epi. Caller holds ep->mtx. */
static void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	unsigned long flags;

	ep_unregister_pollwait(epi);
	list_del(&epi->fllink);
	spin_lock_irqsave(&ep->lock, flags);
	if (!list_empty(&epi->rdllink))
		list_del_init(&epi->rdllink);
	spin_unlock_irqrestore(&ep->lock, flags);
	list_del(&epi->ep_link);
	kfree(epi);
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem *epi;

	list_for_each_entry(epi, &ep->items, ep_link)
		if (epi->file == f && epi->fd == fd)
			return epi;
	return NULL;
}

/* Would watching target from ep close a loop, or nest too deep? */
static bool ep_loop_check(struct eventpoll *ep, struct file *target, int depth)
{
	struct eventpoll *tep;
	struct epitem *epi;

	if (!is_file_epoll(target))
		return false;
	tep = target->private_data;
	if (tep == ep || depth >= EP_MAX_NESTS)
		return true;
	list_for_each_entry(epi, &tep->items, ep_link)
		if (ep_loop_check(ep, epi->file, depth + 1))
			return true;
	return false;
}

/* Mark epi ready if it is, and wake waiters. */
static void ep_check_ready(struct eventpoll *ep, struct epitem *epi,
			   __poll_t revents)
{
	unsigned long flags;

	if (!revents)
		return;
	spin_lock_irqsave(&ep->lock, flags);
	if (list_empty(&epi->rdllink))
		list_add_tail(&epi->rdllink, &ep->rdllist);
	spin_unlock_irqrestore(&ep->lock, flags);
	wake_up(&ep->wq);
	__wake_up(&ep->poll_wait, poll_to_key(EPOLLIN | EPOLLRDNORM));
}

static int ep_insert(struct eventpoll *ep, const struct epoll_event *event,
		     struct file *f, int fd)
{
	struct epitem *epi = kzalloc(sizeof(*epi));
	struct ep_pqueue epq;
	__poll_t revents;

	if (!epi)
		return -ENOMEM;
	INIT_LIST_HEAD(&epi->rdllink);
	epi->ep = ep;
	epi->file = f;
	epi->fd = fd;
	epi->event = *event;
	list_add_tail(&epi->ep_link, &ep->items);
	list_add_tail(&epi->fllink, &f->f_ep_links);
	epq.pt.qproc = ep_ptable_queue_proc;
	epq.pt.key = event->events;
	epq.epi = epi;
	revents = ep_item_poll(epi, &epq.pt);
	if (!epi->pwqlist) {
		ep_remove(ep, epi);
		return -ENOMEM;
	}
	ep_check_ready(ep, epi, revents);
	return 0;
}

static int ep_modify(struct eventpoll *ep, struct epitem *epi,
		     const struct epoll_event *event)
{
	epi->event = *event;
	ep_check_ready(ep, epi, ep_item_poll(epi, NULL));
	return 0;
}

/* Put epi on list unless a wakeup already made it ready again. */
static void ep_requeue(struct eventpoll *ep, struct epitem *epi,
		       struct list_head *list, bool tail)
{
	unsigned long flags;

	spin_lock_irqsave(&ep->lock, flags);
	if (list_empty(&epi->rdllink)) {
		if (tail)
			list_add_tail(&epi->rdllink, list);
		else
			list_add(&epi->rdllink, list);
	}
	spin_unlock_irqrestore(&ep->lock, flags);
}

/*
 * Move up to maxevents ready items to the user's array. Items are taken
 * off the list one at a time and re-polled; level-triggered ones that are
 * still ready go back to the tail. Every change to an item's rdllink is
 * made under ep->lock, as ep_poll_callback may run at any moment.
 * Caller holds ep->mtx.
 */
static int ep_send_events(struct eventpoll *ep, struct epoll_event __user *events,
			  int maxevents, bool kernel)
{
	struct list_head txlist;
	struct epitem *epi, *tmp;
	unsigned long flags;
	int done = 0;

	INIT_LIST_HEAD(&txlist);
	spin_lock_irqsave(&ep->lock, flags);
	list_for_each_entry_safe(epi, tmp, &ep->rdllist, rdllink)
		list_move_tail(&epi->rdllink, &txlist);
	spin_unlock_irqrestore(&ep->lock, flags);

	list_for_each_entry_safe(epi, tmp, &txlist, rdllink) {
		struct epoll_event ev;
		__poll_t revents;

		if (done >= maxevents)
			break;
		spin_lock_irqsave(&ep->lock, flags);
		list_del_init(&epi->rdllink);
		spin_unlock_irqrestore(&ep->lock, flags);
		revents = ep_item_poll(epi, NULL);
		if (!revents)
			continue;
		ev.events = revents;
		ev.data = epi->event.data;
		if (kernel)
			memcpy(&events[done], &ev, sizeof(ev));
		else if (copy_to_user(&events[done], &ev, sizeof(ev))) {
			ep_requeue(ep, epi, &txlist, false);
			if (!done)
				done = -EFAULT;
			break;
		}
		done++;
		if (epi->event.events & EPOLLONESHOT)
			epi->event.events &= EP_PRIVATE_BITS;
		else if (!(epi->event.events & EPOLLET))
			ep_requeue(ep, epi, &ep->rdllist, true);
	}
	/* What was not looked at stays ready, ahead of what was re-queued. */
	spin_lock_irqsave(&ep->lock, flags);
	while (!list_empty(&txlist)) {
		epi = list_entry(txlist.prev, struct epitem, rdllink);
		list_del(&epi->rdllink);
		list_add(&epi->rdllink, &ep->rdllist);
	}
	spin_unlock_irqrestore(&ep->lock, flags);
	return done;
}

static bool ep_events_available(struct eventpoll *ep)
{
	return !list_empty(&ep->rdllist);
}

/*
 * Linux's ep_poll: deliver what is ready, else sleep for timeout jiffies.
 * events is kernel memory if kernel, else the caller's.
 */
static int ep_poll(struct eventpoll *ep, struct epoll_event __user *events,
		   int maxevents, long timeout, bool kernel)
{
	struct wait_queue_entry wait;
	int res;

	for (;;) {
		mutex_lock(&ep->mtx);
		res = ep_send_events(ep, events, maxevents, kernel);
		mutex_unlock(&ep->mtx);
		if (res || !timeout)
			return res;
		init_wait_entry(&wait, default_wake_function);
		prepare_to_wait(&ep->wq, &wait);
		if (!ep_events_available(ep))
			timeout = schedule_timeout_or_forever(timeout);
		finish_wait(&ep->wq, &wait);
		if (!timeout && !ep_events_available(ep))
			return 0;
	}
}

/* ---- the epoll file ---- */

static __poll_t ep_eventpoll_poll(struct file *f, poll_table *pt)
{
	struct eventpoll *ep = f->private_data;
	struct epitem *epi, *tmp;
	__poll_t mask = 0;

	poll_wait(f, &ep->poll_wait, pt);
	/* Ready means an item still has events (Linux's ep_read_events_proc). */
	mutex_lock(&ep->mtx);
	list_for_each_entry_safe(epi, tmp, &ep->rdllist, rdllink) {
		if (ep_item_poll(epi, NULL)) {
			mask = EPOLLIN | EPOLLRDNORM;
			break;
		}
	}
	mutex_unlock(&ep->mtx);
	return mask;
}

static void ep_eventpoll_release(struct file *f)
{
	struct eventpoll *ep = f->private_data;
	struct epitem *epi, *tmp;

	mutex_lock(&ep->mtx);
	list_for_each_entry_safe(epi, tmp, &ep->items, ep_link)
		ep_remove(ep, epi);
	mutex_unlock(&ep->mtx);
	kfree(ep);
}

static const struct file_operations eventpoll_fops = {
	.poll = ep_eventpoll_poll,
	.release = ep_eventpoll_release,
};

void eventpoll_release(struct file *f)
{
	struct epitem *epi, *tmp;

	list_for_each_entry_safe(epi, tmp, &f->f_ep_links, fllink) {
		struct eventpoll *ep = epi->ep;

		mutex_lock(&ep->mtx);
		ep_remove(ep, epi);
		mutex_unlock(&ep->mtx);
	}
}

/* ---- system calls ---- */

struct file *eventpoll_create_file(void)
{
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	struct file *f;

	if (!ep)
		return NULL;
	mutex_init(&ep->mtx);
	spin_lock_init(&ep->lock);
	init_waitqueue_head(&ep->wq);
	init_waitqueue_head(&ep->poll_wait);
	INIT_LIST_HEAD(&ep->rdllist);
	INIT_LIST_HEAD(&ep->items);
	f = alloc_file(&eventpoll_fops, ep, O_RDWR);
	if (!f) {
		kfree(ep);
		return NULL;
	}
	return f;
}

static long do_epoll_create(int flags)
{
	struct file *f;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	f = eventpoll_create_file();
	if (!f)
		return -ENOMEM;
	fd = fd_install_new_cloexec(f, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	return do_epoll_create(flags);
}

SYSCALL_DEFINE1(epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return do_epoll_create(0);
}

static int do_epoll_ctl(struct eventpoll *ep, int op, struct file *tf, int fd,
			struct epoll_event *epds)
{
	struct epitem *epi = ep_find(ep, tf, fd);

	switch (op) {
	case EPOLL_CTL_ADD:
		if (epi)
			return -EEXIST;
		if (ep_loop_check(ep, tf, 0))
			return -ELOOP;
		epds->events |= EPOLLERR | EPOLLHUP;
		return ep_insert(ep, epds, tf, fd);
	case EPOLL_CTL_DEL:
		if (!epi)
			return -ENOENT;
		ep_remove(ep, epi);
		return 0;
	case EPOLL_CTL_MOD:
		if (!epi)
			return -ENOENT;
		/* EPOLLEXCLUSIVE is fixed at ADD (Linux). */
		if ((epds->events & EPOLLEXCLUSIVE) ||
		    (epi->event.events & EPOLLEXCLUSIVE))
			return -EINVAL;
		epds->events |= EPOLLERR | EPOLLHUP;
		return ep_modify(ep, epi, epds);
	default:
		return -EINVAL;
	}
}

int kernel_epoll_ctl(struct file *f, int op, struct file *tf, int fd,
		     struct epoll_event *epds)
{
	struct eventpoll *ep;
	int err;

	if (!tf->f_op->poll)
		return -EPERM;		/* Linux: the target cannot be polled */
	if (f == tf || !is_file_epoll(f))
		return -EINVAL;
	ep = f->private_data;
	mutex_lock(&ep->mtx);
	err = do_epoll_ctl(ep, op, tf, fd, epds);
	mutex_unlock(&ep->mtx);
	return err;
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd,
		struct epoll_event __user *, event)
{
	struct epoll_event epds = { 0 };
	struct file *f, *tf;
	long err = -EBADF;

	if (op != EPOLL_CTL_DEL && copy_from_user(&epds, event, sizeof(epds)))
		return -EFAULT;
	f = fget(epfd);
	if (!f)
		return -EBADF;
	tf = fget(fd);
	if (tf) {
		err = kernel_epoll_ctl(f, op, tf, fd, &epds);
		fput(tf);
	}
	fput(f);
	return err;
}

int kernel_epoll_wait(struct file *f, struct epoll_event *events,
		      int maxevents, long timeout)
{
	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS || !is_file_epoll(f))
		return -EINVAL;
	return ep_poll(f->private_data, (struct epoll_event __user *)events,
		       maxevents, timeout, true);
}

static long do_epoll_wait(int epfd, struct epoll_event __user *events,
			  int maxevents, int timeout)
{
	struct file *f;
	long ret;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(events, (size_t)maxevents * sizeof(struct epoll_event)))
		return -EFAULT;
	f = fget(epfd);
	if (!f)
		return -EBADF;
	if (!is_file_epoll(f))
		ret = -EINVAL;
	else
		ret = ep_poll(f->private_data, events, maxevents,
			      poll_timeout_jiffies(timeout), false);
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(epoll_wait, int, epfd, struct epoll_event __user *, events,
		int, maxevents, int, timeout)
{
	return do_epoll_wait(epfd, events, maxevents, timeout);
}

/* No signals in Skiff: the mask is checked for size and otherwise unused. */
SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event __user *, events,
		int, maxevents, int, timeout, const void __user *, sigmask,
		size_t, sigsetsize)
{
	if (sigmask && sigsetsize != 8)
		return -EINVAL;
	return do_epoll_wait(epfd, events, maxevents, timeout);
}
