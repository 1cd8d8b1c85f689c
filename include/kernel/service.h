/* The service manager: which user-mode services run, and restarting them. */
#ifndef _KERNEL_SERVICE_H
#define _KERNEL_SERVICE_H

#include <kernel/types.h>

enum service_state { SVC_STARTING, SVC_RUNNING, SVC_BACKOFF, SVC_EXITED, SVC_FAILED };

struct service_info {
	const char *name;
	enum service_state state;
	int pid;		/* while running */
	int last_status;	/* exit status of the last run, -1 if none */
	u32 restarts;
	u64 started_ns;
};

#define SVC_ONESHOT	0x1	/* run once: never restarted */
#define SVC_TERMINAL	0x2	/* on the console terminal (the shell), not the log */

/*
 * Start the embedded program image as the managed service name (its
 * argv[0]; argv the arguments after it, or NULL): dhcpc from ipconfig,
 * the boot ping, the shell.
 */
int service_start(const char *name, const char *image, const char *const argv[],
		  unsigned int flags);
void service_for_each(int (*fn)(const struct service_info *s, void *arg), void *arg);
const char *service_state_name(enum service_state s);

#endif
