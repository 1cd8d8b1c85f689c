#!/usr/bin/python3
"""http_client.py - raw-socket HTTP/1.1 checks for tests/integration/test_httpd.sh.

Each subcommand prints one result line and exits 0 on success, 1 on failure.
Every socket operation has a timeout, so nothing here can hang.

  pipeline HOST PORT          three requests in one send, answered in order
  flood HOST PORT N           N pipelined requests sent before reading any answer
  keepalive10 HOST PORT       HTTP/1.0: closed without keep-alive, kept with it
  bad HOST PORT               malformed requests get 4xx/5xx and a close
  timeout HOST PORT           a partial request gets 408 and a close in ~10 s
  idle HOST PORT N            N idle/partial connections do not delay a new client
  evict HOST PORT N           at the connection limit N, a new client is still served
  stats HOST PORT             /api/stats is JSON with the documented keys
  firewall HOST PORT RS CT    /api/firewall holds ruleset file RS and conntrack
                              file CT's lines ("-": both empty)
  head HOST PORT PATH         HEAD has GET's headers and no body
  dom FILE [ID=TEXT ...]      chromium's --dump-dom of the dashboard has data
                              (and each element ID holds TEXT)
"""
import json
import socket
import sys
import time

TIMEOUT = 15.0


def connect(host, port, timeout=TIMEOUT):
    s = socket.create_connection((host, port), timeout=timeout)
    s.settimeout(timeout)
    return s


class Reader:
    """Reads HTTP/1.1 responses off a socket, framed by Content-Length."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.eof = False

    def fill(self):
        data = self.sock.recv(65536)
        if not data:
            self.eof = True
        self.buf += data
        return bool(data)

    def response(self, head_only=False):
        """(status, headers dict with lower-case names, body) or None at EOF."""
        while b"\r\n\r\n" not in self.buf:
            if not self.fill():
                return None
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        status = int(parts[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = 0 if head_only else int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            if not self.fill():
                break
        body, self.buf = self.buf[:length], self.buf[length:]
        return status, headers, body

    def closed(self):
        """True if the peer closes (EOF or reset) with nothing more to read."""
        try:
            while not self.eof:
                if not self.fill():
                    break
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False
        return self.eof


def req(path, method="GET", extra="", version="HTTP/1.1"):
    return ("%s %s %s\r\nHost: skiff\r\n%s\r\n" % (method, path, version, extra)).encode()


def cmd_pipeline(host, port):
    s = connect(host, port)
    s.sendall(req("/no-such-page") + req("/dashboard.css", "HEAD") +
              req("/dashboard.js") + req("/", extra="Connection: close\r\n"))
    r = Reader(s)
    want = [(404, "text/plain", False), (200, "text/css", True),
            (200, "text/javascript", False), (200, "text/html", False)]
    got = []
    for i, (status, ctype, head) in enumerate(want):
        resp = r.response(head_only=head)
        if resp is None:
            print("pipeline: connection closed after %d responses" % i)
            return 1
        st, hd, body = resp
        got.append((st, hd.get("content-type", "").split(";")[0]))
        if st != status or not hd.get("content-type", "").startswith(ctype):
            print("pipeline: response %d is %s, expected %s" % (i, got[-1], (status, ctype)))
            return 1
        if not head and len(body) != int(hd.get("content-length", "-1")):
            print("pipeline: response %d body %d bytes, Content-Length %s" %
                  (i, len(body), hd.get("content-length")))
            return 1
    if hd.get("connection", "").lower() != "close" or not r.closed():
        print("pipeline: 'Connection: close' request did not end the connection")
        return 1
    print("pipeline: 4 responses in order %s, then closed" % got)
    return 0


def cmd_flood(host, port, n):
    """N requests in one go, not read for a second: the server must stop
    reading while its answers back up, then answer all, in order."""
    s = connect(host, port, timeout=30)
    paths = ["/dashboard.css" if i % 2 else "/no-such-page-%d" % i for i in range(n)]
    data = b"".join(req(p) for p in paths) + req("/", "HEAD", extra="Connection: close\r\n")
    s.sendall(data)
    time.sleep(1)
    r = Reader(s)
    for i, p in enumerate(paths):
        resp = r.response()
        want = 200 if i % 2 else 404
        if resp is None or resp[0] != want:
            print("flood: answer %d of %d is %s, expected %d" % (i, n, resp and resp[0], want))
            return 1
    last = r.response(head_only=True)
    if last is None or last[0] != 200 or not r.closed():
        print("flood: the final HEAD with Connection: close was not answered and closed")
        return 1
    print("flood: %d pipelined requests (sent before reading) answered in order, then closed" % n)
    return 0


def raw_exchange(host, port, data):
    """Sends data, reads until the server closes; returns the bytes."""
    s = connect(host, port)
    s.sendall(data)
    out = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return out
        out += chunk


def split_head(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return lines[0], fields, body


def cmd_head(host, port, path):
    get = raw_exchange(host, port, req(path, extra="Connection: close\r\n"))
    head = raw_exchange(host, port, req(path, "HEAD", extra="Connection: close\r\n"))
    gl, gf, gb = split_head(get)
    hl, hf, hb = split_head(head)
    gf.pop("date", None)
    hf.pop("date", None)
    if path.startswith("/api/"):
        # Generated per request: the length may differ, but must be there.
        if "content-length" in gf and "content-length" in hf:
            gf["content-length"] = hf["content-length"] = "n"
    if (gl != hl or gf != hf or hb or
            (gf.get("content-length") != "n" and len(gb) != int(gf.get("content-length", -1)))):
        print("head: GET %r %s (%d bytes), HEAD %r %s (%d bytes)" %
              (gl, gf, len(gb), hl, hf, len(hb)))
        return 1
    print("head: HEAD %s has GET's status and %d fields and no body" % (path, len(hf)))
    return 0


def cmd_keepalive10(host, port):
    s = connect(host, port)
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    r = Reader(s)
    st, hd, _ = r.response()
    if st != 200 or not r.closed():
        print("keepalive10: plain HTTP/1.0 got %d and the connection stayed open" % st)
        return 1
    s = connect(host, port)
    r = Reader(s)
    for i in range(3):
        s.sendall(b"GET /dashboard.css HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        resp = r.response()
        if resp is None or resp[0] != 200 or resp[1].get("connection", "").lower() != "keep-alive":
            print("keepalive10: keep-alive request %d: %s" % (i, resp and (resp[0], resp[1])))
            return 1
    print("keepalive10: 1.0 closes by default, 3 requests on one keep-alive connection")
    return 0


def bad_cases():
    long_target = "/" + "a" * 3000
    huge_field = "X-Big: " + "b" * 8200 + "\r\n"
    many_fields = "".join("X-F%d: v\r\n" % i for i in range(200))
    return [
        ("garbage request line", b"GARBAGE\r\n\r\n", (400,)),
        ("binary (TLS hello on port 80)", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40, (400,)),
        ("HTTP/0.9 request", b"GET /\r\n\r\n", (400,)),
        ("two spaces", b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", (400,)),
        ("HTTP/2.0", b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", (505,)),
        ("lower-case version", b"GET / http/1.1\r\nHost: a\r\n\r\n", (400,)),
        ("missing Host in 1.1", b"GET / HTTP/1.1\r\n\r\n", (400,)),
        ("obs-fold", b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", (400,)),
        ("space before colon", b"GET / HTTP/1.1\r\nHost : a\r\n\r\n", (400,)),
        ("control byte in a field", b"GET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n", (400,)),
        ("3000-byte target", ("GET %s HTTP/1.1\r\nHost: a\r\n\r\n" % long_target).encode(), (414,)),
        ("8 KB header field", ("GET / HTTP/1.1\r\nHost: a\r\n%s\r\n" % huge_field).encode(), (431,)),
        ("8 KB header, never finished", ("GET / HTTP/1.1\r\nHost: a\r\n%s" % huge_field).encode(), (431,)),
        ("200 header fields", ("GET / HTTP/1.1\r\nHost: a\r\n%s\r\n" % many_fields).encode(), (431,)),
        ("differing Content-Length", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", (400,)),
        ("chunked body", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", (501,)),
        ("40-byte method", b"M" * 40 + b" / HTTP/1.1\r\nHost: a\r\n\r\n", (501,)),
    ]


def cmd_bad(host, port):
    failed = 0
    for name, data, statuses in bad_cases():
        t0 = time.time()
        try:
            s = connect(host, port, timeout=8)
            s.sendall(data)
            r = Reader(s)
            resp = r.response()
            closed = r.closed()
        except (OSError, ValueError) as e:
            print("bad: %s: %s" % (name, e))
            failed += 1
            continue
        dt = time.time() - t0
        st = resp[0] if resp else None
        cl = resp and "content-length" in resp[1]
        if st not in statuses or not closed or not cl:
            print("bad: %s: status %s (want %s), closed %s, Content-Length %s, %.1f s" %
                  (name, st, statuses, closed, cl, dt))
            failed += 1
        else:
            print("bad: %s -> %d and close (%.2f s)" % (name, st, dt))
    print("bad: %d cases, %d failed" % (len(bad_cases()), failed))
    return 1 if failed else 0


def cmd_timeout(host, port):
    s = connect(host, port, timeout=20)
    s.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n")
    t0 = time.time()
    r = Reader(s)
    resp = r.response()
    dt = time.time() - t0
    if resp is None or resp[0] != 408 or not r.closed():
        print("timeout: partial request got %s after %.1f s" % (resp and resp[0], dt))
        return 1
    print("timeout: 408 and close after %.1f s" % dt)
    return 0


def fetch_time(host, port, path="/"):
    t0 = time.time()
    s = connect(host, port, timeout=10)
    s.sendall(req(path, extra="Connection: close\r\n"))
    resp = Reader(s).response()
    s.close()
    return (resp[0] if resp else None), time.time() - t0


def cmd_idle(host, port, n, limit=5.0):
    socks = []
    for i in range(n):
        s = connect(host, port, timeout=10)
        if i % 2:
            s.sendall(b"GET /dashboard.js HTTP/1.1\r\nHost: a\r\nUser-Ag")
        socks.append(s)
    time.sleep(0.5)
    st, dt = fetch_time(host, port)
    for s in socks:
        s.close()
    if st != 200 or dt > limit:
        print("idle: with %d idle connections a new client got %s in %.2f s" % (n, st, dt))
        return 1
    print("idle: with %d idle/partial connections a new client got 200 in %.3f s" % (n, dt))
    return 0


def cmd_evict(host, port, n):
    socks = [connect(host, port, timeout=10) for _ in range(n)]
    time.sleep(0.3)
    st, dt = fetch_time(host, port)
    evicted = 0
    for s in socks:
        s.settimeout(0.5)
        try:
            if s.recv(1) == b"":
                evicted += 1
        except socket.timeout:
            pass
        except OSError:
            evicted += 1
        s.close()
    if st != 200 or evicted < 1:
        print("evict: at the limit of %d a new client got %s, %d idle evicted" % (n, st, evicted))
        return 1
    print("evict: at the limit of %d a new client got 200 in %.3f s; %d oldest idle closed" %
          (n, dt, evicted))
    return 0


KEYS = ["version", "uptime_ms", "hostname", "selftest", "interfaces", "routes",
        "arp", "sockets", "snmp", "memory", "skb", "drop_reasons", "services", "threads",
        "dhcp_leases", "dhcpd"]


def cmd_stats(host, port):
    s = connect(host, port)
    s.sendall(req("/api/stats", extra="Connection: close\r\n"))
    st, hd, body = Reader(s).response()
    try:
        doc = json.loads(body)
    except ValueError as e:
        print("stats: not JSON: %s" % e)
        return 1
    missing = [k for k in KEYS if k not in doc]
    if (st != 200 or hd.get("content-type") != "application/json" or
            hd.get("cache-control") != "no-store" or missing):
        print("stats: status %d, type %s, cache %s, missing keys %s" %
              (st, hd.get("content-type"), hd.get("cache-control"), missing))
        return 1
    print("stats: JSON with all %d documented keys, %d bytes" % (len(KEYS), len(body)))
    return 0


def cmd_firewall(host, port, ruleset_file, conntrack_file):
    """/api/firewall: the ruleset as listed and the conntrack lines, as the
    files hold them ("-": Skiff without a ruleset, both empty)."""
    s = connect(host, port)
    s.sendall(req("/api/firewall", extra="Connection: close\r\n"))
    st, hd, body = Reader(s).response()
    try:
        doc = json.loads(body)
    except ValueError as e:
        print("firewall: not JSON: %s" % e)
        return 1
    want_rs = open(ruleset_file).read() if ruleset_file != "-" else ""
    want_ct = ([l for l in open(conntrack_file).read().split("\n") if l]
               if conntrack_file != "-" else [])
    bad = []
    if st != 200 or hd.get("content-type") != "application/json" or hd.get("cache-control") != "no-store":
        bad.append("status %d, type %s, cache %s" % (st, hd.get("content-type"), hd.get("cache-control")))
    if doc.get("ruleset") != want_rs or doc.get("ruleset_error") is not None:
        bad.append("ruleset %r, error %r" % ((doc.get("ruleset") or "")[:80], doc.get("ruleset_error")))
    if doc.get("conntrack") != want_ct or doc.get("conntrack_error") is not None:
        bad.append("conntrack %r, error %r" % (doc.get("conntrack"), doc.get("conntrack_error")))
    if bad:
        print("firewall: %s" % "; ".join(bad))
        return 1
    print("firewall: the ruleset (%d bytes) and %d conntrack lines as %s holds them" %
          (len(want_rs), len(want_ct), "the kernel" if ruleset_file == "-" else "the samples"))
    return 0


def cmd_dom(path, *extra):
    """The dashboard after a refresh: tables filled from /api/stats."""
    from html.parser import HTMLParser

    class Texts(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack = []     # (tag, id) of open elements
            self.text = {}      # id -> text inside
            self.count = {}     # tag -> how many
        def handle_starttag(self, tag, attrs):
            self.count[tag] = self.count.get(tag, 0) + 1
            if tag in ("meta", "link", "br", "img", "input", "path"):
                return
            i = dict(attrs).get("id")
            self.stack.append((tag, i))
            if i:
                self.text.setdefault(i, "")
        def handle_endtag(self, tag):
            while self.stack:
                t, _ = self.stack.pop()
                if t == tag:
                    break
        def handle_data(self, data):
            for _, i in self.stack:
                if i:
                    self.text[i] += data

    p = Texts()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    want = [("interfaces", "eth0"), ("routes", "eth0"), ("overview", "Uptime"),
            ("status", "live"), ("sockets", "tcp"), ("services", "httpd"),
            ("snmp", "Ip"), ("memory", "Total"), ("drops", "NO_SOCKET"),
            ("traffic", "eth0"), ("profile", "[idle]")]
    want += [tuple(e.split("=", 1)) for e in extra]
    bad = [(i, w, p.text.get(i, "(absent)")[:80]) for i, w in want if w not in p.text.get(i, "")]
    if bad:
        for i, w, got in bad:
            print("dom: #%s lacks %r: %r" % (i, w, " ".join(got.split())))
        return 1
    rows = p.count.get("tr", 0)
    print("dom: tables populated (%d rows; #interfaces has eth0, status live)" % rows)
    return 0


def main():
    if sys.argv[1] == "dom":
        return cmd_dom(*sys.argv[2:])
    cmd, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = [int(a) if a.isdigit() else a for a in sys.argv[4:]]
    fn = globals()["cmd_" + cmd]
    try:
        return fn(host, port, *args)
    except (OSError, ValueError, TypeError) as e:
        print("%s: %s: %s" % (cmd, type(e).__name__, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
