#!/usr/bin/python3
"""Malformed iperf3 control traffic against an iperf3 server.

usage: iperf3_hostile.py HOST PORT CASE...

Each case speaks just enough of the iperf3 control protocol (cookie,
state bytes, 4-byte big-endian length + JSON) to get the server where the
case wants it, then misbehaves; the server must close the connection (after
SERVER_ERROR or ACCESS_DENIED where iperf3 would send one), promptly and
without reading past what it was sent. Prints "ok CASE: ..." or
"not ok CASE: ..." per case; exits 1 if any failed. Every wait is bounded.
"""
import random
import socket
import struct
import sys
import threading
import time

PARAM_EXCHANGE, CREATE_STREAMS, TEST_START, TEST_RUNNING = 9, 10, 1, 2
TEST_END, EXCHANGE_RESULTS = 4, 13
ACCESS_DENIED, SERVER_ERROR = 0xff, 0xfe

HOST, PORT = None, None


def cookie():
    abc = "abcdefghijklmnopqrstuvwxyz234567"
    return ("".join(random.choice(abc) for _ in range(36))).encode() + b"\0"


def connect():
    return socket.create_connection((HOST, PORT), timeout=10)


def recv_exact(s, n, timeout=10):
    s.settimeout(timeout)
    buf = b""
    while len(buf) < n:
        d = s.recv(n - len(buf))
        if not d:
            raise EOFError("closed after %r" % buf)
        buf += d
    return buf


def expect_close(s, timeout=10, expect=b""):
    """The server closes s within timeout, having sent exactly expect
    (None: anything); returns a failure text or None."""
    deadline = time.monotonic() + timeout
    got = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return "still open after %ds (got %r)" % (timeout, got)
        s.settimeout(left)
        try:
            d = s.recv(4096)
        except socket.timeout:
            continue
        except ConnectionResetError:
            d = b""
        if not d:
            break
        got += d
    if expect is not None and got != expect:
        return "closed, but sent %r instead of %r" % (got[:32], expect)
    return None


def msg(obj_text):
    if isinstance(obj_text, str):
        obj_text = obj_text.encode()
    return struct.pack(">I", len(obj_text)) + obj_text


def control(params=None):
    """A control connection past PARAM_EXCHANGE (and CREATE_STREAMS if
    params are given); returns (socket, cookie)."""
    c = cookie()
    s = connect()
    s.sendall(c)
    st = recv_exact(s, 1)[0]
    if st != PARAM_EXCHANGE:
        raise RuntimeError("expected PARAM_EXCHANGE, got %d" % st)
    if params is not None:
        s.sendall(msg(params))
        st = recv_exact(s, 1)[0]
        if st != CREATE_STREAMS:
            raise RuntimeError("expected CREATE_STREAMS, got %d" % st)
    return s, c


TCP1 = '{"tcp":true,"omit":0,"time":1,"num":0,"blockcount":0,"parallel":1,' \
       '"len":131072,"pacing_timer":1000,"client_version":"3.12"}'
SERVER_ERROR_REPLY = None   # 0xfe and two ints: checked by prefix below


def case_garbage_cookie():
    s = connect()
    s.sendall(bytes(range(1, 38)))
    return expect_close(s)


def case_http_request():
    s = connect()
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n".ljust(37, b"A"))
    return expect_close(s)


def case_short_cookie_close():
    s = connect()
    s.sendall(b"abcdefghij")
    s.close()
    return None


def case_bad_length():
    s, _ = control()
    s.sendall(b"\xff\xff\xff\xff")
    return expect_close(s)


def case_zero_length():
    s, _ = control()
    s.sendall(b"\0\0\0\0")
    return expect_close(s)


def case_over_length():
    s, _ = control()
    s.sendall(struct.pack(">I", 1 << 20) + b"{" * 1000)
    return expect_close(s)


def case_not_json():
    s, _ = control()
    s.sendall(msg("hello world!"))
    return expect_close(s)


def case_truncated_json():
    s, _ = control()
    s.sendall(struct.pack(">I", 100) + b'{"tcp":true,"time":')
    s.shutdown(socket.SHUT_WR)
    return expect_close(s)


def case_deep_json():
    s, _ = control()
    s.sendall(msg("[" * 1000 + "]" * 1000))
    return expect_close(s)


def server_error_then_close(s):
    try:
        b = recv_exact(s, 9)
    except (EOFError, OSError) as e:
        return "no SERVER_ERROR: %s" % e
    if b[0] != SERVER_ERROR:
        return "expected SERVER_ERROR, got %r" % b
    return expect_close(s)


def case_not_object():
    s, _ = control()
    s.sendall(msg("[1,2,3]"))
    return server_error_then_close(s)


def case_bad_param():
    s, _ = control()
    s.sendall(msg('{"tcp":true,"time":1,"parallel":1000,"len":131072}'))
    return server_error_then_close(s)


def case_unexpected_state():
    s, _ = control(TCP1)
    s.sendall(bytes([7]))
    return expect_close(s)


def case_early_test_end():
    s, _ = control(TCP1)
    s.sendall(bytes([TEST_END]))
    return expect_close(s)


def case_wrong_stream_cookie():
    s, _ = control(TCP1)
    d = connect()
    d.sendall(cookie())
    why = expect_close(d, expect=bytes([ACCESS_DENIED]))
    s.close()
    return why


def case_bad_results():
    s, c = control(TCP1)
    d = connect()
    d.sendall(c)
    if recv_exact(s, 2) != bytes([TEST_START, TEST_RUNNING]):
        return "no TEST_START, TEST_RUNNING"
    d.sendall(b"x" * 100000)
    s.sendall(bytes([TEST_END]))
    if recv_exact(s, 1)[0] != EXCHANGE_RESULTS:
        return "no EXCHANGE_RESULTS"
    s.sendall(msg("xxxxx"))
    why = expect_close(s)
    d.close()
    return why


def case_busy():
    """Run while a real client's test is running: a second client is
    refused with ACCESS_DENIED."""
    s = connect()
    s.sendall(cookie())
    return expect_close(s, expect=bytes([ACCESS_DENIED]))


def case_silence():
    """A connection that never completes its cookie, and a control
    connection that never sends its parameters, are both dropped."""
    results = {}

    def half_cookie():
        try:
            s = connect()
            s.sendall(b"abcde")
            results["half cookie"] = expect_close(s, timeout=25)
        except Exception as e:
            results["half cookie"] = "%s: %s" % (type(e).__name__, e)

    def no_params():
        try:
            s, _ = control()
            results["no parameters"] = expect_close(s, timeout=25)
        except Exception as e:
            results["no parameters"] = "%s: %s" % (type(e).__name__, e)

    ts = [threading.Thread(target=f) for f in (half_cookie, no_params)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(40)
    bad = ["%s: %s" % (k, v) for k, v in results.items() if v]
    if len(results) != 2:
        bad.append("a check did not finish")
    return "; ".join(bad) or None


def main():
    global HOST, PORT
    if len(sys.argv) < 4:
        print(__doc__.strip().splitlines()[2])
        return 2
    HOST, PORT = sys.argv[1], int(sys.argv[2])
    failed = 0
    for name in sys.argv[3:]:
        fn = globals().get("case_" + name.replace("-", "_"))
        if fn is None:
            print("not ok %s: no such case" % name)
            failed += 1
            continue
        t0 = time.monotonic()
        try:
            why = fn()
        except Exception as e:  # a refused connection, a protocol surprise
            why = "%s: %s" % (type(e).__name__, e)
        dt = time.monotonic() - t0
        if why:
            failed += 1
            print("not ok %s: %s" % (name, why))
        else:
            print("ok %s (%.1f s)" % (name, dt))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
