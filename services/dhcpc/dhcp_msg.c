/* dhcp_msg.c - building and parsing DHCP messages (RFC 2131, RFC 2132). */
#include <string.h>

#include "dhcp_msg.h"

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* An address as it is on the wire, kept in network byte order. */
static uint32_t get_addr(const uint8_t *p)
{
	uint32_t a;

	memcpy(&a, p, 4);
	return a;
}

static uint8_t *put_option(uint8_t *p, uint8_t code, const void *data,
			   uint8_t len)
{
	*p++ = code;
	*p++ = len;
	memcpy(p, data, len);
	return p + len;
}

/*
 * RFC 2131 4.4.1 and table 5 say which fields and options each message
 * carries; the caller chooses them (ciaddr, options 50 and 54) by state.
 * Every message names the client (option 61, RFC 2132 9.14: type 1 and
 * the MAC) and DISCOVER/REQUEST ask for the parameters the client uses
 * (option 55, RFC 2132 9.8).
 */
size_t dhcp_build(uint8_t *buf, size_t size, const struct dhcp_request *req)
{
	static const uint8_t params[] = {
		DHO_SUBNET_MASK, DHO_ROUTER, DHO_DNS, DHO_LEASE_TIME,
		DHO_RENEWAL_TIME, DHO_REBINDING_TIME,
	};
	uint8_t client_id[7] = { DHCP_HTYPE_ETHER };
	uint8_t *p;

	if (size < DHCP_BUILD_MAX)
		return 0;
	memset(buf, 0, DHCP_BUILD_MAX);
	buf[DHCP_OFF_OP] = BOOTREQUEST;
	buf[DHCP_OFF_HTYPE] = DHCP_HTYPE_ETHER;
	buf[DHCP_OFF_HLEN] = 6;
	put_be32(buf + DHCP_OFF_XID, req->xid);
	buf[DHCP_OFF_SECS] = req->secs >> 8;
	buf[DHCP_OFF_SECS + 1] = req->secs;
	if (req->broadcast)
		buf[DHCP_OFF_FLAGS] = DHCP_FLAG_BROADCAST >> 8;
	memcpy(buf + DHCP_OFF_CIADDR, &req->ciaddr, 4);
	memcpy(buf + DHCP_OFF_CHADDR, req->chaddr, 6);
	put_be32(buf + DHCP_OFF_COOKIE, DHCP_MAGIC_COOKIE);

	p = buf + DHCP_OFF_OPTIONS;
	p = put_option(p, DHO_MESSAGE_TYPE, &req->type, 1);
	memcpy(client_id + 1, req->chaddr, 6);
	p = put_option(p, DHO_CLIENT_ID, client_id, sizeof(client_id));
	if (req->requested_ip)
		p = put_option(p, DHO_REQUESTED_IP, &req->requested_ip, 4);
	if (req->server_id)
		p = put_option(p, DHO_SERVER_ID, &req->server_id, 4);
	if (req->type == DHCPDISCOVER || req->type == DHCPREQUEST)
		p = put_option(p, DHO_PARAM_REQUEST, params, sizeof(params));
	*p = DHO_END;
	return DHCP_BUILD_MAX;		/* zero-padded to the BOOTP minimum */
}

/* Copies option 56's text, each byte outside printable ASCII as '?'. */
static void copy_message(char *dst, size_t size, const uint8_t *src,
			 size_t len)
{
	size_t n = len < size - 1 ? len : size - 1;

	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[n] = '\0';
}

/* One option whose bytes [v, v+len) are inside the datagram. */
static void take_option(struct dhcp_reply *r, uint8_t code, const uint8_t *v,
			uint8_t len, uint8_t *overload)
{
	switch (code) {
	case DHO_MESSAGE_TYPE:
		if (len == 1 && v[0] >= DHCPDISCOVER && v[0] <= DHCPINFORM) {
			r->type = v[0];
			return;
		}
		break;
	case DHO_SUBNET_MASK:
	case DHO_SERVER_ID:
	case DHO_LEASE_TIME:
	case DHO_RENEWAL_TIME:
	case DHO_REBINDING_TIME:
		if (len != 4)
			break;
		if (code == DHO_SUBNET_MASK) {
			r->subnet_mask = get_addr(v);
			r->have |= DHCP_HAVE_MASK;
		} else if (code == DHO_SERVER_ID) {
			r->server_id = get_addr(v);
			r->have |= DHCP_HAVE_SERVER_ID;
		} else if (code == DHO_LEASE_TIME) {
			r->lease_secs = get_be32(v);
			r->have |= DHCP_HAVE_LEASE;
		} else if (code == DHO_RENEWAL_TIME) {
			r->t1_secs = get_be32(v);
			r->have |= DHCP_HAVE_T1;
		} else {
			r->t2_secs = get_be32(v);
			r->have |= DHCP_HAVE_T2;
		}
		return;
	case DHO_ROUTER:	/* RFC 2132 3.5: a list, in order of preference */
		if (len < 4 || len % 4)
			break;
		r->router = get_addr(v);
		r->have |= DHCP_HAVE_ROUTER;
		return;
	case DHO_DNS:		/* RFC 2132 3.8: a list, in order of preference */
		if (len < 4 || len % 4)
			break;
		for (r->ndns = 0; r->ndns < DHCP_MAX_DNS && 4 * r->ndns < len;
		     r->ndns++)
			r->dns[r->ndns] = get_addr(v + 4 * r->ndns);
		return;
	case DHO_MESSAGE:
		copy_message(r->message, sizeof(r->message), v, len);
		return;
	case DHO_OVERLOAD:	/* RFC 2132 9.3: 1 file, 2 sname, 3 both */
		if (!overload)
			break;	/* only valid in the options field itself */
		if (len == 1 && v[0] >= 1 && v[0] <= 3) {
			*overload = v[0];
			return;
		}
		break;
	default:
		return;		/* not one the client asked for: skipped */
	}
	r->bad_options++;
}

/*
 * Walks the options in [p, p+len) (RFC 2132 2: code, length, data; PAD
 * and END are single bytes). Everything read is checked against len
 * first. overload is NULL for the sname and file fields, where option 52
 * may not appear.
 */
static void parse_options(struct dhcp_reply *r, const uint8_t *p, size_t len,
			  uint8_t *overload)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = p[i], optlen;

		if (code == DHO_PAD) {
			i++;
			continue;
		}
		if (code == DHO_END)
			return;
		if (len - i < 2 || len - i - 2 < p[i + 1]) {
			r->truncated = true;
			return;
		}
		optlen = p[i + 1];
		take_option(r, code, p + i + 2, optlen, overload);
		i += 2 + optlen;
	}
}

enum dhcp_parse_err dhcp_parse(const uint8_t *buf, size_t len, uint32_t xid,
			       const uint8_t chaddr[6], struct dhcp_reply *r)
{
	uint8_t overload = 0;

	memset(r, 0, sizeof(*r));
	if (len < DHCP_OFF_OPTIONS)
		return DHCP_ESHORT;
	if (buf[DHCP_OFF_OP] != BOOTREPLY)
		return DHCP_ENOTREPLY;
	if (buf[DHCP_OFF_HTYPE] != DHCP_HTYPE_ETHER || buf[DHCP_OFF_HLEN] != 6)
		return DHCP_EHWTYPE;
	if (get_be32(buf + DHCP_OFF_XID) != xid)
		return DHCP_EXID;
	if (memcmp(buf + DHCP_OFF_CHADDR, chaddr, 6))
		return DHCP_ECHADDR;
	if (get_be32(buf + DHCP_OFF_COOKIE) != DHCP_MAGIC_COOKIE)
		return DHCP_ECOOKIE;
	r->yiaddr = get_addr(buf + DHCP_OFF_YIADDR);
	parse_options(r, buf + DHCP_OFF_OPTIONS, len - DHCP_OFF_OPTIONS,
		      &overload);
	/* RFC 2132 9.3: the file field is read before sname. */
	if (overload & 1)
		parse_options(r, buf + DHCP_OFF_FILE, DHCP_FILE_LEN, NULL);
	if (overload & 2)
		parse_options(r, buf + DHCP_OFF_SNAME, DHCP_SNAME_LEN, NULL);
	return r->type ? DHCP_OK : DHCP_ENOTYPE;
}

const char *dhcp_parse_strerror(enum dhcp_parse_err err)
{
	switch (err) {
	case DHCP_OK: return "ok";
	case DHCP_ESHORT: return "shorter than a DHCP header";
	case DHCP_ENOTREPLY: return "not a BOOTREPLY";
	case DHCP_EHWTYPE: return "not an Ethernet hardware address";
	case DHCP_EXID: return "another transaction";
	case DHCP_ECHADDR: return "another client's hardware address";
	case DHCP_ECOOKIE: return "no DHCP magic cookie";
	case DHCP_ENOTYPE: return "no valid message type option";
	}
	return "?";
}

const char *dhcp_type_name(unsigned int type)
{
	static const char *const names[] = {
		"?", "DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPDECLINE",
		"DHCPACK", "DHCPNAK", "DHCPRELEASE", "DHCPINFORM",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}
