/*
 * libFuzzer target: arbitrary bytes as a DHCP server's reply for dhcpc's
 * parser (libc/user/dhcp_msg.c). The client's transaction id and
 * hardware address are taken from the datagram itself, so the parser gets
 * past those checks to the options (and the sname and file fields they may
 * overload). A parsed reply must be self-consistent: a known message type,
 * at most DHCP_MAX_DNS servers, a NUL-terminated printable message.
 *
 * The input also drives the builder: a request made from its bytes, turned
 * into a reply, must parse back to the same type, addresses and client.
 */
/* links: libc/user/dhcp_msg.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <skiff/dhcp_msg.h>

static void check_reply(enum dhcp_parse_err err, const struct dhcp_reply *r)
{
	size_t n = strnlen(r->message, sizeof(r->message));

	if (err > DHCP_ENOTYPE || !dhcp_parse_strerror(err) || !dhcp_type_name(r->type))
		abort();
	if (err == DHCP_OK && (r->type < DHCPDISCOVER || r->type > DHCPINFORM))
		abort();
	if (r->ndns > DHCP_MAX_DNS || n == sizeof(r->message))
		abort();
	for (size_t i = 0; i < n; i++)
		if (r->message[i] < 0x20 || r->message[i] > 0x7e)
			abort();
}

static void parse_input(const uint8_t *data, size_t size)
{
	static const uint8_t other_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct dhcp_reply r;
	uint32_t xid = 0x1234abcd;
	const uint8_t *chaddr = other_mac;

	if (size >= DHCP_OFF_OPTIONS) {
		xid = (uint32_t)data[DHCP_OFF_XID] << 24 | (uint32_t)data[DHCP_OFF_XID + 1] << 16 |
		      (uint32_t)data[DHCP_OFF_XID + 2] << 8 | data[DHCP_OFF_XID + 3];
		chaddr = data + DHCP_OFF_CHADDR;
	}
	check_reply(dhcp_parse(data, size, xid, chaddr, &r), &r);
}

/* A request from the first 24 bytes, built, made a reply, parsed back. */
static void round_trip(const uint8_t *data, size_t size)
{
	struct dhcp_request req;
	struct dhcp_reply r;
	uint8_t buf[DHCP_BUILD_MAX];
	size_t len;

	if (size < 24)
		return;
	memset(&req, 0, sizeof(req));
	req.type = DHCPDISCOVER + data[0] % DHCPINFORM;
	memcpy(&req.xid, data + 1, 4);
	req.secs = (uint16_t)(data[5] << 8 | data[6]);
	req.broadcast = data[7] & 1;
	memcpy(&req.ciaddr, data + 8, 4);
	memcpy(&req.requested_ip, data + 12, 4);
	memcpy(&req.server_id, data + 16, 4);
	memcpy(req.chaddr, data + 18, 6);
	if (dhcp_build(buf, sizeof(buf) - 1, &req) != 0)
		abort();	/* too small a buffer must be refused */
	len = dhcp_build(buf, sizeof(buf), &req);
	if (len != DHCP_BUILD_MAX || buf[DHCP_OFF_OP] != BOOTREQUEST)
		abort();
	buf[DHCP_OFF_OP] = BOOTREPLY;
	if (dhcp_parse(buf, len, req.xid, req.chaddr, &r) != DHCP_OK || r.type != req.type ||
	    r.truncated || r.bad_options ||
	    (req.server_id && (!(r.have & DHCP_HAVE_SERVER_ID) || r.server_id != req.server_id)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_input(data, size);
	round_trip(data, size);
	return 0;
}
