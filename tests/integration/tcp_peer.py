#!/usr/bin/env python3
"""The Linux end of the TCP tests and benchmarks (tests/integration/test_tcp.sh,
tools/bench_tcp.sh): clients of Skiff's echo (7), discard (9) and chargen (19)
services, an echo server for Skiff's own client (services/tcpclienttest.c), a
bounded SYN flood, and the benchmark loops.

    tcp_peer.py echo HOST BYTES            random data through echo, sha256 both ways
    tcp_peer.py echo-within HOST BYTES SECONDS   the same, stopped after SECONDS:
                                           how many bytes came back (for 20% loss)
    tcp_peer.py discard HOST BYTES         BYTES into discard
    tcp_peer.py chargen HOST BYTES         read BYTES from chargen, check RFC 864's lines
    tcp_peer.py concurrent HOST N          N echo connections at once, each its own data
    tcp_peer.py sequential HOST N          N connect/send/recv/close in a row
    tcp_peer.py halfclose HOST BYTES       send, shut down our side, read the rest, EOF
    tcp_peer.py server PORT OUT            echo server; each connection's byte count and
                                           sha256 go to OUT as one JSON line
    tcp_peer.py stream-sha BYTES           sha256 of tcpclienttest's stream
    tcp_peer.py synflood IFACE HOST PORT SECONDS   SYNs from random 10.0.0.0/24 sources
    tcp_peer.py rr HOST N                  64-byte echo round trips on one connection (us)
    tcp_peer.py cps HOST SECONDS           connect+send+recv+close per second (echo)
    tcp_peer.py tput-to HOST SECONDS       Mbit/s into discard
    tcp_peer.py tput-from HOST SECONDS     Mbit/s out of chargen

Every command prints one JSON object on stdout and exits 0 when its check
passed. All blocking calls have timeouts (TIMEOUT, default 120 s)."""
import hashlib
import json
import os
import resource
import selectors
import socket
import sys
import threading
import time

ECHO, DISCARD, CHARGEN = 7, 9, 19
TIMEOUT = float(os.environ.get("TIMEOUT", "120"))
CHUNK = 65536


def out(ok, **kw):
    kw["ok"] = bool(ok)
    print(json.dumps(kw), flush=True)
    sys.exit(0 if ok else 1)


def connect(host, port, timeout=TIMEOUT):
    return socket.create_connection((host, port), timeout=timeout)


def echo(host, nbytes, within=None):
    data = os.urandom(nbytes)
    s = connect(host, ECHO)
    err = []
    deadline = time.time() + within if within else None

    def sender():
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            err.append(str(e))

    t0 = time.time()
    th = threading.Thread(target=sender, daemon=True)
    th.start()
    h, n = hashlib.sha256(), 0
    try:
        while True:
            if deadline:
                left = deadline - time.time()
                if left <= 0:
                    break
                s.settimeout(min(left, TIMEOUT))
            try:
                b = s.recv(CHUNK)
            except socket.timeout:
                if deadline:
                    continue
                raise
            if not b:
                break
            h.update(b)
            n += len(b)
    except OSError as e:
        err.append(str(e))
    if deadline and n < nbytes:
        dt = time.time() - t0
        s.close()
        out(False, bytes=n, seconds=round(dt, 2), complete=False)
    th.join(TIMEOUT)
    dt = time.time() - t0
    s.close()
    want = hashlib.sha256(data).hexdigest()
    out(not err and n == nbytes and h.hexdigest() == want, bytes=n, seconds=round(dt, 2),
        mbit=round(n * 8 / dt / 1e6, 1), sha_sent=want, sha_back=h.hexdigest(), errors=err,
        complete=n == nbytes)


def discard(host, nbytes):
    block = os.urandom(CHUNK)
    s = connect(host, DISCARD)
    t0, n = time.time(), 0
    try:
        while n < nbytes:
            k = min(CHUNK, nbytes - n)
            s.sendall(block[:k])
            n += k
        s.shutdown(socket.SHUT_WR)
        # discard closes when it has read our EOF: everything was taken.
        eof = s.recv(1) == b""
    except OSError as e:
        out(False, bytes=n, error=str(e))
    dt = time.time() - t0
    s.close()
    out(eof, bytes=n, seconds=round(dt, 2), mbit=round(n * 8 / dt / 1e6, 1))


def chargen_period():
    """RFC 864's stream repeats every 95 lines of 72 characters + CR LF."""
    lines = []
    for row in range(95):
        lines.append(bytes(32 + (row + col) % 95 for col in range(72)) + b"\r\n")
    return b"".join(lines)


def chargen(host, nbytes):
    period = chargen_period()
    plen = len(period)
    tiled = period * (CHUNK // plen + 2)
    s = connect(host, CHARGEN)
    t0, n, bad = time.time(), 0, None
    try:
        while n < nbytes:
            b = s.recv(min(CHUNK, nbytes - n))
            if not b:
                break
            off = n % plen
            if tiled[off:off + len(b)] != b:
                bad = n + next(i for i in range(len(b)) if b[i] != tiled[off + i])
                break
            n += len(b)
    except OSError as e:
        out(False, bytes=n, error=str(e))
    dt = time.time() - t0
    s.close()
    out(bad is None and n == nbytes, bytes=n, first_bad_offset=bad, seconds=round(dt, 2),
        mbit=round(n * 8 / dt / 1e6, 1))


def raise_nofile(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (n, max(n, hard)))
        except (ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def concurrent(host, count):
    """count connections open at once; each sends its own payload and must get
    exactly it back. Connects go out in waves of 100 so that the SYN queue
    is exercised without every connection riding on SYN cookies."""
    raise_nofile(count + 64)
    sel = selectors.DefaultSelector()
    conns = []
    deadline = time.time() + TIMEOUT
    for i in range(count):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((host, ECHO))
        c = {"s": s, "data": os.urandom(512 + i % 1500), "sent": 0, "got": bytearray(),
             "done": False}
        conns.append(c)
        sel.register(s, selectors.EVENT_WRITE | selectors.EVENT_READ, c)
        if i % 100 == 99:
            time.sleep(0.05)
    open_ = count
    while open_ and time.time() < deadline:
        for key, ev in sel.select(timeout=1):
            c = key.data
            s = c["s"]
            try:
                if ev & selectors.EVENT_WRITE and c["sent"] < len(c["data"]):
                    c["sent"] += s.send(c["data"][c["sent"]:])
                    if c["sent"] == len(c["data"]):
                        sel.modify(s, selectors.EVENT_READ, c)
                if ev & selectors.EVENT_READ:
                    b = s.recv(CHUNK)
                    if b:
                        c["got"] += b
                    if not b or len(c["got"]) >= len(c["data"]):
                        sel.unregister(s)
                        c["done"] = True
                        open_ -= 1
            except (BlockingIOError, InterruptedError):
                pass
            except OSError as e:
                c["error"] = str(e)
                sel.unregister(s)
                c["done"] = True
                open_ -= 1
    good = sum(1 for c in conns if bytes(c["got"]) == c["data"])
    errors = sorted({c["error"] for c in conns if "error" in c})[:5]
    for c in conns:
        c["s"].close()
    out(good == count, connections=count, matched=good, unfinished=open_, errors=errors)


def sequential(host, count):
    t0, done, err = time.time(), 0, None
    for i in range(count):
        payload = b"%08d" % i
        try:
            with connect(host, ECHO, timeout=30) as s:
                s.sendall(payload)
                got = b""
                while len(got) < len(payload):
                    b = s.recv(64)
                    if not b:
                        break
                    got += b
            if got != payload:
                err = "connection %d: got %r" % (i, got)
                break
        except OSError as e:
            err = "connection %d: %s" % (i, e)
            break
        done += 1
    dt = time.time() - t0
    out(done == count, connections=done, seconds=round(dt, 1),
        per_second=round(done / dt, 1), error=err)


def halfclose(host, nbytes):
    """Send, shut down our write side at once, and only then read: echo must
    still send back everything, then close its side."""
    data = os.urandom(nbytes)
    s = connect(host, ECHO, timeout=30)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    time.sleep(0.5)
    got = bytearray()
    try:
        while True:
            b = s.recv(CHUNK)
            if not b:
                break
            got += b
        eof = True
    except OSError as e:
        eof = str(e)
    s.close()
    out(bytes(got) == data and eof is True, sent=nbytes, received=len(got), eof=eof)


def server(port, outpath):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(16)
    print(json.dumps({"listening": port}), flush=True)
    while True:
        c, peer = ls.accept()
        c.settimeout(TIMEOUT)
        h, n = hashlib.sha256(), 0
        try:
            while True:
                b = c.recv(CHUNK)
                if not b:
                    break
                h.update(b)
                n += len(b)
                c.sendall(b)
            c.shutdown(socket.SHUT_WR)
        except OSError as e:
            print(json.dumps({"error": str(e)}), flush=True)
        c.close()
        with open(outpath, "a") as f:
            f.write(json.dumps({"peer": peer[0], "bytes": n, "sha256": h.hexdigest()}) + "\n")


def stream_sha(nbytes):
    """services/tcpclienttest.c's stream: xorshift64, 8 bytes little-endian."""
    x, mask = 0x5eed5eed5eed5eed, (1 << 64) - 1
    words = bytearray()
    for _ in range((nbytes + 7) // 8):
        x ^= (x << 13) & mask
        x ^= x >> 7
        x ^= (x << 17) & mask
        words += x.to_bytes(8, "little")
    print(hashlib.sha256(bytes(words[:nbytes])).hexdigest())


def synflood(iface, host, port, seconds):
    from scapy.all import IP, TCP, Ether, conf, getmacbyip, sendp  # noqa
    import random
    conf.verb = 0
    mac = getmacbyip(host)
    if not mac:
        out(False, error="no ARP answer from %s" % host)
    rnd = random.Random(0x5f100d)
    pkts = []
    for _ in range(2000):
        src = "10.0.0.%d" % rnd.randint(3, 254)
        pkts.append(Ether(dst=mac) / IP(src=src, dst=host) /
                    TCP(sport=rnd.randint(1024, 65535), dport=port, flags="S",
                        seq=rnd.getrandbits(32)))
    raw = [bytes(p) for p in pkts]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    t0, n = time.time(), 0
    while time.time() - t0 < seconds:
        s.send(raw[n % len(raw)])
        n += 1
    out(True, syns=n, seconds=round(time.time() - t0, 1))


def rr(host, n):
    s = connect(host, ECHO, timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    msg = b"x" * 64
    samples = []
    for i in range(n + 20):
        t0 = time.perf_counter()
        s.sendall(msg)
        got = 0
        while got < 64:
            b = s.recv(64 - got)
            if not b:
                out(False, error="EOF after %d round trips" % i)
            got += len(b)
        if i >= 20:		# the first ones warm caches and ARP
            samples.append((time.perf_counter() - t0) * 1e6)
    s.close()
    samples.sort()
    out(True, n=n, median_us=round(samples[len(samples) // 2], 1),
        p99_us=round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 1))


def cps(host, seconds):
    t0, n = time.time(), 0
    while time.time() - t0 < seconds:
        with connect(host, ECHO, timeout=10) as s:
            s.sendall(b"ping")
            got = b""
            while len(got) < 4:
                b = s.recv(4)
                if not b:
                    break
                got += b
        n += 1
    out(True, connections=n, per_second=round(n / (time.time() - t0), 1))


def tput_to(host, seconds):
    block = os.urandom(CHUNK)
    s = connect(host, DISCARD, timeout=30)
    t0, n = time.time(), 0
    while time.time() - t0 < seconds:
        s.sendall(block)
        n += len(block)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)		# discard's close: all of it was read
    dt = time.time() - t0
    s.close()
    out(True, bytes=n, mbit=round(n * 8 / dt / 1e6, 1))


def tput_from(host, seconds):
    s = connect(host, CHARGEN, timeout=30)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.recv(CHUNK)		# the connection is up and flowing
    t0, n = time.time(), 0
    while time.time() - t0 < seconds:
        b = s.recv(CHUNK)
        if not b:
            break
        n += len(b)
    dt = time.time() - t0
    s.close()
    out(True, bytes=n, mbit=round(n * 8 / dt / 1e6, 1))


def main():
    a = sys.argv[1:]
    cmds = {
        "echo": lambda: echo(a[1], int(a[2])),
        "echo-within": lambda: echo(a[1], int(a[2]), float(a[3])),
        "discard": lambda: discard(a[1], int(a[2])),
        "chargen": lambda: chargen(a[1], int(a[2])),
        "concurrent": lambda: concurrent(a[1], int(a[2])),
        "sequential": lambda: sequential(a[1], int(a[2])),
        "halfclose": lambda: halfclose(a[1], int(a[2])),
        "server": lambda: server(int(a[1]), a[2]),
        "stream-sha": lambda: stream_sha(int(a[1])),
        "synflood": lambda: synflood(a[1], a[2], int(a[3]), float(a[4])),
        "rr": lambda: rr(a[1], int(a[2])),
        "cps": lambda: cps(a[1], float(a[2])),
        "tput-to": lambda: tput_to(a[1], float(a[2])),
        "tput-from": lambda: tput_from(a[1], float(a[2])),
    }
    if not a or a[0] not in cmds:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        cmds[a[0]]()
    except (OSError, IndexError, ValueError) as e:
        out(False, error="%s: %s" % (type(e).__name__, e))


if __name__ == "__main__":
    main()
