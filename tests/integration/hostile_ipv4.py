#!/usr/bin/python3
"""Send malformed and tricky IPv4 at Skiff from inside the test's network
namespace, and check ARP answers. Prints one JSON object with what was sent,
so the shell test can compare it with Skiff's counters.

usage: hostile_ipv4.py IFACE SKIFF_IP LINUX_IP COUNT
"""
import json
import sys

from scapy.all import (ARP, ICMP, IP, Ether, Raw, conf, fragment, get_if_hwaddr,
                       sendp, srp1)

conf.verb = 0
iface, skiff, linux, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
mymac = get_if_hwaddr(iface)
result = {}

# ARP: a request for Skiff's address gets a well-formed reply from its MAC.
req = Ether(dst="ff:ff:ff:ff:ff:ff", src=mymac) / ARP(
    op=1, hwsrc=mymac, psrc=linux, pdst=skiff)
ans = srp1(req, iface=iface, timeout=3)
ok = (ans is not None and ARP in ans and ans[ARP].op == 2 and ans[ARP].psrc == skiff
      and ans[ARP].pdst == linux and ans[ARP].hwdst == mymac
      and ans[ARP].hwsrc == ans[Ether].src and ans[Ether].dst == mymac)
result["arp_reply_ok"] = bool(ok)
skiff_mac = ans[ARP].hwsrc if ok else "ff:ff:ff:ff:ff:ff"
result["skiff_mac"] = skiff_mac

# ARP for an address Skiff does not own: no answer (RFC 826: only for us).
other = skiff.rsplit(".", 1)[0] + ".99"
ans = srp1(Ether(dst="ff:ff:ff:ff:ff:ff", src=mymac) /
           ARP(op=1, hwsrc=mymac, psrc=linux, pdst=other), iface=iface, timeout=1)
result["arp_other_silent"] = ans is None

eth = Ether(dst=skiff_mac, src=mymac)
# Raw bytes give scapy no layer to infer the EtherType from: say IPv4.
eth_ip = Ether(dst=skiff_mac, src=mymac, type=0x0800)


def send(pkts):
    sendp(pkts, iface=iface)


echo = IP(src=linux, dst=skiff) / ICMP(id=0x5151) / Raw(b"x" * 32)

# Bad header checksum.
bad = IP(bytes(echo))
bad.chksum = (bad.chksum + 1) & 0xffff
send([eth / bad] * count)
result["bad_csum"] = count

# Version 6 in an IPv4 frame.
b = bytearray(bytes(echo)); b[0] = 0x65
send([eth_ip / Raw(bytes(b))] * count)
result["bad_version"] = count

# IHL below 5 (checksum made valid for the bogus header).
b = bytearray(bytes(echo)); b[0] = 0x44
send([eth_ip / Raw(bytes(b))] * count)
result["bad_ihl"] = count

# Total length larger than the frame (truncated datagram).
p = IP(bytes(echo)); p.len = 1000; del p.chksum
send([eth / IP(bytes(p))] * count)
result["truncated"] = count

# Total length smaller than the header.
p = IP(bytes(echo)); p.len = 12; del p.chksum
send([eth / IP(bytes(p))] * count)
result["short_len"] = count

# Valid options (NOP, then end of list): still answered.
opt = IP(src=linux, dst=skiff, options=b"\x01\x01\x01\x00") / ICMP(id=0x5252, seq=1) / Raw(b"o" * 16)
ans = srp1(eth / opt, iface=iface, timeout=3)
result["options_answered"] = ans is not None and ICMP in ans and ans[ICMP].type == 0

# Malformed option: a length running past the header.
badopt = IP(src=linux, dst=skiff, options=b"\x07\x27\x04\x00") / ICMP(id=0x5353)
send([eth / badopt] * count)
result["bad_options"] = count

# Overlapping fragments: the second overlaps the first; the whole datagram is dropped.
big = IP(src=linux, dst=skiff, id=0x4242) / ICMP(id=0x5454) / Raw(b"A" * 64)
frags = fragment(big, fragsize=32)
ov = frags[1].copy(); ov.frag = frags[1].frag - 1; ov.id = 0x4242
del ov.chksum
send([eth / frags[0], eth / ov] + [eth / f for f in frags[1:]])
result["overlap_trains"] = 1

# Incomplete trains: first fragments only, distinct ids, never completed.
inc = []
for i in range(count):
    d = IP(src=linux, dst=skiff, id=0x1000 + i) / ICMP(id=0x5555) / Raw(b"B" * 200)
    inc.append(eth / fragment(d, fragsize=64)[0])
send(inc)
result["incomplete_trains"] = count

# A good ping still works after all that.
ans = srp1(eth / IP(src=linux, dst=skiff) / ICMP(id=0x5656, seq=9) / Raw(b"ok"),
           iface=iface, timeout=3)
result["ping_after"] = ans is not None and ICMP in ans and ans[ICMP].type == 0

print(json.dumps(result))
