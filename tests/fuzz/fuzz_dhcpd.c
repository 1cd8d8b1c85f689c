/*
 * libFuzzer target: arbitrary bytes as the datagrams a LAN sends to
 * dhcpd's port 67, through the server's parser and decisions
 * (services/dhcpd/server.c over libc/user/dhcp_msg.c) on a pool of four
 * addresses, and the lease file lines it would write read back. Nothing may
 * crash or read past a datagram, every reply must fit in
 * DHCP_REPLY_MAX and read back with the client's parser, and every
 * address offered must be the pool's and not a declined one.
 *
 * Input: records [delay byte][length: 2 bytes, big-endian][datagram];
 * the delay advances the clock by that many 250 ms steps first (so
 * offers lapse and leases expire), a length past the end takes what is
 * left. Each datagram is copied to a buffer of exactly its length, so
 * ASan sees any over-read.
 */
/* links: services/dhcpd/server.c services/dhcpd/pool.c services/dhcpd/config.c libc/user/dhcp_msg.c libc/dhcp_lease.c */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static void check_reply(const struct dhcpd_if *ifc, const struct dhcpd_out *out)
{
	const uint8_t *b = out->buf;
	struct pool *p = (struct pool *)&ifc->pool;
	struct dhcp_reply r;
	struct lease *l;
	uint32_t xid;

	if (out->len < DHCP_MIN_MSG || out->len > DHCP_REPLY_MAX)
		abort();
	xid = (uint32_t)b[DHCP_OFF_XID] << 24 | (uint32_t)b[DHCP_OFF_XID + 1] << 16 |
	      (uint32_t)b[DHCP_OFF_XID + 2] << 8 | b[DHCP_OFF_XID + 3];
	if (dhcp_parse(b, out->len, xid, b + DHCP_OFF_CHADDR, &r) != DHCP_OK ||
	    r.truncated || r.bad_options)
		abort();
	if (r.type == DHCPNAK || !r.yiaddr)
		return;
	l = pool_lease(p, r.yiaddr);
	if (!l || l->state == DHCP_LEASE_DECLINED || l->state == DHCP_LEASE_FREE)
		abort();
}

/* The table as dhcpd would publish it must parse back, line by line. */
static void check_lease_lines(const struct dhcpd_if *ifc)
{
	char line[DHCP_LEASE_LINE_MAX];
	struct dhcp_lease_rec rec, back;
	struct dhcp_counter_rec c;

	for (unsigned int i = 0; i < ifc->pool.size; i++) {
		const struct lease *l = &ifc->pool.leases[i];
		size_t n;

		if (l->state == DHCP_LEASE_FREE)
			continue;
		memset(&rec, 0, sizeof(rec));
		memcpy(rec.ifname, ifc->cfg.ifname, sizeof(rec.ifname));
		rec.addr = pool_addr(&ifc->pool, l);
		memcpy(rec.mac, l->client.mac, 6);
		rec.state = l->state;
		rec.ends = (uint64_t)l->ends;
		memcpy(rec.client_id, l->client.id, l->client.id_len);
		rec.client_id_len = l->client.id_len;
		memcpy(rec.hostname, l->hostname, sizeof(rec.hostname));
		n = dhcp_lease_format(line, sizeof(line), &rec);
		if (!n || dhcp_lease_parse_line(line, n - 1, &back, &c) != DHCP_LINE_LEASE ||
		    memcmp(&rec, &back, sizeof(rec)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dhcpd_counters ctr;
	static struct dhcpd_out out;
	struct dhcpd_config cfg;
	struct dhcpd_if ifc;
	int64_t now = 1000000;
	char why[64];

	if (!dhcpd_config_parse("eth1", "10.1.0.100-10.1.0.103,lease=60", &cfg, why, sizeof(why)) ||
	    dhcpd_if_init(&ifc, &cfg, inet_addr("10.1.0.1"), inet_addr("255.255.255.0"), &ctr) < 0)
		abort();
	while (size >= 3) {
		size_t len = (size_t)data[1] << 8 | data[2];
		uint8_t *msg;

		now += data[0] * 250;
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		msg = malloc(len ? len : 1);
		memcpy(msg, data, len);
		dhcpd_expire(&ifc, now, NULL, NULL);
		dhcpd_input(&ifc, msg, len, now, &out);
		free(msg);
		if (out.len)
			check_reply(&ifc, &out);
		data += len;
		size -= len;
	}
	check_lease_lines(&ifc);
	dhcpd_if_destroy(&ifc);
	return 0;
}
