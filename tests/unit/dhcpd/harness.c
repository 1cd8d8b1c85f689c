/*
 * dhcpd's tests: one server on eth1, a client's messages built byte by
 * byte, the server's replies read with the client's own parser.
 */
#include <arpa/inet.h>
#include <string.h>

#include "harness.h"
#include "unit.h"

uint32_t ip(const char *s)
{
	return inet_addr(s);
}

static void mac_of(uint8_t client, uint8_t mac[6])
{
	memcpy(mac, "\x02\0\0\0\0", 5);
	mac[5] = client;
}

static uint8_t *put_opt(uint8_t *p, uint8_t code, const void *v, size_t len)
{
	*p++ = code;
	*p++ = (uint8_t)len;
	memcpy(p, v, len);
	return p + len;
}

static uint8_t *put_addr_opt(uint8_t *p, uint8_t code, const char *a)
{
	uint32_t v;

	if (!a)
		return p;
	v = ip(a);
	return put_opt(p, code, &v, 4);
}

size_t build(uint8_t *buf, const struct msg *m)
{
	uint8_t *p = buf + DHCP_OFF_OPTIONS;
	uint32_t v;

	memset(buf, 0, DHCP_MIN_MSG);
	buf[DHCP_OFF_OP] = BOOTREQUEST;
	buf[DHCP_OFF_HTYPE] = 1;
	buf[DHCP_OFF_HLEN] = 6;
	v = htonl(XID);
	memcpy(buf + DHCP_OFF_XID, &v, 4);
	v = m->ciaddr ? ip(m->ciaddr) : 0;
	memcpy(buf + DHCP_OFF_CIADDR, &v, 4);
	v = m->giaddr ? ip(m->giaddr) : 0;
	memcpy(buf + DHCP_OFF_GIADDR, &v, 4);
	mac_of(m->client, buf + DHCP_OFF_CHADDR);
	memcpy(buf + DHCP_OFF_COOKIE, "\x63\x82\x53\x63", 4);
	p = put_opt(p, DHO_MESSAGE_TYPE, &m->type, 1);
	p = put_addr_opt(p, DHO_REQUESTED_IP, m->requested);
	p = put_addr_opt(p, DHO_SERVER_ID, m->server_id);
	if (m->client_id)
		p = put_opt(p, DHO_CLIENT_ID, m->client_id, strlen(m->client_id));
	if (m->hostname)
		p = put_opt(p, DHO_HOSTNAME, m->hostname, strlen(m->hostname));
	if (m->params)
		p = put_opt(p, DHO_PARAM_REQUEST, m->params, m->nparams);
	*p++ = DHO_END;
	return (size_t)(p - buf) < DHCP_MIN_MSG ? DHCP_MIN_MSG : (size_t)(p - buf);
}

/* Serves eth1 = 10.1.0.1/24 with the pool and options spec gives. */
bool env_init(struct env *e, const char *spec)
{
	struct dhcpd_config cfg;
	char why[128];

	memset(e, 0, sizeof(*e));
	e->now_ms = T0_MS;
	if (!EXPECT_MSG(dhcpd_config_parse("eth1", spec, &cfg, why, sizeof(why)), "%s", why) ||
	    !EXPECT_MSG(dhcpd_config_check(&cfg, ip("10.1.0.1"), ip("255.255.255.0"), why,
					   sizeof(why)), "%s", why))
		return false;
	return EXPECT(dhcpd_if_init(&e->ifc, &cfg, ip("10.1.0.1"), ip("255.255.255.0"),
				    &e->ctr) == 0);
}

void env_free(struct env *e)
{
	dhcpd_if_destroy(&e->ifc);
}

/* Expiry first, as dhcpd's loop does, then the message; returns the reply's length. */
size_t send_msg(struct env *e, const struct msg *m)
{
	uint8_t buf[DHCPD_MSG_MAX];
	size_t len = build(buf, m);

	dhcpd_expire(&e->ifc, e->now_ms, NULL, NULL);
	dhcpd_input(&e->ifc, buf, len, e->now_ms, &e->out);
	e->now_ms += 10;
	return e->out.len;
}

/* The reply to client as its parser reads it; false if there was none. */
bool reply_to(struct env *e, uint8_t client, struct dhcp_reply *r)
{
	uint8_t mac[6];

	mac_of(client, mac);
	return e->out.len && dhcp_parse(e->out.buf, e->out.len, XID, mac, r) == DHCP_OK;
}

/* DISCOVER then REQUEST (SELECTING): the address client is bound to, or 0. */
uint32_t lease_for(struct env *e, uint8_t client, const char *hostname)
{
	struct msg d = { .type = DHCPDISCOVER, .client = client, .hostname = hostname };
	struct dhcp_reply r;
	char a[INET_ADDRSTRLEN];

	if (!send_msg(e, &d) || !reply_to(e, client, &r) || r.type != DHCPOFFER)
		return 0;
	inet_ntop(AF_INET, &r.yiaddr, a, sizeof(a));
	struct msg q = { .type = DHCPREQUEST, .client = client, .requested = a,
			 .server_id = "10.1.0.1", .hostname = hostname };
	if (!send_msg(e, &q) || !reply_to(e, client, &r) || r.type != DHCPACK)
		return 0;
	return r.yiaddr;
}

struct lease *slot(struct env *e, const char *a)
{
	return pool_lease(&e->ifc.pool, ip(a));
}
