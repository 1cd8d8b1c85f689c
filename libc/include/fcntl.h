/* File status flags and fcntl commands (the Linux x86-64 values). */
#ifndef _FCNTL_H
#define _FCNTL_H

#define O_RDONLY	00
#define O_WRONLY	01
#define O_RDWR		02
#define O_ACCMODE	03
#define O_CREAT		0100
#define O_TRUNC		01000
#define O_NONBLOCK	00004000
#define O_CLOEXEC	02000000

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1

#ifndef __KERNEL__
int fcntl(int fd, int cmd, ...);
int open(const char *path, int flags, ...);
#endif

#endif
