/*
 * The service manager. At boot it starts the services named by
 * `services=a,b,...` (default: every embedded program except test
 * programs, dhcpd unless a dhcpd.IFACE= key configures it, and the ones
 * the kernel starts itself: dhcpc, which ipconfig starts for ip=dhcp,
 * and the shell, started on the console terminal after the power-on
 * self-test). A service that crashes or exits with a
 * non-zero status is restarted after a delay that doubles from 1 s up to
 * 60 s; one that exits cleanly stays stopped. Programs whose name ends in
 * "test", and services started SVC_ONESHOT (the boot ping), run once.
 */
#include <kernel/service.h>
#include <kernel/process.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/wait.h>
#include <errno.h>
#include <string.h>

#define MAX_SERVICES	16
#define MAX_ARGS	8
#define BACKOFF_MIN_MS	1000
#define BACKOFF_MAX_MS	60000

struct service {
	struct service_info info;
	char name[16];
	char image[16];
	char args[MAX_ARGS][32];
	int nargs;
	unsigned int flags;		/* SVC_ONESHOT, SVC_TERMINAL */
	u64 backoff_ms;
	u64 restart_at;		/* jiffies */
	struct process *proc;
};

static struct service services[MAX_SERVICES];
static int nr_services;
static char services_arg[256];
static bool services_given, dhcpd_configured;
static DECLARE_WAIT_QUEUE_HEAD(manager_wait);
static volatile bool manager_kick;

static int set_services(const char *key, const char *value)
{
	if (!value || strlen(value) >= sizeof(services_arg))
		return -EINVAL;
	strlcpy(services_arg, value, sizeof(services_arg));
	services_given = true;
	return 0;
}
CMDLINE_PARAM(services, "services", set_services,
	      "services=a,b,...: the user-mode services to run (default: all but tests, dhcpc, and dhcpd without dhcpd.IFACE=)");

/*
 * dhcpd reads its own keys from /proc/cmdline (docs/dhcpd.md); here they
 * only say that it has something to serve.
 */
static int set_dhcpd(const char *key, const char *value)
{
	if (!value)
		return -EINVAL;
	dhcpd_configured = true;
	return 0;
}
CMDLINE_PARAM(dhcpd, "dhcpd.", set_dhcpd,
	      "dhcpd.IFACE=FIRST-LAST[,lease=T][,router=ADDR|none][,dns=ADDR]: serve DHCP on IFACE");

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void service_exited(struct process *p)
{
	struct service *s = p->owner;
	int status = p->exit_code;

	s->proc = NULL;
	s->info.pid = 0;
	s->info.last_status = status;
	if ((s->flags & SVC_ONESHOT) || (status == 0 && !p->faulted)) {
		s->info.state = SVC_EXITED;
		return;
	}
	s->info.state = SVC_BACKOFF;
	s->restart_at = jiffies + msecs_to_jiffies(s->backoff_ms);
	printk("service %s: %s, restarting in %llu ms\n", s->name,
	       p->faulted ? "crashed" : "failed", (unsigned long long)s->backoff_ms);
	s->backoff_ms = min(s->backoff_ms * 2, (u64)BACKOFF_MAX_MS);
	manager_kick = true;
	wake_up(&manager_wait);
}

static int spawn(struct service *s)
{
	const char *argv[MAX_ARGS + 1];

	for (int i = 0; i < s->nargs; i++)
		argv[i] = s->args[i];
	argv[s->nargs] = NULL;
	s->info.state = SVC_STARTING;
	s->proc = process_spawn(s->name, s->image, argv, s->flags & SVC_TERMINAL,
				service_exited, s);
	if (!s->proc) {
		s->info.state = SVC_FAILED;
		return -ENOEXEC;
	}
	s->info.pid = s->proc->pid;
	s->info.state = SVC_RUNNING;
	s->info.started_ns = ktime_get_ns();
	return 0;
}

int service_start(const char *name, const char *image, const char *const argv[],
		  unsigned int flags)
{
	struct service *s;

	if (nr_services == MAX_SERVICES || strlen(name) >= sizeof(s->name) ||
	    strlen(image) >= sizeof(s->image))
		return -ENOSPC;
	s = &services[nr_services++];
	strlcpy(s->name, name, sizeof(s->name));
	strlcpy(s->image, image, sizeof(s->image));
	s->info.name = s->name;
	s->info.last_status = -1;
	s->flags = flags | (ends_with(name, "test") ? SVC_ONESHOT : 0);
	s->backoff_ms = BACKOFF_MIN_MS;
	for (s->nargs = 0; argv && argv[s->nargs] && s->nargs < MAX_ARGS; s->nargs++)
		strlcpy(s->args[s->nargs], argv[s->nargs], sizeof(s->args[0]));
	return spawn(s);
}

/* Restarts happen here, in a thread, not in the exiting process. */
static int service_manager(void *arg)
{
	for (;;) {
		u64 next = ~0ULL;

		for (int i = 0; i < nr_services; i++) {
			struct service *s = &services[i];

			if (s->info.state != SVC_BACKOFF)
				continue;
			if (time_after_eq(jiffies, s->restart_at)) {
				s->info.restarts++;
				spawn(s);
			} else {
				next = min(next, s->restart_at - jiffies);
			}
		}
		manager_kick = false;
		wait_event_timeout(manager_wait, manager_kick,
				   next == ~0ULL ? msecs_to_jiffies(60000) : next);
	}
	return 0;
}

static bool default_service(const char *name)
{
	return !ends_with(name, "test") && strcmp(name, "dhcpc") && strcmp(name, "shell") &&
	       (strcmp(name, "dhcpd") || dhcpd_configured);
}

static int services_init(void)
{
	if (!kthread_run(service_manager, NULL, "servicemgr"))
		return -ENOMEM;
	if (!services_given) {
		for (u64 i = 0; i < service_images_count; i++)
			if (default_service(service_images[i].name))
				service_start(service_images[i].name, service_images[i].name,
					      NULL, 0);
		return 0;
	}
	for (char *p = services_arg; *p;) {
		size_t n = strcspn(p, ",");
		char name[16];

		if (n > 0 && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			service_start(name, name, NULL, 0);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}
late_initcall(services_init);

void service_for_each(int (*fn)(const struct service_info *s, void *arg), void *arg)
{
	for (int i = 0; i < nr_services; i++)
		if (fn(&services[i].info, arg))
			return;
}

const char *service_state_name(enum service_state s)
{
	static const char *const names[] = {
		[SVC_STARTING] = "starting", [SVC_RUNNING] = "running",
		[SVC_BACKOFF] = "restarting", [SVC_EXITED] = "exited",
		[SVC_FAILED] = "failed",
	};

	return names[s];
}
