/*
 * dhcpd's lease file, kept by the kernel. Skiff has no file system, and
 * a DHCP server must be able to say which addresses it gave to whom: to
 * the shell (`dhcp leases`), to the dashboard, and to itself after a
 * restart, or it would hand a client's address to another (RFC 2131 4.2:
 * the server must remember its bindings). So dhcpd writes its table to
 * /proc/skiff/dhcpd as text lines (<skiff/dhcp_lease.h>), as dnsmasq
 * writes its lease file; the kernel checks every line and keeps the
 * table, reading gives it back as the same lines, and stats.json shows
 * it as "dhcp_leases" and the counters as "dhcpd".
 *
 * A writer opens the file O_WRONLY and writes whole lines (as many
 * write(2)s as it likes); the table it wrote replaces the old one when it
 * closes the file. A malformed line fails its write(2) with EINVAL and
 * the whole file is then dropped at close: the old table stays.
 */
#include <kernel/file.h>
#include <kernel/mutex.h>
#include <kernel/procfs.h>
#include <kernel/selftest.h>
#include <kernel/slab.h>
#include <kernel/stats.h>
#include <kernel/time.h>
#include <kernel/uio.h>
#include <skiff/dhcp_lease.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#define LEASES_MAX	4096		/* dhcpd: 4 pools of at most 1024 addresses */
#define COUNTERS_MAX	64
#define WRITE_MAX	(64 * 1024)	/* one write(2) */
#define TEXT_LIMIT	(2 * 1024 * 1024)

struct lease_table {
	struct dhcp_lease_rec *leases;	/* kmalloc'd, grown by doubling */
	unsigned int nleases, cap;
	struct dhcp_counter_rec counters[COUNTERS_MAX];
	unsigned int ncounters;
};

static struct lease_table *table;	/* NULL until dhcpd first writes */
static DEFINE_MUTEX(table_lock);

static void table_free(struct lease_table *t)
{
	if (t) {
		kfree(t->leases);
		kfree(t);
	}
}

static int table_add_lease(struct lease_table *t, const struct dhcp_lease_rec *l)
{
	if (t->nleases == t->cap) {
		unsigned int cap = t->cap ? 2 * t->cap : 16;
		struct dhcp_lease_rec *n;

		if (t->cap == LEASES_MAX)
			return -ENOSPC;
		cap = min(cap, (unsigned int)LEASES_MAX);
		n = krealloc(t->leases, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		t->leases = n;
		t->cap = cap;
	}
	t->leases[t->nleases++] = *l;
	return 0;
}

/* One line without its newline into t. */
static int table_add_line(struct lease_table *t, const char *line, size_t len)
{
	struct dhcp_lease_rec l;
	struct dhcp_counter_rec c;

	switch (dhcp_lease_parse_line(line, len, &l, &c)) {
	case DHCP_LINE_LEASE:
		return table_add_lease(t, &l);
	case DHCP_LINE_COUNTER:
		if (t->ncounters == COUNTERS_MAX)
			return -ENOSPC;
		t->counters[t->ncounters++] = c;
		return 0;
	default:
		return -EINVAL;
	}
}

/* Whole lines, each ended by '\n', into t; the first error stops. */
static int table_add_text(struct lease_table *t, const char *text, size_t len)
{
	size_t i = 0;

	if (len == 0 || text[len - 1] != '\n')
		return -EINVAL;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		int err = table_add_line(t, text + i, (size_t)(nl - (text + i)));

		if (err)
			return err;
		i = (size_t)(nl - text) + 1;
	}
	return 0;
}

/* The file's text: the table as dhcpd wrote it. */
static void show_leases(struct seq_buf *s)
{
	char line[DHCP_LEASE_LINE_MAX];

	mutex_lock(&table_lock);
	for (unsigned int i = 0; table && i < table->nleases; i++)
		if (dhcp_lease_format(line, sizeof(line), &table->leases[i]))
			seq_puts(s, line);
	for (unsigned int i = 0; table && i < table->ncounters; i++)
		if (dhcp_counter_format(line, sizeof(line), table->counters[i].name,
					table->counters[i].value))
			seq_puts(s, line);
	mutex_unlock(&table_lock);
}

struct leases_file {
	struct seq_buf text;		/* a reader's snapshot */
	size_t pos;
	struct lease_table *staged;	/* a writer's new table */
	bool failed;			/* a write failed: nothing is committed */
};

static ssize_t leases_read_iter(struct file *f, struct iov_iter *to)
{
	struct leases_file *lf = f->private_data;
	size_t n = min(iov_iter_count(to), lf->text.len - lf->pos);
	size_t done;

	if (!lf->text.buf || n == 0)
		return 0;
	done = copy_to_iter(lf->text.buf + lf->pos, n, to);
	if (done == 0)
		return -EFAULT;
	lf->pos += done;
	return done;
}

static ssize_t leases_write_iter(struct file *f, struct iov_iter *from)
{
	struct leases_file *lf = f->private_data;
	size_t n = iov_iter_count(from);
	char *buf;
	int err;

	if (!lf->staged)
		return -EBADF;
	if (lf->failed || n > WRITE_MAX) {
		lf->failed = true;
		return -EINVAL;
	}
	buf = kmalloc(n ? n : 1);
	if (!buf)
		return -ENOMEM;
	err = copy_from_iter(buf, n, from) == n ? table_add_text(lf->staged, buf, n)
						 : -EFAULT;
	kfree(buf);
	if (err) {
		lf->failed = true;
		return err;
	}
	return (ssize_t)n;
}

static void leases_release(struct file *f)
{
	struct leases_file *lf = f->private_data;

	if (lf->staged && !lf->failed) {
		struct lease_table *old;

		mutex_lock(&table_lock);
		old = table;
		table = lf->staged;
		lf->staged = old;
		mutex_unlock(&table_lock);
	}
	table_free(lf->staged);
	seq_buf_free(&lf->text);
	kfree(lf);
}

static const struct file_operations leases_fops = {
	.read_iter = leases_read_iter,
	.write_iter = leases_write_iter,
	.release = leases_release,
};

/* O_RDONLY reads the table as it is; O_WRONLY writes a new one. */
static int leases_open(struct file **fp, unsigned int flags)
{
	struct leases_file *lf;

	if ((flags & O_ACCMODE) == O_RDWR)
		return -EINVAL;
	lf = kzalloc(sizeof(*lf));
	if (!lf)
		return -ENOMEM;
	if ((flags & O_ACCMODE) == O_WRONLY) {
		lf->staged = kzalloc(sizeof(*lf->staged));
		if (!lf->staged)
			goto nomem;
	} else {
		seq_buf_init(&lf->text, TEXT_LIMIT);
		show_leases(&lf->text);
		if (lf->text.overflow)
			goto nomem;
	}
	*fp = alloc_file(&leases_fops, lf, flags);
	if (*fp)
		return 0;
nomem:
	kfree(lf->staged);
	seq_buf_free(&lf->text);
	kfree(lf);
	return -ENOMEM;
}
DEV_ENTRY(skiff_dhcpd, "/proc/skiff/dhcpd", leases_open);

static void lease_json(struct json_list *l, const struct dhcp_lease_rec *r, u64 now)
{
	char addr[INET_ADDRSTRLEN], id[2 * DHCP_LEASE_ID_MAX + 1] = "";
	const u8 *a = (const u8 *)&r->addr;

	for (unsigned int i = 0; i < r->client_id_len; i++)
		snprintf(id + 2 * i, 3, "%02x", r->client_id[i]);
	snprintf(addr, sizeof(addr), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	json_sep(l);
	seq_puts(l->s, "{\"dev\":");
	seq_json_str(l->s, r->ifname);
	seq_printf(l->s, ",\"addr\":\"%s\",\"mac\":\"%02x:%02x:%02x:%02x:%02x:%02x\","
		   "\"state\":\"%s\",\"expires_in\":%lld,\"hostname\":",
		   addr, r->mac[0], r->mac[1], r->mac[2], r->mac[3], r->mac[4], r->mac[5],
		   dhcp_lease_state_name(r->state), (long long)(r->ends - now));
	seq_json_str(l->s, r->hostname);
	seq_puts(l->s, ",\"client_id\":");
	seq_json_str(l->s, id);
	seq_putc(l->s, '}');
}

/* expires_in: seconds until the state ends, negative since it began (released, expired). */
static void leases_json(struct json_list *l)
{
	u64 now = ktime_get_ns() / NSEC_PER_SEC;

	mutex_lock(&table_lock);
	for (unsigned int i = 0; table && i < table->nleases; i++)
		lease_json(l, &table->leases[i], now);
	mutex_unlock(&table_lock);
}
STATS_JSON(dhcp_leases, "dhcp_leases", '[', leases_json);

static void counters_json(struct json_list *l)
{
	mutex_lock(&table_lock);
	for (unsigned int i = 0; table && i < table->ncounters; i++) {
		json_sep(l);
		seq_printf(l->s, "\"%s\":%llu", table->counters[i].name,
			   (unsigned long long)table->counters[i].value);
	}
	mutex_unlock(&table_lock);
}
STATS_JSON(dhcpd, "dhcpd", '{', counters_json);

/*
 * What a write goes through, on a table of its own (the live one is
 * dhcpd's): good lines kept and shown as JSON, a malformed line, a text
 * not ending in a newline and one counter too many refused.
 */
SELFTEST(dhcpd_lease_file_checks_lines)
{
	static const char good[] =
		"lease eth1 10.1.0.100 02:00:00:00:01:01 bound 120 01020000000101 laptop\n"
		"counter rx_discover 3\n";
	static const char bad[] = "lease eth1 10.1.0.300 02:00:00:00:01:01 bound 120 - -\n";
	struct lease_table *t = kzalloc(sizeof(*t));
	struct seq_buf sb;
	struct json_list l = { &sb, true };
	int err_good, err_bad, err_newline, err_full = 0;
	unsigned int nleases, ncounters;
	bool json_ok;

	ST_ASSERT(t);
	err_good = table_add_text(t, good, sizeof(good) - 1);
	nleases = t->nleases;
	ncounters = t->ncounters;
	seq_buf_init(&sb, 1024);
	if (nleases)
		lease_json(&l, &t->leases[0], 100);
	json_ok = sb.buf && strstr(sb.buf, "\"addr\":\"10.1.0.100\"") &&
		  strstr(sb.buf, "\"state\":\"bound\",\"expires_in\":20,\"hostname\":\"laptop\"") &&
		  strstr(sb.buf, "\"client_id\":\"01020000000101\"");
	seq_buf_free(&sb);
	err_bad = table_add_text(t, bad, sizeof(bad) - 1);
	err_newline = table_add_text(t, "counter tx_ack 1", 16);
	while (!err_full && t->ncounters <= COUNTERS_MAX)
		err_full = table_add_text(t, "counter tx_ack 1\n", 17);
	table_free(t);
	ST_EQ(err_good, 0);
	ST_EQ(nleases, 1);
	ST_EQ(ncounters, 1);
	ST_ASSERT(json_ok);
	ST_EQ(err_bad, -EINVAL);
	ST_EQ(err_newline, -EINVAL);
	ST_EQ(err_full, -ENOSPC);
}
