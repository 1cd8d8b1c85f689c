/*
 * The SIOCETHTOOL interface of Linux's <linux/ethtool.h>, the part Skiff
 * answers: driver information and the legacy one-feature get/set
 * commands (ethtool -i, -k, -K). ifr_data points at the command's struct,
 * whose first word is the command.
 */
#ifndef _LINUX_ETHTOOL_H
#define _LINUX_ETHTOOL_H

#include <linux/types.h>

#define SIOCETHTOOL		0x8946

#define ETHTOOL_GDRVINFO	0x00000003	/* struct ethtool_drvinfo */
#define ETHTOOL_GRXCSUM		0x00000014	/* struct ethtool_value: rx-checksumming */
#define ETHTOOL_SRXCSUM		0x00000015
#define ETHTOOL_GTXCSUM		0x00000016	/* tx-checksumming */
#define ETHTOOL_STXCSUM		0x00000017
#define ETHTOOL_GSG		0x00000018	/* scatter-gather */
#define ETHTOOL_SSG		0x00000019
#define ETHTOOL_GTSO		0x0000001e	/* tcp-segmentation-offload */
#define ETHTOOL_STSO		0x0000001f
#define ETHTOOL_GGSO		0x00000023	/* generic-segmentation-offload */
#define ETHTOOL_SGSO		0x00000024
#define ETHTOOL_GGRO		0x0000002b	/* generic-receive-offload */
#define ETHTOOL_SGRO		0x0000002c

struct ethtool_value {
	__u32 cmd;
	__u32 data;		/* 0 off, 1 on */
};

struct ethtool_drvinfo {
	__u32 cmd;
	char driver[32];	/* the driver's name */
	char version[32];
	char fw_version[32];
	char bus_info[32];	/* "0000:00:03.0" for a PCI function */
	char erom_version[32];
	char reserved2[12];
	__u32 n_priv_flags;
	__u32 n_stats;
	__u32 testinfo_len;
	__u32 eedump_len;
	__u32 regdump_len;
};

#endif
