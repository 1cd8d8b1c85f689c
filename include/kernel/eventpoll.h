/*
 * epoll (Linux fs/eventpoll.c): the hook the file layer calls when a
 * file's last reference goes, so no epoll instance keeps watching it,
 * and epoll for kernel threads, which have no descriptor table.
 */
#ifndef _KERNEL_EVENTPOLL_H
#define _KERNEL_EVENTPOLL_H

#include <sys/epoll.h>

struct file;

/* A new epoll instance as a file (fput to close); NULL on ENOMEM. */
struct file *eventpoll_create_file(void);
/* epoll_ctl on files: fd is only the item's key. 0 or -errno as the syscall. */
int kernel_epoll_ctl(struct file *ep, int op, struct file *target, int fd,
		     struct epoll_event *event);
/* epoll_wait into kernel memory; timeout in jiffies (MAX_SCHEDULE_TIMEOUT: none). */
int kernel_epoll_wait(struct file *ep, struct epoll_event *events,
		      int maxevents, long timeout);

/* Remove every epoll item watching f; f's last reference is going. */
void eventpoll_release(struct file *f);

#endif
