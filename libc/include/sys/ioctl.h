/* ioctl request numbers used on sockets (the Linux values). */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#define FIONREAD	0x541B
#define FIONBIO		0x5421

#define SIOCADDRT	0x890B
#define SIOCDELRT	0x890C
#define SIOCGIFNAME	0x8910	/* ifr_ifindex -> ifr_name */
#define SIOCGIFCONF	0x8912
#define SIOCGIFFLAGS	0x8913
#define SIOCSIFFLAGS	0x8914
#define SIOCGIFADDR	0x8915
#define SIOCSIFADDR	0x8916
#define SIOCGIFBRDADDR	0x8919
#define SIOCGIFNETMASK	0x891b
#define SIOCSIFNETMASK	0x891c
#define SIOCGIFMTU	0x8921
#define SIOCSIFMTU	0x8922
#define SIOCGIFHWADDR	0x8927
#define SIOCGIFINDEX	0x8933
#define SIOCDARP	0x8953

#ifndef __KERNEL__
int ioctl(int fd, unsigned long request, ...);
#endif

#endif
