/* struct timeval (the Linux ABI). */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <time.h>

typedef long suseconds_t;

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

#ifndef __KERNEL__
int gettimeofday(struct timeval *tv, void *tz);
#endif

#endif
