/*
 * leasefile.h - dhcpd's table in its lease file (/proc/skiff/dhcpd, whose
 * lines <skiff/dhcp_lease.h> describes and the kernel keeps): written
 * whole after every change, and read back when dhcpd starts, so that a
 * restarted dhcpd still knows whom it gave which address.
 */
#ifndef DHCPD_LEASEFILE_H
#define DHCPD_LEASEFILE_H

#include "server.h"

#define DHCPD_LEASE_FILE	"/proc/skiff/dhcpd"

/*
 * Writes every lease dhcpd knows a client for (all but FREE slots) and
 * every counter to path, in write(2)s of whole lines. 0, or -1 with errno.
 */
int leasefile_write(const char *path, const struct dhcpd_if *ifs, int nifs,
		    const struct dhcpd_counters *ctr);

/*
 * Restores from path the leases of the interfaces in ifs whose address
 * is still in the pool, and the counters. Returns how many leases came
 * back, or -1 with errno if path cannot be read. Lines of other
 * interfaces or addresses are left out; *skipped counts them.
 */
int leasefile_load(const char *path, struct dhcpd_if *ifs, int nifs,
		   struct dhcpd_counters *ctr, unsigned int *skipped);

/* A whole (small) file, NUL-terminated, in a buffer the caller frees; NULL with errno. */
char *read_file(const char *path);

#endif
