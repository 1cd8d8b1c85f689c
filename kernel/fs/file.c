/*
 * Open files and descriptor tables (Linux fs/file.c, fs/file_table.c,
 * fs/read_write.c, fs/fcntl.c, fs/ioctl.c): a struct file is counted by
 * the descriptors and in-flight calls that hold it, and released (epoll
 * items first) when the last goes. The read/write/fcntl/ioctl/dup system
 * calls live here; they reach the object behind a file only through its
 * file_operations.
 */
#include <kernel/file.h>
#include <kernel/eventpoll.h>
#include <kernel/slab.h>
#include <kernel/syscalls.h>
#include <kernel/syscalls_io.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <string.h>

static struct kmem_cache *filp_cache;

struct file *alloc_file(const struct file_operations *fops, void *private_data,
			unsigned int flags)
{
	struct file *f;

	if (!filp_cache)
		filp_cache = kmem_cache_create("filp", sizeof(struct file), 8);
	if (!filp_cache)
		return NULL;
	f = kmem_cache_zalloc(filp_cache);
	if (!f)
		return NULL;
	f->f_op = fops;
	f->f_flags = flags;
	refcount_set(&f->f_count, 1);
	f->private_data = private_data;
	INIT_LIST_HEAD(&f->f_ep_links);
	return f;
}

void fget_raw(struct file *f)
{
	refcount_inc(&f->f_count);
}

void fput(struct file *f)
{
	if (!refcount_dec_and_test(&f->f_count))
		return;
	/* Linux's __fput: epoll lets go before the object goes. */
	eventpoll_release(f);
	if (f->f_op->release)
		f->f_op->release(f);
	kmem_cache_free(filp_cache, f);
}

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files));

	if (!files)
		return NULL;
	spin_lock_init(&files->file_lock);
	files->fd = kcalloc(NR_OPEN_DEFAULT, sizeof(*files->fd));
	files->cloexec = kcalloc(NR_OPEN_DEFAULT, sizeof(*files->cloexec));
	if (!files->fd || !files->cloexec) {
		kfree(files->fd);
		kfree(files->cloexec);
		kfree(files);
		return NULL;
	}
	files->max_fds = NR_OPEN_DEFAULT;
	return files;
}

void files_release(struct files_struct *files)
{
	int fd;

	for (fd = 0; fd < files->max_fds; fd++) {
		struct file *f = files->fd[fd];

		if (f) {
			files->fd[fd] = NULL;
			fput(f);
		}
	}
	kfree(files->fd);
	kfree(files->cloexec);
	kfree(files);
}

/*
 * Make room for descriptor nr, doubling the arrays (kmalloc never sleeps,
 * so this is done under file_lock). 0, -EMFILE past NR_OPEN_MAX, -ENOMEM.
 */
static int expand_files_locked(struct files_struct *files, int nr)
{
	struct file **fd;
	bool *cloexec;
	int n = files->max_fds;

	if (nr < n)
		return 0;
	if (nr >= NR_OPEN_MAX)
		return -EMFILE;
	while (n <= nr)
		n *= 2;
	n = min(n, NR_OPEN_MAX);
	fd = kcalloc(n, sizeof(*fd));
	cloexec = kcalloc(n, sizeof(*cloexec));
	if (!fd || !cloexec) {
		kfree(fd);
		kfree(cloexec);
		return -ENOMEM;
	}
	memcpy(fd, files->fd, files->max_fds * sizeof(*fd));
	memcpy(cloexec, files->cloexec, files->max_fds * sizeof(*cloexec));
	kfree(files->fd);
	kfree(files->cloexec);
	files->fd = fd;
	files->cloexec = cloexec;
	files->max_fds = n;
	return 0;
}

/* The lowest free descriptor >= start, growing the table if need be, or -EMFILE. Caller holds file_lock. */
static int alloc_fd_locked(struct files_struct *files, int start)
{
	int fd, err;

	for (fd = max(start, files->next_fd); fd < files->max_fds; fd++)
		if (!files->fd[fd])
			return fd;
	fd = max(start, files->max_fds);
	err = expand_files_locked(files, fd);
	return err ? -EMFILE : fd;
}

static void install_locked(struct files_struct *files, int fd, struct file *f,
			   bool cloexec)
{
	files->fd[fd] = f;
	files->cloexec[fd] = cloexec;
	if (fd == files->next_fd)
		files->next_fd = fd + 1;
}

int fd_install_new_cloexec(struct file *f, bool cloexec)
{
	struct files_struct *files = current_files();
	int fd;

	if (!files)
		return -EMFILE;
	spin_lock(&files->file_lock);
	fd = alloc_fd_locked(files, 0);
	if (fd >= 0)
		install_locked(files, fd, f, cloexec);
	spin_unlock(&files->file_lock);
	return fd;
}

int fd_install_new(struct file *f)
{
	return fd_install_new_cloexec(f, false);
}

struct file *fget(int fd)
{
	struct files_struct *files = current_files();
	struct file *f = NULL;

	if (!files || fd < 0)
		return NULL;
	spin_lock(&files->file_lock);
	if (fd < files->max_fds)
		f = files->fd[fd];
	if (f)
		fget_raw(f);
	spin_unlock(&files->file_lock);
	return f;
}

/* Take fd out of the table: its file (the table's reference), or NULL. */
static struct file *pick_file(struct files_struct *files, int fd)
{
	struct file *f;

	spin_lock(&files->file_lock);
	f = fd < files->max_fds ? files->fd[fd] : NULL;
	if (f) {
		files->fd[fd] = NULL;
		files->cloexec[fd] = false;
		if (fd < files->next_fd)
			files->next_fd = fd;
	}
	spin_unlock(&files->file_lock);
	return f;
}

int close_fd(int fd)
{
	struct files_struct *files = current_files();
	struct file *f;

	if (!files || fd < 0)
		return -EBADF;
	f = pick_file(files, fd);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

SYSCALL_DEFINE1(close, int, fd)
{
	return close_fd(fd);
}

/* ---- read and write ---- */

static long do_read_iter(int fd, struct iov_iter *iter)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_op->read_iter ? f->f_op->read_iter(f, iter) : -EINVAL;
	fput(f);
	return ret;
}

static long do_write_iter(int fd, struct iov_iter *iter)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_op->write_iter ? f->f_op->write_iter(f, iter) : -EINVAL;
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(read, int, fd, void __user *, buf, size_t, count)
{
	struct iov_iter iter;
	struct iovec iov;
	int err = import_single_range(buf, count, &iov, &iter);

	return err ? err : do_read_iter(fd, &iter);
}

SYSCALL_DEFINE3(write, int, fd, const void __user *, buf, size_t, count)
{
	struct iov_iter iter;
	struct iovec iov;
	int err = import_single_range((void __user *)buf, count, &iov, &iter);

	return err ? err : do_write_iter(fd, &iter);
}

#define UIO_FASTIOV	8

static long do_rw_vec(int fd, const struct iovec __user *vec, int vlen,
		      bool write)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter iter;
	long ret;

	if (vlen < 0)
		return -EINVAL;
	ret = import_iovec(vec, (unsigned long)vlen, fast, UIO_FASTIOV, &iov,
			   &iter);
	if (ret)
		return ret;
	ret = write ? do_write_iter(fd, &iter) : do_read_iter(fd, &iter);
	if (iov != fast)
		kfree(iov);
	return ret;
}

SYSCALL_DEFINE3(readv, int, fd, const struct iovec __user *, vec, int, vlen)
{
	return do_rw_vec(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, int, fd, const struct iovec __user *, vec, int, vlen)
{
	return do_rw_vec(fd, vec, vlen, true);
}

/* ---- dup, fcntl, ioctl ---- */

/* Install f (a reference the caller gives away) at the lowest fd >= start. */
static long dupfd(struct file *f, int start, bool cloexec)
{
	struct files_struct *files = current_files();
	int fd;

	if (!files) {
		fput(f);
		return -EMFILE;
	}
	spin_lock(&files->file_lock);
	fd = alloc_fd_locked(files, start);
	if (fd >= 0)
		install_locked(files, fd, f, cloexec);
	spin_unlock(&files->file_lock);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE1(dup, int, oldfd)
{
	struct file *f = fget(oldfd);

	if (!f)
		return -EBADF;
	return dupfd(f, 0, false);
}

/* Point newfd at oldfd's file, closing what newfd had (Linux's do_dup2). */
static long do_dup2(int oldfd, int newfd, bool cloexec)
{
	struct files_struct *files = current_files();
	struct file *f, *old;

	if (newfd < 0 || newfd >= NR_OPEN_MAX)
		return -EBADF;
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (expand_files_locked(files, newfd) < 0) {
		spin_unlock(&files->file_lock);
		fput(f);
		return -EMFILE;
	}
	old = files->fd[newfd];
	files->fd[newfd] = f;
	files->cloexec[newfd] = cloexec;
	spin_unlock(&files->file_lock);
	if (old)
		fput(old);
	return newfd;
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	struct file *f;

	if (oldfd == newfd) {
		f = fget(oldfd);
		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup2(oldfd, newfd, false);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	return do_dup2(oldfd, newfd, flags & O_CLOEXEC);
}

/* The flags F_SETFL may change (of those Skiff files have). */
#define SETFL_MASK	O_NONBLOCK

static long do_fcntl(int fd, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct files_struct *files = current_files();
	long ret = 0;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NR_OPEN_MAX)
			return -EINVAL;
		fget_raw(f);
		return dupfd(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		spin_lock(&files->file_lock);
		ret = files->cloexec[fd] ? FD_CLOEXEC : 0;
		spin_unlock(&files->file_lock);
		return ret;
	case F_SETFD:
		spin_lock(&files->file_lock);
		files->cloexec[fd] = arg & FD_CLOEXEC;
		spin_unlock(&files->file_lock);
		return 0;
	case F_GETFL:
		return f->f_flags;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~SETFL_MASK) | ((unsigned int)arg & SETFL_MASK);
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(fcntl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_fcntl(fd, f, cmd, arg);
	fput(f);
	return ret;
}

/* Linux's do_vfs_ioctl: FIONBIO is the file's; the rest is the object's. */
SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long ret;
	int on;

	if (!f)
		return -EBADF;
	if (cmd == FIONBIO) {
		ret = get_user(on, (int __user *)arg);
		if (!ret) {
			if (on)
				f->f_flags |= O_NONBLOCK;
			else
				f->f_flags &= ~O_NONBLOCK;
		}
	} else {
		ret = f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
	}
	fput(f);
	return ret;
}
