/* Internet addresses and protocols (the Linux ABI). */
#ifndef _NETINET_IN_H
#define _NETINET_IN_H

#include <stdint.h>
#include <sys/socket.h>

typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;

struct in_addr {
	in_addr_t s_addr;		/* network byte order */
};

struct sockaddr_in {
	sa_family_t sin_family;
	in_port_t sin_port;		/* network byte order */
	struct in_addr sin_addr;
	unsigned char sin_zero[8];
};

#define IPPROTO_IP	0
#define IPPROTO_ICMP	1
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define IPPROTO_RAW	255

#define INADDR_ANY		((in_addr_t)0x00000000)
#define INADDR_BROADCAST	((in_addr_t)0xffffffff)
#define INADDR_NONE		((in_addr_t)0xffffffff)
#define INADDR_LOOPBACK		((in_addr_t)0x7f000001)

/* Options at level IPPROTO_IP. */
#define IP_TOS			1
#define IP_TTL			2
#define IP_RECVTTL		12	/* recvmsg: an IP_TTL cmsg with the received TTL */
#define IP_HDRINCL		3
#define IP_OPTIONS		4
#define IP_MTU_DISCOVER		10
#define IP_RECVERR		11
#define IP_MTU			14
#define IP_PMTUDISC_DONT	0
#define IP_PMTUDISC_WANT	1
#define IP_PMTUDISC_DO		2

#define INET_ADDRSTRLEN		16

#ifndef __KERNEL__
static inline uint16_t htons(uint16_t v) { return __builtin_bswap16(v); }
static inline uint16_t ntohs(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t htonl(uint32_t v) { return __builtin_bswap32(v); }
static inline uint32_t ntohl(uint32_t v) { return __builtin_bswap32(v); }
#endif

#endif
