/* dhcp_msg.c - building and parsing DHCP messages, both sides (RFC 2131, RFC 2132). */
#include <string.h>

#include <skiff/dhcp_msg.h>

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

/*
 * The option walker both sides share. take() is called for every option
 * whose bytes [v, v+len) are inside its field and returns false for one
 * it finds malformed; option 52 (overload) the walker reads itself.
 */
typedef bool (*dhcp_take_fn)(void *arg, uint8_t code, const uint8_t *v,
			     uint8_t len);

struct dhcp_walk {
	dhcp_take_fn take;
	void *arg;
	unsigned int *bad_options;
	bool *truncated;
	uint8_t overload;		/* option 52's value, 0 if none */
};

/* RFC 2132 9.3: 1 file, 2 sname, 3 both; only in the options field itself. */
static bool take_overload(struct dhcp_walk *w, const uint8_t *v, uint8_t len,
			  bool in_options)
{
	if (!in_options || len != 1 || v[0] < 1 || v[0] > 3)
		return false;
	w->overload = v[0];
	return true;
}

/*
 * Walks the options in [p, p+len) (RFC 2132 2: code, length, data; PAD
 * and END are single bytes). Everything read is checked against len
 * first: an option running past the field ends the walk, with
 * *truncated set; a field without END just ends.
 */
static void walk_field(struct dhcp_walk *w, const uint8_t *p, size_t len,
		       bool in_options)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = p[i], optlen;
		bool ok;

		if (code == DHO_PAD) {
			i++;
			continue;
		}
		if (code == DHO_END)
			return;
		if (len - i < 2 || len - i - 2 < p[i + 1]) {
			*w->truncated = true;
			return;
		}
		optlen = p[i + 1];
		if (code == DHO_OVERLOAD)
			ok = take_overload(w, p + i + 2, optlen, in_options);
		else
			ok = w->take(w->arg, code, p + i + 2, optlen);
		if (!ok)
			(*w->bad_options)++;
		i += 2 + optlen;
	}
}

/* The options of a message at least DHCP_OFF_OPTIONS long. */
static void walk_options(struct dhcp_walk *w, const uint8_t *buf, size_t len)
{
	walk_field(w, buf + DHCP_OFF_OPTIONS, len - DHCP_OFF_OPTIONS, true);
	/* RFC 2132 9.3: the file field is read before sname. */
	if (w->overload & 1)
		walk_field(w, buf + DHCP_OFF_FILE, DHCP_FILE_LEN, false);
	if (w->overload & 2)
		walk_field(w, buf + DHCP_OFF_SNAME, DHCP_SNAME_LEN, false);
}

/*
 * What both sides check first: the fixed part and cookie are there
 * (RFC 2131 figure 1), op is the one expected, the hardware is Ethernet
 * with 6-byte addresses, and the cookie says DHCP (RFC 2131 3), not BOOTP.
 */
static enum dhcp_parse_err check_fixed_part(const uint8_t *buf, size_t len,
					    uint8_t op)
{
	if (len < DHCP_OFF_OPTIONS)
		return DHCP_ESHORT;
	if (buf[DHCP_OFF_OP] != op)
		return op == BOOTREPLY ? DHCP_ENOTREPLY : DHCP_ENOTREQUEST;
	if (buf[DHCP_OFF_HTYPE] != DHCP_HTYPE_ETHER || buf[DHCP_OFF_HLEN] != 6)
		return DHCP_EHWTYPE;
	if (get_be32(buf + DHCP_OFF_COOKIE) != DHCP_MAGIC_COOKIE)
		return DHCP_ECOOKIE;
	return DHCP_OK;
}

/* The client's view: one option of a server's reply. */
static bool take_reply_option(void *arg, uint8_t code, const uint8_t *v,
			      uint8_t len)
{
	struct dhcp_reply *r = arg;

	switch (code) {
	case DHO_MESSAGE_TYPE:
		if (len != 1 || v[0] < DHCPDISCOVER || v[0] > DHCPINFORM)
			return false;
		r->type = v[0];
		return true;
	case DHO_SUBNET_MASK:
	case DHO_SERVER_ID:
	case DHO_LEASE_TIME:
	case DHO_RENEWAL_TIME:
	case DHO_REBINDING_TIME:
		if (len != 4)
			return false;
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
		return true;
	case DHO_ROUTER:	/* RFC 2132 3.5: a list, in order of preference */
		if (len < 4 || len % 4)
			return false;
		r->router = get_addr(v);
		r->have |= DHCP_HAVE_ROUTER;
		return true;
	case DHO_DNS:		/* RFC 2132 3.8: a list, in order of preference */
		if (len < 4 || len % 4)
			return false;
		for (r->ndns = 0; r->ndns < DHCP_MAX_DNS && 4 * r->ndns < len;
		     r->ndns++)
			r->dns[r->ndns] = get_addr(v + 4 * r->ndns);
		return true;
	case DHO_MESSAGE:
		copy_message(r->message, sizeof(r->message), v, len);
		return true;
	default:
		return true;	/* not one the client asked for: skipped */
	}
}

enum dhcp_parse_err dhcp_parse(const uint8_t *buf, size_t len, uint32_t xid,
			       const uint8_t chaddr[6], struct dhcp_reply *r)
{
	struct dhcp_walk w = {
		.take = take_reply_option, .arg = r,
		.bad_options = &r->bad_options, .truncated = &r->truncated,
	};

	enum dhcp_parse_err err = check_fixed_part(buf, len, BOOTREPLY);

	memset(r, 0, sizeof(*r));
	if (err != DHCP_OK)
		return err;
	if (get_be32(buf + DHCP_OFF_XID) != xid)
		return DHCP_EXID;
	if (memcmp(buf + DHCP_OFF_CHADDR, chaddr, 6))
		return DHCP_ECHADDR;
	r->yiaddr = get_addr(buf + DHCP_OFF_YIADDR);
	walk_options(&w, buf, len);
	return r->type ? DHCP_OK : DHCP_ENOTYPE;
}

/* The server's view: what a client's message says, as it is parsed. */
struct request_parse {
	struct dhcp_client_msg *m;
	uint8_t seen[256 / 8];		/* options taken once already */
};

/* RFC 1123 2.1 letters, digits and '-', and the '_' Windows sends. */
static bool hostname_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Option 12: up to the first dot, trailing NULs dropped; false if unusable. */
static bool take_hostname(struct dhcp_client_msg *m, const uint8_t *v,
			  uint8_t len)
{
	const uint8_t *dot = memchr(v, '.', len);
	size_t n = dot ? (size_t)(dot - v) : len;

	while (n > 0 && v[n - 1] == 0)
		n--;
	if (n == 0 || n > DHCP_HOSTNAME_MAX)
		return false;
	/* RFC 952 / RFC 1123 2.1: a label neither starts nor ends with '-' (and
	 * "-" is how the lease file says "no name"). */
	if (v[0] == '-' || v[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!hostname_char(v[i]))
			return false;
	memcpy(m->hostname, v, n);
	m->hostname[n] = '\0';
	return true;
}

static bool take_request_option(void *arg, uint8_t code, const uint8_t *v,
				uint8_t len)
{
	struct request_parse *rp = arg;
	struct dhcp_client_msg *m = rp->m;
	uint8_t bit = 1u << (code % 8);

	switch (code) {
	case DHO_MESSAGE_TYPE: case DHO_REQUESTED_IP: case DHO_SERVER_ID:
	case DHO_CLIENT_ID: case DHO_HOSTNAME: case DHO_PARAM_REQUEST:
		break;
	default:
		return true;	/* not one the server uses: skipped */
	}
	/* A second copy could say something else than the first: trust neither. */
	if (rp->seen[code / 8] & bit)
		return false;
	rp->seen[code / 8] |= bit;
	switch (code) {
	case DHO_MESSAGE_TYPE:
		if (len != 1)
			return false;
		m->type = v[0];
		return true;
	case DHO_REQUESTED_IP:
	case DHO_SERVER_ID:
		if (len != 4)
			return false;
		*(code == DHO_REQUESTED_IP ? &m->requested_ip : &m->server_id) =
			get_addr(v);
		return true;
	case DHO_CLIENT_ID:
		if (len < DHCP_CLIENT_ID_MIN || len > DHCP_CLIENT_ID_MAX)
			return false;
		memcpy(m->client_id, v, len);
		m->client_id_len = len;
		return true;
	case DHO_HOSTNAME:
		return take_hostname(m, v, len);
	default:		/* DHO_PARAM_REQUEST, RFC 2132 9.8 */
		memcpy(m->params, v, len);
		m->nparams = len;
		m->has_params = true;
		return true;
	}
}

enum dhcp_parse_err dhcp_parse_request(const uint8_t *buf, size_t len,
				       struct dhcp_client_msg *m)
{
	struct request_parse rp = { .m = m };
	struct dhcp_walk w = {
		.take = take_request_option, .arg = &rp,
		.bad_options = &m->bad_options, .truncated = &m->truncated,
	};

	enum dhcp_parse_err err = check_fixed_part(buf, len, BOOTREQUEST);

	memset(m, 0, sizeof(*m));
	if (err != DHCP_OK)
		return err;
	m->xid = get_be32(buf + DHCP_OFF_XID);
	m->flags = (uint16_t)(buf[DHCP_OFF_FLAGS] << 8 | buf[DHCP_OFF_FLAGS + 1]);
	m->ciaddr = get_addr(buf + DHCP_OFF_CIADDR);
	m->giaddr = get_addr(buf + DHCP_OFF_GIADDR);
	memcpy(m->chaddr, buf + DHCP_OFF_CHADDR, 6);
	walk_options(&w, buf, len);
	return m->type ? DHCP_OK : DHCP_ENOTYPE;
}

/* Options written into a reply, never past end. */
struct opt_writer {
	uint8_t *p, *end;
	bool full;
};

static void put(struct opt_writer *o, uint8_t code, const void *data,
		size_t len)
{
	if (o->full || len > 255 || (size_t)(o->end - o->p) < 2 + len + 1) {
		o->full = true;		/* + 1: END must still fit */
		return;
	}
	o->p = put_option(o->p, code, data, (uint8_t)len);
}

static void put_be32_option(struct opt_writer *o, uint8_t code, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	put(o, code, b, 4);
}

/* One configuration parameter the server has, if it has it. */
static void put_param(struct opt_writer *o, const struct dhcp_server_msg *m,
		      uint8_t code)
{
	if (code == DHO_ROUTER && m->router)
		put(o, DHO_ROUTER, &m->router, 4);
	else if (code == DHO_DNS && m->ndns)
		put(o, DHO_DNS, m->dns, 4 * m->ndns);
}

/*
 * RFC 2131 4.3.1: the parameters the client asked for, each once, as
 * many as the server has; RFC 2132 9.8: in the client's order, except
 * that the mask goes first (RFC 2132 3.3: before the router). A client
 * without option 55 gets all of them.
 */
static void put_params(struct opt_writer *o, const struct dhcp_server_msg *m)
{
	static const uint8_t all[] = { DHO_ROUTER, DHO_DNS };
	const struct dhcp_client_msg *req = m->req;
	const uint8_t *codes = req->has_params ? req->params : all;
	size_t n = req->has_params ? req->nparams : sizeof(all);
	uint8_t done[256 / 8] = { 0 };
	bool want_mask = !req->has_params || memchr(codes, DHO_SUBNET_MASK, n);

	if (m->subnet_mask && want_mask)
		put(o, DHO_SUBNET_MASK, &m->subnet_mask, 4);
	for (size_t i = 0; i < n; i++) {
		uint8_t c = codes[i], bit = 1u << (c % 8);

		if (done[c / 8] & bit)
			continue;
		done[c / 8] |= bit;
		put_param(o, m, c);
	}
}

size_t dhcp_build_reply(uint8_t *buf, size_t size,
			const struct dhcp_server_msg *m)
{
	const struct dhcp_client_msg *req = m->req;
	struct opt_writer o = {
		.p = buf + DHCP_OFF_OPTIONS, .end = buf + DHCP_REPLY_MAX,
	};
	size_t len;

	if (size < DHCP_REPLY_MAX)
		return 0;
	memset(buf, 0, DHCP_REPLY_MAX);
	buf[DHCP_OFF_OP] = BOOTREPLY;
	buf[DHCP_OFF_HTYPE] = DHCP_HTYPE_ETHER;
	buf[DHCP_OFF_HLEN] = 6;
	put_be32(buf + DHCP_OFF_XID, req->xid);
	buf[DHCP_OFF_FLAGS] = req->flags >> 8;
	buf[DHCP_OFF_FLAGS + 1] = (uint8_t)req->flags;
	memcpy(buf + DHCP_OFF_CIADDR, &m->ciaddr, 4);
	memcpy(buf + DHCP_OFF_YIADDR, &m->yiaddr, 4);
	memcpy(buf + DHCP_OFF_GIADDR, &req->giaddr, 4);
	memcpy(buf + DHCP_OFF_CHADDR, req->chaddr, 6);
	put_be32(buf + DHCP_OFF_COOKIE, DHCP_MAGIC_COOKIE);

	put(&o, DHO_MESSAGE_TYPE, &m->type, 1);
	put(&o, DHO_SERVER_ID, &m->server_id, 4);
	if (m->lease_secs) {
		put_be32_option(&o, DHO_LEASE_TIME, m->lease_secs);
		put_be32_option(&o, DHO_RENEWAL_TIME, m->t1_secs);
		put_be32_option(&o, DHO_REBINDING_TIME, m->t2_secs);
	}
	if (m->type != DHCPNAK)
		put_params(&o, m);
	if (m->message)
		put(&o, DHO_MESSAGE, m->message, strlen(m->message));
	if (req->client_id_len)
		put(&o, DHO_CLIENT_ID, req->client_id, req->client_id_len);
	*o.p++ = DHO_END;
	len = (size_t)(o.p - buf);
	return len < DHCP_MIN_MSG ? DHCP_MIN_MSG : len;	/* zero-padded */
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
	case DHCP_ENOTREQUEST: return "not a BOOTREQUEST";
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
