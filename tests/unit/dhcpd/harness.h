/* dhcpd's tests (test_dhcpd.c, dhcpd/NAME_tests.c): one server, a client's messages, its replies. */
#ifndef SKIFF_TEST_DHCPD_HARNESS_H
#define SKIFF_TEST_DHCPD_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server.h"

#define XID		0x5eed0001u
#define T0_MS		1000000		/* the clock when a test starts: 1000 s */
#define LEASE		600

uint32_t ip(const char *s);

/* What a test client puts in a message; addresses as dotted strings, NULL for none. */
struct msg {
	uint8_t type;
	uint8_t client;			/* the MAC is 02:00:00:00:00:client */
	const char *ciaddr, *requested, *server_id, *giaddr;
	const char *client_id;		/* bytes; NULL: none */
	const char *hostname;
	const uint8_t *params;		/* option 55; NULL: none */
	size_t nparams;
};

/* The message m in buf (DHCPD_MSG_MAX bytes): its length. */
size_t build(uint8_t *buf, const struct msg *m);

struct env {
	struct dhcpd_counters ctr;
	struct dhcpd_if ifc;
	struct dhcpd_out out;
	int64_t now_ms;
};

bool env_init(struct env *e, const char *spec);
void env_free(struct env *e);
size_t send_msg(struct env *e, const struct msg *m);
bool reply_to(struct env *e, uint8_t client, struct dhcp_reply *r);
uint32_t lease_for(struct env *e, uint8_t client, const char *hostname);
struct lease *slot(struct env *e, const char *a);

#endif
