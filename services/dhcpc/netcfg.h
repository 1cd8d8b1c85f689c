/*
 * netcfg.h - interface configuration through the socket ioctls Linux
 * offers (netdevice(7), route(4)): hardware address, IPv4 address and
 * mask, default route. Addresses in network byte order; each call returns
 * 0 or -1 with errno.
 */
#ifndef SKIFF_DHCPC_NETCFG_H
#define SKIFF_DHCPC_NETCFG_H

#include <stdbool.h>
#include <stdint.h>

int netcfg_get_hwaddr(int fd, const char *ifname, uint8_t mac[6]);
int netcfg_get_addr(int fd, const char *ifname, uint32_t *addr);
/* SIOCSIFADDR, then SIOCSIFNETMASK (skipped when addr is 0: unconfigure). */
int netcfg_set_addr(int fd, const char *ifname, uint32_t addr, uint32_t mask);
/* SIOCADDRT / SIOCDELRT of 0.0.0.0/0 via gw on ifname. */
int netcfg_default_route(int fd, const char *ifname, uint32_t gw, bool add);

#endif /* SKIFF_DHCPC_NETCFG_H */
