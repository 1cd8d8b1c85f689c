#!/usr/bin/python3
"""A DHCP client made of crafted packets, for what udhcpc never sends:
DECLINE, INFORM, INIT-REBOOT for a wrong address, and malformed messages.
Runs in a LAN namespace of test_dhcpd.sh; prints one "ok - ..." or
"not ok - ..." line per check.

usage: dhcp_peer.py IFACE SERVER MODE
  decline        DISCOVER, REQUEST, then DECLINE the address acknowledged
  inform CIADDR  INFORM from CIADDR (on IFACE): an ACK to it, without a lease
  nak            INIT-REBOOT for an address of another network: a broadcast NAK
  silent ADDR    INIT-REBOOT for ADDR from a client the server never saw: no answer
  hostile        malformed messages (each counted by dhcpd), then an INFORM
                 that must still be answered
"""
import random
import sys
import threading

from scapy.all import (BOOTP, DHCP, IP, UDP, AsyncSniffer, Ether, Raw, conf,
                       fragment, get_if_hwaddr, sendp)

conf.verb = 0
iface, server, mode = sys.argv[1], sys.argv[2], sys.argv[3]
args = sys.argv[4:]
mac = get_if_hwaddr(iface)
chaddr = bytes.fromhex(mac.replace(":", ""))
WAIT = 10          # s for an answer: Skiff runs under TCG, on a loaded machine
failed = 0


def report(ok, what):
    global failed
    print(("ok - " if ok else "not ok - ") + what, flush=True)
    failed += not ok


def frame(options, ciaddr="0.0.0.0", src="0.0.0.0", dst="255.255.255.255",
          xid=None, giaddr="0.0.0.0", op=1, flags=0x8000):
    xid = random.getrandbits(32) if xid is None else xid
    return xid, (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") /
                 IP(src=src, dst=dst) / UDP(sport=68, dport=67) /
                 BOOTP(op=op, chaddr=chaddr, xid=xid, ciaddr=ciaddr, giaddr=giaddr,
                       flags=flags) /
                 DHCP(options=options + ["end"]))


def opt_type(pkt):
    for o in pkt[DHCP].options:
        if isinstance(o, tuple) and o[0] == "message-type":
            return o[1]
    return None


def opt(pkt, name):
    for o in pkt[DHCP].options:
        if isinstance(o, tuple) and o[0] == name:
            return o[1]
    return None


def exchange(pkt, xid, timeout=WAIT):
    """Sends pkt and returns the server's first reply to xid, or None."""
    ready = threading.Event()
    sniffer = AsyncSniffer(iface=iface, filter="udp and dst port 68",
                           lfilter=lambda p: BOOTP in p and p[BOOTP].xid == xid,
                           count=1, timeout=timeout, started_callback=ready.set)
    sniffer.start()
    ready.wait(WAIT)            # the capture socket is open before anything is sent
    sendp(pkt, iface=iface)
    sniffer.join()
    return sniffer.results[0] if sniffer.results else None


def mode_decline():
    xid, p = frame([("message-type", "discover"), ("hostname", "crafted")])
    offer = exchange(p, xid)
    if not offer or opt_type(offer) != 2:
        report(False, "DHCPOFFER for the crafted client")
        return
    addr = offer[BOOTP].yiaddr
    xid, p = frame([("message-type", "request"), ("requested_addr", addr),
                    ("server_id", server), ("hostname", "crafted")])
    ack = exchange(p, xid)
    report(ack is not None and opt_type(ack) == 5 and ack[BOOTP].yiaddr == addr,
           "DHCPACK of %s for the crafted client" % addr)
    _, p = frame([("message-type", "decline"), ("requested_addr", addr),
                  ("server_id", server)])
    sendp(p, iface=iface)
    print("declined " + addr, flush=True)


def mode_inform(ciaddr):
    xid, p = frame([("message-type", "inform"), ("param_req_list", [1, 3, 6])],
                   ciaddr=ciaddr, src=ciaddr, flags=0)
    ack = exchange(p, xid)
    ok = (ack is not None and opt_type(ack) == 5 and ack[IP].dst == ciaddr and
          ack[BOOTP].yiaddr == "0.0.0.0" and opt(ack, "lease_time") is None and
          opt(ack, "router") is not None)
    report(ok, "DHCPINFORM from %s: a DHCPACK to it, with a router and no lease" % ciaddr)


def mode_nak():
    xid, p = frame([("message-type", "request"), ("requested_addr", "192.168.77.7")])
    nak = exchange(p, xid)
    ok = nak is not None and opt_type(nak) == 6 and nak[IP].dst == "255.255.255.255"
    report(ok, "INIT-REBOOT for 192.168.77.7: a broadcast DHCPNAK (%s)" %
           (opt(nak, "error_message") if nak else "no answer"))


def mode_silent(addr):
    xid, p = frame([("message-type", "request"), ("requested_addr", addr)])
    report(exchange(p, xid, timeout=4) is None,
           "INIT-REBOOT for %s from an unknown client: no answer (RFC 2131 4.3.2)" % addr)


def raw_frames(payload):
    """payload as a UDP datagram to port 67; one too big for a frame goes in IP fragments."""
    ip = IP(src="0.0.0.0", dst="255.255.255.255") / UDP(sport=68, dport=67) / Raw(payload)
    eth = Ether(src=mac, dst="ff:ff:ff:ff:ff:ff")
    return [eth / f for f in fragment(ip, fragsize=1200)] if len(ip) > 1500 else [eth / ip]


def mode_hostile():
    valid = bytes(frame([("message-type", "discover")])[1][BOOTP])
    cases = {
        "short": valid[:100],
        "not_request": bytes([2]) + valid[1:],
        "hwtype": valid[:1] + bytes([6, 16]) + valid[3:],
        "no_cookie": valid[:236] + b"\0\0\0\0" + valid[240:],
        "no_type": valid[:240] + b"\xff",
        "bad_type": bytes(frame([("message-type", 2)])[1][BOOTP]),
        "relayed": bytes(frame([("message-type", "discover")], giaddr="10.9.0.1")[1][BOOTP]),
        "oversize": valid + b"\0" * 1300,
        "option_past_end": valid[:240] + b"\x35\x01\x01\x0c\xc8abc",
    }
    for name, payload in cases.items():
        sendp(raw_frames(payload) * 5, iface=iface)
    print("sent " + " ".join("%s=5" % n for n in cases), flush=True)
    mode_inform(args[0])


{"decline": mode_decline, "inform": lambda: mode_inform(args[0]), "nak": mode_nak,
 "silent": lambda: mode_silent(args[0]), "hostile": mode_hostile}[mode]()
sys.exit(1 if failed else 0)
