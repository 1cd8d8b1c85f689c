/* unit_main.c - runs one program's UNIT_TESTs and reports as unit.h says. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

/* Reports kept per test; later failures are only counted. */
#define MAX_REPORTS	20
#define REPORT_SIZE	512
/* Longest string or byte dump quoted in a report. */
#define QUOTE_MAX	96

static struct unit_test *tests;
static struct unit_test **tests_tail = &tests;

/* Failures of the test that is running. */
static unsigned int nfailures;
static char reports[MAX_REPORTS][REPORT_SIZE];

void unit_register(struct unit_test *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

/* Seeded before each test, so a failure reproduces under a filter. */
static unsigned long long rand_state;

/* Knuth's MMIX LCG; the high half is the well-mixed part. */
unsigned int unit_rand(void)
{
	rand_state = rand_state * 6364136223846793005ULL +
		     1442695040888963407ULL;
	return rand_state >> 33;
}

/* Seeds kept from the running test; a loop over random inputs keeps its first few. */
static unsigned int nseeds;

void unit_seed(const char *target, const void *data, size_t len)
{
	const char *dir = getenv("UNIT_SEED_DIR");
	const unsigned char *p = data;
	unsigned long long h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	char path[4096];
	FILE *f;

	if (!dir || len > UNIT_SEED_MAX || nseeds++ >= UNIT_SEEDS_PER_TEST)
		return;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%016llx", dir, target, h);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "unit_seed: cannot write %s\n", path);
		exit(2);
	}
}

/* Copies src into dst, control bytes as \xNN, so a report stays on one line. */
static void copy_escaped(char *dst, size_t size, const char *src)
{
	size_t used = 0, len;
	char piece[5];

	for (; *src; src++) {
		unsigned char c = *src;

		if (c < ' ' || c == 0x7f)
			snprintf(piece, sizeof(piece), "\\x%02x", c);
		else
			snprintf(piece, sizeof(piece), "%c", c);
		len = strlen(piece);
		if (used + len >= size)
			break;
		memcpy(dst + used, piece, len);
		used += len;
	}
	dst[used] = '\0';
}

bool unit_check(bool ok, const char *file, int line, const char *fmt, ...)
{
	char msg[REPORT_SIZE];
	char *r;
	int n;
	va_list ap;

	if (ok)
		return true;
	if (nfailures++ >= MAX_REPORTS)
		return false;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r = reports[nfailures - 1];
	n = snprintf(r, REPORT_SIZE, "%s:%d: ", file, line);
	if (n >= 0 && n < REPORT_SIZE)
		copy_escaped(r + n, REPORT_SIZE - n, msg);
	return false;
}

bool unit_eq_int(const char *file, int line, const char *ea, const char *eb,
		 long long a, long long b)
{
	return unit_check(a == b, file, line, "%s == %s: %lld != %lld",
			  ea, eb, a, b);
}

bool unit_eq_uint(const char *file, int line, const char *ea, const char *eb,
		  unsigned long long a, unsigned long long b)
{
	return unit_check(a == b, file, line, "%s == %s: %llu != %llu",
			  ea, eb, a, b);
}

/* Writes n bytes of s as a C string literal into out[QUOTE_MAX * 4 + 8]. */
static const char *quote(char *out, const char *s, size_t n)
{
	char *p = out;
	size_t i;

	*p++ = '"';
	for (i = 0; i < n && i < QUOTE_MAX; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			p += snprintf(p, 3, "\\%c", c);
		else if (isprint(c))
			*p++ = c;
		else
			p += snprintf(p, 5, "\\x%02x", c);
	}
	*p++ = '"';
	strcpy(p, i < n ? "..." : "");
	return out;
}

bool unit_eq_str(const char *file, int line, const char *ea, const char *eb,
		 const char *a, const char *b)
{
	char qa[QUOTE_MAX * 4 + 8], qb[QUOTE_MAX * 4 + 8];

	if (a && b)
		return unit_check(!strcmp(a, b), file, line,
				  "%s == %s: %s != %s", ea, eb,
				  quote(qa, a, strlen(a)),
				  quote(qb, b, strlen(b)));
	return unit_check(a == b, file, line, "%s == %s: %s != %s", ea, eb,
			  a ? quote(qa, a, strlen(a)) : "NULL",
			  b ? quote(qb, b, strlen(b)) : "NULL");
}

bool unit_eq_mem(const char *file, int line, const char *ea, const char *eb,
		 const void *a, const void *b, size_t n)
{
	char qa[QUOTE_MAX * 4 + 8], qb[QUOTE_MAX * 4 + 8];
	const char *p = a, *q = b;
	size_t i = 0;

	while (i < n && p[i] == q[i])
		i++;
	return unit_check(i == n, file, line,
			  "%s == %s (%zu bytes): differ at %zu: %s != %s",
			  ea, eb, n, i, quote(qa, p + i, n - i),
			  quote(qb, q + i, n - i));
}

static void report(const struct unit_test *t, int number)
{
	unsigned int kept = nfailures < MAX_REPORTS ? nfailures : MAX_REPORTS;
	unsigned int i;

	if (!nfailures) {
		printf("ok %d - %s\n", number, t->name);
		return;
	}
	printf("not ok %d - %s: %s\n", number, t->name, reports[0]);
	for (i = 1; i < kept; i++)
		printf("# %s\n", reports[i]);
	if (nfailures > kept)
		printf("# ... and %u more failures\n", nfailures - kept);
}

static bool selected(const struct unit_test *t, const char *filter)
{
	return !filter || strstr(t->name, filter);
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	const struct unit_test *t;
	int total = 0, passed = 0, failed = 0;

	/* Line-buffered, so a crash still leaves the lines before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (t = tests; t; t = t->next)
		total += selected(t, filter);
	printf("1..%d\n", total);
	for (t = tests; t; t = t->next) {
		if (!selected(t, filter))
			continue;
		nfailures = 0;
		rand_state = 1;
		nseeds = 0;
		t->fn();
		report(t, passed + failed + 1);
		if (nfailures)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
