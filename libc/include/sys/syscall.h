/* Linux x86-64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

#define __NR_read		0
#define __NR_write		1
#define __NR_open		2
#define __NR_close		3
#define __NR_poll		7
#define __NR_lseek		8
#define __NR_mmap		9
#define __NR_munmap		11
#define __NR_brk		12
#define __NR_ioctl		16
#define __NR_readv		19
#define __NR_writev		20
#define __NR_sched_yield	24
#define __NR_dup		32
#define __NR_dup2		33
#define __NR_nanosleep		35
#define __NR_getpid		39
#define __NR_socket		41
#define __NR_connect		42
#define __NR_accept		43
#define __NR_sendto		44
#define __NR_recvfrom		45
#define __NR_sendmsg		46
#define __NR_recvmsg		47
#define __NR_shutdown		48
#define __NR_bind		49
#define __NR_listen		50
#define __NR_getsockname	51
#define __NR_getpeername	52
#define __NR_setsockopt		54
#define __NR_getsockopt		55
#define __NR_exit		60
#define __NR_uname		63
#define __NR_fcntl		72
#define __NR_syslog		103
#define __NR_gettimeofday	96
#define __NR_reboot		169
#define __NR_gettid		186
#define __NR_time		201
#define __NR_epoll_create	213
#define __NR_clock_gettime	228
#define __NR_clock_getres	229
#define __NR_clock_nanosleep	230
#define __NR_exit_group		231
#define __NR_epoll_wait		232
#define __NR_epoll_ctl		233
#define __NR_ppoll		271
#define __NR_epoll_pwait	281
#define __NR_accept4		288
#define __NR_epoll_create1	291
#define __NR_dup3		292
#define __NR_openat		257
#define __NR_getrandom		318

#define SYS_read		__NR_read
#define SYS_write		__NR_write
#define SYS_close		__NR_close
#define SYS_socket		__NR_socket
#define SYS_exit		__NR_exit
#define SYS_getrandom		__NR_getrandom

#endif
