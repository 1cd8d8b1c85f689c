/*
 * The system call table: Linux x86-64 numbers to their entries, and
 * /proc/skiff/syscalls listing them, from which user programs (the
 * syscall fuzzer, tests/programs/syzfuzztest/) learn what is implemented.
 */
#include <kernel/syscalls.h>
#include <kernel/procfs.h>
#include <sys/syscall.h>

#define SYSCALLS(X)							\
	/* processes, memory, time: kernel/process.c, kernel/sys_time.c */ \
	X(exit) X(exit_group) X(getpid) X(gettid) X(brk)		\
	X(clock_gettime) X(clock_getres) X(gettimeofday) X(time)	\
	X(nanosleep) X(clock_nanosleep) X(sched_yield) X(getrandom)	\
	/* the log and the machine: kernel/printk.c, kernel/reboot.c */	\
	X(syslog) X(reboot)						\
	/* files: kernel/file.c, kernel/select.c, kernel/eventpoll.c */	\
	X(read) X(write) X(readv) X(writev) X(close) X(fcntl) X(ioctl)	\
	X(dup) X(dup2) X(dup3) X(poll) X(ppoll)				\
	X(epoll_create) X(epoll_create1) X(epoll_ctl) X(epoll_wait)	\
	X(epoll_pwait) X(open) X(openat)				\
	/* sockets: net/socket.c */					\
	X(socket) X(bind) X(listen) X(accept) X(accept4) X(connect)	\
	X(sendto) X(recvfrom) X(sendmsg) X(recvmsg) X(shutdown)	\
	X(getsockname) X(getpeername) X(setsockopt) X(getsockopt)

#define DECLARE(name) long __x64_sys_##name(const struct pt_regs *regs);
SYSCALLS(DECLARE)

#define ENTRY(name) [__NR_##name] = __x64_sys_##name,
const syscall_fn_t sys_call_table[] = {
	SYSCALLS(ENTRY)
};

const unsigned int sys_call_table_size = ARRAY_SIZE(sys_call_table);

#define NAME(name) [__NR_##name] = #name,
static const char *const sys_call_names[] = {
	SYSCALLS(NAME)
};

/* "NUMBER NAME" per implemented call, in number order. */
static void show_syscalls(struct seq_buf *s)
{
	for (unsigned int nr = 0; nr < ARRAY_SIZE(sys_call_names); nr++)
		if (sys_call_names[nr])
			seq_printf(s, "%u %s\n", nr, sys_call_names[nr]);
}
PROC_ENTRY(syscalls, "/proc/skiff/syscalls", show_syscalls);
