/*
 * open(2) for /proc and /dev. Skiff has no file system; services still
 * read the kernel's figures the Linux way, from /proc/net/dev,
 * /proc/net/snmp or /proc/skiff/stats.json, and the few devices (such as
 * /dev/selftest) are names too. Entries register with PROC_ENTRY/DEV_ENTRY
 * in the file that owns the data.
 */
#include <kernel/procfs.h>
#include <kernel/file.h>
#include <kernel/slab.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>

/*
 * A file is generated whole at open (Linux pages through a seq_file
 * instead): room for /proc/net/tcp with a hundred thousand TIME-WAITs.
 */
#define PROC_FILE_LIMIT	(16 * 1024 * 1024)
#define AT_FDCWD	-100

extern const struct proc_entry __start_proc_entries[], __stop_proc_entries[];

static const struct proc_entry *proc_lookup(const char *path)
{
	for (const struct proc_entry *e = __start_proc_entries; e < __stop_proc_entries; e++)
		if (!strcmp(e->path, path))
			return e;
	return NULL;
}

int proc_show(const char *path, struct seq_buf *s)
{
	const struct proc_entry *e = proc_lookup(path);

	if (!e || !e->show)
		return -ENOENT;
	e->show(s);
	return 0;
}

struct proc_file {
	struct seq_buf text;
	size_t pos;
};

static ssize_t proc_read_iter(struct file *f, struct iov_iter *to)
{
	struct proc_file *pf = f->private_data;
	size_t n = min(iov_iter_count(to), pf->text.len - pf->pos);
	size_t done;

	if (n == 0)
		return 0;
	done = copy_to_iter(pf->text.buf + pf->pos, n, to);
	if (done == 0)
		return -EFAULT;
	pf->pos += done;
	return done;
}

static __poll_t proc_poll(struct file *f, poll_table *pt)
{
	return EPOLLIN | EPOLLRDNORM;
}

static void proc_release(struct file *f)
{
	struct proc_file *pf = f->private_data;

	seq_buf_free(&pf->text);
	kfree(pf);
}

static const struct file_operations proc_fops = {
	.read_iter = proc_read_iter,
	.poll = proc_poll,
	.release = proc_release,
};

static int proc_open_text(const struct proc_entry *e, unsigned int flags, struct file **fp)
{
	struct proc_file *pf = kzalloc(sizeof(*pf));

	if (!pf)
		return -ENOMEM;
	seq_buf_init(&pf->text, PROC_FILE_LIMIT);
	e->show(&pf->text);
	if (pf->text.overflow) {
		seq_buf_free(&pf->text);
		kfree(pf);
		return -ENOMEM;
	}
	*fp = alloc_file(&proc_fops, pf, flags);
	if (!*fp) {
		seq_buf_free(&pf->text);
		kfree(pf);
		return -ENOMEM;
	}
	return 0;
}

static long do_open(const char __user *upath, int flags)
{
	char path[128];
	const struct proc_entry *e;
	struct file *f = NULL;
	long err = strncpy_from_user(path, upath, sizeof(path));
	int fd;

	if (err < 0)
		return err;
	e = proc_lookup(path);
	if (!e)
		return -ENOENT;
	if (e->show && (flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	err = e->show ? proc_open_text(e, flags, &f) : e->open(&f, flags);
	if (err)
		return err;
	fd = fd_install_new_cloexec(f, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, path, int, flags, int, mode)
{
	return do_open(path, flags);
}

SYSCALL_DEFINE4(openat, int, dirfd, const char __user *, path, int, flags, int, mode)
{
	/* Only absolute names exist, so the directory descriptor never matters. */
	return do_open(path, flags);
}
