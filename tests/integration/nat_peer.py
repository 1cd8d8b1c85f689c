#!/usr/bin/python3
"""The Linux ends of tests/integration/test_netfilter.sh, one subcommand each.

  echo-server ADDR PORT            echo every byte back, any number of connections
  peer-server ADDR PORT            answer each connection with the address it came from
  peer-client ADDR PORT            print what a peer-server answers
  many-clients ADDR PORT N BYTES   N connections open at once, each sends BYTES
                                   (its own pattern) and must read the same back;
                                   prints "N ok" or what failed
  udp-echo ADDR PORT               send every datagram back
  udp-probe ADDR PORT              send one datagram, print "refused" (ICMP port
                                   unreachable), "answer" or "silence" (2 s)
  syn-flood SRC DST PORT N [FIRST] N TCP SYNs from SRC with changing source ports
                                   (the FIRST-th on; raw socket), as fast as they go
Every wait is bounded; nothing here retries forever.
"""
import asyncio
import os
import selectors
import socket
import struct
import sys
import time


async def echo_handler(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def peer_handler(reader, writer):
    writer.write(writer.get_extra_info("peername")[0].encode() + b"\n")
    await writer.drain()
    writer.close()


def serve(handler, addr, port):
    async def main():
        server = await asyncio.start_server(handler, addr, int(port), backlog=4096)
        async with server:
            await server.serve_forever()
    asyncio.run(main())


def peer_client(addr, port):
    with socket.create_connection((addr, int(port)), timeout=10) as s:
        print(s.recv(100).decode().strip())


def pattern(i, n):
    seed = (i * 2654435761) & 0xffffffff
    return bytes(((seed >> (8 * (k % 4))) + k) & 0xff for k in range(n))


def many_clients(addr, port, n, nbytes, deadline_s=240):
    """All connections first (non-blocking), then every one sends and reads back."""
    n, nbytes = int(n), int(nbytes)
    sel = selectors.DefaultSelector()
    conns = {}
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((addr, int(port)))
        conns[s] = {"i": i, "out": pattern(i, nbytes), "sent": 0, "got": b"", "up": False}
        sel.register(s, selectors.EVENT_WRITE)
    deadline = time.monotonic() + deadline_s
    done = failed = 0
    while conns and time.monotonic() < deadline:
        for key, ev in sel.select(timeout=1):
            s = key.fileobj
            c = conns[s]
            try:
                if ev & selectors.EVENT_WRITE:
                    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        raise OSError(err, os.strerror(err))
                    c["sent"] += s.send(c["out"][c["sent"]:])
                    if c["sent"] == len(c["out"]):
                        sel.modify(s, selectors.EVENT_READ)
                if ev & selectors.EVENT_READ:
                    data = s.recv(65536)
                    if not data:
                        raise OSError("closed early after %d bytes" % len(c["got"]))
                    c["got"] += data
                    if len(c["got"]) >= nbytes:
                        ok = c["got"] == c["out"]
                        done += ok
                        if not ok:
                            failed += 1
                            print("connection %d: bytes differ" % c["i"])
                        sel.unregister(s)
                        s.close()
                        del conns[s]
            except OSError as e:
                failed += 1
                print("connection %d: %s" % (c["i"], e))
                sel.unregister(s)
                s.close()
                del conns[s]
    for s, c in conns.items():
        print("connection %d: unfinished (sent %d, got %d)" % (c["i"], c["sent"], len(c["got"])))
        s.close()
    print("%d ok" % done)
    return 0 if done == n else 1


def udp_echo(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    while True:
        data, peer = s.recvfrom(65536)
        s.sendto(data, peer)


def udp_probe(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    s.connect((addr, int(port)))
    s.send(b"probe")
    try:
        s.recv(100)
        print("answer")
    except ConnectionRefusedError:
        print("refused")
    except socket.timeout:
        print("silence")


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def syn_flood(src, dst, port, n, first="0"):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    saddr, daddr = socket.inet_aton(src), socket.inet_aton(dst)
    for i in range(int(first), int(first) + int(n)):
        sport = 20000 + i % 40000
        tcp = struct.pack("!HHIIBBHHH", sport, int(port), i * 7919, 0, 5 << 4, 0x02, 64240, 0, 0)
        pseudo = saddr + daddr + struct.pack("!BBH", 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), i & 0xffff, 0, 64, 6, 0,
                         saddr, daddr)
        s.sendto(ip + tcp, (dst, 0))
    print("sent %s" % n)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "echo-server":
        serve(echo_handler, *args)
    elif cmd == "peer-server":
        serve(peer_handler, *args)
    elif cmd == "peer-client":
        peer_client(*args)
    elif cmd == "many-clients":
        sys.exit(many_clients(*args))
    elif cmd == "udp-echo":
        udp_echo(*args)
    elif cmd == "udp-probe":
        udp_probe(*args)
    elif cmd == "syn-flood":
        syn_flood(*args)
    else:
        sys.exit("unknown subcommand " + cmd)


if __name__ == "__main__":
    main()
