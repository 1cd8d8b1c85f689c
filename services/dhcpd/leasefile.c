/* leasefile.c - dhcpd's table written to and read from its lease file (leasefile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leasefile.h"

#define CHUNK		4096		/* whole lines per write(2) */
#define READ_MAX	(2 * 1024 * 1024)

struct writer {
	int fd;
	char buf[CHUNK];
	size_t len;
	int err;			/* errno of the first failure */
};

static void flush(struct writer *w)
{
	if (w->len && !w->err && write(w->fd, w->buf, w->len) != (ssize_t)w->len)
		w->err = errno ? errno : EIO;
	w->len = 0;
}

/* One line (from a format function that returns 0 when it does not fit). */
static void add_line(struct writer *w, const char *line, size_t len)
{
	if (!len)
		return;
	if (w->len + len > sizeof(w->buf))
		flush(w);
	memcpy(w->buf + w->len, line, len);
	w->len += len;
}

static void lease_to_rec(const struct dhcpd_if *ifc, const struct lease *l,
			 struct dhcp_lease_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	memcpy(rec->ifname, ifc->cfg.ifname, sizeof(rec->ifname));
	rec->addr = pool_addr(&ifc->pool, l);
	memcpy(rec->mac, l->client.mac, sizeof(rec->mac));
	rec->state = l->state;
	rec->ends = l->ends > 0 ? (uint64_t)l->ends : 0;
	memcpy(rec->client_id, l->client.id, l->client.id_len);
	rec->client_id_len = l->client.id_len;
	memcpy(rec->hostname, l->hostname, sizeof(rec->hostname));
}

int leasefile_write(const char *path, const struct dhcpd_if *ifs, int nifs,
		    const struct dhcpd_counters *ctr)
{
	struct writer w = { .fd = open(path, O_WRONLY | O_TRUNC) };
	char line[DHCP_LEASE_LINE_MAX];
	struct dhcp_lease_rec rec;

	if (w.fd < 0)
		return -1;
	for (int i = 0; i < nifs; i++) {
		const struct pool *p = &ifs[i].pool;

		for (unsigned int j = 0; j < p->size; j++) {
			if (p->leases[j].state == DHCP_LEASE_FREE)
				continue;
			lease_to_rec(&ifs[i], &p->leases[j], &rec);
			add_line(&w, line, dhcp_lease_format(line, sizeof(line), &rec));
		}
	}
	for (unsigned int c = 0; c < DHCPD_NCOUNTERS; c++)
		add_line(&w, line, dhcp_counter_format(line, sizeof(line),
						       dhcpd_counter_name(c), ctr->v[c]));
	flush(&w);
	/* The kernel takes the new table at close, unless a write failed. */
	if (close(w.fd) < 0 && !w.err)
		w.err = errno;
	errno = w.err;
	return w.err ? -1 : 0;
}

/* The whole file, NUL-terminated, in a buffer the caller frees; NULL with errno. */
char *read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0, size = 0;
	char *buf = NULL, *nb;
	ssize_t n;

	if (fd < 0)
		return NULL;
	for (;;) {
		if (size - len < CHUNK + 1) {
			size = size ? 2 * size : 2 * CHUNK;
			nb = size <= READ_MAX ? realloc(buf, size) : NULL;
			if (!nb) {
				errno = size > READ_MAX ? EFBIG : ENOMEM;
				goto fail;
			}
			buf = nb;
		}
		n = read(fd, buf + len, size - len - 1);
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	n = errno;
	free(buf);
	close(fd);
	errno = (int)n;
	return NULL;
}

/* The slot rec names in one of ifs, or NULL. */
static struct lease *slot_of(struct dhcpd_if *ifs, int nifs,
			     const struct dhcp_lease_rec *rec)
{
	for (int i = 0; i < nifs; i++)
		if (!strcmp(ifs[i].cfg.ifname, rec->ifname))
			return pool_lease(&ifs[i].pool, rec->addr);
	return NULL;
}

static void restore_lease(struct lease *l, const struct dhcp_lease_rec *rec)
{
	memset(l, 0, sizeof(*l));
	l->state = rec->state;
	l->ends = (int64_t)rec->ends;
	memcpy(l->client.mac, rec->mac, sizeof(l->client.mac));
	memcpy(l->client.id, rec->client_id, rec->client_id_len);
	l->client.id_len = rec->client_id_len;
	memcpy(l->hostname, rec->hostname, sizeof(l->hostname));
}

static void restore_counter(struct dhcpd_counters *ctr, const struct dhcp_counter_rec *c)
{
	for (unsigned int i = 0; i < DHCPD_NCOUNTERS; i++)
		if (!strcmp(dhcpd_counter_name(i), c->name))
			ctr->v[i] = c->value;
}

int leasefile_load(const char *path, struct dhcpd_if *ifs, int nifs,
		   struct dhcpd_counters *ctr, unsigned int *skipped)
{
	char *text = read_file(path), *p = text, *nl;
	int restored = 0;

	*skipped = 0;
	if (!text)
		return -1;
	for (; (nl = strchr(p, '\n')); p = nl + 1) {
		struct dhcp_lease_rec rec;
		struct dhcp_counter_rec c;
		struct lease *l;

		switch (dhcp_lease_parse_line(p, (size_t)(nl - p), &rec, &c)) {
		case DHCP_LINE_LEASE:
			l = slot_of(ifs, nifs, &rec);
			if (l) {
				restore_lease(l, &rec);
				restored++;
			} else {
				(*skipped)++;
			}
			break;
		case DHCP_LINE_COUNTER:
			restore_counter(ctr, &c);
			break;
		default:
			(*skipped)++;
		}
	}
	free(text);
	return restored;
}
