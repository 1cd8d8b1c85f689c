/*
 * faulttest - a service that faults on purpose: it prints a line, then
 * reads through a NULL pointer. The kernel must report the fault (service
 * name, address, registers) and end this service only, while the kernel
 * and the other services keep serving.
 */
#include <stdio.h>

int main(void)
{
	volatile int *volatile p = NULL;

	printf("faulttest: dereferencing NULL now\n");
	return *p;
}
