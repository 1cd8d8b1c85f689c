/*
 * libFuzzer target: arbitrary bytes as the kernel command line, through
 * kernel/cmdline.c built as in the kernel (against Skiff's own string
 * functions, which ASan then watches too) and the real setters of the
 * CMDLINE_PARAMs of the net/ files it pulls in: tcp_msl= and
 * tcp_congestion=. Parameters of kernel-only files (ip=, services=,
 * debug=, ...) are unknown here and take the "unknown option" path.
 *
 * The boot loader hands the line over as a C string (struct bootinfo), so
 * it ends at the first NUL. After parse_cmdline(), each of the first 16
 * words' keys is looked up with cmdline_value() into buffers of the smallest sizes and
 * of sizes around the value's length, and compared with a plain model of the format: words split by
 * spaces and tabs, the key up to the first '=', the first word with a key
 * winning, the value cut to fit and always NUL-terminated.
 */
/* links: net kernel/cmdline.c tests/fuzz/cmdline_params.ld */
#include <kernel/cmdline.h>
#include <net/tcp.h>
#include "shim.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char line[CMDLINE_MAX];

/* The model: the next word at or after *s (skipping spaces and tabs), its length and its key's. */
static size_t next_word(const char **s, size_t *kl)
{
	size_t wl;

	*s += strspn(*s, " \t");
	wl = strcspn(*s, " \t");
	*kl = strcspn(*s, "=");
	*kl = *kl < wl ? *kl : wl;
	return wl;
}

/* The value of the first word whose key is [k, k+kl), or NULL. */
static const char *model_value(const char *k, size_t kl, size_t *vl)
{
	size_t wl, l;

	for (const char *s = line; (wl = next_word(&s, &l)) != 0; s += wl) {
		if (l == kl && !memcmp(s, k, kl)) {
			*vl = l < wl ? wl - l - 1 : 0;
			return s + l + (l < wl);
		}
	}
	return NULL;
}

static void check_lookup(const char *k, size_t kl)
{
	char key[CMDLINE_MAX], buf[24 + 1];
	const char *want;
	size_t vl = 0;

	memcpy(key, k, kl);
	key[kl] = '\0';
	want = model_value(k, kl, &vl);
	if (cmdline_has(key) != (want != NULL))
		abort();
	/* The smallest buffers, and those around the value's length, where it is cut. */
	const size_t sizes[] = { 1, 2, 3, vl, vl + 1, vl + 2 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i], n = vl < size - 1 ? vl : size - 1;

		if (size == 0 || size >= sizeof(buf))
			continue;
		memset(buf, 0x55, sizeof(buf));
		if (cmdline_value(key, buf, size) != (want != NULL))
			abort();
		if (want && (memcmp(buf, want, n) || buf[n] != '\0' || buf[size] != 0x55))
			abort();
	}
}

/* Each input starts from the default the setter changes. */
static void reset(void)
{
	tcp_msl_ms = 30000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = size < sizeof(line) - 1 ? size : sizeof(line) - 1, wl, kl;
	int words = 0;

	shim_printk_quiet = true;
	reset();
	memcpy(line, data, n);
	line[n] = '\0';
	parse_cmdline(line);
	for (const char *s = line; words++ < 16 && (wl = next_word(&s, &kl)) != 0; s += wl)
		check_lookup(s, kl);
	if (tcp_msl_ms == 0 || tcp_msl_ms > 3600000)
		abort();
	return 0;
}
