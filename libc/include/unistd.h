/* unistd.h - POSIX process and descriptor calls for services. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

typedef unsigned int useconds_t;

#ifndef __KERNEL__
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
int dup2(int oldfd, int newfd);
pid_t getpid(void);
pid_t gettid(void);
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);
int sched_yield(void);
__attribute__((noreturn)) void _exit(int status);

/* A raw system call: up to six long arguments; -1 and errno on error. */
long syscall(long number, ...);
#endif

#endif /* _UNISTD_H */
