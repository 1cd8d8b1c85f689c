/* errno.c - the fallback errno, until a runtime supplies its own. */
#include <errno.h>

/*
 * Weak, so the kernel (per-thread errno in the thread struct) or the
 * user-mode runtime (thread-local) can link a strong definition instead.
 */
__attribute__((weak)) int *__errno_location(void)
{
	static int errno_value;

	return &errno_value;
}
