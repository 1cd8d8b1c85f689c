/* klogctl(): the kernel log through syslog(2) (Linux's <sys/klog.h>, <linux/syslog.h>). */
#ifndef _SYS_KLOG_H
#define _SYS_KLOG_H

#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ_ALL		3	/* the newest len bytes, left in place */
#define SYSLOG_ACTION_SIZE_BUFFER	10	/* the log buffer's size */

#ifndef __KERNEL__
int klogctl(int type, char *buf, int len);
#endif

#endif
