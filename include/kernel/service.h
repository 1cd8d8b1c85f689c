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

/* Start an embedded program as a managed service (e.g. dhcpc from ipconfig). */
int service_start(const char *name, const char *const argv[]);
void service_for_each(int (*fn)(const struct service_info *s, void *arg), void *arg);
const char *service_state_name(enum service_state s);

#endif
