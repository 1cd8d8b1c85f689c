/*
 * The console as a file: every process starts with descriptors 0, 1 and 2
 * on it. What a service writes goes to the kernel log, one line at a time,
 * prefixed with the service's name; reading gives end-of-file (services
 * take no input from the console).
 */
#include <kernel/file.h>
#include <kernel/process.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>

#define CHUNK 256

static ssize_t console_write_iter(struct file *f, struct iov_iter *from)
{
	struct process *p = current_process();
	size_t total = iov_iter_count(from), done = 0;
	char buf[CHUNK + 1];

	while (done < total) {
		size_t n = copy_from_iter(buf, min(total - done, (size_t)CHUNK), from);
		size_t start = 0;

		if (n == 0)
			return done ? (ssize_t)done : -EFAULT;
		for (size_t i = 0; i < n; i++) {
			if (buf[i] != '\n' && i + 1 < n)
				continue;
			printk("[%s] %.*s%s", p ? p->name : current->name,
			       (int)(i + 1 - start), buf + start, buf[i] == '\n' ? "" : "\n");
			start = i + 1;
		}
		done += n;
	}
	return done;
}

static ssize_t console_read_iter(struct file *f, struct iov_iter *to)
{
	return 0;
}

static __poll_t console_poll(struct file *f, poll_table *pt)
{
	return EPOLLOUT | EPOLLWRNORM;
}

static const struct file_operations console_fops = {
	.read_iter = console_read_iter,
	.write_iter = console_write_iter,
	.poll = console_poll,
};

int console_open_stdio(struct process *p)
{
	struct file *f = alloc_file(&console_fops, NULL, O_RDWR);

	if (!f)
		return -ENOMEM;
	for (int fd = 0; fd < 3; fd++) {
		if (fd > 0)
			fget_raw(f);
		p->files->fd[fd] = f;
	}
	return 0;
}
