/* Socket ioctls of Linux's <linux/sockios.h> not in <sys/ioctl.h>. */
#ifndef _LINUX_SOCKIOS_H
#define _LINUX_SOCKIOS_H

#define SIOCINQ		0x541B	/* = FIONREAD: bytes of the next datagram */
#define SIOCGSTAMP	0x8906	/* struct timeval: when the last packet read arrived */

#endif
