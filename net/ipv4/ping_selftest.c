/*
 * In-kernel self-tests of ICMP echo sockets over loopback: the whole IP
 * and ICMP path with real softirqs and a blocking receive, every size a
 * ping can send, and the socket buffers back at their count afterwards.
 */
#include <kernel/selftest.h>
#include <kernel/slab.h>
#include <kernel/net.h>
#include <net/sock.h>
#include <net/icmp.h>
#include <net/byteorder.h>
#include <net/proto/ip.h>
#include <netinet/in.h>
#include <sys/time.h>
#include <errno.h>
#include <string.h>

#define ST_LO		htonl(0x7f000001)
#define ST_MAX_DATA	(IP_MAXPACKET - 20 - ICMP_HLEN)

static struct socket *st_ping_socket(void)
{
	struct timeval tv = { .tv_sec = 2 };
	struct socket *sock;

	if (sock_create_kern(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &sock))
		return NULL;
	kernel_setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return sock;
}

/* One echo of size data octets to 127.0.0.1: the reply matches, byte for byte. */
static bool st_echo(struct socket *sock, u8 *req, u8 *rep, unsigned int size, u16 seq)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = ST_LO };
	struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof(sin) };
	struct icmphdr *h = (struct icmphdr *)req;
	struct kvec v = { req, ICMP_HLEN + size };
	struct msghdr r = { 0 };
	struct kvec rv = { rep, ICMP_HLEN + size + 1 };

	memset(h, 0, sizeof(*h));
	h->type = ICMP_ECHO;
	h->un.echo.sequence = htons(seq);
	for (unsigned int i = 0; i < size; i++)
		req[ICMP_HLEN + i] = (u8)(i * 7 + seq);
	if (kernel_sendmsg(sock, &m, &v, 1, v.iov_len) != (int)v.iov_len)
		return false;
	if (kernel_recvmsg(sock, &r, &rv, 1, rv.iov_len, 0) != (int)v.iov_len)
		return false;
	h = (struct icmphdr *)rep;
	return h->type == ICMP_ECHOREPLY && h->un.echo.sequence == htons(seq) &&
	       !memcmp(rep + ICMP_HLEN, req + ICMP_HLEN, size);
}

SELFTEST(ping_socket_loopback_sizes)
{
	static const unsigned int sizes[] = { 0, 56, 1472, 4000, 20000, ST_MAX_DATA };
	struct socket *sock = st_ping_socket();
	u8 *req = kmalloc(IP_MAXPACKET), *rep = kmalloc(IP_MAXPACKET);
	int bad = -1;

	for (size_t i = 0; sock && req && rep && bad < 0 && i < ARRAY_SIZE(sizes); i++)
		if (!st_echo(sock, req, rep, sizes[i], (u16)(i + 1)))
			bad = (int)i;
	if (sock)
		sock_release(sock);
	kfree(req);
	kfree(rep);
	ST_ASSERT(sock && req && rep);
	if (bad >= 0)
		ST_FAIL("no intact echo reply of %u octets", sizes[bad]);
}

POST_SELFTEST(ping_socket_loopback_returns_skbs)
{
	struct skb_stats before, after;
	struct socket *sock;
	u8 *req = kmalloc(2048), *rep = kmalloc(2048);
	int ok = 0;

	skb_get_stats(&before);
	sock = st_ping_socket();
	for (u16 seq = 1; sock && req && rep && seq <= 20; seq++)
		ok += st_echo(sock, req, rep, 1000, seq);
	if (sock)
		sock_release(sock);
	kfree(req);
	kfree(rep);
	skb_get_stats(&after);
	ST_EQ(ok, 20);
	ST_EQ(after.live_heads, before.live_heads);
	ST_EQ(after.live_data, before.live_data);
}

SELFTEST(ping_socket_rejects_what_is_not_an_echo_request)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = ST_LO };
	struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof(sin) };
	u8 msg[ICMP_HLEN] = { ICMP_TIMESTAMP };
	struct kvec v = { msg, sizeof(msg) };
	struct socket *sock = st_ping_socket();
	int wrong_type, too_short;

	ST_ASSERT(sock);
	wrong_type = kernel_sendmsg(sock, &m, &v, 1, sizeof(msg));
	v.iov_len = ICMP_HLEN - 1;
	msg[0] = ICMP_ECHO;
	too_short = kernel_sendmsg(sock, &m, &v, 1, v.iov_len);
	sock_release(sock);
	ST_EQ(wrong_type, -EINVAL);
	ST_EQ(too_short, -EINVAL);
}
