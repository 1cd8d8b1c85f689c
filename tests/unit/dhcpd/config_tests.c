/* dhcpd's configuration keys, checked against the interface; the lease file, written and read. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leasefile.h"

#include "harness.h"
#include "unit.h"

/* ---- configuration ---- */

UNIT_TEST(configuration_keys_parse)
{
	struct dhcpd_config c;
	char why[128];

	ASSERT(dhcpd_config_parse("eth1", "10.1.0.100-10.1.0.199", &c, why, sizeof(why)));
	EXPECT_EQ_STR(c.ifname, "eth1");
	EXPECT_EQ_UINT(c.first, ip("10.1.0.100"));
	EXPECT_EQ_UINT(c.last, ip("10.1.0.199"));
	EXPECT_EQ_UINT(c.lease_secs, DHCPD_LEASE_DEFAULT);
	EXPECT(!c.router_given && c.ndns == 0);
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.5,lease=7d,router=none,dns=1.1.1.1,dns=9.9.9.9",
				  &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 7 * 86400);
	EXPECT(c.router_given && c.router == 0);
	EXPECT_EQ_UINT(c.ndns, 2);
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.9,lease=30s,router=10.1.0.254",
				  &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 30);
	EXPECT_EQ_UINT(c.router, ip("10.1.0.254"));
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.9,lease=10m", &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 600);
	ASSERT(dhcpd_config_parse("eth1", "10.1.0.5-10.1.0.9,lease=12h", &c, why, sizeof(why)));
	EXPECT_EQ_UINT(c.lease_secs, 12 * 3600);
}

UNIT_TEST(bad_configuration_says_why)
{
	static const struct { const char *spec, *why; } bad[] = {
		{ "10.1.0.100", "'10.1.0.100' is not a range FIRST-LAST" },
		{ "10.1.0.199-10.1.0.100", "'10.1.0.199-10.1.0.100' is not a range FIRST-LAST" },
		{ "10.1.0.1-10.1.0.300", "'10.1.0.1-10.1.0.300' is not a range FIRST-LAST" },
		{ "10.1.0.1-10.1.0.3,lease=9", "lease=9: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=366d", "lease=366d: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=1w", "lease=1w: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=-5", "lease=-5: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,lease=99999999999999999999", "lease=99999999999999999999: want 10s..365d (3600, 30s, 10m, 12h, 7d)" },
		{ "10.1.0.1-10.1.0.3,router=x", "router=x: want an address or none" },
		{ "10.1.0.1-10.1.0.3,dns=1.1.1.1,dns=1.1.1.2,dns=1.1.1.3,dns=1.1.1.4", "at most 3 dns= servers" },
		{ "10.1.0.1-10.1.0.3,gateway=10.1.0.1", "unknown option 'gateway' (lease, router, dns)" },
		{ "10.1.0.1-10.1.0.3,lease", "'lease' is not KEY=VALUE" },
	};
	struct dhcpd_config c;
	char why[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		EXPECT_MSG(!dhcpd_config_parse("eth1", bad[i].spec, &c, why, sizeof(why)),
			   "accepted %s", bad[i].spec);
		EXPECT_EQ_STR(why, bad[i].why);
	}
	EXPECT(!dhcpd_config_parse("an-interface-name", "10.1.0.1-10.1.0.3", &c, why, sizeof(why)));
}

UNIT_TEST(configuration_is_checked_against_the_interface)
{
	static const struct { const char *spec, *why; } bad[] = {
		{ "10.2.0.100-10.2.0.199", "the pool is not on eth1's subnet" },
		{ "10.1.0.100-10.1.1.10", "the pool is not on eth1's subnet" },
		{ "10.1.0.0-10.1.0.10", "the pool holds the subnet's network or broadcast address" },
		{ "10.1.0.200-10.1.0.255", "the pool holds the subnet's network or broadcast address" },
		{ "10.1.0.1-10.1.0.10", "the pool holds eth1's own address" },
		{ "10.1.0.100-10.1.0.110,router=10.9.0.1", "router= is not on eth1's subnet" },
	};
	struct dhcpd_config c;
	char why[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT(dhcpd_config_parse("eth1", bad[i].spec, &c, why, sizeof(why)));
		EXPECT(!dhcpd_config_check(&c, ip("10.1.0.1"), ip("255.255.255.0"), why, sizeof(why)));
		EXPECT_EQ_STR(why, bad[i].why);
	}
	ASSERT(dhcpd_config_parse("eth1", "10.0.0.2-10.0.4.2", &c, why, sizeof(why)));
	EXPECT(!dhcpd_config_check(&c, ip("10.0.0.1"), ip("255.0.0.0"), why, sizeof(why)));
	EXPECT_EQ_STR(why, "the pool has 1025 addresses, at most 1024");
	EXPECT(!dhcpd_config_check(&c, 0, 0, why, sizeof(why)));
	EXPECT_EQ_STR(why, "eth1 has no address (set ip.eth1=ADDR/PREFIX)");
	ASSERT(dhcpd_config_parse("eth1", "10.0.0.2-10.0.4.1", &c, why, sizeof(why)));
	EXPECT(dhcpd_config_check(&c, ip("10.0.0.1"), ip("255.0.0.0"), why, sizeof(why)));
}

UNIT_TEST(command_line_gives_the_dhcpd_keys_only)
{
	struct dhcpd_config c[DHCPD_IFACES_MAX];
	const char *cmdline = "ip.eth1=10.1.0.1/24 dhcpd.eth1=10.1.0.100-10.1.0.199,lease=1h "
			      "dhcpd=x dhcpd.eth2=bad dhcpd.eth1=10.1.0.2-10.1.0.3 forward=1 "
			      "dhcpd.eth3=10.3.0.10-10.3.0.20,dns=10.3.0.1\n";

	ASSERT(dhcpd_config_from_cmdline(cmdline, c, DHCPD_IFACES_MAX) == 2);
	EXPECT_EQ_STR(c[0].ifname, "eth1");
	EXPECT_EQ_UINT(c[0].first, ip("10.1.0.100"));	/* the first eth1 holds */
	EXPECT_EQ_UINT(c[0].lease_secs, 3600);
	EXPECT_EQ_STR(c[1].ifname, "eth3");
	EXPECT_EQ_UINT(c[1].ndns, 1);
	EXPECT_EQ_INT(dhcpd_config_from_cmdline("selftest", c, DHCPD_IFACES_MAX), 0);
	EXPECT_EQ_INT(dhcpd_config_from_cmdline(cmdline, c, 1), 1);
}

/* ---- the lease file ---- */

UNIT_TEST(lease_file_written_then_read_restores_the_table)
{
	char path[] = "/tmp/test_dhcpd_leasesXXXXXX";
	struct env a, b;
	struct dhcpd_if other;
	struct dhcpd_config cfg;
	struct msg dec = { .type = DHCPDECLINE, .client = 2, .requested = "10.1.0.101",
			   .server_id = "10.1.0.1" };
	unsigned int skipped;
	char why[64], *text;
	int fd = mkstemp(path);

	ASSERT(fd >= 0);
	close(fd);
	ASSERT(env_init(&a, "10.1.0.100-10.1.0.103"));
	ASSERT(lease_for(&a, 1, "alpha") && lease_for(&a, 2, NULL) && lease_for(&a, 3, NULL));
	send_msg(&a, &dec);
	ASSERT(dhcpd_config_parse("eth2", "10.2.0.10-10.2.0.10", &cfg, why, sizeof(why)));
	ASSERT(dhcpd_if_init(&other, &cfg, ip("10.2.0.1"), ip("255.255.255.0"), &a.ctr) == 0);
	ASSERT(lease_for(&a, 4, NULL));
	EXPECT_EQ_INT(leasefile_write(path, &a.ifc, 1, &a.ctr), 0);
	text = read_file(path);
	ASSERT(text);
	EXPECT(strstr(text, "lease eth1 10.1.0.100 02:00:00:00:00:01 bound "));
	EXPECT(strstr(text, " alpha\n"));
	EXPECT(strstr(text, "lease eth1 10.1.0.101 02:00:00:00:00:02 declined "));
	EXPECT(strstr(text, "counter rx_decline 1\n"));
	EXPECT(!strstr(text, "10.1.0.104"));
	free(text);

	/* A restarted dhcpd, with a smaller pool and one more interface. */
	ASSERT(env_init(&b, "10.1.0.100-10.1.0.102"));
	EXPECT_EQ_INT(leasefile_load(path, &b.ifc, 1, &b.ctr, &skipped), 3);
	EXPECT_EQ_UINT(skipped, 1);			/* 10.1.0.103 is no longer in the pool */
	EXPECT_EQ_UINT(slot(&b, "10.1.0.100")->state, DHCP_LEASE_BOUND);
	EXPECT_EQ_STR(slot(&b, "10.1.0.100")->hostname, "alpha");
	EXPECT_EQ_INT(slot(&b, "10.1.0.100")->ends, slot(&a, "10.1.0.100")->ends);
	EXPECT_EQ_UINT(slot(&b, "10.1.0.101")->state, DHCP_LEASE_DECLINED);
	EXPECT_EQ_UINT(b.ctr.v[DHCPD_RX_DISCOVER], a.ctr.v[DHCPD_RX_DISCOVER]);
	/* It still knows its clients: an INIT-REBOOT is answered, the address is kept. */
	b.now_ms = a.now_ms;
	EXPECT_EQ_UINT(lease_for(&b, 1, NULL), ip("10.1.0.100"));
	EXPECT_EQ_UINT(lease_for(&b, 5, NULL), 0);	/* 100, 102 bound, 101 declined */
	dhcpd_if_destroy(&other);
	env_free(&a);
	env_free(&b);
	unlink(path);
	EXPECT_EQ_INT(leasefile_load(path, &b.ifc, 0, &b.ctr, &skipped), -1);
}
