/*
 * The kernel's own /proc files (uptime, meminfo, slabinfo, interrupts,
 * threads, services), its
 * parts of /proc/skiff/stats.json, and the file itself, assembled from
 * every part registered with STATS_JSON.
 */
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <kernel/page.h>
#include <kernel/slab.h>
#include <kernel/sched.h>
#include <kernel/service.h>
#include <kernel/selftest.h>
#include <kernel/time.h>
#include <kernel/irq.h>
#include <errno.h>
#include <string.h>

static void show_uptime(struct seq_buf *s)
{
	u64 ns = ktime_get_ns();

	seq_printf(s, "%llu.%02llu 0.00\n", (unsigned long long)(ns / NSEC_PER_SEC),
		   (unsigned long long)(ns % NSEC_PER_SEC / (NSEC_PER_SEC / 100)));
}
PROC_ENTRY(uptime, "/proc/uptime", show_uptime);

static void show_meminfo(struct seq_buf *s)
{
	struct page_stats ps;

	page_alloc_get_stats(&ps);
	seq_printf(s, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nReserved:       %8llu kB\n",
		   (unsigned long long)ps.total_pages * 4, (unsigned long long)ps.free_pages * 4,
		   (unsigned long long)ps.reserved_pages * 4);
}
PROC_ENTRY(meminfo, "/proc/meminfo", show_meminfo);

static int cache_line(struct kmem_cache *c, void *arg)
{
	struct kmem_cache_stats st;

	kmem_cache_get_stats(c, &st);
	seq_printf(arg, "%-20s %6zu %8u %6u %10llu %10llu %6llu\n", kmem_cache_name(c),
		   kmem_cache_size(c), st.active, st.slabs, (unsigned long long)st.allocs,
		   (unsigned long long)st.frees, (unsigned long long)st.failures);
	return 0;
}

static void show_slabinfo(struct seq_buf *s)
{
	seq_puts(s, "name                   size   active  slabs     allocs      frees  fails\n");
	kmem_cache_for_each(cache_line, s);
}
PROC_ENTRY(slabinfo, "/proc/slabinfo", show_slabinfo);

static void show_interrupts(struct seq_buf *s)
{
	struct irq_stats_entry e[64];
	int n = irq_get_stats(e, ARRAY_SIZE(e));

	seq_puts(s, "  IRQ VECTOR NAME              COUNT\n");
	for (int i = 0; i < n; i++)
		seq_printf(s, "%5u %#6x %-12s %10llu\n", e[i].irq, e[i].vector, e[i].name,
			   (unsigned long long)e[i].count);
}
PROC_ENTRY(interrupts, "/proc/interrupts", show_interrupts);

static const char *const task_states = "RSD";

static int task_line(struct task_struct *t, void *arg)
{
	seq_printf(arg, "%5d %-16s %c %10llu %10llu\n", t->tid, t->name,
		   task_states[t->state], (unsigned long long)(t->runtime_ns / NSEC_PER_MSEC),
		   (unsigned long long)t->switches);
	return 0;
}

static void show_threads(struct seq_buf *s)
{
	seq_puts(s, "  TID NAME             S     CPU_MS   SWITCHES\n");
	for_each_task(task_line, s);
}
PROC_ENTRY(threads, "/proc/skiff/threads", show_threads);

static int service_line(const struct service_info *i, void *arg)
{
	seq_printf(arg, "%-12s %-10s %5d %8u %6d\n", i->name, service_state_name(i->state),
		   i->pid, i->restarts, i->last_status);
	return 0;
}

static void show_services(struct seq_buf *s)
{
	seq_puts(s, "NAME         STATE        PID RESTARTS STATUS\n");
	service_for_each(service_line, s);
}
PROC_ENTRY(services, "/proc/skiff/services", show_services);

/* JSON: the kernel's parts of stats.json -------------------------------- */

static int cache_json(struct kmem_cache *c, void *arg)
{
	struct json_list *l = arg;
	struct kmem_cache_stats st;

	kmem_cache_get_stats(c, &st);
	json_sep(l);
	seq_puts(l->s, "{\"name\":");
	seq_json_str(l->s, kmem_cache_name(c));
	seq_printf(l->s, ",\"size\":%zu,\"active\":%u,\"slabs\":%u,\"allocs\":%llu,\"frees\":%llu,\"failures\":%llu}",
		   kmem_cache_size(c), st.active, st.slabs, (unsigned long long)st.allocs,
		   (unsigned long long)st.frees, (unsigned long long)st.failures);
	return 0;
}

static int service_json(const struct service_info *i, void *arg)
{
	struct json_list *l = arg;

	json_sep(l);
	seq_puts(l->s, "{\"name\":");
	seq_json_str(l->s, i->name);
	seq_printf(l->s, ",\"state\":\"%s\",\"pid\":%d,\"restarts\":%u,\"last_status\":%d}",
		   service_state_name(i->state), i->pid, i->restarts, i->last_status);
	return 0;
}

static int thread_json(struct task_struct *t, void *arg)
{
	struct json_list *l = arg;

	json_sep(l);
	seq_printf(l->s, "{\"tid\":%d,\"name\":", t->tid);
	seq_json_str(l->s, t->name);
	seq_printf(l->s, ",\"state\":\"%c\",\"cpu_ms\":%llu}", task_states[t->state],
		   (unsigned long long)(t->runtime_ns / NSEC_PER_MSEC));
	return 0;
}

static void selftest_json(struct json_list *l)
{
	const struct selftest_result *post = selftest_post_result();
	const struct selftest_record *rec;
	int nrec = selftest_post_records(&rec);
	struct seq_buf *s = l->s;

	json_sep(l);
	seq_printf(s, "\"passed\":%d,\"failed\":%d,\"skipped\":%d,\"results\":[",
		   post->passed, post->failed, post->skipped);
	for (int i = 0; i < nrec; i++) {
		seq_puts(s, i ? ",{\"name\":" : "{\"name\":");
		seq_json_str(s, rec[i].name);
		seq_printf(s, ",\"ok\":%s%s", rec[i].ok ? "true" : "false",
			   rec[i].skipped ? ",\"skipped\":true" : "");
		if (!rec[i].ok) {
			seq_puts(s, ",\"reason\":");
			seq_json_str(s, rec[i].reason);
		}
		seq_putc(s, '}');
	}
	seq_putc(s, ']');
}
STATS_JSON(selftest, "selftest", '{', selftest_json);

static void memory_json(struct json_list *l)
{
	struct json_list caches = { l->s, true };
	struct page_stats ps;

	page_alloc_get_stats(&ps);
	json_sep(l);
	seq_printf(l->s, "\"total_kb\":%llu,\"free_kb\":%llu,\"reserved_kb\":%llu,\"caches\":[",
		   (unsigned long long)ps.total_pages * 4, (unsigned long long)ps.free_pages * 4,
		   (unsigned long long)ps.reserved_pages * 4);
	kmem_cache_for_each(cache_json, &caches);
	seq_putc(l->s, ']');
}
STATS_JSON(memory, "memory", '{', memory_json);

static void services_json(struct json_list *l)
{
	service_for_each(service_json, l);
}
STATS_JSON(services, "services", '[', services_json);

static void threads_json(struct json_list *l)
{
	for_each_task(thread_json, l);
}
STATS_JSON(threads, "threads", '[', threads_json);

extern const struct stats_json_part __start_stats_json[], __stop_stats_json[];

/* Every registered key once; the parts that share it fill one list. */
static void show_stats_json(struct seq_buf *s)
{
	const struct stats_json_part *p, *q;

	seq_printf(s, "{\"version\":\"%s\",\"hostname\":\"skiff\",\"uptime_ms\":%llu",
		   SKIFF_VERSION, (unsigned long long)(ktime_get_ns() / NSEC_PER_MSEC));
	for (p = __start_stats_json; p < __stop_stats_json; p++) {
		struct json_list l = { s, true };

		for (q = __start_stats_json; q < p && strcmp(q->key, p->key); q++)
			;
		if (q < p)
			continue;	/* filled with its first part */
		seq_printf(s, ",\"%s\":%c", p->key, p->open);
		for (q = p; q < __stop_stats_json; q++)
			if (!strcmp(q->key, p->key))
				q->show(&l);
		seq_putc(s, p->open == '[' ? ']' : '}');
	}
	seq_puts(s, "}\n");
}
PROC_ENTRY(stats_json, "/proc/skiff/stats.json", show_stats_json);

/* A structural check of the generated JSON: balanced, strings closed. */
static bool json_balanced(const char *p, size_t n)
{
	int depth = 0;
	bool in_str = false;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"')
			in_str = true;
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth < 0)
			return false;
	}
	return depth == 0 && !in_str;
}

SELFTEST(stats_json_is_well_formed)
{
	static const char *const keys[] = {
		"\"version\":", "\"uptime_ms\":", "\"selftest\":", "\"memory\":",
		"\"services\":", "\"threads\":", "\"interfaces\":", "\"routes\":",
		"\"arp\":", "\"sockets\":", "\"snmp\":", "\"skb\":", "\"drop_reasons\":",
		"\"profile\":",
	};
	struct seq_buf s;
	bool ok, all_keys = true;

	seq_buf_init(&s, 1024 * 1024);
	ST_EQ(proc_show("/proc/skiff/stats.json", &s), 0);
	ok = !s.overflow && s.len > 2 && s.buf[0] == '{' && json_balanced(s.buf, s.len);
	for (size_t i = 0; ok && i < ARRAY_SIZE(keys); i++)
		all_keys = all_keys && strstr(s.buf, keys[i]);
	seq_buf_free(&s);
	ST_ASSERT(ok);
	ST_ASSERT(all_keys);
	ST_EQ(proc_show("/proc/nonexistent", &s), -ENOENT);
}
