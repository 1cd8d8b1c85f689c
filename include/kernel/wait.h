/*
 * Wait queues: a thread sleeps on a queue until a condition holds; whoever
 * makes the condition true calls wake_up(). The condition is re-checked after
 * every wakeup, so spurious wakeups are harmless.
 */
#ifndef _KERNEL_WAIT_H
#define _KERNEL_WAIT_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <kernel/sched.h>

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq, void *key);

struct wait_queue_entry {
	struct task_struct *task;
	wait_queue_func_t func;		/* wakes task by default; poll/epoll hook here */
	void *private;
	struct list_head entry;
};

typedef struct {
	spinlock_t lock;
	struct list_head head;
} wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ __SPIN_LOCK_UNLOCKED, LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(wait_queue_head_t *wq);
void init_wait_entry(struct wait_queue_entry *e, wait_queue_func_t func);
void add_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *e);
void remove_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *e);
/* Queue e (if not queued) and set current's state, before testing the condition. */
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *e);
void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *e);
int default_wake_function(struct wait_queue_entry *e, void *key);

/* Wake every waiter; key is handed to custom wake functions (poll events). */
void __wake_up(wait_queue_head_t *wq, void *key);
#define wake_up(wq)		__wake_up(wq, NULL)
#define wake_up_all(wq)		__wake_up(wq, NULL)

#define wait_event(wq, cond)						\
	do {								\
		struct wait_queue_entry __we;				\
		init_wait_entry(&__we, default_wake_function);		\
		for (;;) {						\
			prepare_to_wait(&(wq), &__we);			\
			if (cond)					\
				break;					\
			schedule();					\
		}							\
		finish_wait(&(wq), &__we);				\
	} while (0)

/* Returns the jiffies left when cond became true (at least 1), or 0 on timeout. */
#define wait_event_timeout(wq, cond, timeout) ({			\
	u64 __left = (timeout);						\
	struct wait_queue_entry __we;					\
	init_wait_entry(&__we, default_wake_function);			\
	for (;;) {							\
		prepare_to_wait(&(wq), &__we);				\
		if (cond) {						\
			if (!__left)					\
				__left = 1;				\
			break;						\
		}							\
		if (!__left)						\
			break;						\
		__left = schedule_timeout(__left);			\
	}								\
	finish_wait(&(wq), &__we);					\
	__left; })

#endif
