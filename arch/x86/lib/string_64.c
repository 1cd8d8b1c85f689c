/*
 * Which memcpy/memset flavour this CPU gets (arch/x86/lib/memcpy_64.S):
 * `rep movsb`/`rep stosb` when CPUID says ERMS (Intel SDM Vol. 1 7.3.9.3),
 * 8-byte moves otherwise. Run once, first thing, by the kernel and by
 * every service's start-up code; until then the 8-byte moves serve.
 */
#include <stdbool.h>
#include <stddef.h>

void *memcpy_erms(void *dst, const void *src, size_t n);
void *memcpy_movq(void *dst, const void *src, size_t n);
void *memset_erms(void *s, int c, size_t n);
void *memset_movq(void *s, int c, size_t n);

extern void *(*x86_memcpy_impl)(void *, const void *, size_t);
extern void *(*x86_memset_impl)(void *, int, size_t);

#define CPUID_7_EBX_ERMS	(1U << 9)

static bool cpu_has_erms(void)
{
	unsigned int a, b, c, d;

	__asm__ __volatile__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
	if (a < 7)
		return false;
	__asm__ __volatile__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
	return b & CPUID_7_EBX_ERMS;
}

/* Returns true when the string-instruction flavour was chosen. */
bool x86_string_init(void)
{
	bool erms = cpu_has_erms();

	x86_memcpy_impl = erms ? memcpy_erms : memcpy_movq;
	x86_memset_impl = erms ? memset_erms : memset_movq;
	return erms;
}
