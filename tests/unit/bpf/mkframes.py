#!/usr/bin/python3
"""mkframes.py FILE - the frames the BPF unit tests judge (tests/unit/bpf/frames.pcap).

Varied Ethernet traffic, each frame chosen to sit on one side of some
filter's edge: IPv4 TCP/UDP/ICMP/SCTP among a few hosts and nets, IPv4
with options and fragments (first and later), IPv6 TCP/UDP with and
without a fragment header, ARP and RARP, an 802.1Q frame, an 802.3 LLC
frame, an experimental EtherType, runts cut inside their headers, and
frames of many lengths. Deterministic: the same file every run.
"""
import struct
import sys

from scapy.all import (ARP, Dot1Q, Ether, ICMP, IP, IPv6, IPv6ExtHdrFragment,
                       LLC, Raw, SCTP, TCP, UDP, ICMPv6EchoRequest)
from scapy.layers.l2 import Dot3

A = "52:54:00:12:34:56"     # the "ether host" of the tests
B = "02:00:00:00:00:01"
C = "02:00:00:00:00:02"
BC = "ff:ff:ff:ff:ff:ff"
H1, H2, H9 = "10.0.0.1", "10.0.0.2", "10.0.0.9"
FAR = "192.168.7.20"
OTHER = "172.16.5.5"
V6A, V6B = "fd00::1", "fd00::2"


def e(src=A, dst=B):
    return Ether(src=src, dst=dst)


frames = [
    e() / IP(src=H1, dst=H2) / TCP(sport=40000, dport=80, flags="S"),
    e(B, A) / IP(src=H2, dst=H1) / TCP(sport=80, dport=40000, flags="SA"),
    e() / IP(src=H1, dst=H2) / TCP(sport=40000, dport=443, flags="A") / Raw(b"x" * 100),
    e() / IP(src=H2, dst=H9) / TCP(sport=22, dport=51000, flags="PA") / Raw(b"ssh"),
    e(B, C) / IP(src=H9, dst=H2) / TCP(sport=51000, dport=22, flags="A"),
    e() / IP(src=H1, dst=FAR) / UDP(sport=5353, dport=53) / Raw(b"q" * 30),
    e(C, A) / IP(src=FAR, dst=H1) / UDP(sport=53, dport=5353) / Raw(b"a" * 60),
    e() / IP(src=H2, dst=H1) / UDP(sport=12345, dport=9) / Raw(b"d"),
    e() / IP(src=H1, dst=H2) / ICMP(type=8, id=1, seq=1) / Raw(b"p" * 56),
    e(B, A) / IP(src=H2, dst=H1) / ICMP(type=0, id=1, seq=1) / Raw(b"p" * 56),
    e() / IP(src=H9, dst=OTHER) / ICMP(type=3, code=3) / Raw(b"\x45" + b"\0" * 27),
    e(A, BC) / ARP(op=1, psrc=H1, pdst=H2, hwsrc=A),
    e(B, A) / ARP(op=2, psrc=H2, pdst=H1, hwsrc=B, hwdst=A),
    Ether(src=C, dst=BC, type=0x8035) / ARP(op=3, psrc="0.0.0.0", pdst=H9, hwsrc=C),
    e(C, BC) / ARP(op=1, psrc=H9, pdst="10.0.1.1", hwsrc=C),
    # IPv4 with options: the ports sit behind a 24-byte header.
    e() / IP(src=H1, dst=H2, options=b"\x01\x01\x01\x00") / TCP(sport=1234, dport=80, flags="S"),
    # A datagram in two fragments: the first has the ports, the second not.
    e() / IP(src=H2, dst=H1, id=7, flags="MF", frag=0, proto=17) / Raw(bytes(UDP(sport=53, dport=4000, len=1208)) + b"f" * 800),
    e() / IP(src=H2, dst=H1, id=7, frag=101, proto=17) / Raw(b"g" * 400),
    # A later fragment whose payload bytes look like port 80 at the port offset.
    e() / IP(src=H1, dst=H2, id=9, frag=3, proto=6) / Raw(b"\x00\x50\x00\x50" + b"h" * 20),
    e() / IP(src=OTHER, dst=FAR) / SCTP(sport=80, dport=3868),
    e() / IP(src=H1, dst=H2, proto=47) / Raw(b"gre!" * 4),
    e() / IPv6(src=V6A, dst=V6B) / TCP(sport=40001, dport=80, flags="S"),
    e(B, A) / IPv6(src=V6B, dst=V6A) / UDP(sport=53, dport=40002) / Raw(b"v6"),
    e() / IPv6(src=V6A, dst=V6B) / IPv6ExtHdrFragment(nh=6, m=1, id=5) / TCP(sport=40003, dport=22),
    e() / IPv6(src=V6A, dst=V6B) / ICMPv6EchoRequest(),
    e() / Dot1Q(vlan=5) / IP(src=H1, dst=H2) / TCP(sport=40000, dport=80),
    Dot3(src=C, dst=B) / LLC(dsap=0x42, ssap=0x42, ctrl=3) / Raw(b"stp" * 10),
    Ether(src=A, dst=C, type=0x88b5) / Raw(b"experimental"),
    Ether(src=C, dst=A, type=0x88b5) / Raw(b"e" * 200),
    e() / IP(src=H1, dst=H2) / UDP(sport=40000, dport=80) / Raw(b"u" * 1400),
    e() / IP(src="192.168.1.1", dst="192.168.200.3") / UDP(sport=67, dport=68) / Raw(b"dhcp" * 50),
    e() / IP(src="10.1.2.3", dst=H9) / TCP(sport=443, dport=40010, flags="FA"),
]

# Runts: whole frames cut inside their headers, so loads past the end fail.
runts = [
    bytes(e() / IP(src=H1, dst=H2) / TCP(sport=1, dport=80))[:30],
    bytes(e() / IP(src=H1, dst=H2) / TCP(sport=80, dport=2))[:36],
    bytes(e() / IPv6(src=V6A, dst=V6B) / TCP(sport=80, dport=3))[:50],
    bytes(e(A, BC) / ARP(op=1, psrc=H1, pdst=H2))[:20],
    bytes(e())[:13],
]

# pcap-savefile(5), written by hand so the file is the same every run
# (fixed timestamps, one second apart) and runts stay as cut.
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, b in enumerate([bytes(x) for x in frames] + runts):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(b), len(b)) + b)
