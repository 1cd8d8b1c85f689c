/* Sleeping mutual exclusion for process context. */
#ifndef _KERNEL_MUTEX_H
#define _KERNEL_MUTEX_H

#include <kernel/wait.h>

struct mutex {
	struct task_struct *owner;
	wait_queue_head_t wait;
};

#define DEFINE_MUTEX(name) \
	struct mutex name = { NULL, __WAIT_QUEUE_HEAD_INITIALIZER((name).wait) }

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);

static inline bool mutex_is_locked(const struct mutex *m)
{
	return m->owner != NULL;
}

#endif
