/*
 * Open files and the descriptor table. Everything a service holds a
 * descriptor to (a socket, an epoll instance, the console) is a struct
 * file with file_operations; the table is per process.
 */
#ifndef _KERNEL_FILE_H
#define _KERNEL_FILE_H

#include <kernel/types.h>
#include <kernel/refcount.h>
#include <kernel/uio.h>
#include <kernel/wait.h>
#include <kernel/poll.h>
#include <kernel/spinlock.h>

struct file;
struct poll_table_struct;

struct file_operations {
	ssize_t (*read_iter)(struct file *f, struct iov_iter *to);
	ssize_t (*write_iter)(struct file *f, struct iov_iter *from);
	/* Ready mask (EPOLLIN…); registers on wait queues via poll_wait(). */
	__poll_t (*poll)(struct file *f, struct poll_table_struct *pt);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/* The last reference went away. */
	void (*release)(struct file *f);
};

struct file {
	const struct file_operations *f_op;
	unsigned int f_flags;		/* O_NONBLOCK, O_RDWR… (Linux values) */
	refcount_t f_count;		/* references: descriptors and in-flight calls */
	void *private_data;		/* the struct socket, eventpoll, … */
	struct list_head f_ep_links;	/* epoll items watching this file */
};

/* A file with one reference; NULL on ENOMEM. */
struct file *alloc_file(const struct file_operations *fops, void *private_data,
			unsigned int flags);
void fget_raw(struct file *f);		/* take a reference */
void fput(struct file *f);		/* drop one; the last calls release */

/*
 * A table starts with room for NR_OPEN_DEFAULT descriptors and doubles as
 * needed up to NR_OPEN_MAX (Linux's expand_files): small services stay
 * small, a server can hold ten thousand connections.
 */
#define NR_OPEN_DEFAULT	64
#define NR_OPEN_MAX	16384		/* descriptors per process */

struct files_struct {
	spinlock_t file_lock;		/* the arrays below and their size */
	struct file **fd;
	bool *cloexec;
	int max_fds;			/* slots in the arrays */
	int next_fd;			/* lowest possibly free descriptor */
};

struct files_struct *files_alloc(void);
/* Close every descriptor and free the table. */
void files_release(struct files_struct *files);

/* The current task's table (NULL for kernel threads). */
struct files_struct *current_files(void);

/* Install f at the lowest free descriptor of current's table: fd or -EMFILE. */
int fd_install_new(struct file *f);
/* The same, with FD_CLOEXEC set as asked (socket(SOCK_CLOEXEC), accept4…). */
int fd_install_new_cloexec(struct file *f, bool cloexec);
/* The file behind fd with a reference taken (fput when done), or NULL. */
struct file *fget(int fd);
int close_fd(int fd);

#endif
