/* test_dhcp_lease.c - libc/dhcp_lease.c: dhcpd's lease file lines, as the kernel checks them. */
/* links: libc/dhcp_lease.c */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <skiff/dhcp_lease.h>
#include "unit.h"

static const char good[] =
	"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 01525400123456 laptop";

/* Parses a heap copy of exactly the string's bytes (no NUL), so ASan sees any over-read. */
static int parse(const char *s, struct dhcp_lease_rec *l, struct dhcp_counter_rec *c)
{
	size_t len = strlen(s);
	char *copy = malloc(len ? len : 1);
	int kind;

	memcpy(copy, s, len);
	kind = dhcp_lease_parse_line(copy, len, l, c);
	free(copy);
	return kind;
}

UNIT_TEST(lease_line_is_parsed)
{
	struct dhcp_lease_rec l;
	struct dhcp_counter_rec c;

	ASSERT(parse(good, &l, &c) == DHCP_LINE_LEASE);
	EXPECT_EQ_STR(l.ifname, "eth1");
	EXPECT_EQ_UINT(l.addr, inet_addr("10.1.0.100"));
	EXPECT_EQ_MEM(l.mac, "\x52\x54\x00\x12\x34\x56", 6);
	EXPECT_EQ_UINT(l.state, DHCP_LEASE_BOUND);
	EXPECT_EQ_UINT(l.ends, 3671);
	EXPECT_EQ_UINT(l.client_id_len, 7);
	EXPECT_EQ_MEM(l.client_id, "\x01\x52\x54\x00\x12\x34\x56", 7);
	EXPECT_EQ_STR(l.hostname, "laptop");

	ASSERT(parse("lease eth1 10.1.0.101 02:00:00:00:00:0a declined 0 - -", &l, &c) ==
	       DHCP_LINE_LEASE);
	EXPECT_EQ_UINT(l.state, DHCP_LEASE_DECLINED);
	EXPECT_EQ_UINT(l.client_id_len, 0);
	EXPECT_EQ_STR(l.hostname, "");
}

UNIT_TEST(counter_line_is_parsed)
{
	struct dhcp_lease_rec l;
	struct dhcp_counter_rec c;

	ASSERT(parse("counter rx_discover 18446744073709551615", &l, &c) == DHCP_LINE_COUNTER);
	EXPECT_EQ_STR(c.name, "rx_discover");
	EXPECT_EQ_UINT(c.value, 18446744073709551615ull);
	EXPECT_EQ_INT(parse("counter rx_discover 18446744073709551616", &l, &c), -1);
	EXPECT_EQ_INT(parse("counter Rx 1", &l, &c), -1);
	EXPECT_EQ_INT(parse("counter rx", &l, &c), -1);
	EXPECT_EQ_INT(parse("counter rx 1 2", &l, &c), -1);
	EXPECT_EQ_INT(parse("counter a_counter_name_that_is_32_chars_ 1", &l, &c), -1);
}

/* Each malformed field, one at a time: the line is refused whole. */
UNIT_TEST(every_malformed_field_is_refused)
{
	static const char *const bad[] = {
		"",
		"lease",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 01525400123456",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 01525400123456 laptop x",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 01525400123456 laptop ",
		"lease  eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 - -",
		"lease eth1\t10.1.0.100 52:54:00:12:34:56 bound 3671 - -",
		"lease eth1/x 10.1.0.100 52:54:00:12:34:56 bound 3671 - -",
		"lease eth1234567890123 10.1.0.100 52:54:00:12:34:56 bound 3671 - -",
		"lease eth1 10.1.0.1000 52:54:00:12:34:56 bound 3671 - -",
		"lease eth1 10.1.0 52:54:00:12:34:56 bound 3671 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34 bound 3671 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56:78 bound 3671 - -",
		"lease eth1 10.1.0.100 52-54-00-12-34-56 bound 3671 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:5G bound 3671 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:5A bound 3671 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 free 3671 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 BOUND 3671 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound -1 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 1234567890123 - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 36x - -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 015 -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 01 -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 0A52 -",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 - my laptop",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 - host.example",
		"lease eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 - h\"x",
		"leases eth1 10.1.0.100 52:54:00:12:34:56 bound 3671 - -",
		"counter",
	};
	struct dhcp_lease_rec l;
	struct dhcp_counter_rec c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!EXPECT_MSG(parse(bad[i], &l, &c) == -1, "accepted '%s'", bad[i]))
			break;
}

UNIT_TEST(limits_of_client_id_and_hostname)
{
	char line[DHCP_LEASE_LINE_MAX + 64], id[2 * 65 + 1], host[65];
	struct dhcp_lease_rec l;
	struct dhcp_counter_rec c;

	memset(id, 'a', 128);
	id[128] = '\0';
	memset(host, 'h', 63);
	host[63] = '\0';
	snprintf(line, sizeof(line), "lease e 10.0.0.1 00:00:00:00:00:01 bound 1 %s %s", id, host);
	ASSERT(parse(line, &l, &c) == DHCP_LINE_LEASE);
	EXPECT_EQ_UINT(l.client_id_len, 64);
	EXPECT_EQ_UINT(strlen(l.hostname), 63);
	strcat(id, "aa");
	snprintf(line, sizeof(line), "lease e 10.0.0.1 00:00:00:00:00:01 bound 1 %s -", id);
	EXPECT_EQ_INT(parse(line, &l, &c), -1);
	snprintf(line, sizeof(line), "lease e 10.0.0.1 00:00:00:00:00:01 bound 1 - %sh", host);
	EXPECT_EQ_INT(parse(line, &l, &c), -1);
	/* A line as long as the limit, however it looks, is refused unread past its end. */
	memset(line, 'x', DHCP_LEASE_LINE_MAX);
	EXPECT_EQ_INT(dhcp_lease_parse_line(line, DHCP_LEASE_LINE_MAX, &l, &c), -1);
	EXPECT_EQ_INT(dhcp_lease_parse_line("counter a\0 1", 12, &l, &c), -1);
}

UNIT_TEST(format_then_parse_gives_the_same_record)
{
	struct dhcp_lease_rec in = {
		.ifname = "eth1", .mac = { 2, 0, 0, 0, 0, 0xab },
		.state = DHCP_LEASE_RELEASED, .ends = 99, .client_id = { 0xff, 1, 2 },
		.client_id_len = 3, .hostname = "pc-1_a",
	};
	struct dhcp_lease_rec out;
	struct dhcp_counter_rec c;
	char line[DHCP_LEASE_LINE_MAX];
	size_t n;

	in.addr = inet_addr("192.168.7.200");
	n = dhcp_lease_format(line, sizeof(line), &in);
	ASSERT(n > 0 && line[n - 1] == '\n');
	EXPECT_EQ_STR(line, "lease eth1 192.168.7.200 02:00:00:00:00:ab released 99 ff0102 pc-1_a\n");
	ASSERT(dhcp_lease_parse_line(line, n - 1, &out, &c) == DHCP_LINE_LEASE);
	EXPECT_EQ_MEM(&out, &in, sizeof(in));
	EXPECT_EQ_UINT(dhcp_lease_format(line, 20, &in), 0);

	n = dhcp_counter_format(line, sizeof(line), "tx_ack", 7);
	EXPECT_EQ_STR(line, "counter tx_ack 7\n");
	ASSERT(dhcp_lease_parse_line(line, n - 1, &out, &c) == DHCP_LINE_COUNTER);
	EXPECT_EQ_UINT(c.value, 7);
	EXPECT_EQ_STR(dhcp_lease_state_name(DHCP_LEASE_OFFERED), "offered");
	EXPECT_EQ_STR(dhcp_lease_state_name(DHCP_LEASE_NSTATES), "?");
}

/* Random bytes from the line's alphabet: never a crash, never a record out of bounds. */
UNIT_TEST(random_lines_never_crash)
{
	static const char alphabet[] = "lease counter eth1 0123456789abcdef:.-_ boundexpiredx";
	char line[400];
	struct dhcp_lease_rec l;
	struct dhcp_counter_rec c;
	unsigned int accepted = 0;

	for (int n = 0; n < 30000; n++) {
		size_t len = unit_rand() % sizeof(line);

		if (n % 3 == 0) {
			memcpy(line, good, sizeof(good) - 1);
			len = sizeof(good) - 1;
			line[unit_rand() % len] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		} else {
			for (size_t i = 0; i < len; i++)
				line[i] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		}
		if (dhcp_lease_parse_line(line, len, &l, &c) == DHCP_LINE_LEASE) {
			accepted++;
			if (!EXPECT(l.state > DHCP_LEASE_FREE && l.state < DHCP_LEASE_NSTATES &&
				    l.client_id_len <= DHCP_LEASE_ID_MAX &&
				    strlen(l.hostname) <= DHCP_LEASE_HOST_MAX))
				break;
		}
	}
	EXPECT(accepted > 0);	/* the mutations also make valid lines */
}
