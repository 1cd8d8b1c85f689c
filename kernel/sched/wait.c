/* Wait queues and mutexes: how threads sleep until something happens. */
#include <kernel/wait.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>

void init_waitqueue_head(wait_queue_head_t *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

void init_wait_entry(struct wait_queue_entry *e, wait_queue_func_t func)
{
	e->task = current;
	e->func = func;
	e->private = NULL;
	INIT_LIST_HEAD(&e->entry);
}

void add_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *e)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_add_tail(&e->entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void remove_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *e)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&e->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/*
 * Queue first, then mark ourselves asleep, then (in the caller) test the
 * condition: a wakeup between the test and schedule() finds us queued and
 * sets us running again, so it cannot be lost.
 */
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *e)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&e->entry))
		list_add_tail(&e->entry, &wq->head);
	current->state = TASK_INTERRUPTIBLE;
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *e)
{
	current->state = TASK_RUNNING;
	if (!list_empty(&e->entry))
		remove_wait_queue(wq, e);
}

int default_wake_function(struct wait_queue_entry *e, void *key)
{
	wake_up_process(e->task);
	return 1;
}

void __wake_up(wait_queue_head_t *wq, void *key)
{
	struct wait_queue_entry *e, *n;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry_safe(e, n, &wq->head, entry)
		e->func(e, key);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	init_waitqueue_head(&m->wait);
}

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags;
	bool ok;

	local_irq_save(flags);
	ok = m->owner == NULL;
	if (ok)
		m->owner = current;
	local_irq_restore(flags);
	return ok;
}

void mutex_lock(struct mutex *m)
{
	BUG_ON(m->owner == current);	/* a mutex is not recursive */
	wait_event(m->wait, mutex_trylock(m));
}

void mutex_unlock(struct mutex *m)
{
	BUG_ON(m->owner != current);
	m->owner = NULL;
	wake_up(&m->wait);
}
