/*
 * /proc and /dev: the only names open(2) knows. A /proc file is text the
 * kernel generates when it is opened (show fills a seq_buf); a /dev entry
 * brings its own file_operations.
 */
#ifndef _KERNEL_PROCFS_H
#define _KERNEL_PROCFS_H

#include <kernel/types.h>
#include <kernel/seq_buf.h>

struct file;
struct file_operations;

struct proc_entry {
	const char *path;
	void (*show)(struct seq_buf *s);			/* /proc files */
	int (*open)(struct file **f, unsigned int flags);	/* /dev entries */
};

#define PROC_ENTRY(name, pathstr, showfn)				\
	static const struct proc_entry __proc_##name			\
	__section("proc_entries") __used __aligned(8) = {		\
		.path = pathstr, .show = showfn,			\
	}

#define DEV_ENTRY(name, pathstr, openfn)				\
	static const struct proc_entry __proc_##name			\
	__section("proc_entries") __used __aligned(8) = {		\
		.path = pathstr, .open = openfn,			\
	}

/* Render a /proc file into s (self-tests and unit tests read them); -ENOENT if unknown. */
int proc_show(const char *path, struct seq_buf *s);

#endif
