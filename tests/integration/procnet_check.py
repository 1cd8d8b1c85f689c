#!/usr/bin/python3
"""Skiff's /proc/net files, read as Linux's own files read, beside a Linux box's.

usage: procnet_check.py SKIFF_DIR LINUX_DIR SKIFF_IP LINUX_IP LINUX_MAC
Each DIR holds tcp, udp, route, arp and dev: Skiff's as its shell's `cat`
printed them, Linux's copied from /proc/net in the test's namespace. Every
file is parsed with the field layout of Linux's source (net/ipv4/tcp_ipv4.c
get_tcp4_sock, udp.c udp4_format_sock, fib_trie.c fib_route_seq_show,
arp.c arp_format_neigh_entry, net/core/net-procfs.c dev_seq_printf_stats),
the Linux files first, so the parser is known to read Linux; then Skiff's
must parse the same way, line widths and headers included, and say what
this network is: echo listening on port 7, the routes and the neighbour.
Prints TAP lines ("ok N - ..." / "not ok N - ...").
"""
import ipaddress
import os
import re
import socket
import struct
import sys

N = 0
FAILED = 0


def report(ok, what, why=""):
    global N, FAILED
    N += 1
    if not ok:
        FAILED += 1
    print(f"{'ok' if ok else 'not ok'} {N} - {what}" + ("" if ok else f": {why}"))


def hex_ip(h):
    """Linux prints a __be32 with %08X: the address's bytes as a host (little-endian) word."""
    return socket.inet_ntoa(struct.pack("<I", int(h, 16)))


# get_tcp4_sock / udp4_format_sock: "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu ..."
SOCK_LINE = re.compile(
    r"^ *(\d+): ([0-9A-F]{8}):([0-9A-F]{4}) ([0-9A-F]{8}):([0-9A-F]{4}) ([0-9A-F]{2}) "
    r"([0-9A-F]{8}):([0-9A-F]{8}) ([0-9A-F]{2}):([0-9A-F]{8}) ([0-9A-F]{8}) +(\d+) +(\d+) (\d+)")
TCP_HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
              "retrnsmt   uid  timeout inode")
UDP_HEADER = ("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
              "retrnsmt   uid  timeout inode ref pointer drops")
ROUTE_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
ARP_HEADER = "IP address       HW type     Flags       HW address            Mask     Device"
# arp_format_neigh_entry: "%-16s 0x%-10x0x%-10x%-17s     *        %s"
ARP_LINE = re.compile(r"^(\S+) +0x([0-9a-f]+) +0x([0-9a-f]+) +([0-9a-f:]{17}) +\* +(\S+)$")


def sockets(text, header, width):
    lines = text.split("\n")
    if lines[0].rstrip() != header or len(lines[0]) != width:
        return None, f"header {lines[0]!r} ({len(lines[0])} columns)"
    rows = []
    for line in filter(None, lines[1:]):
        m = SOCK_LINE.match(line)
        if not m or len(line) != width:
            return None, f"line {line!r} ({len(line)} columns)"
        g = m.groups()
        rows.append({"local": (hex_ip(g[1]), int(g[2], 16)), "remote": (hex_ip(g[3]), int(g[4], 16)),
                     "st": int(g[5], 16), "tx": int(g[6], 16), "rx": int(g[7], 16),
                     "tr": int(g[8], 16)})
    return rows, ""


def routes(text):
    lines = text.split("\n")
    if lines[0].rstrip() != ROUTE_HEADER or len(lines[0]) != 127:
        return None, f"header {lines[0]!r}"
    rows = []
    for line in filter(None, lines[1:]):
        f = line.split()
        if len(f) != 11 or len(line) != 127 or not all(re.fullmatch(r"[0-9A-F]{8}", x) for x in (f[1], f[2], f[7])):
            return None, f"line {line!r}"
        rows.append({"iface": f[0], "dst": hex_ip(f[1]), "gw": hex_ip(f[2]), "flags": int(f[3], 16),
                     "metric": int(f[6]), "mask": hex_ip(f[7])})
    return rows, ""


def neighbours(text):
    lines = text.split("\n")
    if lines[0] != ARP_HEADER:
        return None, f"header {lines[0]!r}"
    rows = []
    for line in filter(None, lines[1:]):
        m = ARP_LINE.match(line)
        # The type at column 17 and the flags at 29, as %-16s and 0x%-10x place them.
        if not m or line[17:19] != "0x" or line[29:31] != "0x":
            return None, f"line {line!r}"
        rows.append({"ip": m[1], "type": int(m[2], 16), "flags": int(m[3], 16), "mac": m[4], "dev": m[5]})
    return rows, ""


def devices(text):
    lines = text.split("\n")
    want = ["Inter-|   Receive                                                |  Transmit",
            " face |bytes    packets errs drop fifo frame compressed multicast|"
            "bytes    packets errs drop fifo colls carrier compressed"]
    if lines[:2] != want:
        return None, f"headers {lines[:2]!r}"
    rows = {}
    for line in filter(None, lines[2:]):
        name, _, rest = line.partition(":")
        f = rest.split()
        if len(f) != 16 or not all(x.isdigit() for x in f):
            return None, f"line {line!r}"
        rows[name.strip()] = [int(x) for x in f]
    return rows, ""


def read(d, name):
    with open(os.path.join(d, name)) as f:
        return f.read()


def check_linux(ldir):
    """The parsers on Linux's own files: they must read them whole."""
    for name, parse in (("tcp", lambda t: sockets(t, TCP_HEADER, 149)),
                        ("udp", lambda t: sockets(t, UDP_HEADER, 127)),
                        ("route", routes), ("arp", neighbours), ("dev", devices)):
        rows, why = parse(read(ldir, name))
        report(rows is not None, f"the parser reads Linux's /proc/net/{name}", why)


def check_skiff(sdir, skiff_ip, linux_ip, linux_mac):
    tcp, why = sockets(read(sdir, "tcp"), TCP_HEADER, 149)
    report(tcp is not None and any(r["st"] == 0x0A and r["local"] == ("0.0.0.0", 7) for r in tcp),
           "Skiff's /proc/net/tcp in Linux's layout: echo LISTEN on 0.0.0.0:7", why or str(tcp))
    udp, why = sockets(read(sdir, "udp"), UDP_HEADER, 127)
    report(udp is not None and any(r["st"] == 0x07 and r["local"] == ("0.0.0.0", 7) for r in udp),
           "Skiff's /proc/net/udp in Linux's layout: echo unconnected on 0.0.0.0:7", why or str(udp))
    rt, why = routes(read(sdir, "route"))
    net = str(ipaddress.ip_network(f"{skiff_ip}/24", strict=False).network_address)
    ok = rt is not None and \
        any(r["dst"] == "0.0.0.0" and r["gw"] == linux_ip and r["flags"] == 0x3 and
            r["iface"] == "eth0" and r["mask"] == "0.0.0.0" for r in rt) and \
        any(r["dst"] == net and r["gw"] == "0.0.0.0" and r["flags"] == 0x1 and
            r["mask"] == "255.255.255.0" for r in rt)
    report(ok, f"Skiff's /proc/net/route in Linux's layout: default via {linux_ip}, {net}/24 on-link",
           why or str(rt))
    arp, why = neighbours(read(sdir, "arp"))
    report(arp is not None and any(r["ip"] == linux_ip and r["mac"] == linux_mac and r["flags"] == 0x2 and
                                   r["type"] == 1 and r["dev"] == "eth0" for r in arp),
           f"Skiff's /proc/net/arp in Linux's layout: {linux_ip} is {linux_mac}, complete",
           why or str(arp))
    dev, why = devices(read(sdir, "dev"))
    report(dev is not None and "lo" in dev and "eth0" in dev and dev["eth0"][1] > 0 and dev["eth0"][9] > 0,
           "Skiff's /proc/net/dev in Linux's layout: lo and eth0, eth0 has received and sent",
           why or str(dev))


def main():
    sdir, ldir, skiff_ip, linux_ip, linux_mac = sys.argv[1:6]
    check_linux(ldir)
    check_skiff(sdir, skiff_ip, linux_ip, linux_mac.lower())
    print(f"procnet: {N - FAILED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


main()
