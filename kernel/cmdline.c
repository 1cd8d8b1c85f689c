/*
 * Command line parsing. Each module registers the keys it understands with
 * CMDLINE_PARAM; a key nobody registered is reported and ignored, so a
 * typo is visible instead of silently doing nothing.
 */
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <kernel/selftest.h>
#include <string.h>

extern const struct cmdline_param __cmdline_params_start[], __cmdline_params_end[];

static char cmdline_buf[CMDLINE_MAX];

static const struct cmdline_param *find_param(const char *key, size_t keylen)
{
	for (const struct cmdline_param *p = __cmdline_params_start;
	     p < __cmdline_params_end; p++) {
		size_t n = strlen(p->key);

		/* "ip." registers every "ip.<iface>" key. */
		if (p->key[n - 1] == '.' ? keylen > n && !strncmp(key, p->key, n)
					  : keylen == n && !strncmp(key, p->key, n))
			return p;
	}
	return NULL;
}

/* Split "a=1 b c=x" into words; call fn(key, keylen, value-or-NULL, valuelen). */
static void for_each_word(const char *s,
			  bool (*fn)(const char *k, size_t kl, const char *v, size_t vl, void *arg),
			  void *arg)
{
	while (*s) {
		size_t wl, kl;
		const char *eq;

		s += strspn(s, " \t");
		wl = strcspn(s, " \t");
		if (wl == 0)
			break;
		eq = memchr(s, '=', wl);
		kl = eq ? (size_t)(eq - s) : wl;
		if (fn(s, kl, eq ? eq + 1 : NULL, eq ? wl - kl - 1 : 0, arg))
			return;
		s += wl;
	}
}

static bool apply_word(const char *k, size_t kl, const char *v, size_t vl, void *arg)
{
	const struct cmdline_param *p = find_param(k, kl);
	char key[64], val[256];

	if (kl == 0)
		return false;
	if (kl >= sizeof(key) || (v && vl >= sizeof(val))) {
		printk("cmdline: '%.*s' is too long, ignored\n", (int)kl, k);
		return false;
	}
	if (!p) {
		printk("cmdline: unknown option '%.*s' ignored\n", (int)kl, k);
		return false;
	}
	memcpy(key, k, kl);
	key[kl] = '\0';
	if (v) {
		memcpy(val, v, vl);
		val[vl] = '\0';
	}
	if (p->set && p->set(key, v ? val : NULL) < 0)
		printk("cmdline: bad value for %s (%s)\n", key, p->help);
	return false;
}

void parse_cmdline(const char *cmdline)
{
	strlcpy(cmdline_buf, cmdline, sizeof(cmdline_buf));
	for_each_word(cmdline_buf, apply_word, NULL);
}

struct lookup {
	const char *key;
	char *buf;
	size_t len;
	bool found;
};

static bool lookup_word(const char *k, size_t kl, const char *v, size_t vl, void *arg)
{
	struct lookup *l = arg;

	if (strlen(l->key) != kl || strncmp(k, l->key, kl))
		return false;
	l->found = true;
	if (l->buf && l->len) {
		size_t n = v ? min(vl, l->len - 1) : 0;

		memcpy(l->buf, v ? v : "", n);
		l->buf[n] = '\0';
	}
	return true;
}

bool cmdline_value(const char *key, char *buf, size_t len)
{
	struct lookup l = { key, buf, len, false };

	for_each_word(cmdline_buf, lookup_word, &l);
	return l.found;
}

bool cmdline_has(const char *key)
{
	return cmdline_value(key, NULL, 0);
}

/* As Linux's: services with keys of their own (dhcpd.IFACE=) read them here. */
static void show_cmdline(struct seq_buf *s)
{
	seq_printf(s, "%s\n", cmdline_buf);
}
PROC_ENTRY(cmdline, "/proc/cmdline", show_cmdline);

/* Flags handled elsewhere by cmdline_has(), registered so they are not "unknown". */
CMDLINE_PARAM(selftest, "selftest", NULL, "run the full self-test suite, then exit QEMU");

SELFTEST(cmdline_lookup)
{
	char saved[CMDLINE_MAX], v[16];

	strlcpy(saved, cmdline_buf, sizeof(saved));
	strlcpy(cmdline_buf, "  a=1 flag ip.eth1=10.1.0.2/24 long=abcdefghijklmnopqrstuvwxyz x=", sizeof(cmdline_buf));
	bool ok = cmdline_value("a", v, sizeof(v)) && !strcmp(v, "1") &&
		  cmdline_has("flag") && !cmdline_has("fla") &&
		  cmdline_value("ip.eth1", v, sizeof(v)) && !strcmp(v, "10.1.0.2/24") &&
		  cmdline_value("long", v, sizeof(v)) && strlen(v) == sizeof(v) - 1 &&
		  cmdline_value("x", v, sizeof(v)) && v[0] == '\0' &&
		  !cmdline_has("missing");
	strlcpy(cmdline_buf, saved, sizeof(cmdline_buf));
	ST_ASSERT(ok);
	ST_ASSERT(find_param("ip.eth1", 7) == NULL || find_param("ip.eth1", 7)->key[2] == '.');
}
