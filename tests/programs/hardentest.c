/*
 * hardentest - breaks the hardening on purpose, one way per run, chosen by
 * argv[1]. The kernel's self-tests (kernel/process/process.c) start it once
 * per way and check how it ended; each way must end in a fault the kernel
 * reports, killing this process only:
 *
 *   exec-kernel ADDR  call kernel text at ADDR         page fault, user fetch from a supervisor page
 *   read-kernel ADDR  read kernel data at ADDR         page fault, user read of a supervisor page
 *   exec-stack        run a `ret` stored on the stack  page fault, fetch from an NX page
 *   exec-heap         run a `ret` stored in the heap   page fault, fetch from an NX page
 *   smash             overflow a 16-byte stack buffer  the stack protector's report, then abort (#UD)
 *
 * A way that does not fault prints why and exits 1. Without an argument
 * (as a service) it checks its own layout instead: /proc/self/maps must
 * have a [stack] holding a local variable and a [heap] holding a malloc'd
 * block, and the stack canary must be the AT_RANDOM bytes with the low
 * byte cleared. It prints the bases and the canary (which differ from run
 * to run: tests/integration/test_boot.sh compares two boots) and exits 0
 * if all holds.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern uintptr_t __stack_chk_guard;

/* A `ret` placed at p and called: returns only if p is executable. */
static void call_ret_at(void *p)
{
	*(volatile unsigned char *)p = 0xc3;
	((void (*)(void))p)();
}

static __attribute__((noinline)) void overflow(size_t n)
{
	char buf[16];

	memset(buf, 'A', n);
	/* buf escapes, so the stores cannot be dropped as dead. */
	__asm__ __volatile__("" : : "r"(buf) : "memory");
}

static int broken(const char *what)
{
	printf("hardentest: %s\n", what);
	return 1;
}

/* The range of the /proc/self/maps line ending in name; 0 if none. */
static int maps_range(const char *maps, const char *name, uintptr_t *lo, uintptr_t *hi)
{
	for (const char *line = maps; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		size_t n = strlen(name);
		char *dash;

		if (len >= n && !memcmp(line + len - n, name, n)) {
			*lo = strtoul(line, &dash, 16);
			*hi = strtoul(dash + 1, NULL, 16);
			return *dash == '-';
		}
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

static int check_layout(void)
{
	static char maps[4096];
	uintptr_t stack_lo, stack_hi, heap_lo, heap_hi, local = (uintptr_t)&local;
	uintptr_t block = (uintptr_t)malloc(64);
	const uint64_t *at_random = (const uint64_t *)getauxval(AT_RANDOM);
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return broken("cannot open /proc/self/maps");
	n = read(fd, maps, sizeof(maps) - 1);
	close(fd);
	if (n <= 0)
		return broken("cannot read /proc/self/maps");
	maps[n] = '\0';
	if (!maps_range(maps, "[stack]", &stack_lo, &stack_hi) ||
	    !maps_range(maps, "[heap]", &heap_lo, &heap_hi))
		return broken("no [stack] or [heap] line in /proc/self/maps");
	if (local < stack_lo || local >= stack_hi)
		return broken("a local variable lies outside [stack]");
	if (!block || block < heap_lo || block >= heap_hi)
		return broken("a malloc'd block lies outside [heap]");
	if (!at_random || __stack_chk_guard == 0 || (__stack_chk_guard & 0xff) ||
	    __stack_chk_guard != (*at_random & ~0xffUL))
		return broken("the stack canary is not the AT_RANDOM bytes");
	printf("hardentest: stack %lx heap %lx canary %016lx\n",
	       (unsigned long)stack_lo, (unsigned long)heap_lo,
	       (unsigned long)__stack_chk_guard);
	printf("hardentest: layout ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *way = argc > 1 ? argv[1] : "";
	uintptr_t addr = argc > 2 ? strtoul(argv[2], NULL, 16) : 0;
	volatile size_t too_many = 64;
	unsigned char code[16];

	if (argc < 2)
		return check_layout();
	printf("hardentest: %s%s%s\n", way, argc > 2 ? " " : "", argc > 2 ? argv[2] : "");
	if (!strcmp(way, "exec-kernel")) {
		((void (*)(void))addr)();
		return broken("called into the kernel's text and came back");
	}
	if (!strcmp(way, "read-kernel")) {
		printf("hardentest: read %lx\n", (unsigned long)*(volatile uint64_t *)addr);
		return broken("read the kernel's data");
	}
	if (!strcmp(way, "exec-stack")) {
		call_ret_at(code);
		return broken("ran code on the stack");
	}
	if (!strcmp(way, "exec-heap")) {
		call_ret_at(malloc(16));
		return broken("ran code in the heap");
	}
	if (!strcmp(way, "smash")) {
		overflow(too_many);
		return broken("overflowed a stack buffer unnoticed");
	}
	return broken("unknown way; see the comment at the top of hardentest.c");
}
