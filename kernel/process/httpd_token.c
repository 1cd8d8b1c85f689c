/*
 * The token httpd asks for before it hands out a packet capture: a
 * capture is a wiretap, not for whoever can reach port 80. It is given
 * with httpd.token=SECRET on the command line or drawn from the kernel's
 * random pool at boot, shown on the console (serial and screen) so the
 * one at the machine can use it, and read by httpd from
 * /proc/skiff/httpd_token when it starts. /proc is open to the services
 * only (httpd serves no files from it but stats.json), and a token that
 * stays the same across httpd's restarts keeps working links working.
 */
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <kernel/random.h>
#include <kernel/selftest.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define TOKEN_MIN	8
#define TOKEN_MAX	64
#define TOKEN_RANDOM	16		/* bytes drawn at boot: 128 bits, 32 hex digits */

static char httpd_token[TOKEN_MAX + 1];

/* Characters a URL query carries as they are (RFC 3986 2.3, unreserved). */
static bool token_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_' || c == '~';
}

/* 8 to 64 characters a URL carries as they are. */
static bool token_valid(const char *value)
{
	size_t n = value ? strlen(value) : 0;

	if (n < TOKEN_MIN || n > TOKEN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!token_char(value[i]))
			return false;
	return true;
}

static int set_httpd_token(const char *key, const char *value)
{
	if (!token_valid(value)) {
		printk("cmdline: httpd.token wants %d to %d letters, digits or -._~\n",
		       TOKEN_MIN, TOKEN_MAX);
		return -EINVAL;
	}
	strlcpy(httpd_token, value, sizeof(httpd_token));
	return 0;
}
CMDLINE_PARAM(httpd_token, "httpd.token", set_httpd_token,
	      "httpd.token=SECRET: what /capture.pcap asks for (default: drawn at boot, shown on the console)");

/* Before the services start (late_initcall), so httpd finds it. */
static int httpd_token_init(void)
{
	u8 raw[TOKEN_RANDOM];

	if (!httpd_token[0]) {
		get_random_bytes(raw, sizeof(raw));
		for (size_t i = 0; i < sizeof(raw); i++)
			snprintf(httpd_token + 2 * i, 3, "%02x", raw[i]);
	}
	printk("httpd: capture token %s (for /capture.pcap?token=...)\n", httpd_token);
	return 0;
}
device_initcall(httpd_token_init);

static void show_httpd_token(struct seq_buf *s)
{
	seq_printf(s, "%s\n", httpd_token);
}
PROC_ENTRY(httpd_token, "/proc/skiff/httpd_token", show_httpd_token);

/* The token in use follows the rules, and /proc/skiff/httpd_token shows it. */
SELFTEST(httpd_token_rules)
{
	struct seq_buf sb;
	bool shown;

	ST_ASSERT(token_valid(httpd_token));
	ST_ASSERT(token_valid("Good-token_1.~"));
	ST_ASSERT(!token_valid("short"));
	ST_ASSERT(!token_valid("has space in it"));
	ST_ASSERT(!token_valid("amp&ersand=1"));
	ST_ASSERT(!token_valid(NULL));
	seq_buf_init(&sb, 128);
	shown = proc_show("/proc/skiff/httpd_token", &sb) == 0 && sb.len == strlen(httpd_token) + 1 &&
		!memcmp(sb.buf, httpd_token, sb.len - 1);
	seq_buf_free(&sb);
	ST_ASSERT(shown);
}
