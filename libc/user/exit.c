/* exit.c - ending a service, and its (empty) environment. */
#include <stdlib.h>
#include <unistd.h>

/* No atexit handlers and no stdio buffers: exit is _exit. */
void exit(int status)
{
	_exit(status);
}

void _Exit(int status)
{
	_exit(status);
}

/*
 * No signals: a ud2 raises #UD, which the kernel reports (name, address,
 * registers) and ends the service with, as a SIGABRT core would on Linux.
 */
void abort(void)
{
	for (;;)
		__builtin_trap();
}

char *getenv(const char *name)
{
	return NULL;
}
