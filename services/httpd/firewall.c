/*
 * firewall.c - /api/firewall: the ruleset as `nft list ruleset` prints it,
 * counters included, and the conntrack table, for the dashboard's
 * firewall card. Read as the shell reads them, through the stack's own
 * interfaces: the nft request over a NETLINK_NETFILTER socket (libc's
 * nft_talk) and /proc/net/nf_conntrack, one string per line.
 *
 *	{"ruleset": "table inet filter {...}\n" | null,
 *	 "ruleset_error": null | "why",
 *	 "conntrack": ["ipv4 2 tcp 6 431999 ESTABLISHED src=...", ...],
 *	 "conntrack_error": null | "why"}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <skiff/nft.h>

#include "httpd.h"

/* A growing JSON text; once an append fails, every later one is ignored. */
struct jbuf {
	char *p;
	size_t len, cap;
	bool failed;
};

static void jb_put(struct jbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *np;

		while (cap < b->len + n)
			cap *= 2;
		if (cap > HTTPD_MAX_STATS || !(np = realloc(b->p, cap))) {
			b->failed = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void jb_lit(struct jbuf *b, const char *s)
{
	jb_put(b, s, strlen(s));
}

/* s[0..n) as a JSON string (RFC 8259 7): quote, backslash and controls escaped. */
static void jb_str(struct jbuf *b, const char *s, size_t n)
{
	jb_put(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		char esc[8];

		if (ch == '"' || ch == '\\') {
			esc[0] = '\\';
			esc[1] = (char)ch;
			jb_put(b, esc, 2);
		} else if (ch == '\n' || ch == '\t') {
			jb_put(b, ch == '\n' ? "\\n" : "\\t", 2);
		} else if (ch < 0x20 || ch == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			jb_put(b, esc, 6);
		} else {
			jb_put(b, s + i, 1);
		}
	}
	jb_put(b, "\"", 1);
}

/* The nft listing being gathered from the answers, and the kernel's error. */
struct listing {
	struct jbuf text;
	char err[256];
};

static void take_answer(int type, const char *text, void *arg)
{
	struct listing *l = arg;

	if (type == NFT_MSG_SKIFF_ERROR)
		snprintf(l->err, sizeof(l->err), "%s", text);
	else
		jb_lit(&l->text, text);
}

/* The ruleset as `nft list ruleset` prints it; 0, or -errno with l->err set. */
static int list_ruleset(struct listing *l)
{
	static struct nft_req req;	/* 8 KiB: not on the stack */
	static char list[] = "list", ruleset[] = "ruleset";
	char *argv[] = { list, ruleset };
	int fd, rc;

	if (nft_build_request(2, argv, &req, l->err, sizeof(l->err)))
		return -EINVAL;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0) {
		rc = -errno;
		snprintf(l->err, sizeof(l->err), "netlink socket: %s", strerror(-rc));
		return rc;
	}
	rc = nft_talk(fd, &req, take_answer, l);
	close(fd);
	if (rc && !l->err[0])
		snprintf(l->err, sizeof(l->err), "nft list ruleset: %s",
			 rc == -EPROTO ? "no answer from the kernel" : strerror(-rc));
	return rc;
}

static void put_ruleset(const struct httpd_config *cfg, struct jbuf *b)
{
	struct listing l = { .err = "" };
	char *file = NULL;
	size_t flen = 0;
	int rc;

	if (cfg->ruleset_path) {
		file = httpd_read_file(cfg->ruleset_path, &flen);
		rc = file ? 0 : -errno;
		if (!file)
			snprintf(l.err, sizeof(l.err), "%s: %s", cfg->ruleset_path, strerror(errno));
	} else {
		rc = list_ruleset(&l);
		if (!rc && l.text.failed) {
			rc = -ENOMEM;
			snprintf(l.err, sizeof(l.err), "out of memory");
		}
	}
	jb_lit(b, "{\"ruleset\":");
	if (rc)
		jb_lit(b, "null");
	else if (file)
		jb_str(b, file, flen);
	else
		jb_str(b, l.text.p ? l.text.p : "", l.text.len);
	jb_lit(b, ",\"ruleset_error\":");
	if (rc)
		jb_str(b, l.err, strlen(l.err));
	else
		jb_lit(b, "null");
	free(file);
	free(l.text.p);
}

/* Each line of the conntrack file as one string. */
static void put_conntrack(const struct httpd_config *cfg, struct jbuf *b)
{
	size_t len = 0;
	char *ct = httpd_read_file(cfg->conntrack_path, &len);
	const char *p = ct, *end = ct + len;
	bool first = true;

	jb_lit(b, ",\"conntrack\":[");
	while (ct && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n) {
			if (!first)
				jb_put(b, ",", 1);
			jb_str(b, p, n);
			first = false;
		}
		p += n + 1;
	}
	jb_lit(b, "],\"conntrack_error\":");
	if (ct) {
		jb_lit(b, "null");
	} else {
		char why[300];

		snprintf(why, sizeof(why), "%s: %s", cfg->conntrack_path, strerror(errno));
		jb_str(b, why, strlen(why));
	}
	free(ct);
}

char *firewall_json(const struct httpd_config *cfg, size_t *lenp)
{
	struct jbuf b = { 0 };

	put_ruleset(cfg, &b);
	put_conntrack(cfg, &b);
	jb_lit(&b, "}\n");
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	*lenp = b.len;
	return b.p;
}
