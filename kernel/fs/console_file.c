/*
 * The console as a file, two ways. Every service starts with descriptors
 * 0, 1 and 2 on the log console: what it writes goes to the kernel log,
 * a line at a time, prefixed with its name, and reading gives end-of-file.
 * The one program started on the console terminal (the shell) gets the
 * terminal instead, Linux's /dev/console in raw mode: reads return the
 * bytes typed on the serial port or the keyboard as they arrive (no line
 * discipline: the program edits lines itself), and writes go to every
 * console as they are, neither timestamped nor logged.
 */
#include <kernel/file.h>
#include <kernel/process.h>
#include <kernel/printk.h>
#include <kernel/console.h>
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

/* The terminal: raw output to every console. */
static ssize_t tty_write_iter(struct file *f, struct iov_iter *from)
{
	size_t total = iov_iter_count(from), done = 0;
	char buf[CHUNK];

	while (done < total) {
		size_t n = copy_from_iter(buf, min(total - done, sizeof(buf)), from);

		if (n == 0)
			return done ? (ssize_t)done : -EFAULT;
		console_write(buf, n);
		done += n;
	}
	return done;
}

/*
 * As a raw terminal with VMIN 1, VTIME 0: wait for the first byte, then
 * take what else is already queued, up to the caller's count.
 */
static ssize_t tty_read_iter(struct file *f, struct iov_iter *to)
{
	size_t want = iov_iter_count(to), n = 0;
	char buf[CHUNK];
	int c;

	if (want == 0)
		return 0;
	while ((c = console_trygetc()) < 0) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		wait_event(console_input_wait, console_input_ready());
	}
	do {
		buf[n++] = (char)c;
	} while (n < min(want, sizeof(buf)) && (c = console_trygetc()) >= 0);
	return copy_to_iter(buf, n, to) == n ? (ssize_t)n : -EFAULT;
}

static __poll_t tty_poll(struct file *f, poll_table *pt)
{
	poll_wait(f, &console_input_wait, pt);
	return EPOLLOUT | EPOLLWRNORM |
	       (console_input_ready() ? EPOLLIN | EPOLLRDNORM : 0);
}

static const struct file_operations tty_fops = {
	.read_iter = tty_read_iter,
	.write_iter = tty_write_iter,
	.poll = tty_poll,
};

int console_open_stdio(struct process *p, bool terminal)
{
	struct file *f = alloc_file(terminal ? &tty_fops : &console_fops, NULL, O_RDWR);

	if (!f)
		return -ENOMEM;
	for (int fd = 0; fd < 3; fd++) {
		if (fd > 0)
			fget_raw(f);
		p->files->fd[fd] = f;
	}
	return 0;
}
