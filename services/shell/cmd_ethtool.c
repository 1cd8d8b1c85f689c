/*
 * ethtool: driver information (-i) and the offloads (-k shows them, -K
 * switches them), over SIOCETHTOOL with Linux's legacy one-feature
 * commands, printing what Linux's ethtool prints.
 */
#include "shell.h"
#include <errno.h>
#include <linux/ethtool.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

/* The offloads, in ethtool -k's order: long name, -K name, get and set commands. */
static const struct feature {
	const char *name, *shortname;
	uint32_t get, set;
} features[] = {
	{ "rx-checksumming", "rx", ETHTOOL_GRXCSUM, ETHTOOL_SRXCSUM },
	{ "tx-checksumming", "tx", ETHTOOL_GTXCSUM, ETHTOOL_STXCSUM },
	{ "scatter-gather", "sg", ETHTOOL_GSG, ETHTOOL_SSG },
	{ "tcp-segmentation-offload", "tso", ETHTOOL_GTSO, ETHTOOL_STSO },
	{ "generic-segmentation-offload", "gso", ETHTOOL_GGSO, ETHTOOL_SGSO },
	{ "generic-receive-offload", "gro", ETHTOOL_GGRO, ETHTOOL_SGRO },
};
#define NFEATURES	(sizeof(features) / sizeof(features[0]))

/* SIOCETHTOOL on ifname with data; 0 or -1 with errno. */
static int ethtool_ioctl(const char *ifname, void *data)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	ifr.ifr_ifru.ifru_data = data;
	return ioctl(shell_inet_socket(), SIOCETHTOOL, &ifr);
}

/* Each feature's state into on[]; false after a message. */
static bool get_features(const char *ifname, int on[NFEATURES])
{
	for (size_t i = 0; i < NFEATURES; i++) {
		struct ethtool_value v = { .cmd = features[i].get };

		if (ethtool_ioctl(ifname, &v) < 0) {
			printf("Cannot get device feature settings: %s\n", strerror(errno));
			return false;
		}
		on[i] = v.data != 0;
	}
	return true;
}

static int show_features(const char *ifname)
{
	int on[NFEATURES];

	if (!get_features(ifname, on))
		return 1;
	printf("Features for %s:\n", ifname);
	for (size_t i = 0; i < NFEATURES; i++)
		printf("%s: %s\n", features[i].name, on[i] ? "on" : "off");
	return 0;
}

static const struct feature *find_feature(const char *shortname)
{
	for (size_t i = 0; i < NFEATURES; i++)
		if (!strcmp(features[i].shortname, shortname))
			return &features[i];
	return NULL;
}

/*
 * -K IF NAME on|off ...: each asked for in turn; then, as Linux's
 * ethtool, what changed besides what was asked (a dependency: tx off
 * takes sg and tso along) is listed under "Actual changes:".
 */
static int set_features(int argc, char **argv)
{
	const char *ifname = argv[2];
	int before[NFEATURES], after[NFEATURES], asked[NFEATURES];
	bool failed = false, header = false;

	if (argc < 5 || (argc - 3) % 2)
		return shell_usage(argv);
	for (size_t i = 0; i < NFEATURES; i++)
		asked[i] = -1;
	for (int a = 3; a < argc; a += 2) {
		const struct feature *f = find_feature(argv[a]);

		if (!f || (strcmp(argv[a + 1], "on") && strcmp(argv[a + 1], "off"))) {
			printf("ethtool: bad command line argument(s)\n");
			return 1;
		}
		asked[f - features] = !strcmp(argv[a + 1], "on");
	}
	if (!get_features(ifname, before))
		return 1;
	for (size_t i = 0; i < NFEATURES; i++) {
		struct ethtool_value v = { .cmd = features[i].set, .data = (uint32_t)asked[i] };

		if (asked[i] < 0 || asked[i] == before[i])
			continue;
		if (ethtool_ioctl(ifname, &v) < 0) {
			printf("Cannot change %s\n", features[i].name);
			failed = true;
		}
	}
	if (!get_features(ifname, after))
		return 1;
	for (size_t i = 0; i < NFEATURES; i++) {
		if (after[i] == before[i] || after[i] == asked[i])
			continue;
		if (!header)
			printf("Actual changes:\n");
		header = true;
		printf("%s: %s\n", features[i].name, after[i] ? "on" : "off");
	}
	if (failed && !memcmp(before, after, sizeof(before)))
		printf("Could not change any device features\n");
	return failed;
}

static int show_driver(const char *ifname)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };

	if (ethtool_ioctl(ifname, &info) < 0) {
		printf("Cannot get driver information: %s\n", strerror(errno));
		return 1;
	}
	printf("driver: %.32s\nversion: %.32s\nfirmware-version: %.32s\n"
	       "expansion-rom-version: %.32s\nbus-info: %.32s\n"
	       "supports-statistics: no\nsupports-test: no\n"
	       "supports-eeprom-access: no\nsupports-register-dump: no\n"
	       "supports-priv-flags: no\n",
	       info.driver, info.version, info.fw_version, info.erom_version,
	       info.bus_info);
	return 0;
}

static int cmd_ethtool(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-k"))
		return show_features(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "-K"))
		return set_features(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "-i"))
		return show_driver(argv[2]);
	return shell_usage(argv);
}
SHELL_CMD(ethtool, "ethtool", "ethtool -k IF | -K IF rx|tx|sg|tso|gso|gro on|off ... | -i IF",
	  "show or switch an interface's offloads; its driver", cmd_ethtool);
